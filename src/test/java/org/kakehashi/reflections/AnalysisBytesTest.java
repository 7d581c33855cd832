package org.kakehashi.reflections;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored form of an analysis (README, "How reflections are summarised", Statistics) reads back as written. */
class AnalysisBytesTest {

  static final String[] PIECES = {"多文化共生の取り組みを名取市で聞いた。", "防災マップづくりに驚きました😊", "次は子ども食堂へ！",
      "LINE公式アカウントで広報する方法を持ち帰ります。", "We learned how the Matsue Center runs evening classes. ",
      "Volunteers lead them, and the LINE group helps. ", "ＩＣＴ活用の講座は高齢者サロンで人気です。", "\n", "  ",
      "生涯学習センターの職員研修", "Zoomで話し合いました。"};

  @Test
  @DisplayName("generated notes (Japanese, English, emoji, blank answers) read back as the same analysis, with their ids")
  void roundTrip() {
    Random rnd = new Random(18);
    Map<String, Integer> dictionary = new HashMap<>();
    for (int n = 0; n < 300; n++) {
      Map<String, String> answers = new LinkedHashMap<>();
      for (String prompt : List.of("aware", "partner", "next")) {
        StringBuilder sb = new StringBuilder();
        int pieces = rnd.nextInt(8);
        for (int i = 0; i < pieces; i++) {
          sb.append(PIECES[rnd.nextInt(PIECES.length)]);
        }
        answers.put(prompt, sb.toString());
      }
      PhraseRanking.Analysis a = PhraseRanking.Analysis.of(answers);
      String[] keys = a.keyArray();
      // Ids as the dictionary hands them out, some past one byte and two bytes of a varint.
      int[] ids = Arrays.stream(keys).mapToInt(k -> dictionary.computeIfAbsent(k, x -> 1 + dictionary.size() * 1_009)).toArray();
      byte[] bytes = AnalysisBytes.encode(ids, a.pack());
      assertThat(bytes[0]).isEqualTo((byte) AnalysisBytes.FORMAT);
      AnalysisBytes.Decoded d = AnalysisBytes.decode(bytes);
      assertThat(d).isNotNull();
      assertThat(d.ids()).isEqualTo(ids);
      PhraseRanking.Analysis read = PhraseRanking.Analysis.unpack(keys, d.packed(), a.textHash());
      assertThat(new ArrayList<>(read.keys().entrySet())).isEqualTo(new ArrayList<>(a.keys().entrySet()));
      assertThat(read.byPrompt()).isEqualTo(a.byPrompt());
      assertThat(read.sentences()).isEqualTo(a.sentences());
      assertThat(read.languages()).isEqualTo(a.languages());
      assertThat(read.textHash()).isEqualTo(a.textHash());
    }
  }

  @Test
  @DisplayName("bytes of another format, cut short or with bytes left over are no analysis (the note is analysed again)")
  void otherOrDamaged() {
    PhraseRanking.Analysis a = PhraseRanking.Analysis.of(Map.of("aware", "多文化共生の取り組みを名取市で聞いた。防災マップづくりに驚きました。"));
    int[] ids = new int[a.keyArray().length];
    Arrays.setAll(ids, i -> 300 + i);
    byte[] bytes = AnalysisBytes.encode(ids, a.pack());
    assertThat(AnalysisBytes.decode(bytes)).isNotNull();
    assertThat(AnalysisBytes.decode(null)).isNull();
    assertThat(AnalysisBytes.decode(new byte[0])).isNull();
    assertThat(AnalysisBytes.decode(new byte[] {0})).isNull();
    byte[] other = bytes.clone();
    other[0] = 2;
    assertThat(AnalysisBytes.decode(other)).isNull();
    for (int cut = 1; cut < bytes.length; cut++) {
      assertThat(AnalysisBytes.decode(Arrays.copyOf(bytes, cut))).as("cut at %d", cut).isNull();
    }
    assertThat(AnalysisBytes.decode(Arrays.copyOf(bytes, bytes.length + 1))).isNull();
  }
}
