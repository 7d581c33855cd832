package org.kakehashi.cases;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;
import org.kakehashi.support.ZoomStandIn;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A programme change reaches the session's existing Zoom meeting (WireMock as Zoom): a case submitted after
 * planning puts its title and presenter in the meeting's agenda; edits of the session's programme and of the
 * round's template, made while an update is waiting, make one PATCH; a draft makes none, nor does a session
 * with its own programme when the round's template changes (README, "The programme").
 */
class ProgrammeAgendaTest {

  static final WireMockServer zoom = ZoomStandIn.start();

  @RegisterExtension
  static TestServer server = new TestServer(ZoomStandIn.config(zoom).andThen(json ->
      json.getJsonObject("zoom").put("agendaDelaySeconds", 0)));
  static final Fixtures fixtures = new Fixtures(server);
  static final String PW = "agenda-password";

  @AfterAll
  static void stop() {
    zoom.stop();
  }

  @BeforeEach
  void stubs() {
    zoom.resetAll();
    zoom.stubFor(post(urlPathEqualTo("/oauth/token"))
        .willReturn(okJson("{\"access_token\":\"token-1\",\"token_type\":\"bearer\",\"expires_in\":3599}")));
    zoom.stubFor(patch(urlPathMatching("/v2/meetings/[0-9]+")).willReturn(aResponse().withStatus(204)));
  }

  record Seeded(long round, long natori, long matsue, long session, long staff) {
  }

  static int seq = 0;

  /** Two centers, a round and a planned session whose meeting exists at Zoom as {@code meetingId}. */
  static Seeded seed(String meetingId) {
    String n = String.valueOf(++seq);
    long natori = CaseApiTestSeed.center(server, "ag-natori-" + n, "名取市生涯学習センター", "名取市", "宮城県");
    long matsue = CaseApiTestSeed.center(server, "ag-matsue-" + n, "松江市公民館", "松江市", "島根県");
    long staff = server.person("ag-a" + n + "@example.jp", natori, PW);
    server.person("ag-f" + n + "@example.jp", null, PW, "facilitator");
    long round = fixtures.round("冬の合同研修 " + n).dates("2026-01-01", "2027-12-31").status("running")
        .topics(CaseApiTestSeed.TOPICS).centers(natori, matsue).create();
    long facilitator = server.sql("SELECT id FROM person WHERE email = $1", "ag-f" + n + "@example.jp").iterator().next().getLong("id");
    long session = fixtures.session(round, fixtures.pair(round, natori, matsue)).inMinutes(10 * 24 * 60L, 180)
        .facilitator(facilitator).zoomMeeting(meetingId).create();
    return new Seeded(round, natori, matsue, session, staff);
  }

  static List<LoggedRequest> patches(String meetingId) {
    return zoom.findAll(patchRequestedFor(urlPathEqualTo("/v2/meetings/" + meetingId)));
  }

