package org.kakehashi.pairing;

import org.kakehashi.pairing.PairingPlanner.NoPairingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The third part of the pairing (see {@link PairingPlanner}): trios. With an odd number of centers
 * one center is left out of the matching and joins the pair where it adds the most: for small
 * rounds every trio (or every choice of that center) is tried, for large ones a dummy vertex lets
 * the matching choose and a local search improves the choice. {@link #completeGroups} places every
 * center a matching left out.
 */
final class Trios extends Matching {

  /** Odd rounds up to this size try every possible trio (exact). */
  static final int EXACT_TRIO_LIMIT = 15;
  /** Odd rounds up to this size try every center as the one who joins a trio. */
  static final int EXHAUSTIVE_ODD_LIMIT = 41;
  /** Larger odd rounds whose dummy choice cannot be placed try this many other centers instead. */
  static final int RETRY_LEFT_OUT = 20;

  Trios(PairingInput in, PairingInput.Center[] free, List<List<Long>> locked, WorkBudget budget) {
    super(in, free, locked, budget);
  }

  /** Odd rounds: the exact pairs with a trio for the center out, by the size of the round. */
  List<int[]> oddRound(long[] candidates) {
    int n = free.length;
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
  List<int[]> improveLeftOut(List<int[]> pairs, long[] candidates) {
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
  long attachGain(int y, int[] partner, List<List<Integer>> neighbours, int ignored) {
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
  List<int[]> bestTrio(long[] candidates) {
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

  /** Odd: try each of {@code choices} as the center who joins a trio; keep the best total. */
  List<int[]> bestLeftOut(long[] candidates, int[] choices) {
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

  Integer bestTrioGain(List<Integer> three) {
    int a = three.get(0);
    int b = three.get(1);
    int c = three.get(2);
    return allowed(a, b) && allowed(a, c) && allowed(b, c) ? score(a, b) + score(a, c) + score(b, c) : null;
  }
}
