package org.kakehashi.pairing;

import org.kakehashi.pairing.PairingPlanner.NoPairingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The first part of the pairing (see {@link PairingPlanner}): the round in index form (free centers,
 * those not in a locked group, are 0..n-1), who may be paired with whom and at what score, and the
 * candidate graph: each center's best {@code k} allowed partners. Pure and deterministic.
 */
class CandidateGraph {

  /** Per-edge tie-breaking perturbation scale: at most 1000 × this / n per edge, under 1 in total. */
  static final double PERTURBATION = 0.0018;

  final PairingInput in;
  final PairingInput.Center[] free;
  final List<List<Long>> locked;
  final Map<Long, Integer> history;
  final Set<Long> forbidden;
  final int[][] historyPartners;
  final int[][] forbiddenPartners;
  // The centers in columns, for the all-pairs scan of the candidate search.
  final int[] city;
  final int[] region;
  final int[] prefecture;
  final long[] topic;
  final long[] language;
  /** The best score each center could reach with anyone (shared topics capped, other region, shared language). */
  final int[] potential;

  CandidateGraph(PairingInput in, PairingInput.Center[] free, List<List<Long>> locked) {
    this.in = in;
    this.free = free;
    this.locked = locked;
    this.history = in.history();
    this.forbidden = in.forbidden();
    Map<Long, Integer> index = new HashMap<>();
    for (int i = 0; i < free.length; i++) {
      index.put(free[i].id(), i);
    }
    List<List<Integer>> partners = new ArrayList<>();
    for (int i = 0; i < free.length; i++) {
      partners.add(new ArrayList<>());
    }
    for (long key : history.keySet()) {
      Integer a = index.get(key >>> 32);
      Integer b = index.get(key & 0xffffffffL);
      if (a != null && b != null) {
        partners.get(a).add(b);
        partners.get(b).add(a);
      }
    }
    historyPartners = partners.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    List<List<Integer>> banned = new ArrayList<>();
    for (int i = 0; i < free.length; i++) {
      banned.add(new ArrayList<>());
    }
    for (long key : forbidden) {
      Integer a = index.get(key >>> 32);
      Integer b = index.get(key & 0xffffffffL);
      if (a != null && b != null) {
        banned.get(a).add(b);
        banned.get(b).add(a);
      }
    }
    forbiddenPartners = banned.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    int n = free.length;
    city = new int[n];
    region = new int[n];
    prefecture = new int[n];
    topic = new long[n];
    language = new long[n];
    for (int i = 0; i < n; i++) {
      city[i] = free[i].cityId();
      region[i] = free[i].regionId();
      prefecture[i] = free[i].prefectureId();
      topic[i] = free[i].topicMask();
      language[i] = free[i].languageMask();
    }
    potential = new int[n];
    for (int i = 0; i < n; i++) {
      potential[i] = Math.min(127, PairScore.PER_TOPIC * Math.min(PairScore.MAX_TOPICS, Long.bitCount(topic[i]))
          + PairScore.CROSS_REGION + PairScore.SHARED_LANGUAGE);
    }
  }

  private static final ThreadLocal<int[]> SCORES = new ThreadLocal<>();
  private static final ThreadLocal<int[]> AT_CUT = new ThreadLocal<>();

  boolean allowed(int i, int j) {
    return i != j && free[i].cityId() != free[j].cityId()
        && (forbidden.isEmpty() || !forbidden.contains(PairingInput.key(free[i].id(), free[j].id())));
  }

  int score(int i, int j) {
    return PairScore.score(free[i], free[j], history.isEmpty() ? 0
        : history.getOrDefault(PairingInput.key(free[i].id(), free[j].id()), 0));
  }

  /** A fixed pseudo-random order among equal scores, so ties do not all point at the lowest ids. */
  static long tie(long a, long b) {
    long x = PairingInput.key(a, b) * 0x9E3779B97F4A7C15L;
    x ^= x >>> 29;
    x *= 0xBF58476D1CE4E5B9L;
    return x ^ (x >>> 32);
  }

