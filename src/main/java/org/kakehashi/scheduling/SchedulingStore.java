package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SQL for the {@code slot}, {@code availability}, {@code host} and {@code session} tables. */
public final class SchedulingStore {

  /** A slot, the viewer's own answer, and the Japanese national holiday it falls on (in Japan time), if any. */
  public record SlotView(long id, OffsetDateTime startsAt, OffsetDateTime endsAt, String myAnswer, String holiday) {
    static SlotView of(long id, OffsetDateTime startsAt, OffsetDateTime endsAt, String myAnswer) {
      return new SlotView(id, startsAt, endsAt, myAnswer,
          JapaneseHolidays.name(startsAt.atZoneSameInstant(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate()));
    }
  }

  public record Host(long id, String name, String zoomUserId) {
  }

  private static final String SESSION = """
      SELECT s.id, s.round_id, s.pair_id, s.starts_at, s.ends_at, s.host_id, s.facilitator_id, s.capacity,
             s.signup_opens_at, s.signup_closes_at, s.join_url, s.status, s.sequence, s.seats_taken, s.open_to_all,
             s.center_quota,
             (SELECT count(*) FROM registration w WHERE w.session_id = s.id AND w.status = 'waitlisted') AS waitlisted,
             (SELECT array_agg(m.center_id ORDER BY m.center_id) FROM pair_member m WHERE m.pair_id = s.pair_id) AS centers
        FROM session s
      """;

  private SchedulingStore() {
  }

