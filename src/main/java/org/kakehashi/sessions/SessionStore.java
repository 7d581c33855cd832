package org.kakehashi.sessions;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SQL for the {@code session} table: every write to it is here (planning, a coordinator's edit,
 * seats, Zoom's meeting, room sizes, held, reminders), so each status change follows
 * {@link SessionStatus}. Other capabilities read the table in their own queries but change it only
 * through this class.
 */
public final class SessionStore {

  /** The columns of {@link Session}, for queries that read sessions ({@code FROM session s}). */
  public static final String SELECT = """
      SELECT s.id, s.round_id, s.pair_id, s.starts_at, s.ends_at, s.host_id, s.facilitator_id, s.capacity,
             s.signup_opens_at, s.signup_closes_at, s.join_url, s.status, s.sequence, s.seats_taken, s.open_to_all,
             s.center_quota,
             (SELECT count(*) FROM registration w WHERE w.session_id = s.id AND w.status = 'waitlisted') AS waitlisted,
             (SELECT array_agg(m.center_id ORDER BY m.center_id) FROM pair_member m WHERE m.pair_id = s.pair_id) AS centers
        FROM session s
      """;

  private SessionStore() {
  }

  public static Future<List<Session>> ofRound(SqlClient client, long roundId) {
    return client.preparedQuery(SELECT + " WHERE s.round_id = $1 ORDER BY s.starts_at, s.id").execute(Tuple.of(roundId))
        .map(rows -> {
          List<Session> list = new ArrayList<>();
          rows.forEach(r -> list.add(map(r)));
          return list;
        });
  }

  /** The session, or a 404. */
  public static Future<Session> get(SqlClient client, long id) {
    return client.preparedQuery(SELECT + " WHERE s.id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("Session");
          }
          return map(rows.iterator().next());
        });
  }

  /** Locks the session's row until the transaction ends (sign-up and cancellation take it in this order). */
  public static Future<Void> lock(SqlClient tx, long id) {
    return tx.preparedQuery("SELECT id FROM session WHERE id = $1 FOR UPDATE").execute(Tuple.of(id)).mapEmpty();
  }

  // ---- planning ----------------------------------------------------------------------------------

  /** One session of a plan: its pair, time, host licence and facilitator. */
  public record Planned(long pairId, OffsetDateTime startsAt, OffsetDateTime endsAt, Long hostId, Long facilitatorId) {
  }

  /** Sessions planned, those of them that are new or changed (to be announced), and those cancelled. */
  public record Changes(List<Long> planned, List<Long> changed, List<Long> cancelled) {
  }

  /**
   * Applies a plan: a session per planned pair (kept, with its id and calendar UID, when the pair
   * already had one — a cancelled one scheduled again, a held one left alone; its SEQUENCE raised
   * when its time, licence or facilitator changed), and the round's other scheduled sessions
   * cancelled. The database refuses a licence or facilitator used twice (checked at commit).
   */
  public static Future<Changes> savePlan(SqlClient tx, long roundId, List<Planned> plan) {
    int n = plan.size();
    Long[] pair = new Long[n];
    OffsetDateTime[] start = new OffsetDateTime[n];
    OffsetDateTime[] end = new OffsetDateTime[n];
    Long[] host = new Long[n];
    Long[] fac = new Long[n];
    for (int i = 0; i < n; i++) {
      Planned p = plan.get(i);
      pair[i] = p.pairId();
      start[i] = p.startsAt();
      end[i] = p.endsAt();
      host[i] = p.hostId();
      fac[i] = p.facilitatorId();
    }
    return tx.preparedQuery("""
            WITH planned AS (
              INSERT INTO session (round_id, pair_id, starts_at, ends_at, host_id, facilitator_id, signup_closes_at)
              SELECT $1, u.p, u.s, u.e, u.h, u.f, u.s - interval '1 day'
                FROM unnest($2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::bigint[], $6::bigint[]) AS u(p, s, e, h, f)
              ON CONFLICT (pair_id) DO UPDATE
                 SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, host_id = EXCLUDED.host_id,
                     facilitator_id = EXCLUDED.facilitator_id, status = 'scheduled', updated_at = now(),
                     sequence = session.sequence + CASE WHEN session.status = 'cancelled'
                       OR (session.starts_at, session.ends_at, session.host_id, session.facilitator_id)
                          IS DISTINCT FROM (EXCLUDED.starts_at, EXCLUDED.ends_at, EXCLUDED.host_id, EXCLUDED.facilitator_id)
                       THEN 1 ELSE 0 END
               WHERE session.status <> 'held'
              RETURNING id, (xmax = 0) AS created, sequence)
            -- The outer query still sees the rows as they were before this statement.
            SELECT id, created OR sequence > coalesce((SELECT x.sequence FROM session x WHERE x.id = planned.id), -1) AS news
              FROM planned""")
        .execute(Tuple.of(roundId, pair, start, end, host, fac))
        .compose(rows -> {
          List<Long> planned = new ArrayList<>();
          List<Long> news = new ArrayList<>();
          rows.forEach(r -> {
            planned.add(r.getLong("id"));
            if (r.getBoolean("news")) {
              news.add(r.getLong("id"));
            }
          });
          return tx.preparedQuery("""
                  UPDATE session SET status = 'cancelled', sequence = sequence + 1, updated_at = now()
                   WHERE round_id = $1 AND status = 'scheduled' AND NOT (id = ANY ($2)) RETURNING id""")
              .execute(Tuple.of(roundId, (Object) planned.toArray(Long[]::new)))
              .map(cancelledRows -> {
                List<Long> cancelled = new ArrayList<>();
                cancelledRows.forEach(r -> cancelled.add(r.getLong("id")));
                return new Changes(planned, news, cancelled);
              });
        });
  }

  /**
   * The fields a coordinator may change; null leaves a field as it is (0 / "" clears a reference or the
   * link). {@code centerQuota}, when the request names it ({@code quotaGiven}), null or 0 clears it.
   */
  public record Change(OffsetDateTime startsAt, OffsetDateTime endsAt, Integer capacity, Long facilitatorId,
                       Long hostId, String joinUrl, OffsetDateTime signupOpensAt, OffsetDateTime signupClosesAt,
                       Boolean openToAll, Integer centerQuota) {
  }

  /** A coordinator's edit of a session; every change raises the calendar SEQUENCE. */
  public static Future<Session> update(SqlClient tx, long id, Change c, boolean quotaGiven) {
    // A hand edit touches one session: check the double-booking constraints now, not at commit.
    return tx.query("SET CONSTRAINTS session_host_free, session_facilitator_free IMMEDIATE").execute()
        .compose(v -> tx.preparedQuery("""
            UPDATE session SET
              starts_at = coalesce($2, starts_at), ends_at = coalesce($3, ends_at), capacity = coalesce($4, capacity),
              facilitator_id = CASE WHEN $5 THEN $6 ELSE facilitator_id END,
              host_id = CASE WHEN $7 THEN $8 ELSE host_id END,
              join_url = CASE WHEN $9 THEN $10 ELSE join_url END,
              signup_opens_at = CASE WHEN $11 THEN $12 ELSE signup_opens_at END,
              signup_closes_at = CASE WHEN $13 THEN $14 ELSE signup_closes_at END,
              open_to_all = coalesce($15, open_to_all),
              center_quota = CASE WHEN $16 THEN $17 ELSE center_quota END,
              sequence = sequence + 1, updated_at = now()
             WHERE id = $1""")
        .execute(Tuple.tuple(Arrays.asList(id, c.startsAt(), c.endsAt(), c.capacity(),
            c.facilitatorId() != null, c.facilitatorId() == null || c.facilitatorId() == 0 ? null : c.facilitatorId(),
            c.hostId() != null, c.hostId() == null || c.hostId() == 0 ? null : c.hostId(),
            c.joinUrl() != null, c.joinUrl() == null || c.joinUrl().isBlank() ? null : c.joinUrl(),
            c.signupOpensAt() != null, c.signupOpensAt(), c.signupClosesAt() != null, c.signupClosesAt(), c.openToAll(),
            quotaGiven, c.centerQuota() == null || c.centerQuota() == 0 ? null : c.centerQuota()))))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("Session")) : get(tx, id));
  }

  // ---- seats (sign-up keeps its one-statement path by embedding these) -------------------------------

  /**
   * A data-modifying CTE body taking one seat of session {@code $1} when one is free and
   * {@code condition} (SQL over {@code s}) holds, {@code RETURNING s.id}: sign-up embeds it in its
   * one-statement registration, so a seat and a registration are one round trip. The conditional
   * UPDATE serialises on the session's row: two people never get the last seat.
   */
  public static String takeSeatWhere(String condition) {
    return "UPDATE session s SET seats_taken = seats_taken + 1"
        + " WHERE s.id = $1 AND s.seats_taken < s.capacity AND (" + condition + ") RETURNING s.id";
  }

  /**
   * A data-modifying CTE body taking {@code n} seats of each session named by {@code counts} (SQL of a
   * relation with columns {@code session_id, n}) when that many are free, {@code RETURNING s.id}: the
   * batched sign-up's form of {@link #takeSeatWhere}. The caller holds the sessions' rows
   * ({@link #lockAll}), so the free seats it counted are the free seats now; the CHECK on the
   * table is the last line of defence.
   */
  public static String takeSeatsFrom(String counts) {
    return "UPDATE session s SET seats_taken = s.seats_taken + c.n FROM (" + counts + ") c"
        + " WHERE s.id = c.session_id AND s.seats_taken + c.n <= s.capacity RETURNING s.id";
  }

  /**
   * Locks the rows of the sessions {@code ids} in id order until the transaction ends (a batch of
   * sign-ups for several sessions; the same order everywhere, so two batches cannot deadlock).
   */
  public static Future<Void> lockAll(SqlClient tx, List<Long> ids) {
    return tx.preparedQuery("SELECT id FROM session WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE")
        .execute(Tuple.of(ids.toArray(Long[]::new))).mapEmpty();
  }

  /** A CTE body locking session {@code $1}'s row (sign-ups embed it so that they queue up one after another). */
  public static final String LOCK_ROW = "SELECT id FROM session WHERE id = $1 FOR UPDATE";

  /** Gives a seat back (a confirmed registration was removed). */
  public static Future<Void> releaseSeat(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE session SET seats_taken = seats_taken - 1 WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  // ---- Zoom's meeting ----------------------------------------------------------------------------

  /** Records a Zoom meeting whose host user is not known (taken to be on the session's host licence). */
  public static Future<Void> meetingCreated(SqlClient client, long id, String meetingId, String joinUrl) {
    return meetingCreated(client, id, meetingId, joinUrl, null);
  }

  /** Records the Zoom meeting created for the session on Zoom user {@code zoomUser} (once: a second creation is ignored); raises SEQUENCE. */
  public static Future<Void> meetingCreated(SqlClient client, long id, String meetingId, String joinUrl, String zoomUser) {
    return client.preparedQuery("UPDATE session SET zoom_meeting_id = $2, zoom_meeting_user = $4,"
            + " join_url = coalesce(join_url, $3), sequence = sequence + 1, updated_at = now()"
            + " WHERE id = $1 AND zoom_meeting_id IS NULL")
        .execute(Tuple.of(id, meetingId, joinUrl, zoomUser)).mapEmpty();
  }

  /**
   * As {@link #meetingCreated(SqlClient, long, String, String, String)}; true when this call recorded the
   * meeting and its join link became the session's (there was none before), so calendars holding no link
   * must be sent it.
   */
  public static Future<Boolean> meetingCreatedLinked(SqlClient client, long id, String meetingId, String joinUrl, String zoomUser) {
    return client.preparedQuery("""
            WITH old AS (SELECT join_url FROM session WHERE id = $1 FOR UPDATE)
            UPDATE session SET zoom_meeting_id = $2, zoom_meeting_user = $4,
                   join_url = coalesce(join_url, $3), sequence = sequence + 1, updated_at = now()
             WHERE id = $1 AND zoom_meeting_id IS NULL
            RETURNING (SELECT join_url FROM old) IS NULL AND $3::text IS NOT NULL AS linked""")
        .execute(Tuple.of(id, meetingId, joinUrl, zoomUser))
        .map(rows -> rows.size() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("linked")));
  }

  /**
   * Records that the session's meeting moved to another host licence: the meeting {@code from} was
   * replaced by {@code meetingId} on {@code zoomUser}, with its own join link; raises SEQUENCE. Only
   * while {@code from} is still the recorded meeting, so a repeated delivery changes nothing; true when
   * this call recorded it.
   */
  public static Future<Boolean> meetingMoved(SqlClient client, long id, String from, String meetingId, String joinUrl, String zoomUser) {
    return client.preparedQuery("UPDATE session SET zoom_meeting_id = $3, zoom_meeting_user = $5,"
            + " join_url = coalesce($4, join_url), sequence = sequence + 1, updated_at = now()"
            + " WHERE id = $1 AND zoom_meeting_id = $2")
        .execute(Tuple.of(id, from, meetingId, joinUrl, zoomUser)).map(rows -> rows.rowCount() == 1);
  }

  /** Forgets the Zoom meeting of a cancelled session (deleted at Zoom). */
  public static Future<Void> meetingDeleted(SqlClient client, long id) {
    return client.preparedQuery("UPDATE session SET zoom_meeting_id = NULL, zoom_meeting_user = NULL, join_url = NULL WHERE id = $1")
        .execute(Tuple.of(id)).mapEmpty();
  }

  // ---- rooms ---------------------------------------------------------------------------------------

  /** The room sizes the session's last assignment used. */
  public static Future<Void> setRoomSizes(SqlClient tx, long id, int minSize, int maxSize) {
    return tx.preparedQuery("UPDATE session SET room_min_size = $2, room_max_size = $3 WHERE id = $1")
        .execute(Tuple.of(id, minSize, maxSize)).mapEmpty();
  }

  // ---- held ----------------------------------------------------------------------------------------

  /** Marks one scheduled session held now; true when this call did it (false: already held or cancelled). */
  public static Future<Boolean> markHeld(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE session SET status = 'held', held_at = now(), updated_at = now()"
            + " WHERE id = $1 AND status = 'scheduled' RETURNING id")
        .execute(Tuple.of(id)).map(rows -> rows.size() == 1);
  }

  /** Marks a scheduled session held as of its end (demo data: as the ticker would have). */
  public static Future<Void> markHeldAtEnd(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE session SET status = 'held', held_at = ends_at, updated_at = now()"
            + " WHERE id = $1 AND status = 'scheduled'")
        .execute(Tuple.of(id)).mapEmpty();
  }

  /**
   * Claims at most {@code limit} scheduled sessions whose end has passed and marks them held, in one
   * statement: rows another instance is claiming are skipped, and a row it has claimed is no longer
   * scheduled, so each session is claimed once.
   */
  public static Future<List<Long>> markEndedHeld(SqlClient tx, int limit) {
    return tx.preparedQuery("""
            UPDATE session SET status = 'held', held_at = now(), updated_at = now()
             WHERE id IN (SELECT id FROM session WHERE status = 'scheduled' AND ends_at <= now()
                           ORDER BY ends_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id""")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getLong("id")));
          return ids;
        });
  }

  /** Takes the right to send a reflection reminder for the session (at most one an hour); false when one went out recently. */
  public static Future<Boolean> claimReflectionReminder(SqlClient tx, long id) {
    return tx.preparedQuery("UPDATE session SET reflections_reminded_at = now() WHERE id = $1"
            + " AND (reflections_reminded_at IS NULL OR reflections_reminded_at < now() - interval '1 hour') RETURNING id")
        .execute(Tuple.of(id)).map(rows -> rows.size() == 1);
  }

  public static Session map(Row r) {
    Long[] centers = r.getArrayOfLongs("centers");
    return new Session(r.getLong("id"), r.getLong("round_id"), r.getLong("pair_id"),
        centers == null ? List.of() : Arrays.asList(centers), r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"),
        r.getLong("host_id"), r.getLong("facilitator_id"), r.getInteger("capacity"), r.getInteger("seats_taken"),
        r.getLong("waitlisted").intValue(), r.getOffsetDateTime("signup_opens_at"), r.getOffsetDateTime("signup_closes_at"),
        r.getString("join_url"), r.getString("status"), r.getInteger("sequence"), r.getBoolean("open_to_all"),
        r.getInteger("center_quota"));
  }
}
