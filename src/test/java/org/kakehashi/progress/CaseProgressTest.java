package org.kakehashi.progress;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's "what still needs doing" names the centers whose case for a scheduled session is
 * missing or still a draft, with the due date (README, "What still needs doing"), read from the cases
 * package through {@link CasesDue} as the app wires it.
 */
class CaseProgressTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 20000));
  static final Fixtures fixtures = new Fixtures(server);
  static final String PW = "case-progress-password";

  long center(String code, String name) {
    return server.sql("INSERT INTO center (code, name, city, prefecture, region) VALUES ($1, $2, $1, '宮城県', '東北') RETURNING id",
        code, name).iterator().next().getLong("id");
  }

  @Test
  @DisplayName("missing and draft cases of scheduled sessions are listed per session, next due first; submitted, held and cancelled are not")
  void missingCases() {
    long a = center("pa", "名取市センター");
    long b = center("pb", "松江市センター");
    long c = center("pc", "那覇市センター");
    long d = center("pd", "高松市センター");
    server.person("pcoord@example.jp", null, PW, "coordinator");
    long a1 = server.person("pa1@example.jp", a, PW);
    server.person("pb1@example.jp", b, PW);
    long round = fixtures.round("事例の進み具合").dates("2026-01-01", "2027-12-31").status("running")
        .topics("[{\"key\":\"disaster\",\"ja\":\"防災\",\"en\":\"Disaster\"}]").centers(a, b, c, d).create();
    long soon = fixtures.session(round, fixtures.pair(round, a, b)).inMinutes(3 * 24 * 60L, 120).create();
    long later = fixtures.session(round, fixtures.pair(round, c, d)).inMinutes(20 * 24 * 60L, 120).create();
    Api staffA = server.signedIn("pa1@example.jp", PW);
    Api staffB = server.signedIn("pb1@example.jp", PW);
    JsonObject draft = new JsonObject().put("title", "防災訓練").put("summary", "概要").put("presenters", new JsonArray().add(a1))
        .put("version", 0);
    assertThat(staffA.put("/api/sessions/" + soon + "/cases/" + a, draft).status()).isEqualTo(201);
    long caseB = staffB.put("/api/sessions/" + soon + "/cases/" + b, draft.copy().put("presenters", new JsonArray()))
        .json().getLong("id");
    assertThat(staffB.post("/api/cases/" + caseB + "/submit", null).status()).isEqualTo(200);

    Api coord = server.signedIn("pcoord@example.jp", PW);
    JsonObject progress = coord.get("/api/rounds/" + round + "/progress?preview=false").json();
    JsonArray cases = progress.getJsonArray("cases");
    assertThat(cases).hasSize(2);
    JsonObject first = cases.getJsonObject(0);
    assertThat(first.getLong("sessionId")).isEqualTo(soon);
    // Due 7 days before a session in 3 days: overdue already.
    assertThat(first.getBoolean("overdue")).isTrue();
    assertThat(first.getJsonArray("pair").getList()).isEqualTo(List.of("名取市センター", "松江市センター"));
    assertThat(first.getJsonArray("centers")).hasSize(1);
    assertThat(first.getJsonArray("centers").getJsonObject(0).getString("state")).isEqualTo("draft");
    assertThat(first.getJsonArray("centers").getJsonObject(0).getLong("centerId")).isEqualTo(a);
    JsonObject second = cases.getJsonObject(1);
    assertThat(second.getLong("sessionId")).isEqualTo(later);
    assertThat(second.getBoolean("overdue")).isFalse();
    assertThat(second.getJsonArray("centers").stream().map(o -> ((JsonObject) o).getString("state")))
        .containsExactly("not_started", "not_started");
    assertThat(java.time.OffsetDateTime.parse(second.getString("dueAt")))
        .isEqualTo(java.time.OffsetDateTime.parse(second.getString("startsAt")).minusDays(7));

    // Once submitted, A drops out; a cancelled session is not listed.
    long caseA = staffA.get("/api/sessions/" + soon + "/cases").json().getJsonArray("centers").stream()
        .map(o -> ((JsonObject) o).getJsonObject("case")).filter(x -> x != null && x.getLong("centerId") == a)
        .findFirst().orElseThrow().getLong("id");
    assertThat(staffA.post("/api/cases/" + caseA + "/submit", null).status()).isEqualTo(200);
    server.sql("UPDATE session SET status = 'cancelled' WHERE id = $1", later);
    assertThat(coord.get("/api/rounds/" + round + "/progress?preview=false").json().getJsonArray("cases")).isEmpty();

    // Staff do not read the coordinator's panel.
    assertThat(staffA.get("/api/rounds/" + round + "/progress?preview=false").status()).isEqualTo(403);
  }
}
