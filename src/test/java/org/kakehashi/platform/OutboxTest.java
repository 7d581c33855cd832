package org.kakehashi.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;


import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {

  static final Smtp smtp = new Smtp();

  @RegisterExtension
  static TestServer server = new TestServer(smtp.config());

  @BeforeAll
  static void seed() {
    server.person("coord@example.jp", null, "coordinator-pass", "coordinator");
  }

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  private static long invite(String email) {
    Api coord = server.signedIn("coord@example.jp", "coordinator-pass");
    long id = coord.post("/api/people", new JsonObject().put("email", email).put("name", "職員")).json().getLong("id");
    assertThat(coord.post("/api/people/" + id + "/invite", null).status()).isEqualTo(202);
    return server.sql("SELECT max(id) AS id FROM outbox").iterator().next().getLong("id");
  }

  private static JsonObject row(long id) {
    return server.sql("SELECT attempts, delivered_at IS NOT NULL AS delivered, last_error FROM outbox WHERE id = $1", id)
        .iterator().next().toJson();
  }

  private static long receivedBy(String email) {
    return java.util.Arrays.stream(smtp.received()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(email);
      } catch (Exception e) {
        return false;
      }
    }).count();
  }

  @Test
  @DisplayName("while SMTP is down the e-mail waits in the outbox with retries; once it is back it is delivered exactly once")
  void smtpDownThenUp() throws Exception {
    long id = invite("wait@example.jp");
    Eventually.until(() -> row(id).getInteger("attempts") >= 2);
    JsonObject waiting = row(id);
    assertThat(waiting.getBoolean("delivered")).isFalse();
    assertThat(waiting.getInteger("attempts")).isGreaterThanOrEqualTo(2);
    assertThat(waiting.getString("last_error")).isNotBlank();

    smtp.start();
    Eventually.until(() -> row(id).getBoolean("delivered"));
    try {
      assertThat(row(id).getBoolean("delivered")).isTrue();
      // GreenMail stores a message before it answers 250, and a delivered row is never claimed again:
      // one more poll delivers nothing.
      server.app().outbox().poll().await();
      assertThat(receivedBy("wait@example.jp")).isEqualTo(1);
    } finally {
      smtp.stop();
    }
  }

  @Test
  @DisplayName("a message queued before a restart is delivered after it, once")
  void survivesRestart() throws Exception {
    long id = invite("restart@example.jp");
    server.stop();
    assertThat(row0(id)).isFalse();
    smtp.start();
    try {
      server.start();
      Eventually.until(() -> row(id).getBoolean("delivered"));
      assertThat(row(id).getBoolean("delivered")).isTrue();
      server.app().outbox().poll().await();
      assertThat(receivedBy("restart@example.jp")).isEqualTo(1);
    } finally {
      smtp.stop();
    }
  }

  @Test
  @DisplayName("an invitation with its .ics attachment reaches the SMTP server intact, Japanese text and all")
  void attachmentDelivered() throws Exception {
    String ics = org.kakehashi.scheduling.SessionCalendar.invitation(
        org.kakehashi.scheduling.SessionCalendar.Identity.of("https://kakehashi.example", "Kakehashi <no-reply@kakehashi.example>"),
        new org.kakehashi.scheduling.SessionCalendar.Entry(new org.kakehashi.sessions.Session(7, 1, 1, java.util.List.of(1L, 2L),
            java.time.OffsetDateTime.parse("2027-01-20T19:00:00+09:00"), java.time.OffsetDateTime.parse("2027-01-20T20:30:00+09:00"),
            null, null, 30, 0, 0, null, null, null, "scheduled", 0, false, null),
            org.kakehashi.scheduling.SessionCalendar.title("冬の合同研修", java.util.List.of("名取市", "松江市")), "気づきを持ち帰る", "https://kakehashi.example/#/sessions/7", null),
        new Email.Address(null, "ics@example.jp"), "REQUEST");
    server.pool().withTransaction(tx -> Outbox.email(tx, new Email("ics@example.jp", "【日程決定】冬の合同研修", "本文です",
        java.util.List.of(new Email.Attachment("kakehashi-session-7.ics", "text/calendar; method=REQUEST; charset=utf-8", ics)))))
        .await();
    smtp.start();
    try {
      Eventually.until(() -> receivedBy("ics@example.jp") == 1);
      jakarta.mail.internet.MimeMessage mail = java.util.Arrays.stream(smtp.received()).filter(m -> {
        try {
          return m.getAllRecipients()[0].toString().equals("ics@example.jp");
        } catch (Exception e) {
          return false;
        }
      }).findFirst().orElseThrow();
      assertThat(mail.getSubject()).isEqualTo("【日程決定】冬の合同研修");
      // multipart/alternative: the text, then the inline calendar part.
      jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) mail.getContent();
      assertThat(parts.getContentType()).startsWith("multipart/alternative");
      String file = null;
      for (int i = 0; i < parts.getCount(); i++) {
        var part = parts.getBodyPart(i);
        if (part.getContentType().startsWith("text/calendar")) {
          file = new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
      assertThat(file).isNotNull();
      var calendar = new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.StringReader(file));
      assertThat(calendar.getComponent("VEVENT").orElseThrow().getProperty("SUMMARY").orElseThrow().getValue())
          .isEqualTo("冬の合同研修（名取市 × 松江市）");
    } finally {
      smtp.stop();
    }
  }

  /** Whether it was delivered, read while the app is stopped (straight from PostgreSQL over JDBC). */
  private static boolean row0(long id) throws Exception {
    var connect = io.vertx.pgclient.PgConnectOptions.fromUri(server.dbUrl());
    try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + connect.getHost() + ":" + connect.getPort() + "/"
        + connect.getDatabase(), connect.getUser(), connect.getPassword());
         var s = c.prepareStatement("SELECT delivered_at IS NOT NULL FROM outbox WHERE id = ?")) {
      s.setLong(1, id);
      var rs = s.executeQuery();
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
