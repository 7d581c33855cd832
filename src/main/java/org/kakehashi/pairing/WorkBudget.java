package org.kakehashi.pairing;

/**
 * How much matching work the exact pairing may do, in units of graph size: every matching run is
 * charged the vertices plus edges of its graph before it starts. Owned by the caller (part of
 * {@link PairingInput}); counting work instead of watching the clock means that a solve really
 * stops (between two runs; each run is bounded by the size it was charged), and that the same input
 * gets the same answer on any machine, under any load.
 */
final class WorkBudget {

  /** The budget ran out: the exact solve stops and the caller falls back to the greedy pairing. */
  static final class Exceeded extends RuntimeException {
    Exceeded(long budget) {
      super("the exact pairing needs more than its work budget of " + budget + " units", null, false, false);
    }
  }

  private final long budget;
  private long left;

  WorkBudget(long budget) {
    this.budget = budget;
    this.left = budget;
  }

  /** A budget that never runs out (inspection: the candidate graph). */
  static WorkBudget unlimited() {
    return new WorkBudget(Long.MAX_VALUE);
  }

  /** Charges a run on a graph of {@code vertices} and {@code edges}; throws when the budget cannot pay for it. */
  void charge(long vertices, long edges) {
    long cost = vertices + edges;
    if (cost > left) {
      throw new Exceeded(budget);
    }
    left -= cost;
  }

  long used() {
    return budget - left;
  }
}
