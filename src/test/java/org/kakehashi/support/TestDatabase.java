package org.kakehashi.support;

import org.flywaydb.core.Flyway;
import org.kakehashi.platform.EmbeddedDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test run (the embedded 17.5 the app uses), and a fresh
 * database on it for each test class: empty, or with every migration applied (a copy of one database
 * migrated once per run, so each test server's Flyway finds nothing to do instead of building the
 * schema again).
 */
public final class TestDatabase {

  private static EmbeddedDatabase server;
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static String template;

  private TestDatabase() {
  }

  /** The shared server, started on first use and stopped when the JVM exits. */
  public static synchronized EmbeddedDatabase server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("kakehashi-test-pg");
        server = EmbeddedDatabase.start(dir, false);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test PostgreSQL", e);
      }
    }
    return server;
  }

  /** Creates a new empty database and returns its {@code postgresql://} URL. */
  public static String fresh() {
    return create(null);
  }

  /**
   * Creates a new database with the schema of every migration under {@code db/migration} and returns its URL. The
   * copy is made from a database migrated once per run the way the app migrates (Flyway, {@code outOfOrder}), so the
   * app's own migration at start validates and applies nothing; tests of the migrations themselves use {@link #fresh()}.
   */
  public static synchronized String migrated() {
    if (template == null) {
      String url = create(null);
      String name = url.substring(url.lastIndexOf('/') + 1);
      Flyway.configure()
          .dataSource("jdbc:postgresql://localhost:" + server().port() + "/" + name, "postgres", "")
          .locations("classpath:db/migration")
          .outOfOrder(true)
          .load()
          .migrate();
      template = name;
    }
    return create(template);
  }

  private static synchronized String create(String from) {
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
    EmbeddedDatabase pg = server();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.port() + "/postgres", "postgres", "");
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + (from == null ? "" : " TEMPLATE " + from));
    } catch (Exception e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return pg.url(name);
  }
}
