package org.kakehashi.scheduling;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;
import org.kakehashi.support.ZoomStandIn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Zoom played by WireMock: meetings are created once per session whatever Zoom answers. */
class ZoomTest {

  static final WireMockServer zoom = ZoomStandIn.start();

  // The test delivers the outbox itself, step by step.
  @RegisterExtension
  static TestServer server = new TestServer(ZoomStandIn.config(zoom));
  static Fixtures fx = new Fixtures(server);

  static final String MEETINGS = "/v2/users/host1%40npo.example.jp/meetings";
  static Api coord;
  static long round;
  static int seq;

  @AfterAll
  static void stopZoom() {
    zoom.stop();
  }

  @BeforeAll
  static void seed() {
    coord = server.coordinator();
    coord.post("/api/hosts", new JsonObject().put("name", "Zoom 1").put("zoomUserId", "host1@npo.example.jp"));
  }

  @BeforeEach
  void stubs() {
    zoom.resetAll();
    zoom.stubFor(post(urlPathEqualTo("/oauth/token"))
        .willReturn(okJson("{\"access_token\":\"token-1\",\"token_type\":\"bearer\",\"expires_in\":3599}")));
    zoom.stubFor(get(urlPathEqualTo(MEETINGS)).willReturn(okJson("{\"meetings\":[]}")));
  }

  /** A fresh published round of two centers with one slot everyone can make; returns its session id after scheduling. */
  static long scheduledSession() {
    int n = ++seq;
    long a = server.center("za-" + n, "名取市");
    long b = fx.center("zb-" + n, "那覇市公民館", "那覇市", "沖縄県");
    long sa = server.person("za" + n + "@example.jp", a, "staff-password");
    long sb = server.person("zb" + n + "@example.jp", b, "staff-password");
    long f = server.person("zf" + n + "@example.jp", null, "facil-password", "facilitator");
    round = coord.post("/api/rounds", new JsonObject().put("title", "Zoom " + n).put("startsOn", "2027-01-01")
        .put("endsOn", "2027-03-31").put("centerIds", new JsonArray().add(a).add(b))).json().getLong("id");
    assertThat(coord.post("/api/rounds/" + round + "/pairing", null).status()).isEqualTo(200);
    assertThat(coord.post("/api/rounds/" + round + "/pairs/publish", null).status()).isEqualTo(200);
    long slot = coord.post("/api/rounds/" + round + "/slots", new JsonObject()
            .put("startsAt", "2027-02-" + (10 + n) + "T19:00:00+09:00")).json().getJsonArray("slots").getJsonObject(0).getLong("id");
    for (long person : new long[] {sa, sb, f}) {
      fx.answer(slot, person, "yes");
    }
    JsonArray sessions = coord.post("/api/rounds/" + round + "/schedule", null).json().getJsonArray("sessions");
    assertThat(sessions).hasSize(1);
    return sessions.getJsonObject(0).getLong("id");
  }

  static void deliverUntilDone(int rounds) {
    for (int i = 0; i < rounds; i++) {
      // A retry comes due a few milliseconds after a failure (retryBaseMillis 1), and a fast machine polls again
      // before it is: each round first waits until a message is due, unless none is about to be.
      Eventually.holds(() -> {
        JsonObject r = server.sql("""
            SELECT count(*) FILTER (WHERE next_attempt_at <= now()) AS due,
                   count(*) FILTER (WHERE next_attempt_at < now() + interval '2 seconds') AS soon
              FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL""").iterator().next().toJson();
        assertThat(r.getLong("due") > 0 || r.getLong("soon") == 0).as("a message due, or none coming due: %s", r).isTrue();
      });
      server.app().outbox().poll().await();
    }
  }

