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

  /**
   * The same transaction in one round trip: BEGIN, the statements {@code send} sends, and COMMIT are written
   * together and the connection runs them in order (it pipelines them). {@code send} must only send
   * statements, each at once (not one after another's answer), and return the future of the answer wanted;
   * it must not fail after its statements were sent, for the COMMIT is already on its way. When a statement
   * fails, PostgreSQL refuses the rest of the transaction and the COMMIT rolls it back: nothing is kept, and
   * the first failure is the answer. Retried as {@link #retrying} is.
   */
  public static <T> Future<T> pipelined(Pool pool, Function<SqlConnection, Future<T>> send) {
    return pipelined(pool, send, 1);
  }

  private static <T> Future<T> pipelined(Pool pool, Function<SqlConnection, Future<T>> send, int n) {
    return pool.withConnection(conn -> {
      Future<?> begin = conn.query("BEGIN").execute();
      Future<T> answer;
      try {
        answer = send.apply(conn);
      } catch (RuntimeException e) {
        // nothing of the work was sent: end the open transaction so the connection goes back to the pool clean
        return conn.query("ROLLBACK").execute().transform(x -> Future.<T>failedFuture(e));
      }
      Future<?> commit = conn.query("COMMIT").execute();
      return Future.all(begin, answer, commit).map(v -> answer.result());
    }).recover(err -> {
      if (n < ATTEMPTS && err instanceof PgException pg
          && ("40001".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()))) {
        return pipelined(pool, send, n + 1);
      }
      return Future.failedFuture(err);
    });
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