  /** Delivers the outbox by hand (ZoomStandIn) until no Zoom message waits (a retry after a slow answer included). */
  static void deliver() {
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      assertThat(server.sql("SELECT count(*) AS n FROM outbox WHERE kind = 'zoom_meeting' AND delivered_at IS NULL"
          + " AND failed_at IS NULL").iterator().next().getLong("n")).isZero();
    });
  }

  @Test
  @DisplayName("a case submitted after planning: one PATCH whose agenda names the case's title and presenter; the draft made none")
  void submittedCaseReachesTheAgenda() {
    Seeded s = seed("7001");
    Api a = server.signedIn("ag-a" + seq + "@example.jp", PW);
    JsonObject draft = new JsonObject().put("title", "多文化共生の防災訓練").put("summary", "外国籍の住民と一緒に続ける訓練です。")
        .put("presenters", new JsonArray().add(s.staff())).put("minutes", 20).put("version", 0);
    Api.Res created = a.put("/api/sessions/" + s.session() + "/cases/" + s.natori(), draft);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    deliver();
    assertThat(patches("7001")).as("a draft is not in the programme: nothing to tell Zoom").isEmpty();

    Api.Res submitted = a.post("/api/cases/" + created.json().getLong("id") + "/submit", null);
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
    deliver();
    List<LoggedRequest> sent = patches("7001");
    assertThat(sent).hasSize(1);
    JsonObject body = new JsonObject(sent.get(0).getBodyAsString());
    assertThat(body.getString("agenda")).contains("進行表（日本時間）").contains("名取市生涯学習センターの事例「多文化共生の防災訓練」")
        .contains("発表：テスト ag-a" + seq).contains("\n\nkakehashi:session-" + s.session() + "@");
    assertThat(body.getString("agenda").length()).isLessThanOrEqualTo(2000);
    assertThat(body.getLong("duration")).isEqualTo(180);
    assertThat(body.containsKey("settings")).as("an update, not a new meeting").isFalse();
    assertThat(zoom.findAll(anyRequestedFor(anyUrl())).stream().filter(r -> r.getMethod().getName().equals("POST")
        && r.getUrl().contains("/meetings"))).as("no meeting created").isEmpty();

    // Editing the submitted case (its title) updates the agenda again, once.
    Api.Res edited = a.put("/api/sessions/" + s.session() + "/cases/" + s.natori(),
        draft.copy().put("title", "多文化共生の避難所運営").put("version", submitted.json().getInteger("version")));
    assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    deliver();
    assertThat(patches("7001")).hasSize(2);
    assertThat(new JsonObject(patches("7001").get(1).getBodyAsString()).getString("agenda")).contains("多文化共生の避難所運営");
  }

  @Test
  @DisplayName("three programme edits while an update waits make one PATCH with the last; the round's template reaches only the sessions that follow it")
  void editsCoalesce() {
    Seeded s = seed("7002");
    Api coord = server.coordinator();
    for (String opening : List.of("開会 1", "開会 2", "開会（最終）")) {
      Api.Res put = coord.put("/api/sessions/" + s.session() + "/programme", new JsonObject().put("steps", new JsonArray()
          .add(new JsonObject().put("kind", "opening").put("ja", opening).put("minutes", 10))
          .add(new JsonObject().put("kind", "caseA"))
          .add(new JsonObject().put("kind", "caseB"))
          .add(new JsonObject().put("kind", "closing").put("ja", "閉会").put("minutes", 5))));
      assertThat(put.status()).as(put.toString()).isEqualTo(200);
    }
    assertThat(server.sql("SELECT count(*) AS n FROM outbox WHERE ref = $1 AND delivered_at IS NULL", "zoom:meeting:" + s.session())
        .iterator().next().getLong("n")).as("one waiting update").isEqualTo(1);
    deliver();
    assertThat(patches("7002")).hasSize(1);
    assertThat(new JsonObject(patches("7002").get(0).getBodyAsString()).getString("agenda")).contains("開会（最終）")
        .doesNotContain("開会 1");

    // A second session of the round follows the template; the first has its own programme.
    long kobe = CaseApiTestSeed.center(server, "ag-kobe-" + seq, "神戸市公民館", "神戸市", "兵庫県");
    long sendai = CaseApiTestSeed.center(server, "ag-sendai-" + seq, "仙台市市民センター", "仙台市", "宮城県");
    server.sql("INSERT INTO round_center (round_id, center_id) VALUES ($1, $2), ($1, $3)", s.round(), kobe, sendai);
    long follower = fixtures.session(s.round(), fixtures.pair(s.round(), kobe, sendai)).inMinutes(12 * 24 * 60L, 120)
        .zoomMeeting("7003").create();
    Api.Res template = coord.put("/api/rounds/" + s.round() + "/programme-template", new JsonObject().put("steps", new JsonArray()
        .add(new JsonObject().put("kind", "opening").put("ja", "ようこそ").put("minutes", 5))
        .add(new JsonObject().put("kind", "caseA"))
        .add(new JsonObject().put("kind", "caseB"))));
    assertThat(template.status()).as(template.toString()).isEqualTo(200);
    deliver();
    assertThat(patches("7003")).hasSize(1);
    assertThat(new JsonObject(patches("7003").get(0).getBodyAsString()).getString("agenda")).contains("ようこそ")
        .contains("kakehashi:session-" + follower + "@");
    assertThat(patches("7002")).as("its own programme did not change").hasSize(1);

    assertThat(coord.delete("/api/rounds/" + s.round() + "/programme-template").status()).isEqualTo(200);
    deliver();
    assertThat(patches("7003")).hasSize(2);
    assertThat(coord.delete("/api/sessions/" + s.session() + "/programme").status()).isEqualTo(200);
    deliver();
    assertThat(patches("7002")).hasSize(2);
  }
}
