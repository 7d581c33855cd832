package org.kakehashi.scheduling;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.TreeMap;

/**
 * Japan's national holidays under the current law (国民の祝日に関する法律), for 2022 onwards:
 * fixed days, Happy-Monday days, the vernal and autumnal equinox days (the astronomical
 * approximation the Cabinet Office's announcements agree with for 1980–2099), substitute holidays
 * (振替休日) and the citizens' holiday between two holidays (国民の休日). Pure.
 *
 * <p>Written here because the libraries checked ship an outdated Japanese calendar: jollyday
 * 1.5.0 has no equinox days, keeps the Emperor's Birthday on 23 December and substitutes only
 * for Culture Day.
 */
public final class JapaneseHolidays {

  private JapaneseHolidays() {
  }

  /** The holiday's Japanese name, or null. */
  public static String name(LocalDate date) {
    return of(date.getYear()).get(date);
  }

  /** Every holiday of a year, by date. */
  public static Map<LocalDate, String> of(int year) {
    Map<LocalDate, String> h = new TreeMap<>();
    h.put(LocalDate.of(year, 1, 1), "元日");
    h.put(nthMonday(year, 1, 2), "成人の日");
    h.put(LocalDate.of(year, 2, 11), "建国記念の日");
    h.put(LocalDate.of(year, 2, 23), "天皇誕生日");
    h.put(LocalDate.of(year, 3, vernalEquinox(year)), "春分の日");
    h.put(LocalDate.of(year, 4, 29), "昭和の日");
    h.put(LocalDate.of(year, 5, 3), "憲法記念日");
    h.put(LocalDate.of(year, 5, 4), "みどりの日");
    h.put(LocalDate.of(year, 5, 5), "こどもの日");
    h.put(nthMonday(year, 7, 3), "海の日");
    h.put(LocalDate.of(year, 8, 11), "山の日");
    h.put(nthMonday(year, 9, 3), "敬老の日");
    h.put(LocalDate.of(year, 9, autumnalEquinox(year)), "秋分の日");
    h.put(nthMonday(year, 10, 2), "スポーツの日");
    h.put(LocalDate.of(year, 11, 3), "文化の日");
    h.put(LocalDate.of(year, 11, 23), "勤労感謝の日");
    // 国民の休日: a weekday squeezed between two holidays.
    for (LocalDate d : new java.util.ArrayList<>(h.keySet())) {
      LocalDate between = d.plusDays(1);
      if (!h.containsKey(between) && h.containsKey(d.plusDays(2)) && between.getDayOfWeek() != DayOfWeek.SUNDAY) {
        h.put(between, "国民の休日");
      }
    }
    // 振替休日: a holiday on a Sunday moves to the next day that is not a holiday.
    for (LocalDate d : new java.util.ArrayList<>(h.keySet())) {
      if (d.getDayOfWeek() == DayOfWeek.SUNDAY) {
        LocalDate next = d.plusDays(1);
        while (h.containsKey(next)) {
          next = next.plusDays(1);
        }
        h.put(next, "振替休日");
      }
    }
    return h;
  }

  static int vernalEquinox(int year) {
    return (int) Math.floor(20.8431 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4.0));
  }

  static int autumnalEquinox(int year) {
    return (int) Math.floor(23.2488 + 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4.0));
  }

  private static LocalDate nthMonday(int year, int month, int n) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.MONDAY));
  }
}
