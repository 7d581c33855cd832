package org.kakehashi.pairing;

import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.MatchingAlgorithm;
import org.jgrapht.alg.matching.SparseEdmondsMaximumCardinalityMatching;
import org.jgrapht.alg.matching.blossom.v5.KolmogorovWeightedMatching;
import org.jgrapht.alg.matching.blossom.v5.KolmogorovWeightedPerfectMatching;
import org.jgrapht.alg.matching.blossom.v5.ObjectiveSense;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.jgrapht.util.SupplierUtil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Pairs the centers of a round across cities. Pure: input records in, result records out, no I/O.
 *
 * <p>Each center keeps its best {@code k} candidate partners (allowed pairs only: never the same
 * city, never a forbidden pair); on that candidate graph the pairing with the highest total
 * {@link PairScore} is found exactly, as a maximum-weight perfect matching (Kolmogorov's Blossom V,
 * JGraphT). With an odd number of centers one center is left out of the matching and joins the pair
 * where it adds the most, making a trio: for small rounds every choice of that center is tried, for
 * large ones a dummy vertex lets the matching choose. Locked pairs are kept as they are. The exact
 * solver runs under a time limit; past it the greedy pairing is used and the result says so.
 * Deterministic: ties are broken by a fixed hash of the two ids, never by chance.
 */
public final class PairingPlanner {

  /** Odd rounds up to this size try every possible trio (exact). */
  static final int EXACT_TRIO_LIMIT = 15;
  /** Odd rounds up to this size try every center as the one who joins a trio. */
  static final int EXHAUSTIVE_ODD_LIMIT = 41;
  /** Larger odd rounds whose dummy choice cannot be placed try this many other centers instead. */
  static final int RETRY_LEFT_OUT = 20;
  /** Per-edge tie-breaking perturbation scale: at most 1000 × this / n per edge, under 1 in total. */
  static final double PERTURBATION = 0.0018;
  /** Added to every edge in the non-perfect fallback so that pairing more centers always wins. */
  private static final double OFFSET = 100_000;

  /** A pair or trio of the result. */
  public record Group(List<Long> centerIds, int score, List<PairScore.Reason> reasons, boolean locked) {
  }

  /**
   * The pairing: the groups, their total score, how it was found ({@code exact} or {@code greedy}),
   * a note for the coordinator when something is worth knowing, and the size of the candidate graph.
   */
  public record Result(List<Group> groups, long total, String method, String note, int candidateEdges) {
  }

  /** No pairing satisfies the hard rules; {@code reason} is a stable code, the message says why. */
  public static final class NoPairingException extends RuntimeException {
    private final String reason;

