package org.kakehashi.scheduling;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SlotPlannerTest {

  /** Small random instances: a few slots (some overlapping), licences, facilitators with partial availability. */
  static SlotPlanner.Input instance(long seed, int pairs, int slots, int licences, int facilitators) {
    Random r = new Random(seed);
    List<SlotPlanner.Slot> slotList = new ArrayList<>();
    for (int s = 0; s < slots; s++) {
      long start = 1_800_000_000L + s * 3600L * (r.nextInt(4) == 0 ? 1 : 2);
      slotList.add(new SlotPlanner.Slot(10 + s, start, start + 5400));
    }
    List<SlotPlanner.PairDemand> demands = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      Map<Long, int[]> bySlot = new HashMap<>();
      for (SlotPlanner.Slot s : slotList) {
        if (r.nextInt(4) > 0) {
          bySlot.put(s.id(), new int[] {r.nextInt(5), r.nextInt(5)});
        }
      }
      demands.add(new SlotPlanner.PairDemand(100 + p, bySlot));
    }
    List<SlotPlanner.Facilitator> facs = new ArrayList<>();
    for (int f = 0; f < facilitators; f++) {
      List<Long> can = new ArrayList<>();
      for (SlotPlanner.Slot s : slotList) {
        if (r.nextInt(3) > 0) {
          can.add(s.id());
        }
      }
      facs.add(new SlotPlanner.Facilitator(500 + f, can));
    }
    return new SlotPlanner.Input(demands, slotList, licences, facs);
  }

  static void assertFeasible(SlotPlanner.Input in, SlotPlanner.Result r, String seed) {
    Map<Long, SlotPlanner.Slot> slots = new HashMap<>();
    in.slots().forEach(s -> slots.put(s.id(), s));
    Map<Long, Set<Long>> canTake = new HashMap<>();
    in.facilitators().forEach(f -> canTake.put(f.id(), new HashSet<>(f.slotIds())));
    Set<Long> pairs = new HashSet<>();
    for (SlotPlanner.Placement a : r.sessions()) {
      assertThat(pairs.add(a.pairId())).as(seed + " pair once").isTrue();
      assertThat(canTake.get(a.facilitatorId())).as(seed + " facilitator available").contains(a.slotId());
      assertThat(a.halves()).isPositive();
      assertThat(a.licence()).isBetween(0, in.licences() - 1);
      for (SlotPlanner.Placement b : r.sessions()) {
        if (a != b && slots.get(a.slotId()).overlaps(slots.get(b.slotId()))) {
          assertThat(a.facilitatorId()).as(seed + " facilitator in two places").isNotEqualTo(b.facilitatorId());
          assertThat(a.licence()).as(seed + " licence double-booked").isNotEqualTo(b.licence());
        }
      }
    }
    assertThat(r.sessions().size() + r.unplaced().size()).isEqualTo(in.pairs().size());
    assertThat(r.halves()).isLessThanOrEqualTo(r.bound());
  }

  @Test
  @DisplayName("2,000 random small instances: the relaxation equals brute force, the plan is feasible and never above the bound")
  void againstBruteForce() {
    int optimal = 0;
    int total = 0;
    for (long seed = 1; seed <= 2000; seed++) {
      Random r = new Random(seed);
      SlotPlanner.Input in = instance(seed, 1 + r.nextInt(6), 1 + r.nextInt(3), 1 + r.nextInt(2), r.nextInt(4));
      SlotPlanner.Result result = SlotPlanner.plan(in);
      assertFeasible(in, result, "seed " + seed);
      assertThat(result.bound()).as("seed " + seed + ": relaxation").isEqualTo(BruteForce.relaxation(in));
      assertThat(result.bound()).as("seed " + seed + ": a bound").isGreaterThanOrEqualTo(BruteForce.optimum(in));
      long best = BruteForce.optimum(in);
      assertThat(result.halves()).as("seed " + seed).isLessThanOrEqualTo(best);
      total++;
      if (result.halves() == best) {
        optimal++;
      }
    }
    System.out.println("slot planner optimal on " + optimal + " of " + total + " small instances");
    assertThat(optimal).as("optimal on nearly all small instances").isGreaterThan(total * 95 / 100);
  }

  @Test
  @DisplayName("a licence another round already uses at a slot is not given again: the pair moves to its other slot")
  void licenceBusyElsewhere() {
    SlotPlanner.Slot a = new SlotPlanner.Slot(1, 0, 3600, java.util.Set.of(0));
    SlotPlanner.Slot b = new SlotPlanner.Slot(2, 7200, 10800);
    SlotPlanner.Input in = new SlotPlanner.Input(List.of(
        new SlotPlanner.PairDemand(1, Map.of(1L, new int[] {4, 4}, 2L, new int[] {1, 1}))),
        List.of(a, b), 1, List.of(new SlotPlanner.Facilitator(9, List.of(1L, 2L))));
    SlotPlanner.Result r = SlotPlanner.plan(in);
    assertThat(r.sessions()).extracting(SlotPlanner.Placement::slotId).containsExactly(2L);
    assertThat(r.bound()).isEqualTo(2);
  }

  @Test
  @DisplayName("a pair whose two centers share no slot is reported as no_common_slot")
  void noCommonSlot() {
    SlotPlanner.Slot slot = new SlotPlanner.Slot(1, 0, 3600);
    SlotPlanner.Input in = new SlotPlanner.Input(
        List.of(new SlotPlanner.PairDemand(7, Map.of(1L, new int[] {4, 0}))), List.of(slot), 1,
        List.of(new SlotPlanner.Facilitator(9, List.of(1L))));
    SlotPlanner.Result r = SlotPlanner.plan(in);
    assertThat(r.sessions()).isEmpty();
    assertThat(r.unplaced()).containsExactly(new SlotPlanner.Unplaced(7, "no_common_slot"));
  }

  @Test
  @DisplayName("with one licence, two pairs wanting the same slot: one moves to its second-best slot")
  void licenceMovesOnePair() {
    SlotPlanner.Slot a = new SlotPlanner.Slot(1, 0, 3600);
    SlotPlanner.Slot b = new SlotPlanner.Slot(2, 7200, 10800);
    SlotPlanner.Input in = new SlotPlanner.Input(List.of(
        new SlotPlanner.PairDemand(1, Map.of(1L, new int[] {4, 4}, 2L, new int[] {1, 1})),
        new SlotPlanner.PairDemand(2, Map.of(1L, new int[] {4, 4}, 2L, new int[] {3, 3}))),
        List.of(a, b), 1, List.of(new SlotPlanner.Facilitator(9, List.of(1L, 2L))));
    SlotPlanner.Result r = SlotPlanner.plan(in);
    assertThat(r.sessions()).extracting(SlotPlanner.Placement::slotId).containsExactly(1L, 2L);
    assertThat(r.halves()).isEqualTo(8 + 6);
    assertThat(r.gapPercent()).isZero();
  }
}
