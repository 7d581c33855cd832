package org.kakehashi.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo data ({@code demo: true} on a fresh database), seen through the API as a person trying the
 * demo would: the coordinator's round, facilitator1's rooms and summary, natori-1.1's history.
 */
class DemoDataTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static final String PW = "demo-test-password";
  static Api coordinator;
  static Api facilitator;
  static Api natori;
  static long roundId;
  static JsonArray sessions;

  @BeforeAll
  static void signIn() {
    // The demo prints a random password; these three accounts get a known one.
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        new String[] {"coordinator@" + DemoData.DOMAIN, "facilitator1@" + DemoData.DOMAIN, "natori-1.1@" + DemoData.DOMAIN});
    coordinator = server.signedIn("coordinator@" + DemoData.DOMAIN, PW);
    facilitator = server.signedIn("facilitator1@" + DemoData.DOMAIN, PW);
    natori = server.signedIn("natori-1.1@" + DemoData.DOMAIN, PW);
    JsonObject round = coordinator.get("/api/rounds").array("rounds").getJsonObject(0);
    roundId = round.getLong("id");
    sessions = coordinator.get("/api/rounds/" + roundId + "/sessions").array("sessions");
  }

  @Test
  @DisplayName("the coordinator sees the round running, every center in a published pair across cities, and its sessions")
  void round() {
    JsonObject round = coordinator.get("/api/rounds/" + roundId).json();
    assertThat(round.getString("title")).isEqualTo(DemoRound.TITLE);
    assertThat(round.getString("status")).isEqualTo("running");
    assertThat(round.getJsonArray("topics")).hasSizeBetween(4, 6);
    assertThat(round.getJsonArray("prompts").stream().map(p -> ((JsonObject) p).getString("key"))).contains("partner");

    JsonObject board = coordinator.get("/api/rounds/" + roundId + "/pairs").json();
    assertThat(board.getBoolean("published")).isTrue();
    Set<Object> paired = new HashSet<>();
    board.getJsonArray("pairs").forEach(p -> paired.addAll(((JsonObject) p).getJsonArray("centerIds").getList()));
    assertThat(paired).hasSize(55).hasSameSizeAs(round.getJsonArray("centerIds"));
    long sameCity = server.sql("""
        SELECT count(*) AS n FROM pair_member a JOIN pair_member b ON b.pair_id = a.pair_id AND a.center_id < b.center_id
          JOIN center x ON x.id = a.center_id JOIN center y ON y.id = b.center_id
         WHERE x.city = y.city AND x.prefecture = y.prefecture""").iterator().next().getLong("n");
    assertThat(sameCity).isZero();

    assertThat(sessions.size()).isGreaterThanOrEqualTo(6);
    assertThat(sessions.stream().map(s -> ((JsonObject) s).getString("status"))).containsOnly("held", "scheduled")
        .containsOnlyOnce("held");
    assertThat(sessions.stream().allMatch(s -> ((JsonObject) s).getLong("facilitatorId") != null
        && ((JsonObject) s).getLong("hostId") != null)).isTrue();
    assertThat(sessions.stream().map(s -> (JsonObject) s)
        .anyMatch(s -> s.getInteger("seatsTaken").equals(s.getInteger("capacity")) && s.getInteger("waitlisted") > 0)).isTrue();
    // Seats are counted right, and nothing was queued for e-mail or Zoom.
    assertThat(server.sql("""
        SELECT count(*) AS n FROM session s
         WHERE s.seats_taken <> (SELECT count(*) FROM registration g WHERE g.session_id = s.id AND g.status = 'confirmed')""")
        .iterator().next().getLong("n")).isZero();
    assertThat(server.count("outbox")).isZero();
  }

  @Test
  @DisplayName("facilitator1 finds an upcoming session of 12–20 people without rooms, assigns, moves one and downloads the CSV")
  void rooms() {
    long me = facilitator.get("/api/me").json().getLong("id");
    JsonObject upcoming = sessions.stream().map(s -> (JsonObject) s)
        .filter(s -> s.getLong("facilitatorId") == me && "scheduled".equals(s.getString("status"))
            && s.getInteger("seatsTaken") >= 12 && s.getInteger("seatsTaken") <= 20)
        .findFirst().orElseThrow();
    assertThat(OffsetDateTime.parse(upcoming.getString("startsAt"))).isAfter(OffsetDateTime.now().plusDays(6));
    String rooms = "/api/sessions/" + upcoming.getLong("id") + "/rooms";

    Api.Res before = facilitator.get(rooms);
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.array("rooms")).isEmpty();

    Api.Res assigned = facilitator.post(rooms + "/assign", new JsonObject());
    assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
    JsonArray made = assigned.array("rooms");
    assertThat(made.size()).isGreaterThanOrEqualTo(2);
    int placed = made.stream().mapToInt(r -> ((JsonObject) r).getJsonArray("members").size()).sum();
    assertThat(placed).isEqualTo(upcoming.getInteger("seatsTaken"));

    // Adjust one: the first person of the first room moves to the second room.
    JsonObject first = made.getJsonObject(0);
    long person = first.getJsonArray("members").getJsonObject(0).getLong("personId");
    long to = made.getJsonObject(1).getLong("id");
    Api.Res moved = facilitator.patch(rooms, new JsonObject().put("action", "move").put("personId", person).put("roomId", to));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.array("rooms").getJsonObject(1).getJsonArray("members").stream()
        .anyMatch(m -> ((JsonObject) m).getLong("personId") == person)).isTrue();

    Api.Res csv = facilitator.get("/api/sessions/" + upcoming.getLong("id") + "/rooms.csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.text().lines().count()).isEqualTo(placed + 1L);
  }

  @Test
  @DisplayName("the held session's summary reads like something to plan with, for facilitator1 and the coordinator")
  void summary() {
    long held = held().getLong("id");
    for (Api viewer : List.of(facilitator, coordinator)) {
      Api.Res res = viewer.get("/api/sessions/" + held + "/reflections/summary");
      assertThat(res.status()).as(res.toString()).isEqualTo(200);
      JsonObject summary = res.json();
      assertThat(summary.getInteger("responses")).isGreaterThanOrEqualTo(8);
      assertThat(summary.getInteger("expected")).isGreaterThan(summary.getInteger("responses"));
      List<String> phrases = summary.getJsonArray("keyPhrases").stream()
          .map(p -> ((JsonObject) p).getString("phrase")).toList();
      // Distinctive, not frequent (README, "How reflections are summarised"): the words every note
      // of the network uses do not lead; the pair's cities are the setting, on their own line.
      assertThat(phrases.subList(0, Math.min(5, phrases.size()))).doesNotContain("公民館", "地域", "職員");
      assertThat(phrases).doesNotContain("名取市", "松江市");
      List<String> context = summary.getJsonArray("contextPhrases").stream()
          .map(p -> ((JsonObject) p).getString("phrase")).toList();
      assertThat(context).contains("名取市", "松江市");
      assertThat(summary.getJsonArray("quotes")).isNotEmpty();
      assertThat(summary.getString("tookAwayPrompt")).isEqualTo("partner");
      assertThat(summary.getJsonArray("pairs").stream().map(p -> (JsonObject) p)
          .filter(p -> "名取市".equals(p.getString("partnerCity"))).findFirst().orElseThrow()
          .getInteger("count")).isPositive();
    }
    Api.Res rooms = facilitator.get("/api/sessions/" + held + "/rooms");
    assertThat(rooms.array("rooms")).isNotEmpty();
  }

  @Test
  @DisplayName("natori-1.1 sees the held session with their note in their history, and an upcoming session")
  void history() {
    long held = held().getLong("id");
    JsonArray mine = natori.get("/api/me/history").array("sessions");
    JsonObject past = IntStream.range(0, mine.size()).mapToObj(mine::getJsonObject)
        .filter(s -> s.getLong("sessionId") == held).findFirst().orElseThrow();
    assertThat(past.getString("status")).isEqualTo("held");
    assertThat(past.getJsonObject("reflection").getJsonObject("answers").getString("partner")).contains("松江市");
    assertThat(past.getJsonObject("room")).isNotNull();
    assertThat(past.getBoolean("canWrite")).isTrue();
    assertThat(past.getJsonArray("partners").getJsonObject(0).getString("city")).isEqualTo("松江市");
    assertThat(mine.stream().map(s -> (JsonObject) s).anyMatch(s -> "scheduled".equals(s.getString("status")))).isTrue();
  }

  @Test
  @DisplayName("seeding a directory that is not empty adds nothing")
  void onlyOnce() {
    long before = server.count("session") + server.count("person") + server.count("reflection");
    DemoData.seed(server.pool()).await();
    assertThat(server.count("session") + server.count("person") + server.count("reflection")).isEqualTo(before);
  }

  @Test
  @DisplayName("on any day of the year the held session was 2–6 days ago and the others come in order 1–3½ weeks ahead")
  void slotDays() {
    for (LocalDate today = LocalDate.of(2026, 1, 1); today.getYear() < 2028; today = today.plusDays(1)) {
      List<LocalDate> days = DemoRound.slotDays(today);
      assertThat(days.get(0)).as("%s", today).isBetween(today.minusDays(6), today.minusDays(2));
      assertThat(days.get(1)).as("%s", today).isAfterOrEqualTo(today.plusDays(7));
      assertThat(days.get(2)).as("%s", today).isAfter(days.get(1));
      assertThat(days.get(3)).as("%s", today).isAfter(days.get(2)).isBeforeOrEqualTo(today.plusDays(25));
    }
  }

  private static JsonObject held() {
    return sessions.stream().map(s -> (JsonObject) s).filter(s -> "held".equals(s.getString("status"))).findFirst().orElseThrow();
  }
}