    public NoPairingException(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  private PairingPlanner() {
  }

  /** The best pairing on the candidate graph (or the greedy one when the time limit is hit). */
  public static Result plan(PairingInput in) {
    return run(in, false);
  }

  /** The greedy pairing: best allowed edges first. The baseline the exact pairing never falls below. */
  public static Result greedy(PairingInput in) {
    return run(in, true);
  }

  private static Result run(PairingInput in, boolean greedyOnly) {
    Problem p = Problem.of(in);
    int n = p.free.length;
    if (in.centers().size() < 2) {
      throw new NoPairingException("too_few_centers", "A round needs at least two centers to pair.");
    }
    List<int[]> matched = new ArrayList<>();
    String method = "exact";
    String note = null;
    int edges = 0;
    long[] candidates = new long[0];
    if (n >= 2) {
      candidates = p.candidates(in.candidates());
      edges = candidates.length;
      if (edges == 0) {
        throw p.noEdges();
      }
      if (greedyOnly) {
        method = "greedy";
        matched = p.greedyMatching(candidates);
      } else {
        try {
          long[] graph = candidates;
          matched = withTimeLimit(in, () -> p.exactMatching(graph));
        } catch (TimeoutException e) {
          method = "greedy";
          note = "The exact solver did not finish within the time limit (" + in.timeLimit().toMillis()
              + " ms); the greedy pairing is shown instead.";
          matched = p.greedyMatching(candidates);
        }
      }
    }
    List<int[]> groups = p.completeGroups(matched);
    if (!greedyOnly && "exact".equals(method) && n >= 2 && trios(groups) > 0) {
      // The pairs are exact, but where the odd center joins (and any forced trio) is a heuristic on
      // large rounds; the greedy pairing is cheap, so keep it when it does better with no more trios.
      List<int[]> greedy;
      try {
        greedy = p.completeGroups(p.greedyMatching(candidates));
      } catch (NoPairingException e) {
        greedy = null;
      }
      if (greedy != null && trios(greedy) <= trios(groups) && p.total(greedy) > p.total(groups)) {
        groups = greedy;
        method = "greedy";
        note = "The greedy pairing scored higher than the matching once the odd center joined a trio, so it is shown.";
      }
    }
    if (trios(groups) > (n % 2 == 1 ? 1 : 0)) {
      note = (note == null ? "" : note + " ") + "Some centers could only be placed in trios because of the rules.";
    }
    return p.result(groups, method, note, edges);
  }

  /**
   * Scores a group chosen by hand (a swap or a move on the pairing board) and checks the hard rules
   * for it: two or three centers of the input, no two of one city, no forbidden pair.
   */
  public static Group describe(PairingInput in, List<Long> ids, boolean locked) {
    Map<Long, PairingInput.Center> byId = new HashMap<>();
    in.centers().forEach(c -> byId.put(c.id(), c));
    return describe(in, byId, ids, locked);
  }

  private static Group describe(PairingInput in, Map<Long, PairingInput.Center> byId, List<Long> ids, boolean locked) {
    if (ids.size() < 2 || ids.size() > 3) {
      throw new NoPairingException("group_size", "A pair has two centers, or three in a trio.");
    }
    List<PairingInput.Center> members = new ArrayList<>();
    for (Long id : ids) {
      PairingInput.Center c = byId.get(id);
      if (c == null) {
        throw new NoPairingException("not_in_round", "Center " + id + " does not take part in this round.");
      }
      members.add(c);
    }
    for (int i = 0; i < members.size(); i++) {
      for (int j = i + 1; j < members.size(); j++) {
        PairingInput.Center a = members.get(i);
        PairingInput.Center b = members.get(j);
        if (a.cityId() == b.cityId()) {
          throw new NoPairingException("same_city", "Two centers of the same city (" + a.city() + ") cannot be paired.");
        }
        if (in.forbidden().contains(PairingInput.key(a.id(), b.id()))) {
          throw new NoPairingException("forbidden", "This pair is forbidden; allow it first.");
        }
      }
    }
    int score = 0;
    Map<String, PairScore.Reason> reasons = new java.util.LinkedHashMap<>();
    List<PairingInput.Center> sorted = members.stream().sorted(Comparator.comparingLong(PairingInput.Center::id)).toList();
    for (int i = 0; i < sorted.size(); i++) {
      for (int j = i + 1; j < sorted.size(); j++) {
        PairingInput.Center a = sorted.get(i);
        PairingInput.Center b = sorted.get(j);
        int earlier = in.history().getOrDefault(PairingInput.key(a.id(), b.id()), 0);
        score += PairScore.score(a, b, earlier);
        for (PairScore.Reason r : PairScore.reasons(a, b, earlier)) {
          reasons.merge(r.code(), r, (x, y) -> new PairScore.Reason(x.code(), x.points() + y.points(),
              x.text().equals(y.text()) ? x.text() : x.text() + " / " + y.text()));
        }
      }
    }
    return new Group(sorted.stream().map(PairingInput.Center::id).toList(), score, List.copyOf(reasons.values()), locked);
  }

  /** A candidate edge with its weight, for inspection and benchmarks: {@code [centerA, centerB, score]}. */
  public record Edge(long a, long b, int weight) {
  }

  /** The candidate graph the exact matching runs on (locked centers excluded, widened where needed to be matchable). */
  public static List<Edge> candidateEdges(PairingInput in) {
    Problem p = Problem.of(in);
    List<Edge> edges = new ArrayList<>();
    for (long e : p.matchable(p.candidates(in.candidates()))) {
      int a = Problem.from(e);
      int b = Problem.to(e);
      edges.add(new Edge(p.free[a].id(), p.free[b].id(), p.score(a, b)));
    }
    return edges;
  }

  private static long trios(List<int[]> groups) {
    return groups.stream().filter(g -> g.length == 3).count();
  }

  private interface Solver {
    List<int[]> solve();
  }

  private static List<int[]> withTimeLimit(PairingInput in, Solver solver) throws TimeoutException {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "pairing-solver");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<List<int[]>> future = executor.submit(solver::solve);
      return future.get(in.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      executor.shutdownNow();
    }
  }

