package org.kakehashi.rooms;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;
import org.kakehashi.support.ZoomStandIn;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Breakout rooms over HTTP: the facilitator assigns, adjusts and downloads; Zoom (WireMock) receives the rooms. */
class RoomsApiTest {

  static final WireMockServer zoom = ZoomStandIn.start();

  // The test delivers the outbox itself, step by step.
  @RegisterExtension
  static TestServer server = new TestServer(ZoomStandIn.config(zoom));
  static final Fixtures fixtures = new Fixtures(server);

  static long natori;
  static long matsue;
  static long session;
  static long otherSession;
  static Api facilitator;
  static Api coord;
  static final List<Api> staff = new ArrayList<>();
  static final Map<Long, Api> staffById = new HashMap<>();

  @AfterAll
  static void stopZoom() {
    zoom.stop();
  }

  @BeforeAll
  static void seed() {
    zoom.stubFor(post(urlPathEqualTo("/oauth/token"))
        .willReturn(okJson("{\"access_token\":\"token-1\",\"token_type\":\"bearer\",\"expires_in\":3599}")));
    zoom.stubFor(patch(urlPathEqualTo("/v2/meetings/9001")).willReturn(aResponse().withStatus(204)));
    natori = server.center("natori", "名取市");
    matsue = server.center("matsue", "松江市");
    long f = server.person("facil@example.jp", null, "facil-password", "facilitator");
    server.person("other-facil@example.jp", null, "facil-password", "facilitator");
    session = session(f, "9001");
    otherSession = session(null, null);
    facilitator = server.signedIn("facil@example.jp", "facil-password");
    coord = server.coordinator();
    String[][] ranks = {{"bousai", "kodomo"}, {"kodomo"}, {"bousai", "tabunka", "kodomo"}, {"tabunka"}, {"bousai"},
        {"kodomo", "bousai"}};
    for (int i = 0; i < 14; i++) {
      long center = i % 2 == 0 ? natori : matsue;
      long id = server.person("p" + i + "@example.jp", center, "staff-password");
      Api api = server.signedIn("p" + i + "@example.jp", "staff-password");
      JsonObject body = new JsonObject().put("topics", new JsonArray(List.of((Object[]) ranks[i % ranks.length])));
      if (i == 0) {
        body.put("zoomEmail", "zoom-p0@example.com");
      }
      assertThat(api.post("/api/sessions/" + session + "/registrations", body).status()).isEqualTo(201);
      staff.add(api);
      staffById.put(id, api);
    }
  }

  static long session(Long facilitatorId, String meetingId) {
    long round = fixtures.round("冬").dates("2027-01-01", "2027-03-31").centers(natori, matsue)
        .topic("bousai", "防災", "Disaster").topic("kodomo", "子ども", "Children").topic("tabunka", "多文化共生", "Multicultural")
        .create();
    var session = fixtures.session(round, fixtures.pair(round, natori, matsue)).inMinutes(10 * 24 * 60, 120).capacity(30);
    if (facilitatorId != null) {
      session.facilitator(facilitatorId);
    }
    if (meetingId != null) {
      session.zoomMeeting(meetingId);
    }
    return session.create();
  }

  static JsonObject assign(JsonObject body) {
    Api.Res res = facilitator.post("/api/sessions/" + session + "/rooms/assign", body);
    assertThat(res.status()).as(res.toString()).isEqualTo(200);
    return res.json();
  }

  static Map<Long, String> roomNameOf(JsonObject board) {
    Map<Long, String> out = new HashMap<>();
    for (Object r : board.getJsonArray("rooms")) {
      JsonObject room = (JsonObject) r;
      for (Object m : room.getJsonArray("members")) {
        out.put(((JsonObject) m).getLong("personId"), room.getString("name"));
      }
    }
    return out;
  }

