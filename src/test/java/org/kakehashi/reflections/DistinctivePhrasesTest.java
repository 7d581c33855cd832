package org.kakehashi.reflections;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.kakehashi.rounds.Round;

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

  static final String[] EN_VOCABULARY = {"library", "volunteers", "newsletter", "students", "festival", "garden", "map",
      "reading club", "cooking class", "market", "cleanup", "workshop", "youth council", "tea party"};
  static final String[] EN_PLANTS = {"evacuation drill", "children's cafeteria", "storytelling"};
  static final List<Round.Label> PROMPTS = List.of(new Round.Label("aware", "気づいたこと", "Noticed"));

  @Test
  @DisplayName("the whole summary, Japanese and English notes mixed, each language ranked among its notes: planted phrase"
      + " in its session's top 3, a word of every note (Zoom) in no session's top 5 (60 seeds)")
  void summaryProperty() {
    for (long seed = 1; seed <= 60; seed++) {
      try {
        checkSummary(seed);
      } catch (AssertionError e) {
        throw new AssertionError("failing seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }

  private static void checkSummary(long seed) {
    Random rnd = new Random(seed);
    int sessions = 4 + rnd.nextInt(6);
    int target = rnd.nextInt(sessions);
    boolean english = rnd.nextInt(3) == 0; // the planted phrase is English in a third of the seeds
    String plant = english ? EN_PLANTS[rnd.nextInt(EN_PLANTS.length)] : PLANTS[rnd.nextInt(PLANTS.length)];
    List<Summarizer.Note> notes = new ArrayList<>();
    Map<Long, List<Summarizer.Note>> bySession = new HashMap<>();
    long person = 0;
    for (int s = 0; s < sessions; s++) {
      int n = 10 + rnd.nextInt(30);
      // The planted session's notes of the planted language: 30 % of the session's notes carry it.
      int planted = (int) Math.round(n * 0.3);
      int plantedSoFar = 0;
      for (int i = 0; i < n; i++) {
        boolean inEnglish = english && s == target ? i < planted || rnd.nextInt(4) == 0 : rnd.nextInt(4) == 0;
        boolean plantHere = s == target ? plantedSoFar < planted && inEnglish == english : rnd.nextInt(200) == 0;
        StringBuilder text = new StringBuilder();
        if (inEnglish) {
          text.append("On Zoom we talked about ");
          for (int w = 0; w < 3 + rnd.nextInt(4); w++) {
            text.append(EN_VOCABULARY[rnd.nextInt(EN_VOCABULARY.length)]).append(w % 2 == 0 ? " and the " : ", then ");
          }
          text.append("rest. ");
          if (plantHere) {
            text.append("The ").append(plant).append(" story stayed with me. ");
          }
        } else {
          text.append("Zoomで");
          for (int w = 0; w < 3 + rnd.nextInt(4); w++) {
            text.append(VOCABULARY[rnd.nextInt(VOCABULARY.length)]).append("について話し、");
          }
          if (plantHere) {
            text.append(plant).append("の話を聞きました。");
          }
          text.append("学びました。");
        }
        if (plantHere && s == target) {
          plantedSoFar++;
        }
        Summarizer.Note note = new Summarizer.Note(s, person++, "p", false, (long) s, null, null, Map.of("aware", text.toString()));
        notes.add(note);
        bySession.computeIfAbsent((long) s, x -> new ArrayList<>()).add(note);
      }
    }
    // The background is the whole network; each session is summarised against it.
    Map<List<Long>, PhraseRanking.Analysis> analyses = new HashMap<>();
    Map<String, Integer> df = new HashMap<>();
    Map<String, Long> languages = new HashMap<>();
    for (Summarizer.Note n : notes) {
      PhraseRanking.Analysis a = PhraseRanking.Analysis.of(n.answers());
      analyses.put(List.of(n.sessionId(), n.personId()), a);
      a.keys().keySet().forEach(k -> df.merge(k, 1, Integer::sum));
      for (String l : a.languageArray()) {
        languages.merge(l, 1L, Long::sum);
      }
    }
    PhraseRanking.Background bg = new PhraseRanking.Background(notes.size(), df, languages);
    // The planted phrase's keys (an English pair also counts by its words' stems).
    Set<String> plantKeys = new java.util.HashSet<>();
    KeyPhrases.extract(plant).forEach(p -> plantKeys.add(p.key()));
    for (long s = 0; s < sessions; s++) {
      Summarizer.Summary summary = Summarizer.summarize(PROMPTS, bySession.get(s), List.of(), List.of(), Summarizer.Filter.NONE,
          new Summarizer.Context(List.of(), analyses, bg));
      List<Summarizer.Phrase> phrases = summary.keyPhrases();
      for (String lang : List.of(PhraseRanking.JA, PhraseRanking.EN)) {
        List<String> top = phrases.stream().filter(p -> lang.equals(p.lang())).map(Summarizer.Phrase::phrase).toList();
        assertThat(top.subList(0, Math.min(5, top.size()))).as("session %d (%s), %d notes", s, lang, bySession.get(s).size())
            .doesNotContain("Zoom");
      }
      if (s == target) {
        String lang = english ? PhraseRanking.EN : PhraseRanking.JA;
        List<String> top = phrases.stream().filter(p -> lang.equals(p.lang())).map(Summarizer.Phrase::key).toList();
        assertThat(top.subList(0, Math.min(3, top.size()))).as("top 3 of the planted session (%s)", lang)
            // An English pair that holds the planted word ("storytelling story") shows the plant too.
            .anyMatch(k -> plantKeys.stream().anyMatch(pk -> (" " + k + " ").contains(" " + pk + " ")));
      }
    }
  }
}
