package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Server-side secrets shared by every instance (the CSRF signing key): created once, kept in
 * PostgreSQL ({@code app_secret}), never in a file or in the code.
 */
public final class Secrets {

  private Secrets() {
  }

  /** The secret named {@code name}, created at random on first use. */
  public static Future<String> get(Pool pool, String name) {
    return pool.preparedQuery("INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .execute(Tuple.of(name, Sessions.token() + Sessions.token()))
        .compose(ignored -> pool.preparedQuery("SELECT value FROM app_secret WHERE name = $1").execute(Tuple.of(name)))
        .map(rows -> rows.iterator().next().getString("value"));
  }
}
