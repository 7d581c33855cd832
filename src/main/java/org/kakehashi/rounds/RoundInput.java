package org.kakehashi.rounds;

import org.kakehashi.platform.Problems;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A round as a coordinator sends it; {@link #validated} cleans it and records every problem. */
public record RoundInput(String title, String description, LocalDate startsOn, LocalDate endsOn,
                         List<Round.Label> topics, List<Round.Label> prompts, String status, List<Long> centerIds) {

  private static final Pattern KEY = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,39}$");

  public RoundInput validated(Problems p) {
    String t = p.line("title", title, 200, true);
    String d = p.text("description", description, 5000, false);
    if (startsOn == null) {
      p.add("startsOn", "Required (a date such as 2026-12-01).");
    }
    if (endsOn == null) {
      p.add("endsOn", "Required (a date such as 2026-12-20).");
    }
    if (startsOn != null && endsOn != null && endsOn.isBefore(startsOn)) {
      p.add("endsOn", "The round cannot end before it starts.");
    }
    if (status != null && RoundStatus.of(status) == null) {
      p.add("status", "Must be one of " + String.join(", ", RoundStatus.keys()) + ".");
    }
    return new RoundInput(t, d == null ? "" : d, startsOn, endsOn, labels(p, "topics", topics, 20, 100),
        labels(p, "prompts", prompts, 10, 500), status, centerIds == null ? null : List.copyOf(new java.util.LinkedHashSet<>(centerIds)));
  }

  private static List<Round.Label> labels(Problems p, String field, List<Round.Label> in, int max, int maxLength) {
    List<Round.Label> out = new ArrayList<>();
    if (in == null) {
      return out;
    }
    if (in.size() > max) {
      p.add(field, "At most " + max + " entries.");
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < in.size(); i++) {
      Round.Label l = in.get(i);
      String at = field + "[" + i + "]";
      if (l == null) {
        p.add(at, "Required.");
        continue;
      }
      String key = p.line(at + ".key", l.key(), 40, true);
      if (key != null && !KEY.matcher(key).matches()) {
        p.add(at + ".key", "Use lower-case letters, digits, - and _ (for example reflection-awareness).");
      }
      if (key != null && !keys.add(key)) {
        p.add(at + ".key", "The key " + key + " is used twice.");
      }
      out.add(new Round.Label(key, p.text(at + ".ja", l.ja(), maxLength, true), p.text(at + ".en", l.en(), maxLength, true)));
    }
    return out;
  }
}
