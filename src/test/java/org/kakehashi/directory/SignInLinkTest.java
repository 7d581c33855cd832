package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Sessions;
import org.kakehashi.support.Api;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in by a one-time link sent by e-mail, and "keep me signed in on this device" (README, "Security"):
 * the link works once within 15 minutes, requests for it are throttled like password guesses, and only a
 * session the person chose to keep outlives the browser and the 30-minute idle limit.
 */
class SignInLinkTest {

  static final Smtp smtp = new Smtp().start();

  @RegisterExtension
  static TestServer server = new TestServer(smtp.config().andThen(json -> json.getJsonObject("security")
      .put("trustedProxies", new JsonArray().add("127.0.0.1"))));

  static long center;

  @BeforeAll
  static void seed() {
    center = server.center("link-1", "名取市");
  }

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  /** The e-mails received for {@code email} so far. */
  static List<MimeMessage> mailsTo(String email) {
    return Arrays.stream(smtp.received()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(email);
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  /** Waits for the {@code n}th e-mail to {@code email} and returns the sign-in token in it. */
  static String linkToken(String email, int n) throws Exception {
    for (int i = 0; i < 200 && mailsTo(email).size() < n; i++) {
      Thread.sleep(50);
    }
    List<MimeMessage> mails = mailsTo(email);
    assertThat(mails).as("sign-in e-mails to " + email).hasSizeGreaterThanOrEqualTo(n);
    String text = Smtp.text(mails.get(n - 1));
    Matcher m = Pattern.compile("/signin/([A-Za-z0-9_-]{43})").matcher(text);
    assertThat(m.find()).as("link in: " + text).isTrue();
    return m.group(1);
  }

  @Test
  @DisplayName("a sign-in link by e-mail signs in once; a second use, an old link and an unknown one answer 410; unknown addresses get the same 202 and no e-mail")
  void linkOnce() throws Exception {
    server.person("link-once@example.jp", center, "link-once-password-1");
    Api.Res sent = server.api().post("/api/auth/link", new JsonObject().put("email", "Link-Once@example.jp"));
    assertThat(sent.status()).isEqualTo(202);
    assertThat(sent.json().getInteger("validMinutes")).isEqualTo(15);
    String token = linkToken("link-once@example.jp", 1);
    assertThat(Smtp.text(mailsTo("link-once@example.jp").get(0))).contains("15分以内に1回だけ");

    Api browser = server.api();
    Api.Res used = browser.post("/api/auth/link/" + token, null);
    assertThat(used.status()).isEqualTo(200);
    assertThat(used.json().getJsonObject("person").getString("email")).isEqualTo("link-once@example.jp");
    assertThat(browser.get("/api/me").status()).isEqualTo(200);
    assertThat(server.api().post("/api/auth/link/" + token, null).status()).isEqualTo(410);

    // A newer link revokes the older; an expired one does nothing.
    server.api().post("/api/auth/link", new JsonObject().put("email", "link-once@example.jp"));
    String older = linkToken("link-once@example.jp", 2);
    server.api().post("/api/auth/link", new JsonObject().put("email", "link-once@example.jp"));
    String newer = linkToken("link-once@example.jp", 3);
    assertThat(server.api().post("/api/auth/link/" + older, null).status()).isEqualTo(410);
    server.sql("UPDATE sign_in_link SET expires_at = now() - interval '1 second' WHERE token_hash = $1", Sessions.hash(newer));
    Api.Res expired = server.api().post("/api/auth/link/" + newer, null);
    assertThat(expired.status()).isEqualTo(410);
    assertThat(expired.errorCode()).isEqualTo("sign_in_link_not_valid");
    assertThat(server.api().post("/api/auth/link/" + "x".repeat(43), null).status()).isEqualTo(410);

    Api.Res unknown = server.api().post("/api/auth/link", new JsonObject().put("email", "nobody-here@example.jp"));
    assertThat(unknown.status()).isEqualTo(202);
    assertThat(unknown.json()).isEqualTo(sent.json());
    assertThat(server.sql("SELECT count(*) AS n FROM sign_in_link WHERE person_id ="
        + " (SELECT id FROM person WHERE email = 'link-once@example.jp')").iterator().next().getLong("n")).isEqualTo(3);
    assertThat(server.sql("SELECT count(*) AS n FROM outbox WHERE payload->>'to' = 'nobody-here@example.jp'")
        .iterator().next().getLong("n")).isZero();
  }

  @Test
  @DisplayName("100 parallel link requests for one account send at most 5 e-mails; guessing tokens is counted per address")
  void linkThrottled() throws Exception {
    server.person("link-burst@example.jp", center, "link-burst-password-1");
    Api primer = server.api();
    primer.get("/api/me");
    String xsrf = primer.cookie("XSRF-TOKEN");
    WebClient client = WebClient.create(server.vertx());
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      sent.add(client.post(server.port(), "localhost", "/api/auth/link")
          .putHeader("Cookie", "XSRF-TOKEN=" + xsrf).putHeader("X-XSRF-TOKEN", xsrf)
          .putHeader("X-Forwarded-For", "203.0.113.50")
          .sendJsonObject(new JsonObject().put("email", "link-burst@example.jp")));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> f : sent) {
      statuses.add(f.await(60, TimeUnit.SECONDS).statusCode());
    }
    long links = server.sql("SELECT count(*) AS n FROM outbox WHERE payload->>'to' = 'link-burst@example.jp'")
        .iterator().next().getLong("n");
    System.out.println("[sign-in link] e-mails sent under a 100-request burst for one account: " + links);
    assertThat(links).isLessThanOrEqualTo(5);
    assertThat(statuses.stream().filter(s -> s == 429).count()).isGreaterThanOrEqualTo(95);
    assertThat(statuses).doesNotContain(500);

    // Tokens guessed from one address: after 50 in the window, even a real link is refused from there.
    List<Future<HttpResponse<Buffer>>> guesses = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      guesses.add(client.post(server.port(), "localhost", "/api/auth/link/" + ("guess" + i + "-").repeat(8))
          .putHeader("Cookie", "XSRF-TOKEN=" + xsrf).putHeader("X-XSRF-TOKEN", xsrf)
          .putHeader("X-Forwarded-For", "203.0.113.51").send());
    }
    List<Integer> guessed = new ArrayList<>();
    for (Future<HttpResponse<Buffer>> f : guesses) {
      guessed.add(f.await(60, TimeUnit.SECONDS).statusCode());
    }
    client.close();
    assertThat(guessed.stream().filter(s -> s == 410).count()).isEqualTo(50);
    assertThat(guessed.stream().filter(s -> s == 429).count()).isEqualTo(10);
  }

