package org.kakehashi.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  @BeforeAll
  static void seed() {
    server.person("coord@example.jp", null, "coordinator-pass", "coordinator");
  }

  @Test
  @DisplayName("/health answers UP with the database check; /metrics is Prometheus text with HTTP metrics")
  void healthAndMetrics() {
    Api api = server.api();
    Api.Res health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("status")).isEqualTo("UP");
    api.get("/api/me");
    Api.Res metrics = api.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text()).contains("# TYPE").contains("vertx_http_server_requests");
  }

  @Test
  @DisplayName("an unknown API address is a 404 and a wrong method a 405, both with the error JSON")
  void unknownRoutes() {
    Api.Res missing = server.api().get("/api/no-such-thing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("not_found");
    assertThat(server.api().get("/no-such-page.html").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the UI is served at / and at an invitation link, with the strict CSP")
  void uiServed() {
    Api.Res index = server.api().get("/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.headers().get("Content-Type")).startsWith("text/html");
    assertThat(index.text()).contains("<script type=\"module\"");
    Api.Res invite = server.api().get("/invite/" + "x".repeat(43));
    assertThat(invite.status()).isEqualTo(200);
    assertThat(invite.text()).isEqualTo(index.text());
    assertThat(invite.headers().get("Content-Security-Policy")).contains("script-src 'self'");
  }

  @Test
  @DisplayName("two instances side by side on one database serve the same signed-in person (no sticky sessions)")
  void twoInstances() {
    TestServer second = new TestServer(json -> json.getJsonObject("database").put("url", server.dbUrl()));
    second.startEmbedded();
    try {
      Api onFirst = server.signedIn("coord@example.jp", "coordinator-pass");
      Api onSecond = second.api();
      onSecond.setCookie("kakehashi_session", onFirst.cookie("kakehashi_session"));
      onSecond.setCookie("XSRF-TOKEN", onFirst.cookie("XSRF-TOKEN"));
      assertThat(onSecond.get("/api/me").json().getString("email")).isEqualTo("coord@example.jp");
      // A token issued by one instance is accepted by the other: the CSRF key is shared through PostgreSQL.
      onSecond.setCookie("XSRF-TOKEN", onFirst.cookie("XSRF-TOKEN"));
      Api.Res created = onSecond.post("/api/centers", new JsonObject().put("code", "two-1").put("name", "N")
          .put("city", "名取市").put("prefecture", "宮城県"));
      assertThat(created.status()).isEqualTo(201);
      assertThat(onFirst.post("/api/auth/logout", null).status()).isEqualTo(204);
      assertThat(onSecond.get("/api/me").status()).as("signed out everywhere").isEqualTo(401);
    } finally {
      second.stop();
    }
  }
}
