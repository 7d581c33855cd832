package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.Sessions;

import java.time.Duration;

/**
 * SQL for the {@code sign_in_link} table: one-time sign-in links sent by e-mail (README, "Security"). A
 * new link revokes the person's earlier ones; a link works once, within its lifetime. Only the SHA-256 of
 * a token is stored.
 */
final class SignInLinkStore {

  private SignInLinkStore() {
  }

  /** A fresh link's token for the person (never stored), revoking their unused ones. */
  static Future<String> issue(SqlClient tx, long personId, Duration ttl) {
    String token = Sessions.token();
    return tx.preparedQuery("UPDATE sign_in_link SET expires_at = now() WHERE person_id = $1 AND used_at IS NULL"
            + " AND expires_at > now()")
        .execute(Tuple.of(personId))
        .compose(v -> tx.preparedQuery("DELETE FROM sign_in_link WHERE expires_at < now() - interval '1 day'").execute())
        .compose(v -> tx.preparedQuery("INSERT INTO sign_in_link (token_hash, person_id, expires_at)"
                + " VALUES ($1, $2, now() + $3::bigint * interval '1 second')")
            .execute(Tuple.of(Sessions.hash(token), personId, ttl.toSeconds())))
        .map(token);
  }

  /** Marks the link used, once: the person's id, or null when the link is unknown, used or expired. */
  static Future<Long> use(SqlClient tx, String token) {
    return tx.preparedQuery("UPDATE sign_in_link SET used_at = now()"
            + " WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING person_id")
        .execute(Tuple.of(Sessions.hash(token)))
        .map(rows -> rows.size() == 1 ? rows.iterator().next().getLong("person_id") : null);
  }
}