  @Test
  @DisplayName("only the session's facilitator and coordinators see or change its rooms; a participant sees their own")
  void access() {
    Api other = server.signedIn("other-facil@example.jp", "facil-password");
    assertThat(staff.get(0).get("/api/sessions/" + session + "/rooms").status()).isEqualTo(403);
    assertThat(other.get("/api/sessions/" + session + "/rooms").status()).isEqualTo(403);
    assertThat(other.post("/api/sessions/" + session + "/rooms/assign", new JsonObject()).status()).isEqualTo(403);
    assertThat(staff.get(1).get("/api/sessions/" + session + "/rooms.csv").status()).isEqualTo(403);
    assertThat(coord.get("/api/sessions/" + session + "/rooms").status()).isEqualTo(200);
    assertThat(facilitator.get("/api/sessions/999999/rooms").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("assign: rooms of 3–6 by topic, everyone once, both cities in every room; the CSV is Zoom's; Zoom gets the rooms")
  void assignDownloadAndPush() {
    JsonObject board = assign(new JsonObject());
    JsonArray rooms = board.getJsonArray("rooms");
    assertThat(rooms).isNotEmpty();
    Map<Long, String> where = roomNameOf(board);
    assertThat(where).hasSize(14);
    for (Object r : rooms) {
      JsonObject room = (JsonObject) r;
      assertThat(room.getJsonArray("members").size()).isBetween(3, 6);
      assertThat(room.getBoolean("singleCity")).as("a room of one city only").isFalse();
      assertThat(room.getString("name")).matches("(防災|子ども|多文化共生) \\d+");
    }
    assertThat(board.getJsonArray("unplaced")).isEmpty();
    assertThat(board.getJsonObject("zoomEmails").getInteger("confirmed")).isEqualTo(1);
    assertThat(board.getJsonObject("zoomEmails").getJsonArray("unconfirmed")).hasSize(13);

    // The participant's own view.
    long someone = where.keySet().iterator().next();
    JsonObject mine = staffById.get(someone).get("/api/sessions/" + session + "/rooms/me").json();
    assertThat(mine.getString("name")).isEqualTo(where.get(someone));

    // Zoom's pre-assignment CSV: its header, UTF-8 without BOM, one row per participant with the Zoom e-mail.
    Api.Res csv = facilitator.get("/api/sessions/" + session + "/rooms.csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.headers().get("Content-Type")).startsWith("text/csv");
    byte[] bytes = csv.raw().getBytes();
    assertThat(bytes[0]).as("no BOM").isEqualTo((byte) 'P');
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).startsWith("Pre-assign Room Name,Email Address\r\n");
    List<CSVRecord> records;
    try {
      records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(records).hasSize(14);
    assertThat(records).anySatisfy(r -> assertThat(r.get("Email Address")).isEqualTo("zoom-p0@example.com"));
    assertThat(records).allSatisfy(r -> assertThat(where.containsValue(r.get("Pre-assign Room Name"))).isTrue());

    // The push: delivered from the outbox as PATCH /meetings/{id} with settings.breakout_room (after
    // the sign-ups' calendar invitations, queued before it: poll until nothing more is due).
    for (int i = 0; i < 10 && server.app().outbox().poll().await() > 0; i++) {
      // each poll delivers one batch
    }
    var requests = zoom.findAll(patchRequestedFor(urlPathEqualTo("/v2/meetings/9001")));
    assertThat(requests).isNotEmpty();
    JsonObject sent = new JsonObject(requests.get(requests.size() - 1).getBodyAsString());
    JsonObject breakout = sent.getJsonObject("settings").getJsonObject("breakout_room");
    assertThat(breakout.getBoolean("enable")).isTrue();
    assertThat(breakout.getJsonArray("rooms")).hasSize(rooms.size());
    int emails = 0;
    for (Object r : breakout.getJsonArray("rooms")) {
      emails += ((JsonObject) r).getJsonArray("participants").size();
    }
    assertThat(emails).isEqualTo(14);
    JsonObject after = facilitator.get("/api/sessions/" + session + "/rooms").json();
    assertThat(after.getJsonObject("zoom").getJsonObject("lastPush").getString("state")).isEqualTo("sent");
  }

  @Test
  @DisplayName("a hand move is locked and survives a re-run; a cancellation after assignment leaves the others where they are")
  void moveLockRerunAndCancel() {
    JsonObject board = assign(new JsonObject());
    JsonArray rooms = board.getJsonArray("rooms");
    JsonObject from = rooms.getJsonObject(0);
    JsonObject to = rooms.getJsonObject(rooms.size() - 1);
    long person = from.getJsonArray("members").getJsonObject(0).getLong("personId");
    JsonObject moved = facilitator.patch("/api/sessions/" + session + "/rooms",
        new JsonObject().put("action", "move").put("personId", person).put("roomId", to.getLong("id"))).json();
    assertThat(roomNameOf(moved).get(person)).isEqualTo(to.getString("name"));
    JsonObject again = assign(new JsonObject());
    assertThat(roomNameOf(again).get(person)).as("locked by the move").isEqualTo(to.getString("name"));
    Map<Long, String> before = roomNameOf(again);

    // Someone else cancels; the re-run moves only a few.
    long leaving = before.keySet().stream().filter(id -> id != person).findFirst().orElseThrow();
    long pushesBefore = server.sql("SELECT coalesce(max(id), 0) AS m FROM outbox WHERE kind = 'zoom_breakout_rooms'")
        .iterator().next().getLong("m");
    assertThat(staffById.get(leaving).delete("/api/sessions/" + session + "/registrations/me").status()).isEqualTo(204);
    assertThat(server.sql("SELECT coalesce(max(id), 0) AS m FROM outbox WHERE kind = 'zoom_breakout_rooms'").iterator().next()
        .getLong("m")).as("Zoom's rooms follow the cancellation").isGreaterThan(pushesBefore);
    JsonObject shown = facilitator.get("/api/sessions/" + session + "/rooms").json();
    assertThat(roomNameOf(shown)).doesNotContainKey(leaving);
    Map<Long, String> after = roomNameOf(assign(new JsonObject()));
    long changed = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey()))).count();
    assertThat(changed).as("people moved by one cancellation").isLessThanOrEqualTo(4);
    assertThat(staffById.get(leaving).get("/api/sessions/" + session + "/rooms/me").status()).isEqualTo(404);
    // Unlock works and is reflected.
    JsonObject unlocked = facilitator.patch("/api/sessions/" + session + "/rooms",
        new JsonObject().put("action", "unlock").put("personId", person)).json();
    boolean stillLocked = unlocked.getJsonArray("rooms").stream().map(r -> (JsonObject) r)
        .flatMap(r -> r.getJsonArray("members").stream().map(m -> (JsonObject) m))
        .filter(m -> m.getLong("personId") == person).findFirst().orElseThrow().getBoolean("locked");
    assertThat(stillLocked).isFalse();
  }

