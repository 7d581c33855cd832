package org.kakehashi.reflections;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The learning history shows a person's own phrases over time (README, "The API", {@code GET /api/me/history}):
 * one staff member of Natori takes part in three rounds, a month apart, each with another partner city and topic,
 * and writes a note each time; beside each note a partner writes one too. Each session of the history shows the
 * distinctive phrases of that person's own note of that session: not the partner's, not another session's, without
 * the places and the round's topic.
 */
class LearningHistoryTest {

  @RegisterExtension
  static TestServer server = new TestServer();
  static final Fixtures fixtures = new Fixtures(server);

  static final String PW = "history-password";
  static final String PROMPTS = "[{\"key\":\"aware\",\"ja\":\"気づいたこと\",\"en\":\"What you noticed\"}]";

  /** Oldest first: the partner city, the round's topic, my note, the partner's note. */
  static final String[][] ROUNDS = {
      {"松江市", "[{\"key\":\"craft\",\"ja\":\"伝統文化\",\"en\":\"Traditional culture\"}]",
          "松江市の公民館で竹細工の講座を見学し、名取市でも竹細工を始めたいと思いました。", "盆踊りの準備を名取市の皆さんに紹介しました。"},
      {"那覇市", "[{\"key\":\"tabunka\",\"ja\":\"多文化共生\",\"en\":\"Living together across cultures\"}]",
          "多文化共生の取り組みとして、日本語教室を那覇市に倣って開きたいです。", "郷土料理の教室が人気だと話しました。"},
      {"裾野市", "[{\"key\":\"bousai\",\"ja\":\"防災・減災\",\"en\":\"Disaster preparedness\"}]",
          "防災マップづくりを高校生と一緒に進めることにしました。", "将棋大会で世代をつなぐ工夫を話しました。"},
  };
  /** The distinctive phrase of my note of each round, as written, and what must not show in it. */
  static final String[] MINE = {"竹細工", "日本語教室", "防災マップづくり"};

  static final List<Long> sessions = new ArrayList<>();
  static long me;

  @BeforeAll
  static void seed() {
    long natori = fixtures.center("lh-natori", "名取市生涯学習センター", "名取市", "宮城県");
    long f = server.person("f@example.jp", null, PW, "facilitator");
    me = server.person("me@example.jp", natori, PW);
    for (int r = 0; r < ROUNDS.length; r++) {
      String city = ROUNDS[r][0];
      long partner = fixtures.center("lh-" + r, city + "公民館", city, "県" + r);
      long round = fixtures.round("第" + (r + 1) + "回 合同研修").dates("2026-01-01", "2026-12-31").status("running")
          .topics(ROUNDS[r][1]).prompts(PROMPTS).centers(natori, partner).create();
      // A month apart, the first the oldest.
      long session = fixtures.session(round, fixtures.pair(round, natori, partner))
          .inMinutes(-((ROUNDS.length - r) * 30L * 24 * 60 + 120), 60).facilitator(f).held().create();
      sessions.add(session);
      fixtures.note(session, me, new JsonObject().put("aware", ROUNDS[r][2]), "facilitators", "name");
      long colleague = server.person("partner" + r + "@example.jp", partner, PW);
      fixtures.note(session, colleague, new JsonObject().put("aware", ROUNDS[r][3]), "network", "name");
    }
  }

  @Test
  @DisplayName("three sessions, newest first: each shows the phrases of my own note of that session, not the partner's nor"
      + " another session's, places and that round's topic left out")
  void ownPhrasesOverTime() {
    Api mine = server.signedIn("me@example.jp", PW);
    List<JsonObject> history = mine.get("/api/me/history").json().getJsonArray("sessions").stream()
        .map(o -> (JsonObject) o).toList();
    assertThat(history).extracting(s -> s.getLong("sessionId")).as("newest first")
        .containsExactly(sessions.get(2), sessions.get(1), sessions.get(0));
    for (int r = 0; r < ROUNDS.length; r++) {
      long session = sessions.get(r);
      JsonObject s = history.stream().filter(x -> x.getLong("sessionId") == session).findFirst().orElseThrow();
      List<String> phrases = s.getJsonArray("phrases").stream().map(o -> ((JsonObject) o).getString("phrase")).toList();
      assertThat(phrases).as("round %d: %s", r + 1, phrases).contains(MINE[r]).hasSizeLessThanOrEqualTo(5)
          // places (mine and the partner's city, bare or not) and the round's topic are the setting
          .doesNotContain("名取市", "名取", ROUNDS[r][0], ROUNDS[r][0].replace("市", ""), "多文化共生", "防災", "減災");
      for (int other = 0; other < ROUNDS.length; other++) {
        if (other != r) {
          assertThat(phrases).as("round %d holds round %d's phrase", r + 1, other + 1).doesNotContain(MINE[other]);
        }
      }
      // The partner's words of the same session are theirs, not mine.
      assertThat(String.join("、", phrases)).doesNotContain("盆踊り", "郷土料理", "将棋大会");
    }
    // Over time, the history's phrases are not one list repeated.
    assertThat(history.stream().map(s -> s.getJsonArray("phrases").encode()).distinct()).hasSize(3);
    // The partner's history is theirs: one session, with their own phrase.
    JsonObject theirs = server.signedIn("partner0@example.jp", PW).get("/api/me/history").json();
    assertThat(theirs.getJsonArray("sessions")).hasSize(1);
    assertThat(theirs.getJsonArray("sessions").getJsonObject(0).getJsonArray("phrases").stream()
        .map(o -> ((JsonObject) o).getString("phrase")).toList()).contains("盆踊り").doesNotContain("竹細工");
  }
}
