package org.kakehashi.directory;

import org.kakehashi.platform.Problems;

import java.util.List;

/**
 * A center as a coordinator sends it (JSON body or CSV row), before and after validation.
 * {@link #validated} returns the cleaned values or records every problem.
 */
public record CenterInput(String code, String name, String city, String prefecture, String region,
                          String timeZone, Double latitude, Double longitude, List<String> topics,
                          List<String> languages, String contactEmail, List<Integer> closedWeekdays) {

  /** The cleaned input: trimmed, defaults filled in (time zone, languages, region from the prefecture). */
  public CenterInput validated(Problems p) {
    String pref = p.line("prefecture", prefecture, 100, true);
    String reg = p.line("region", region, 100, false);
    List<String> langs = p.lines("languages", languages, 20, 35);
    return new CenterInput(
        p.line("code", code, 64, true),
        p.name("name", name, 200, true),
        p.line("city", city, 100, true),
        pref,
        reg != null ? reg : Regions.of(pref),
        p.zone("timeZone", timeZone, "Asia/Tokyo"),
        p.range("latitude", latitude, -90, 90),
        p.range("longitude", longitude, -180, 180),
        p.lines("topics", topics, 50, 100),
        langs.isEmpty() ? List.of("ja") : langs,
        p.email("contactEmail", contactEmail, false),
        weekdays(p, closedWeekdays));
  }

  /** Closing weekdays, ISO numbered (1 = Monday … 7 = Sunday), sorted, without repeats. */
  private static List<Integer> weekdays(Problems p, List<Integer> days) {
    if (days == null) {
      return List.of();
    }
    java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
    for (Integer d : days) {
      if (d == null || d < 1 || d > 7) {
        p.add("closedWeekdays", "out_of_range", "Weekdays are numbered 1 (Monday) to 7 (Sunday).");
      } else {
        out.add(d);
      }
    }
    return List.copyOf(out);
  }
}
