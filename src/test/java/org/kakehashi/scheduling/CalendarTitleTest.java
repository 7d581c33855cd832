package org.kakehashi.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.CalendarComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.Ics;
import org.kakehashi.support.MailCheck;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One staff member in two sessions of one round, her own pair's and a trio's open to all: every .ics she
 * gets (the plan's REQUEST, her seat's REQUEST and CANCEL, each download, her private feed) names the
 * session by the round's title and its cities, so her calendar shows two different titles (README,
 * "Calendar invitations"), as read by ical4j, vobject, python-icalendar and, where installed, ical.js.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class CalendarTitleTest {

  static final Smtp smtp = new Smtp().start();
  static final String ROUND = "2026年度 冬の地域間合同研修";
  static final String PAIR = ROUND + "（名取市 × 松江市）";
  static final String TRIO = ROUND + "（那覇市 × 裾野市 × 札幌市）";

  @RegisterExtension
  static TestServer server = new TestServer(smtp.config());
  static final Fixtures fixtures = new Fixtures(server);

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  @DisplayName("her own pair's session and a trio's she signed up for: two SUMMARY values, in the feed, the downloads,"
      + " the REQUESTs and the CANCEL, and in the Subjects")
  void twoSessionsTwoTitles() throws Exception {
    Api coord = server.coordinator();
    long natori = fixtures.center("t-natori", "名取市中央公民館", "名取市", "宮城県", "防災");
    long matsue = fixtures.center("t-matsue", "松江市中央公民館", "松江市", "島根県", "防災");
    long naha = fixtures.center("t-naha", "那覇市中央公民館", "那覇市", "沖縄県", "防災");
    long susono = fixtures.center("t-susono", "裾野市中央公民館", "裾野市", "静岡県", "防災");
    long sapporo = fixtures.center("t-sapporo", "札幌市中央公民館", "札幌市", "北海道", "防災");
    long kana = server.person("kana@example.jp", natori, "staff-password");
    long matsueStaff = server.person("matsue@example.jp", matsue, "staff-password");
    long nahaStaff = server.person("naha@example.jp", naha, "staff-password");
    long susonoStaff = server.person("susono@example.jp", susono, "staff-password");
    long sapporoStaff = server.person("sapporo@example.jp", sapporo, "staff-password");
    long facil = server.person("facil@example.jp", null, "facil-password", "facilitator");

    long round = coord.post("/api/rounds", new JsonObject().put("title", ROUND).put("startsOn", "2027-01-01")
        .put("endsOn", "2027-03-31").put("centerIds", new JsonArray().add(natori).add(matsue).add(naha).add(susono).add(sapporo)))
        .json().getLong("id");
    fixtures.pairs(round, true, List.of(List.of(natori, matsue), List.of(naha, susono, sapporo)));
    assertThat(coord.post("/api/rounds/" + round + "/pairs/publish", null).status()).isEqualTo(200);
    JsonArray slots = coord.post("/api/rounds/" + round + "/slots", new JsonArray()
        .add(new JsonObject().put("startsAt", "2027-02-10T19:00:00+09:00"))
        .add(new JsonObject().put("startsAt", "2027-02-17T19:00:00+09:00"))).json().getJsonArray("slots");
    long first = slots.getJsonObject(0).getLong("id");
    long second = slots.getJsonObject(1).getLong("id");
    server.sql("INSERT INTO availability (slot_id, person_id, answer) VALUES ($1, $3, 'yes'), ($1, $4, 'yes'), ($1, $8, 'yes'),"
        + " ($2, $5, 'yes'), ($2, $6, 'yes'), ($2, $7, 'yes'), ($2, $8, 'yes')",
        first, second, kana, matsueStaff, nahaStaff, susonoStaff, sapporoStaff, facil);
    assertThat(coord.post("/api/hosts", new JsonObject().put("name", "Zoom 1")).status()).isEqualTo(201);
    JsonArray sessions = coord.post("/api/rounds/" + round + "/schedule", null).json().getJsonArray("sessions");
    assertThat(sessions).hasSize(2);
    long pair = 0;
    long trio = 0;
    for (Object o : sessions) {
      JsonObject s = (JsonObject) o;
      if (s.getJsonArray("centerIds").size() == 3) {
        trio = s.getLong("id");
      } else {
        pair = s.getLong("id");
      }
    }
    assertThat(pair).isPositive();
    assertThat(trio).isPositive();
    assertThat(coord.patch("/api/sessions/" + trio, new JsonObject().put("openToAll", true)
        .put("joinUrl", "https://zoom.example/j/333")).status()).isEqualTo(200);
    Api her = server.signedIn("kana@example.jp", "staff-password");
    Api.Res signedUp = her.post("/api/sessions/" + trio + "/registrations", new JsonObject().put("topics", new JsonArray()));
    assertThat(signedUp.status()).as(signedUp.toString()).isEqualTo(201);
    assertThat(signedUp.json().getString("status")).isEqualTo("confirmed");
    awaitMailsTo("kana@example.jp", 2);

    // Her feed: the two sessions, each under its own title.
    String feed = her.post("/api/me/calendar-feed", null).json().getString("url");
    String feedText = server.api().get(feed.substring(feed.indexOf("/api/calendar/"))).text();
    Map<String, String> inFeed = summariesByUid(Ics.valid(feedText));
    String pairUid = "session-" + pair + "@localhost";
    String trioUid = "session-" + trio + "@localhost";
    assertThat(inFeed).containsExactlyInAnyOrderEntriesOf(Map.of(pairUid, PAIR, trioUid, TRIO));
    assertThat(inFeed.get(pairUid)).as("two sessions of one person read differently").isNotEqualTo(inFeed.get(trioUid));

    // Each download, as she gets it.
    String pairFile = her.get("/api/sessions/" + pair + "/calendar.ics").text();
    String trioFile = her.get("/api/sessions/" + trio + "/calendar.ics").text();
    assertThat(summariesByUid(Ics.valid(pairFile))).containsExactlyEntriesOf(Map.of(pairUid, PAIR));
    assertThat(summariesByUid(Ics.valid(trioFile))).containsExactlyEntriesOf(Map.of(trioUid, TRIO));
    assertThat(description(trioFile)).as("the description opens with the same title").startsWith(TRIO + "\n");

    // She gives up the trio's seat: the CANCEL carries the trio's title too.
    assertThat(her.delete("/api/sessions/" + trio + "/registrations/me").status()).isEqualTo(204);
    awaitMailsTo("kana@example.jp", 3);

    List<String> files = new ArrayList<>(List.of(feedText, pairFile, trioFile));
    List<String> expected = new ArrayList<>(List.of(PAIR, PAIR, TRIO));
    List<String> methods = new ArrayList<>();
    for (MimeMessage m : calendarMails()) {
      if (!m.getAllRecipients()[0].toString().equals("kana@example.jp")) {
        continue;
      }
      MailCheck.Checked c = MailCheck.check(m, "localhost");
      String ics = c.calendars().get(0);
      Calendar cal = Ics.valid(ics);
      methods.add(cal.getProperty("METHOD").orElseThrow().getValue());
      Map<String, String> one = summariesByUid(cal);
      assertThat(one).hasSize(1);
      String title = one.containsKey(pairUid) ? PAIR : TRIO;
      assertThat(one).as(c.subject()).containsExactlyEntriesOf(Map.of(one.containsKey(pairUid) ? pairUid : trioUid, title));
      assertThat(c.subject()).as("the Subject names the session as the file does").contains(title);
      files.add(ics);
      expected.add(title);
    }
    assertThat(methods).containsExactlyInAnyOrder("REQUEST", "REQUEST", "CANCEL");
    assertThat(expected.subList(3, 6)).containsExactlyInAnyOrder(PAIR, TRIO, TRIO);
    // The reminders waiting for her own session carry its title too.
    var reminders = server.sql("SELECT payload->>'subject' AS subject FROM outbox WHERE ref = $1 AND payload->>'to' = $2",
        "reminders:session:" + pair, "kana@example.jp");
    assertThat(reminders.size()).isPositive();
    reminders.forEach(r -> assertThat(r.getString("subject")).startsWith("【リマインド】" + PAIR + " "));

    // Others' parsers read the same titles.
    if (Ics.pythonAvailable()) {
      List<String> seen = Ics.python(files);
      List<String> titles = new ArrayList<>();
      seen.forEach(line -> titles.add(line.substring(line.lastIndexOf(' ') + 1).replace('_', ' ')));
      List<String> want = new ArrayList<>(List.of(PAIR, TRIO));
      want.addAll(expected.subList(1, expected.size()));
      assertThat(titles).as("vobject and python-icalendar, feed first (one line per event)").containsExactlyInAnyOrderElementsOf(want);
    }
    made = files;
    titlesMade = new ArrayList<>(List.of(PAIR, TRIO));
    titlesMade.addAll(expected.subList(1, expected.size()));
  }

  /** Her files (feed, downloads, e-mails) and the SUMMARY of each of their events, one by one, once the first test ran. */
  static List<String> made;
  static List<String> titlesMade;

  @Test
  @org.junit.jupiter.api.Order(2)
  @DisplayName("ical.js (Mozilla's parser, npm) reads the same two titles in her files")
  void icalJs() throws Exception {
    assumeTrue(made != null, "the first test ran");
    assumeTrue(java.nio.file.Files.isRegularFile(ICAL_JS), "ical.js is installed by -Pe2e (or npm install --prefix target/e2e-node ical.js)");
    assertThat(icalJsSummaries(made)).as("ical.js").containsExactlyInAnyOrderElementsOf(titlesMade);
  }

  /** ical.js (npm; the e2e profile installs it under target/e2e-node; {@code -Dical.js=} names another). */
  static final java.nio.file.Path ICAL_JS = java.nio.file.Path.of(System.getProperty("ical.js",
      "target/e2e-node/node_modules/ical.js/dist/ical.js"));

  /** Every event's SUMMARY as ical.js reads it, file after file. */
  static List<String> icalJsSummaries(List<String> files) throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("icaljs-titles");
    java.nio.file.Path script = java.nio.file.Files.writeString(dir.resolve("summaries.mjs"), """
        const ICAL = (await import(process.env.ICALJS)).default;
        import { readFileSync } from 'node:fs';
        for (const name of process.argv.slice(2)) {
          const cal = new ICAL.Component(ICAL.parse(readFileSync(name, 'utf8')));
          for (const v of cal.getAllSubcomponents('vevent')) console.log(new ICAL.Event(v).summary);
        }
        """);
    List<String> args = new ArrayList<>(List.of("node", script.toString()));
    for (int i = 0; i < files.size(); i++) {
      args.add(java.nio.file.Files.writeString(dir.resolve(i + ".ics"), files.get(i)).toString());
    }
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.environment().put("ICALJS", ICAL_JS.toAbsolutePath().toUri().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("ical.js:\n" + out).isZero();
    return out.lines().toList();
  }

  /** The e-mails received that carry a calendar. */
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

  private static Map<String, String> summariesByUid(Calendar calendar) {
    Map<String, String> out = new TreeMap<>();
    for (CalendarComponent c : calendar.getComponents("VEVENT")) {
      out.put(c.getProperty("UID").orElseThrow().getValue(), c.getProperty("SUMMARY").orElseThrow().getValue());
    }
    return out;
  }

  private static String description(String ics) {
    return Ics.valid(ics).getComponent("VEVENT").orElseThrow().getProperty("DESCRIPTION").orElseThrow().getValue();
  }

  private static void awaitMailsTo(String to, int count) throws InterruptedException {
    Eventually.holds(() -> assertThat(Arrays.stream(calendarMails()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(to);
      } catch (Exception e) {
        return false;
      }
    }).count()).as("calendar e-mails to " + to).isGreaterThanOrEqualTo(count));
  }
}
