package org.kakehashi.reflections;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.rounds.Round;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class QuotesAndCsvTest {

  @Test
  @DisplayName("sentences split at 。！？ and line breaks, closing brackets kept, English at a full stop and space")
  void sentences() {
    String text = "公民館に行った。「楽しかった！」と言われた\n次も行きたい？ We met. It was 3.5 hours 課題です😊次は松江市へ";
    List<String> s = Quotes.sentences(text).stream().map(r -> text.substring(r[0], r[1])).toList();
    assertThat(s).containsExactly("公民館に行った。", "「楽しかった！」", "と言われた", "次も行きたい？", "We met.",
        "It was 3.5 hours 課題です😊", "次は松江市へ");
  }

  @Test
  @DisplayName("quotes are chosen greedily by new phrase weight, one per note, and stop when nothing new is covered")
  void greedy() {
    Map<String, Integer> w = Map.of("公民館", 5, "地域", 3, "若者", 2);
    List<Quotes.Candidate> c = List.of(
        new Quotes.Candidate("公民館と地域。", "A", 1, Set.of("公民館", "地域")),
        new Quotes.Candidate("公民館と地域と若者。", null, 2, Set.of("公民館", "地域", "若者")),
        new Quotes.Candidate("若者。", "C", 2, Set.of("若者")),
        new Quotes.Candidate("地域。", "D", 3, Set.of("地域")),
        new Quotes.Candidate("雑談。", "E", 4, Set.of("雑談")));
    List<Quotes.Quote> q = Quotes.choose(c, w, 5);
    assertThat(q).containsExactly(new Quotes.Quote("公民館と地域と若者。", null));
    List<Quotes.Quote> two = Quotes.choose(c.subList(0, 1), w, 5);
    assertThat(two).containsExactly(new Quotes.Quote("公民館と地域。", "A"));
  }

  @Test
  @DisplayName("the grouped greedy choice equals recomputing every sentence's gain at each pick (200 seeded cases)")
  void groupedGreedyEqualsPlainGreedy() {
    for (long seed = 1; seed <= 200; seed++) {
      java.util.Random rnd = new java.util.Random(seed);
      int phrases = 2 + rnd.nextInt(rnd.nextInt(4) == 0 ? 70 : 20);
      Map<String, Integer> w = new java.util.HashMap<>();
      for (int i = 0; i < phrases; i++) {
        if (rnd.nextInt(5) > 0) {
          w.put("p" + i, 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 1000));
        }
      }
      List<Quotes.Candidate> c = new java.util.ArrayList<>();
      int count = 1 + rnd.nextInt(300);
      for (int i = 0; i < count; i++) {
        Set<String> keys = new java.util.HashSet<>();
        for (int k = rnd.nextInt(5); k >= 0; k--) {
          keys.add("p" + rnd.nextInt(phrases + 3));
        }
        String source = "x".repeat(rnd.nextInt(40)) + "文" + i + "y".repeat(rnd.nextInt(30));
        int start = rnd.nextInt(source.length() / 2 + 1);
        c.add(new Quotes.Candidate(source, start, start + 1 + rnd.nextInt(source.length() - start), null,
            rnd.nextInt(count / 2 + 1), keys));
      }
      int n = 1 + rnd.nextInt(8);
      List<Quotes.Quote> expected = plainGreedy(c, w, n);
      assertThat(Quotes.choose(c, w, n)).as("seed %d", seed).isEqualTo(expected);
      assertThat(Quotes.chooseLazily(c, w, n)).as("seed %d (lazy)", seed).isEqualTo(expected);
    }
  }

  /** The definition: at each pick, every unused note's sentence's gain recomputed; ties to the shorter, then the earlier. */
  private static List<Quotes.Quote> plainGreedy(List<Quotes.Candidate> c, Map<String, Integer> w, int n) {
    Set<String> covered = new java.util.HashSet<>();
    Set<Object> used = new java.util.HashSet<>();
    List<Quotes.Quote> out = new java.util.ArrayList<>();
    while (out.size() < n) {
      int best = -1;
      long bestGain = 0;
      for (int i = 0; i < c.size(); i++) {
        if (used.contains(c.get(i).note())) {
          continue;
        }
        long gain = c.get(i).keys().stream().filter(k -> !covered.contains(k)).mapToLong(k -> w.getOrDefault(k, 0)).sum();
        if (gain > bestGain || (gain == bestGain && gain > 0 && c.get(i).text().length() < c.get(best).text().length())) {
          best = i;
          bestGain = gain;
        }
      }
      if (best < 0) {
        break;
      }
      covered.addAll(c.get(best).keys());
      used.add(c.get(best).note());
      out.add(new Quotes.Quote(c.get(best).text(), c.get(best).author()));
    }
    return out;
  }

  @Test
  @DisplayName("CSV: BOM, Japanese header, 匿名, formula cells neutralised, line breaks kept inside a cell")
  void csv() throws Exception {
    List<Round.Label> prompts = List.of(new Round.Label("aware", "気づき", "Noticed"), new Round.Label("partner", "持ち帰り", "Took"));
    byte[] bytes = ReflectionCsv.write(prompts, List.of(
        new ReflectionCsv.Row(1, OffsetDateTime.parse("2026-03-01T10:00:00Z"), "名取市公民館", "名取市", "松江市", "若者", null,
            null, "partners", Map.of("aware", "=cmd|' /C calc'!A0", "partner", "一行目\n二行目")),
        new ReflectionCsv.Row(1, OffsetDateTime.parse("2026-03-01T10:00:00Z"), "-center", "名取市", "松江市", null, "ルーム1",
            "@佐藤", "network", Map.of("aware", "+1", "partner", "\tTab"))));
    assertThat(new String(bytes, 0, 3, StandardCharsets.ISO_8859_1)).isEqualTo("\u00EF\u00BB\u00BF");
    List<CSVRecord> rows = CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))).getRecords();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("日時")).isEqualTo("2026-03-01 19:00");
    assertThat(rows.get(0).get("記入者")).isEqualTo("匿名");
    assertThat(rows.get(0).get("気づき")).isEqualTo("'=cmd|' /C calc'!A0");
    assertThat(rows.get(0).get("持ち帰り")).isEqualTo("一行目\n二行目");
    assertThat(rows.get(1).get("センター")).isEqualTo("'-center");
    assertThat(rows.get(1).get("記入者")).isEqualTo("'@佐藤");
    assertThat(rows.get(1).get("気づき")).isEqualTo("'+1");
    assertThat(rows.get(1).get("持ち帰り")).isEqualTo("'\tTab");
  }

  @Test
  @DisplayName("the prompt for what was taken from the partner: key partner, else the last prompt")
  void tookAwayPrompt() {
    assertThat(Summarizer.tookAwayPrompt(List.of(new Round.Label("partner", "a", "a"), new Round.Label("z", "b", "b"))))
        .isEqualTo("partner");
    assertThat(Summarizer.tookAwayPrompt(List.of(new Round.Label("x", "a", "a"), new Round.Label("y", "b", "b")))).isEqualTo("y");
    assertThat(Summarizer.tookAwayPrompt(List.of())).isNull();
  }

  @Test
  @DisplayName("visibility rules: writer, coordinator, session facilitator, partner staff, network")
  void access() {
    List<Long> pair = List.of(10L, 20L);
    ReflectionAccess.Viewer stranger = new ReflectionAccess.Viewer(5, 30L, false);
    ReflectionAccess.Viewer partner = new ReflectionAccess.Viewer(6, 20L, false);
    ReflectionAccess.Viewer facilitator = new ReflectionAccess.Viewer(7, null, false);
    ReflectionAccess.Viewer coordinator = new ReflectionAccess.Viewer(8, null, true);
    assertThat(ReflectionAccess.canRead(stranger, 1, "facilitators", 7L, pair)).isFalse();
    assertThat(ReflectionAccess.canRead(stranger, 1, "partners", 7L, pair)).isFalse();
    assertThat(ReflectionAccess.canRead(stranger, 1, "network", 7L, pair)).isTrue();
    assertThat(ReflectionAccess.canRead(partner, 1, "facilitators", 7L, pair)).isFalse();
    assertThat(ReflectionAccess.canRead(partner, 1, "partners", 7L, pair)).isTrue();
    assertThat(ReflectionAccess.canRead(facilitator, 1, "facilitators", 7L, pair)).isTrue();
    assertThat(ReflectionAccess.canRead(facilitator, 1, "facilitators", 9L, pair)).isFalse();
    assertThat(ReflectionAccess.canRead(coordinator, 1, "facilitators", null, pair)).isTrue();
    assertThat(ReflectionAccess.canRead(stranger, 5, "facilitators", 7L, pair)).as("own note").isTrue();
  }
}
