package org.kakehashi.cases;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaseTextTest {

  @Test
  @DisplayName("search-mode words split compounds the way a query for a part is split")
  void compounds() {
    System.out.println(CaseText.words("地域の防災訓練と多文化共生の取り組み、ＺＯＯＭで公民館をつなぐ"));
    System.out.println(CaseText.tsquery("防災") + " " + CaseText.tsquery("多文化") + " " + CaseText.tsquery("公民館 ＺＯＯＭ"));
    assertThat(CaseText.words("地域の防災訓練")).contains("防災");
    assertThat(CaseText.words("多文化共生の取り組み")).containsAll(CaseText.words("多文化"));
    assertThat(CaseText.tsquery("の")).isNull();
    assertThat(CaseText.tsquery("防災 'x' & |")).doesNotContain("|").contains("'防災':*");
  }

  @Test
  @DisplayName("stored words carry their positions; a query's compound asks for its parts side by side")
  void positions() {
    // 多@1 文化@2 共生@3 講座@4, を dropped (a gap), 開く@6; the whole compound 公民館 at its first part's position.
    assertThat(CaseText.entries("多文化共生講座を開いた")).containsExactly("'多':1", "'文化':2", "'共生':3", "'講座':4", "'開く':6");
    assertThat(CaseText.entries("公民館")).containsExactly("'公民':1", "'公民館':1", "'館':2");
    assertThat(CaseText.entries("防災と防災")).containsExactly("'防災':1,3");
    assertThat(CaseText.tsvector("防災訓練")).isEqualTo("'防災':1 '訓練':2");
    assertThat(CaseText.tsquery("多文化")).isEqualTo("('多文化':* | ('多' <-> '文化'))");
    assertThat(CaseText.tsquery("防災")).isEqualTo("('防災':*)");
    // A particle inside a term leaves its gap: the parts must stand two apart.
    assertThat(CaseText.tsquery("多の文化")).isEqualTo("('多の文化':* | ('多' <2> '文化'))");
    assertThat(CaseText.words("地域の防災訓練と多文化共生の取り組み")).contains("防災", "多", "文化").doesNotHaveDuplicates();
  }
}
