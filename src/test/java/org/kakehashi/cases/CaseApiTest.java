package org.kakehashi.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writing a center's case for a session as its staff, reading it as the partner, the facilitator and a
 * stranger, the version check, submitting (the partner is e-mailed), opening it to the network, and the
 * round's template; every bad input a clear 4xx with the database unchanged.
 */
class CaseApiTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 20000));
  static final Fixtures fixtures = new Fixtures(server);

  static final String PW = "cases-password";
  static final String TOPICS = "[{\"key\":\"disaster\",\"ja\":\"防災\",\"en\":\"Disaster readiness\"},"
      + "{\"key\":\"youth\",\"ja\":\"若者の参加\",\"en\":\"Youth\"}]";

  static long natori;
  static long matsue;
  static long kobe;
  static long round;
  static long upcoming;
  static long held;
  static long fresh;
  static long a1;
  static long a2;
  static long b1;

  @BeforeAll
  static void seed() {
    natori = center("natori-c", "名取市生涯学習センター", "名取市", "宮城県");
    matsue = center("matsue-c", "松江市公民館", "松江市", "島根県");
    kobe = center("kobe-c", "神戸市公民館", "神戸市", "兵庫県");
    server.person("coord@example.jp", null, PW, "coordinator");
    long f1 = server.person("f1@example.jp", null, PW, "facilitator");
    server.person("f2@example.jp", null, PW, "facilitator");
    a1 = server.person("a1@example.jp", natori, PW);
    a2 = server.person("a2@example.jp", natori, PW);
    b1 = server.person("b1@example.jp", matsue, PW);
    server.person("k1@example.jp", kobe, PW);
    round = round("春の合同研修");
    upcoming = session(round, f1, natori, matsue, 10, "scheduled");
    held = session(round("冬の合同研修"), f1, natori, matsue, -3, "held");
    fresh = session(round("夏の合同研修"), f1, natori, matsue, 20, "scheduled");
  }

  static long center(String code, String name, String city, String prefecture) {
    return server.sql("INSERT INTO center (code, name, city, prefecture, region) VALUES ($1, $2, $3, $4, '東北') RETURNING id",
        code, name, city, prefecture).iterator().next().getLong("id");
  }

  static long round(String title) {
    return fixtures.round(title).dates("2026-01-01", "2027-12-31").status("running").topics(TOPICS)
        .centers(natori, matsue, kobe).create();
  }

  /** A session of two centers {@code days} from now (negative: in the past). */
  static long session(long round, long facilitator, long a, long b, int days, String status) {
    var session = fixtures.session(round, fixtures.pair(round, a, b)).inMinutes(days * 24 * 60L, 120).facilitator(facilitator);
    if ("held".equals(status)) {
      session.held();
    } else {
      assertThat(status).isEqualTo("scheduled");
    }
    return session.create();
  }

  static Api coordinator() {
    return server.signedIn("coord@example.jp", PW);
  }

  static Api as(String who) {
    return server.signedIn(who + "@example.jp", PW);
  }

  static JsonObject draft(int version) {
    return new JsonObject().put("title", "地域ぐるみの防災訓練").put("summary", "公民館を拠点に、子どもから高齢者までが参加する防災訓練を続けています。")
        .put("sections", new JsonObject().put("background", "震災の経験から").put("approach", "毎年の訓練"))
        .put("presenters", new JsonArray().add(a1)).put("minutes", 15).put("topics", new JsonArray().add("disaster"))
        .put("version", version);
  }

  static String snapshot() {
    return server.sql("SELECT coalesce(string_agg(id || ':' || version || ':' || title || ':' || status || ':' || coalesce(shared_at::text, '-'),"
        + " ',' ORDER BY id), '') AS s FROM case_study").iterator().next().getString("s");
  }

  @Test
  @DisplayName("staff write their center's case; the facilitator and coordinators read the draft, the partner its status only"
      + " until it is submitted; a stranger gets 404")
  void writeAndRead() {
    Api a = as("a1");
    Api.Res created = a.put("/api/sessions/" + fresh + "/cases/" + natori, draft(0));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject c = created.json();
    assertThat(c.getString("status")).isEqualTo("draft");
    assertThat(c.getJsonArray("presenters").getJsonObject(0).getLong("id")).isEqualTo(a1);
    long id = c.getLong("id");

    // A colleague continues the draft from the version they read.
    Api.Res saved = as("a2").put("/api/sessions/" + fresh + "/cases/" + natori, draft(c.getInteger("version")).put("title", "防災訓練の十年"));
    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    assertThat(saved.json().getInteger("version")).isEqualTo(c.getInteger("version") + 1);

    Api.Res partner = as("b1").get("/api/sessions/" + fresh + "/cases");
    assertThat(partner.status()).isEqualTo(200);
    JsonArray centers = partner.array("centers");
    assertThat(centers).hasSize(2);
    JsonObject hidden = centers.getJsonObject(0).getJsonObject("case");
    assertThat(hidden.getString("status")).isEqualTo("draft");
    assertThat(hidden.getBoolean("readable")).isFalse();
    assertThat(hidden.fieldNames()).as("a partner's draft: its status only").containsExactlyInAnyOrder("status", "centerId", "readable");
    assertThat(partner.toString()).doesNotContain("防災訓練の十年").doesNotContain("震災の経験から");
    assertThat(centers.getJsonObject(0).getBoolean("canEdit")).isFalse();
    assertThat(centers.getJsonObject(1).getBoolean("canEdit")).isTrue();
    assertThat(partner.json().getJsonObject("template").getJsonArray("sections")).hasSize(5);
    assertThat(partner.json().getString("dueAt")).isNotNull();
    assertThat(as("f1").get("/api/cases/" + id).json().getString("title")).isEqualTo("防災訓練の十年");
    assertThat(coordinator().get("/api/cases/" + id).json().getString("title")).isEqualTo("防災訓練の十年");
    assertThat(as("f1").get("/api/sessions/" + fresh + "/cases").array("centers").getJsonObject(0).getJsonObject("case")
        .getString("summary")).as("the facilitator reads the draft").isNotBlank();
    assertThat(as("a2").get("/api/sessions/" + fresh + "/cases").array("centers").getJsonObject(0).getJsonObject("case")
        .getString("title")).as("the center's own staff read it").isEqualTo("防災訓練の十年");
    // The partner's draft is not there to read, ask about or download: 404, as for a stranger.
    assertThat(as("b1").get("/api/cases/" + id).status()).isEqualTo(404);
    assertThat(as("b1").get("/api/cases/" + id + "/questions").status()).isEqualTo(404);
    assertThat(as("b1").post("/api/cases/" + id + "/questions", new JsonObject().put("text", "下書きへの質問")).status()).isEqualTo(404);
    assertThat(server.sql("SELECT count(*) AS n FROM case_question WHERE case_id = $1", id).iterator().next().getLong("n")).isZero();
    // Submitted, the partner reads it.
    assertThat(a.post("/api/cases/" + id + "/submit", null).status()).isEqualTo(200);
    assertThat(as("b1").get("/api/cases/" + id).json().getString("title")).isEqualTo("防災訓練の十年");
    assertThat(as("b1").get("/api/sessions/" + fresh + "/cases").array("centers").getJsonObject(0).getJsonObject("case")
        .getString("title")).isEqualTo("防災訓練の十年");

    assertThat(as("k1").get("/api/cases/" + id).status()).isEqualTo(404);
    assertThat(as("k1").get("/api/sessions/" + fresh + "/cases").status()).isEqualTo(404);
    assertThat(as("f2").get("/api/cases/" + id).status()).isEqualTo(404);
    assertThat(server.api().get("/api/cases/" + id).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("two colleagues creating the case at once: one 201, the other 409 with both texts, never a silent 200")
  void simultaneousCreation() throws Exception {
    for (int i = 0; i < 8; i++) {
      long s = session(round("同時作成 " + i), server.person("fc" + i + "@example.jp", null, PW, "facilitator"), natori, matsue, 30, "scheduled");
      Api first = as("a1");
      Api second = as("a2");
      var one = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> first.put("/api/sessions/" + s + "/cases/" + natori, draft(0).put("title", "一人目の題")));
      var two = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> second.put("/api/sessions/" + s + "/cases/" + natori, draft(0).put("title", "二人目の題")));
      List<Api.Res> answers = List.of(one.get(), two.get());
      assertThat(answers).extracting(Api.Res::status).as(answers.toString()).containsExactlyInAnyOrder(201, 409);
      Api.Res refused = answers.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
      JsonObject error = refused.json().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("version_conflict");
      Api.Res won = answers.stream().filter(r -> r.status() == 201).findFirst().orElseThrow();
      assertThat(error.getJsonObject("current").getString("title")).isEqualTo(won.json().getString("title"));
      assertThat(error.getJsonObject("yours").getString("title")).isNotEqualTo(won.json().getString("title"));
    }
  }

  @Test
  @DisplayName("a stale version is a 409 carrying both texts, and nothing is overwritten")
  void versionCheck() {
    Api a = as("a1");
    Api.Res first = a.put("/api/sessions/" + held + "/cases/" + natori, draft(0));
    assertThat(first.status()).isEqualTo(201);
    int v = first.json().getInteger("version");
    assertThat(as("a2").put("/api/sessions/" + held + "/cases/" + natori, draft(v).put("title", "先に保存した版")).status()).isEqualTo(200);
    String before = snapshot();
    Api.Res stale = a.put("/api/sessions/" + held + "/cases/" + natori, draft(v).put("title", "後から保存しようとした版"));
    assertThat(stale.status()).isEqualTo(409);
    JsonObject error = stale.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("version_conflict");
    assertThat(error.getString("field")).isEqualTo("version");
    assertThat(error.getJsonObject("current").getString("title")).isEqualTo("先に保存した版");
    assertThat(error.getJsonObject("yours").getString("title")).isEqualTo("後から保存しようとした版");
    // A second "new case" for the same center is a conflict too, not a second row.
    assertThat(a.put("/api/sessions/" + held + "/cases/" + natori, draft(0)).status()).isEqualTo(409);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("bad input: a center not in the pair, another center's case, a long summary, unknown fields — 4xx, nothing stored")
  void badInput() {
    String before = snapshot();
    Api b = as("b1");
    Api.Res notInPair = as("k1").put("/api/sessions/" + upcoming + "/cases/" + kobe, draft(0));
    assertThat(notInPair.status()).isEqualTo(404);
    Api.Res otherCenter = b.put("/api/sessions/" + upcoming + "/cases/" + kobe, draft(0));
    assertThat(otherCenter.status()).isEqualTo(422);
    assertThat(otherCenter.json().getJsonObject("error").getString("field")).isEqualTo("centerId");
    assertThat(b.put("/api/sessions/" + upcoming + "/cases/" + natori, draft(0)).status()).isEqualTo(403);
    Api.Res longSummary = b.put("/api/sessions/" + upcoming + "/cases/" + matsue, draft(0).put("summary", "あ".repeat(401))
        .put("presenters", new JsonArray().add(b1)));
    assertThat(longSummary.status()).isEqualTo(422);
    assertThat(longSummary.json().getJsonObject("error").getString("field")).isEqualTo("summary");
    Api.Res foreignPresenter = b.put("/api/sessions/" + upcoming + "/cases/" + matsue, draft(0));
    assertThat(foreignPresenter.status()).isEqualTo(422);
    assertThat(foreignPresenter.json().getJsonObject("error").getString("field")).isEqualTo("presenters");
    Api.Res section = b.put("/api/sessions/" + upcoming + "/cases/" + matsue, draft(0).put("presenters", new JsonArray())
        .put("sections", new JsonObject().put("nope", "x")));
    assertThat(section.status()).isEqualTo(422);
    assertThat(b.put("/api/sessions/" + upcoming + "/cases/" + matsue, draft(0).put("extra", 1)).status()).isEqualTo(400);
    assertThat(b.put("/api/sessions/" + upcoming + "/cases/" + matsue, draft(0).put("minutes", 0).put("presenters", new JsonArray())).status())
        .isEqualTo(422);
    assertThat(b.put("/api/sessions/" + upcoming + "/cases/" + matsue, draft(0).put("topics", new JsonArray().add("x"))
        .put("presenters", new JsonArray())).status()).isEqualTo(422);
    // A missing or null version is a 422 naming the field (it used to be unboxed into a 500).
    Api.Res noVersion = b.put("/api/sessions/" + upcoming + "/cases/" + matsue, new JsonObject().put("title", "版なし"));
    assertThat(noVersion.status()).as(noVersion.toString()).isEqualTo(422);
    assertThat(noVersion.json().getJsonObject("error").getString("field")).isEqualTo("version");
    Api.Res nullVersion = b.put("/api/sessions/" + upcoming + "/cases/" + matsue, new JsonObject().put("title", "版なし").putNull("version"));
    assertThat(nullVersion.status()).as(nullVersion.toString()).isEqualTo(422);
    assertThat(b.put("/api/sessions/" + upcoming + "/cases/" + matsue, new JsonObject().put("version", -1)).status()).isEqualTo(422);
    assertThat(b.put("/api/sessions/999999/cases/" + matsue, draft(0)).status()).isEqualTo(404);
    assertThat(b.get("/api/cases/999999").status()).isEqualTo(404);
    assertThat(b.put("/api/sessions/" + upcoming + "/cases/abc", draft(0)).status()).isEqualTo(404);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("submitting e-mails the partner's staff once; a case opens to the network only after its session is held")
  void submitAndShare() {
    Api b = as("b1");
    Api.Res empty = b.put("/api/sessions/" + held + "/cases/" + matsue, new JsonObject().put("version", 0));
    assertThat(empty.status()).isEqualTo(201);
    long id = empty.json().getLong("id");
    assertThat(b.post("/api/cases/" + id + "/submit", null).status()).isEqualTo(422);
    assertThat(b.put("/api/sessions/" + held + "/cases/" + matsue, draft(empty.json().getInteger("version"))
        .put("presenters", new JsonArray().add(b1))).status()).isEqualTo(200);
    long mailsBefore = mails("a1@example.jp");
    long ownBefore = mails("b1@example.jp"); // other tests submit Natori's cases, which e-mails b1
    // The partner may not submit it (its draft is not even theirs to see: 404); once submitted they read but not edit (403).
    assertThat(as("a1").post("/api/cases/" + id + "/submit", null).status()).isEqualTo(404);
    Api.Res submitted = b.post("/api/cases/" + id + "/submit", null);
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
    assertThat(submitted.json().getString("status")).isEqualTo("submitted");
    assertThat(b.post("/api/cases/" + id + "/submit", null).status()).isEqualTo(200);
    assertThat(as("a1").post("/api/cases/" + id + "/submit", null).status()).isEqualTo(403);
    assertThat(mails("a1@example.jp") - mailsBefore).isEqualTo(1);
    assertThat(mails("b1@example.jp") - ownBefore).as("the submitting center is not e-mailed").isZero();

    assertThat(as("k1").get("/api/cases/" + id).status()).isEqualTo(404);
    assertThat(as("a1").put("/api/cases/" + id + "/sharing", new JsonObject().put("shared", true)).status()).isEqualTo(403);
    Api.Res shared = b.put("/api/cases/" + id + "/sharing", new JsonObject().put("shared", true));
    assertThat(shared.status()).as(shared.toString()).isEqualTo(200);
    assertThat(shared.json().getBoolean("shared")).isTrue();
    assertThat(as("k1").get("/api/cases/" + id).status()).isEqualTo(200);

    Api.Res early = as("a1").put("/api/sessions/" + upcoming + "/cases/" + natori, draft(0));
    long upcomingCase = early.status() == 201 ? early.json().getLong("id")
        : as("a1").get("/api/sessions/" + upcoming + "/cases").array("centers").getJsonObject(0).getJsonObject("case").getLong("id");
    as("a1").post("/api/cases/" + upcomingCase + "/submit", null);
    Api.Res notHeld = as("a1").put("/api/cases/" + upcomingCase + "/sharing", new JsonObject().put("shared", true));
    assertThat(notHeld.status()).isEqualTo(409);
    assertThat(notHeld.errorCode()).isEqualTo("not_held");
  }

  static long mails(String to) {
    return server.sql("SELECT count(*) AS n FROM outbox WHERE kind = 'email' AND payload->>'to' = $1 AND payload->>'subject' LIKE '%事例%'", to)
        .iterator().next().getLong("n");
  }

  @Test
  @DisplayName("the coordinator edits the round's case template; staff may not; a bad template is a 422")
  void template() {
    Api coord = coordinator();
    JsonObject t = new JsonObject().put("dueDays", 10).put("sections", new JsonArray()
        .add(new JsonObject().put("key", "background").put("ja", "背景"))
        .add(new JsonObject().put("key", "result").put("ja", "成果").put("en", "Results")));
    assertThat(as("a1").put("/api/rounds/" + round + "/case-template", t).status()).isEqualTo(403);
    Api.Res dup = coord.put("/api/rounds/" + round + "/case-template", new JsonObject().put("sections", new JsonArray()
        .add(new JsonObject().put("key", "a").put("ja", "x")).add(new JsonObject().put("key", "a").put("ja", "y"))));
    assertThat(dup.status()).isEqualTo(422);
    assertThat(coord.put("/api/rounds/" + round + "/case-template", new JsonObject().put("sections", new JsonArray())).status()).isEqualTo(422);
    assertThat(as("a1").get("/api/rounds/" + round + "/case-template").json().getJsonArray("sections")).hasSize(5);
    Api.Res put = coord.put("/api/rounds/" + round + "/case-template", t);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(as("a1").get("/api/rounds/" + round + "/case-template").json().getInteger("dueDays")).isEqualTo(10);
    // Put the default back for the other tests of the class.
    coord.put("/api/rounds/" + round + "/case-template", new JsonObject().put("sections", new JsonArray(
        CaseJson.template(CaseTemplate.DEFAULT).getJsonArray("sections").getList())).put("dueDays", 7));
  }

  static JsonObject partnerEntry(Api api, long session) {
    Api.Res r = api.get("/api/me/partner-cases");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.array("partners").stream().map(o -> (JsonObject) o).filter(o -> o.getLong("sessionId") == session).findFirst().orElse(null);
  }

  @Test
  @DisplayName("reading ahead: the partner's staff see 'not yet submitted' with the due date, then the submitted case; a draft stays hidden; others see nothing")
  void partnerCases() {
    long r = round("予習の研修");
    Api coord = coordinator();
    assertThat(coord.put("/api/rounds/" + r + "/case-template", new JsonObject().put("dueDays", 5).put("sections", new JsonArray(
        CaseJson.template(CaseTemplate.DEFAULT).getJsonArray("sections").getList()))).status()).isEqualTo(200);
    long s = session(r, server.person("fp@example.jp", null, PW, "facilitator"), natori, matsue, 14, "scheduled");
    Api b = as("b1");
    JsonObject before = partnerEntry(b, s);
    assertThat(before).as("the partner's staff see the session").isNotNull();
    assertThat(before.getJsonObject("center").getLong("id")).isEqualTo(natori);
    assertThat(before.getJsonObject("center").getString("name")).isEqualTo("名取市生涯学習センター");
    assertThat(before.getValue("case")).isNull();
    assertThat(java.time.OffsetDateTime.parse(before.getString("dueAt")))
        .isEqualTo(java.time.OffsetDateTime.parse(before.getString("startsAt")).minusDays(5));
    // Natori's staff see Matsue as their partner in the same session.
    assertThat(partnerEntry(as("a1"), s).getJsonObject("center").getLong("id")).isEqualTo(matsue);

    Api.Res draft = as("a1").put("/api/sessions/" + s + "/cases/" + natori, draft(0));
    assertThat(draft.status()).isEqualTo(201);
    long id = draft.json().getLong("id");
    assertThat(partnerEntry(b, s).getValue("case")).as("a draft is not shown as the partner's case").isNull();
    assertThat(as("a1").post("/api/cases/" + id + "/submit", null).status()).isEqualTo(200);
    JsonObject c = partnerEntry(b, s).getJsonObject("case");
    assertThat(c.getLong("id")).isEqualTo(id);
    assertThat(c.getString("title")).isEqualTo("地域ぐるみの防災訓練");
    assertThat(c.getString("summary")).startsWith("公民館を拠点に");
    assertThat(c.getString("submittedAt")).isNotNull();
    assertThat(c.getLong("questions")).isZero();
    assertThat(b.post("/api/cases/" + id + "/questions", new JsonObject().put("text", "予習しての質問です")).status()).isEqualTo(201);
    assertThat(partnerEntry(b, s).getJsonObject("case").getLong("questions")).isEqualTo(1);
    // The partner may read what the home links to.
    assertThat(b.get("/api/cases/" + id).status()).isEqualTo(200);

    // Not theirs: a third center's staff, a facilitator and a coordinator of no center; held sessions are past.
    assertThat(partnerEntry(as("k1"), s)).isNull();
    assertThat(as("f1").get("/api/me/partner-cases").array("partners")).isEmpty();
    assertThat(coord.get("/api/me/partner-cases").array("partners")).isEmpty();
    assertThat(partnerEntry(b, held)).isNull();
    assertThat(server.api().get("/api/me/partner-cases").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("submitting raises the version: a colleague's editor saving from before meets a 409 that says submitted, and saving on top keeps it submitted")
  void submittedWhileAColleagueEdits() {
    long s = session(round("提出と同時編集の研修"), server.person("fs@example.jp", null, PW, "facilitator"), natori, matsue, 22, "scheduled");
    Api.Res created = as("a1").put("/api/sessions/" + s + "/cases/" + natori, draft(0));
    assertThat(created.status()).isEqualTo(201);
    long id = created.json().getLong("id");
    int opened = created.json().getInteger("version"); // what the colleague's editor started from
    Api.Res submitted = as("a1").post("/api/cases/" + id + "/submit", null);
    assertThat(submitted.json().getInteger("version")).isEqualTo(opened + 1);
    Api.Res stale = as("a2").put("/api/sessions/" + s + "/cases/" + natori, draft(opened).put("summary", "同僚が書き足した概要"));
    assertThat(stale.status()).isEqualTo(409);
    JsonObject current = stale.json().getJsonObject("error").getJsonObject("current");
    assertThat(current.getString("status")).isEqualTo("submitted");
    assertThat(current.getString("submittedAt")).isNotNull();
    assertThat(current.getString("summary")).as("the submission changed no text").isEqualTo(draft(0).getString("summary"));
    assertThat(stale.json().getJsonObject("error").getJsonObject("yours").getString("summary")).isEqualTo("同僚が書き足した概要");
    Api.Res onTop = as("a2").put("/api/sessions/" + s + "/cases/" + natori, draft(current.getInteger("version")).put("summary", "同僚が書き足した概要"));
    assertThat(onTop.status()).as(onTop.toString()).isEqualTo(200);
    assertThat(onTop.json().getString("status")).isEqualTo("submitted");
    assertThat(onTop.json().getString("summary")).isEqualTo("同僚が書き足した概要");
    assertThat(onTop.json().getString("submittedAt")).isEqualTo(current.getString("submittedAt"));
  }

  @Test
  @DisplayName("a case's answer carries its round's template, so custom section names reach the case page")
  void caseCarriesTemplate() {
    long r = round("ひな形を変えた研修");
    JsonObject t = new JsonObject().put("dueDays", 3).put("sections", new JsonArray()
        .add(new JsonObject().put("key", "background").put("ja", "地域の背景").put("en", "Local background"))
        .add(new JsonObject().put("key", "result").put("ja", "成果と変化").put("en", "Results")));
    assertThat(coordinator().put("/api/rounds/" + r + "/case-template", t).status()).isEqualTo(200);
    long s = session(r, server.person("ft@example.jp", null, PW, "facilitator"), natori, matsue, 16, "scheduled");
    Api.Res created = as("a1").put("/api/sessions/" + s + "/cases/" + natori, draft(0)
        .put("sections", new JsonObject().put("result", "参加者が倍に").put("background", "高齢化")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    long id = created.json().getLong("id");
    // Submitted first: the partner (b1) reads a case once it is submitted.
    assertThat(as("a1").post("/api/cases/" + id + "/submit", null).status()).isEqualTo(200);
    for (Api who : new Api[] {as("a1"), as("b1"), as("ft")}) {
      Api.Res res = who.get("/api/cases/" + id);
      assertThat(res.status()).as(res.toString()).isEqualTo(200);
      JsonObject c = res.json();
      JsonArray sections = c.getJsonObject("template").getJsonArray("sections");
      assertThat(sections).hasSize(2);
      assertThat(sections.getJsonObject(0).getString("ja")).isEqualTo("地域の背景");
      assertThat(sections.getJsonObject(1).getString("key")).isEqualTo("result");
      assertThat(sections.getJsonObject(1).getString("ja")).isEqualTo("成果と変化");
      assertThat(sections.getJsonObject(1).getString("en")).isEqualTo("Results");
      assertThat(c.getJsonObject("template").getInteger("dueDays")).isEqualTo(3);
      assertThat(c.getJsonObject("sections").fieldNames()).containsExactly("background", "result");
    }
    // A round left at the default template answers the default sections.
    long other = session(round("ひな形そのままの研修"), server.person("fu2@example.jp", null, PW, "facilitator"), natori, matsue, 18, "scheduled");
    long plain = as("a1").put("/api/sessions/" + other + "/cases/" + natori, draft(0)).json().getLong("id");
    assertThat(as("fu2").get("/api/cases/" + plain).json().getJsonObject("template").getJsonArray("sections").getJsonObject(0)
        .getString("ja")).isEqualTo("背景・ねらい");
    // Submitting answers with it too.
    assertThat(as("a1").post("/api/cases/" + id + "/submit", null).json().getJsonObject("template").getJsonArray("sections"))
        .hasSize(2);
  }

  @Test
  @DisplayName("questions in advance: the partner asks, the presenting center answers, the facilitator reads; others may not")
  void questions() {
    Api.Res created = as("a1").put("/api/sessions/" + upcoming + "/cases/" + natori, draft(0));
    long id = created.status() == 201 ? created.json().getLong("id")
        : as("a1").get("/api/sessions/" + upcoming + "/cases").array("centers").getJsonObject(0).getJsonObject("case").getLong("id");
    // The partner asks about a submitted case (a draft is not theirs to read).
    assertThat(as("a1").post("/api/cases/" + id + "/submit", null).status()).isEqualTo(200);
    Api.Res asked = as("b1").post("/api/cases/" + id + "/questions", new JsonObject().put("text", "訓練の参加者はどう集めましたか？"));
    assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
    long q = asked.json().getLong("id");
    assertThat(as("a1").post("/api/cases/" + id + "/questions", new JsonObject().put("text", "自分に質問")).status()).isEqualTo(403);
    assertThat(as("k1").post("/api/cases/" + id + "/questions", new JsonObject().put("text", "部外者")).status()).isEqualTo(404);
    assertThat(as("b1").post("/api/cases/" + id + "/questions", new JsonObject().put("text", " ")).status()).isEqualTo(422);
    assertThat(as("b1").put("/api/cases/" + id + "/questions/" + q + "/answer", new JsonObject().put("answer", "x")).status())
        .isEqualTo(403);
    Api.Res answered = as("a2").put("/api/cases/" + id + "/questions/" + q + "/answer",
        new JsonObject().put("answer", "町内会の回覧板で呼びかけました。"));
    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    assertThat(answered.json().getString("answeredBy")).isEqualTo("テスト a2");
    assertThat(as("a1").put("/api/cases/" + id + "/questions/999999/answer", new JsonObject().put("answer", "x")).status())
        .isEqualTo(404);
    JsonObject seen = as("f1").get("/api/cases/" + id + "/questions").json();
    assertThat(seen.getJsonArray("questions").getJsonObject(0).getString("answer")).isEqualTo("町内会の回覧板で呼びかけました。");
    assertThat(seen.getBoolean("canAsk")).isFalse();
    assertThat(as("f2").get("/api/cases/" + id + "/questions").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the programme: computed from the session's start with the cases' titles, edited by its facilitator only, reset to the default")
  void programme() {
    Api.Res p = as("b1").get("/api/sessions/" + held + "/programme");
    assertThat(p.status()).as(p.toString()).isEqualTo(200);
    JsonObject plan = p.json();
    assertThat(plan.getJsonArray("items")).hasSize(8);
    assertThat(plan.getBoolean("fits")).isTrue();
    assertThat(plan.getBoolean("canEdit")).isFalse();
    assertThat(plan.getString("text")).startsWith("進行表（日本時間）");
    JsonObject steps = new JsonObject().put("steps", new JsonArray()
        .add(new JsonObject().put("kind", "opening").put("ja", "開会").put("minutes", 10))
        .add(new JsonObject().put("kind", "caseA"))
        .add(new JsonObject().put("kind", "custom").put("ja", "長い休憩").put("minutes", 200)));
    assertThat(as("b1").put("/api/sessions/" + held + "/programme", steps).status()).isEqualTo(403);
    assertThat(as("f2").put("/api/sessions/" + held + "/programme", steps).status()).isEqualTo(404);
    assertThat(as("f1").put("/api/sessions/" + held + "/programme", new JsonObject().put("steps", new JsonArray())).status()).isEqualTo(422);
    Api.Res edited = as("f1").put("/api/sessions/" + held + "/programme", steps);
    assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    assertThat(edited.json().getBoolean("fits")).isFalse();
    assertThat(edited.json().getString("warning")).isEqualTo("too_long");
    assertThat(edited.json().getBoolean("edited")).isTrue();
    assertThat(edited.json().getJsonArray("items").getJsonObject(1).getString("ja")).startsWith("名取市生涯学習センターの事例");
    Api.Res reset = as("f1").delete("/api/sessions/" + held + "/programme");
    assertThat(reset.json().getBoolean("edited")).isFalse();
    assertThat(as("k1").get("/api/sessions/" + held + "/programme").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a cancelled session's programme is read only: GET says cancelled and not editable, PUT and DELETE are a 409, nothing saved")
  void cancelledProgramme() {
    long cancelled = session(round("取りやめた研修"), server.sql("SELECT id FROM person WHERE email = 'f1@example.jp'")
        .iterator().next().getLong("id"), natori, matsue, 15, "scheduled");
    JsonObject steps = new JsonObject().put("steps", new JsonArray()
        .add(new JsonObject().put("kind", "opening").put("ja", "開会").put("minutes", 10)).add(new JsonObject().put("kind", "caseA")));
    Api.Res saved = as("f1").put("/api/sessions/" + cancelled + "/programme", steps);
    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    int items = saved.json().getJsonArray("items").size();
    server.sql("UPDATE session SET status = 'cancelled' WHERE id = $1", cancelled);
    String stored = "SELECT count(*) AS n FROM session_programme WHERE session_id = $1";
    for (Api api : List.of(as("f1"), coordinator())) {
      JsonObject p = api.get("/api/sessions/" + cancelled + "/programme").json();
      assertThat(p.getString("status")).isEqualTo("cancelled");
      assertThat(p.getBoolean("canEdit")).isFalse();
      assertThat(p.getJsonArray("items")).hasSize(items);
      Api.Res put = api.put("/api/sessions/" + cancelled + "/programme", steps);
      assertThat(put.status()).as(put.toString()).isEqualTo(409);
      assertThat(put.json().getJsonObject("error").getString("code")).isEqualTo("session_cancelled");
      Api.Res reset = api.delete("/api/sessions/" + cancelled + "/programme");
      assertThat(reset.status()).as(reset.toString()).isEqualTo(409);
      assertThat(reset.json().getJsonObject("error").getString("code")).isEqualTo("session_cancelled");
      assertThat(server.sql(stored, cancelled).iterator().next().getLong("n")).as("the session's own steps kept").isEqualTo(1);
    }
    JsonObject scheduled = as("f1").get("/api/sessions/" + upcoming + "/programme").json();
    assertThat(scheduled.getString("status")).isEqualTo("scheduled");
    assertThat(scheduled.getBoolean("canEdit")).isTrue();
  }

  @Test
  @DisplayName("the round's programme template: the coordinator edits it, sessions follow it until their facilitator edits theirs, bad steps are a 422 with nothing saved")
  void roundProgrammeTemplate() {
    long r = round("進行表ひな形の研修");
    long s = session(r, server.sql("SELECT id FROM person WHERE email = 'f1@example.jp'").iterator().next().getLong("id"),
        natori, matsue, 12, "scheduled");
    Api coord = coordinator();
    String path = "/api/rounds/" + r + "/programme-template";
    Api.Res start = as("a1").get(path);
    assertThat(start.status()).as(start.toString()).isEqualTo(200);
    assertThat(start.json().getBoolean("edited")).isFalse();
    assertThat(start.json().getBoolean("canEdit")).isFalse();
    assertThat(start.json().getJsonArray("steps")).hasSize(8);
    assertThat(start.json().getInteger("totalMinutes")).isEqualTo(90);
    assertThat(start.json().getJsonObject("sessions").getLong("following")).isEqualTo(1);
    assertThat(as("f1").get("/api/sessions/" + s + "/programme").json().getString("source")).isEqualTo("default");

    JsonObject steps = new JsonObject().put("steps", new JsonArray()
        .add(new JsonObject().put("kind", "opening").put("ja", "開会・趣旨説明").put("en", "Opening").put("minutes", 10))
        .add(new JsonObject().put("kind", "caseA"))
        .add(new JsonObject().put("kind", "questionsA").put("ja", "質疑応答").put("minutes", 5))
        .add(new JsonObject().put("kind", "caseB").put("minutes", 20))
        .add(new JsonObject().put("kind", "questionsB").put("ja", "質疑応答").put("minutes", 5))
        .add(new JsonObject().put("kind", "rooms").put("ja", "テーマ別ブレイクアウト").put("minutes", 40))
        .add(new JsonObject().put("kind", "shareBack").put("ja", "全体共有").put("minutes", 10))
        .add(new JsonObject().put("kind", "closing").put("ja", "閉会・議事録の確認").put("en", "Closing and minutes").put("minutes", 5)));
    assertThat(as("a1").put(path, steps).status()).isEqualTo(403);
    assertThat(as("f1").put(path, steps).status()).isEqualTo(403);
    assertThat(coord.put("/api/rounds/999999/programme-template", steps).status()).isEqualTo(404);
    for (JsonObject bad : new JsonObject[] {new JsonObject().put("steps", new JsonArray()),
        new JsonObject().put("steps", new JsonArray().add(new JsonObject().put("kind", "caseA")).add(new JsonObject().put("kind", "caseA"))),
        new JsonObject().put("steps", new JsonArray().add(new JsonObject().put("kind", "custom").put("minutes", 5))),
        new JsonObject().put("steps", new JsonArray().add(new JsonObject().put("kind", "opening").put("ja", "開会").put("minutes", 0))),
        new JsonObject().put("steps", new JsonArray().add(new JsonObject().put("kind", "<script>").put("ja", "x").put("minutes", 5)))}) {
      Api.Res res = coord.put(path, bad);
      assertThat(res.status()).as(bad.encode() + " → " + res).isEqualTo(422);
      assertThat(res.json().getJsonObject("error").getString("code")).isNotBlank();
    }
    assertThat(coord.put(path, new JsonObject().put("steps", new JsonArray()).put("extra", 1)).status()).isBetween(400, 422);
    assertThat(server.sql("SELECT count(*) AS n FROM round_programme WHERE round_id = $1", r).iterator().next().getLong("n")).isZero();

    Api.Res put = coord.put(path, steps);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    assertThat(put.json().getBoolean("edited")).isTrue();
    assertThat(put.json().getInteger("totalMinutes")).isEqualTo(110);
    assertThat(put.json().getString("updatedBy")).isNotBlank();
    JsonObject followed = as("b1").get("/api/sessions/" + s + "/programme").json();
    assertThat(followed.getString("source")).isEqualTo("round");
    assertThat(followed.getBoolean("edited")).isFalse();
    assertThat(followed.getJsonArray("items").getJsonObject(0).getInteger("minutes")).isEqualTo(10);
    assertThat(followed.getJsonArray("items").getJsonObject(7).getString("ja")).isEqualTo("閉会・議事録の確認");
    assertThat(followed.getString("text")).contains("閉会・議事録の確認（5分）");

    // The facilitator still edits one session; a reset returns it to the round's template, not the default.
    JsonObject own = new JsonObject().put("steps", new JsonArray().add(new JsonObject().put("kind", "opening").put("ja", "開会").put("minutes", 3)));
    assertThat(as("f1").put("/api/sessions/" + s + "/programme", own).json().getString("source")).isEqualTo("session");
    assertThat(coord.get(path).json().getJsonObject("sessions").getLong("following")).isZero();
    Api.Res reset = as("f1").delete("/api/sessions/" + s + "/programme");
    assertThat(reset.json().getString("source")).isEqualTo("round");
    assertThat(reset.json().getJsonArray("items").getJsonObject(0).getInteger("minutes")).isEqualTo(10);

    Api.Res back = coord.delete(path);
    assertThat(back.status()).isEqualTo(200);
    assertThat(back.json().getBoolean("edited")).isFalse();
    assertThat(as("f1").get("/api/sessions/" + s + "/programme").json().getString("source")).isEqualTo("default");
  }

  @Test
  @DisplayName("two days before a case is due, each center of the pair without a submitted case has its staff e-mailed, once")
  void dueReminders() {
    long soon = session(round("秋の合同研修"), a1, natori, matsue, 8, "scheduled");
    long natoriBefore = reminders("a2@example.jp");
    long matsueBefore = reminders("b1@example.jp");
    CaseReminders reminders = new CaseReminders(server.vertx(), server.pool(), org.kakehashi.platform.Config.from(org.kakehashi.platform.Config.readDefaults()));
    assertThat(reminders.tick().await()).isGreaterThanOrEqualTo(2);
    assertThat(reminders("a2@example.jp") - natoriBefore).isEqualTo(1);
    assertThat(reminders("b1@example.jp") - matsueBefore).isEqualTo(1);
    assertThat(reminders.tick().await()).isZero();
    assertThat(reminders("a2@example.jp") - natoriBefore).isEqualTo(1);
    assertThat(server.sql("SELECT count(*) AS n FROM case_reminder WHERE session_id = $1", soon).iterator().next().getLong("n"))
        .isEqualTo(2);
    String body = server.sql("SELECT payload->>'text' AS t FROM outbox WHERE payload->>'to' = 'a2@example.jp'"
        + " AND payload->>'subject' LIKE '%提出期限%' ORDER BY id DESC LIMIT 1").iterator().next().getString("t");
    assertThat(body).contains("名取市生涯学習センターの事例").contains("/#/sessions/" + soon + "/cases");
  }

  @Test
  @DisplayName("a center whose case is submitted is not nudged, its partner is; a center due in more than 2 days is not nudged yet, then is once within them")
  void remindersSpareTheSubmittedAndTheNotYetDue() {
    long soon = session(round("submitted before the nudge"), server.person("fr1@example.jp", null, PW, "facilitator"), natori, matsue, 8, "scheduled");
    long later = session(round("due in three days"), server.person("fr2@example.jp", null, PW, "facilitator"), natori, matsue, 10, "scheduled");
    long id = as("a1").put("/api/sessions/" + soon + "/cases/" + natori, draft(0)).json().getLong("id");
    assertThat(as("a1").post("/api/cases/" + id + "/submit", null).status()).isEqualTo(200);
    CaseReminders reminders = new CaseReminders(server.vertx(), server.pool(), org.kakehashi.platform.Config.from(org.kakehashi.platform.Config.readDefaults()));
    reminders.tick().await();
    assertThat(remindedCenters(soon)).as("only the center without a submitted case").containsExactly(matsue);
    assertThat(remindersOf("a1@example.jp", soon) + remindersOf("a2@example.jp", soon)).isZero();
    assertThat(remindersOf("b1@example.jp", soon)).isEqualTo(1);
    assertThat(remindedCenters(later)).as("due in 3 days: not yet").isEmpty();
    assertThat(remindersOf("a2@example.jp", later) + remindersOf("b1@example.jp", later)).isZero();
    // Two days before it is due (the session moved earlier), both centers are nudged, once.
    server.sql("UPDATE session SET starts_at = starts_at - interval '2 days', ends_at = ends_at - interval '2 days' WHERE id = $1", later);
    reminders.tick().await();
    reminders.tick().await();
    assertThat(remindedCenters(later)).containsExactlyInAnyOrder(natori, matsue);
    assertThat(remindersOf("a2@example.jp", later)).isEqualTo(1);
    assertThat(remindersOf("b1@example.jp", later)).isEqualTo(1);
  }

  static List<Long> remindedCenters(long session) {
    List<Long> out = new java.util.ArrayList<>();
    server.sql("SELECT center_id FROM case_reminder WHERE session_id = $1 ORDER BY center_id", session).forEach(r -> out.add(r.getLong("center_id")));
    return out;
  }

  /** Reminders e-mailed to a person about one session (the e-mail links to the session's cases). */
  static long remindersOf(String to, long session) {
    return server.sql("SELECT count(*) AS n FROM outbox WHERE kind = 'email' AND payload->>'to' = $1 AND payload->>'subject' LIKE '%提出期限%'"
        + " AND payload->>'text' LIKE $2", to, "%/#/sessions/" + session + "/cases%").iterator().next().getLong("n");
  }

  static long reminders(String to) {
    return server.sql("SELECT count(*) AS n FROM outbox WHERE kind = 'email' AND payload->>'to' = $1 AND payload->>'subject' LIKE '%提出期限%'", to)
        .iterator().next().getLong("n");
  }
}
