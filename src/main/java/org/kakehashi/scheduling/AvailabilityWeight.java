package org.kakehashi.scheduling;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an availability answer is worth, in halves of a participant: yes 2, maybe 1, no 0. The one
 * definition: the grid adds it up in Java ({@link #halves}) and the planner's input query in SQL
 * ({@link #sql}, generated from the same map, so the two cannot drift). Pure.
 */
public final class AvailabilityWeight {

  /** The answers a person gives, and their weight. */
  public static final Map<String, Integer> HALVES;

  static {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("yes", 2);
    m.put("maybe", 1);
    m.put("no", 0);
    HALVES = java.util.Collections.unmodifiableMap(m);
  }

  public static final List<String> ANSWERS = List.copyOf(HALVES.keySet());

  private AvailabilityWeight() {
  }

  /** The weight of one answer (0 for none). */
  public static int halves(String answer) {
    return answer == null ? 0 : HALVES.getOrDefault(answer, 0);
  }

  /** The same weight as a SQL expression over the column {@code column} (answers are fixed words, no user input). */
  public static String sql(String column) {
    StringBuilder b = new StringBuilder("CASE ").append(column);
    HALVES.forEach((answer, w) -> {
      if (w > 0) {
        b.append(" WHEN '").append(answer).append("' THEN ").append(w);
      }
    });
    return b.append(" ELSE 0 END").toString();
  }

  /** The answers that count at all, as a SQL list ({@code ('yes', 'maybe')}). */
  public static String sqlCounting() {
    return "(" + String.join(", ", HALVES.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> "'" + e.getKey() + "'").toList()) + ")";
  }
}
