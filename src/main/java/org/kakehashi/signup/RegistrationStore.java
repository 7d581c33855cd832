package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.List;

/** SQL for the {@code registration} table and the seats of a session. */
public final class RegistrationStore {

  private RegistrationStore() {
  }

  /** The person's registration with its waitlist position (gapless: the rank among those waiting), or null. */
  public static Future<Registration> find(SqlClient client, long sessionId, long personId) {
    return client.preparedQuery("""
            SELECT r.status, r.topics,
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
              Arrays.asList(r.getArrayOfStrings("topics")));
        });
  }

  /** What a sign-up must know, read in one query: the session, its round's topics, and any earlier registration. */
  public record Context(String sessionStatus, java.time.OffsetDateTime opensAt, java.time.OffsetDateTime closesAt,
                        boolean openToAll, List<Long> centerIds, List<String> topicKeys, Registration existing) {
  }

  public static Future<Context> context(SqlClient client, long sessionId, long personId) {
    return client.preparedQuery("""
            SELECT s.status, s.signup_opens_at, s.signup_closes_at, s.open_to_all,
                   ARRAY(SELECT m.center_id FROM pair_member m WHERE m.pair_id = s.pair_id) AS centers,
                   ARRAY(SELECT t->>'key' FROM jsonb_array_elements(r.topics) AS t) AS topic_keys,
                   g.status AS my_status, g.topics AS my_topics,
                   CASE WHEN g.status = 'waitlisted' THEN
                     (SELECT count(*) FROM registration w WHERE w.session_id = s.id AND w.status = 'waitlisted'
                         AND w.waitlist_seq <= g.waitlist_seq) END AS my_position
              FROM session s JOIN round r ON r.id = s.round_id
              LEFT JOIN registration g ON g.session_id = s.id AND g.person_id = $2
             WHERE s.id = $1""")
        .execute(Tuple.of(sessionId, personId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw org.kakehashi.platform.ApiError.notFound("Session");
          }
          Row r = rows.iterator().next();
          Registration existing = r.getString("my_status") == null ? null
              : new Registration(sessionId, personId, r.getString("my_status"),
                  r.getLong("my_position") == null ? null : r.getLong("my_position").intValue(),
                  Arrays.asList(r.getArrayOfStrings("my_topics")));
          return new Context(r.getString("status"), r.getOffsetDateTime("signup_opens_at"),
              r.getOffsetDateTime("signup_closes_at"), r.getBoolean("open_to_all"), Arrays.asList(r.getArrayOfLongs("centers")),
              Arrays.asList(r.getArrayOfStrings("topic_keys")), existing);
        });
  }

  /**
   * Takes a seat if one is free, else a place at the end of the waitlist, and records the
   * registration — in one statement, so one round trip and one implicit transaction. The seat is a
   * conditional UPDATE (taken < capacity), which PostgreSQL serialises on the session's row: two
   * people can never get the last seat. A second registration of the same person hits the unique
   * key and the whole statement, seat included, is undone.
   */
  public static Future<Registration> register(SqlClient client, long sessionId, long personId, List<String> topics) {
    return client.preparedQuery("""
            WITH seat AS (
              UPDATE session SET seats_taken = seats_taken + 1 WHERE id = $1 AND seats_taken < capacity RETURNING id)
            INSERT INTO registration (session_id, person_id, status, waitlist_seq, topics)
            SELECT $1, $2,
                   CASE WHEN EXISTS (SELECT 1 FROM seat) THEN 'confirmed' ELSE 'waitlisted' END,
                   CASE WHEN EXISTS (SELECT 1 FROM seat) THEN NULL ELSE nextval('registration_waitlist') END,
                   $3
            RETURNING status, waitlist_seq""")
        .execute(Tuple.of(sessionId, personId, topics.toArray(String[]::new)))
        .compose(rows -> {
          Row r = rows.iterator().next();
          if ("confirmed".equals(r.getString("status"))) {
            return Future.succeededFuture(new Registration(sessionId, personId, "confirmed", null, topics));
          }
          return client.preparedQuery("SELECT count(*) AS n FROM registration WHERE session_id = $1 AND status = 'waitlisted'"
                  + " AND waitlist_seq <= $2")
              .execute(Tuple.of(sessionId, r.getLong("waitlist_seq")))
              .map(c -> new Registration(sessionId, personId, "waitlisted", c.iterator().next().getLong("n").intValue(), topics));
        });
  }

  /**
   * Removes a registration. A freed seat goes to the first on the waitlist in the same transaction
   * (returned, to be told); without a waitlist the seat count goes down. Locks the session row first,
   * in the same order as sign-up, so the two cannot deadlock.
   */
  public static Future<Long> cancel(SqlClient tx, long sessionId, long personId) {
    return tx.preparedQuery("SELECT id FROM session WHERE id = $1 FOR UPDATE").execute(Tuple.of(sessionId))
        .compose(v -> tx.preparedQuery("DELETE FROM registration WHERE session_id = $1 AND person_id = $2 RETURNING status")
            .execute(Tuple.of(sessionId, personId)))
        .compose(rows -> {
          if (rows.size() == 0 || !"confirmed".equals(rows.iterator().next().getString("status"))) {
            return Future.succeededFuture((Long) null);
          }
          return tx.preparedQuery("""
                  UPDATE registration SET status = 'confirmed', waitlist_seq = NULL
                   WHERE id = (SELECT id FROM registration WHERE session_id = $1 AND status = 'waitlisted'
                                ORDER BY waitlist_seq LIMIT 1 FOR UPDATE)
                  RETURNING person_id""")
              .execute(Tuple.of(sessionId))
              .compose(promoted -> promoted.size() == 1
                  ? Future.succeededFuture(promoted.iterator().next().getLong("person_id"))
                  : tx.preparedQuery("UPDATE session SET seats_taken = seats_taken - 1 WHERE id = $1")
                      .execute(Tuple.of(sessionId)).map((Long) null));
        });
  }

  /** Whether the person's registration exists at all (for a 404 on cancel). */
  public static Future<Boolean> exists(SqlClient client, long sessionId, long personId) {
    return client.preparedQuery("SELECT 1 FROM registration WHERE session_id = $1 AND person_id = $2")
        .execute(Tuple.of(sessionId, personId)).map(rows -> rows.size() > 0);
  }
}
