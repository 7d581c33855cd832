package org.kakehashi.rooms;

import java.util.Arrays;

/**
 * Minimum-cost maximum flow by the primal-dual method: Dijkstra on reduced costs finds the next
 * shortest distance, then Dinic's blocking flows push everything that can go along arcs of reduced
 * cost zero. The room problems have few distinct path costs, so there are few phases, each a few
 * linear passes: 10,000 participants solve in milliseconds where JGraphT's general min-cost flow
 * took seconds (measured; see {@code RoomBench}). Negative arc costs are allowed as long as the graph
 * has no negative cycle (the starting potentials come from Bellman-Ford). Pure and single-threaded.
 */
final class MinCostFlow {

  static final long INF = Long.MAX_VALUE / 4;

  private final int n;
  private int m;
  private int[] head;
  private int[] next;
  private int[] to;
  private long[] cap;
  private long[] cost;

  MinCostFlow(int nodes) {
    n = nodes;
    head = new int[nodes];
    Arrays.fill(head, -1);
    next = new int[16];
    to = new int[16];
    cap = new long[16];
    cost = new long[16];
  }

  /** Adds an arc and its residual twin; returns the arc's index (for {@link #flow}). */
  int arc(int from, int dest, long capacity, long unitCost) {
    if (m + 2 > to.length) {
      int size = to.length * 2;
      next = Arrays.copyOf(next, size);
      to = Arrays.copyOf(to, size);
      cap = Arrays.copyOf(cap, size);
      cost = Arrays.copyOf(cost, size);
    }
    int e = m;
    to[e] = dest;
    cap[e] = capacity;
    cost[e] = unitCost;
    next[e] = head[from];
    head[from] = e;
    to[e + 1] = from;
    cap[e + 1] = 0;
    cost[e + 1] = -unitCost;
    next[e + 1] = head[dest];
    head[dest] = e + 1;
    m += 2;
    return e;
  }

  /** The flow on arc {@code e} (its twin's residual capacity). */
  long flow(int e) {
    return cap[e + 1];
  }

  /** Sends as much as possible from {@code s} to {@code t} at the least total cost; returns the flow. */
  long solve(int s, int t) {
    long[] pot = bellmanFord(s);
    long[] dist = new long[n];
    int[] level = new int[n];
    int[] iter = new int[n];
    int[] queue = new int[n];
    long total = 0;
    while (true) {
      dijkstra(s, pot, dist);
      if (dist[t] >= INF) {
        return total;
      }
      long dt = dist[t];
      for (int v = 0; v < n; v++) {
        if (pot[v] < INF) {
          pot[v] += Math.min(dist[v], dt);
        }
      }
      // Blocking flows over the arcs that are now tight.
      while (levels(s, t, pot, level, queue)) {
        System.arraycopy(head, 0, iter, 0, n);
        long f;
        while ((f = push(s, t, INF, pot, level, iter)) > 0) {
          total += f;
        }
      }
    }
  }

  private long[] bellmanFord(int s) {
    long[] d = new long[n];
    Arrays.fill(d, INF);
    d[s] = 0;
    for (int round = 0; round < n; round++) {
      boolean changed = false;
      for (int v = 0; v < n; v++) {
        if (d[v] >= INF) {
          continue;
        }
        for (int e = head[v]; e >= 0; e = next[e]) {
          if (cap[e] > 0 && d[v] + cost[e] < d[to[e]]) {
            d[to[e]] = d[v] + cost[e];
            changed = true;
          }
        }
      }
      if (!changed) {
        break;
      }
    }
    return d;
  }

  private void dijkstra(int s, long[] pot, long[] dist) {
    Arrays.fill(dist, INF);
    dist[s] = 0;
    Heap heap = new Heap(n);
    heap.push(0, s);
    while (!heap.isEmpty()) {
      long d = heap.topKey();
      int v = heap.pop();
      if (d > dist[v]) {
        continue;
      }
      for (int e = head[v]; e >= 0; e = next[e]) {
        int w = to[e];
        if (cap[e] <= 0 || pot[w] >= INF) {
          continue;
        }
        long nd = d + cost[e] + pot[v] - pot[w];
        if (nd < dist[w]) {
          dist[w] = nd;
          heap.push(nd, w);
        }
      }
    }
  }

  private boolean tight(int v, int e, long[] pot) {
    return cap[e] > 0 && pot[to[e]] < INF && cost[e] + pot[v] - pot[to[e]] == 0;
  }

  private boolean levels(int s, int t, long[] pot, int[] level, int[] queue) {
    Arrays.fill(level, -1);
    level[s] = 0;
    int qh = 0;
    int qt = 0;
    queue[qt++] = s;
    while (qh < qt) {
      int v = queue[qh++];
      for (int e = head[v]; e >= 0; e = next[e]) {
        if (level[to[e]] < 0 && tight(v, e, pot)) {
          level[to[e]] = level[v] + 1;
          queue[qt++] = to[e];
        }
      }
    }
    return level[t] >= 0;
  }

  private long push(int v, int t, long limit, long[] pot, int[] level, int[] iter) {
    if (v == t) {
      return limit;
    }
    for (; iter[v] >= 0; iter[v] = next[iter[v]]) {
      int e = iter[v];
      int w = to[e];
      if (level[w] == level[v] + 1 && tight(v, e, pot)) {
        long f = push(w, t, Math.min(limit, cap[e]), pot, level, iter);
        if (f > 0) {
          cap[e] -= f;
          cap[e ^ 1] += f;
          return f;
        }
      }
    }
    return 0;
  }

  /** A binary heap of (key, node) pairs with lazy deletion. */
  private static final class Heap {
    private long[] keys;
    private int[] vals;
    private int size;

    Heap(int capacity) {
      keys = new long[Math.max(16, capacity)];
      vals = new int[keys.length];
    }

    boolean isEmpty() {
      return size == 0;
    }

    long topKey() {
      return keys[0];
    }

    void push(long key, int val) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        vals = Arrays.copyOf(vals, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int p = (i - 1) >> 1;
        if (keys[p] <= key) {
          break;
        }
        keys[i] = keys[p];
        vals[i] = vals[p];
        i = p;
      }
      keys[i] = key;
      vals[i] = val;
    }

    int pop() {
      int top = vals[0];
      size--;
      long key = keys[size];
      int val = vals[size];
      int i = 0;
      while (true) {
        int c = 2 * i + 1;
        if (c >= size) {
          break;
        }
        if (c + 1 < size && keys[c + 1] < keys[c]) {
          c++;
        }
        if (keys[c] >= key) {
          break;
        }
        keys[i] = keys[c];
        vals[i] = vals[c];
        i = c;
      }
      keys[i] = key;
      vals[i] = val;
      return top;
    }
  }
}