  @Test
  @DisplayName("bad input: clear 4xx with the field, nothing changed")
  void badInput() {
    assign(new JsonObject());
    long members = server.count("room_member");
    long rooms = server.count("room");
    String path = "/api/sessions/" + session + "/rooms";
    assertThat(facilitator.post(path + "/assign", new JsonObject().put("minSize", 0)).json().getJsonObject("error")
        .getString("field")).isEqualTo("minSize");
    assertThat(facilitator.post(path + "/assign", new JsonObject().put("minSize", 5).put("maxSize", 4)).status()).isEqualTo(422);
    Api.Res tooFew = facilitator.post(path + "/assign", new JsonObject().put("roomsPerTopic", new JsonObject().put("bousai", 1)));
    assertThat(tooFew.status()).isEqualTo(422);
    assertThat(tooFew.json().getJsonObject("error").getString("field")).isEqualTo("roomsPerTopic");
    assertThat(facilitator.post(path + "/assign", new JsonObject().put("roomsPerTopic", new JsonObject().put("nope", 3)))
        .status()).isEqualTo(422);
    assertThat(facilitator.post(path + "/assign", new JsonObject().put("colour", "red")).status()).isEqualTo(400);
    assertThat(facilitator.send(io.vertx.core.http.HttpMethod.POST, path + "/assign", "{\"minSize\":", "application/json").status())
        .isEqualTo(400);
    assertThat(facilitator.patch(path, new JsonObject().put("action", "move").put("personId", 424242).put("roomId", 1)).status())
        .isEqualTo(404);
    long someone = roomNameOf(facilitator.get(path).json()).keySet().iterator().next();
    server.pool().withTransaction(tx -> RoomStore.replace(tx, otherSession, 3, 6,
        List.of(new RoomStore.NewRoom("bousai", "よそ", List.of(), List.of(), List.of())))).await();
    long foreignRoom = server.sql("SELECT id FROM room WHERE session_id = $1", otherSession).iterator().next().getLong("id");
    assertThat(facilitator.patch(path, new JsonObject().put("action", "move").put("personId", someone).put("roomId", foreignRoom))
        .status()).as("a room of another session").isEqualTo(404);
    assertThat(facilitator.patch(path, new JsonObject().put("action", "fly").put("personId", someone)).status()).isEqualTo(422);
    assertThat(server.count("room_member")).isEqualTo(members);
    assertThat(server.count("room")).isEqualTo(rooms + 1);
    assertThat(coord.post("/api/sessions/" + otherSession + "/rooms/assign", new JsonObject()).errorCode())
        .isEqualTo("no_participants");
  }

