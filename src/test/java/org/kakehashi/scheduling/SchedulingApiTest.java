package org.kakehashi.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulingApiTest {

  @RegisterExtension
  static TestServer server = new TestServer();
  static final Fixtures fixtures = new Fixtures(server);

  static Api coord;
  static long round;
  static long natori;
  static long matsue;
  static long naha;
  static long susono;
  static JsonArray slots;
  static List<Long> pairs;

  static long center(String code, String city, String pref) {
    return fixtures.center(code, city + "公民館", city, pref, "防災");
  }

  @BeforeAll
  static void seed() {
    coord = server.coordinator();
    natori = center("natori", "名取市", "宮城県");
    matsue = center("matsue", "松江市", "島根県");
    naha = center("naha", "那覇市", "沖縄県");
    susono = center("susono", "裾野市", "静岡県");
    long outsider = center("sapporo", "札幌市", "北海道");
    server.person("natori@example.jp", natori, "staff-password");
    server.person("matsue@example.jp", matsue, "staff-password");
    server.person("naha@example.jp", naha, "staff-password");
    server.person("susono@example.jp", susono, "staff-password");
    server.person("outsider@example.jp", outsider, "staff-password");
    server.person("facil@example.jp", null, "facil-password", "facilitator");
    server.person("facil2@example.jp", null, "facil-password", "facilitator");
    round = coord.post("/api/rounds", new JsonObject().put("title", "冬の合同研修").put("startsOn", "2027-01-10")
        .put("endsOn", "2027-02-28").put("centerIds", new JsonArray().add(natori).add(matsue).add(naha).add(susono)))
        .json().getLong("id");
    // Lock Natori–Matsue and Naha–Susono so the test knows the pairs.
    pairs = fixtures.pairs(round, true, List.of(List.of(natori, matsue), List.of(naha, susono)));
    assertThat(coord.post("/api/rounds/" + round + "/pairs/publish", null).status()).isEqualTo(200);
    slots = coord.post("/api/rounds/" + round + "/slots", new JsonArray()
        .add(new JsonObject().put("startsAt", "2027-01-20T19:00:00+09:00").put("durationMinutes", 90))
        .add(new JsonObject().put("startsAt", "2027-01-23T10:00:00+09:00"))).json().getJsonArray("slots");
  }

  static long slot(int i) {
    return slots.getJsonObject(i).getLong("id");
  }

  static void answer(String email, int slot, String answer) {
    Api api = server.signedIn(email, email.startsWith("facil") ? "facil-password" : "staff-password");
    assertThat(api.put("/api/slots/" + slot(slot) + "/availability", new JsonObject().put("answer", answer)).status())
        .isEqualTo(200);
  }

  @Test
  @Order(1)
  @DisplayName("staff answer, the coordinator schedules: each pair at the slot both centers can make, with a host and a facilitator")
  void scheduleFlow() {
    assertThat(slots).hasSize(2);
    assertThat(slots.getJsonObject(0).getString("startsAt")).isEqualTo("2027-01-20T10:00:00Z");
    answer("natori@example.jp", 0, "yes");
    answer("matsue@example.jp", 0, "maybe");
    answer("matsue@example.jp", 1, "no");
    answer("naha@example.jp", 1, "yes");
    answer("susono@example.jp", 1, "yes");
    answer("naha@example.jp", 0, "yes");
    answer("facil@example.jp", 0, "yes");
    answer("facil@example.jp", 1, "yes");
    Api outsider = server.signedIn("outsider@example.jp", "staff-password");
    assertThat(outsider.put("/api/slots/" + slot(0) + "/availability", new JsonObject().put("answer", "yes")).status())
        .as("a center outside the round cannot answer").isEqualTo(403);
    assertThat(server.signedIn("natori@example.jp", "staff-password").put("/api/slots/" + slot(0) + "/availability",
        new JsonObject().put("answer", "perhaps")).status()).isEqualTo(422);

    assertThat(coord.post("/api/rounds/" + round + "/schedule", null).errorCode()).isEqualTo("no_hosts");
    assertThat(coord.post("/api/hosts", new JsonObject().put("name", "Zoom 1").put("zoomUserId", "host1@npo.example.jp"))
        .status()).isEqualTo(201);
    JsonObject plan = coord.post("/api/rounds/" + round + "/schedule", null).json();
    JsonArray sessions = plan.getJsonArray("sessions");
    assertThat(sessions).hasSize(2);
    assertThat(plan.getJsonArray("unplaced")).isEmpty();
    assertThat(plan.getDouble("gapPercent")).isZero();
    assertThat(plan.getDouble("participants")).isEqualTo(1 + 0.5 + 1 + 1);
    for (Object o : sessions) {
      JsonObject s = (JsonObject) o;
      List<Long> centers = s.getJsonArray("centerIds").stream().map(x -> ((Number) x).longValue()).toList();
      String expected = centers.contains(natori) ? "2027-01-20T10:00:00Z" : "2027-01-23T01:00:00Z";
      assertThat(s.getString("startsAt")).isEqualTo(expected);
      assertThat(s.getLong("hostId")).isNotNull();
      assertThat(s.getLong("facilitatorId")).isNotNull();
    }

    // Every staff member of the paired centers and each session's facilitator got an e-mail with a
    // valid .ics invitation naming them.
    var mails = server.sql("SELECT payload FROM outbox WHERE kind = 'email' AND payload->>'subject' LIKE '%日程決定%'");
    assertThat(mails.size()).isEqualTo(4 + 2);
    for (var row : mails) {
      JsonObject m = (JsonObject) row.getValue("payload");
      Calendar c = parse(m.getJsonArray("attachments").getJsonObject(0).getString("content"));
      assertThat(c.getComponent("VEVENT").orElseThrow().getProperty("ATTENDEE").orElseThrow().getValue())
          .isEqualTo("mailto:" + m.getString("to"));
    }
    JsonObject mail = (JsonObject) mails.iterator().next().getValue("payload");
    JsonObject file = mail.getJsonArray("attachments").getJsonObject(0);
    assertThat(file.getString("contentType")).startsWith("text/calendar; method=REQUEST");
    assertThat(parse(file.getString("content")).getProperty("METHOD").orElseThrow().getValue()).isEqualTo("REQUEST");
    // Planning again with nothing changed keeps the sessions (and their calendar UIDs) and sends nothing.
    long mailsBefore = server.count("outbox");
    JsonArray again = coord.post("/api/rounds/" + round + "/schedule", null).json().getJsonArray("sessions");
    assertThat(again.stream().map(o -> ((JsonObject) o).getLong("id")).toList())
        .isEqualTo(sessions.stream().map(o -> ((JsonObject) o).getLong("id")).toList());
    assertThat(server.count("outbox")).isEqualTo(mailsBefore);

    // The calendar file parses, with a stable UID and a SEQUENCE raised by every change.
    long sessionId = sessions.getJsonObject(0).getLong("id");
    Api natoriStaff = server.signedIn("natori@example.jp", "staff-password");
    Calendar before = parse(natoriStaff.get("/api/sessions/" + sessionId + "/calendar.ics").text());
    VEvent event = before.getComponent("VEVENT").map(c -> (VEvent) c).orElseThrow();
    assertThat(event.getUid().orElseThrow().getValue()).isEqualTo("session-" + sessionId + "@localhost");
    assertThat(event.getSequence().getSequenceNo()).isZero();
    JsonObject patched = coord.patch("/api/sessions/" + sessionId, new JsonObject()
        .put("joinUrl", "https://zoom.example/j/123").put("capacity", 24)).json();
    assertThat(patched.getInteger("sequence")).isEqualTo(1);
    assertThat(patched.getInteger("capacity")).isEqualTo(24);
    Calendar after = parse(natoriStaff.get("/api/sessions/" + sessionId + "/calendar.ics").text());
    assertThat(after.getComponent("VEVENT").map(c -> ((VEvent) c).getSequence().getSequenceNo()).orElseThrow())
        .isEqualTo(1);
    assertThat(natoriStaff.get("/api/sessions/" + sessionId).json().containsKey("joinUrl"))
        .as("the join link is not shown to staff before sign-up").isFalse();
    assertThat(outsider.get("/api/sessions/" + sessionId).status()).as("a session one may not see answers as one that does not exist").isEqualTo(404);

    // Moving a session by hand tells its participants again, with a raised SEQUENCE.
    long lastBeforeMove = server.sql("SELECT max(id) AS m FROM outbox").iterator().next().getLong("m");
    JsonObject moved = coord.patch("/api/sessions/" + sessionId, new JsonObject()
        .put("startsAt", "2027-01-20T20:00:00+09:00").put("endsAt", "2027-01-20T21:30:00+09:00")).json();
    assertThat(moved.getInteger("sequence")).isEqualTo(2);
    var moveMails = server.sql("SELECT payload FROM outbox WHERE id > $1 AND kind = 'email' AND ref IS NULL", lastBeforeMove);
    assertThat(moveMails.size()).as("2 staff and the facilitator").isEqualTo(3);
    assertThat(server.sql("SELECT count(*) AS n FROM outbox WHERE ref = $1 AND delivered_at IS NULL",
        "reminders:session:" + sessionId).iterator().next().getLong("n")).as("reminders queued anew, not doubled").isEqualTo(6);
    // The same slot twice in one request is a 422, not a 500.
    Api.Res twice = coord.post("/api/rounds/" + round + "/slots", new JsonArray()
        .add(new JsonObject().put("startsAt", "2027-02-20T19:00:00+09:00"))
        .add(new JsonObject().put("startsAt", "2027-02-20T19:00:00+09:00")));
    assertThat(twice.status()).isEqualTo(422);

    // Reminders 24 h and 1 h before, for each of the 4 staff and 2 facilitators of the 2 sessions, waiting in the outbox.
    assertThat(server.sql("SELECT count(*) AS n FROM outbox WHERE ref LIKE 'reminders:session:%' AND delivered_at IS NULL")
        .iterator().next().getLong("n")).isEqualTo(12);

    // A private calendar feed: anyone with the secret address, nobody without it.
    String url = natoriStaff.post("/api/me/calendar-feed", null).json().getString("url");
    String path = url.substring(url.indexOf("/api/calendar/"));
    Api.Res feed = server.api().get(path);
    assertThat(feed.status()).isEqualTo(200);
    Calendar calendar = parse(feed.text());
    assertThat(calendar.getComponents("VEVENT")).hasSize(1);
    assertThat(server.api().get("/api/calendar/" + "x".repeat(43) + ".ics").status()).isEqualTo(404);
    natoriStaff.post("/api/me/calendar-feed", null);
    assertThat(server.api().get(path).status()).as("a new address revokes the old").isEqualTo(404);
  }

  @Test
  @Order(3)
  @DisplayName("the coordinator's grid shows who can come when; a center in London sees its own time across the DST change")
  void gridAndTimeZones() {
    server.sql("UPDATE center SET time_zone = 'Europe/London' WHERE id = $1", susono);
    server.sql("UPDATE center SET closed_weekdays = '{6}' WHERE id = $1", natori);
    JsonArray two = coord.post("/api/rounds/" + round + "/slots", new JsonArray()
        .add(new JsonObject().put("startsAt", "2027-03-27T19:00:00+09:00"))
        .add(new JsonObject().put("startsAt", "2027-04-03T19:00:00+09:00"))).json().getJsonArray("slots");
    assertThat(two.getJsonObject(0).getValue("holiday")).as("27 March 2027 is a Saturday, no holiday").isNull();
    JsonArray holiday = coord.post("/api/rounds/" + round + "/slots", new JsonObject().put("startsAt", "2027-03-22T10:00:00+09:00"))
        .json().getJsonArray("slots");
    assertThat(holiday.getJsonObject(0).getString("holiday")).as("the equinox's substitute day").isEqualTo("振替休日");
    JsonObject grid = coord.get("/api/rounds/" + round + "/availability").json();
    JsonObject london = grid.getJsonArray("pairs").stream().map(o -> (JsonObject) o)
        .flatMap(p -> p.getJsonArray("centers").stream().map(c -> (JsonObject) c))
        .filter(c -> c.getLong("centerId") == susono).findFirst().orElseThrow();
    assertThat(london.getString("timeZone")).isEqualTo("Europe/London");
    assertThat(london.getJsonObject("localStarts").getString(String.valueOf(two.getJsonObject(0).getLong("id"))))
        .as("before British Summer Time").isEqualTo("2027-03-27T10:00Z");
    assertThat(london.getJsonObject("localStarts").getString(String.valueOf(two.getJsonObject(1).getLong("id"))))
        .as("after the clocks go forward").isEqualTo("2027-04-03T11:00+01:00");
    JsonObject natoriCenter = grid.getJsonArray("pairs").stream().map(o -> (JsonObject) o)
        .flatMap(p -> p.getJsonArray("centers").stream().map(c -> (JsonObject) c))
        .filter(c -> c.getLong("centerId") == natori).findFirst().orElseThrow();
    assertThat(natoriCenter.getJsonArray("closedSlots").stream().map(o -> ((Number) o).longValue()).toList())
        .as("Natori closes on Saturdays: 23 January, 27 March and 3 April 2027")
        .containsExactlyInAnyOrder(slot(1), two.getJsonObject(0).getLong("id"), two.getJsonObject(1).getLong("id"));
    assertThat(natoriCenter.getJsonArray("people").getJsonObject(0).getJsonObject("answers")
        .getString(String.valueOf(slot(0)))).isEqualTo("yes");
    assertThat(server.signedIn("natori@example.jp", "staff-password").get("/api/rounds/" + round + "/availability").status())
        .isEqualTo(403);
  }

  @Test
  @Order(2)
  @DisplayName("the database refuses one host licence in two overlapping sessions, even when two edits race")
  void licenceNeverDoubleBooked() throws Exception {
    long host = coord.post("/api/hosts", new JsonObject().put("name", "Zoom race")).json().getLong("id");
    // Two sessions at overlapping times, neither with a licence yet (planned as the scheduler plans).
    long a = fixtures.session(round, pairs.get(0))
        .at(OffsetDateTime.parse("2027-02-01T10:00+09:00"), OffsetDateTime.parse("2027-02-01T11:30+09:00")).create();
    long b = fixtures.session(round, pairs.get(1))
        .at(OffsetDateTime.parse("2027-02-01T11:00+09:00"), OffsetDateTime.parse("2027-02-01T12:30+09:00")).create();
    assertThat(server.sql("SELECT count(*) AS n FROM session WHERE id IN ($1, $2) AND host_id IS NULL", a, b).iterator().next()
        .getLong("n")).as("neither has a licence yet").isEqualTo(2);
    Api other = server.signedIn("coord@example.jp", "coordinator-pass");
    CompletableFuture<Api.Res> first = CompletableFuture.supplyAsync(() ->
        coord.patch("/api/sessions/" + a, new JsonObject().put("hostId", host)));
    CompletableFuture<Api.Res> second = CompletableFuture.supplyAsync(() ->
        other.patch("/api/sessions/" + b, new JsonObject().put("hostId", host)));
    List<Integer> statuses = List.of(first.get().status(), second.get().status());
    assertThat(statuses).containsExactlyInAnyOrder(200, 409);
    assertThat(server.sql("SELECT count(*) AS n FROM session WHERE host_id = $1", host).iterator().next().getLong("n"))
        .isEqualTo(1);
  }

  static Calendar parse(String ics) {
    return org.kakehashi.support.Ics.valid(ics);
  }


  @Test
  @Order(4)
  @DisplayName("a candidate time can be deleted: its answers go with it, the others stay, a second delete is a 404")
  void deleteSlot() {
    long extra = coord.post("/api/rounds/" + round + "/slots", new JsonObject().put("startsAt", "2027-02-05T19:00:00+09:00"))
        .json().getJsonArray("slots").getJsonObject(0).getLong("id");
    Api natoriStaff = server.signedIn("natori@example.jp", "staff-password");
    assertThat(natoriStaff.put("/api/slots/" + extra + "/availability", new JsonObject().put("answer", "yes")).status()).isEqualTo(200);
    long answersBefore = server.sql("SELECT count(*) FROM availability").iterator().next().getLong(0);
    assertThat(natoriStaff.delete("/api/slots/" + extra).status()).as("staff cannot delete a time").isEqualTo(403);

    Api.Res deleted = coord.delete("/api/slots/" + extra);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().getInteger("answersRemoved")).isEqualTo(1);
    assertThat(server.sql("SELECT count(*) FROM availability").iterator().next().getLong(0)).isEqualTo(answersBefore - 1);
    assertThat(natoriStaff.get("/api/rounds/" + round + "/slots").json().getJsonArray("slots").stream()
        .map(o -> ((JsonObject) o).getLong("id"))).doesNotContain(extra).contains(slot(0), slot(1));
    assertThat(coord.delete("/api/slots/" + extra).status()).isEqualTo(404);
  }
}
