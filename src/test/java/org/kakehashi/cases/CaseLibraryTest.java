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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case library through the API: cases opened to the network are found by a word from inside a
 * compound (防災 → 防災訓練, 多文化 → 多文化共生) and filtered by topic, region, prefecture and year; a case
 * not opened is never found; a case page shows what the partner center took away, within each note's
 * visibility.
 */
class CaseLibraryTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 20000));

  static final String PW = "library-password";
  static long natori;
  static long matsue;
  static long kobe;
  static long natoriCase;
  static long matsueCase;
  static long hidden;

  @BeforeAll
  static void seed() {
    natori = CaseApiTestSeed.center(server, "natori-l", "名取市生涯学習センター", "名取市", "宮城県");
    matsue = CaseApiTestSeed.center(server, "matsue-l", "松江市公民館", "松江市", "島根県");
    kobe = CaseApiTestSeed.center(server, "kobe-l", "神戸市公民館", "神戸市", "兵庫県");
    // Regions follow from the prefectures: 名取市 東北, 松江市 中国, 神戸市 近畿.
    long f = server.person("fl@example.jp", null, PW, "facilitator");
    server.person("nl@example.jp", natori, PW);
    long m1 = server.person("ml@example.jp", matsue, PW);
    long m2 = server.person("ml2@example.jp", matsue, PW);
    long m3 = server.person("ml3@example.jp", matsue, PW);
    server.person("kl@example.jp", kobe, PW);
    long round = CaseApiTestSeed.round(server, "冬の合同研修", natori, matsue, kobe);
    long held = CaseApiTestSeed.session(server, round, f, natori, matsue, -3, "held");
    natoriCase = write("nl", held, natori, "地域ぐるみの防災訓練", "子どもから高齢者までが参加する防災訓練を十年続けています。", "disaster");
    matsueCase = write("ml", held, matsue, "外国人住民と多文化共生の料理教室", "やさしい日本語で交流する料理教室です。", "youth");
    for (long id : new long[] {natoriCase, matsueCase}) {
      String who = id == natoriCase ? "nl" : "ml";
      assertThat(as(who).post("/api/cases/" + id + "/submit", null).status()).isEqualTo(200);
      assertThat(as(who).put("/api/cases/" + id + "/sharing", new JsonObject().put("shared", true)).status()).isEqualTo(200);
    }
    long later = CaseApiTestSeed.session(server, CaseApiTestSeed.round(server, "春", natori, kobe), f, natori, kobe, 5, "scheduled");
    hidden = write("nl", later, natori, "まだ非公開の防災計画", "共有していない事例", "disaster");
    // The partner's notes on Natori's case: one for the network, one for the pair, one for facilitators.
    note(held, m1, "network", "name", "防災訓練に子ども会を巻き込む方法を持ち帰りました。");
    note(held, m2, "partners", "anonymous", "避難所運営の役割分担表を真似したい。");
    note(held, m3, "facilitators", "name", "ファシリテーターだけに伝えたい感想。");
  }

  static long write(String who, long session, long center, String title, String summary, String topic) {
    Api.Res r = as(who).put("/api/sessions/" + session + "/cases/" + center, new JsonObject().put("title", title).put("summary", summary)
        .put("sections", new JsonObject().put("approach", summary)).put("topics", new JsonArray().add(topic)).put("version", 0));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static void note(long session, long person, String visibility, String quoteAs, String partner) {
    new Fixtures(server).note(session, person, new JsonObject().put("partner", partner).put("try", "試したいこと"), visibility, quoteAs);
  }

  static Api as(String who) {
    return server.signedIn(who + "@example.jp", PW);
  }

  static List<Long> found(Api api, String query) {
    Api.Res r = api.get("/api/library?" + query);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    r.array("cases").forEach(o -> ids.add(((JsonObject) o).getLong("id")));
    return ids;
  }

  static String q(String words) {
    return "q=" + URLEncoder.encode(words, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a third center finds shared cases by words inside compounds, with filters; an unshared case is never found")
  void search() {
    Api k = as("kl");
    assertThat(found(k, q("防災"))).containsExactly(natoriCase);
    assertThat(found(k, q("訓練"))).containsExactly(natoriCase);
    assertThat(found(k, q("多文化"))).containsExactly(matsueCase);
    assertThat(found(k, q("共生"))).containsExactly(matsueCase);
    assertThat(found(k, q("料理　教室"))).containsExactly(matsueCase);
    assertThat(found(k, q("防災 料理"))).isEmpty();
    // The library lists only cases opened to the network (Kobe is in the unshared case's pair, and still does not find it).
    assertThat(found(k, q("非公開"))).isEmpty();
    assertThat(found(k, "")).containsExactlyInAnyOrder(natoriCase, matsueCase);
    assertThat(found(k, "topic=disaster")).containsExactly(natoriCase);
    assertThat(found(k, "region=" + URLEncoder.encode("中国", StandardCharsets.UTF_8))).containsExactly(matsueCase);
    assertThat(found(k, "prefecture=" + URLEncoder.encode("宮城県", StandardCharsets.UTF_8) + "&" + q("防災"))).containsExactly(natoriCase);
    int year = java.time.ZonedDateTime.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(3).getYear();
    assertThat(found(k, "year=" + year)).hasSize(2);
    assertThat(found(k, "year=" + (year - 1))).isEmpty();
    assertThat(found(k, "limit=1")).hasSize(1);
    assertThat(k.get("/api/library?limit=1").json().getBoolean("more")).isTrue();
    assertThat(found(k, q("の を に"))).isEmpty();
    assertThat(k.get("/api/library?year=abc").status()).isEqualTo(400);
    assertThat(k.get("/api/library?limit=0").status()).isEqualTo(400);
    assertThat(k.get("/api/library?q=" + "あ".repeat(201)).status()).isEqualTo(400);
    assertThat(server.api().get("/api/library").status()).isEqualTo(401);
    JsonObject filters = k.get("/api/library/filters").json();
    assertThat(filters.getJsonArray("prefectures")).containsExactlyInAnyOrder("宮城県", "島根県");
    assertThat(filters.getJsonArray("topics").getJsonObject(0).getString("ja")).isEqualTo("防災");
    assertThat(filters.getJsonArray("years")).contains(year);
  }

  @Test
  @DisplayName("a compound's parts must stand side by side: 多文化 does not find a case with 多世代 and 文化祭 apart, nor 地域福祉 one with 地域 and 福祉 apart")
  void compoundPartsSideBySide() {
    Api k = as("kl");
    long f = server.sql("SELECT id FROM person WHERE email = 'fl@example.jp'").iterator().next().getLong("id");
    long round = CaseApiTestSeed.round(server, "語の並び", kobe, natori);
    long held = CaseApiTestSeed.session(server, round, f, kobe, natori, -2, "held");
    long apart = write("kl", held, kobe, "多世代交流会と秋の文化祭", "地域の高齢者と子どもが集う多世代交流会を開き、秋には文化祭で福祉施設の作品も展示しました。",
        "youth");
    assertThat(as("kl").post("/api/cases/" + apart + "/submit", null).status()).isEqualTo(200);
    assertThat(as("kl").put("/api/cases/" + apart + "/sharing", new JsonObject().put("shared", true)).status()).isEqualTo(200);
    try {
      // Every part is in the case (多, 文化; 地域, 福祉), but not side by side.
      assertThat(CaseText.words("多世代交流会と秋の文化祭")).contains("多", "文化");
      assertThat(found(k, q("多文化"))).containsExactly(matsueCase);
      assertThat(found(k, q("地域福祉"))).isEmpty();
      assertThat(found(k, q("文化祭"))).containsExactly(apart);
      assertThat(found(k, q("多世代"))).containsExactly(apart);
      assertThat(found(k, q("多世代 文化"))).containsExactly(apart);
      // The library's order: newest session first (this one was two days ago, the other two three).
      assertThat(found(k, "").get(0)).isEqualTo(apart);
    } finally {
      assertThat(as("kl").put("/api/cases/" + apart + "/sharing", new JsonObject().put("shared", false)).status()).isEqualTo(200);
    }
    assertThat(found(k, q("文化祭"))).isEmpty();
  }

  @Test
  @DisplayName("a case whose words are missing or from an older analysis is analysed again by CaseIndex and found again; a current one is left alone")
  void reindex() {
    Api k = as("kl");
    server.sql("UPDATE case_study SET search_tokens = ''::tsvector, search_version = 0 WHERE id = $1", matsueCase);
    assertThat(found(k, q("多文化"))).isEmpty();
    String natoriTokens = server.sql("SELECT search_tokens::text AS t FROM case_study WHERE id = $1", natoriCase).iterator().next().getString("t");
    CaseIndex.Run run = CaseIndex.reindex(server.vertx(), server.pool()).await();
    assertThat(run.cases()).isGreaterThanOrEqualTo(1);
    assertThat(found(k, q("多文化"))).containsExactly(matsueCase);
    assertThat(found(k, q("料理"))).containsExactly(matsueCase);
    assertThat(server.sql("SELECT search_version AS v FROM case_study WHERE id = $1", matsueCase).iterator().next().getInteger("v"))
        .isEqualTo(CaseText.VERSION);
    assertThat(server.sql("SELECT search_tokens::text AS t FROM case_study WHERE id = $1", natoriCase).iterator().next().getString("t"))
        .isEqualTo(natoriTokens);
    assertThat(CaseIndex.reindex(server.vertx(), server.pool()).await().cases()).isZero();
  }

  @Test
  @DisplayName("the case page shows the partner's takeaways: the network's notes to all, the pair's notes to the pair, all to the facilitator; a lone anonymous one only counted")
  void takeaways() {
    JsonArray third = as("kl").get("/api/cases/" + natoriCase).json().getJsonArray("takeaways");
    assertThat(third).hasSize(1);
    assertThat(third.getJsonObject(0).getString("text")).contains("子ども会");
    assertThat(third.getJsonObject(0).getString("author")).isEqualTo("テスト ml");
    // The pair's anonymous note is Matsue's only one: counted, its text not shown (it would point to Matsue).
    JsonObject pair = as("nl").get("/api/cases/" + natoriCase).json();
    assertThat(pair.getJsonArray("takeaways")).hasSize(1);
    assertThat(pair.getInteger("takeawaysWithheld")).isEqualTo(1);
    JsonObject all = as("fl").get("/api/cases/" + natoriCase).json();
    assertThat(all.getJsonArray("takeaways")).hasSize(2);
    assertThat(all.getInteger("takeawaysWithheld")).isEqualTo(1);
    // Matsue's own staff wrote about Natori's case, not their own.
    assertThat(as("kl").get("/api/cases/" + matsueCase).json().getJsonArray("takeaways")).isEmpty();
    // The unshared case is Natori and Kobe's: Matsue does not see it.
    assertThat(as("ml").get("/api/cases/" + hidden).status()).isEqualTo(404);
  }
}
