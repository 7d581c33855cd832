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
import org.kakehashi.support.TestServer;
import org.kakehashi.support.ZoomStandIn;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
    long b = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ($1, '那覇市公民館', '那覇市', '沖縄県') RETURNING id",
        "zb-" + n).iterator().next().getLong("id");
    long sa = server.person("za" + n + "@example.jp", a, "staff-password");
    long sb = server.person("zb" + n + "@example.jp", b, "staff-password");
    long f = server.person("zf" + n + "@example.jp", null, "facil-password", "facilitator");
    round = coord.post("/api/rounds", new JsonObject().put("title", "Zoom " + n).put("startsOn", "2027-01-01")
        .put("endsOn", "2027-03-31").put("centerIds", new JsonArray().add(a).add(b))).json().getLong("id");
    assertThat(coord.post("/api/rounds/" + round + "/pairing", null).status()).isEqualTo(200);
    assertThat(coord.post("/api/rounds/" + round + "/pairs/publish", null).status()).isEqualTo(200);
    long slot = coord.post("/api/rounds/" + round + "/slots", new JsonObject()
            .put("startsAt", "2027-02-" + (10 + n) + "T19:00:00+09:00")).json().getJsonArray("slots").getJsonObject(0).getLong("id");
    server.sql("INSERT INTO availability (slot_id, person_id, answer) VALUES ($1, $2, 'yes'), ($1, $3, 'yes'), ($1, $4, 'yes')",
        slot, sa, sb, f);
    JsonArray sessions = coord.post("/api/rounds/" + round + "/schedule", null).json().getJsonArray("sessions");
    assertThat(sessions).hasSize(1);
    return sessions.getJsonObject(0).getLong("id");
  }

  static void deliverUntilDone(int rounds) {
    for (int i = 0; i < rounds; i++) {
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
    assertThat(body.getString("topic")).contains("[kakehashi:" + id + "]");
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
  @DisplayName("a create that times out after Zoom acted is found on the retry: still one meeting")
  void timeoutAfterZoomActed() throws Exception {
    long id = scheduledSession();
    String marker = "[kakehashi:" + id + "]";
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(201).withFixedDelay(2500).withHeader("Content-Type", "application/json")
            .withBody("{\"id\":333,\"join_url\":\"https://zoom.example/j/333\"}"))
        .willSetStateTo("created"));
    zoom.stubFor(get(urlPathEqualTo(MEETINGS)).inScenario("slow").whenScenarioStateIs("created")
        .willReturn(okJson(new JsonObject().put("meetings", new JsonArray().add(new JsonObject().put("id", 333)
            .put("topic", "かけはし合同研修 " + marker).put("join_url", "https://zoom.example/j/333"))).encode())));
    deliverUntilDone(1);
    assertThat(session(id).containsKey("joinUrl")).as("the create timed out").isFalse();
    deliverUntilJoinUrl(id, "https://zoom.example/j/333");
    zoom.verify(1, postRequestedFor(urlPathEqualTo(MEETINGS)));
  }
}
