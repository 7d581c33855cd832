package org.kakehashi.scheduling;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import org.kakehashi.support.ZoomStandIn;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A new host licence re-creates the Zoom meeting (WireMock as Zoom), so its join link changes: everyone
 * whose calendar holds the old link — the confirmed participant and the facilitator — gets, once, an updated
 * REQUEST (GreenMail as the SMTP server) with a higher SEQUENCE and the new link, read by ical4j's validator,
 * vobject and python-icalendar; staff without a seat (their file has no link) get nothing. When the meeting is
 * first created, the facilitator (whose invitation of the plan had no link yet) gets it the same way. The programme
 * (進行表) is in the invitations' text and DESCRIPTION and in the Zoom meeting's agenda.
 */
class HostMoveInvitationTest {

  static final WireMockServer zoom = ZoomStandIn.start();
  static final Smtp smtp = new Smtp().start();
  static final String DOMAIN = "kakehashi.example.jp";

  @RegisterExtension
  static TestServer server = new TestServer(ZoomStandIn.config(zoom).andThen(smtp.config()).andThen(json -> {
    json.put("publicUrl", "https://" + DOMAIN);
    json.getJsonObject("mail").put("from", "かけはし事務局 <no-reply@" + DOMAIN + ">");
  }));

  static final String OPENING = "開会、あいさつ; 名取市と松江市 🌸";
  static final String CUSTOM = "休憩\\体操, 𠮷田さんの「防災・多文化共生」👨‍👩‍👧‍👦; 質問は,チャットへ";
  static final String HOST1 = "/v2/users/host1%40npo.example.jp/meetings";
  static final String HOST2 = "/v2/users/host2%40npo.example.jp/meetings";

  @AfterAll
  static void stop() {
    zoom.stop();
    smtp.stop();
  }