  /** Delivers what is due, again and again, until the session has {@code joinUrl}. */
  static void deliverUntilJoinUrl(long id, String joinUrl) {
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      assertThat(session(id).getString("joinUrl")).isEqualTo(joinUrl);
    });
  }

  static JsonObject session(long id) {
    return coord.get("/api/sessions/" + id).json();
  }

  @Test
  @DisplayName("scheduling creates the Zoom meeting on the host's account and stores its join link")
  void createsMeeting() throws Exception {
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":111,\"join_url\":\"https://zoom.example/j/111\"}")));
    long id = scheduledSession();
    deliverUntilJoinUrl(id, "https://zoom.example/j/111");
    zoom.verify(1, postRequestedFor(urlPathEqualTo(MEETINGS)));
    var body = new JsonObject(zoom.findAll(postRequestedFor(urlPathEqualTo(MEETINGS))).get(0).getBodyAsString());
    assertThat(body.getString("topic")).as("no marker in the title every participant sees").doesNotContain("kakehashi:")
        .doesNotContain("[");
    assertThat(body.getString("agenda")).endsWith("kakehashi:session-" + id + "@localhost");
    assertThat(body.getJsonObject("settings").getBoolean("waiting_room")).isTrue();
    assertThat(body.getJsonObject("settings").getJsonObject("breakout_room").getBoolean("enable")).isTrue();
  }

  @Test
  @DisplayName("moving the session moves the meeting (PATCH); no second meeting is created")
  void movesMeeting() throws Exception {
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":444,\"join_url\":\"https://zoom.example/j/444\"}")));
    zoom.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathEqualTo("/v2/meetings/444"))
        .willReturn(aResponse().withStatus(204)));
    long id = scheduledSession();
    deliverUntilJoinUrl(id, "https://zoom.example/j/444");
    assertThat(coord.patch("/api/sessions/" + id, new JsonObject().put("startsAt", "2027-02-28T19:00:00+09:00")
        .put("endsAt", "2027-02-28T20:30:00+09:00")).status()).isEqualTo(200);
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      zoom.verify(1, com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathEqualTo("/v2/meetings/444")));
    });
    zoom.verify(1, postRequestedFor(urlPathEqualTo(MEETINGS)));
    zoom.verify(1, com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathEqualTo("/v2/meetings/444")));
    var body = new JsonObject(zoom.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
        urlPathEqualTo("/v2/meetings/444"))).get(0).getBodyAsString());
    assertThat(body.getString("start_time")).isEqualTo("2027-02-28T10:00:00Z");
    assertThat(body.getLong("duration")).isEqualTo(90);
  }

  @Test
  @DisplayName("Zoom answering 500, then 429 with Retry-After: retried later, and exactly one meeting in the end")
  void retriesOnErrors() throws Exception {
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(500)).willSetStateTo("busy"));
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).inScenario("flaky").whenScenarioStateIs("busy")
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).inScenario("flaky").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"id\":222,\"join_url\":\"https://zoom.example/j/222\"}")));
    long id = scheduledSession();
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      assertThat(zoom.findAll(postRequestedFor(urlPathEqualTo(MEETINGS)))).as("a 500, then a 429").hasSize(2);
    });
    assertThat(session(id).containsKey("joinUrl")).as("not yet: Zoom said 500, then 429").isFalse();
    JsonObject waiting = server.sql("SELECT attempts, next_attempt_at > now() + interval '500 milliseconds' AS later"
        + " FROM outbox WHERE kind = 'zoom_meeting' ORDER BY id DESC LIMIT 1").iterator().next().toJson();
    assertThat(waiting.getBoolean("later")).as("Retry-After honoured").isTrue();
    deliverUntilJoinUrl(id, "https://zoom.example/j/222");
    zoom.verify(3, postRequestedFor(urlPathEqualTo(MEETINGS)));
    assertThat(server.sql("SELECT zoom_meeting_id FROM session WHERE id = $1", id).iterator().next().getString("zoom_meeting_id"))
        .isEqualTo("222");
  }

  @Test
  @DisplayName("a create that times out after Zoom acted is found on the retry, on the second page of the host's meetings: still one meeting")
  void timeoutAfterZoomActed() throws Exception {
    long id = scheduledSession();
    String marker = "kakehashi:session-" + id + "@localhost";
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(201).withFixedDelay(2500).withHeader("Content-Type", "application/json")
            .withBody("{\"id\":333,\"join_url\":\"https://zoom.example/j/333\"}"))
        .willSetStateTo("created"));
    zoom.stubFor(get(urlPathEqualTo(MEETINGS)).inScenario("slow").whenScenarioStateIs("created")
        .willReturn(okJson(new JsonObject().put("next_page_token", "page-2").put("meetings", new JsonArray()
            .add(new JsonObject().put("id", 332).put("topic", "かけはし合同研修").put("agenda", "another session\n\nkakehashi:session-"
                + id + "0@localhost"))).encode())));
    zoom.stubFor(get(urlPathEqualTo(MEETINGS)).withQueryParam("next_page_token", equalTo("page-2")).inScenario("slow")
        .whenScenarioStateIs("created").atPriority(1)
        .willReturn(okJson(new JsonObject().put("next_page_token", "").put("meetings", new JsonArray().add(new JsonObject().put("id", 333)
            .put("topic", "かけはし合同研修").put("agenda", "Zoom\n\n" + marker).put("join_url", "https://zoom.example/j/333"))).encode())));
    deliverUntilDone(1);
    assertThat(session(id).containsKey("joinUrl")).as("the create timed out").isFalse();
    deliverUntilJoinUrl(id, "https://zoom.example/j/333");
    zoom.verify(1, postRequestedFor(urlPathEqualTo(MEETINGS)));
  }

  @Test
  @DisplayName("Retry-After read as seconds, as an HTTP-date and as an ISO-8601 timestamp (Zoom's daily limit)")
  void retryAfterForms() {
    java.time.Instant now = java.time.Instant.parse("2027-02-10T00:00:00Z");
    assertThat(org.kakehashi.zoom.ZoomClient.retryAfterSeconds("120", now)).isEqualTo(120);
    assertThat(org.kakehashi.zoom.ZoomClient.retryAfterSeconds("Wed, 10 Feb 2027 00:05:00 GMT", now)).isEqualTo(300);
    assertThat(org.kakehashi.zoom.ZoomClient.retryAfterSeconds("2027-02-10T09:00:00+09:00", now)).as("09:00 JST").isEqualTo(0);
    assertThat(org.kakehashi.zoom.ZoomClient.retryAfterSeconds("2027-02-10T00:00:00Z", now.minusSeconds(7200))).isEqualTo(7200);
    assertThat(org.kakehashi.zoom.ZoomClient.retryAfterSeconds("2027-02-10T01:30:00.5Z", now)).isEqualTo(5401);
    assertThat(org.kakehashi.zoom.ZoomClient.retryAfterSeconds("soon", now)).isEqualTo(60);
    assertThat(org.kakehashi.zoom.ZoomClient.retryAfterSeconds(null, now)).isZero();
  }

  @Test
  @DisplayName("429 with an ISO Retry-After: the next attempt waits until that instant, not 60 s")
  void isoRetryAfter() throws Exception {
    String until = java.time.Instant.now().plusSeconds(3 * 3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", until)
        .withHeader("Content-Type", "application/json").withBody("{\"code\":429,\"message\":\"You have reached the maximum daily rate limit\"}")));
    long id = scheduledSession();
    deliverUntilDone(1);
    JsonObject row = server.sql("SELECT failed_at IS NULL AS alive, extract(epoch FROM next_attempt_at - $2::timestamptz) AS off"
        + " FROM outbox WHERE kind = 'zoom_meeting' AND payload->>'sessionId' = $1 ORDER BY id DESC LIMIT 1",
        String.valueOf(id), java.time.OffsetDateTime.parse(until)).iterator().next().toJson();
    assertThat(row.getBoolean("alive")).isTrue();
    assertThat(Math.abs(row.getDouble("off"))).as("retried at the instant Zoom named").isLessThan(5);
  }

  @Test
  @DisplayName("Zoom's 400 with code 3002 ends the request as failed at once; the coordinator sees code and message and retries")
  void permanentRefusalShownAndRetried() throws Exception {
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).inScenario("refused").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"code\":3002,\"message\":\"Sorry, you cannot delete this meeting since it is in progress.\"}")));
    long id = scheduledSession();
    deliverUntilDone(3);
    zoom.verify(1, postRequestedFor(urlPathEqualTo(MEETINGS)));
    JsonObject state = coord.get("/api/sessions/" + id + "/zoom").json();
    assertThat(state.getString("state")).isEqualTo("failed");
    assertThat(state.getJsonObject("zoom").getInteger("code")).isEqualTo(3002);
    assertThat(state.getJsonObject("zoom").getInteger("status")).isEqualTo(400);
    assertThat(state.getJsonObject("zoom").getString("message")).isEqualTo("Sorry, you cannot delete this meeting since it is in progress.");
    Api staff = server.signedIn("za" + seq + "@example.jp", "staff-password");
    assertThat(staff.get("/api/sessions/" + id + "/zoom").status()).isEqualTo(403);
    assertThat(staff.post("/api/sessions/" + id + "/zoom/retry", null).status()).isEqualTo(403);
    assertThat(coord.post("/api/sessions/999999/zoom/retry", null).status()).isEqualTo(404);

    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).inScenario("refused").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
            .withBody("{\"id\":777,\"join_url\":\"https://zoom.example/j/777\"}")));
    Api.Res retry = coord.post("/api/sessions/" + id + "/zoom/retry", null);
    assertThat(retry.status()).isEqualTo(202);
    assertThat(coord.get("/api/sessions/" + id + "/zoom").json().getString("state")).isEqualTo("pending");
    deliverUntilDone(2);
    assertThat(session(id).getString("joinUrl")).isEqualTo("https://zoom.example/j/777");
    zoom.verify(1, getRequestedFor(urlPathEqualTo(MEETINGS)));
    JsonObject after = coord.get("/api/sessions/" + id + "/zoom").json();
    assertThat(after.getString("state")).isEqualTo("sent");
    assertThat(after.getString("meetingId")).isEqualTo("777");
    assertThat(after.containsKey("zoom")).isFalse();
  }

  @Test
  @DisplayName("a new host licence moves the meeting: created on the new host, deleted on the old, exactly once even when the delete fails first")
  void hostChangeMovesTheMeeting() throws Exception {
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":444,\"join_url\":\"https://zoom.example/j/444\"}")));
    long id = scheduledSession();
    deliverUntilDone(2);
    assertThat(session(id).getString("joinUrl")).isEqualTo("https://zoom.example/j/444");
    long host2 = coord.post("/api/hosts", new JsonObject().put("name", "Zoom " + id).put("zoomUserId", "host" + id + "@npo.example.jp"))
        .json().getLong("id");
    String newHost = "/v2/users/host" + id + "%40npo.example.jp/meetings";
    String marker = "kakehashi:session-" + id + "@localhost";
    zoom.stubFor(post(urlPathEqualTo(newHost)).inScenario("new host").willSetStateTo("created").willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody("{\"id\":555,\"join_url\":\"https://zoom.example/j/555\"}")));
    zoom.stubFor(get(urlPathEqualTo(newHost)).inScenario("new host").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson("{\"meetings\":[]}")));
    zoom.stubFor(get(urlPathEqualTo(newHost)).inScenario("new host").whenScenarioStateIs("created")
        .willReturn(okJson(new JsonObject().put("meetings", new JsonArray()
        .add(new JsonObject().put("id", 555).put("agenda", "Zoom\n\n" + marker).put("join_url", "https://zoom.example/j/555"))).encode())));
    zoom.stubFor(delete(urlPathEqualTo("/v2/meetings/444")).inScenario("delete").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    zoom.stubFor(delete(urlPathEqualTo("/v2/meetings/444")).inScenario("delete").whenScenarioStateIs("up")
        .willReturn(aResponse().withStatus(204)));
    assertThat(coord.patch("/api/sessions/" + id, new JsonObject().put("hostId", host2)).status()).isEqualTo(200);
    deliverUntilDone(3);
    zoom.verify(1, postRequestedFor(urlPathEqualTo(newHost)));
    zoom.verify(2, deleteRequestedFor(urlPathEqualTo("/v2/meetings/444")));
    zoom.verify(0, patchRequestedFor(urlPathEqualTo("/v2/meetings/444")));
    JsonObject row = server.sql("SELECT zoom_meeting_id, zoom_meeting_user, join_url FROM session WHERE id = $1", id).iterator().next().toJson();
    assertThat(row.getString("zoom_meeting_id")).isEqualTo("555");
    assertThat(row.getString("zoom_meeting_user")).isEqualTo("host" + id + "@npo.example.jp");
    assertThat(row.getString("join_url")).isEqualTo("https://zoom.example/j/555");
    // Delivered again (a repeat), nothing more happens at Zoom but a harmless PATCH of the time.
    zoom.stubFor(patch(urlPathEqualTo("/v2/meetings/555")).willReturn(aResponse().withStatus(204)));
    server.pool().withTransaction(tx -> ZoomMeetings.request(tx, id)).await();
    deliverUntilDone(2);
    zoom.verify(1, postRequestedFor(urlPathEqualTo(newHost)));
    zoom.verify(2, deleteRequestedFor(urlPathEqualTo("/v2/meetings/444")));
  }
}
