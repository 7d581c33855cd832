package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;

/**
 * Slows down password guessing: after {@code loginMaxFailures} failed sign-ins for one e-mail (or
 * ten times that from one address) within the window, sign-in answers 429 until the window has
 * passed. Counted in PostgreSQL ({@code login_failure}), so every instance sees the same count.
 */
public final class LoginThrottle {

  private final Pool pool;
  private final Config.Security config;

  public LoginThrottle(Pool pool, Config.Security config) {
    this.pool = pool;
    this.config = config;
  }

  /** Fails with 429 (and a Retry-After in seconds) when this e-mail or address has failed too often. */
  public Future<Void> check(String email, String ip) {
    return pool.preparedQuery("""
            SELECT count(*) FILTER (WHERE email = $1) AS by_email,
                   count(*) FILTER (WHERE ip = $2) AS by_ip,
                   ceil(extract(epoch FROM (min(failed_at) + $3::bigint * interval '1 second' - now())))::bigint AS wait
              FROM login_failure
             WHERE (email = $1 OR ip = $2) AND failed_at > now() - $3::bigint * interval '1 second'
            """)
        .execute(Tuple.of(email, ip, config.loginWindow().toSeconds()))
        .compose(rows -> {
          Row r = rows.iterator().next();
          if (r.getLong("by_email") >= config.loginMaxFailures() || r.getLong("by_ip") >= 10L * config.loginMaxFailures()) {
            long wait = Math.max(1, r.getLong("wait") == null ? 60 : r.getLong("wait"));
            return Future.failedFuture(new ApiError(429, "too_many_attempts",
                "Too many failed sign-ins. Please wait " + ((wait + 59) / 60) + " minute(s) and try again.", null,
                new io.vertx.core.json.JsonObject().put("retryAfter", wait)));
          }
          return Future.succeededFuture();
        });
  }

  public Future<Void> failed(String email, String ip) {
    return pool.preparedQuery("INSERT INTO login_failure (email, ip) VALUES ($1, $2)")
        .execute(Tuple.of(email, ip)).mapEmpty();
  }

  /** A successful sign-in clears the e-mail's count and drops rows older than the window. */
  public Future<Void> succeeded(String email) {
    return pool.preparedQuery("DELETE FROM login_failure WHERE email = $1 OR failed_at < now() - $2::bigint * interval '1 second'")
        .execute(Tuple.of(email, config.loginWindow().toSeconds())).mapEmpty();
  }
}
