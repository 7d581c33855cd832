package org.kakehashi.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Ics;
import org.kakehashi.support.MailCheck;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #14's "done when": two centers paired, a session open to all, a staff member of a third
 * center signs up, the coordinator moves the session, that person cancels. Every e-mail is read as it
 * arrived over SMTP (GreenMail) with Jakarta Mail's strict parser and Python's email package; every
 * .ics with ical4j's validator (RFC 5545 and the iTIP rules of its METHOD), at the octet level, and
 * with Debian's python3-vobject and python3-icalendar.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class InvitationScenarioTest {

  static final Smtp smtp = new Smtp().start();
  static final String DOMAIN = "kakehashi.example.jp";
  static final String FROM_NAME = "かけはし事務局 🌸";
  static final String TITLE = "🌸𠮷 冬の合同研修 — 地域間 👨‍👩‍👧‍👦";
  /** The session's title in every file and Subject: the round's, then the pair's cities (README, "Calendar invitations"). */
  static final String SUMMARY = TITLE + "（名取市 × 松江市）";

  @RegisterExtension
  static TestServer server = new TestServer(smtp.config().andThen(json -> {
    json.put("publicUrl", "https://" + DOMAIN);
    json.getJsonObject("mail").put("from", FROM_NAME + " <no-reply@" + DOMAIN + ">");
  }));

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  /** What one e-mail carried: its recipient, Subject and the one .ics, as ical4j (validated) read it. */
  record Received(String to, String subject, String ics, String method, String uid, int sequence, String attendee,
                  Instant start) {
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  @DisplayName("a third center's staff member: REQUEST on sign-up, REQUEST with a higher SEQUENCE on the move, CANCEL;"
      + " every .ics valid for ical4j, vobject and python-icalendar, each naming its recipient")
  void thirdCenterSignsUpSessionMovesTheyCancel() throws Exception {
    Api coord = server.coordinator();
    long natori = server.center("s-natori", "名取市");
    long matsue = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('s-matsue', '松江市公民館', '松江市', '島根県')"
        + " RETURNING id").iterator().next().getLong("id");
    long naha = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('s-naha', '那覇市公民館', '那覇市', '沖縄県')"
        + " RETURNING id").iterator().next().getLong("id");
    long a = server.person("a@example.jp", natori, "staff-password");
    long b = server.person("b@example.jp", matsue, "staff-password");
    long f = server.person("f@example.jp", null, "facil-password", "facilitator");
    server.person("higa@example.jp", naha, "staff-password");
    server.sql("UPDATE person SET name = '比嘉 𠮷子 🌺' WHERE email = 'higa@example.jp'");

    long round = coord.post("/api/rounds", new JsonObject().put("title", TITLE).put("startsOn", "2027-01-01")
        .put("endsOn", "2027-03-31").put("centerIds", new JsonArray().add(natori).add(matsue))).json().getLong("id");
    assertThat(coord.post("/api/rounds/" + round + "/pairing", null).status()).isEqualTo(200);
    assertThat(coord.post("/api/rounds/" + round + "/pairs/publish", null).status()).isEqualTo(200);
    long slot = coord.post("/api/rounds/" + round + "/slots", new JsonObject().put("startsAt", "2027-02-10T19:00:00+09:00"))
        .json().getJsonArray("slots").getJsonObject(0).getLong("id");
    server.sql("INSERT INTO availability (slot_id, person_id, answer) VALUES ($1, $2, 'yes'), ($1, $3, 'yes'), ($1, $4, 'yes')",
        slot, a, b, f);
    assertThat(coord.post("/api/hosts", new JsonObject().put("name", "Zoom 1")).status()).isEqualTo(201);
    JsonArray sessions = coord.post("/api/rounds/" + round + "/schedule", null).json().getJsonArray("sessions");
    assertThat(sessions).hasSize(1);
    long session = sessions.getJsonObject(0).getLong("id");
    int planned = 3; // the two centers' staff and the facilitator
    awaitMails(planned);

    assertThat(coord.patch("/api/sessions/" + session, new JsonObject().put("openToAll", true)
        .put("joinUrl", "https://zoom.example/j/987")).status()).isEqualTo(200);
    Api higa = server.signedIn("higa@example.jp", "staff-password");
    Api.Res signedUp = higa.post("/api/sessions/" + session + "/registrations", new JsonObject().put("topics", new JsonArray()));
    assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);
    assertThat(signedUp.json().getString("status")).isEqualTo("confirmed");
    awaitMails(planned + 1);

    assertThat(coord.patch("/api/sessions/" + session, new JsonObject()
        .put("startsAt", "2027-02-12T18:30:00+09:00").put("endsAt", "2027-02-12T20:00:00+09:00")).status()).isEqualTo(200);
    int moved = 4; // the two centers' staff, the facilitator and the one signed up from the third center
    awaitMails(planned + 1 + moved);

    // Her private feed lists the session of two other centers she signed up for, with the join link.
    String feed = higa.post("/api/me/calendar-feed", null).json().getString("url");
    String feedPath = feed.substring(feed.indexOf("/api/calendar/"));
    Calendar withSession = Ics.valid(server.api().get(feedPath).text());
    assertThat(withSession.getComponents("VEVENT")).hasSize(1);
    assertThat(withSession.getComponents("VEVENT").get(0).getProperty("UID").orElseThrow().getValue())
        .isEqualTo("session-" + session + "@" + DOMAIN);
    assertThat(withSession.getComponents("VEVENT").get(0).getProperty("SUMMARY").orElseThrow().getValue())
        .as("a session of two other centers, named by their cities").isEqualTo(SUMMARY);
    assertThat(withSession.getComponents("VEVENT").get(0).getProperty("LOCATION").orElseThrow().getValue())
        .isEqualTo("https://zoom.example/j/987");
    assertThat(withSession.getComponents("VEVENT").get(0).getProperty("DESCRIPTION").orElseThrow().getValue())
        .as("the feed carries today's programme (the moved session's clock times) in her language")
        .contains("進行表（日本時間）").contains("\n18:30–18:35 ");

    assertThat(higa.delete("/api/sessions/" + session + "/registrations/me").status()).isEqualTo(204);
    awaitMails(planned + 1 + moved + 1);

    assertThat(Ics.valid(server.api().get(feedPath).text()).getComponents("VEVENT"))
        .as("once she cancelled, the session of other centers leaves her feed").isEmpty();
    String coordFeed = coord.post("/api/me/calendar-feed", null).json().getString("url");
    Api.Res empty = server.api().get(coordFeed.substring(coordFeed.indexOf("/api/calendar/")));
    assertThat(empty.headers().get("Content-Type")).isEqualTo("text/calendar; method=PUBLISH; charset=utf-8");
    assertThat(Ics.valid(empty.text()).getComponents("VEVENT")).as("a coordinator's feed without sessions is a valid calendar").isEmpty();

    MimeMessage[] all = calendarMails();
    assertThat(all).as("nothing more than these").hasSize(planned + 1 + moved + 1);
    List<Received> mails = new ArrayList<>();
    for (MimeMessage m : all) {
      MailCheck.Checked c = MailCheck.check(m, DOMAIN);
      assertThat(c.fromName()).isEqualTo(FROM_NAME);
      assertThat(c.subject()).as("the Subject keeps the emoji and 𠮷, and names the cities").contains(SUMMARY);
      assertThat(c.calendars()).as("one calendar part per e-mail").hasSize(1);
      String ics = c.calendars().get(0);
      Calendar cal = Ics.valid(ics);
      VEvent e = cal.getComponent("VEVENT").map(x -> (VEvent) x).orElseThrow();
      String method = cal.getProperty("METHOD").orElseThrow().getValue();
      assertThat(c.calendarContentTypes().get(0).replace(" ", "")).containsIgnoringCase("method=" + method);
      String to = m.getAllRecipients()[0].toString();
      assertThat(e.getProperties("ATTENDEE")).hasSize(1);
      String attendee = e.getProperties("ATTENDEE").get(0).getValue();
      assertThat(attendee).as("the one ATTENDEE is the recipient").isEqualToIgnoringCase("mailto:" + to);
      assertThat(e.getProperty("ORGANIZER").orElseThrow().getValue()).isEqualTo("mailto:no-reply@" + DOMAIN);
      assertThat(e.getSummary().getValue()).as("SUMMARY").isEqualTo(SUMMARY);
      Temporal start = e.getDateTimeStart().getDate();
      mails.add(new Received(to, c.subject(), ics, method, e.getUid().orElseThrow().getValue(),
          e.getSequence().getSequenceNo(), attendee, Instant.from(start)));
    }
    String uid = "session-" + session + "@" + DOMAIN;
    received = mails;
    assertThat(mails).extracting(Received::uid).containsOnly(uid);

    List<Received> hers = mails.stream().filter(r -> r.to().equals("higa@example.jp")).toList();
    assertThat(hers).extracting(Received::method).containsExactly("REQUEST", "REQUEST", "CANCEL");
    assertThat(hers.get(1).sequence()).as("the move is newer than her sign-up").isGreaterThan(hers.get(0).sequence());
    assertThat(hers.get(2).sequence()).as("her CANCEL is newer than the move").isGreaterThan(hers.get(1).sequence());
    assertThat(hers.get(0).start()).isEqualTo(OffsetDateTime.parse("2027-02-10T19:00:00+09:00").toInstant());
    assertThat(hers.get(1).start()).isEqualTo(OffsetDateTime.parse("2027-02-12T18:30:00+09:00").toInstant());
    assertThat(hers.get(0).ics()).as("the join link for someone with a seat").contains("https://zoom.example/j/987");
    assertThat(hers.get(2).ics()).as("no join link in a CANCEL").doesNotContain("zoom.example");
    assertThat(hers.get(0).subject()).startsWith("【参加登録】");
    assertThat(hers.get(2).subject()).startsWith("【参加取消】");
    // Everyone else: the plan's REQUEST, then the move's with a higher SEQUENCE and the new time.
    for (String other : List.of("a@example.jp", "b@example.jp", "f@example.jp")) {
      List<Received> theirs = mails.stream().filter(r -> r.to().equals(other)).toList();
      assertThat(theirs).extracting(Received::method).as(other).containsExactly("REQUEST", "REQUEST");
      assertThat(theirs.get(1).sequence()).isGreaterThan(theirs.get(0).sequence());
      assertThat(theirs.get(1).start()).isEqualTo(OffsetDateTime.parse("2027-02-12T18:30:00+09:00").toInstant());
      // The programme (進行表) in each: the plan's clock times, then the moved session's, read inside the
      // transaction that planned or moved it (README, "The programme").
      assertThat(description(theirs.get(0).ics())).as(other + " plan").contains("進行表（日本時間）").contains("\n19:00–19:05 ")
          .doesNotContain("18:30–");
      assertThat(description(theirs.get(1).ics())).as(other + " move").contains("進行表（日本時間）").contains("\n18:30–18:35 ")
          .doesNotContain("19:00–19:05");
    }

    // Parsers written by others read every file and every message without complaint.
    assumeTrue(Ics.pythonAvailable(), "Debian's python3-vobject and python3-icalendar are not installed here");
    List<String> seen = Ics.python(mails.stream().map(Received::ics).toList());
    assertThat(seen).hasSize(mails.size());
    for (int i = 0; i < mails.size(); i++) {
      Received r = mails.get(i);
      String[] cols = seen.get(i).split(" ");
      assertThat(Arrays.asList(cols)).as("vobject / python-icalendar on\n" + r.ics())
          .containsExactly(r.method(), uid, String.valueOf(r.sequence()), "mailto:no-reply@" + DOMAIN, r.attendee(),
              SUMMARY.replace(" ", "_"));
    }
    List<String> headers = MailCheck.python(Arrays.asList(all));
    for (String h : headers) {
      assertThat(h).startsWith(FROM_NAME + "|no-reply@" + DOMAIN + "|").contains(SUMMARY)
          .matches(".*\\|multipart/alternative,text/plain,text/calendar/(REQUEST|CANCEL)$");
    }
  }

  static List<Received> received;

  /** ical.js (npm; the e2e profile of the pom installs it under target/e2e-node, like axe-core). */
  static final java.nio.file.Path ICAL_JS = java.nio.file.Path.of(System.getProperty("ical.js",
      "target/e2e-node/node_modules/ical.js/dist/ical.js"));

  @Test
  @org.junit.jupiter.api.Order(2)
  @DisplayName("ical.js (Mozilla's parser, npm) reads the same METHOD, UID, SEQUENCE, ORGANIZER, ATTENDEE, start and SUMMARY")
  void icalJs() throws Exception {
    assumeTrue(received != null, "the scenario ran");
    assumeTrue(java.nio.file.Files.isRegularFile(ICAL_JS), "ical.js is installed by -Pe2e (or npm install --prefix target/e2e-node ical.js)");
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("icaljs");
    java.nio.file.Path script = java.nio.file.Files.writeString(dir.resolve("check.mjs"), """
        const ICAL = (await import(process.env.ICALJS)).default;
        import { readFileSync } from 'node:fs';
        for (const name of process.argv.slice(2)) {
          const cal = new ICAL.Component(ICAL.parse(readFileSync(name, 'utf8')));
          for (const v of cal.getAllSubcomponents('vevent')) {
            const e = new ICAL.Event(v);
            if (v.getAllProperties('dtstamp').length !== 1) throw new Error(name + ': DTSTAMP');
            console.log([cal.getFirstPropertyValue('method'), e.uid, e.sequence, v.getFirstPropertyValue('organizer'),
              v.getAllProperties('attendee').map(a => a.getFirstValue()).join(','), e.startDate.toJSDate().toISOString(),
              e.summary].join(' '));
          }
        }
        """);
    List<String> args = new ArrayList<>(List.of("node", script.toString()));
    for (int i = 0; i < received.size(); i++) {
      args.add(java.nio.file.Files.writeString(dir.resolve(i + ".ics"), received.get(i).ics()).toString());
    }
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.environment().put("ICALJS", ICAL_JS.toAbsolutePath().toUri().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("ical.js:\n" + out).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(received.size());
    for (int i = 0; i < received.size(); i++) {
      Received r = received.get(i);
      assertThat(lines.get(i)).isEqualTo(String.join(" ", r.method(), r.uid(), String.valueOf(r.sequence()),
          "mailto:no-reply@" + DOMAIN, r.attendee(), r.start().toString().replace("Z", ".000Z"), SUMMARY));
    }
  }

  /** The e-mails received that carry a calendar (the pairs' publication e-mails do not). */
  static MimeMessage[] calendarMails() {
    return Arrays.stream(smtp.received()).filter(m -> {
      try {
        return m.getContentType().startsWith("multipart/") && new String(m.getInputStream().readAllBytes(),
            java.nio.charset.StandardCharsets.US_ASCII).contains("text/calendar");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toArray(MimeMessage[]::new);
  }

  /** Polls (the outbox delivers in the background) until {@code count} calendar e-mails have arrived, for up to 30 s. */
  static void awaitMails(int count) throws InterruptedException {
    Eventually.holds(() -> assertThat(calendarMails().length).as("calendar e-mails").isGreaterThanOrEqualTo(count));
  }

  private static String description(String ics) {
    return Ics.valid(ics).getComponent("VEVENT").orElseThrow().getProperty("DESCRIPTION").orElseThrow().getValue();
  }
}
