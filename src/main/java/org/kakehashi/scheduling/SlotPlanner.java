package org.kakehashi.scheduling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses, for all published pairs of a round at once, a slot, a Zoom host licence and a
 * facilitator for each session, maximising the participants who can come ("if need be" counts
 * half). Pure: records in, records out, no I/O.
 *
 * <p>Without facilitators the problem is a transportation problem (pairs → slots, each slot with
 * as many sessions as there are licences) and is solved exactly by successive shortest augmenting
 * paths; with only a handful of slots every path search runs on the slots alone, so 7,000 pairs
 * take milliseconds. Its optimum is the bound. Facilitators are then matched slot by slot
 * (augmenting paths, most valuable sessions first); a session left without one is moved to
 * another slot where a facilitator and a licence are free, or reported. The result states the
 * gap to the bound.
 */
public final class SlotPlanner {

  /** How many people of a pair can come to a slot, in half-persons (yes = 2, if need be = 1), per center. */
  public record PairDemand(long pairId, Map<Long, int[]> halvesBySlot) {
  }

  /**
   * A candidate slot; slots that overlap in time share the licences and facilitators.
   * {@code busyLicences} are licences (by index) already booked then by other rounds.
   */
  public record Slot(long id, long startEpochSecond, long endEpochSecond, java.util.Set<Integer> busyLicences) {
    /** A slot with every licence free. */
    public Slot(long id, long startEpochSecond, long endEpochSecond) {
      this(id, startEpochSecond, endEpochSecond, java.util.Set.of());
    }

    boolean overlaps(Slot o) {
      return startEpochSecond < o.endEpochSecond && o.startEpochSecond < endEpochSecond;
    }
  }

  /** A facilitator and the slots they can take. */
  public record Facilitator(long id, List<Long> slotIds) {
  }

  public record Input(List<PairDemand> pairs, List<Slot> slots, int licences, List<Facilitator> facilitators) {
  }

  /** A planned session: the pair, its slot, the licence (0-based index) and the facilitator. */
  public record Placement(long pairId, long slotId, int licence, long facilitatorId, int halves) {
  }

  /** A pair that could not be placed and why (a stable code the UI translates). */
  public record Unplaced(long pairId, String reason) {
  }

  /**
   * The plan: sessions, pairs left out, the participants placed (in half-persons), the bound from
   * the relaxation without facilitators, and the gap to it in percent.
   */
  public record Result(List<Placement> sessions, List<Unplaced> unplaced, long halves, long bound, double gapPercent) {
  }

  private SlotPlanner() {
  }

  /** Half-persons who can come: both centers must have someone, else the slot is worth nothing. */
  static int value(int[] perCenter) {
    if (perCenter == null || perCenter.length == 0) {
      return 0;
    }
    int sum = 0;
    for (int v : perCenter) {
      if (v <= 0) {
        return 0;
      }
      sum += v;
    }
    return sum;
  }

  public static Result plan(Input in) {
    int n = in.pairs().size();
    int m = in.slots().size();
    int[][] value = new int[n][m];
    for (int p = 0; p < n; p++) {
      for (int s = 0; s < m; s++) {
        value[p][s] = value(in.pairs().get(p).halvesBySlot().get(in.slots().get(s).id()));
      }
    }
    // A slot holds at most one session per licence and per facilitator free then: any facilitator
    // can take any session, so when slots do not overlap this relaxation is the exact problem,
    // and it is an upper bound in every case.
    int[] capacity = new int[m];
    for (int s = 0; s < m; s++) {
      long slotId = in.slots().get(s).id();
      int free = 0;
      for (Facilitator f : in.facilitators()) {
        if (f.slotIds().contains(slotId)) {
          free++;
        }
      }
      capacity[s] = Math.max(0, Math.min(in.licences() - in.slots().get(s).busyLicences().size(), free));
    }
    int[] relaxed = Transport.solve(value, capacity);
    long bound = 0;
    for (int p = 0; p < n; p++) {
      if (relaxed[p] >= 0) {
        bound += value[p][relaxed[p]];
      }
    }
    int[] slotOf = relaxed.clone();
    long[] facilitatorOf = new long[n];
    Arrays.fill(facilitatorOf, -1);
    assignFacilitators(in, value, slotOf, facilitatorOf);
    return result(in, value, slotOf, facilitatorOf, bound);
  }

