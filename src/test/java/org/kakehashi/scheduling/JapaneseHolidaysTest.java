package org.kakehashi.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JapaneseHolidaysTest {

  static List<LocalDate> dates(int year) {
    return List.copyOf(JapaneseHolidays.of(year).keySet());
  }

  @Test
  @DisplayName("2026 as the Cabinet Office announced it: May 6 substitute day, September 22 citizens' holiday, equinoxes")
  void year2026() {
    assertThat(dates(2026)).containsExactly(
        LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 12), LocalDate.of(2026, 2, 11), LocalDate.of(2026, 2, 23),
        LocalDate.of(2026, 3, 20), LocalDate.of(2026, 4, 29), LocalDate.of(2026, 5, 3), LocalDate.of(2026, 5, 4),
        LocalDate.of(2026, 5, 5), LocalDate.of(2026, 5, 6), LocalDate.of(2026, 7, 20), LocalDate.of(2026, 8, 11),
        LocalDate.of(2026, 9, 21), LocalDate.of(2026, 9, 22), LocalDate.of(2026, 9, 23), LocalDate.of(2026, 10, 12),
        LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 23));
    assertThat(JapaneseHolidays.name(LocalDate.of(2026, 5, 6))).isEqualTo("振替休日");
    assertThat(JapaneseHolidays.name(LocalDate.of(2026, 9, 22))).isEqualTo("国民の休日");
  }

  @Test
  @DisplayName("2027: the vernal equinox falls on a Sunday and Monday March 22 is the substitute holiday")
  void year2027() {
    assertThat(dates(2027)).containsExactly(
        LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 11), LocalDate.of(2027, 2, 11), LocalDate.of(2027, 2, 23),
        LocalDate.of(2027, 3, 21), LocalDate.of(2027, 3, 22), LocalDate.of(2027, 4, 29), LocalDate.of(2027, 5, 3),
        LocalDate.of(2027, 5, 4), LocalDate.of(2027, 5, 5), LocalDate.of(2027, 7, 19), LocalDate.of(2027, 8, 11),
        LocalDate.of(2027, 9, 20), LocalDate.of(2027, 9, 23), LocalDate.of(2027, 10, 11), LocalDate.of(2027, 11, 3),
        LocalDate.of(2027, 11, 23));
    assertThat(JapaneseHolidays.name(LocalDate.of(2027, 3, 21))).isEqualTo("春分の日");
    assertThat(JapaneseHolidays.name(LocalDate.of(2027, 12, 23))).as("no longer the Emperor's Birthday").isNull();
  }

  @Test
  @DisplayName("2025: February 24 and November 24 are substitute holidays")
  void year2025() {
    assertThat(JapaneseHolidays.name(LocalDate.of(2025, 2, 24))).isEqualTo("振替休日");
    assertThat(JapaneseHolidays.name(LocalDate.of(2025, 11, 24))).isEqualTo("振替休日");
    assertThat(JapaneseHolidays.name(LocalDate.of(2025, 3, 20))).isEqualTo("春分の日");
    assertThat(JapaneseHolidays.name(LocalDate.of(2025, 9, 23))).isEqualTo("秋分の日");
  }
}
