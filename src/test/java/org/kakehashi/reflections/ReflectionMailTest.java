package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions become held (by hand or at their end time) and each confirmed participant is e-mailed once. */
class ReflectionMailTest {

  static final Smtp smtp = new Smtp().start();

  @RegisterExtension
  static TestServer server = new TestServer(smtp.config().andThen(json -> json.put("publicUrl", "https://kakehashi.example")
      // The timer is slow here: the test ticks by hand, and a second ticker runs against it.
      .put("reflections", new JsonObject().put("editDays", 7).put("tickerMillis", 3_600_000))));
  static final Fixtures fixtures = new Fixtures(server);

  static final String PW = "mail-password";
  static final JsonArray PROMPTS = new JsonArray("[{\"key\":\"aware\",\"ja\":\"気づいたこと\",\"en\":\"What you noticed\"},"
      + "{\"key\":\"partner\",\"ja\":\"相手の市から持ち帰ること\",\"en\":\"What you take home\"}]");
  static long natori;
  static long matsue;
  static long facilitator;
  static int seq;

  @BeforeAll
  static void seed() {
    natori = server.center("natori-m", "名取市");
    matsue = server.center("matsue-m", "松江市");
    server.person("coord@example.jp", null, PW, "coordinator");
    facilitator = server.person("fac@example.jp", null, PW, "facilitator");
    server.person("other-fac@example.jp", null, PW, "facilitator");
  }

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  /** A scheduled session of its own round whose times are {@code startsIn}/{@code endsIn} minutes from now, with participants. */
  static long session(int startsIn, int endsIn, String... participants) {
    int n = ++seq;
    long round = fixtures.round("合同研修" + n).dates("2026-01-01", "2026-12-31").status("running").prompts(PROMPTS.encode())
        .centers(natori, matsue).create();
    long days = endsIn < 0 ? n * 2L : 0;
    // As many seats as participants: the one more below waits.
    long s = fixtures.session(round, fixtures.pair(round, natori, matsue))
        .at(java.time.OffsetDateTime.now().plusMinutes(startsIn).minusDays(days), java.time.OffsetDateTime.now().plusMinutes(endsIn).minusDays(days))
        .facilitator(facilitator).capacity(participants.length).create();
    for (String p : participants) {
      boolean en = p.startsWith("en-");
      long id = server.sql("INSERT INTO person (email, name, center_id, locale) VALUES ($1, $2, $3, $4) RETURNING id",
          p + "@example.jp", en ? "Emily " + p : "佐藤 " + p, natori, en ? "en" : "ja").iterator().next().getLong("id");
      assertThat(fixtures.register(s, id).status()).isEqualTo("confirmed");
    }
    // A waitlisted person is not e-mailed.
    long waiting = server.sql("INSERT INTO person (email, name, center_id) VALUES ($1, '待ち', $2) RETURNING id",
        "wait" + n + "@example.jp", natori).iterator().next().getLong("id");
    assertThat(fixtures.register(s, waiting).status()).isEqualTo("waitlisted");
    return s;
  }

