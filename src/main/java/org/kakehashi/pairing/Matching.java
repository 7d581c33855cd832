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
import java.util.List;
import java.util.Set;

/**
 * The second part of the pairing (see {@link PairingPlanner}): matchings on the candidate graph.
 * The exact one is a maximum-weight perfect matching (Kolmogorov's Blossom V, JGraphT), widened
 * where the trimmed graph cannot match everyone; the greedy one takes the best edges first. Every
 * Blossom V run is charged to the caller's {@link WorkBudget} before it starts (vertices + edges of
 * its graph), so a solve that would exceed the budget stops between runs, deterministically. How an
 * odd round's center out joins a trio is the third part, {@link Trios}.
 */
abstract class Matching extends CandidateGraph {

  /** Added to every edge in the non-perfect fallback so that pairing more centers always wins. */
  private static final double OFFSET = 100_000;

  final WorkBudget budget;

  Matching(PairingInput in, PairingInput.Center[] free, List<List<Long>> locked, WorkBudget budget) {
    super(in, free, locked);
    this.budget = budget;
  }

  /** The exact groups of an odd round (a trio for the center out): {@link Trios}. */
  abstract List<int[]> oddRound(long[] candidates);

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
      budget.charge(g.vertexSet().size(), g.edgeSet().size());
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

  List<int[]> exactOn(long[] candidates) {
    int n = free.length;
    if (n % 2 == 0) {
      return perfectOrBest(candidates, -1);
    }
    return oddRound(candidates);
  }

  List<int[]> perfectMatchingOrNull(long[] edges, Set<Integer> without) {
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
      budget.charge(g.vertexSet().size(), g.edgeSet().size());
      return pairsOf(g, new KolmogorovWeightedPerfectMatching<>(g, ObjectiveSense.MAXIMIZE).getMatching(), -1);
    } catch (IllegalArgumentException noPerfect) {
      return null;
    }
  }

  Graph<Integer, DefaultWeightedEdge> graph() {
    return new SimpleWeightedGraph<>(SupplierUtil.createIntegerSupplier(free.length + 1),
        SupplierUtil.createDefaultWeightedEdgeSupplier());
  }

  List<int[]> pairsOf(Graph<Integer, DefaultWeightedEdge> g, MatchingAlgorithm.Matching<Integer, DefaultWeightedEdge> m,
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

  /**
   * A maximum-weight perfect matching of the candidate graph; {@code dummy >= 0} adds a vertex joined
   * to every center with weight 0 (odd rounds: the center matched to it joins a trio), {@code dummy <= -2}
   * leaves center {@code -2 - dummy} out. Without a perfect matching, the maximum-weight matching
   * (every edge lifted by a large offset, so more pairs always win) is used instead.
   */
  List<int[]> perfectOrBest(long[] candidates, int dummy) {
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
      budget.charge(g.vertexSet().size(), g.edgeSet().size());
      matching = new KolmogorovWeightedPerfectMatching<>(g, ObjectiveSense.MAXIMIZE).getMatching();
    } catch (IllegalArgumentException noPerfect) {
      for (DefaultWeightedEdge e : g.edgeSet()) {
        g.setEdgeWeight(e, g.getEdgeWeight(e) + OFFSET);
      }
      budget.charge(g.vertexSet().size(), g.edgeSet().size());
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
}
