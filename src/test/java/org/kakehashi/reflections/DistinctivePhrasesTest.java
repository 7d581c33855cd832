package org.kakehashi.reflections;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property over generated notes (seeded; the failing seed is printed): a phrase planted in 30 % of one
 * session's notes and rare elsewhere ranks in that session's top 3; a word in every note of every
 * session is in no session's top 5 (README, "Reflection summaries").
 */
class DistinctivePhrasesTest {

  static final String[] VOCABULARY = {"自治会", "図書館", "広報紙", "高校生", "ボランティア", "サロン活動", "防災マップ",
      "読書会", "子ども会", "老人クラブ", "日本語教室", "出前講座", "まちづくり協議会", "民生委員", "ワークショップ",
      "朝市", "花壇", "清掃活動", "避難訓練", "郷土料理", "盆踊り", "竹細工", "将棋大会", "料理教室"};
  static final String[] PLANTS = {"多文化共生", "非常勤職員", "LINE公式アカウント", "多言語案内", "ICT活用", "子ども食堂"};

  @Test
  @DisplayName("planted phrase in a session's top 3; a word of every note in no session's top 5 (100 seeds)")
  void property() {
    for (long seed = 1; seed <= 100; seed++) {
      try {
        check(seed);
      } catch (AssertionError e) {
        throw new AssertionError("failing seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private static void check(long seed) {
    Random rnd = new Random(seed);
    int sessions = 4 + rnd.nextInt(8);
    int target = rnd.nextInt(sessions);
    String plant = PLANTS[rnd.nextInt(PLANTS.length)];
    Map<Integer, List<Map<String, String>>> bySession = new HashMap<>();
    Map<String, Integer> df = new HashMap<>();
    int total = 0;
    for (int s = 0; s < sessions; s++) {
      int n = 10 + rnd.nextInt(30);
      int planted = (int) Math.round(n * 0.3);
      List<Map<String, String>> notes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        StringBuilder text = new StringBuilder("公民館で");
        for (int w = 0; w < 3 + rnd.nextInt(4); w++) {
          text.append(VOCABULARY[rnd.nextInt(VOCABULARY.length)]).append("について話し、");
        }
        boolean plantHere = s == target ? i < planted : rnd.nextInt(200) == 0; // rare elsewhere
        if (plantHere) {
          text.append(plant).append("の話を聞きました。");
        }
        text.append("学びました。");
        Map<String, String> keys = KeyPhrases.distinct(KeyPhrases.extract(text.toString()));
        keys.keySet().forEach(k -> df.merge(k, 1, Integer::sum));
        notes.add(keys);
        total++;
      }
      bySession.put(s, notes);
    }
    PhraseRanking.Background bg = new PhraseRanking.Background(total, df);
    for (int s = 0; s < sessions; s++) {
      KeyPhrases.Counter c = new KeyPhrases.Counter();
      bySession.get(s).forEach(c::addNote);
      List<String> top = PhraseRanking.rank(c, bySession.get(s).size(), bg, Set.of(), 5).stream()
          .map(PhraseRanking.Scored::key).toList();
      assertThat(top).as("session %d of %d (%d notes), background %d notes", s, sessions, bySession.get(s).size(), total)
          .doesNotContain("公民館");
      if (s == target) {
        assertThat(top.subList(0, Math.min(3, top.size()))).as("top 3 of the planted session").contains(PhraseRanking.key(plant));
      }
    }
  }
}