  /** The working state of the facilitator step: who is where, and counts kept up to date. */
  private static final class Board {
    final Input in;
    final int[] slotOf;
    final int[] facOf;
    final int[] count;
    final List<List<Integer>> slotsOfFac = new ArrayList<>();
    final boolean[][] canTake;

    Board(Input in, int[] slotOf, boolean[][] canTake) {
      this.in = in;
      this.slotOf = slotOf;
      this.canTake = canTake;
      this.facOf = new int[slotOf.length];
      Arrays.fill(facOf, -1);
      this.count = new int[in.slots().size()];
      for (int x : slotOf) {
        if (x >= 0) {
          count[x]++;
        }
      }
      for (int f = 0; f < canTake.length; f++) {
        slotsOfFac.add(new ArrayList<>());
      }
    }

    boolean busy(int f, int s) {
      Slot slot = in.slots().get(s);
      for (int x : slotsOfFac.get(f)) {
        if (in.slots().get(x).overlaps(slot)) {
          return true;
        }
      }
      return false;
    }

    /** With overlapping slots, licences are shared: at no moment may more sessions run than there are licences. */
    boolean licenceFree(int s) {
      Slot slot = in.slots().get(s);
      int running = 0;
      for (int x = 0; x < count.length; x++) {
        if (in.slots().get(x).overlaps(slot)) {
          running += count[x];
        }
      }
      return running + slot.busyLicences().size() < in.licences();
    }

    int freeFacilitator(int s) {
      for (int f = 0; f < canTake.length; f++) {
        if (canTake[f][s] && !busy(f, s)) {
          return f;
        }
      }
      return -1;
    }

    void place(int p, int s, int f) {
      slotOf[p] = s;
      count[s]++;
      facOf[p] = f;
      slotsOfFac.get(f).add(s);
    }

    void unplace(int p) {
      count[slotOf[p]]--;
      slotOf[p] = -1;
    }
  }

  /**
   * Facilitators, slot by slot in time order: a bipartite matching between the slot's sessions and
   * the facilitators free then, built by augmenting paths with the most valuable sessions first
   * (optimal for the total value of the matched sessions in that slot). Sessions left without a
   * facilitator try every other slot with a free licence and a free facilitator, best first.
   */
  private static void assignFacilitators(Input in, int[][] value, int[] slotOf, long[] facilitatorOf) {
    int n = slotOf.length;
    List<Slot> slots = in.slots();
    Map<Long, Integer> slotIndex = new HashMap<>();
    for (int s = 0; s < slots.size(); s++) {
      slotIndex.put(slots.get(s).id(), s);
    }
    boolean[][] canTake = new boolean[in.facilitators().size()][slots.size()];
    for (int f = 0; f < in.facilitators().size(); f++) {
      for (long sid : in.facilitators().get(f).slotIds()) {
        Integer s = slotIndex.get(sid);
        if (s != null) {
          canTake[f][s] = true;
        }
      }
    }
    Board b = new Board(in, slotOf, canTake);
    Integer[] order = new Integer[slots.size()];
    for (int s = 0; s < order.length; s++) {
      order[s] = s;
    }
    Arrays.sort(order, Comparator.comparingLong((Integer s) -> slots.get(s).startEpochSecond()).thenComparing(s -> s));
    for (int s : order) {
      matchSlot(s, b, value);
    }
    // Then every pair without a session (left without a facilitator, or left out by the
    // relaxation for want of a licence) tries the slots where a licence and a facilitator are free,
    // most valuable pairs first.
    List<Integer> waiting = new ArrayList<>();
    int[] best0 = new int[n];
    for (int p = 0; p < n; p++) {
      if (slotOf[p] >= 0 && b.facOf[p] < 0) {
        b.unplace(p);
      }
      if (slotOf[p] < 0) {
        for (int s = 0; s < slots.size(); s++) {
          best0[p] = Math.max(best0[p], value[p][s]);
        }
        if (best0[p] > 0) {
          waiting.add(p);
        }
      }
    }
    waiting.sort(Comparator.comparingInt((Integer p) -> -best0[p]).thenComparing(p -> p));
    for (int p : waiting) {
      int best = -1;
      int bestFac = -1;
      for (int s = 0; s < slots.size(); s++) {
        if (value[p][s] <= 0 || (best >= 0 && value[p][s] <= value[p][best]) || b.count[s] >= in.licences()
            || !b.licenceFree(s)) {
          continue;
        }
        int f = b.freeFacilitator(s);
        if (f >= 0) {
          best = s;
          bestFac = f;
        }
      }
      if (best >= 0) {
        b.place(p, best, bestFac);
      }
    }
    for (int p = 0; p < n; p++) {
      facilitatorOf[p] = b.facOf[p] < 0 || slotOf[p] < 0 ? -1 : in.facilitators().get(b.facOf[p]).id();
      if (facilitatorOf[p] < 0) {
        slotOf[p] = -1;
      }
    }
  }

