package org.kakehashi.cases;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.platform.ApiError;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The run of show: clock times from the start in Japan time, the cases' own minutes, the warning when it does not fit. */
class ProgrammeTest {

  static final OffsetDateTime START = OffsetDateTime.parse("2026-12-10T05:00:00Z"); // 14:00 in Tokyo

  static final List<Programme.CaseInfo> CASES = List.of(
      new Programme.CaseInfo("名取市生涯学習センター", "名取市", "地域ぐるみの防災訓練", List.of("山田 花子", "佐藤 一郎"), 20),
      new Programme.CaseInfo("松江市公民館", "松江市", "多文化共生の料理教室", List.of("小泉 八雲"), null));

  @Test
  @DisplayName("the default programme from 14:00: a 20-minute case, a 15-minute default, rooms named, 95 of 120 minutes")
  void defaultProgramme() {
    Programme.Plan p = Programme.plan(Programme.DEFAULT, false, START, START.plusMinutes(120), CASES, List.of("防災", "若者"));
    assertThat(p.items()).extracting(Programme.Item::starts)
        .containsExactly("14:00", "14:05", "14:25", "14:35", "14:50", "15:00", "15:20", "15:30");
    assertThat(p.items().get(7).ends()).isEqualTo("15:35");
    assertThat(p.totalMinutes()).isEqualTo(95);
    assertThat(p.fits()).isTrue();
    assertThat(p.items().get(1).ja()).isEqualTo("名取市生涯学習センターの事例「地域ぐるみの防災訓練」");
    assertThat(p.items().get(1).detailJa()).isEqualTo("発表：山田 花子、佐藤 一郎");
    assertThat(p.items().get(3).minutes()).isEqualTo(Programme.DEFAULT_CASE_MINUTES);
    String text = Programme.text(p, "ja");
    assertThat(text).contains("14:05–14:25 名取市生涯学習センターの事例「地域ぐるみの防災訓練」（20分） 発表：山田 花子、佐藤 一郎")
        .contains("15:00–15:20 テーマ別ブレイクアウト（20分） ルーム：防災、若者").doesNotContain("注意");
    assertThat(Programme.text(p, "en")).contains("14:05–14:25 Case study: 名取市生涯学習センター — 地域ぐるみの防災訓練 (20 min)");
  }

  @Test
  @DisplayName("a programme longer than the session is computed anyway and says by how much it runs over")
  void tooLong() {
    Programme.Plan p = Programme.plan(Programme.DEFAULT, false, START, START.plusMinutes(90), CASES, List.of());
    assertThat(p.fits()).isFalse();
    assertThat(p.overBy()).isEqualTo(5);
    assertThat(Programme.text(p, "ja")).contains("注意：進行表がセッションの時間を5分超えています。");
  }

  @Test
  @DisplayName("a facilitator's programme is checked: known kinds, titles for custom steps, 1–240 minutes, each fixed step once")
  void validate() {
    List<Programme.Step> ok = Programme.validate(new Programme.Input(List.of(new Programme.Step("opening", "開会", null, 5),
        new Programme.Step("caseA", null, null, null), new Programme.Step("custom", "休憩", "Break", 10))));
    assertThat(ok).hasSize(3);
    assertThatThrownBy(() -> Programme.validate(new Programme.Input(List.of(new Programme.Step("custom", null, null, 10)))))
        .isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> Programme.validate(new Programme.Input(List.of(new Programme.Step("opening", "a", null, 0)))))
        .isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> Programme.validate(new Programme.Input(List.of(new Programme.Step("caseA", null, null, null),
        new Programme.Step("caseA", null, null, null))))).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> Programme.validate(new Programme.Input(List.of(new Programme.Step("<script>", "x", null, 5)))))
        .isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> Programme.validate(new Programme.Input(null))).isInstanceOf(ApiError.class);
  }
}
