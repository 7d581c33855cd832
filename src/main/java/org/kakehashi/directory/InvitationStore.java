package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Sessions;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * SQL for the {@code invitation} table: single-use, expiring links. Only the SHA-256 of a token is
 * stored, so a copy of the database does not hold usable links.
 */
public final class InvitationStore {

  /** A fresh invitation: the token (for the link, never stored) and its expiry. */
  public record Issued(String token, OffsetDateTime expiresAt) {
  }

  /** A token that was just used: whose it is (null for the first-coordinator link). */
  public record Used(Long personId) {
  }

  private InvitationStore() {
  }

  /** Issues a new link for a person (or, with {@code personId == null}, the first-coordinator link), revoking older ones. */
  public static Future<Issued> issue(SqlClient tx, Long personId, Duration ttl) {
    String token = Sessions.token();
    return tx.preparedQuery("UPDATE invitation SET expires_at = now() WHERE person_id IS NOT DISTINCT FROM $1"
            + " AND used_at IS NULL AND expires_at > now()")
        .execute(Tuple.of(personId))
        .compose(v -> tx.preparedQuery("INSERT INTO invitation (token_hash, person_id, expires_at)"
                + " VALUES ($1, $2, now() + $3::bigint * interval '1 second') RETURNING expires_at")
            .execute(Tuple.of(Sessions.hash(token), personId, ttl.toSeconds())))
        .map(rows -> new Issued(token, rows.iterator().next().getOffsetDateTime("expires_at")));
  }

  /** Marks the token used, once; a 404 for an unknown token and a 410 for a used or expired one. */
  public static Future<Used> use(SqlClient tx, String token) {
    String hash = Sessions.hash(token);
    return tx.preparedQuery("UPDATE invitation SET used_at = now()"
            + " WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING person_id")
        .execute(Tuple.of(hash))
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(new Used(rows.iterator().next().getLong("person_id")))
            : status(tx, token).compose(s -> Future.failedFuture(refusal(s.state()))));
  }

  /** What the invitation page shows before the password is set. */
  public record Status(String state, boolean setup, String name, String email) {
  }

  public static Future<Status> status(SqlClient client, String token) {
    return client.preparedQuery("SELECT i.person_id, i.used_at, i.expires_at > now() AS open, p.name, p.email::text AS email"
            + " FROM invitation i LEFT JOIN person p ON p.id = i.person_id WHERE i.token_hash = $1")
        .execute(Tuple.of(Sessions.hash(token)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw new ApiError(404, "invitation_not_found", "This invitation link is not valid. Check that it was copied whole.");
          }
          Row r = rows.iterator().next();
          String state = r.getValue("used_at") != null ? "used" : r.getBoolean("open") ? "valid" : "expired";
          boolean valid = "valid".equals(state);
          return new Status(state, r.getLong("person_id") == null,
              valid ? r.getString("name") : null, valid ? r.getString("email") : null);
        });
  }

  private static ApiError refusal(String state) {
    return "used".equals(state)
        ? new ApiError(410, "invitation_used", "This invitation link has already been used. Sign in, or ask for a new invitation.")
        : new ApiError(410, "invitation_expired", "This invitation link has expired. Ask your coordinator for a new one.");
  }
}