  /** Every message received so far for {@code email}, as subject + decoded text. */
  static List<String> mailsTo(String email) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : smtp.received()) {
      if (m.getAllRecipients()[0].toString().equals(email)) {
        Object content = m.getContent();
        out.add(m.getSubject() + "\n" + (content instanceof String s ? s : Smtp.body(m)));
      }
    }
    return out;
  }

  static void deliverAll() {
    for (int i = 0; i < 20; i++) {
      if (server.app().outbox().poll().await() == 0
          && server.sql("SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL").iterator().next().getLong("n") == 0) {
        return;
      }
    }
  }

  static long outboxTo(String email) {
    return server.sql("SELECT count(*) AS n FROM outbox WHERE payload->>'to' = $1", email).iterator().next().getLong("n");
  }

  @Test
  @DisplayName("the facilitator marks the session held: each confirmed participant gets one e-mail in their language with the form's link and prompts")
  void heldByHand() throws Exception {
    long s = session(-90, -10, "h-ja", "en-h");
    String path = "/api/sessions/" + s + "/held";
    Api staff = server.api();
    assertThat(staff.post(path, null).status()).isEqualTo(401);
    assertThat(server.signedIn("other-fac@example.jp", PW).post(path, null).status()).isEqualTo(403);
    Api fac = server.signedIn("fac@example.jp", PW);
    Api.Res res = fac.post(path, null);
    assertThat(res.status()).as(res.text()).isEqualTo(200);
    assertThat(res.json().getString("status")).isEqualTo("held");
    assertThat(res.json().getString("editableUntil")).isNotBlank();
    assertThat(fac.post(path, null).status()).as("a second click changes nothing").isEqualTo(200);
    assertThat(server.signedIn("coord@example.jp", PW).post(path, null).status()).isEqualTo(200);
    deliverAll();
    assertThat(smtp.await(10_000, 2)).isTrue();
    List<String> ja = mailsTo("h-ja@example.jp");
    assertThat(ja).hasSize(1);
    assertThat(ja.get(0)).contains("【振り返りのお願い】").contains("佐藤 h-ja 様").contains("気づいたこと")
        .contains("相手の市から持ち帰ること").contains("https://kakehashi.example/#/sessions/" + s + "/reflection");
    List<String> en = mailsTo("en-h@example.jp");
    assertThat(en).hasSize(1);
    assertThat(en.get(0)).contains("Your reflection").contains("What you noticed").doesNotContain("気づいたこと")
        .contains("https://kakehashi.example/#/sessions/" + s + "/reflection");
    assertThat(outboxTo("wait" + seq + "@example.jp")).isZero();
  }

  @Test
  @DisplayName("a session not yet started, or cancelled, cannot be marked held")
  void notYet() {
    Api coord = server.signedIn("coord@example.jp", PW);
    long future = session(60, 120, "nf");
    assertThat(coord.post("/api/sessions/" + future + "/held", null).errorCode()).isEqualTo("not_started");
    server.sql("UPDATE session SET status = 'cancelled' WHERE id = $1", future);
    assertThat(coord.post("/api/sessions/" + future + "/held", null).errorCode()).isEqualTo("session_cancelled");
    assertThat(coord.post("/api/sessions/999999/held", null).status()).isEqualTo(404);
    assertThat(outboxTo("nf@example.jp")).isZero();
  }

  @Test
  @DisplayName("at its end time the ticker holds a session once and e-mails once, even with two instances ticking at the same moment")
  void tickerHoldsOnce() throws Exception {
    long ended = session(-120, -1, "t1", "t2", "en-t3");
    long running = session(-30, 30, "t4");
    // A second instance of the server ticking against the same database.
    SessionsEnded other = new SessionsEnded(server.vertx(), server.pool(),
        org.kakehashi.platform.Config.from(org.kakehashi.platform.Config.readDefaults()));
    List<Future<Integer>> ticks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ticks.add(server.app().sessionsEnded().tick());
      ticks.add(other.tick());
    }
    Future.join(new ArrayList<>(ticks)).await(30, TimeUnit.SECONDS);
    assertThat(server.sql("SELECT status, held_at FROM session WHERE id = $1", ended).iterator().next().getString("status"))
        .isEqualTo("held");
    assertThat(server.sql("SELECT status FROM session WHERE id = $1", running).iterator().next().getString("status"))
        .isEqualTo("scheduled");
    server.app().sessionsEnded().tick().await();
    for (String p : List.of("t1", "t2", "en-t3")) {
      assertThat(outboxTo(p + "@example.jp")).as(p).isEqualTo(1);
    }
    assertThat(outboxTo("t4@example.jp")).isZero();
    deliverAll();
    Eventually.until(() -> !mailsTo("en-t3@example.jp").isEmpty());
    assertThat(mailsTo("t1@example.jp")).hasSize(1);
    assertThat(mailsTo("en-t3@example.jp")).singleElement().asString().contains("/#/sessions/" + ended + "/reflection");
    // The session is open for notes now.
    Api.Res put = server.signedIn("coord@example.jp", PW).put("/api/sessions/" + ended + "/reflections/me",
        new JsonObject().put("answers", new JsonObject().put("aware", "x")).put("visibility", "network"));
    assertThat(put.errorCode()).as("the coordinator is no participant").isEqualTo("not_participant");
  }

  @Test
  @DisplayName("one-click reminder: only those who have not written are e-mailed, once an hour at most; staff may not send it")
  void remind() throws Exception {
    long s = session(-90, -10, "r1", "r2");
    Api fac = server.signedIn("fac@example.jp", PW);
    assertThat(fac.post("/api/sessions/" + s + "/reflections/remind", null).errorCode()).isEqualTo("not_held");
    assertThat(fac.post("/api/sessions/" + s + "/held", null).status()).isEqualTo(200);
    server.sql("UPDATE person SET password_hash = (SELECT password_hash FROM person WHERE email = 'fac@example.jp')"
        + " WHERE email = 'r1@example.jp'");
    Api r1 = server.signedIn("r1@example.jp", PW);
    assertThat(r1.put("/api/sessions/" + s + "/reflections/me", new JsonObject()
        .put("answers", new JsonObject().put("aware", "書きました。")).put("visibility", "facilitators")).status()).isEqualTo(200);
    assertThat(r1.post("/api/sessions/" + s + "/reflections/remind", null).status()).isEqualTo(403);
    assertThat(server.signedIn("other-fac@example.jp", PW).post("/api/sessions/" + s + "/reflections/remind", null).status())
        .isEqualTo(403);
    Api.Res sent = fac.post("/api/sessions/" + s + "/reflections/remind", null);
    assertThat(sent.status()).as(sent.text()).isEqualTo(200);
    assertThat(sent.json().getInteger("reminded")).isEqualTo(1);
    assertThat(fac.post("/api/sessions/" + s + "/reflections/remind", null).errorCode()).isEqualTo("reminded_recently");
    assertThat(outboxTo("r1@example.jp")).as("invitation only").isEqualTo(1);
    assertThat(outboxTo("r2@example.jp")).as("invitation and reminder").isEqualTo(2);
    deliverAll();
    Eventually.until(() -> mailsTo("r2@example.jp").size() >= 2);
    assertThat(mailsTo("r2@example.jp")).hasSize(2).anySatisfy(m -> assertThat(m).contains("【リマインド】"));
    JsonObject summary = fac.get("/api/sessions/" + s + "/reflections/summary").json();
    assertThat(summary.getJsonArray("missing")).extracting(o -> ((JsonObject) o).getString("name")).containsExactly("佐藤 r2");
    assertThat(Arrays.asList(summary.getInteger("responses"), summary.getInteger("expected"))).containsExactly(1, 2);
  }
}
