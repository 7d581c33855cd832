package org.kakehashi.reflections;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.rounds.Round;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phrase contained in a longer listed phrase that covers nearly the same notes is folded into it
 * (README, "How reflections are summarised"): 防災マップ into 防災マップづくり; a shorter phrase used
 * widely on its own stays, and nothing folds into a phrase that is not listed.
 */
class PhraseFoldTest {

  private static PhraseRanking.Scored scored(String key, int count, double score) {
    return new PhraseRanking.Scored(key, key, count, score);
  }

  private static List<Map<String, String>> notes(int n, String... keys) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, String> m = new java.util.HashMap<>();
      for (String k : keys) {
        m.put(k, k);
      }
      out.add(m);
    }
    return out;
  }

  @Test
  @DisplayName("防災マップ folds into 防災マップづくり when at most one note uses it alone; the next phrase fills its place")
  void foldsIntoTheLonger() {
    List<PhraseRanking.Scored> ranked = List.of(scored("防災マップ", 6, 0.9), scored("防災マップづくり", 5, 0.8),
        scored("朝市", 4, 0.5), scored("花壇", 3, 0.4));
    List<Map<String, String>> notes = new ArrayList<>(notes(5, "防災マップ", "防災マップづくり"));
    notes.addAll(notes(1, "防災マップ"));
    notes.addAll(notes(4, "朝市", "花壇"));
    assertThat(PhraseRanking.fold(ranked, notes, 3)).extracting(PhraseRanking.Scored::key)
        .containsExactly("防災マップづくり", "朝市", "花壇");
  }

  @Test
  @DisplayName("a shorter phrase many notes use on their own stays beside the longer (子ども, 子ども食堂)")
  void widelyUsedAloneStays() {
    List<PhraseRanking.Scored> ranked = List.of(scored("子ども", 10, 0.9), scored("子ども食堂", 8, 0.8));
    List<Map<String, String>> notes = new ArrayList<>(notes(2, "子ども", "子ども食堂"));
    notes.addAll(notes(8, "子ども"));
    notes.addAll(notes(6, "子ども食堂"));
    assertThat(PhraseRanking.fold(ranked, notes, 5)).extracting(PhraseRanking.Scored::key)
        .containsExactly("子ども", "子ども食堂");
  }

  @Test
  @DisplayName("nothing folds into a longer phrase left out by the limit")
  void onlyIntoAListedPhrase() {
    List<PhraseRanking.Scored> ranked = List.of(scored("防災マップ", 6, 0.9), scored("朝市", 5, 0.8),
        scored("防災マップづくり", 5, 0.1));
    List<Map<String, String>> notes = new ArrayList<>(notes(5, "防災マップ", "防災マップづくり"));
    notes.addAll(notes(5, "朝市"));
    assertThat(PhraseRanking.fold(ranked, notes, 2)).extracting(PhraseRanking.Scored::key)
        .containsExactly("防災マップ", "朝市");
  }

  @Test
  @DisplayName("through the summary: the journey's two notes list 防災マップづくり once, not 防災マップ beside it")
  void summaryListsTheLongerOnce() {
    List<Round.Label> prompts = List.of(new Round.Label("learned", "学んだこと", "Learned"));
    String[] texts = {"公民館の職員が地域の人と一緒に防災マップを作っていたことが印象的でした。",
        "公民館だよりで防災マップづくりの参加者を募集してみます。", "朝市で子ども食堂の案内を配っていました。"};
    List<Summarizer.Note> notes = new ArrayList<>();
    List<Summarizer.Participant> people = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      notes.add(new Summarizer.Note(1, i, "職員" + i, false, 10L + i % 2, null, null, Map.of("learned", texts[i])));
      people.add(new Summarizer.Participant(1, i, "職員" + i, 10L + i % 2, null, null, true));
    }
    Summarizer.Summary s = Summarizer.summarize(prompts, notes, people, List.of(new Summarizer.SessionPair(1,
        List.of(new Summarizer.Center(10, "A", "名取市"), new Summarizer.Center(11, "B", "松江市")))), Summarizer.Filter.NONE);
    List<String> listed = s.keyPhrases().stream().map(Summarizer.Phrase::phrase).toList();
    assertThat(listed).contains("防災マップづくり").doesNotContain("防災マップ");
  }
}
