package org.kakehashi.platform;

import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kakehashi.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation upgraded to a release whose capability added a migration numbered below ones already
 * applied (each capability has its own range, README "How it is built"): the start applies it rather
 * than refusing to start.
 */
class MigrationOrderTest {

  @TempDir
  Path older;

  @Test
  @DisplayName("a database at the newest migration but without V42 (and V44, which builds on it), V53, V54 (added later in their ranges) gets them at start")
  void lowerNumberedMigrationsAddedLaterAreApplied() throws Exception {
    Path shipped = Path.of("src/main/resources/db/migration");
    List<String> later = List.of("V42__", "V44__", "V53__", "V54__");
    try (Stream<Path> files = Files.list(shipped)) {
      for (Path f : files.toList()) {
        if (later.stream().noneMatch(p -> f.getFileName().toString().startsWith(p))) {
          Files.copy(f, older.resolve(f.getFileName()));
        }
      }
    }
    String url = TestDatabase.fresh();
    String name = url.substring(url.lastIndexOf('/') + 1);
    PgConnectOptions connect = new PgConnectOptions().setHost("localhost").setPort(TestDatabase.server().port())
        .setDatabase(name).setUser("postgres").setPassword("");
    // The earlier release: everything but those, up to the highest number.
    Database.migrate(connect, "filesystem:" + older);
    assertThat(applied(name)).doesNotContain("42", "44", "53", "54").contains("70");

    Database.migrate(connect);
    assertThat(applied(name)).contains("42", "44", "53", "54", "70");
  }

  private static List<String> applied(String database) throws Exception {
    List<String> versions = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + TestDatabase.server().port() + "/" + database,
        "postgres", "");
         ResultSet r = c.createStatement().executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
      while (r.next()) {
        versions.add(r.getString(1));
      }
    }
    return versions;
  }
}
