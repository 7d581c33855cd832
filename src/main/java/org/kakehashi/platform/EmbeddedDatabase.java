package org.kakehashi.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The PostgreSQL 17 server the app runs on when no external database is configured: a real
 * PostgreSQL process whose data directory survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * Starts PostgreSQL on {@code dataDir}, creating the cluster on first use. {@code durable} keeps
   * fsync and synchronous commit on, so a committed change survives a crash; tests turn it off for speed.
   */
  public static EmbeddedDatabase start(Path dataDir, boolean durable) throws IOException {
    return start(dataDir, durable, 0);
  }

  /** As {@link #start(Path, boolean)}, on a fixed port ({@code 0}: any free port). */
  public static EmbeddedDatabase start(Path dataDir, boolean durable, int port) throws IOException {
    Files.createDirectories(dataDir);
    long started = System.nanoTime();
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres pg = builder
        .setDataDirectory(dataDir.toAbsolutePath())
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(30))
        .setServerConfig("fsync", durable ? "on" : "off")
        .setServerConfig("synchronous_commit", durable ? "on" : "off")
        .setServerConfig("full_page_writes", durable ? "on" : "off")
        .setServerConfig("max_connections", "200")
        .setServerConfig("timezone", "UTC")
        .start();
    log.atInfo().addKeyValue("dataDir", dataDir.toAbsolutePath()).addKeyValue("port", pg.getPort())
        .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log("embedded PostgreSQL started");
    return new EmbeddedDatabase(pg);
  }

  /** A {@code postgresql://} URL for the given database on this server. */
  public String url(String database) {
    return "postgresql://postgres@localhost:" + postgres.getPort() + "/" + database;
  }

  public int port() {
    return postgres.getPort();
  }

  /** Stops PostgreSQL cleanly (a fast shutdown that checkpoints), leaving a consistent data directory. */
  @Override
  public void close() {
    try {
      postgres.close();
      log.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