  public static Future<List<SlotView>> createSlots(SqlClient tx, long roundId, List<OffsetDateTime> starts, List<Integer> minutes) {
    OffsetDateTime[] st = starts.toArray(OffsetDateTime[]::new);
    Integer[] mins = minutes.toArray(Integer[]::new);
    return tx.preparedQuery("""
            INSERT INTO slot (round_id, starts_at, ends_at)
            SELECT $1, u.s, u.s + u.m * interval '1 minute' FROM unnest($2::timestamptz[], $3::int[]) AS u(s, m)
            ON CONFLICT (round_id, starts_at, ends_at) DO UPDATE SET starts_at = EXCLUDED.starts_at
            RETURNING id, starts_at, ends_at""")
        .execute(Tuple.of(roundId, st, mins))
        .map(rows -> {
          List<SlotView> list = new ArrayList<>();
          rows.forEach(r -> list.add(SlotView.of(r.getLong("id"), r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"), null)));
          return list;
        });
  }

  public static Future<List<SlotView>> slots(SqlClient client, long roundId, long personId) {
    return client.preparedQuery("""
            SELECT s.id, s.starts_at, s.ends_at, a.answer FROM slot s
              LEFT JOIN availability a ON a.slot_id = s.id AND a.person_id = $2
             WHERE s.round_id = $1 ORDER BY s.starts_at, s.id""")
        .execute(Tuple.of(roundId, personId))
        .map(rows -> {
          List<SlotView> list = new ArrayList<>();
          rows.forEach(r -> list.add(SlotView.of(r.getLong("id"), r.getOffsetDateTime("starts_at"),
              r.getOffsetDateTime("ends_at"), r.getString("answer"))));
          return list;
        });
  }

  /** The round of a slot, or a 404. */
  public static Future<Long> roundOfSlot(SqlClient client, long slotId) {
    return client.preparedQuery("SELECT round_id FROM slot WHERE id = $1").execute(Tuple.of(slotId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("Slot");
          }
          return rows.iterator().next().getLong("round_id");
        });
  }

  /** Whether the person's center is in a published pair of the round. */
  public static Future<Boolean> inPairedCenter(SqlClient client, long roundId, Long centerId) {
    if (centerId == null) {
      return Future.succeededFuture(false);
    }
    return client.preparedQuery("SELECT 1 FROM pair_member WHERE round_id = $1 AND center_id = $2")
        .execute(Tuple.of(roundId, centerId)).map(rows -> rows.size() > 0);
  }

  public static Future<Void> answer(SqlClient client, long slotId, long personId, String answer) {
    return client.preparedQuery("""
            INSERT INTO availability (slot_id, person_id, answer) VALUES ($1, $2, $3)
            ON CONFLICT (slot_id, person_id) DO UPDATE SET answer = EXCLUDED.answer, updated_at = now()""")
        .execute(Tuple.of(slotId, personId, answer)).mapEmpty();
  }

  public static Future<List<Host>> hosts(SqlClient client) {
    return client.query("SELECT id, name, zoom_user_id FROM host ORDER BY id").execute()
        .map(rows -> {
          List<Host> list = new ArrayList<>();
          rows.forEach(r -> list.add(new Host(r.getLong("id"), r.getString("name"), r.getString("zoom_user_id"))));
          return list;
        });
  }

  public static Future<Host> createHost(SqlClient client, String name, String zoomUserId) {
    return client.preparedQuery("INSERT INTO host (name, zoom_user_id) VALUES ($1, $2) RETURNING id")
        .execute(Tuple.of(name, zoomUserId))
        .map(rows -> new Host(rows.iterator().next().getLong("id"), name, zoomUserId));
  }

  /**
   * The planner's input for a round: demand per pair, slots (with the licences other rounds already
   * use then), facilitators' slots; licences are the hosts, by their index in {@code hostIds}.
   */
  public static Future<SlotPlanner.Input> plannerInput(SqlClient client, long roundId, List<Long> hostIds) {
    int licences = hostIds.size();
    Future<Map<Long, Map<Long, int[]>>> demand = client.preparedQuery("""
            SELECT pm.pair_id, pm.center_id, s.id AS slot_id,
                   coalesce(sum(CASE a.answer WHEN 'yes' THEN 2 WHEN 'maybe' THEN 1 ELSE 0 END), 0) AS halves
              FROM pair_member pm
              CROSS JOIN slot s
              LEFT JOIN person p ON p.center_id = pm.center_id
              LEFT JOIN availability a ON a.person_id = p.id AND a.slot_id = s.id
             WHERE pm.round_id = $1 AND s.round_id = $1
             GROUP BY pm.pair_id, pm.center_id, s.id
             ORDER BY pm.pair_id, pm.center_id, s.id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          // pair → slot → halves per center (in center order)
          Map<Long, Map<Long, List<Integer>>> acc = new LinkedHashMap<>();
          for (Row r : rows) {
            acc.computeIfAbsent(r.getLong("pair_id"), k -> new LinkedHashMap<>())
                .computeIfAbsent(r.getLong("slot_id"), k -> new ArrayList<>()).add(r.getLong("halves").intValue());
          }
          Map<Long, Map<Long, int[]>> out = new LinkedHashMap<>();
          acc.forEach((pair, bySlot) -> {
            Map<Long, int[]> m = new HashMap<>();
            bySlot.forEach((slot, list) -> m.put(slot, list.stream().mapToInt(Integer::intValue).toArray()));
            out.put(pair, m);
          });
          return out;
        });
    Future<List<SlotPlanner.Slot>> slots = client.preparedQuery("""
            SELECT sl.id, sl.starts_at, sl.ends_at,
                   ARRAY(SELECT DISTINCT x.host_id FROM session x
                          WHERE (x.round_id <> $1 OR x.status = 'held') AND x.status <> 'cancelled' AND x.host_id IS NOT NULL
                            AND tstzrange(x.starts_at, x.ends_at) && tstzrange(sl.starts_at, sl.ends_at)) AS busy
              FROM slot sl WHERE sl.round_id = $1 ORDER BY sl.starts_at, sl.id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<SlotPlanner.Slot> list = new ArrayList<>();
          for (Row r : rows) {
            java.util.Set<Integer> busy = new java.util.HashSet<>();
            for (Long host : r.getArrayOfLongs("busy")) {
              int index = hostIds.indexOf(host);
              if (index >= 0) {
                busy.add(index);
              }
            }
            list.add(new SlotPlanner.Slot(r.getLong("id"), r.getOffsetDateTime("starts_at").toEpochSecond(),
                r.getOffsetDateTime("ends_at").toEpochSecond(), busy));
          }
          return list;
        });
    Future<List<SlotPlanner.Facilitator>> facilitators = client.preparedQuery("""
            SELECT p.id, array_agg(a.slot_id ORDER BY a.slot_id) AS slots
              FROM person p
              JOIN availability a ON a.person_id = p.id AND a.answer IN ('yes', 'maybe')
              JOIN slot s ON s.id = a.slot_id AND s.round_id = $1
             WHERE 'facilitator' = ANY (p.roles)
               AND NOT EXISTS (SELECT 1 FROM session h WHERE h.facilitator_id = p.id AND h.status = 'held'
                                  AND tstzrange(h.starts_at, h.ends_at) && tstzrange(s.starts_at, s.ends_at))
             GROUP BY p.id ORDER BY p.id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<SlotPlanner.Facilitator> list = new ArrayList<>();
          rows.forEach(r -> list.add(new SlotPlanner.Facilitator(r.getLong("id"), Arrays.asList(r.getArrayOfLongs("slots")))));
          return list;
        });
    // A pair whose session has been held is done: re-planning leaves it (and its licence and facilitator) alone.
    Future<List<Long>> pairs = client.preparedQuery("SELECT id FROM pair WHERE round_id = $1"
            + " AND NOT EXISTS (SELECT 1 FROM session h WHERE h.pair_id = pair.id AND h.status = 'held') ORDER BY id")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getLong("id")));
          return ids;
        });
    return Future.all(demand, slots, facilitators, pairs).map(v -> {
      List<SlotPlanner.PairDemand> demands = new ArrayList<>();
      for (Long pair : pairs.result()) {
        demands.add(new SlotPlanner.PairDemand(pair, demand.result().getOrDefault(pair, Map.of())));
      }
      return new SlotPlanner.Input(demands, slots.result(), licences, facilitators.result());
    });
  }

  /**
   * Applies the plan: a session per placed pair (kept, with its id and calendar UID, when the pair
   * already had one; its SEQUENCE raised when its time, licence or facilitator changed), and the
   * round's other scheduled sessions cancelled. Returns the ids of the sessions whose participants
   * must hear about it (new or changed), and of those cancelled. The database refuses a licence or
   * facilitator used twice (checked at commit).
   */
  public static Future<Changes> saveSessions(SqlClient tx, long roundId, SlotPlanner.Input in, SlotPlanner.Result plan,
                                             List<Long> hostIds) {
    Map<Long, SlotPlanner.Slot> slots = new HashMap<>();
    in.slots().forEach(s -> slots.put(s.id(), s));
    int n = plan.sessions().size();
    Long[] pair = new Long[n];
    OffsetDateTime[] start = new OffsetDateTime[n];
    OffsetDateTime[] end = new OffsetDateTime[n];
    Long[] host = new Long[n];
    Long[] fac = new Long[n];
    for (int i = 0; i < n; i++) {
      SlotPlanner.Placement p = plan.sessions().get(i);
      SlotPlanner.Slot s = slots.get(p.slotId());
      pair[i] = p.pairId();
      start[i] = java.time.Instant.ofEpochSecond(s.startEpochSecond()).atOffset(java.time.ZoneOffset.UTC);
      end[i] = java.time.Instant.ofEpochSecond(s.endEpochSecond()).atOffset(java.time.ZoneOffset.UTC);
      host[i] = hostIds.get(p.licence());
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

  /** Sessions planned, those of them that are new or changed (to be announced), and those cancelled. */
  public record Changes(List<Long> planned, List<Long> changed, List<Long> cancelled) {
  }

  /**
   * The people to be told about the given sessions: the staff of their centers, everyone with a
   * confirmed seat (whatever their center) and the facilitator; {@code mayJoin} for those who may see
   * the join link (a confirmed seat, or running it).
   */
  public record Participant(long sessionId, long personId, String email, String name, String locale, boolean mayJoin) {
  }

  public static Future<List<Participant>> participants(SqlClient client, List<Long> sessionIds) {
    return client.preparedQuery("""
            SELECT s.id AS session_id, p.id AS person_id, p.email::text AS email, p.name, p.locale,
                   bool_or(x.may_join) AS may_join
              FROM session s
              JOIN LATERAL (SELECT p.id AS person_id, false AS may_join
                              FROM pair_member m JOIN person p ON p.center_id = m.center_id WHERE m.pair_id = s.pair_id
                            UNION ALL
                            SELECT g.person_id, true FROM registration g WHERE g.session_id = s.id AND g.status = 'confirmed'
                            UNION ALL
                            SELECT s.facilitator_id, true WHERE s.facilitator_id IS NOT NULL) x ON true
              JOIN person p ON p.id = x.person_id
             WHERE s.id = ANY ($1)
             GROUP BY s.id, p.id ORDER BY s.id, p.id""")
        .execute(Tuple.of((Object) sessionIds.toArray(Long[]::new)))
        .map(rows -> {
          List<Participant> list = new ArrayList<>();
          rows.forEach(r -> list.add(new Participant(r.getLong("session_id"), r.getLong("person_id"), r.getString("email"),
              r.getString("name"), r.getString("locale"), r.getBoolean("may_join"))));
          return list;
        });
  }

  public static Future<List<Session>> sessions(SqlClient client, long roundId) {
    return client.preparedQuery(SESSION + " WHERE s.round_id = $1 ORDER BY s.starts_at, s.id").execute(Tuple.of(roundId))
        .map(rows -> {
          List<Session> list = new ArrayList<>();
          rows.forEach(r -> list.add(map(r)));
          return list;
        });
  }

  public static Future<Session> session(SqlClient client, long id) {
    return client.preparedQuery(SESSION + " WHERE s.id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("Session");
          }
          return map(rows.iterator().next());
        });
  }

  /** A coordinator's edit of a session; every change raises the calendar SEQUENCE. */
  public static Future<Session> update(SqlClient tx, long id, SessionChange c, boolean quotaGiven) {
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
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("Session")) : session(tx, id));
  }

  /**
   * The fields a coordinator may change; null leaves a field as it is (0 / "" clears a reference or the
   * link). {@code centerQuota}, when the request names it ({@code quotaGiven}), null or 0 clears it.
   */
  public record SessionChange(OffsetDateTime startsAt, OffsetDateTime endsAt, Integer capacity, Long facilitatorId,
                              Long hostId, String joinUrl, OffsetDateTime signupOpensAt, OffsetDateTime signupClosesAt,
                              Boolean openToAll, Integer centerQuota) {
  }

  /**
   * The coordinator's grid: for each pair, each center (with its time zone) and its people's
   * answers per slot. Rows: pair, center, person (null when the center has nobody), slot, answer.
   */
  public static Future<io.vertx.sqlclient.RowSet<Row>> grid(SqlClient client, long roundId) {
    return client.preparedQuery("""
            SELECT pm.pair_id, c.id AS center_id, c.name AS center, c.time_zone, c.closed_weekdays,
                   p.id AS person_id, p.name AS person,
                   a.slot_id, a.answer
              FROM pair_member pm
              JOIN center c ON c.id = pm.center_id
              LEFT JOIN person p ON p.center_id = c.id
              LEFT JOIN availability a ON a.person_id = p.id AND a.slot_id IN (SELECT id FROM slot WHERE round_id = $1)
             WHERE pm.round_id = $1
             ORDER BY pm.pair_id, c.id, p.id, a.slot_id""")
        .execute(Tuple.of(roundId));
  }

  /** The sessions among {@code ids} in which the person has a confirmed seat (they may see the join link). */
  public static Future<java.util.Set<Long>> confirmedIn(SqlClient client, long personId, List<Long> ids) {
    return client.preparedQuery("SELECT session_id FROM registration WHERE person_id = $1 AND status = 'confirmed'"
            + " AND session_id = ANY ($2)")
        .execute(Tuple.of(personId, (Object) ids.toArray(Long[]::new)))
        .map(rows -> {
          java.util.Set<Long> set = new java.util.HashSet<>();
          rows.forEach(r -> set.add(r.getLong("session_id")));
          return set;
        });
  }

  /**
   * A person's feed: every session they are registered for (confirmed or waiting) or facilitate,
   * whatever its centers, and their center's sessions; the join link where they may join.
   */
  public static Future<List<SessionCalendar.Entry>> feed(SqlClient client, long personId, String publicUrl) {
    return client.preparedQuery(SESSION.replace("FROM session s", ", r.title,"
                + " (s.facilitator_id = $1 OR EXISTS (SELECT 1 FROM registration g WHERE g.session_id = s.id"
                + " AND g.person_id = $1 AND g.status = 'confirmed')) AS may_join"
                + " FROM session s JOIN round r ON r.id = s.round_id")
            + " WHERE s.facilitator_id = $1"
            + " OR s.id IN (SELECT g.session_id FROM registration g WHERE g.person_id = $1 AND g.status IN ('confirmed', 'waitlisted'))"
            + " OR s.pair_id IN (SELECT m.pair_id FROM pair_member m"
            + " WHERE m.center_id = (SELECT center_id FROM person WHERE id = $1)) ORDER BY s.starts_at, s.id")
        .execute(Tuple.of(personId))
        .map(rows -> {
          List<SessionCalendar.Entry> list = new ArrayList<>();
          for (Row r : rows) {
            Session s = map(r);
            String link = publicUrl + "/#/sessions/" + s.id();
            list.add(new SessionCalendar.Entry(s, r.getString("title"), null, link,
                Boolean.TRUE.equals(r.getBoolean("may_join")) ? s.joinUrl() : null));
          }
          return list;
        });
  }

  /** A new secret feed token for the person (the old one stops working); returns the token. */
  public static Future<String> rotateFeed(SqlClient client, long personId) {
    String token = org.kakehashi.platform.Sessions.token();
    return client.preparedQuery("INSERT INTO calendar_feed (person_id, token_hash) VALUES ($1, $2)"
            + " ON CONFLICT (person_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()")
        .execute(Tuple.of(personId, org.kakehashi.platform.Sessions.hash(token)))
        .map(token);
  }

  /** The person a feed token belongs to, or a 404. */
  public static Future<Long> feedOwner(SqlClient client, String token) {
    return client.preparedQuery("SELECT person_id FROM calendar_feed WHERE token_hash = $1")
        .execute(Tuple.of(org.kakehashi.platform.Sessions.hash(token)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("This calendar feed");
          }
          return rows.iterator().next().getLong("person_id");
        });
  }

  static Session map(Row r) {
    Long[] centers = r.getArrayOfLongs("centers");
    return new Session(r.getLong("id"), r.getLong("round_id"), r.getLong("pair_id"),
        centers == null ? List.of() : Arrays.asList(centers), r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at"),
        r.getLong("host_id"), r.getLong("facilitator_id"), r.getInteger("capacity"), r.getInteger("seats_taken"),
        r.getLong("waitlisted").intValue(), r.getOffsetDateTime("signup_opens_at"), r.getOffsetDateTime("signup_closes_at"),
        r.getString("join_url"), r.getString("status"), r.getInteger("sequence"), r.getBoolean("open_to_all"),
        r.getInteger("center_quota"));
  }
}
