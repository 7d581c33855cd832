package org.kakehashi.cases;

import org.kakehashi.platform.Problems;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A session's programme (進行表, README "The programme"): the run of show from the round's template or the
 * facilitator's edit — opening, each center's case and its questions, breakout rooms by topic, share-back,
 * closing — with clock times computed from the session's start (Japan time) and a warning when it does not
 * fit the session's length. Also its plain text for the invitation e-mail, the .ics description and the
 * Zoom agenda. Pure.
 */
public final class Programme {

  /** One step as planned: its kind, its own title (custom steps), and minutes (null: the case's own for a case). */
  public record Step(String kind, String ja, String en, Integer minutes) {
  }

  /** What the programme shows of each center's case (in the pair's order). */
  public record CaseInfo(String centerName, String city, String title, List<String> presenters, Integer minutes) {
  }

  /** One computed step. */
  public record Item(int index, String kind, String ja, String en, String detailJa, String detailEn, int minutes,
                     OffsetDateTime startsAt, OffsetDateTime endsAt, String starts, String ends) {
  }

  /** The computed programme. */
  public record Plan(List<Item> items, int totalMinutes, int sessionMinutes, boolean fits, int overBy, boolean edited) {
  }

  /** The kinds of step, in the order of the default programme, then custom steps. */
  static final List<String> KIND_ORDER = List.of("opening", "caseA", "questionsA", "caseB", "questionsB", "rooms", "shareBack",
      "closing", "custom");
  static final Set<String> KINDS = Set.copyOf(KIND_ORDER);
  static final int DEFAULT_CASE_MINUTES = 15;
  static final int MAX_STEPS = 30;
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("H:mm");
  private static final Pattern KIND = Pattern.compile("[a-zA-Z]{1,20}");

  /**
   * The programme every session starts from (the run of show): 90 minutes with 15-minute cases, the
   * length of a session planned from a candidate time without its own (README, "The programme").
   */
  public static final List<Step> DEFAULT = List.of(
      new Step("opening", "開会・趣旨説明", "Opening", 5),
      new Step("caseA", null, null, null),
      new Step("questionsA", "質疑応答", "Questions", 10),
      new Step("caseB", null, null, null),
      new Step("questionsB", "質疑応答", "Questions", 10),
      new Step("rooms", "テーマ別ブレイクアウト", "Breakout rooms by topic", 20),
      new Step("shareBack", "全体共有", "Share-back", 10),
      new Step("closing", "閉会・振り返りの案内", "Closing", 5));

  private Programme() {
  }

  /** The minutes of a template's steps, a case step without its own minutes counted as {@link #DEFAULT_CASE_MINUTES}. */
  public static int minutes(List<Step> steps) {
    return steps.stream().mapToInt(s -> s.minutes() != null ? s.minutes() : DEFAULT_CASE_MINUTES).sum();
  }

