package org.kakehashi.reflections;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A round's summary through the API (README, "How reflections are summarised"): a phrase of every session
 * is listed as recurring and a phrase of one pair as that pair's; the round's topic label goes to the setting's
 * line, not the lists; a coordinator leaves a phrase out of the round's print (marked in every line of the
 * round's summary, kept apart from each session's own hidden phrases), a facilitator may not.
 *
 * <p>Three held sessions of three pairs, four named notes each (two per center). 子ども食堂 is in two notes of
 * every session; 竹細工 in two notes of the second session only; 盆踊り in one note of the first and one of the
 * third (two sessions, but no session uses it twice); 郷土料理 in one note of the third; 多文化共生 (a topic of
 * the round) in three notes of the first; 職員, an everyday word of community centers, in every note of the second.
 */
class RoundSummaryTest {

  @RegisterExtension
  static TestServer server = new TestServer();
  static final Fixtures fixtures = new Fixtures(server);

  static final String PW = "round-summary-password";
  static final String PROMPTS = "[{\"key\":\"aware\",\"ja\":\"気づいたこと\",\"en\":\"What you noticed\"},"
      + "{\"key\":\"partner\",\"ja\":\"相手の市から持ち帰ること\",\"en\":\"What you take home from the partner city\"}]";
  static final String TOPICS = "[{\"key\":\"tabunka\",\"ja\":\"多文化共生\",\"en\":\"Living together across cultures\"},"
      + "{\"key\":\"bousai\",\"ja\":\"防災・減災\",\"en\":\"Disaster preparedness\"}]";
  /** One subject per note, none shared: what only that note talks of. */
  static final String[] SUBJECTS = {"自治会", "図書館", "広報紙", "高校生", "ボランティア", "サロン活動", "防災マップ", "読書会",
      "子ども会", "老人クラブ", "日本語教室", "出前講座"};
  static final String[][] CITIES = {{"名取市", "宮城県"}, {"松江市", "島根県"}, {"那覇市", "沖縄県"}, {"裾野市", "静岡県"},
      {"神戸市", "兵庫県"}, {"金沢市", "石川県"}};

  static long round;
  static final List<Long> sessions = new ArrayList<>();
  static final List<Long> centers = new ArrayList<>();
  static Api coordinator;
  static Api facilitator;

  @BeforeAll
  static void seed() {
    for (int c = 0; c < CITIES.length; c++) {
      centers.add(fixtures.center("rs-" + c, CITIES[c][0] + "公民館", CITIES[c][0], CITIES[c][1]));
    }
    server.person("coord@example.jp", null, PW, "coordinator");
    long f1 = server.person("f1@example.jp", null, PW, "facilitator");
    long f2 = server.person("f2@example.jp", null, PW, "facilitator");
    round = fixtures.round("冬の合同研修").dates("2026-01-01", "2026-12-31").status("running").topics(TOPICS).prompts(PROMPTS)
        .centers(centers.toArray(Long[]::new)).create();
    for (int s = 0; s < 3; s++) {
      long a = centers.get(2 * s);
      long b = centers.get(2 * s + 1);
      long session = fixtures.session(round, fixtures.pair(round, a, b)).inMinutes(-((s + 1) * 24 * 60L + 120), 60)
          .facilitator(s == 0 ? f1 : f2).held().create();
      sessions.add(session);
      for (int j = 0; j < 4; j++) {
        long person = server.person("p" + s + j + "@example.jp", j % 2 == 0 ? a : b, PW);
        fixtures.note(session, person, new JsonObject().put("aware", aware(s, j)).put("partner", partner(j)), "network", "name");
      }
    }
    coordinator = server.signedIn("coord@example.jp", PW);
    facilitator = server.signedIn("f1@example.jp", PW);
  }

  static String aware(int s, int j) {
    StringBuilder text = new StringBuilder("公民館で" + SUBJECTS[4 * s + j] + "について話しました。");
    if (j < 2) {
      text.append("子ども食堂のことを学びました。");
    }
    if (s == 1 && j >= 2) {
      text.append("竹細工を見ました。");
    }
    if (s == 1) {
      text.append("職員も来ました。");
    }
    if (s != 1 && j == 0) {
      text.append("盆踊りも見ました。");
    }
    if (s == 2 && j == 3) {
      text.append("郷土料理も見ました。");
    }
    if (s == 0 && j < 3) {
      text.append("多文化共生を考えました。");
    }
    return text.toString();
  }

  static String partner(int j) {
    return j < 2 ? "子ども食堂の工夫を持ち帰ります。" : "また話したいです。";
  }

  static JsonObject roundSummary(Api as) {
    Api.Res res = as.get("/api/rounds/" + round + "/reflections/summary");
    assertThat(res.status()).as(res.text()).isEqualTo(200);
    return res.json();
  }

  static JsonObject sessionSummary(Api as, long session) {
    Api.Res res = as.get("/api/sessions/" + session + "/reflections/summary");
    assertThat(res.status()).as(res.text()).isEqualTo(200);
    return res.json();
  }

