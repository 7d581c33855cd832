package org.kakehashi.pairing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the pairing needs, and nothing it must fetch: the round's centers, how often each two
 * of them were paired in earlier rounds, the coordinator's forbidden and locked pairs, the number
 * of candidates kept per center and the work the exact solver may do (graph size summed over its
 * matching runs, see {@code WorkBudget}; past it the greedy pairing is used).
 */
public record PairingInput(List<Center> centers, Map<Long, Integer> history, Set<Long> forbidden,
                           List<List<Long>> locked, int candidates, long workBudget) {

  public static final int DEFAULT_CANDIDATES = 12;
  /**
   * The default work budget: room for about forty matching runs on a national round of 14,000
   * centers at 50 candidates each (each run is charged its vertices plus edges).
   */
  public static final long DEFAULT_WORK_BUDGET = 20_000_000;

  /**
   * A center as the pairing sees it. Topics and languages are also kept as bit masks (assigned by
   * {@link #of}) so that scoring all pairs of a national round stays fast.
   */
  public record Center(long id, String city, String prefecture, String region, Set<String> topics,
                       Set<String> languages, int cityId, int regionId, int prefectureId, long topicMask, long languageMask) {
  }

  /** The key of an unordered pair of center ids. */
  public static long key(long a, long b) {
    long lo = Math.min(a, b);
    long hi = Math.max(a, b);
    return (lo << 32) ^ hi;
  }

  /** A raw center before masks are assigned. */
  public record Raw(long id, String city, String prefecture, String region, Set<String> topics, Set<String> languages) {
  }

  /**
   * Builds the input, numbering cities (by prefecture and city, since two prefectures can have a
   * city of the same name), regions, topics and languages. Topics beyond the 63 most common are
   * ignored for scoring (a round has a handful).
   */
  public static PairingInput of(List<Raw> raw, Map<Long, Integer> history, Set<Long> forbidden,
                                List<List<Long>> locked, int candidates, long workBudget) {
    Map<String, Integer> cities = new HashMap<>();
    Map<String, Integer> regions = new HashMap<>();
    Map<String, Integer> prefectures = new HashMap<>();
    Map<String, Integer> topicCount = new HashMap<>();
    Map<String, Integer> languages = new HashMap<>();
    for (Raw r : raw) {
      r.topics().forEach(t -> topicCount.merge(t, 1, Integer::sum));
    }
    List<String> common = topicCount.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(63).map(Map.Entry::getKey).toList();
    Map<String, Integer> topicBit = new HashMap<>();
    for (int i = 0; i < common.size(); i++) {
      topicBit.put(common.get(i), i);
    }
    List<Center> centers = new ArrayList<>();
    for (Raw r : raw) {
      int city = cities.computeIfAbsent(r.prefecture() + "\u0000" + r.city(), k -> cities.size());
      int region = r.region() == null || r.region().isBlank() ? -1 : regions.computeIfAbsent(r.region(), k -> regions.size());
      long topics = 0;
      for (String t : r.topics()) {
        Integer bit = topicBit.get(t);
        if (bit != null) {
          topics |= 1L << bit;
        }
      }
      long langs = 0;
      for (String l : r.languages()) {
        int bit = languages.computeIfAbsent(l, k -> languages.size());
        if (bit < 63) {
          langs |= 1L << bit;
        }
      }
      int prefecture = prefectures.computeIfAbsent(r.prefecture(), k -> prefectures.size());
      centers.add(new Center(r.id(), r.city(), r.prefecture(), r.region(), r.topics(), r.languages(), city, region,
          prefecture, topics, langs));
    }
    return new PairingInput(centers, history, forbidden, locked, candidates, workBudget);
  }
}