  /** The candidate graph: each center's best {@code k} allowed partners, as sorted edge keys (i << 32 | j, i < j). */
  long[] candidates(int k) {
    int n = free.length;
    long[][] perCenter = new long[n][];
    IntStream.range(0, n).parallel().forEach(i -> perCenter[i] = best(i, k));
    int total = 0;
    for (long[] list : perCenter) {
      total += list.length;
    }
    long[] all = new long[total];
    int pos = 0;
    for (long[] list : perCenter) {
      System.arraycopy(list, 0, all, pos, list.length);
      pos += list.length;
    }
    Arrays.sort(all);
    int unique = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[i - 1]) {
        all[unique++] = all[i];
      }
    }
    return Arrays.copyOf(all, unique);
  }

  /** Center i's best k partners. Scores fall in a small range, so a histogram finds the cut in O(n). */
  long[] best(int i, int k) {
    int n = free.length;
    int[] scores = SCORES.get();
    if (scores == null || scores.length < n) {
      scores = new int[n];
      SCORES.set(scores);
    }
    PairingInput.Center a = free[i];
    final int min = -1000;
    final int range = 2000;
    int[] histogram = new int[range];
    final int ci = city[i];
    final int ri = region[i];
    final int pi = prefecture[i];
    final long ti = topic[i];
    final long li = language[i];
    // One pass scores every partner and counts the scores; the few earlier partners and forbidden
    // partners are corrected afterwards.
    int allowed = 0;
    for (int j = 0; j < n; j++) {
      if (city[j] == ci) {
        scores[j] = Integer.MIN_VALUE;
        continue;
      }
      int sc = PairScore.points(ti, topic[j], ri, region[j], pi, prefecture[j], li, language[j]);
      scores[j] = sc;
      histogram[bucket(sc, min, range)]++;
      allowed++;
    }
    for (int j : historyPartners[i]) {
      if (scores[j] != Integer.MIN_VALUE) {
        histogram[bucket(scores[j], min, range)]--;
        scores[j] = score(i, j);
        histogram[bucket(scores[j], min, range)]++;
      }
    }
    for (int j : forbiddenPartners[i]) {
      if (scores[j] != Integer.MIN_VALUE) {
        histogram[bucket(scores[j], min, range)]--;
        scores[j] = Integer.MIN_VALUE;
        allowed--;
      }
    }
    int take = Math.min(k, allowed);
    int cut = range - 1;
    int above = 0;
    while (cut > 0 && above + histogram[cut] < take) {
      above += histogram[cut];
      cut--;
    }
    int threshold = cut + min;
    long[] out = new long[take];
    // scores[i] itself is MIN_VALUE (same city as itself), so i is never its own partner.
    int pos = 0;
    int[] atCut = AT_CUT.get();
    if (atCut == null || atCut.length < n) {
      atCut = new int[n];
      AT_CUT.set(atCut);
    }
    int cutCount = 0;
    for (int j = 0; j < n; j++) {
      if (scores[j] == Integer.MIN_VALUE) {
        continue;
      }
      int s = Math.max(min, Math.min(min + range - 1, scores[j]));
      if (s > threshold) {
        out[pos++] = edge(i, j);
      } else if (s == threshold) {
        atCut[cutCount++] = j;
      }
    }
    if (pos < take) {
      // Among equal scores, prefer partners with fewer good options elsewhere (a lower best possible
      // score): a center everyone likes should not fill everyone's list. Then a fixed hash decides,
      // so ties do not all point at the lowest ids.
      long ai = a.id();
      int need = take - pos;
      long[] smallest = new long[need];
      Arrays.fill(smallest, Long.MAX_VALUE);
      for (int c = 0; c < cutCount; c++) {
        int j = atCut[c];
        long key = ((long) potential[j] << 56) | ((tie(ai, free[j].id()) >>> 8) & 0x00FFFFFFFFF00000L) | j;
        if (key < smallest[need - 1]) {
          int at = need - 1;
          while (at > 0 && smallest[at - 1] > key) {
            smallest[at] = smallest[at - 1];
            at--;
          }
          smallest[at] = key;
        }
      }
      for (long key : smallest) {
        out[pos++] = edge(i, (int) (key & 0xFFFFFL));
      }
    }
    return out;
  }

  static int bucket(int score, int min, int range) {
    return Math.max(0, Math.min(range - 1, score - min));
  }

  static long edge(int i, int j) {
    return i < j ? ((long) i << 32) | j : ((long) j << 32) | i;
  }

  static int from(long e) {
    return (int) (e >>> 32);
  }

  static int to(long e) {
    return (int) (e & 0xffffffffL);
  }

  NoPairingException noEdges() {
    boolean oneCity = Arrays.stream(free).mapToInt(PairingInput.Center::cityId).distinct().count() == 1;
    return oneCity
        ? new NoPairingException("same_city", "All centers to pair are in one city (" + free[0].city()
            + "); centers of the same city are never paired.")
        : new NoPairingException("no_allowed_pair", "No two centers may be paired: every possible pair is forbidden or in one city.");
  }

  long[] widen(long[] edges, List<Integer> unmatched, int k) {
    java.util.TreeSet<Long> all = new java.util.TreeSet<>();
    for (long e : edges) {
      all.add(e);
    }
    for (int u : unmatched) {
      for (long e : best(u, k)) {
        all.add(e);
      }
      for (int v : unmatched) {
        if (u < v && allowed(u, v)) {
          all.add(edge(u, v));
        }
      }
    }
    return all.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * The matching weight of an edge: its score plus a tiny fixed perturbation below 1/n in total.
   * Scores are small integers with many ties, which makes Blossom V crawl through degenerate dual
   * updates; distinct weights avoid that, and since a matching has at most n/2 edges the
   * perturbation can never outweigh one point of score, so the optimum stays optimal in score.
   */
  double weight(int a, int b) {
    long h = Math.floorMod(tie(free[a].id(), free[b].id()), 1000L);
    return score(a, b) + h * PERTURBATION / Math.max(1, free.length);
  }

  long total(List<int[]> groups) {
    return groups.stream().mapToLong(this::groupScore).sum();
  }

  long groupScore(int[] g) {
    long s = 0;
    for (int i = 0; i < g.length; i++) {
      for (int j = i + 1; j < g.length; j++) {
        s += score(g[i], g[j]);
      }
    }
    return s;
  }
}