  private static void matchSlot(int s, Board b, int[][] value) {
    List<Integer> sessions = new ArrayList<>();
    for (int p = 0; p < b.slotOf.length; p++) {
      if (b.slotOf[p] == s) {
        sessions.add(p);
      }
    }
    sessions.sort(Comparator.comparingInt((Integer p) -> -value[p][s]).thenComparing(p -> p));
    List<Integer> free = new ArrayList<>();
    for (int f = 0; f < b.canTake.length; f++) {
      if (b.canTake[f][s] && !b.busy(f, s)) {
        free.add(f);
      }
    }
    Map<Integer, Integer> sessionOfFac = new HashMap<>();
    for (int p : sessions) {
      augment(p, free, sessionOfFac, new java.util.HashSet<>(), b.facOf);
    }
    for (Map.Entry<Integer, Integer> e : sessionOfFac.entrySet()) {
      b.slotsOfFac.get(e.getKey()).add(s);
    }
  }

  private static boolean augment(int p, List<Integer> free, Map<Integer, Integer> sessionOfFac, java.util.Set<Integer> seen,
                                 int[] facOf) {
    for (int f : free) {
      if (!seen.add(f)) {
        continue;
      }
      Integer other = sessionOfFac.get(f);
      if (other == null || augment(other, free, sessionOfFac, seen, facOf)) {
        sessionOfFac.put(f, p);
        facOf[p] = f;
        return true;
      }
    }
    return false;
  }

  private static Result result(Input in, int[][] value, int[] slotOf, long[] facilitatorOf, long bound) {
    List<Placement> sessions = new ArrayList<>();
    List<Unplaced> unplaced = new ArrayList<>();
    long halves = 0;
    // Licences: interval partitioning in time order, so overlapping sessions never share one.
    Integer[] order = new Integer[slotOf.length];
    for (int p = 0; p < order.length; p++) {
      order[p] = p;
    }
    Arrays.sort(order, Comparator.comparingLong((Integer p) -> slotOf[p] < 0 ? Long.MAX_VALUE
        : in.slots().get(slotOf[p]).startEpochSecond()).thenComparing(p -> p));
    List<long[]> busyUntil = new ArrayList<>();
    for (int l = 0; l < in.licences(); l++) {
      busyUntil.add(new long[] {Long.MIN_VALUE});
    }
    for (int p : order) {
      long pairId = in.pairs().get(p).pairId();
      if (slotOf[p] < 0) {
        continue;
      }
      Slot slot = in.slots().get(slotOf[p]);
      int licence = -1;
      for (int l = 0; l < busyUntil.size(); l++) {
        if (busyUntil.get(l)[0] <= slot.startEpochSecond() && !slot.busyLicences().contains(l)) {
          licence = l;
          break;
        }
      }
      if (licence < 0) {
        slotOf[p] = -1;
        continue;
      }
      busyUntil.get(licence)[0] = slot.endEpochSecond();
      sessions.add(new Placement(pairId, slot.id(), licence, facilitatorOf[p], value[p][slotOf[p]]));
      halves += value[p][slotOf[p]];
    }
    for (int p = 0; p < slotOf.length; p++) {
      if (slotOf[p] < 0) {
        unplaced.add(new Unplaced(in.pairs().get(p).pairId(), reason(in, value, p)));
      }
    }
    sessions.sort(Comparator.comparingLong(Placement::pairId));
    double gap = bound == 0 ? 0 : 100.0 * (bound - halves) / bound;
    return new Result(sessions, unplaced, halves, bound, gap);
  }

  private static String reason(Input in, int[][] value, int p) {
    boolean anySlot = false;
    for (int s = 0; s < in.slots().size(); s++) {
      anySlot |= value[p][s] > 0;
    }
    if (!anySlot) {
      return "no_common_slot";
    }
    if (in.licences() <= 0) {
      return "no_licence";
    }
    if (in.facilitators().isEmpty()) {
      return "no_facilitator";
    }
    return "no_free_slot";
  }
}
