package org.kakehashi.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.support.TestDatabase;

/**
 * {@link Transactions#pipelined}: what a failed statement or a failing sender leaves behind, on a pool of one
 * connection (so the next use gets the very connection the failure used).
 */
class PipelinedTransactionTest {

  static Vertx vertx;
  static Pool pool;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(TestDatabase.fresh())).using(vertx).build();
    await(pool.query("CREATE TABLE t (v int UNIQUE)").execute());
  }

  @AfterAll
  static void stop() throws Exception {
    await(pool.close());
    await(vertx.close());
  }

  @Test
  @DisplayName("a failing statement rolls the whole group back, and the connection is clean for the next use")
  void failedStatementKeepsNothing() throws Exception {
    Future<Integer> f = Transactions.pipelined(pool, conn -> {
      conn.query("INSERT INTO t VALUES (1)").execute();
      return conn.query("INSERT INTO t VALUES (1)").execute().map(r -> r.rowCount()); // the unique key refuses it
    });
    assertTrue(failed(f));
    assertEquals(0L, (long) await(pool.query("SELECT count(*) FROM t").execute()).iterator().next().getLong(0));
    assertTrue(outsideTransaction());
  }

  @Test
  @DisplayName("a sender that throws before sending anything: failed, and the BEGIN already sent is ended")
  void throwingSenderLeavesNoOpenTransaction() throws Exception {
    Future<Integer> f = Transactions.pipelined(pool, conn -> {
      throw new IllegalStateException("a bug in the sender");
    });
    assertTrue(failed(f));
    assertTrue(outsideTransaction(), "the pool's connection was handed back inside a transaction");
  }

  /** In autocommit each statement is its own transaction: it starts when the statement does. */
  private static boolean outsideTransaction() throws Exception {
    await(vertx.timer(20)); // so that an open transaction's start is visibly earlier than this statement's
    Row row = await(pool.query("SELECT xact_start = query_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        .execute()).iterator().next();
    return row.getBoolean(0);
  }

  private static boolean failed(Future<?> f) throws Exception {
    try {
      await(f);
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
