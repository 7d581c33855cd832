package org.kakehashi.directory;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Sessions;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SignInTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static long center;

  @BeforeAll
  static void seed() {
    center = server.center("natori-1", "名取市");
    server.person("coord@example.jp", null, "coordinator-pass", "coordinator");
    server.person("staff@example.jp", center, "staff-password");
    server.person("throttled@example.jp", center, "right-password");
    server.person("changer@example.jp", center, "old-password-1");
  }

  private static JsonObject login(String email, String password) {
    return new JsonObject().put("email", email).put("password", password);
  }

  @Test
  @DisplayName("sign-in sets an HttpOnly, SameSite=Lax session cookie and /api/me names the person")
  void signInSetsCookie() {
    Api api = server.api();
    Api.Res res = api.post("/api/auth/login", login("Staff@Example.jp", "staff-password"));
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.json().getJsonObject("person").getString("email")).isEqualTo("staff@example.jp");
    String cookie = res.setCookies().stream().filter(c -> c.startsWith(Sessions.COOKIE + "=")).findFirst().orElseThrow();
    assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").doesNotContainIgnoringCase("Secure");
    JsonObject me = api.get("/api/me").json();
    assertThat(me.getString("name")).isEqualTo("テスト staff");
    assertThat(me.getLong("centerId")).isEqualTo(center);
    assertThat(me.getJsonArray("roles")).containsExactly("staff");
    assertThat(me.getString("locale")).isEqualTo("ja");
  }

  @Test
  @DisplayName("a wrong password or unknown e-mail is a 401 with the error JSON, and no cookie")
  void wrongPassword() {
    Api api = server.api();
    Api.Res res = api.post("/api/auth/login", login("staff@example.jp", "not-the-password"));
    assertThat(res.status()).isEqualTo(401);
    assertThat(res.errorCode()).isEqualTo("invalid_credentials");
    assertThat(api.cookie(Sessions.COOKIE)).isNull();
    assertThat(api.post("/api/auth/login", login("nobody@example.jp", "whatever-pass")).status()).isEqualTo(401);
    assertThat(api.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("signing in again gives a new session id and the old one stops working (no fixation)")
  void newSessionIdAtSignIn() {
    Api api = server.signedIn("staff@example.jp", "staff-password");
    String first = api.cookie(Sessions.COOKIE);
    api.post("/api/auth/login", login("staff@example.jp", "staff-password"));
    String second = api.cookie(Sessions.COOKIE);
    assertThat(second).isNotEqualTo(first);
    Api old = server.api();
    old.setCookie(Sessions.COOKIE, first);
    assertThat(old.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("sign-out ends the session on the server, not only in the browser")
  void signOutInvalidatesOnServer() {
    Api api = server.signedIn("staff@example.jp", "staff-password");
    String token = api.cookie(Sessions.COOKIE);
    assertThat(api.post("/api/auth/logout", null).status()).isEqualTo(204);
    assertThat(api.cookie(Sessions.COOKIE)).isNull();
    Api replay = server.api();
    replay.setCookie(Sessions.COOKIE, token);
    assertThat(replay.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("failed sign-ins are answered after a growing delay; after five the sixth attempt is refused with 429, even with the right password")
  void throttled() {
    Api api = server.api();
    long[] took = new long[5];
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      assertThat(api.post("/api/auth/login", login("throttled@example.jp", "wrong-" + i)).status()).isEqualTo(401);
      took[i] = (System.nanoTime() - start) / 1_000_000;
    }
    // Each failure after the first is answered late, the delay doubling (10 ms in the test server's settings):
    // 10, 20, 40, 80 ms at least (a slow machine can only add to them).
    assertThat(took[4]).as("the fifth failure waits 8 × security.loginDelayMillis").isGreaterThanOrEqualTo(80);
    assertThat(took[1] + took[2] + took[3] + took[4]).as("growing delays").isGreaterThanOrEqualTo(150);
    Api.Res res = api.post("/api/auth/login", login("throttled@example.jp", "right-password"));
    assertThat(res.status()).isEqualTo(429);
    assertThat(res.errorCode()).isEqualTo("too_many_attempts");
    assertThat(res.headers().get("Retry-After")).isNotNull();
  }

  @Test
  @DisplayName("a POST without the X-XSRF-TOKEN header is refused with 403 and changes nothing")
  void csrfRefused() {
    Api api = server.signedIn("coord@example.jp", "coordinator-pass").withoutXsrf();
    long before = server.count("center");
    Api.Res res = api.post("/api/centers", new JsonObject().put("code", "x1").put("name", "X").put("city", "仙台市")
        .put("prefecture", "宮城県"));
    assertThat(res.status()).isEqualTo(403);
    assertThat(res.errorCode()).isEqualTo("csrf_token");
    assertThat(server.count("center")).isEqualTo(before);
  }

  @Test
  @DisplayName("a cross-site form carrying the cookie's token as a form field is refused: bodyless POSTs (logout, calendar feed) and JSON routes alike")
  void csrfFormFieldRefused() {
    Api api = server.signedIn("coord@example.jp", "coordinator-pass").withoutXsrf();
    String token = api.cookie("XSRF-TOKEN");
    assertThat(token).isNotNull();
    long feeds = server.count("calendar_feed");
    for (String path : List.of("/api/me/calendar-feed", "/api/auth/logout", "/api/centers")) {
      Api.Res res = api.send(io.vertx.core.http.HttpMethod.POST, path, "X-XSRF-TOKEN=" + token,
          "application/x-www-form-urlencoded");
      assertThat(res.status()).as(path).isEqualTo(403);
      assertThat(res.errorCode()).isEqualTo("csrf_token");
    }
    assertThat(server.count("calendar_feed")).isEqualTo(feeds);
    assertThat(api.get("/api/me").status()).as("still signed in: the logout did not pass").isEqualTo(200);
  }

  @Test
  @DisplayName("a forged X-XSRF-TOKEN equal to a forged cookie is refused (the token is signed)")
  void csrfForged() {
    Api api = server.signedIn("coord@example.jp", "coordinator-pass");
    api.setCookie("XSRF-TOKEN", "forged.1999999999999.token");
    long before = server.count("center");
    Api.Res res = api.post("/api/centers", new JsonObject().put("code", "x2").put("name", "X").put("city", "仙台市")
        .put("prefecture", "宮城県"));
    assertThat(res.status()).isEqualTo(403);
    assertThat(res.errorCode()).isEqualTo("csrf_token");
    assertThat(server.count("center")).isEqualTo(before);
  }

  @Test
  @DisplayName("changing the password ends the person's other sessions")
  void passwordChangeEndsOtherSessions() {
    Api phone = server.signedIn("changer@example.jp", "old-password-1");
    Api laptop = server.signedIn("changer@example.jp", "old-password-1");
    Api.Res res = laptop.put("/api/me/password",
        new JsonObject().put("currentPassword", "old-password-1").put("newPassword", "new-marmot-lagoon-2"));
    assertThat(res.status()).isEqualTo(204);
    assertThat(laptop.get("/api/me").status()).isEqualTo(200);
    assertThat(phone.get("/api/me").status()).isEqualTo(401);
    assertThat(server.api().post("/api/auth/login", login("changer@example.jp", "new-marmot-lagoon-2")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("every response carries the security headers, and the CSP allows no inline script")
  void securityHeaders() {
    Api.Res res = server.api().get("/api/me");
    assertThat(res.headers().get("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline")
        .contains("frame-ancestors 'none'");
    assertThat(res.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(res.headers().get("X-Frame-Options")).isEqualTo("DENY");
    assertThat(res.headers().get("Referrer-Policy")).isEqualTo("same-origin");
    assertThat(res.setCookies()).anyMatch(c -> c.startsWith("XSRF-TOKEN="));
  }
}