  /** The instance in index form: free centers (not in a locked group) are 0..n-1. */
  private static final class Problem {
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

    private Problem(PairingInput in, PairingInput.Center[] free, List<List<Long>> locked) {
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

    static Problem of(PairingInput in) {
      Map<Long, PairingInput.Center> byId = new HashMap<>();
      for (PairingInput.Center c : in.centers()) {
        byId.put(c.id(), c);
      }
      Set<Long> lockedIds = new HashSet<>();
      List<List<Long>> locked = new ArrayList<>();
      for (List<Long> group : in.locked()) {
        if (group.size() < 2 || group.size() > 3) {
          throw new NoPairingException("locked_invalid", "A locked group must have two or three centers.");
        }
        for (Long id : group) {
          if (!byId.containsKey(id)) {
            throw new NoPairingException("locked_invalid", "A locked pair names center " + id + ", which is not in the round.");
          }
          if (!lockedIds.add(id)) {
            throw new NoPairingException("locked_invalid", "Center " + id + " is in two locked pairs.");
          }
        }
        List<Long> sorted = group.stream().sorted().toList();
        locked.add(sorted);
      }
      PairingInput.Center[] free = in.centers().stream().filter(c -> !lockedIds.contains(c.id()))
          .sorted(Comparator.comparingLong(PairingInput.Center::id)).toArray(PairingInput.Center[]::new);
      Problem p = new Problem(in, free, locked);
      for (List<Long> g : locked) {
        for (int i = 0; i < g.size(); i++) {
          for (int j = i + 1; j < g.size(); j++) {
            PairingInput.Center a = byId.get(g.get(i));
            PairingInput.Center b = byId.get(g.get(j));
            if (a.cityId() == b.cityId()) {
              throw new NoPairingException("locked_invalid", "A locked pair has two centers of the same city (" + a.city() + ").");
            }
            if (p.forbidden.contains(PairingInput.key(a.id(), b.id()))) {
              throw new NoPairingException("locked_invalid", "A locked pair is also forbidden.");
            }
          }
        }
      }
      return p;
    }

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
    private long[] best(int i, int k) {
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

    private static int bucket(int score, int min, int range) {
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

    /**
     * The exact matching; when the trimmed graph leaves centers unmatched that the full graph could
     * pair, those centers get more candidates (4×, 16×, then all) and the matching runs again.
     */
    List<int[]> exactMatching(long[] candidates) {
      long[] edges = matchable(candidates);
      int k = Math.max(1, in.candidates());
      for (int attempt = 1; ; attempt++) {
        List<int[]> groups = exactOn(edges);
        boolean[] placed = new boolean[free.length];
        boolean trio = false;
        for (int[] g : groups) {
          trio |= g.length == 3;
          for (int m : g) {
            placed[m] = true;
          }
        }
        List<Integer> unmatched = new ArrayList<>();
        for (int i = 0; i < free.length; i++) {
          if (!placed[i]) {
            unmatched.add(i);
          }
        }
        int tolerated = free.length % 2 == 1 && !trio ? 1 : 0;
        if (unmatched.size() <= tolerated || attempt > 3) {
          return groups;
        }
        edges = widen(edges, unmatched, attempt == 3 ? free.length : k * (1 << (2 * attempt)));
      }
    }

    /**
     * A top-k graph can crowd around a few popular centers and have no perfect matching although the
     * full graph has one. A maximum-cardinality matching (fast, unweighted) finds the centers left
     * over; they get more candidates (4×, 16×, then all) before the weighted matching runs.
     */
    long[] matchable(long[] candidates) {
      long[] edges = candidates;
      int k = Math.max(1, in.candidates());
      for (int attempt = 1; attempt <= 3; attempt++) {
        Graph<Integer, DefaultWeightedEdge> g = graph();
        for (int i = 0; i < free.length; i++) {
          g.addVertex(i);
        }
        for (long e : edges) {
          g.addEdge(from(e), to(e));
        }
        MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> m = new SparseEdmondsMaximumCardinalityMatching<>(g).getMatching();
        List<Integer> unmatched = new ArrayList<>();
        for (int i = 0; i < free.length; i++) {
          if (!m.isMatched(i)) {
            unmatched.add(i);
          }
        }
        if (unmatched.size() <= free.length % 2) {
          return edges;
        }
        edges = widen(edges, unmatched, attempt == 3 ? free.length : k * (1 << (2 * attempt)));
      }
      return edges;
    }

    private long[] widen(long[] edges, List<Integer> unmatched, int k) {
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

    private List<int[]> exactOn(long[] candidates) {
      int n = free.length;
      if (n % 2 == 0) {
        return perfectOrBest(candidates, -1);
      }
      if (n <= EXACT_TRIO_LIMIT) {
        List<int[]> exact = bestTrio(candidates);
        if (exact != null) {
          return exact;
        }
      }
      if (n <= EXHAUSTIVE_ODD_LIMIT) {
        return bestLeftOut(candidates, IntStream.range(0, n).toArray());
      }
      List<int[]> pairs = improveLeftOut(perfectOrBest(candidates, n), candidates);
      try {
        completeGroups(pairs);
        return pairs;
      } catch (NoPairingException e) {
        // The center the matching left out fits no pair: try the centers with the most candidates instead.
        int[] degree = new int[n];
        for (long c : candidates) {
          degree[from(c)]++;
          degree[to(c)]++;
        }
        int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt((Integer i) -> -degree[i]).thenComparing(i -> i))
            .limit(RETRY_LEFT_OUT).mapToInt(Integer::intValue).toArray();
        return bestLeftOut(candidates, order);
      }
    }

    /**
     * Odd and large: the dummy vertex chose who is left out by pair weight alone, not by how well
     * that center then fits into a trio. A local search on the candidate graph lets the left-out
     * center x take the place of a in a pair (a, b) when x–a plus b's best trio is worth more than
     * a–b plus x's best trio; repeated while it improves.
     */
    private List<int[]> improveLeftOut(List<int[]> pairs, long[] candidates) {
      int n = free.length;
      int[] partner = new int[n];
      Arrays.fill(partner, -1);
      for (int[] pr : pairs) {
        partner[pr[0]] = pr[1];
        partner[pr[1]] = pr[0];
      }
      List<List<Integer>> neighbours = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        neighbours.add(new ArrayList<>());
      }
      for (long e : candidates) {
        neighbours.get(from(e)).add(to(e));
        neighbours.get(to(e)).add(from(e));
      }
      int x = -1;
      for (int i = 0; i < n; i++) {
        if (partner[i] < 0) {
          if (x >= 0) {
            return pairs;
          }
          x = i;
        }
      }
      if (x < 0) {
        return pairs;
      }
      for (int round = 0; round < 50; round++) {
        long current = attachGain(x, partner, neighbours, -1);
        int bestA = -1;
        long bestDelta = 0;
        for (int a : neighbours.get(x)) {
          int b = partner[a];
          if (b < 0 || !allowed(x, a)) {
            continue;
          }
          partner[a] = -1;
          partner[b] = -1;
          partner[x] = a;
          partner[a] = x;
          long after = attachGain(b, partner, neighbours, -1);
          partner[x] = -1;
          partner[a] = b;
          partner[b] = a;
          if (after == Long.MIN_VALUE) {
            continue;
          }
          long delta = (score(x, a) + after) - (score(a, b) + current);
          if (delta > bestDelta) {
            bestDelta = delta;
            bestA = a;
          }
        }
        if (bestA < 0) {
          break;
        }
        int b = partner[bestA];
        partner[b] = -1;
        partner[x] = bestA;
        partner[bestA] = x;
        x = b;
      }
      List<int[]> improved = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (partner[i] > i) {
          improved.add(new int[] {i, partner[i]});
        }
      }
      return improved;
    }

    /** The best trio gain of y with a pair that contains one of its candidates, or MIN_VALUE. */
    private long attachGain(int y, int[] partner, List<List<Integer>> neighbours, int ignored) {
      long best = Long.MIN_VALUE;
      for (int a : neighbours.get(y)) {
        int b = partner[a];
        if (b >= 0 && b != y && allowed(y, a) && allowed(y, b)) {
          best = Math.max(best, (long) score(y, a) + score(y, b));
        }
      }
      return best;
    }

    /** Odd and tiny: every allowed trio with a perfect matching of the rest; the best total wins. */
    private List<int[]> bestTrio(long[] candidates) {
      int n = free.length;
      List<int[]> best = null;
      long bestTotal = Long.MIN_VALUE;
      for (int a = 0; a < n; a++) {
        for (int b = a + 1; b < n; b++) {
          for (int c = b + 1; c < n; c++) {
            if (!allowed(a, b) || !allowed(a, c) || !allowed(b, c)) {
              continue;
            }
            final int x = a;
            final int y = b;
            final int z = c;
            long[] rest = Arrays.stream(candidates)
                .filter(e -> from(e) != x && to(e) != x && from(e) != y && to(e) != y && from(e) != z && to(e) != z)
                .toArray();
            List<int[]> pairs = perfectMatchingOrNull(rest, Set.of(x, y, z));
            if (pairs == null) {
              continue;
            }
            long total = groupScore(new int[] {x, y, z}) + pairs.stream().mapToLong(this::groupScore).sum();
            if (total > bestTotal) {
              bestTotal = total;
              best = new ArrayList<>(pairs);
              best.add(new int[] {x, y, z});
            }
          }
        }
      }
      return best;
    }

    private List<int[]> perfectMatchingOrNull(long[] edges, Set<Integer> without) {
      Graph<Integer, DefaultWeightedEdge> g = graph();
      for (int i = 0; i < free.length; i++) {
        if (!without.contains(i)) {
          g.addVertex(i);
        }
      }
      if (g.vertexSet().isEmpty()) {
        return List.of();
      }
      for (long e : edges) {
        g.setEdgeWeight(g.addEdge(from(e), to(e)), score(from(e), to(e)));
      }
      try {
        return pairsOf(g, new KolmogorovWeightedPerfectMatching<>(g, ObjectiveSense.MAXIMIZE).getMatching(), -1);
      } catch (IllegalArgumentException noPerfect) {
        return null;
      }
    }

    private Graph<Integer, DefaultWeightedEdge> graph() {
      return new SimpleWeightedGraph<>(SupplierUtil.createIntegerSupplier(free.length + 1),
          SupplierUtil.createDefaultWeightedEdgeSupplier());
    }

    private List<int[]> pairsOf(Graph<Integer, DefaultWeightedEdge> g, MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> m,
                                int dummy) {
      List<int[]> pairs = new ArrayList<>();
      for (DefaultWeightedEdge e : m.getEdges()) {
        int a = g.getEdgeSource(e);
        int b = g.getEdgeTarget(e);
        if (a != dummy && b != dummy && a < free.length && b < free.length) {
          pairs.add(new int[] {Math.min(a, b), Math.max(a, b)});
        }
      }
      pairs.sort(Comparator.comparingInt((int[] x) -> x[0]));
      return pairs;
    }

    /** Odd: try each of {@code choices} as the center who joins a trio; keep the best total. */
    private List<int[]> bestLeftOut(long[] candidates, int[] choices) {
      List<int[]> best = null;
      long bestTotal = Long.MIN_VALUE;
      for (int x : choices) {
        final int out = x;
        long[] without = Arrays.stream(candidates).filter(e -> from(e) != out && to(e) != out).toArray();
        List<int[]> pairs;
        try {
          pairs = perfectOrBest(without, -2 - out);
        } catch (NoPairingException e) {
          continue;
        }
        List<int[]> groups;
        try {
          groups = completeGroups(pairs);
        } catch (NoPairingException e) {
          continue;
        }
        long total = groups.stream().mapToLong(this::groupScore).sum();
        if (total > bestTotal) {
          bestTotal = total;
          best = pairs;
        }
      }
      if (best == null) {
        return perfectOrBest(candidates, free.length);
      }
      return best;
    }

    /**
     * A maximum-weight perfect matching of the candidate graph; {@code dummy >= 0} adds a vertex joined
     * to every center with weight 0 (odd rounds: the center matched to it joins a trio), {@code dummy <= -2}
     * leaves center {@code -2 - dummy} out. Without a perfect matching, the maximum-weight matching
     * (every edge lifted by a large offset, so more pairs always win) is used instead.
     */
    private List<int[]> perfectOrBest(long[] candidates, int dummy) {
      int skip = dummy <= -2 ? -2 - dummy : -1;
      Graph<Integer, DefaultWeightedEdge> g = graph();
      for (int i = 0; i < free.length; i++) {
        if (i != skip) {
          g.addVertex(i);
        }
      }
      for (long e : candidates) {
        if (from(e) != skip && to(e) != skip) {
          g.setEdgeWeight(g.addEdge(from(e), to(e)), weight(from(e), to(e)));
        }
      }
      if (dummy >= 0) {
        g.addVertex(dummy);
        for (int i = 0; i < free.length; i++) {
          g.setEdgeWeight(g.addEdge(dummy, i), 0);
        }
      }
      MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> matching;
      try {
        matching = new KolmogorovWeightedPerfectMatching<>(g, ObjectiveSense.MAXIMIZE).getMatching();
      } catch (IllegalArgumentException noPerfect) {
        for (DefaultWeightedEdge e : g.edgeSet()) {
          g.setEdgeWeight(e, g.getEdgeWeight(e) + OFFSET);
        }
        matching = new KolmogorovWeightedMatching<>(g, ObjectiveSense.MAXIMIZE).getMatching();
      }
      return pairsOf(g, matching, dummy);
    }

    /** Best edges first, each taken when both centers are still free. */
    List<int[]> greedyMatching(long[] candidates) {
      // Sort by (score desc, tie hash asc) on primitive keys: score in the top bits, the edge's index in the low 24.
      long[] keys = new long[candidates.length];
      for (int x = 0; x < candidates.length; x++) {
        long e = candidates[x];
        long rank = 4096 - Math.max(-4095, Math.min(4095, score(from(e), to(e))));
        long hash = (tie(free[from(e)].id(), free[to(e)].id()) >>> 37) & ((1L << 27) - 1);
        keys[x] = (rank << 51) | (hash << 24) | x;
      }
      Arrays.sort(keys);
      long[] order = new long[candidates.length];
      for (int x = 0; x < keys.length; x++) {
        order[x] = candidates[(int) (keys[x] & 0xFFFFFFL)];
      }
      boolean[] used = new boolean[free.length];
      List<int[]> pairs = new ArrayList<>();
      for (long e : order) {
        int a = from(e);
        int b = to(e);
        if (!used[a] && !used[b]) {
          used[a] = true;
          used[b] = true;
          pairs.add(new int[] {a, b});
        }
      }
      return pairs;
    }

    /**
     * Places every center the matching left out: first paired with each other where allowed, then
     * added to the pair where it adds the most (a trio). Fails when some center fits nowhere.
     */
    List<int[]> completeGroups(List<int[]> pairs) {
      boolean[] used = new boolean[free.length];
      List<int[]> groups = new ArrayList<>();
      for (int[] pr : pairs) {
        for (int m : pr) {
          used[m] = true;
        }
        groups.add(pr.clone());
      }
      List<Integer> left = new ArrayList<>();
      for (int i = 0; i < free.length; i++) {
        if (!used[i]) {
          left.add(i);
        }
      }
      // Leftovers pair among themselves, best allowed pairs first (three that fit together make the trio).
      if (!(left.size() == 3 && bestTrioGain(left) != null) && left.size() >= 2) {
        List<long[]> options = new ArrayList<>();
        for (int x = 0; x < left.size(); x++) {
          for (int y = x + 1; y < left.size(); y++) {
            int a = left.get(x);
            int b = left.get(y);
            if (allowed(a, b)) {
              options.add(new long[] {score(a, b), a, b});
            }
          }
        }
        options.sort(Comparator.comparingLong((long[] o) -> -o[0]).thenComparingLong(o -> o[1]).thenComparingLong(o -> o[2]));
        boolean[] taken = new boolean[free.length];
        int pairsWanted = left.size() / 2;
        for (long[] o : options) {
          int a = (int) o[1];
          int b = (int) o[2];
          if (pairsWanted > 0 && !taken[a] && !taken[b]) {
            taken[a] = true;
            taken[b] = true;
            groups.add(new int[] {a, b});
            pairsWanted--;
          }
        }
        List<Integer> rest = new ArrayList<>();
        for (int x : left) {
          if (!taken[x]) {
            rest.add(x);
          }
        }
        left = rest;
      }
      if (left.size() == 3 && bestTrioGain(left) != null) {
        groups.add(left.stream().mapToInt(Integer::intValue).sorted().toArray());
        left.clear();
      }
      for (int x : left) {
        int bestGroup = -1;
        int bestGain = Integer.MIN_VALUE;
        for (int gi = 0; gi < groups.size(); gi++) {
          int[] grp = groups.get(gi);
          if (grp.length != 2 || !allowed(x, grp[0]) || !allowed(x, grp[1])) {
            continue;
          }
          int gain = score(x, grp[0]) + score(x, grp[1]);
          if (gain > bestGain) {
            bestGain = gain;
            bestGroup = gi;
          }
        }
        if (bestGroup < 0) {
          throw new NoPairingException("no_partner", "Center " + free[x].id() + " (" + free[x].city()
              + ") cannot be placed: every possible partner is in the same city, forbidden or already locked.");
        }
        int[] grp = groups.get(bestGroup);
        int[] trio = {grp[0], grp[1], x};
        Arrays.sort(trio);
        groups.set(bestGroup, trio);
      }
      return groups;
    }

    private Integer bestTrioGain(List<Integer> three) {
      int a = three.get(0);
      int b = three.get(1);
      int c = three.get(2);
      return allowed(a, b) && allowed(a, c) && allowed(b, c) ? score(a, b) + score(a, c) + score(b, c) : null;
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

    Result result(List<int[]> groups, String method, String note, int edges) {
      Map<Long, PairingInput.Center> byId = new HashMap<>();
      for (PairingInput.Center c : in.centers()) {
        byId.put(c.id(), c);
      }
      List<Group> out = new ArrayList<>();
      for (List<Long> g : locked) {
        out.add(group(byId, g.stream().map(byId::get).toList(), true));
      }
      for (int[] g : groups) {
        out.add(group(byId, Arrays.stream(g).mapToObj(i -> free[i]).toList(), false));
      }
      out.sort(Comparator.comparingLong(gr -> gr.centerIds().get(0)));
      long total = out.stream().mapToLong(Group::score).sum();
      return new Result(out, total, method, note, edges);
    }

    private Group group(Map<Long, PairingInput.Center> byId, List<PairingInput.Center> members, boolean isLocked) {
      return describe(in, byId, members.stream().map(PairingInput.Center::id).toList(), isLocked);
    }
  }
}
