package org.kakehashi.cases;

import org.kakehashi.platform.Problems;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A round's case template: the sections every case of the round is written in (Japanese, optional
 * English) and how many days before its session a case is due. Pure.
 */
public record CaseTemplate(List<Section> sections, int dueDays) {

  /** One section of a case. */
  public record Section(String key, String ja, String en) {
  }

  /** The body of PUT /api/rounds/{id}/case-template. */
  public record Input(List<Section> sections, Integer dueDays) {
  }

  public static final int DEFAULT_DUE_DAYS = 7;

  /** The template a round has until its coordinator edits it. */
  public static final CaseTemplate DEFAULT = new CaseTemplate(List.of(
      new Section("background", "背景・ねらい", "Background and aims"),
      new Section("approach", "取り組み", "What we did"),
      new Section("ingenuity", "工夫したこと", "What we found worked"),
      new Section("challenges", "課題・悩み", "Challenges and worries"),
      new Section("questions", "相手センターに聞きたいこと", "Questions for the partner center")), DEFAULT_DUE_DAYS);

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** The keys of the sections, in order. */
  public Set<String> keys() {
    Set<String> keys = new java.util.LinkedHashSet<>();
    sections.forEach(s -> keys.add(s.key()));
    return keys;
  }

  /** Checks an edited template; every problem at once as a 422. */
  public static CaseTemplate validate(Input in) {
    Problems p = new Problems();
    List<Section> out = new ArrayList<>();
    if (in.sections() == null || in.sections().isEmpty()) {
      p.add("sections", "required", "At least one section.");
    } else if (in.sections().size() > 12) {
      p.add("sections", "too_many", "At most 12 sections.");
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < in.sections().size(); i++) {
        Section s = in.sections().get(i);
        String f = "sections[" + i + "]";
        if (s == null) {
          p.add(f, "required", "Required.");
          continue;
        }
        if (s.key() == null || !KEY.matcher(s.key()).matches()) {
          p.add(f + ".key", "invalid", "A key is a-z, digits and _, starting with a letter, at most 40.");
        } else if (!seen.add(s.key())) {
          p.add(f + ".key", "duplicate", "Each section needs its own key.");
        }
        String ja = p.line(f + ".ja", s.ja(), 100, true);
        String en = p.line(f + ".en", s.en(), 100, false);
        out.add(new Section(s.key(), ja, en));
      }
    }
    int due = in.dueDays() == null ? DEFAULT_DUE_DAYS : in.dueDays();
    if (due < 0 || due > 60) {
      p.add("dueDays", "out_of_range", "Between 0 and 60 days before the session.");
    }
    p.throwIfAny();
    return new CaseTemplate(List.copyOf(out), due);
  }
}
