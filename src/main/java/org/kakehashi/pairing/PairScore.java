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
    return points(a.topicMask(), b.topicMask(), a.regionId(), b.regionId(), a.prefectureId(), b.prefectureId(),
        a.languageMask(), b.languageMask()) + REPEAT * earlier;
  }

  /** The score without history, on the numbered form of two centers (the planner's inner loop). */
  static int points(long topicsA, long topicsB, int regionA, int regionB, int prefA, int prefB, long langA, long langB) {
    return PER_TOPIC * Math.min(MAX_TOPICS, Long.bitCount(topicsA & topicsB))
        + regionPoints(regionA, regionB, prefA, prefB)
        + ((langA & langB) != 0 ? SHARED_LANGUAGE : NO_SHARED_LANGUAGE);
  }

  /** Different regions: +30; one region, other prefectures: +10; one prefecture: 0. An unknown region (abroad) counts as different. */
  static int regionPoints(int regionA, int regionB, int prefA, int prefB) {
    if (prefA == prefB) {
      return 0;
    }
    if (regionA < 0 || regionB < 0 || regionA != regionB) {
      return CROSS_REGION;
    }
    return SAME_REGION;
  }

  static int regionPoints(PairingInput.Center a, PairingInput.Center b) {
    return regionPoints(a.regionId(), b.regionId(), a.prefectureId(), b.prefectureId());
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
