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

  /**
   * Takes a seat if one is free — one conditional UPDATE, which PostgreSQL serialises on the
   * session's row, so two people can never get the last seat — else a place at the end of the
   * waitlist; then records the registration. Runs inside the caller's transaction.
   */
  public static Future<Void> register(SqlClient tx, long sessionId, long personId, List<String> topics) {
    return tx.preparedQuery("UPDATE session SET seats_taken = seats_taken + 1 WHERE id = $1 AND seats_taken < capacity"
            + " RETURNING seats_taken")
        .execute(Tuple.of(sessionId))
        .compose(rows -> tx.preparedQuery(rows.size() == 1
                ? "INSERT INTO registration (session_id, person_id, status, topics) VALUES ($1, $2, 'confirmed', $3)"
                : "INSERT INTO registration (session_id, person_id, status, waitlist_seq, topics)"
                    + " VALUES ($1, $2, 'waitlisted', nextval('registration_waitlist'), $3)")
            .execute(Tuple.of(sessionId, personId, topics.toArray(String[]::new))))
        .mapEmpty();
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
