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
}
