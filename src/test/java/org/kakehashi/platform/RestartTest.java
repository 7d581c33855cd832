package org.kakehashi.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.TestServer;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RestartTest {

  @TempDir
  Path dataDir;

  private static JsonObject center(String code) {
    return new JsonObject().put("code", code).put("name", "名取市中央公民館").put("city", "名取市").put("prefecture", "宮城県");
  }

  @Test
  @DisplayName("with no database URL the app runs its own PostgreSQL under the data directory, and data survives a restart")
  void embeddedDataSurvivesRestart() {
    TestServer server = new TestServer(json -> {
      json.getJsonObject("database").putNull("url").put("dataDir", dataDir.toString());
      json.put("admin", new JsonObject().put("email", "admin@example.jp").put("password", "admin-koala-estuary-7"));
    });
    server.startEmbedded();
    try {
      Api coord = server.signedIn("admin@example.jp", "admin-koala-estuary-7");
      assertThat(coord.post("/api/centers", center("natori-1")).status()).isEqualTo(201);
      server.stop();
      assertThat(Files.exists(dataDir.resolve("PG_VERSION"))).isTrue();
      assertThat(Files.exists(dataDir.resolve("postmaster.pid"))).as("PostgreSQL stopped cleanly").isFalse();
      server.startEmbedded();
      Api again = server.signedIn("admin@example.jp", "admin-koala-estuary-7");
      assertThat(again.get("/api/centers").json().getJsonArray("centers").getJsonObject(0).getString("code")).isEqualTo("natori-1");
    } finally {
      server.stop();
    }
  }

  @Test
  @DisplayName("while PostgreSQL is down /health says 503 and requests fail fast with 503; afterwards it serves again without a restart")
  void databaseOutage() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedDatabase pg = EmbeddedDatabase.start(dataDir, false, port);
    String url = pg.url("postgres");
    TestServer server = new TestServer(json -> {
      json.getJsonObject("database").put("url", url);
      json.put("admin", new JsonObject().put("email", "admin@example.jp").put("password", "admin-koala-estuary-7"));
    });
    server.startEmbedded();
    try {
      Api coord = server.signedIn("admin@example.jp", "admin-koala-estuary-7");
      assertThat(coord.post("/api/centers", center("before-1")).status()).isEqualTo(201);
      pg.close();

      Api.Res health = server.api().get("/health");
      assertThat(health.status()).isEqualTo(503);
      long started = System.nanoTime();
      Api.Res res = coord.get("/api/centers");
      long ms = (System.nanoTime() - started) / 1_000_000;
      assertThat(res.status()).isEqualTo(503);
      assertThat(res.errorCode()).isEqualTo("unavailable");
      assertThat(res.text()).doesNotContain("Exception");
      assertThat(ms).as("fails fast, does not hang").isLessThan(10_000);

      pg = EmbeddedDatabase.start(dataDir, false, port);
      Api.Res back = Eventually.value(() -> server.api().get("/health"), r -> r.status() == 200);
      assertThat(back.status()).isEqualTo(200);
      assertThat(coord.get("/api/centers").json().getJsonArray("centers").getJsonObject(0).getString("code")).isEqualTo("before-1");
    } finally {
      server.stop();
      pg.close();
    }
  }
}
