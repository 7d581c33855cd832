package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.function.Function;

/**
 * A transaction retried as a whole when PostgreSQL gives up on it for reasons a second try cures:
 * a serialization failure or a deadlock (40001, 40P01). Never on a unique violation, which is an
 * answer, not a glitch.
 */
public final class Transactions {

  private static final int ATTEMPTS = 5;

  private Transactions() {
  }

  public static <T> Future<T> retrying(Pool pool, Function<SqlConnection, Future<T>> work) {
    return attempt(pool, work, 1);
  }

  private static <T> Future<T> attempt(Pool pool, Function<SqlConnection, Future<T>> work, int n) {
    return pool.withTransaction(work).recover(err -> {
      if (n < ATTEMPTS && err instanceof PgException pg
          && ("40001".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()))) {
        return attempt(pool, work, n + 1);
      }
      return Future.failedFuture(err);
    });
  }
}
