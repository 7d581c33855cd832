package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in throttle under bursts (README, "Security"): guesses are counted before the password is
 * checked, so however many arrive at once, at most 5 per account and 50 per client address are checked.
 * The checks are counted by the server itself ({@code kakehashi_password_checks_total} on /metrics).
 * The server trusts 127.0.0.1 as its proxy, so each test speaks for a client address of its own.
 */
class ThrottleTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("security")
      .put("trustedProxies", new JsonArray().add("127.0.0.1")));

  @BeforeAll
  static void seed() {
    long center = server.center("natori-1", "名取市");
    server.person("burst@example.jp", center, "right-password-of-burst");
    server.person("bystander@example.jp", center, "bystander-password");
  }

  private static double checks() {
    String metrics = server.api().get("/metrics").text();
    return metrics.lines().filter(l -> l.startsWith("kakehashi_password_checks_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  /** Sends all the sign-ins at once from {@code forwardedFor}; answers their statuses in order. */
  private static List<Integer> burst(String forwardedFor, List<JsonObject> bodies) {
    Api primer = server.api();
    primer.get("/api/me");
    String xsrf = primer.cookie("XSRF-TOKEN");
    WebClient client = WebClient.create(server.vertx());
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (JsonObject body : bodies) {
      sent.add(client.post(server.port(), "localhost", "/api/auth/login")
          .putHeader("Cookie", "XSRF-TOKEN=" + xsrf)
          .putHeader("X-XSRF-TOKEN", xsrf)
          .putHeader("X-Forwarded-For", forwardedFor)
          .sendJsonObject(body));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> f : sent) {
      try {
        statuses.add(f.await(60, TimeUnit.SECONDS).statusCode());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    client.close();
    return statuses;
  }

  @Test
  @DisplayName("100 parallel guesses for one account (the right password last): at most 5 checked, none signs in, the owner told once")
  void burstOneAccount() {
    double before = checks();
    List<JsonObject> bodies = new ArrayList<>();
    for (int i = 0; i < 99; i++) {
      bodies.add(new JsonObject().put("email", "burst@example.jp").put("password", "wrong-guess-" + i));
    }
    bodies.add(new JsonObject().put("email", "burst@example.jp").put("password", "right-password-of-burst"));
    List<Integer> statuses = burst("203.0.113.1", bodies);
    double checked = checks() - before;
    System.out.println("[throttle] guesses checked under a 100-request burst for one account: " + (long) checked);
    assertThat(checked).isLessThanOrEqualTo(5);
    assertThat(statuses).doesNotContain(200, 500);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isGreaterThanOrEqualTo(95);
    assertThat(server.sql("SELECT count(*) AS n FROM outbox WHERE payload->>'to' = 'burst@example.jp'")
        .iterator().next().getLong("n")).isEqualTo(1);
  }

  @Test
  @DisplayName("100 parallel guesses for 100 accounts from one address: at most 50 checked; others behind other addresses sign in")
  void burstOneAddress() {
    double before = checks();
    List<JsonObject> bodies = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      bodies.add(new JsonObject().put("email", "guess" + i + "@example.jp").put("password", "wrong-guess-" + i));
    }
    List<Integer> statuses = burst("203.0.113.2", bodies);
    double checked = checks() - before;
    System.out.println("[throttle] guesses checked under a 100-request burst from one address: " + (long) checked);
    assertThat(checked).isLessThanOrEqualTo(50);
    assertThat(statuses).doesNotContain(200, 500);
    // A spoofed hop on the left does not hide the address our proxy saw.
    assertThat(burst("198.51.100.9, 203.0.113.2",
        List.of(new JsonObject().put("email", "bystander@example.jp").put("password", "bystander-password"))))
        .containsExactly(429);
    assertThat(burst("203.0.113.3",
        List.of(new JsonObject().put("email", "bystander@example.jp").put("password", "bystander-password"))))
        .containsExactly(200);
  }
}
