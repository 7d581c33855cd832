package org.kakehashi.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSRF token is bound to the session (README, "Security"), tried as an attacker would: a cookie and
 * header pair the attacker obtained from a session of their own (or from none) is planted on the victim's
 * browser for every bodyless POST, which is where a cross-site request needs nothing but the token.
 */
class CsrfBindingTest {

  @RegisterExtension
  static TestServer server = new TestServer();
  static Fixtures fx = new Fixtures(server);

  static long natori;
  static long matsue;
  static long staffId;

  @BeforeAll
  static void seed() {
    natori = fx.center("csrf-natori", "名取市公民館", "名取市", "宮城県");
    matsue = fx.center("csrf-matsue", "松江市公民館", "松江市", "島根県");
    server.person("victim@example.jp", null, "victim-coordinator-pass", "coordinator");
    server.person("attacker@example.jp", matsue, "attacker-staff-pass");
    staffId = server.person("staff@example.jp", natori, "staff-password-1");
    server.person("invitee@example.jp", natori, "invitee-password-1");
  }

  /** The victim's bodyless POSTs, in an order in which each, sent by the victim, succeeds. */
  private static Map<String, String> bodylessPosts() {
    long round = fx.round("CSRF round").status("pairing").centers(natori, matsue).create();
    fx.pair(round, natori, matsue);
    long past = fx.round("CSRF held round").status("running").centers(natori, matsue).create();
    long pastPair = fx.pair(past, natori, matsue);
    long session = fx.session(past, pastPair).inMinutes(-120, 90).create();
    long invitee = server.sql("SELECT id FROM person WHERE email = 'invitee@example.jp'").iterator().next().getLong("id");
    Map<String, String> posts = new LinkedHashMap<>();
    posts.put("publish", "/api/rounds/" + round + "/pairs/publish");
    posts.put("schedule", "/api/rounds/" + round + "/schedule");
    posts.put("remind (answers)", "/api/rounds/" + round + "/reminders");
    posts.put("invite", "/api/people/" + invitee + "/invite");
    posts.put("held", "/api/sessions/" + session + "/held");
    posts.put("remind (reflections)", "/api/sessions/" + session + "/reflections/remind");
    posts.put("calendar feed", "/api/me/calendar-feed");
    posts.put("logout", "/api/auth/logout");
    return posts;
  }

  @Test
  @DisplayName("a planted cookie + header from the attacker's own session, from no session, or from the victim's other"
      + " session is refused with 403 on every bodyless POST and changes nothing; the victim's own token works")
  void plantedTokensRefused() {
    Api victim = server.signedIn("victim@example.jp", "victim-coordinator-pass");
    assertThat(victim.post("/api/hosts", new JsonObject().put("name", "Zoom CSRF")).status()).isEqualTo(201);
    Api attacker = server.signedIn("attacker@example.jp", "attacker-staff-pass");
    Api anonymous = server.api();
    anonymous.get("/api/me");
    Api victimsPhone = server.signedIn("victim@example.jp", "victim-coordinator-pass");
    Map<String, String> planted = new LinkedHashMap<>();
    planted.put("attacker's session", attacker.xsrf());
    planted.put("no session", anonymous.xsrf());
    planted.put("victim's other session", victimsPhone.xsrf());
    assertThat(planted.values()).doesNotContainNull().doesNotContain(victim.xsrf());

    int attempts = 0;
    int refused = 0;
    List<String> passed = new ArrayList<>();
    for (Map.Entry<String, String> post : bodylessPosts().entrySet()) {
      for (Map.Entry<String, String> token : planted.entrySet()) {
        String before = fingerprint();
        victim.setCookie(Csrf.COOKIE, token.getValue()); // the header echoes the cookie: both planted
        Api.Res res = victim.post(post.getValue(), null);
        attempts++;
        if (res.status() == 403 && "csrf_token".equals(res.errorCode()) && fingerprint().equals(before)) {
          refused++;
        } else {
          passed.add(post.getKey() + " with the token of the " + token.getKey() + ": " + res);
        }
      }
      // The same request with the victim's own token (the last answer, a refusal, issued it) goes through.
      Api.Res own = victim.post(post.getValue(), null);
      assertThat(own.status()).as(post.getKey() + " by the victim: " + own).isBetween(200, 204);
    }
    System.out.println("[csrf] planted-token attempts refused: " + refused + " of " + attempts);
    assertThat(passed).isEmpty();
    assertThat(attempts).isEqualTo(24);
    assertThat(victim.get("/api/me").status()).as("the victim's own logout went through last").isEqualTo(401);
  }

