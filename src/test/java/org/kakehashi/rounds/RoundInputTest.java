package org.kakehashi.rounds;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Problems;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #16: a topic or prompt needs its Japanese wording only; keys are generated, English is optional. */
class RoundInputTest {

  private static RoundInput round(List<Round.Label> topics, List<Round.Label> prompts) {
    return new RoundInput("冬の合同研修", "", LocalDate.of(2027, 1, 10), LocalDate.of(2027, 2, 10), topics, prompts, null, null);
  }

  private static RoundInput valid(RoundInput in) {
    Problems p = new Problems();
    RoundInput out = in.validated(p);
    p.throwIfAny();
    return out;
  }

  @Test
  @DisplayName("empty keys are generated from the English wording, else topic-N / prompt-N, never clashing with a given key")
  void keysGenerated() {
    RoundInput out = valid(round(
        List.of(new Round.Label(null, "防災・減災", "Disaster risk reduction"), new Round.Label("", "子育て支援", null),
            new Round.Label("topic-2", "多文化共生", "Living together"), new Round.Label(" ", "防災訓練", "Disaster risk reduction")),
        List.of(new Round.Label(null, "学んだことは何ですか。", null), new Round.Label("try", "試したいことは何ですか。", null))));
    assertThat(out.topics()).extracting(Round.Label::key)
        .containsExactly("disaster-risk-reduction", "topic-2-2", "topic-2", "disaster-risk-reduction-2");
    assertThat(out.topics()).extracting(Round.Label::en).containsExactly("Disaster risk reduction", null, "Living together",
        "Disaster risk reduction");
    assertThat(out.prompts()).extracting(Round.Label::key).containsExactly("prompt-1", "try");
  }

  @Test
  @DisplayName("a given key is still checked: its form, and twice is refused; the Japanese wording is required")
  void givenKeysChecked() {
    assertThatThrownBy(() -> valid(round(List.of(new Round.Label("Bad Key", "防災", null)), List.of())))
        .isInstanceOf(ApiError.class).hasMessageContaining("lower-case");
    assertThatThrownBy(() -> valid(round(List.of(new Round.Label("a", "防災", null), new Round.Label("a", "子育て", null)), List.of())))
        .isInstanceOf(ApiError.class).hasMessageContaining("used twice");
    assertThatThrownBy(() -> valid(round(List.of(new Round.Label(null, " ", "Only English")), List.of())))
        .isInstanceOf(ApiError.class).hasMessageContaining("Required");
  }
}
