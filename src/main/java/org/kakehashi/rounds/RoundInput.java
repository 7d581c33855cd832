package org.kakehashi.rounds;

import org.kakehashi.platform.Problems;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A round as a coordinator sends it; {@link #validated} cleans it and records every problem. A topic
 * or prompt needs its Japanese wording only: the English one is optional (the UI shows the Japanese
 * then), and an empty key is generated — from the English wording ("Disaster drills" →
 * {@code disaster-drills}), else {@code topic-3} / {@code prompt-2} — never clashing with a key given.
 */
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
    for (Round.Label l : in) {
      if (l != null && l.key() != null && !l.key().isBlank()) {
        keys.add(l.key().strip());
      }
    }
    Set<String> given = new HashSet<>();
    for (int i = 0; i < in.size(); i++) {
      Round.Label l = in.get(i);
      String at = field + "[" + i + "]";
      if (l == null) {
        p.add(at, "Required.");
        continue;
      }
      String key = p.line(at + ".key", l.key(), 40, false);
      String ja = p.text(at + ".ja", l.ja(), maxLength, true);
      String en = p.text(at + ".en", l.en(), maxLength, false);
      if (key == null) {
        key = generatedKey(field, i, en, keys);
      } else if (!KEY.matcher(key).matches()) {
        p.add(at + ".key", "Use lower-case letters, digits, - and _ (for example reflection-awareness).");
      } else if (!given.add(key)) {
        p.add(at + ".key", "The key " + key + " is used twice.");
      }
      out.add(new Round.Label(key, ja, en));
    }
    return out;
  }

  /** A key for an entry given without one, unlike every key in {@code taken} (which it joins). */
  static String generatedKey(String field, int index, String en, Set<String> taken) {
    String base = en == null ? "" : java.text.Normalizer.normalize(en, java.text.Normalizer.Form.NFKD)
        .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (base.length() > 36) {
      base = base.substring(0, 36).replaceAll("-+$", "");
    }
    if (base.isEmpty()) {
      base = (field.equals("topics") ? "topic-" : "prompt-") + (index + 1);
    }
    String key = base;
    for (int n = 2; !taken.add(key); n++) {
      key = base + "-" + n;
    }
    return key;
  }
}