  @Test
  @DisplayName("one Zoom e-mail for two participants: the board says why and the push is refused with that reason")
  void oneZoomEmailInTwoRooms() {
    List<Long> two = new java.util.ArrayList<>();
    server.sql("SELECT person_id FROM registration WHERE session_id = $1 AND status = 'confirmed' ORDER BY person_id LIMIT 2", session)
        .forEach(r -> two.add(r.getLong("person_id")));
    assertThat(two).hasSize(2);
    Map<Long, String> saved = new HashMap<>();
    server.sql("SELECT person_id, zoom_email FROM registration WHERE session_id = $1 AND person_id = ANY ($2)",
        session, two.toArray(Long[]::new)).forEach(r -> saved.put(r.getLong("person_id"), r.getString("zoom_email")));
    try {
      // Stored before the check existed (sign-up now refuses it): the board and the push still catch it.
      server.sql("UPDATE registration SET zoom_email = 'Shared@example.com' WHERE session_id = $1 AND person_id = ANY ($2)",
          session, two.toArray(Long[]::new));
      JsonObject board = assign(new JsonObject());
      JsonObject error = board.getJsonObject("zoom").getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("zoom_email_twice");
      assertThat(error.getString("message")).contains("Shared@example.com").contains("one room only");
      long patchesBefore = zoom.findAll(patchRequestedFor(urlPathEqualTo("/v2/meetings/9001"))).size();
      for (int i = 0; i < 10 && server.app().outbox().poll().await() > 0; i++) {
        // each poll delivers one batch
      }
      assertThat(zoom.findAll(patchRequestedFor(urlPathEqualTo("/v2/meetings/9001")))).as("nothing pushed").hasSize((int) patchesBefore);
      JsonObject push = facilitator.get("/api/sessions/" + session + "/rooms").json().getJsonObject("zoom").getJsonObject("lastPush");
      assertThat(push.getString("state")).isEqualTo("failed");
      assertThat(push.getString("error")).contains("Shared@example.com");
    } finally {
      saved.forEach((person, email) -> server.sql("UPDATE registration SET zoom_email = $3 WHERE session_id = $1 AND person_id = $2",
          session, person, email));
    }
  }
}
