package org.kakehashi.pairing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How much two centers gain from being paired, and why. Pure. The points, shown to the coordinator
 * as reasons:
 * <ul>
 *   <li>{@code shared_topics}: +12 for each topic of interest they share, at most three counted (+36);</li>
 *   <li>{@code cross_region}: +30 when they are in different regions (the point is cross-regional);
 *       {@code same_region}: +10 when in one region but different prefectures; 0 in one prefecture;</li>
 *   <li>{@code shared_language}: +10 when they share a working language; {@code no_shared_language}: −40;</li>
 *   <li>{@code repeat}: −60 for every earlier round in which they were already paired (strongly discouraged).</li>
 * </ul>
 * Two centers of the same city are never paired at all: that is a hard rule, not a score.
 */
public final class PairScore {

  public static final int PER_TOPIC = 12;
  public static final int MAX_TOPICS = 3;
  public static final int CROSS_REGION = 30;
  public static final int SAME_REGION = 10;
  public static final int SHARED_LANGUAGE = 10;
  public static final int NO_SHARED_LANGUAGE = -40;
  public static final int REPEAT = -60;

  private PairScore() {
  }

  /** One reason of a score: a stable code for the UI, its points and an English explanation. */
  public record Reason(String code, int points, String text) {
  }

  /** The score of two centers that were paired {@code earlier} times before. */
  public static int score(PairingInput.Center a, PairingInput.Center b, int earlier) {
    int s = PER_TOPIC * Math.min(MAX_TOPICS, Long.bitCount(a.topicMask() & b.topicMask()));
    s += regionPoints(a, b);
    s += (a.languageMask() & b.languageMask()) != 0 ? SHARED_LANGUAGE : NO_SHARED_LANGUAGE;
    return s + REPEAT * earlier;
  }

  static int regionPoints(PairingInput.Center a, PairingInput.Center b) {
    if (a.regionId() >= 0 && b.regionId() >= 0 && a.regionId() != b.regionId()) {
      return CROSS_REGION;
    }
    if (a.regionId() < 0 || b.regionId() < 0) {
      return a.prefecture().equals(b.prefecture()) ? 0 : CROSS_REGION;
    }
    return a.prefecture().equals(b.prefecture()) ? 0 : SAME_REGION;
  }

  /** The same score, explained. */
  public static List<Reason> reasons(PairingInput.Center a, PairingInput.Center b, int earlier) {
    List<Reason> reasons = new ArrayList<>();
    Set<String> shared = new TreeSet<>(a.topics());
    shared.retainAll(b.topics());
    if (!shared.isEmpty()) {
      reasons.add(new Reason("shared_topics", PER_TOPIC * Math.min(MAX_TOPICS, shared.size()),
          "Shared topics: " + String.join(", ", shared)));
    }
    int region = regionPoints(a, b);
    if (region == CROSS_REGION) {
      reasons.add(new Reason("cross_region", region, "Different regions: " + label(a) + " – " + label(b)));
    } else if (region == SAME_REGION) {
      reasons.add(new Reason("same_region", region, "Same region, different prefectures: " + a.prefecture() + " – " + b.prefecture()));
    } else {
      reasons.add(new Reason("same_prefecture", 0, "Same prefecture: " + a.prefecture()));
    }
    Set<String> languages = new TreeSet<>(a.languages());
    languages.retainAll(b.languages());
    if (!languages.isEmpty()) {
      reasons.add(new Reason("shared_language", SHARED_LANGUAGE, "Common language: " + String.join(", ", languages)));
    } else {
      reasons.add(new Reason("no_shared_language", NO_SHARED_LANGUAGE, "No common language"));
    }
    if (earlier > 0) {
      reasons.add(new Reason("repeat", REPEAT * earlier, "Already paired in " + earlier + " earlier round(s)"));
    }
    return reasons;
  }

  private static String label(PairingInput.Center c) {
    return c.region() == null || c.region().isBlank() ? c.prefecture() : c.region();
  }
}