  /** Computes the programme of a session from its steps, its start and end, the two cases and the room names. */
  public static Plan plan(List<Step> steps, boolean edited, OffsetDateTime startsAt, OffsetDateTime endsAt,
                          List<CaseInfo> cases, List<String> rooms) {
    List<Item> items = new ArrayList<>();
    OffsetDateTime t = startsAt;
    int total = 0;
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      CaseInfo c = caseOf(s.kind(), cases);
      int minutes = s.minutes() != null ? s.minutes() : c != null && c.minutes() != null ? c.minutes() : DEFAULT_CASE_MINUTES;
      String ja = s.ja();
      String en = s.en();
      String detailJa = null;
      String detailEn = null;
      if (s.kind().startsWith("case")) {
        String center = c == null ? (s.kind().equals("caseA") ? "センターA" : "センターB") : c.centerName();
        String title = c == null || c.title() == null || c.title().isBlank() ? null : c.title();
        ja = ja != null ? ja : center + "の事例" + (title == null ? "" : "「" + title + "」");
        en = en != null ? en : "Case study: " + center + (title == null ? "" : " — " + title);
        if (c != null && !c.presenters().isEmpty()) {
          detailJa = "発表：" + String.join("、", c.presenters());
          detailEn = "Presenters: " + String.join(", ", c.presenters());
        }
      } else if (s.kind().equals("rooms") && !rooms.isEmpty()) {
        detailJa = "ルーム：" + String.join("、", rooms);
        detailEn = "Rooms: " + String.join(", ", rooms);
      }
      OffsetDateTime end = t.plusMinutes(minutes);
      items.add(new Item(i, s.kind(), ja, en == null ? ja : en, detailJa, detailEn, minutes, t, end, clock(t), clock(end)));
      t = end;
      total += minutes;
    }
    int length = (int) Duration.between(startsAt, endsAt).toMinutes();
    return new Plan(List.copyOf(items), total, length, total <= length, Math.max(0, total - length), edited);
  }

  private static CaseInfo caseOf(String kind, List<CaseInfo> cases) {
    int i = kind.endsWith("A") ? 0 : kind.endsWith("B") ? 1 : -1;
    return i < 0 || i >= cases.size() || !(kind.startsWith("case") || kind.startsWith("questions")) ? null : cases.get(i);
  }

  private static String clock(OffsetDateTime t) {
    return t.atZoneSameInstant(TOKYO).format(CLOCK);
  }

  /**
   * The programme as plain text, one step a line ({@code 14:05–14:20 名取市…の事例「…」（15分） 発表：…}), and a
   * last line when it does not fit: for the invitation e-mail, the .ics DESCRIPTION and the Zoom agenda.
   */
  public static String text(Plan plan, String locale) {
    boolean en = "en".equals(locale);
    StringBuilder b = new StringBuilder(en ? "Programme (Japan time)\n" : "進行表（日本時間）\n");
    for (Item i : plan.items()) {
      b.append(i.starts()).append('–').append(i.ends()).append(' ').append(en ? i.en() : i.ja())
          .append(en ? " (" + i.minutes() + " min)" : "（" + i.minutes() + "分）");
      String detail = en ? i.detailEn() : i.detailJa();
      if (detail != null) {
        b.append(' ').append(detail);
      }
      b.append('\n');
    }
    if (!plan.fits()) {
      b.append(en ? "Note: the programme runs " + plan.overBy() + " min over the session."
          : "注意：進行表がセッションの時間を" + plan.overBy() + "分超えています。").append('\n');
    }
    return b.toString();
  }

  /** The body of PUT /api/sessions/{id}/programme. */
  public record Input(List<Step> steps) {
  }

  /** Checks a facilitator's programme; every problem at once as a 422. */
  static List<Step> validate(Input in) {
    Problems p = new Problems();
    List<Step> out = new ArrayList<>();
    if (in.steps() == null || in.steps().isEmpty()) {
      p.add("steps", "required", "At least one step.");
    } else if (in.steps().size() > MAX_STEPS) {
      p.add("steps", "too_many", "At most " + MAX_STEPS + " steps.");
    } else {
      Set<String> once = new HashSet<>();
      for (int i = 0; i < in.steps().size(); i++) {
        Step s = in.steps().get(i);
        String f = "steps[" + i + "]";
        if (s == null || s.kind() == null || !KIND.matcher(s.kind()).matches() || !KINDS.contains(s.kind())) {
          p.add(f + ".kind", "invalid", "One of " + String.join(", ", KINDS.stream().sorted().toList()) + ".");
          continue;
        }
        if (!s.kind().equals("custom") && !once.add(s.kind())) {
          p.add(f + ".kind", "duplicate", "Each step but custom ones appears once.");
        }
        boolean caseStep = s.kind().startsWith("case");
        String ja = p.line(f + ".ja", s.ja(), 100, !caseStep);
        String en = p.line(f + ".en", s.en(), 100, false);
        if (s.minutes() == null ? !caseStep : s.minutes() < 1 || s.minutes() > 240) {
          p.add(f + ".minutes", "out_of_range", "Between 1 and 240 minutes.");
        }
        out.add(new Step(s.kind(), ja, en, s.minutes()));
      }
    }
    p.throwIfAny();
    return List.copyOf(out);
  }
}
