package org.kakehashi.reflections;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compounds of community-center practice come out whole, wherever in a sentence they stand (README, "Key phrases"):
 * each is exactly one phrase, equal to the compound, over exactly its characters.
 */
class CompoundsTest {

  @ParameterizedTest(name = "{0}")
  @DisplayName("a community-center compound is one phrase, before a particle, after one, and at the end")
  @ValueSource(strings = {
      "多文化共生", "多言語案内", "非常勤職員", "防災訓練", "ICT活用", "LINE公式アカウント", "再雇用", "子ども食堂",
      "地域包括支援センター", "社会教育主事", "未就学児", "全世代型", "各地区", "高齢者サロン", "生涯学習センター",
      "町内会長", "避難所運営", "放課後子ども教室", "外国人住民", "公民館主事", "NPO法人", "新型コロナ", "異世代交流",
      "総合型地域スポーツクラブ", "市民活動", "無関心層", "副館長", "元気高齢者", "まちづくり協議会", "地域おこし協力隊",
      "コミュニティ・スクール", "学社連携", "出前講座", "非認知能力", "子育て支援", "自主防災組織", "社会福祉協議会",
      "民生委員", "地域学校協働活動", "公民館運営審議会", "多世代交流", "傾聴ボランティア", "防災マップ", "オンライン講座",
      "日本語教室", "外国人相談窓口", "GIGAスクール", "ボランティアコーディネーター", "地域食堂", "子ども会",
      "老人クラブ", "再開館", "多目的ホール", "青少年教育施設"})
  void whole(String compound) {
    // Alone before a verb: the sentence's one phrase is the compound, exactly.
    String alone = compound + "について話しました。";
    assertThat(KeyPhrasesTest.written(alone)).as(alone).containsExactly(compound);
    for (String text : List.of(alone, "名取市では" + compound + "が進んでいます。", "私たちの課題は" + compound)) {
      int at = text.indexOf(compound);
      // Every phrase touching the compound's characters: one, the compound itself, from its first character to its last
      // (not 文化共生 beside 多文化共生, nor 多文化共生 and 共生 both).
      List<KeyPhrases.Phrase> touching = KeyPhrases.extract(text).stream()
          .filter(p -> p.start() < at + compound.length() && p.end() > at).toList();
      assertThat(touching).as(text).hasSize(1);
      KeyPhrases.Phrase p = touching.get(0);
      assertThat(p.text()).as(text).isEqualTo(compound);
      assertThat(List.of(p.start(), p.end())).as("%s: where it stands", text).containsExactly(at, at + compound.length());
      assertThat(p.key()).as(text).isEqualTo(PhraseRanking.key(compound));
    }
  }
}