  @Test
  @DisplayName("\"keep me signed in\": only then does the cookie outlive the browser and the session last 30 days; otherwise 30 min idle / 12 h")
  void keepSignedIn() {
    server.person("keep-me@example.jp", center, "keep-me-password-1");
    Api kept = server.api();
    Api.Res keep = kept.post("/api/auth/login", new JsonObject().put("email", "keep-me@example.jp")
        .put("password", "keep-me-password-1").put("remember", true));
    assertThat(keep.status()).isEqualTo(200);
    String keptCookie = keep.setCookies().stream().filter(c -> c.startsWith(Sessions.COOKIE + "=")).findFirst().orElseThrow();
    assertThat(keptCookie).containsIgnoringCase("Max-Age=2592000");

    Api plain = server.api();
    Api.Res once = plain.post("/api/auth/login", new JsonObject().put("email", "keep-me@example.jp")
        .put("password", "keep-me-password-1"));
    String plainCookie = once.setCookies().stream().filter(c -> c.startsWith(Sessions.COOKIE + "=")).findFirst().orElseThrow();
    assertThat(plainCookie).doesNotContainIgnoringCase("Max-Age").doesNotContainIgnoringCase("Expires");

    var rows = server.sql("SELECT keep, extract(epoch FROM expires_at - created_at)::bigint AS s FROM web_session"
        + " WHERE person_id = (SELECT id FROM person WHERE email = 'keep-me@example.jp') ORDER BY keep");
    List<String> sessions = new ArrayList<>();
    rows.forEach(r -> sessions.add(r.getBoolean("keep") + ":" + r.getLong("s")));
    assertThat(sessions).containsExactly("false:1800", "true:2592000");
    // A kept session is not cut by the idle limit: 2 hours unused, still signed in; the other is not.
    server.sql("UPDATE web_session SET created_at = created_at - interval '2 hours', last_seen_at = now() - interval '2 hours',"
        + " expires_at = CASE WHEN keep THEN expires_at ELSE now() - interval '1 second' END"
        + " WHERE person_id = (SELECT id FROM person WHERE email = 'keep-me@example.jp')");
    assertThat(kept.get("/api/me").status()).isEqualTo(200);
    assertThat(plain.get("/api/me").status()).isEqualTo(401);
  }
}
