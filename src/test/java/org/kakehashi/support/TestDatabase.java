package org.kakehashi.support;

import org.kakehashi.platform.EmbeddedDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server for the whole test run (the embedded 17.5 the app uses), and a fresh,
 * empty database on it for each test class.
 */
public final class TestDatabase {

  private static EmbeddedDatabase server;
  private static final AtomicInteger COUNT = new AtomicInteger();

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
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNT.incrementAndGet();
    EmbeddedDatabase pg = server();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + pg.port() + "/postgres", "postgres", "");
         Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return pg.url(name);
  }
}
