package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;

/**
 * Slows down guessing (README, "Security"). Every guess is counted <em>before</em> it is checked, by
 * one upsert that returns the new counts of the account and of the client address
 * ({@code login_attempt}), so however many guesses arrive at once, at most {@code loginMaxFailures}
 * per account and {@code loginMaxPerAddress} per address are ever checked per window. A success
 * clears the account's count and gives the address its guess back. Counted in PostgreSQL, so every
 * instance sees the same count. {@code kind} names what is guessed (passwords now), each with counters of its own.
 */
public final class LoginThrottle {

  /**
   * The counts after this guess and, when over a limit, how long until the window ends; {@code firstRefused}
   * is true for the one guess that first went over the account's limit in this window (the owner is told once).
   */
  public record Count(int account, int address, boolean refused, boolean firstRefused, long waitSeconds) {

    /** The 429 for a refused guess. */
    public ApiError error() {
      return new ApiError(429, "too_many_attempts",
          "Too many attempts. Please wait " + ((waitSeconds + 59) / 60) + " minute(s) and try again.",
          null, new JsonObject().put("retryAfter", waitSeconds));
    }
  }

  private final Pool pool;
  private final Config.Security config;

  public LoginThrottle(Pool pool, Config.Security config) {
    this.pool = pool;
    this.config = config;
  }

  /** Counts one guess for the account and the address; the caller checks nothing when {@code refused}. */
  public Future<Count> count(String kind, String email, String ip) {
    return pool.preparedQuery("""
            INSERT INTO login_attempt AS a (key, window_start, n)
            VALUES ($1, now(), 1), ($2, now(), 1)
            ON CONFLICT (key) DO UPDATE SET
              n = CASE WHEN a.window_start <= now() - $3::bigint * interval '1 second' THEN 1 ELSE a.n + 1 END,
              window_start = CASE WHEN a.window_start <= now() - $3::bigint * interval '1 second' THEN now()
                                  ELSE a.window_start END
            RETURNING key, n,
                      greatest(1, ceil(extract(epoch FROM (a.window_start + $3::bigint * interval '1 second' - now()))))::bigint AS wait
            """)
        .execute(Tuple.of(kind + ":account:" + email, "address:" + ip, config.loginWindow().toSeconds()))
        .map(rows -> {
          int account = 0;
          int address = 0;
          long wait = 60;
          for (Row r : rows) {
            if (r.getString("key").startsWith("address:")) {
              address = r.getInteger("n");
              if (address > config.loginMaxPerAddress()) {
                wait = r.getLong("wait");
              }
            } else {
              account = r.getInteger("n");
              if (account > config.loginMaxFailures()) {
                wait = r.getLong("wait");
              }
            }
          }
          boolean refused = account > config.loginMaxFailures() || address > config.loginMaxPerAddress();
          return new Count(account, address, refused, account == config.loginMaxFailures() + 1, refused ? wait : 0);
        });
  }

  /**
   * Counts one guess that names no account (a sign-in link's token) for the address only, under the same
   * per-address limit; the caller checks nothing when {@code refused}.
   */
  public Future<Count> countAddress(String ip) {
    return bump("address:" + ip).map(r -> {
      int address = r.getInteger("n");
      boolean refused = address > config.loginMaxPerAddress();
      return new Count(0, address, refused, false, refused ? r.getLong("wait") : 0);
    });
  }

  /**
   * Counts one attempt of a kind that a signed-in person makes about something they do not hold (whether an
   * e-mail address is another participant's Zoom e-mail): {@code loginMaxFailures} per person per window, no
   * address counter (so it takes nothing from the sign-in budget of a shared office address); the caller
   * checks nothing when {@code refused}.
   */
  public Future<Count> countPerson(String kind, long personId) {
    return bump(kind + ":person:" + personId).map(r -> {
      int n = r.getInteger("n");
      boolean refused = n > config.loginMaxFailures();
      return new Count(n, 0, refused, false, refused ? r.getLong("wait") : 0);
    });
  }

  /** Counts one under {@code key} in the current window (a new window once the last has passed): the count and the seconds left. */
  private Future<Row> bump(String key) {
    return pool.preparedQuery("""
            INSERT INTO login_attempt AS a (key, window_start, n) VALUES ($1, now(), 1)
            ON CONFLICT (key) DO UPDATE SET
              n = CASE WHEN a.window_start <= now() - $2::bigint * interval '1 second' THEN 1 ELSE a.n + 1 END,
              window_start = CASE WHEN a.window_start <= now() - $2::bigint * interval '1 second' THEN now()
                                  ELSE a.window_start END
            RETURNING n,
                      greatest(1, ceil(extract(epoch FROM (a.window_start + $2::bigint * interval '1 second' - now()))))::bigint AS wait
            """)
        .execute(Tuple.of(key, config.loginWindow().toSeconds()))
        .map(rows -> rows.iterator().next());
  }

  /** A sign-in by link gives the address its guess back, as a password sign-in does. */
  public Future<Void> succeededAddress(String ip) {
    return pool.preparedQuery("UPDATE login_attempt SET n = greatest(0, n - 1) WHERE key = $1")
        .execute(Tuple.of("address:" + ip)).mapEmpty();
  }

  /** How long a failed guess is answered late: nothing for the first, then doubling (README, "Security"). */
  public long delayMillis(Count count) {
    return count.account() <= 1 ? 0 : config.loginDelayMillis() << Math.min(10, count.account() - 2);
  }

  /** A success clears the account's count, gives the address its guess back and drops old rows. */
  public Future<Void> succeeded(String kind, String email, String ip) {
    return pool.preparedQuery("""
            WITH cleared AS (DELETE FROM login_attempt
                              WHERE key = $1 OR (key <> $2 AND window_start < now() - $3::bigint * interval '1 second'))
            UPDATE login_attempt SET n = greatest(0, n - 1) WHERE key = $2
            """)
        .execute(Tuple.of(kind + ":account:" + email, "address:" + ip, config.loginWindow().toSeconds())).mapEmpty();
  }
}
