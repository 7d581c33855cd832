package org.kakehashi.scheduling;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * The exact relaxation of the session planning: assign pairs to slots (or to none), at most
 * {@code capacity[s]} per slot, maximising the total value; a pair can only take a slot where its
 * value is positive. Among plans of equal value, more placed pairs win. Pure.
 *
 * <p>Successive shortest augmenting paths, one pair at a time. Because a path alternates between
 * slots (a pair enters a slot, pushing another pair on to the next slot, …), the search runs on the
 * m + 1 slot nodes ("none" included) with Bellman–Ford, where the arc s → t is the best move of
 * any pair from s to t, kept in one ordered set per (s, t). Each step keeps the plan optimal for
 * the pairs seen so far, so the last step leaves an optimal plan.
 */
final class Transport {

  private Transport() {
  }

  /** The slot of each pair in an optimal plan, or -1. */
  static int[] solve(int[][] value, int[] capacity) {
    int n = value.length;
    int m = capacity.length;
    int none = m;
    long scale = n + 1L;
    long[][] w = new long[n][m + 1];
    for (int p = 0; p < n; p++) {
      for (int s = 0; s < m; s++) {
        // Value first; one extra unit per placed pair breaks ties in favour of placing more pairs.
        w[p][s] = value[p][s] > 0 ? value[p][s] * scale + 1 : Long.MIN_VALUE / 4;
      }
    }
    int[] slot = new int[n];
    Arrays.fill(slot, -1);
    int[] count = new int[m + 1];
    // moves[s][t]: pairs in s ordered by the gain of moving them to t (gain, pair) encoded in a long.
    @SuppressWarnings("unchecked")
    TreeSet<long[]>[][] moves = new TreeSet[m + 1][m + 1];
    for (int s = 0; s <= m; s++) {
      for (int t = 0; t <= m; t++) {
        if (s != t) {
          moves[s][t] = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        }
      }
    }
    long[] dist = new long[m + 1];
    int[] pred = new int[m + 1];
    int[] mover = new int[m + 1];
    for (int p = 0; p < n; p++) {
      for (int s = 0; s <= m; s++) {
        dist[s] = w[p][s];
        pred[s] = -1;
        mover[s] = -1;
      }
      for (int round = 0; round < m + 1; round++) {
        boolean changed = false;
        for (int s = 0; s <= m; s++) {
          if (dist[s] <= Long.MIN_VALUE / 8) {
            continue;
          }
          for (int t = 0; t <= m; t++) {
            if (s == t || moves[s][t].isEmpty()) {
              continue;
            }
            long[] best = moves[s][t].last();
            if (best[0] <= Long.MIN_VALUE / 8) {
              continue;
            }
            long candidate = dist[s] + best[0];
            if (candidate > dist[t] && !onPath(pred, s, t)) {
              dist[t] = candidate;
              pred[t] = s;
              mover[t] = (int) best[1];
              changed = true;
            }
          }
        }
        if (!changed) {
          break;
        }
      }
      int end = -1;
      for (int t = 0; t <= m; t++) {
        boolean room = t == none || count[t] < capacity[t];
        if (room && dist[t] > Long.MIN_VALUE / 8 && (end < 0 || dist[t] > dist[end])) {
          end = t;
        }
      }
      // Apply the path backwards: each mover leaves its slot for the next, then p enters the first.
      int t = end;
      while (pred[t] >= 0) {
        int q = mover[t];
        int from = pred[t];
        move(q, from, t, slot, count, moves, w, m);
        t = from;
      }
      enter(p, t, slot, count, moves, w, m);
    }
    int[] out = new int[n];
    for (int p = 0; p < n; p++) {
      out[p] = slot[p] == none ? -1 : slot[p];
    }
    return out;
  }

  private static boolean onPath(int[] pred, int s, int t) {
    for (int x = s; x >= 0; x = pred[x]) {
      if (x == t) {
        return true;
      }
    }
    return false;
  }

  private static void move(int q, int from, int to, int[] slot, int[] count, TreeSet<long[]>[][] moves, long[][] w, int m) {
    leave(q, from, count, moves, w, m);
    enter(q, to, slot, count, moves, w, m);
  }

  private static void leave(int q, int from, int[] count, TreeSet<long[]>[][] moves, long[][] w, int m) {
    count[from]--;
    for (int t = 0; t <= m; t++) {
      if (t != from) {
        moves[from][t].remove(new long[] {gain(w, q, from, t), q});
      }
    }
  }

  private static void enter(int q, int to, int[] slot, int[] count, TreeSet<long[]>[][] moves, long[][] w, int m) {
    slot[q] = to;
    count[to]++;
    for (int t = 0; t <= m; t++) {
      if (t != to) {
        moves[to][t].add(new long[] {gain(w, q, to, t), q});
      }
    }
  }

  private static long gain(long[][] w, int q, int from, int to) {
    long a = w[q][to];
    long b = w[q][from];
    if (a <= Long.MIN_VALUE / 8) {
      return Long.MIN_VALUE / 4;
    }
    return a - b;
  }
}
