package org.kakehashi.reflections;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.rounds.Round;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A round summary: an anonymous note kept without words (its session below the floor) helps no other over the floor of 3 (README, "Security"). */
class BelowFloorCountTest {

  static final List<Round.Label> PROMPTS = List.of(new Round.Label("noticed", "気づいたこと", "Noticed"),
      new Round.Label("partner", "持ち帰ること", "Took"));

  @Test
  @DisplayName("a round's center X: one anonymous note of session A (1 anonymous there) and two of session B")
  void wordlessNoteLiftsNoOther() {
    long x = 10;
    long y = 20;
    String t1 = "ジオパーク見学会を住民と企画してみます。ジオパーク見学会の記録も残したいです。";
    String t2 = "ジオパーク見学会に子ども会を誘いました。来年もジオパーク見学会を続けます。";
    String t3 = "防災訓練を高校生と一緒に考えたいと思いました。";
    List<Summarizer.Note> raw = List.of(
        new Summarizer.Note(1, 101, null, true, x, null, null, Map.of("noticed", "公民館だよりに多文化共生の記事を載せたい。", "partner", "公民館だよりの作り方")),
        new Summarizer.Note(2, 201, null, true, x, null, null, Map.of("noticed", t1, "partner", t1)),
        new Summarizer.Note(2, 202, null, true, x, null, null, Map.of("noticed", t2, "partner", t2)),
        new Summarizer.Note(2, 203, null, true, y, null, null, Map.of("noticed", t3, "partner", t3)));
    // Session 1 holds 1 anonymous note: below the floor, so the route strips it (SummaryRoutes.belowFloor).
    Map<List<Long>, PhraseRanking.Analysis> analyses = new HashMap<>();
    for (Summarizer.Note n : raw) {
      analyses.put(List.of(n.sessionId(), n.personId()), PhraseRanking.Analysis.of(n.answers()));
    }
    List<Summarizer.Note> notes = SummaryRoutes.belowFloor(raw, Set.of(1L), analyses);
    List<Summarizer.Participant> people = raw.stream().map(n -> new Summarizer.Participant(n.sessionId(), n.personId(),
        "p" + n.personId(), n.centerId(), null, null, true)).toList();
    List<Summarizer.SessionPair> pairs = List.of(
        new Summarizer.SessionPair(1, List.of(new Summarizer.Center(x, "X", "名取市"), new Summarizer.Center(30, "Z", "松江市"))),
        new Summarizer.SessionPair(2, List.of(new Summarizer.Center(x, "X", "名取市"), new Summarizer.Center(y, "Y", "那覇市"))));
    Summarizer.Summary with = Summarizer.summarize(PROMPTS, notes, people, pairs, Summarizer.Filter.NONE,
        new Summarizer.Context(List.of(), analyses, new PhraseRanking.Background(4, Map.of())));
    Summarizer.Group cx = with.byCenter().get(String.valueOf(x));

    List<Summarizer.Note> without = notes.subList(1, notes.size());
    Summarizer.Summary alone = Summarizer.summarize(PROMPTS, without, people.subList(1, people.size()), pairs, Summarizer.Filter.NONE,
        new Summarizer.Context(List.of(), analyses, new PhraseRanking.Background(4, Map.of())));
    Summarizer.Group ax = alone.byCenter().get(String.valueOf(x));
    assertThat(ax.withheld()).as("without it, session B's two anonymous notes of center X are withheld").isEqualTo(2);
    assertThat(cx.withheld()).as("with it, they stay withheld (and it is counted too)").isEqualTo(3);
    assertThat(cx.keyPhrases()).as("no words of the two show").isEqualTo(ax.keyPhrases());
  }
}