  @Test
  @DisplayName("sign-in re-issues the token: the one from before sign-in, or from the previous session, is refused")
  void signInReissues() {
    Api api = server.api();
    api.get("/api/me");
    String anonymous = api.xsrf();
    api.post("/api/auth/login", new JsonObject().put("email", "staff@example.jp").put("password", "staff-password-1"));
    String first = api.xsrf();
    assertThat(first).isNotEqualTo(anonymous);
    assertRefused(api, anonymous);
    api.post("/api/auth/login", new JsonObject().put("email", "staff@example.jp").put("password", "staff-password-1"));
    assertRefused(api, first);
    long feeds = server.count("calendar_feed");
    assertThat(api.post("/api/me/calendar-feed", null).status()).as("the token the sign-in issued works").isEqualTo(201);
    assertThat(server.count("calendar_feed")).isEqualTo(feeds + 1);
  }

  @Test
  @DisplayName("sign-out re-issues the token: the signed-in one is refused afterwards (no login CSRF with it)")
  void signOutReissues() {
    Api api = server.signedIn("staff@example.jp", "staff-password-1");
    String signedIn = api.xsrf();
    assertThat(api.post("/api/auth/logout", null).status()).isEqualTo(204);
    assertThat(api.xsrf()).isNotEqualTo(signedIn);
    api.setCookie(Csrf.COOKIE, signedIn);
    Api.Res res = api.post("/api/auth/login", new JsonObject().put("email", "staff@example.jp").put("password", "staff-password-1"));
    assertThat(res.status()).isEqualTo(403);
    assertThat(res.errorCode()).isEqualTo("csrf_token");
    assertThat(api.cookie(Sessions.COOKIE)).isNull();
    assertThat(api.post("/api/auth/login", new JsonObject().put("email", "staff@example.jp").put("password", "staff-password-1"))
        .status()).as("with the token the logout issued").isEqualTo(200);
  }

  @Test
  @DisplayName("a change of roles re-issues the token: the one from before is refused, the next answer's works")
  void privilegeChangeReissues() {
    server.person("promoted@example.jp", natori, "promoted-password-1");
    Api staff = server.signedIn("promoted@example.jp", "promoted-password-1");
    String before = staff.xsrf();
    Api coordinator = server.signedIn("victim@example.jp", "victim-coordinator-pass");
    long id = staff.get("/api/me").json().getLong("id");
    Api.Res promoted = coordinator.put("/api/people/" + id, new JsonObject().put("email", "promoted@example.jp")
        .put("name", "テスト promoted").put("centerId", natori).put("roles", new JsonArray().add("staff").add("facilitator")));
    assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
    assertRefused(staff, before);
    staff.get("/api/me");
    assertThat(staff.xsrf()).isNotEqualTo(before);
    assertThat(staff.post("/api/me/calendar-feed", null).status()).isEqualTo(201);
  }

  @Test
  @DisplayName("a token with its session part altered, or with a signature for another session, is refused")
  void alteredToken() {
    Api api = server.signedIn("staff@example.jp", "staff-password-1");
    String token = api.xsrf();
    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    assertRefused(api, parts[0] + "." + (Long.parseLong(parts[1]) + 1) + "." + parts[2]);
    assertRefused(api, "AAAAAAAAAAAAAAAAAAAAAA." + parts[1] + "." + parts[2]);
    assertRefused(api, parts[0] + "." + parts[1]);
    assertRefused(api, token + "x");
  }

