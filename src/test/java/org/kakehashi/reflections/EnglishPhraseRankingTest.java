package org.kakehashi.reflections;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.rounds.Round;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How English phrases are chosen (README, "How reflections are summarised", Ranking): a note's noun phrase as
 * written is listed even when only that note uses it ("neighbourhood association", not "neighbourhood" and
 * "association"), never beside a piece of it drawn from the same notes, and a phrase several notes share still
 * ranks above one note's phrase when its weight says so.
 */
class EnglishPhraseRankingTest {

  static final List<Round.Label> PROMPTS = List.of(new Round.Label("noticed", "気づいたこと", "Noticed"),
      new Round.Label("try", "やってみたいこと", "Try"));

  /** The demo's two English notes of the held session (DemoNotes en-1 and en-2), two answers each. */
  static final List<Map<String, String>> DEMO = List.of(
      Map.of("noticed", "Even online, the breakout rooms felt like a real conversation. Hearing how the Natori community"
              + " center became an evacuation shelter made our own disaster drills feel much more urgent. I want to be the"
              + " staff member residents think of first when something goes wrong in the neighbourhood.",
          "try", "I will invite the neighbourhood association to plan the next disaster drill with us instead of running"
              + " it for them, as they do in Matsue."),
      Map.of("noticed", "Young parents only come to the community center when there is a clear reason, such as the"
              + " children's cafeteria. Matsue involves junior high school students in running the center's festival.",
          "try", "Post our classes on social media twice a month and put a small notice board up at the children's cafeteria."));

