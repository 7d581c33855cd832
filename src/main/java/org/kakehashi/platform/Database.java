package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL connection of the app: migrates the schema (Flyway, over JDBC, at start only) and
 * then hands out one bounded, non-blocking pool that every store shares.
 */
public final class Database {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final Pool pool;
  private final EmbeddedDatabase embedded;

  private Database(Pool pool, EmbeddedDatabase embedded) {
    this.pool = pool;
    this.embedded = embedded;
  }

  public Pool pool() {
    return pool;
  }

  /**
   * Starts the embedded PostgreSQL when no URL is configured, runs the migrations, and opens the
   * pool. Blocking steps run on a worker thread.
   */
  public static Future<Database> open(Vertx vertx, Config config) {
    return vertx.executeBlocking(() -> {
      EmbeddedDatabase embedded = null;
      String url = config.dbUrl();
      if (url == null || url.isBlank()) {
        embedded = EmbeddedDatabase.start(config.dataDir(), true);
        url = embedded.url("postgres");
      }
      try {
        PgConnectOptions connect = PgConnectOptions.fromUri(url);
        migrate(connect);
        return new Database(pool(vertx, connect, config), embedded);
      } catch (RuntimeException e) {
        if (embedded != null) {
          embedded.close();
        }
        throw e;
      }
    });
  }

  private static Pool pool(Vertx vertx, PgConnectOptions connect, Config config) {
    // Prepared statements are cached per connection, but by default only those under 2,048 characters:
    // a longer one (sign-up's one statement is ~2,700) was parsed, described and closed again on every
    // call, an extra round trip and a fresh plan each time. Every statement here is a constant, so the
    // cache (256 per connection, least recently used out) holds them all.
    connect.setReconnectAttempts(0)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheSqlLimit(16_384)
        .setPipeliningLimit(256);
    // Vert.x 5.0.8 waits 30 s for a connection with an unbounded queue: during an outage that is a
    // hang. A short wait and a bounded queue turn it into a fast 503.
    PoolOptions options = new PoolOptions()
        .setMaxSize(config.dbPoolSize())
        .setMaxWaitQueueSize(config.dbPoolWaitQueue())
        .setConnectionTimeout(config.dbConnectTimeoutMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(60)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setPoolCleanerPeriod(10_000)
        .setShared(false);
    NetClientOptions net = new NetClientOptions().setConnectTimeout(config.dbConnectTimeoutMillis());
    return PgBuilder.pool().with(options).with(net).connectingTo(connect).using(vertx).build();
  }

  /**
   * Brings the schema to the newest migration under {@code db/migration}. Each capability numbers its
   * migrations in a range of its own (README, "How it is built"), so an installation already at V70 later gets
   * a new V42 of reflections: those are applied too ({@code outOfOrder}), each range still in its order.
   */
  static void migrate(PgConnectOptions connect) {
    migrate(connect, "classpath:db/migration");
  }

  static void migrate(PgConnectOptions connect, String location) {
    String jdbc = "jdbc:postgresql://" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
    Flyway flyway = Flyway.configure()
        .dataSource(jdbc, connect.getUser(), connect.getPassword())
        .locations(location)
        .outOfOrder(true)
        .connectRetries(3)
        .load();
    int applied = flyway.migrate().migrationsExecuted;
    log.atInfo().addKeyValue("applied", applied).addKeyValue("database", connect.getDatabase()).log("schema migrated");
  }

  /** Closes the pool, then stops the embedded PostgreSQL if this process started it. */
  public Future<Void> close(Vertx vertx) {
    return pool.close().transform(ignored -> vertx.executeBlocking(() -> {
      if (embedded != null) {
        embedded.close();
      }
      return null;
    }, false));
  }
}