  static List<JsonObject> objects(JsonArray a) {
    return a.stream().map(o -> (JsonObject) o).toList();
  }

  /** Every phrase the summary lists anywhere: the main list, by topic, room and center, each took-away line, across sessions. */
  static List<JsonObject> everyListedPhrase(JsonObject s) {
    List<JsonObject> out = new ArrayList<>(objects(s.getJsonArray("keyPhrases")));
    for (String groups : List.of("byTopic", "byRoom", "byCenter")) {
      s.getJsonObject(groups).forEach(e -> out.addAll(objects(((JsonObject) e.getValue()).getJsonArray("keyPhrases"))));
    }
    objects(s.getJsonArray("pairs")).forEach(p -> out.addAll(objects(p.getJsonArray("keyPhrases"))));
    JsonObject across = s.getJsonObject("acrossSessions");
    out.addAll(objects(across.getJsonArray("recurring")));
    out.addAll(objects(across.getJsonArray("singlePair")));
    return out;
  }

  static Stream<JsonObject> withPhrase(List<JsonObject> list, String phrase) {
    return list.stream().filter(p -> phrase.equals(p.getString("phrase")));
  }

  @Test
  @DisplayName("across sessions: a phrase of every session is recurring (with its session count), a phrase of one pair is that pair's;"
      + " a phrase of two sessions used once in each, or of one note, is neither")
  void recurringAndSinglePair() {
    JsonObject across = roundSummary(coordinator).getJsonObject("acrossSessions");
    assertThat(across.getInteger("sessions")).isEqualTo(3);
    List<JsonObject> recurring = objects(across.getJsonArray("recurring"));
    List<JsonObject> single = objects(across.getJsonArray("singlePair"));
    JsonObject kodomo = withPhrase(recurring, "子ども食堂").findFirst().orElseThrow(() ->
        new AssertionError("子ども食堂 not recurring: " + recurring));
    assertThat(kodomo.getInteger("sessions")).as("sessions using it").isEqualTo(3);
    assertThat(kodomo.getInteger("count")).as("notes using it").isEqualTo(6);
    assertThat(kodomo.getBoolean("hidden")).isFalse();
    JsonObject takezaiku = withPhrase(single, "竹細工").findFirst().orElseThrow(() ->
        new AssertionError("竹細工 not a single pair's: " + single));
    assertThat(takezaiku.getLong("sessionId")).as("the pair's session").isEqualTo(sessions.get(1));
    assertThat(takezaiku.getInteger("count")).isEqualTo(2);
    // Whole phrases only: each listed once, in one list.
    assertThat(recurring).extracting(p -> p.getString("phrase")).doesNotContain("竹細工", "盆踊り", "郷土料理").doesNotHaveDuplicates();
    assertThat(single).extracting(p -> p.getString("phrase")).doesNotContain("子ども食堂", "盆踊り", "郷土料理").doesNotHaveDuplicates();
    // An everyday word (職員, topped up to most notes of this new installation's background) is no pair's own, though
    // only the second session wrote it.
    assertThat(single).extracting(p -> p.getString("phrase")).doesNotContain("職員");
    // A subject of one note is no pair's phrase (a session of four notes needs two).
    assertThat(single).extracting(p -> p.getString("phrase")).doesNotContainAnyElementsOf(List.of(SUBJECTS));
    // Each single-pair phrase is used in its own session only.
    for (JsonObject p : single) {
      int s = sessions.indexOf(p.getLong("sessionId"));
      assertThat(s).as(p.encode()).isNotNegative();
      for (int other = 0; other < 3; other++) {
        if (other != s) {
          for (int j = 0; j < 4; j++) {
            assertThat(aware(other, j) + partner(j)).as("%s in session %d", p.getString("phrase"), other)
                .doesNotContain(p.getString("phrase"));
          }
        }
      }
    }
  }

  @Test
  @DisplayName("the round's topic label is the setting: on its own line, in no list; a phrase planted as often that is no topic leads its session")
  void topicLabelOnItsOwnLine() {
    for (JsonObject s : List.of(roundSummary(coordinator), sessionSummary(coordinator, sessions.get(0)))) {
      assertThat(objects(s.getJsonArray("contextPhrases"))).extracting(p -> p.getString("phrase")).contains("多文化共生");
      assertThat(withPhrase(s.getJsonArray("contextPhrases").stream().map(o -> (JsonObject) o).toList(), "多文化共生")
          .findFirst().orElseThrow().getInteger("count")).isEqualTo(3);
      assertThat(everyListedPhrase(s)).extracting(p -> p.getString("phrase")).as("every list of the summary")
          .doesNotContain("多文化共生").isNotEmpty();
    }
    // The control: 竹細工, as often in the second session as 多文化共生 is in the first (nearly), leads its summary.
    JsonObject second = sessionSummary(coordinator, sessions.get(1));
    assertThat(objects(second.getJsonArray("keyPhrases")).subList(0, 3)).extracting(p -> p.getString("phrase")).contains("竹細工");
    assertThat(objects(second.getJsonArray("contextPhrases"))).extracting(p -> p.getString("phrase")).doesNotContain("竹細工");
    assertThat(second.getJsonObject("ranking").getBoolean("smallBackground")).as("12 notes: a new installation").isTrue();
    assertThat(second.getJsonObject("ranking").getLong("backgroundNotes")).isEqualTo(12);
  }