  private static List<Summarizer.Note> notes(List<Map<String, String>> answers) {
    List<Summarizer.Note> out = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      out.add(new Summarizer.Note(1, i, "p" + i, false, 10L + i, null, null, answers.get(i)));
    }
    return out;
  }

  private static List<String> english(Summarizer.Summary s) {
    return s.keyPhrases().stream().filter(p -> PhraseRanking.EN.equals(p.lang())).map(Summarizer.Phrase::key).toList();
  }

  private static KeyPhrases.Counter counter(List<Map<String, String>> answers) {
    KeyPhrases.Counter c = new KeyPhrases.Counter();
    answers.forEach(a -> c.addNote(PhraseRanking.Analysis.of(a).keys()));
    return c;
  }

  /** The background of just these notes (a new installation: the top-up is used). */
  private static PhraseRanking.Background backgroundOf(List<Map<String, String>> answers) {
    Map<String, Integer> df = new HashMap<>();
    answers.forEach(a -> PhraseRanking.Analysis.of(a).keys().keySet().forEach(k -> df.merge(k, 1, Integer::sum)));
    return new PhraseRanking.Background(answers.size(), df, Map.of(PhraseRanking.EN, (long) answers.size()));
  }

  @Test
  @DisplayName("a noun phrase of one note is listed whole (neighbourhood association), not its head words nor a pair"
      + " across two compounds (school students of junior high school students)")
  void onePhraseOfOneNote() {
    Summarizer.Summary s = Summarizer.summarize(PROMPTS, notes(DEMO), List.of(), List.of(), Summarizer.Filter.NONE);
    List<String> listed = english(s);
    assertThat(listed).contains("neighbourhood association", "evacuation shelter", "children's cafeteria",
            "junior high school student")
        .doesNotContain("neighbourhood", "association", "evacuation", "shelter", "cafeteria", "school student", "high school",
            "member resident", "natori community", "breakout", "drill");

    // The tally of PhraseRanking.rank (a learning history's own phrases, tests): the same choice; at equal weight
    // (every phrase here is in one note, its idf the same) the compounds of two words first, the longer first.
    List<String> top4 = PhraseRanking.rank(counter(DEMO), DEMO.size(), backgroundOf(DEMO), Set.of(), 4).stream()
        .map(PhraseRanking.Scored::key).toList();
    assertThat(top4).containsExactly("neighbourhood association", "children's cafeteria", "evacuation shelter",
        "center's festival");

    // One note alone (a learning history's line): the phrase as written, not its words.
    PhraseRanking.Analysis one = PhraseRanking.Analysis.of(DEMO.get(0));
    List<String> own = HistoryRoutes.ownPhrases(one, backgroundOf(DEMO), Set.of()).stream().map(Summarizer.Phrase::key)
        .toList();
    assertThat(own).contains("neighbourhood association").doesNotContain("neighbourhood", "association");
  }

  /** A network of 400 English notes in which only these notes use their phrases (no top-up). */
  private static Summarizer.Summary summary(List<Map<String, String>> answers) {
    Map<List<Long>, PhraseRanking.Analysis> analyses = new HashMap<>();
    Map<String, Integer> df = new HashMap<>();
    List<Summarizer.Note> notes = notes(answers);
    for (Summarizer.Note n : notes) {
      PhraseRanking.Analysis a = PhraseRanking.Analysis.of(n.answers());
      analyses.put(List.of(n.sessionId(), n.personId()), a);
      a.keys().keySet().forEach(k -> df.merge(k, 1, Integer::sum));
    }
    PhraseRanking.Background bg = new PhraseRanking.Background(400, df, Map.of(PhraseRanking.EN, 400L));
    return Summarizer.summarize(PROMPTS, notes, List.of(), List.of(), Summarizer.Filter.NONE,
        new Summarizer.Context(List.of(), analyses, bg));
  }

  private static Map<String, String> note(String text) {
    return Map.of("noticed", text);
  }

  @Test
  @DisplayName("a shorter phrase in three notes ranks above one note's longer phrase holding it; in two notes it is not"
      + " folded into that one note's phrase")
  void sharedOutranksOneNote() {
    String junior = "The volunteer fire brigade trains with the junior high school every autumn.";
    String students = "Students from the high school cleaned the river.";
    String sent = "The high school sent two volunteers.";
    String other = "We visited a food bank in Matsue.";
    // high school: three of four notes; junior high school and volunteer fire brigade: one.
    List<String> three = english(summary(List.of(note(junior), note(students), note(sent), note(other))));
    assertThat(three).contains("junior high school", "volunteer fire brigade");
    assertThat(three.get(0)).isEqualTo("high school");
    assertThat(three.indexOf("high school")).isLessThan(three.indexOf("junior high school"));
    assertThat(three).doesNotContain("school"); // in the same three notes as high school

    // high school: two of four notes, one of them with junior high school: a phrase of two notes stays, and first.
    List<String> two = english(summary(List.of(note(junior), note(students), note(other), note("Our library opened early."))));
    assertThat(two).contains("high school", "junior high school");
    assertThat(two.indexOf("high school")).isLessThan(two.indexOf("junior high school"));
  }

  @Test
  @DisplayName("no phrase is listed with a piece of it drawn from the same notes: summaries and the tally (40 seeds of"
      + " reflection sentences)")
  void noPhraseWithItsOwnPart() {
    List<String> sentences = new ArrayList<>(EnglishPhrasesTest.SENTENCES.keySet());
    DEMO.forEach(a -> sentences.addAll(a.values()));
    for (long seed = 1; seed <= 40; seed++) {
      Random rnd = new Random(seed);
      int n = 1 + rnd.nextInt(8);
      List<Map<String, String>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        StringBuilder text = new StringBuilder();
        for (int j = 0, k = 1 + rnd.nextInt(3); j < k; j++) {
          text.append(j == 0 ? "" : " ").append(sentences.get(rnd.nextInt(sentences.size())));
        }
        answers.add(note(text.toString()));
      }
      List<Set<String>> keys = answers.stream().map(a -> PhraseRanking.Analysis.of(a).keys().keySet()).toList();
      List<String> summarised = rnd.nextBoolean() ? english(summary(answers))
          : english(Summarizer.summarize(PROMPTS, notes(answers), List.of(), List.of(), Summarizer.Filter.NONE));
      List<String> tallied = PhraseRanking.rank(counter(answers), n, backgroundOf(answers), Set.of(), 10).stream()
          .map(PhraseRanking.Scored::key).toList();
      for (List<String> listed : List.of(summarised, tallied)) {
        for (String whole : listed) {
          for (String part : PhraseRanking.parts(whole)) {
            if (listed.contains(part)) {
              assertThat(notesOf(part, keys)).as("seed %d: %s listed beside %s (%s)", seed, part, whole, listed)
                  .isNotEqualTo(notesOf(whole, keys));
            }
          }
        }
      }
    }
  }

  private static Set<Integer> notesOf(String key, List<Set<String>> keys) {
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).contains(key)) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  @DisplayName("the parts of a key: its shorter runs of words, a possessive also as its noun; a Japanese key has none")
  void parts() {
    assertThat(PhraseRanking.parts("junior high school student")).contains("junior high school", "high school student",
        "high school", "school student", "student", "junior").doesNotContain("junior high school student");
    assertThat(PhraseRanking.parts("children's cafeteria")).containsExactlyInAnyOrder("child", "children's", "cafeteria");
    assertThat(PhraseRanking.parts("residents' association")).contains("resident", "association");
    assertThat(PhraseRanking.parts("子ども食堂")).isEmpty();
    assertThat(PhraseRanking.parts("storytelling")).isEmpty();
  }
}
