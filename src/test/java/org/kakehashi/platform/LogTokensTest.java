package org.kakehashi.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets stay out of the log (README, "Security"): the whole log, at INFO and with the access log on, is
 * captured through a journey that uses every kind of token (an invitation, a calendar feed, a sign-in link,
 * the session cookie, wrong tokens too), and none of them appears in it. Personal downloads are
 * {@code private, no-store}.
 */
class LogTokensTest {

  static final Smtp smtp = new Smtp().start();

  @RegisterExtension
  static TestServer server = new TestServer(smtp.config());

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  static String mailToken(String to, String prefix, int n) throws Exception {
    List<MimeMessage> mails = List.of();
    for (int i = 0; i < 200; i++) {
      mails = Arrays.stream(smtp.received()).filter(m -> {
        try {
          return m.getAllRecipients()[0].toString().equals(to);
        } catch (Exception e) {
          return false;
        }
      }).toList();
      if (mails.size() >= n) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(mails).hasSizeGreaterThanOrEqualTo(n);
    Matcher m = Pattern.compile(prefix + "([A-Za-z0-9_-]{43})").matcher(Smtp.text(mails.get(n - 1)));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  @DisplayName("a journey through invitation, calendar feed and sign-in link leaves 0 tokens in the log; downloads are private, no-store")
  void noTokenInTheLog() throws Exception {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger access = logs.getLogger("org.kakehashi.access");
    Level rootLevel = root.getLevel();
    Level accessLevel = access.getLevel();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(logs);
    encoder.setPattern("%level %logger - %msg %kvp %ex%n");
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(logs);
    appender.setEncoder(encoder);
    appender.setOutputStream(captured);
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.INFO);
    access.setLevel(Level.INFO);
    List<String> tokens = new ArrayList<>();
    try {
      Api coord = server.coordinator();
      long center = server.center("log-1", "名取市");
      long id = coord.post("/api/people", new JsonObject().put("email", "log-invitee@example.jp").put("name", "記録 太郎")
          .put("centerId", center)).json().getLong("id");
      assertThat(coord.post("/api/people/" + id + "/invite", null).status()).isEqualTo(202);
      String invitation = mailToken("log-invitee@example.jp", "/invite/", 1);
      tokens.add(invitation);
      Api invitee = server.api();
      assertThat(invitee.get("/invite/" + invitation).status()).isEqualTo(200);
      assertThat(invitee.get("/api/invitations/" + invitation).status()).isEqualTo(200);
      assertThat(invitee.post("/api/invitations/" + invitation + "/accept",
          new JsonObject().put("password", "log-heron-basalt-tide")).status()).isEqualTo(200);
      assertThat(invitee.post("/api/invitations/" + invitation + "/accept",
          new JsonObject().put("password", "log-heron-basalt-tide")).status()).isEqualTo(410);
      tokens.add(invitee.cookie(Sessions.COOKIE));

      String feed = invitee.post("/api/me/calendar-feed", null).json().getString("url");
      String feedToken = feed.substring(feed.lastIndexOf('/') + 1, feed.length() - 4);
      tokens.add(feedToken);
      Api.Res ics = server.api().get("/api/calendar/" + feedToken + ".ics");
      assertThat(ics.status()).isEqualTo(200);
      assertThat(ics.headers().get("Cache-Control")).isEqualTo("private, no-store");
      Api.Res people = coord.get("/api/people");
      assertThat(people.headers().get("Cache-Control")).isEqualTo("private, no-store");

      assertThat(server.api().post("/api/auth/link", new JsonObject().put("email", "log-invitee@example.jp")).status())
          .isEqualTo(202);
      String link = mailToken("log-invitee@example.jp", "/signin/", 2);
      tokens.add(link);
      Api linked = server.api();
      assertThat(linked.get("/signin/" + link).status()).isEqualTo(200);
      assertThat(linked.post("/api/auth/link/" + link, null).status()).isEqualTo(200);
      assertThat(server.api().post("/api/auth/link/" + link, null).status()).isEqualTo(410);
      tokens.add(linked.cookie(Sessions.COOKIE));

      // Wrong and mangled tokens are logged no more than right ones.
      String wrong = "Wr0ngT0ken-" + "x".repeat(32);
      tokens.add(wrong);
      server.api().get("/api/invitations/" + wrong);
      server.api().get("/api/calendar/" + wrong + ".ics");
      server.api().post("/api/auth/link/" + wrong, null);
      server.api().get("/api/calendar/" + wrong + "%00.ics");
    } finally {
      root.detachAppender(appender);
      root.setLevel(rootLevel);
      access.setLevel(accessLevel);
      appender.stop();
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    long found = tokens.stream().filter(t -> t != null && log.contains(t)).count();
    long requests = log.lines().filter(l -> l.contains("org.kakehashi.access")).count();
    System.out.printf("[log] tokens found in the log: %d of %d used (%d access-log lines, %d lines in all)%n",
        found, tokens.size(), requests, log.lines().count());
    assertThat(requests).as("the access log was captured").isGreaterThan(10);
    assertThat(log).contains("/api/invitations/[token]").contains("/api/calendar/[token]");
    assertThat(found).as(log).isZero();
  }
}