  @Test
  @DisplayName("a browser whose token fits its session is sent no other; a missing or altered one, a sign-in and a sign-out"
      + " each get a new one")
  void tokenOnlyWhenNeeded() {
    Api api = server.api();
    assertThat(tokenSet(api.get("/api/me"))).as("no cookie yet").isNotNull();
    String anonymous = api.xsrf();
    assertThat(tokenSet(api.get("/api/me"))).as("second GET with a valid cookie").isNull();
    assertThat(tokenSet(api.get("/api/no-such-thing"))).as("a failure with a valid cookie").isNull();
    Api.Res login = api.post("/api/auth/login", new JsonObject().put("email", "staff@example.jp").put("password", "staff-password-1"));
    assertThat(login.status()).isEqualTo(200);
    assertThat(tokenSet(login)).as("sign-in issues a token for the new session").isNotNull().isNotEqualTo(anonymous);
    String signedIn = api.xsrf();
    assertThat(tokenSet(api.get("/api/me"))).as("GET after sign-in, with the sign-in's token").isNull();
    Api.Res post = api.post("/api/me/calendar-feed", null);
    assertThat(post.status()).as(post.toString()).isEqualTo(201);
    assertThat(tokenSet(post)).as("a POST its token let through").isNull();
    assertThat(api.xsrf()).isEqualTo(signedIn);
    api.setCookie(Csrf.COOKIE, signedIn + "x");
    assertThat(tokenSet(api.get("/api/me"))).as("an altered cookie is replaced").isNotNull().isNotEqualTo(signedIn);
    assertThat(api.post("/api/auth/logout", null).status()).isEqualTo(204);
    assertThat(api.xsrf()).as("sign-out issues a token for no session").isNotNull().isNotEqualTo(signedIn);
  }

  /** The XSRF-TOKEN value an answer sets, or null when it sets none. */
  private static String tokenSet(Api.Res res) {
    return res.setCookies().stream().filter(c -> c.startsWith(Csrf.COOKIE + "=")).findFirst()
        .map(c -> c.split(";", 2)[0].substring(Csrf.COOKIE.length() + 1)).orElse(null);
  }

  @Test
  @DisplayName("every API answer to a browser without a valid token sets the token cookie (readable by the page,"
      + " SameSite=Strict, path /); failures included")
  void cookieOnEveryApiAnswer() {
    for (String path : List.of("/api/me", "/api/no-such-thing")) {
      Api.Res res = server.api().get(path);
      String cookie = res.setCookies().stream().filter(c -> c.startsWith(Csrf.COOKIE + "=")).findFirst().orElseThrow();
      assertThat(cookie).as(path).contains("SameSite=Strict").contains("Path=/").doesNotContainIgnoringCase("HttpOnly");
    }
  }

  /** The token planted as cookie and header on a bodyless POST that would otherwise create a feed: 403, nothing written. */
  private static void assertRefused(Api api, String token) {
    long feeds = server.count("calendar_feed");
    api.setCookie(Csrf.COOKIE, token);
    Api.Res res = api.post("/api/me/calendar-feed", null);
    assertThat(res.status()).as(res.toString()).isEqualTo(403);
    assertThat(res.errorCode()).isEqualTo("csrf_token");
    assertThat(server.count("calendar_feed")).isEqualTo(feeds);
  }

  /**
   * Every table's rows, hashed: what a refused request must leave as it was. The outbox by what was queued
   * (its worker marks deliveries meanwhile), web sessions by who holds them (their last use slides).
   */
  private static String fingerprint() {
    StringBuilder all = new StringBuilder();
    server.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        + " AND table_name <> 'flyway_schema_history' ORDER BY table_name").forEach(r -> {
          String table = r.getString("table_name");
          String rows = switch (table) {
            case "outbox" -> "(SELECT id, kind, payload FROM outbox)";
            case "web_session" -> "(SELECT id_hash, person_id, created_at, keep FROM web_session)";
            default -> "(SELECT * FROM \"" + table + "\")";
          };
          all.append(table).append('=').append(server.sql("SELECT count(*) AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
              + " AS h FROM " + rows + " t").iterator().next().toJson()).append('\n');
        });
    return all.toString();
  }
}