  @Test
  @DisplayName("a coordinator leaves a phrase out of the round's print: marked in every line of the round's summary, for every reader;"
      + " each session keeps its own; a facilitator gets 403, bad input 422, the database unchanged")
  void hideInRound() {
    String path = "/api/rounds/" + round + "/reflections/hidden";
    try {
      // A facilitator of the round reads their part of it but may not change the round's print; staff neither.
      long before = server.count("summary_hidden_round_phrase");
      assertThat(facilitator.put(path, new JsonObject().put("key", "子ども食堂").put("hidden", true)).status()).isEqualTo(403);
      assertThat(server.signedIn("p00@example.jp", PW).put(path, new JsonObject().put("key", "子ども食堂").put("hidden", true))
          .status()).isEqualTo(403);
      for (JsonObject bad : List.of(new JsonObject().put("hidden", true), new JsonObject().put("key", " ").put("hidden", true),
          new JsonObject().put("key", "子ども食堂"), new JsonObject().put("key", "x".repeat(201)).put("hidden", true),
          new JsonObject().put("key", "子ども食堂").put("hidden", true).put("extra", 1))) {
        Api.Res res = coordinator.put(path, bad);
        assertThat(res.status()).as(bad.encode() + " → " + res.text()).isBetween(400, 422);
        assertThat(res.json().getJsonObject("error")).as(res.text()).isNotNull();
      }
      assertThat(coordinator.put("/api/rounds/999999/reflections/hidden", new JsonObject().put("key", "x").put("hidden", true))
          .status()).isEqualTo(404);
      assertThat(server.count("summary_hidden_round_phrase")).isEqualTo(before);

      // The session's facilitator hides 竹細工 in the second session only: the round's summary does not.
      Api f2 = server.signedIn("f2@example.jp", PW);
      assertThat(f2.put("/api/sessions/" + sessions.get(1) + "/reflections/hidden",
          new JsonObject().put("key", "竹細工").put("hidden", true)).status()).isEqualTo(200);

      Api.Res hid = coordinator.put(path, new JsonObject().put("key", "子ども食堂").put("hidden", true));
      assertThat(hid.status()).as(hid.text()).isEqualTo(200);
      assertThat(hid.json().getLong("roundId")).isEqualTo(round);
      assertThat(hid.json().getJsonArray("hidden")).containsExactly(PhraseRanking.key("子ども食堂"));
      assertThat(coordinator.put(path, new JsonObject().put("key", "子ども食堂").put("hidden", true)).json()
          .getJsonArray("hidden")).as("twice is once").hasSize(1);

      for (JsonObject s : List.of(roundSummary(coordinator), roundSummary(facilitator))) {
        List<JsonObject> listed = everyListedPhrase(s);
        List<JsonObject> kodomo = withPhrase(listed, "子ども食堂").toList();
        assertThat(kodomo).as("子ども食堂 is listed in several lines").hasSizeGreaterThanOrEqualTo(3)
            .allSatisfy(p -> assertThat(p.getBoolean("hidden")).as(p.encode()).isTrue());
        assertThat(listed.stream().filter(Predicate.not(p -> "子ども食堂".equals(p.getString("phrase")))))
            .as("nothing else hidden (竹細工 is hidden in its session only)")
            .allSatisfy(p -> assertThat(p.getBoolean("hidden")).as(p.encode()).isFalse());
      }
      assertThat(withPhrase(objects(roundSummary(coordinator).getJsonObject("acrossSessions").getJsonArray("recurring")),
          "子ども食堂").findFirst().orElseThrow().getBoolean("hidden")).isTrue();
      // Each session's summary keeps its own: 子ども食堂 shown in print there, 竹細工 hidden in the second.
      for (long session : sessions) {
        JsonObject s = sessionSummary(coordinator, session);
        assertThat(withPhrase(everyListedPhrase(s), "子ども食堂").toList()).isNotEmpty()
            .allSatisfy(p -> assertThat(p.getBoolean("hidden")).isFalse());
        assertThat(withPhrase(everyListedPhrase(s), "竹細工").toList())
            .allSatisfy(p -> assertThat(p.getBoolean("hidden")).isEqualTo(session == sessions.get(1)));
      }

      // Shown again.
      assertThat(coordinator.put(path, new JsonObject().put("key", "子ども食堂").put("hidden", false)).json()
          .getJsonArray("hidden")).isEmpty();
      assertThat(everyListedPhrase(roundSummary(coordinator))).allSatisfy(p -> assertThat(p.getBoolean("hidden")).isFalse());
      assertThat(server.count("summary_hidden_round_phrase")).isZero();
    } finally {
      server.sql("DELETE FROM summary_hidden_round_phrase");
      server.sql("DELETE FROM summary_hidden_phrase");
    }
  }
}
