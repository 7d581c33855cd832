package org.kakehashi.platform;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.support.Ics;
import org.kakehashi.support.MailCheck;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MailerTest {

  static final String FROM = "かけはし事務局 🌸 𠮷 <no-reply@kakehashi.example.jp>";
  static final String SUBJECT = "【日程決定】冬の合同研修 🎉🌸 𠮷野家 👨‍👩‍👧‍👦 名取市×松江市 2027年1月20日(水) 19:00–20:30 ".repeat(2).strip();

  static MimeMessage message(Email email) throws Exception {
    return Mailer.mime(jakarta.mail.Session.getInstance(new Properties()), Mailer.from(FROM), email,
        "outbox-42@kakehashi.example.jp");
  }

  static final String ICS = org.kakehashi.scheduling.SessionCalendarTest.requestFor("hanako@example.jp");

  static String ics() {
    return ICS;
  }

  @Test
  @DisplayName("From is 表示名 <addr> with an RFC 2047 name, any Unicode Subject survives, Auto-Submitted, Message-ID with the domain")
  void headers() throws Exception {
    MimeMessage m = message(new Email("hanako@example.jp", SUBJECT, "本文です 🎉"));
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    m.writeTo(raw);
    String wire = raw.toString(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(wire).contains("From: =?UTF-8?").doesNotContain("no-reply@kakehashi.example.jp (");
    assertThat(wire.chars().allMatch(c -> c < 128)).as("7-bit on the wire").isTrue();
    MailCheck.Checked c = MailCheck.check(new MimeMessage(null, new java.io.ByteArrayInputStream(raw.toByteArray())),
        "kakehashi.example.jp");
    assertThat(c.fromName()).isEqualTo("かけはし事務局 🌸 𠮷");
    assertThat(c.fromAddress()).isEqualTo("no-reply@kakehashi.example.jp");
    assertThat(c.subject()).isEqualTo(SUBJECT);
    assertThat(c.text()).isEqualTo("本文です 🎉");
    assertThat(c.calendars()).isEmpty();
  }

  @Test
  @DisplayName("a calendar goes as multipart/alternative: text/plain and an inline text/calendar with method=")
  void calendarPart() throws Exception {
    MimeMessage m = message(new Email("hanako@example.jp", SUBJECT, "本文です",
        List.of(new Email.Attachment("kakehashi-session-7.ics", "text/calendar; method=REQUEST", ics()))));
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    m.writeTo(raw);
    MimeMessage read = new MimeMessage(null, new java.io.ByteArrayInputStream(raw.toByteArray()));
    MailCheck.Checked c = MailCheck.check(read, "kakehashi.example.jp");
    assertThat(c.calendars()).hasSize(1);
    assertThat(c.calendarContentTypes().get(0)).contains("method=REQUEST").containsIgnoringCase("charset=UTF-8");
    assertThat(c.calendars().get(0)).isEqualTo(ics());
  }

  @Test
  @DisplayName("Python's email.policy.default reads the same display name, Subject and parts (run where python3 is)")
  void python() throws Exception {
    assumeTrue(Ics.pythonAvailable());
    List<String> seen = MailCheck.python(List.of(message(new Email("hanako@example.jp", SUBJECT, "本文です",
        List.of(new Email.Attachment("kakehashi-session-7.ics", "text/calendar; method=REQUEST", ics()))))));
    assertThat(seen).containsExactly("かけはし事務局 🌸 𠮷|no-reply@kakehashi.example.jp|" + SUBJECT
        + "|multipart/alternative,text/plain,text/calendar/REQUEST");
  }
}
