package org.kakehashi.signup;

import org.kakehashi.sessions.SessionStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.List;

/** SQL for the {@code registration} table (the seat count of a session is taken and given back through {@link SessionStore}). */
public final class RegistrationStore {

  private RegistrationStore() {
  }

  /** The person's registration with its waitlist position (gapless: the rank among those waiting), or null. */
  public static Future<Registration> find(SqlClient client, long sessionId, long personId) {
    return client.preparedQuery("""
            SELECT r.status, r.topics, r.zoom_email, r.zoom_email_confirmed,
                   CASE WHEN r.status = 'waitlisted' THEN
                     (SELECT count(*) FROM registration w WHERE w.session_id = r.session_id AND w.status = 'waitlisted'
                         AND w.waitlist_seq <= r.waitlist_seq) END AS position
              FROM registration r WHERE r.session_id = $1 AND r.person_id = $2""")
        .execute(Tuple.of(sessionId, personId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          Long position = r.getLong("position");
          return new Registration(sessionId, personId, r.getString("status"), position == null ? null : position.intValue(),
              Arrays.asList(r.getArrayOfStrings("topics")), r.getString("zoom_email"), r.getBoolean("zoom_email_confirmed"));
        });
  }

  /** What a sign-up must know, read in one query: the rules' facts, the quota, and any earlier registration. */
  public record Context(SignupRules.Facts facts, Integer centerQuota, Registration existing) {
  }