  @Test
  @DisplayName("a host-licence move sends the confirmed participant and the facilitator one updated REQUEST with the new join link,"
      + " a higher SEQUENCE and the programme; nobody else, and not again when Zoom's message is delivered twice")
  void hostMoveSendsTheNewLink() throws Exception {
    zoom.stubFor(post(urlPathEqualTo("/oauth/token"))
        .willReturn(okJson("{\"access_token\":\"token-1\",\"token_type\":\"bearer\",\"expires_in\":3599}")));
    zoom.stubFor(get(urlPathEqualTo(HOST1)).willReturn(okJson("{\"meetings\":[]}")));
    zoom.stubFor(get(urlPathEqualTo(HOST2)).willReturn(okJson("{\"meetings\":[]}")));
    zoom.stubFor(post(urlPathEqualTo(HOST1)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":444,\"join_url\":\"https://zoom.example/j/444?pwd=old\"}")));
    zoom.stubFor(post(urlPathEqualTo(HOST2)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":555,\"join_url\":\"https://zoom.example/j/555?pwd=new\"}")));
    zoom.stubFor(delete(urlPathEqualTo("/v2/meetings/444")).willReturn(aResponse().withStatus(204)));
    zoom.stubFor(patch(urlPathEqualTo("/v2/meetings/555")).willReturn(aResponse().withStatus(204)));

    Api coord = server.coordinator();
    long natori = server.center("h-natori", "名取市");
    long matsue = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('h-matsue', '松江市公民館', '松江市', '島根県')"
        + " RETURNING id").iterator().next().getLong("id");
    long a = server.person("a@example.jp", natori, "staff-password");
    long b = server.person("b@example.jp", matsue, "staff-password");
    long f = server.person("f@example.jp", null, "facil-password", "facilitator");
    long round = coord.post("/api/rounds", new JsonObject().put("title", "冬の合同研修 名取市×松江市").put("startsOn", "2027-01-01")
        .put("endsOn", "2027-03-31").put("centerIds", new JsonArray().add(natori).add(matsue))).json().getLong("id");
    assertThat(coord.post("/api/rounds/" + round + "/pairing", null).status()).isEqualTo(200);
    assertThat(coord.post("/api/rounds/" + round + "/pairs/publish", null).status()).isEqualTo(200);
    long slot = coord.post("/api/rounds/" + round + "/slots", new JsonObject().put("startsAt", "2027-02-10T19:00:00+09:00"))
        .json().getJsonArray("slots").getJsonObject(0).getLong("id");
    server.sql("INSERT INTO availability (slot_id, person_id, answer) VALUES ($1, $2, 'yes'), ($1, $3, 'yes'), ($1, $4, 'yes')",
        slot, a, b, f);
    coord.post("/api/hosts", new JsonObject().put("name", "Zoom 1").put("zoomUserId", "host1@npo.example.jp"));
    long host2 = coord.post("/api/hosts", new JsonObject().put("name", "Zoom 2").put("zoomUserId", "host2@npo.example.jp"))
        .json().getLong("id");
    long session = coord.post("/api/rounds/" + round + "/schedule", null).json().getJsonArray("sessions").getJsonObject(0).getLong("id");
    // A programme whose lines hold what iCalendar must escape (, ; \) and what folding must not split (emoji, 𠮷).
    Api.Res programme = coord.put("/api/sessions/" + session + "/programme", new JsonObject().put("steps", new JsonArray()
        .add(new JsonObject().put("kind", "opening").put("ja", OPENING).put("minutes", 5))
        .add(new JsonObject().put("kind", "caseA"))
        .add(new JsonObject().put("kind", "custom").put("ja", CUSTOM).put("minutes", 20))
        .add(new JsonObject().put("kind", "caseB"))
        .add(new JsonObject().put("kind", "rooms").put("ja", "ブレイクアウトルーム").put("minutes", 30))
        .add(new JsonObject().put("kind", "closing").put("ja", "閉会").put("minutes", 5))));
    assertThat(programme.status()).as(programme.toString()).isEqualTo(200);
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      assertThat(coord.get("/api/sessions/" + session).json().getString("joinUrl")).isEqualTo("https://zoom.example/j/444?pwd=old");
    });
    String created = zoom.findAll(postRequestedFor(urlPathEqualTo(HOST1))).get(0).getBodyAsString();
    String agenda = new JsonObject(created).getString("agenda");
    assertThat(agenda).as("the programme is the meeting's agenda").contains("進行表（日本時間）").contains("19:00–19:05 " + OPENING)
        .contains(CUSTOM)
        .endsWith("kakehashi:session-" + session + "@" + DOMAIN);
    assertThat(agenda.length()).isLessThanOrEqualTo(ZoomMeetings.AGENDA_MAX);

    // The facilitator's invitation of the plan had no link yet (the meeting did not exist): sent again with it.
    MimeMessage ready = awaitMail("f@example.jp", "【Zoom リンク】");
    VEvent readyEvent = event(MailCheck.check(ready, DOMAIN).calendars().get(0));
    assertThat(readyEvent.getProperty("LOCATION").orElseThrow().getValue()).isEqualTo("https://zoom.example/j/444?pwd=old");
    assertThat(readyEvent.getSummary().getValue()).as("the join link's REQUEST names the pair's cities after the round's title")
        .isEqualTo("冬の合同研修 名取市×松江市（名取市 × 松江市）");
    assertThat(subject(ready)).startsWith("【Zoom リンク】冬の合同研修 名取市×松江市（名取市 × 松江市） ");
    int facilitatorBefore = readyEvent.getSequence().getSequenceNo();
    assertThat(Arrays.stream(smtp.received()).filter(m -> subject(m).startsWith("【Zoom リンク】")).map(HostMoveInvitationTest::to))
        .as("only those who may join: staff without a seat have no link in their files").containsExactly("f@example.jp");

    Api staffA = server.signedIn("a@example.jp", "staff-password");
    assertThat(staffA.post("/api/sessions/" + session + "/registrations", new JsonObject().put("topics", new JsonArray()))
        .json().getString("status")).isEqualTo("confirmed");
    MimeMessage signedUp = awaitMail("a@example.jp", "【参加登録】");
    MailCheck.Checked seat = MailCheck.check(signedUp, DOMAIN);
    assertThat(seat.text()).as("the programme in the e-mail").contains("進行表（日本時間）");
    VEvent seatEvent = event(seat.calendars().get(0));
    assertThat(seatEvent.getProperty("LOCATION").orElseThrow().getValue()).isEqualTo("https://zoom.example/j/444?pwd=old");
    assertThat(seatEvent.getProperty("DESCRIPTION").orElseThrow().getValue()).contains("進行表（日本時間）\n19:00–19:05");
    int before = seatEvent.getSequence().getSequenceNo();
    // Her download of the session (PUBLISH) carries the programme too, in English when she reads English.
    server.sql("UPDATE person SET locale = 'en' WHERE id = $1", a);
    Api staffAen = server.signedIn("a@example.jp", "staff-password");
    VEvent download = Ics.valid(staffAen.get("/api/sessions/" + session + "/calendar.ics").text())
        .getComponent("VEVENT").map(x -> (VEvent) x).orElseThrow();
    assertThat(download.getProperty("DESCRIPTION").orElseThrow().getValue()).contains("Programme (Japan time)\n19:00–19:05 ");
    server.sql("UPDATE person SET locale = 'ja' WHERE id = $1", a);

    assertThat(coord.patch("/api/sessions/" + session, new JsonObject().put("hostId", host2)).status()).isEqualTo(200);
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      assertThat(changedMails()).hasSize(2);
    });
    // Zoom's message delivered again (a repeat after a crash): the move is recorded already, nothing is sent.
    server.sql("INSERT INTO outbox (kind, payload) VALUES ('zoom_meeting', $1)", new JsonObject().put("sessionId", session));
    for (int i = 0; i < 3; i++) {
      server.app().outbox().poll().await();
    }
    assertThat(server.sql("SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= now()")
        .iterator().next().getLong("n")).as("all delivered but the reminders").isZero();
    List<MimeMessage> changed = changedMails();
    assertThat(changed).as("once per person whose calendar has the link").hasSize(2);
    assertThat(changed.stream().map(HostMoveInvitationTest::to).sorted().toList()).containsExactly("a@example.jp", "f@example.jp");

    List<String> files = new ArrayList<>();
    for (MimeMessage m : changed) {
      MailCheck.Checked c = MailCheck.check(m, DOMAIN);
      assertThat(c.text()).contains("https://zoom.example/j/555?pwd=new").contains("進行表（日本時間）");
      assertThat(c.calendarContentTypes().get(0).replace(" ", "")).containsIgnoringCase("method=REQUEST");
      String ics = c.calendars().get(0);
      Ics.octets(ics);
      VEvent e = event(ics);
      assertThat(e.getProperty("LOCATION").orElseThrow().getValue()).isEqualTo("https://zoom.example/j/555?pwd=new");
      assertThat(e.getProperty("URL").orElseThrow().getValue()).isEqualTo("https://zoom.example/j/555?pwd=new");
      assertThat(e.getProperty("ATTENDEE").orElseThrow().getValue()).isEqualToIgnoringCase("mailto:" + to(m));
      assertThat(ics).doesNotContain("444");
      assertThat(e.getSequence().getSequenceNo()).as("newer than the REQUEST with the old link")
          .isGreaterThan(to(m).equals("a@example.jp") ? before : facilitatorBefore);
      files.add(ics);
    }

    icalJs(files);

    // vobject and python-icalendar read the new link, the SEQUENCE and the multi-line Japanese DESCRIPTION.
    assumeTrue(Ics.pythonAvailable(), "Debian's python3-vobject and python3-icalendar are not installed here");
    List<String> seen = python(files);
    for (int i = 0; i < files.size(); i++) {
      VEvent e = event(files.get(i));
      String description = e.getProperty("DESCRIPTION").orElseThrow().getValue();
      assertThat(seen.get(i)).isEqualTo(String.join("|", "REQUEST", String.valueOf(e.getSequence().getSequenceNo()),
          "https://zoom.example/j/555?pwd=new", "https://zoom.example/j/555?pwd=new", description, description));
      assertThat(description).contains("Zoom: https://zoom.example/j/555?pwd=new").contains("\n19:00–19:05 " + OPENING)
          .contains(CUSTOM);
      assertThat(files.get(i).replace("\r\n ", "")).as("escaped as RFC 5545 asks").contains("\\;").contains("\\,").contains("\\\\");
    }
  }

  @Test
  @DisplayName("a programme too long for Zoom's agenda is cut after a whole line, within 2,000 characters, the marker kept last")
  void longAgendaIsCut() {
    StringBuilder programme = new StringBuilder("進行表（日本時間）\n");
    for (int i = 0; i < 80; i++) {
      programme.append("19:").append(i % 60).append(" 名取市公民館の事例「地域の防災と多文化共生🌸𠮷」（15分） 発表：名取 花子\n");
    }
    String marker = "kakehashi:session-1@" + DOMAIN;
    String agenda = ZoomMeetings.agenda("冬の合同研修", programme.toString(), marker);
    assertThat(agenda.length()).isLessThanOrEqualTo(ZoomMeetings.AGENDA_MAX).isGreaterThan(ZoomMeetings.AGENDA_MAX - 100);
    assertThat(agenda).startsWith("冬の合同研修\n\n進行表（日本時間）\n").endsWith("\n…\n\n" + marker);
    String kept = agenda.substring(0, agenda.indexOf("\n…"));
    assertThat(programme.toString()).as("whole lines only").startsWith(kept.substring("冬の合同研修\n\n".length()) + "\n");
    assertThat(ZoomMeetings.agenda("冬の合同研修", null, marker)).isEqualTo("冬の合同研修\n\n" + marker);
    assertThat(ZoomMeetings.agenda("冬".repeat(3000), programme.toString(), marker)).hasSizeLessThanOrEqualTo(ZoomMeetings.AGENDA_MAX)
        .endsWith("…\n\n" + marker);
  }

  static VEvent event(String ics) {
    Calendar c = Ics.valid(ics);
    return c.getComponent("VEVENT").map(x -> (VEvent) x).orElseThrow();
  }

  static String to(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<MimeMessage> changedMails() {
    return Arrays.stream(smtp.received()).filter(m -> subject(m).startsWith("【Zoom リンク変更】")).toList();
  }

  static MimeMessage awaitMail(String to, String subjectStart) {
    MimeMessage[] found = new MimeMessage[1];
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      found[0] = Arrays.stream(smtp.received()).filter(m -> to(m).equals(to) && subject(m).startsWith(subjectStart))
          .findFirst().orElse(null);
      assertThat(found[0]).as("an e-mail to " + to + " starting " + subjectStart).isNotNull();
    });
    return found[0];
  }

  /** ical.js (npm, installed by the e2e profile under target/e2e-node) reads the same SEQUENCE, LOCATION and DESCRIPTION as ical4j. */
  static void icalJs(List<String> files) throws Exception {
    Path lib = InvitationScenarioTest.ICAL_JS;
    if (!Files.isRegularFile(lib)) {
      return; // run with -Pe2e (or npm install --prefix target/e2e-node ical.js) to add this reading
    }
    Path dir = Files.createTempDirectory("hostmove-icaljs");
    Path script = Files.writeString(dir.resolve("check.mjs"), """
        const ICAL = (await import(process.env.ICALJS)).default;
        import { readFileSync } from 'node:fs';
        for (const name of process.argv.slice(2)) {
          const v = new ICAL.Component(ICAL.parse(readFileSync(name, 'utf8'))).getFirstSubcomponent('vevent');
          const e = new ICAL.Event(v);
          console.log(JSON.stringify([e.sequence, e.location, e.description]));
        }
        """);
    List<String> args = new ArrayList<>(List.of("node", script.toString()));
    for (int i = 0; i < files.size(); i++) {
      args.add(Files.writeString(dir.resolve(i + ".ics"), files.get(i), StandardCharsets.UTF_8).toString());
    }
    ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
    pb.environment().put("ICALJS", lib.toAbsolutePath().toUri().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("ical.js:\n" + out).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(files.size());
    for (int i = 0; i < files.size(); i++) {
      VEvent e = event(files.get(i));
      assertThat(new JsonArray(lines.get(i))).isEqualTo(new JsonArray().add(e.getSequence().getSequenceNo())
          .add(e.getProperty("LOCATION").orElseThrow().getValue()).add(e.getProperty("DESCRIPTION").orElseThrow().getValue()));
    }
  }

  /** METHOD, SEQUENCE, LOCATION, URL and DESCRIPTION as vobject and python-icalendar read them, a line per file. */
  static List<String> python(List<String> files) throws Exception {
    Path dir = Files.createTempDirectory("hostmove");
    List<String> args = new ArrayList<>(List.of("/usr/bin/python3", "-c", """
        import sys, vobject, icalendar
        for name in sys.argv[1:]:
            data = open(name, 'rb').read()
            v = vobject.readOne(data.decode('utf-8'), validate=True)
            cal = icalendar.Calendar.from_ical(data)
            errors = [e for c in cal.walk() for e in getattr(c, 'errors', [])]
            if errors:
                raise SystemExit(name + ': python-icalendar: ' + repr(errors))
            ev = cal.walk('VEVENT')[0]
            vev = v.vevent
            out = [str(cal['METHOD']), str(int(ev['SEQUENCE'])), str(ev['LOCATION']), str(ev['URL']),
                   str(ev['DESCRIPTION']), vev.description.value]
            print('|'.join(out).replace('\\n', '\\\\n'))
        """));
    for (int i = 0; i < files.size(); i++) {
      args.add(Files.writeString(dir.resolve(i + ".ics"), files.get(i), StandardCharsets.UTF_8).toString());
    }
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("vobject / python-icalendar:\n" + out).isZero();
    return out.lines().map(l -> l.replace("\\n", "\n")).toList();
  }
}