  /** {@code signerCenterId}: the center of the one signing (to tell whether it takes part in the session's round). */
  public static Future<Context> context(SqlClient client, long sessionId, long personId, Long signerCenterId) {
    return client.preparedQuery("""
            SELECT s.status, s.signup_opens_at, s.signup_closes_at, s.open_to_all, s.center_quota,
                   EXISTS (SELECT 1 FROM round_center rc WHERE rc.round_id = s.round_id AND rc.center_id = $3) AS signer_in_round,
                   g.zoom_email AS my_zoom_email, g.zoom_email_confirmed AS my_zoom_confirmed,
                   ARRAY(SELECT m.center_id FROM pair_member m WHERE m.pair_id = s.pair_id) AS centers,
                   ARRAY(SELECT t->>'key' FROM jsonb_array_elements(r.topics) AS t) AS topic_keys,
                   g.status AS my_status, g.topics AS my_topics,
                   CASE WHEN g.status = 'waitlisted' THEN
                     (SELECT count(*) FROM registration w WHERE w.session_id = s.id AND w.status = 'waitlisted'
                         AND w.waitlist_seq <= g.waitlist_seq) END AS my_position
              FROM session s JOIN round r ON r.id = s.round_id
              LEFT JOIN registration g ON g.session_id = s.id AND g.person_id = $2
             WHERE s.id = $1""")
        .execute(Tuple.of(sessionId, personId, signerCenterId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw org.kakehashi.platform.ApiError.notFound("Session");
          }
          Row r = rows.iterator().next();
          Registration existing = r.getString("my_status") == null ? null
              : new Registration(sessionId, personId, r.getString("my_status"),
                  r.getLong("my_position") == null ? null : r.getLong("my_position").intValue(),
                  Arrays.asList(r.getArrayOfStrings("my_topics")), r.getString("my_zoom_email"),
                  r.getBoolean("my_zoom_confirmed"));
          SignupRules.Facts facts = new SignupRules.Facts(r.getString("status"), r.getOffsetDateTime("signup_opens_at"),
              r.getOffsetDateTime("signup_closes_at"), r.getBoolean("open_to_all"), Arrays.asList(r.getArrayOfLongs("centers")),
              r.getBoolean("signer_in_round"), Arrays.asList(r.getArrayOfStrings("topic_keys")));
          return new Context(facts, r.getInteger("center_quota"), existing);
        });
  }

  /**
   * Takes a seat if one is free, else a place at the end of the waitlist, and records the
   * registration — in one statement, so one round trip and one implicit transaction. The seat is a
   * conditional UPDATE (taken < capacity), which PostgreSQL serialises on the session's row: two
   * people can never get the last seat. A second registration of the same person hits the unique
   * key and the whole statement, seat included, is undone.
   *
   * <p>With a per-center quota the seat also needs the person's center below its quota. That count
   * must see every sign-up committed before this one, so the session row is locked first in a
   * statement of its own (the count's snapshot is then taken after the lock is held). A Zoom e-mail
   * given takes the same path, its check inside the transaction: fails with {@link ZoomEmailTaken}
   * when another participant of the session already uses it.
   */
  public static Future<Registration> register(Pool pool, long sessionId, long personId, List<String> topics,
                                              String zoomEmail, boolean quota, SeatInvitations.Reason reason) {
    String sql = REGISTER_TELLING.get(reason);
    if (!quota && zoomEmail == null) {
      return register(pool, sql, sessionId, personId, topics, zoomEmail).compose(r -> told(pool, r));
    }
    // A Zoom e-mail given is checked under the same lock as the seat: every registration of the session
    // and every change of its Zoom e-mails holds that lock, so of two racers with one e-mail only the
    // first gets it (the second's check, a statement begun after the first committed, sees it).
    return pool.withTransaction(tx -> SessionStore.lock(tx, sessionId)
        .compose(v -> zoomEmail == null ? Future.succeededFuture(false) : zoomEmailTaken(tx, sessionId, personId, zoomEmail))
        .compose(taken -> taken ? Future.failedFuture(new ZoomEmailTaken())
            : register(tx, sql, sessionId, personId, topics, zoomEmail)));
  }

  /** A sign-up refused because another participant of the session already goes to Zoom with the e-mail given. */
  public static final class ZoomEmailTaken extends RuntimeException {
    ZoomEmailTaken() {
      super("zoom e-mail taken", null, false, false);
    }
  }

  private static Future<Registration> register(SqlClient client, String sql, long sessionId, long personId, List<String> topics,
                                               String zoomEmail) {
    return client.preparedQuery(sql)
        .execute(Tuple.of(sessionId, personId, topics.toArray(String[]::new), zoomEmail))
        .map(rows -> registration(rows, sessionId, personId, topics, zoomEmail));
  }

  /**
   * Seat (if one is free and the center is under any quota) and registration, or a waitlist place, in
   * one statement — when the {@code ok} query ({@code %s}) finds a row. The session's row is locked
   * before the waitlist number is drawn, so sign-ups of one session draw their numbers in the order
   * they commit. Returns the status and the waitlist position as the statement's snapshot sees it:
   * right when the caller held the lock before the statement (the quota path); otherwise a sign-up
   * that committed while this one waited for the lock is missing from it, and {@link #told} reads
   * the position again once committed.
   */
  private static final String REGISTER = """
      WITH ok AS (%s),
      lock AS (""" + SessionStore.LOCK_ROW + """
      ),
      seat AS (""" + SessionStore.takeSeatWhere("""
          EXISTS (SELECT 1 FROM ok)
           AND (s.center_quota IS NULL
                OR (SELECT center_id FROM person WHERE id = $2) IS NULL
                OR (SELECT count(*) FROM registration g JOIN person p ON p.id = g.person_id
                     WHERE g.session_id = $1 AND g.status = 'confirmed'
                       AND p.center_id = (SELECT center_id FROM person WHERE id = $2)) < s.center_quota)""") + """
      ),
      ins AS (
        INSERT INTO registration (session_id, person_id, status, waitlist_seq, topics, zoom_email, zoom_email_confirmed)
        SELECT $1, $2,
               CASE WHEN EXISTS (SELECT 1 FROM seat) THEN 'confirmed' ELSE 'waitlisted' END,
               CASE WHEN EXISTS (SELECT 1 FROM seat) THEN NULL ELSE nextval('registration_waitlist') END,
               $3, $4::text, $4::text IS NOT NULL
         WHERE EXISTS (SELECT 1 FROM ok) AND EXISTS (SELECT 1 FROM lock)
        RETURNING status, waitlist_seq)%s
      SELECT ins.status,
             CASE WHEN ins.status = 'waitlisted' THEN
               (SELECT count(*) FROM registration w WHERE w.session_id = $1 AND w.status = 'waitlisted'
                   AND w.waitlist_seq < ins.waitlist_seq) + 1 END AS position
        FROM ins""";

  /** Without an invitation: the demo data's sign-ups (nobody is e-mailed). */
  private static final String REGISTER_ANY = REGISTER.formatted("SELECT 1", "");

  /** With the invitation queued in the statement (the seat confirmed: a REQUEST), by reason. */
  private static final java.util.Map<SeatInvitations.Reason, String> REGISTER_TELLING = java.util.Map.of(
      SeatInvitations.Reason.SIGNED_UP, REGISTER.formatted("SELECT 1", SeatInvitations.afterRegistration(SeatInvitations.Reason.SIGNED_UP)),
      SeatInvitations.Reason.ADDED, REGISTER.formatted("SELECT 1", SeatInvitations.afterRegistration(SeatInvitations.Reason.ADDED)));
  private static final java.util.Map<SeatInvitations.Reason, String> REGISTER_IF_ALLOWED = java.util.Map.of(
      SeatInvitations.Reason.SIGNED_UP, REGISTER.formatted(SignupRules.ALLOWED, SeatInvitations.afterRegistration(SeatInvitations.Reason.SIGNED_UP)),
      SeatInvitations.Reason.ADDED, REGISTER.formatted(SignupRules.ALLOWED, SeatInvitations.afterRegistration(SeatInvitations.Reason.ADDED)));

  /** The sign-up's reason: the person themself, or a coordinator adding someone else. */
  public static SeatInvitations.Reason reason(boolean byCoordinatorForOther) {
    return byCoordinatorForOther ? SeatInvitations.Reason.ADDED : SeatInvitations.Reason.SIGNED_UP;
  }

  /**
   * The same sign-up as one statement on {@code client} (a caller's transaction, such as the demo
   * data's; no quota lock), without an invitation: nobody is e-mailed.
   */
  public static Future<Registration> register(SqlClient client, long sessionId, long personId, List<String> topics,
                                              String zoomEmail) {
    return register(client, REGISTER_ANY, sessionId, personId, topics, zoomEmail);
  }

  /**
   * The usual sign-up in one round trip: {@link #register}'s statement, taken only when every rule the
   * slow path checks holds — the session exists and is open for sign-up now, the signer's center is in
   * it (or it is open to all; {@code bypass} for a coordinator), the topics are the round's (one to
   * three, or none when the round has none) — and the session has no per-center quota. Null when any
   * of that does not hold: the caller then takes the slow path, which says exactly why. A second
   * registration of the person fails on the unique key, as in {@link #register}.
   */
  public static Future<Registration> registerIfAllowed(SqlClient client, long sessionId, long personId, List<String> topics,
                                                       String zoomEmail, Long signerCenterId, boolean bypass,
                                                       SeatInvitations.Reason reason) {
    return client.preparedQuery(REGISTER_IF_ALLOWED.get(reason))
        .execute(Tuple.of(sessionId, personId, topics.toArray(String[]::new), zoomEmail, signerCenterId, bypass))
        .map(rows -> registration(rows, sessionId, personId, topics, zoomEmail))
        .compose(r -> told(client, r));
  }

  /** One sign-up of a batch: what {@link #registerIfAllowed} takes, but the pool. */
  public record Request(long sessionId, long personId, List<String> topics, Long signerCenterId, boolean bypass,
                        SeatInvitations.Reason reason) {
  }

  /**
   * Many sign-ups in one transaction (README, "Seats"): the sessions' rows are locked in id order first,
   * then one statement takes, for each request that {@link #registerIfAllowed} would take, a seat if one
   * is free (in the order of the requests) or else a place at the end of the waitlist, records the
   * registrations, queues the REQUEST of each seat confirmed, and returns each waitlisted person's
   * position. The statement's snapshot is taken after the locks are held, so it sees every earlier
   * sign-up of these sessions (each held the lock and committed before): the position is those waiting
   * before the batch plus the rank within it, the true place, without reading it again.
   *
   * <p>The answers are in the order of {@code batch}, null for a request that did not pass (the
   * rules, a quota, already registered): its caller takes the slow path, as after
   * {@link #registerIfAllowed}. The same person twice for one session must not be in one batch.
   */
  public static Future<List<Registration>> registerAllIfAllowed(Pool pool, List<Request> batch) {
    io.vertx.core.json.JsonArray rows = new io.vertx.core.json.JsonArray();
    java.util.TreeSet<Long> sessions = new java.util.TreeSet<>();
    for (int i = 0; i < batch.size(); i++) {
      Request r = batch.get(i);
      sessions.add(r.sessionId());
      rows.add(new io.vertx.core.json.JsonObject().put("req_i", i).put("req_session", r.sessionId()).put("req_person", r.personId())
          .put("req_topics", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(r.topics())))
          .put("req_center", r.signerCenterId()).put("req_coordinator", r.bypass()).put("req_reason", r.reason().key()));
    }
    List<Long> ids = List.copyOf(sessions);
    // BEGIN, the locks, the statement and COMMIT in one round trip (the connection runs them in order): the
    // statement begins once the locks are held; the group waits for no answer in between.
    return org.kakehashi.platform.Transactions.pipelined(pool, tx -> {
      Future<Void> locked = SessionStore.lockAll(tx, ids);
      Future<io.vertx.sqlclient.RowSet<Row>> registered = tx.preparedQuery(REGISTER_ALL).execute(Tuple.of(rows));
      return Future.all(locked, registered).map(v -> registered.result());
    }).map(result -> {
      java.util.Map<String, Row> stored = new java.util.HashMap<>();
      for (Row r : result) {
        stored.put(r.getLong("session_id") + "/" + r.getLong("person_id"), r);
      }
      List<Registration> answers = new java.util.ArrayList<>(batch.size());
      for (Request q : batch) {
        Row r = stored.get(q.sessionId() + "/" + q.personId());
        Long position = r == null ? null : r.getLong("position");
        answers.add(r == null ? null : new Registration(q.sessionId(), q.personId(), r.getString("status"),
            position == null ? null : position.intValue(), q.topics(), null, false));
      }
      return answers;
    });
  }

  /**
   * The batched sign-up ({@link #registerAllIfAllowed}); {@code $1} is a JSON array of the requests
   * {@code {req_i, req_session, req_person, req_topics, req_center (the signer's), req_coordinator, req_reason}}
   * (names no column of the rules' tables has, so none of their references can mean a request's field). The
   * caller holds every session's row, so the free seats and the number waiting ({@code waitlist_count},
   * which the database keeps on every change of {@code registration}; this statement's own rows are added
   * to it after the statement) are as they are now. The REQUEST of a confirmed seat is the one
   * {@link SeatInvitations#afterRegistration} queues.
   */
  private static final String REGISTER_ALL = """
      WITH b AS (
        SELECT * FROM jsonb_to_recordset($1::jsonb) AS b(req_i int, req_session bigint, req_person bigint, req_topics text[],
                                                         req_center bigint, req_coordinator boolean, req_reason text)),
      ok AS (
        SELECT b.req_i, b.req_session, b.req_person, b.req_topics, b.req_reason,
               row_number() OVER (PARTITION BY b.req_session ORDER BY b.req_i) AS req_k, s.capacity - s.seats_taken AS req_free
          FROM b JOIN session s ON s.id = b.req_session JOIN round r ON r.id = s.round_id
         WHERE
      """ + SignupRules.allowedWhere("b.req_topics", "b.req_center", "b.req_coordinator") + """

           AND NOT EXISTS (SELECT 1 FROM registration g WHERE g.session_id = b.req_session AND g.person_id = b.req_person)),
      seat AS (""" + SessionStore.takeSeatsFrom(
          "SELECT ok.req_session AS session_id, count(*) AS n FROM ok WHERE ok.req_k <= ok.req_free GROUP BY ok.req_session") + """
      ),
      ins AS (
        INSERT INTO registration (session_id, person_id, status, waitlist_seq, topics, zoom_email, zoom_email_confirmed)
        SELECT d.req_session, d.req_person, CASE WHEN d.seated THEN 'confirmed' ELSE 'waitlisted' END,
               CASE WHEN d.seated THEN NULL ELSE nextval('registration_waitlist') END, d.req_topics, NULL, false
          FROM (SELECT ok.*, ok.req_k <= ok.req_free AND EXISTS (SELECT 1 FROM seat WHERE seat.id = ok.req_session) AS seated
                  FROM ok ORDER BY ok.req_session, ok.req_k) d
        RETURNING session_id, person_id, status, waitlist_seq),
      bumped AS (
        INSERT INTO calendar_sequence (session_id, person_id, bumps)
        SELECT ins.session_id, ins.person_id, 1 FROM ins WHERE ins.status = 'confirmed'
        ON CONFLICT (session_id, person_id) DO UPDATE SET bumps = calendar_sequence.bumps + 1
        RETURNING session_id, person_id, bumps),
      queued AS (""" + org.kakehashi.platform.Outbox.QUEUE + """
        SELECT '{kind}', jsonb_build_object('sessionId', q.session_id, 'personId', q.person_id, 'method', 'REQUEST',
               'reason', ok.req_reason, 'sequence', s.sequence + q.bumps, 'to', p.email::text)
          FROM bumped q JOIN ok ON ok.req_session = q.session_id AND ok.req_person = q.person_id
          JOIN session s ON s.id = q.session_id JOIN person p ON p.id = q.person_id
         ORDER BY ok.req_i)
      SELECT ins.session_id, ins.person_id, ins.status,
             CASE WHEN ins.status = 'waitlisted' THEN
               coalesce((SELECT c.waiting FROM waitlist_count c WHERE c.session_id = ins.session_id), 0)
               + rank() OVER (PARTITION BY ins.session_id, ins.status ORDER BY ins.waitlist_seq) END AS position
        FROM ins""".replace("{kind}", SeatInvitations.KIND);

  /**
   * The registration as it is stored, for the answer (and every page after it): a seat needs nothing
   * more (the fast path stays one round trip), a waitlist place is read again after its statement
   * committed. Everyone who drew an earlier number held the session's lock before this sign-up did
   * and so has committed: the count is the true position. {@code client} must not be a transaction
   * of the caller's (whose snapshot would still miss them).
   */
  private static Future<Registration> told(SqlClient client, Registration r) {
    if (r == null || !"waitlisted".equals(r.status())) {
      return Future.succeededFuture(r);
    }
    return find(client, r.sessionId(), r.personId()).map(stored -> stored == null ? r : stored);
  }

  private static Registration registration(io.vertx.sqlclient.RowSet<Row> rows, long sessionId, long personId,
                                           List<String> topics, String zoomEmail) {
    if (rows.size() == 0) {
      return null;
    }
    Row r = rows.iterator().next();
    Long position = r.getLong("position");
    return new Registration(sessionId, personId, r.getString("status"), position == null ? null : position.intValue(),
        topics, zoomEmail, zoomEmail != null);
  }

  /**
   * Whether another participant of the session (registered, confirmed or waiting) already goes to
   * Zoom with this e-mail ({@code email}, or the person's account e-mail when null): Zoom pre-assigns
   * rooms by e-mail, so one e-mail cannot be two people.
   */
  public static Future<Boolean> zoomEmailTaken(SqlClient client, long sessionId, long personId, String email) {
    return client.preparedQuery("""
            SELECT 1 FROM registration g JOIN person p ON p.id = g.person_id
             WHERE g.session_id = $1 AND g.person_id <> $2
               AND lower(coalesce(g.zoom_email, p.email::text))
                   = lower(coalesce($3::text, (SELECT email::text FROM person WHERE id = $2)))
             LIMIT 1""")
        .execute(Tuple.of(sessionId, personId, email))
        .map(rows -> rows.size() > 0);
  }

  /** Records the e-mail the person uses for Zoom (null: their account's) as confirmed; false without a registration. */
  public static Future<Boolean> confirmZoomEmail(SqlClient client, long sessionId, long personId, String email) {
    return client.preparedQuery("""
            UPDATE registration SET zoom_email = $3, zoom_email_confirmed = true WHERE session_id = $1 AND person_id = $2""")
        .execute(Tuple.of(sessionId, personId, email))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Removes a registration. A freed seat goes to the first on the waitlist (whose center is under
   * the session's per-center quota, when there is one) in the same transaction
   * (returned); without a waitlist the seat count goes down. The one who left (if they had a seat)
   * is sent the CANCEL, the one who moved up the REQUEST (both queued here). Locks the session row first,
   * in the same order as sign-up, so the two cannot deadlock.
   */
  public static Future<Long> cancel(SqlClient tx, long sessionId, long personId, SeatInvitations.Reason reason) {
    return SessionStore.lock(tx, sessionId)
        .compose(v -> tx.preparedQuery("DELETE FROM registration WHERE session_id = $1 AND person_id = $2 RETURNING status")
            .execute(Tuple.of(sessionId, personId)))
        .compose(rows -> {
          if (rows.size() == 0 || !"confirmed".equals(rows.iterator().next().getString("status"))) {
            return Future.succeededFuture((Long) null);
          }
          // A seat given up or taken away: the person's calendar gets the CANCEL, the next one a REQUEST.
          return SessionStore.releaseSeat(tx, sessionId)
              .compose(v -> SeatInvitations.tell(tx, sessionId, List.of(personId), reason))
              .compose(v -> promoteOne(tx, sessionId))
              .compose(promoted -> promoted == null ? Future.succeededFuture((Long) null)
                  : SeatInvitations.tell(tx, sessionId, List.of(promoted), SeatInvitations.Reason.PROMOTED).map(promoted));
        });
  }

  /**
   * Gives a free seat, if there is one, to the first on the waitlist whose center is under the
   * session's quota (if any); returns who moved up, or null. The caller holds the session row.
   */
  private static Future<Long> promoteOne(SqlClient tx, long sessionId) {
    return tx.preparedQuery("""
            WITH next AS (
              SELECT w.id FROM registration w JOIN person p ON p.id = w.person_id JOIN session s ON s.id = w.session_id
               WHERE w.session_id = $1 AND w.status = 'waitlisted' AND s.seats_taken < s.capacity
                 AND (s.center_quota IS NULL OR p.center_id IS NULL
                      OR (SELECT count(*) FROM registration g JOIN person q ON q.id = g.person_id
                           WHERE g.session_id = $1 AND g.status = 'confirmed' AND q.center_id = p.center_id) < s.center_quota)
               ORDER BY w.waitlist_seq LIMIT 1 FOR UPDATE OF w),
            seat AS (""" + SessionStore.takeSeatWhere("EXISTS (SELECT 1 FROM next)") + """
            )
            UPDATE registration SET status = 'confirmed', waitlist_seq = NULL WHERE id IN (SELECT id FROM next)
            RETURNING person_id""")
        .execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 1 ? rows.iterator().next().getLong("person_id") : null);
  }

  /**
   * Fills every seat that is free now (after a coordinator raised the capacity or the quota) from the
   * waitlist, in order, respecting the quota; returns who moved up, each sent the REQUEST (queued
   * here). Locks the session row first.
   */
  public static Future<List<Long>> promoteWaiting(SqlClient tx, long sessionId) {
    List<Long> promoted = new java.util.ArrayList<>();
    return SessionStore.lock(tx, sessionId)
        .compose(v -> promoteWhileSeats(tx, sessionId, promoted))
        .compose(v -> SeatInvitations.tell(tx, sessionId, promoted, SeatInvitations.Reason.PROMOTED))
        .map(promoted);
  }

  private static Future<Void> promoteWhileSeats(SqlClient tx, long sessionId, List<Long> promoted) {
    return promoteOne(tx, sessionId).compose(person -> {
      if (person == null) {
        return Future.succeededFuture();
      }
      promoted.add(person);
      return promoteWhileSeats(tx, sessionId, promoted);
    });
  }


  /** Whether a registration failed because the person is already registered (the unique key). */
  public static boolean isDuplicate(Throwable err) {
    return err instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState());
  }

  /** Whether the person's registration exists at all (for a 404 on cancel). */
  public static Future<Boolean> exists(SqlClient client, long sessionId, long personId) {
    return client.preparedQuery("SELECT 1 FROM registration WHERE session_id = $1 AND person_id = $2")
        .execute(Tuple.of(sessionId, personId)).map(rows -> rows.size() > 0);
  }
}
