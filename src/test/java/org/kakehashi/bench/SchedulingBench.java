package org.kakehashi.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kakehashi.scheduling.SlotPlanner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Session planning benchmark (profile {@code bench}): 7,000 pairs × 20 slots × 50 licences × 300 facilitators. */
@Tag("bench")
class SchedulingBench {

  static SlotPlanner.Input instance(int pairs, int slots, int licences, int facilitators, long seed) {
    Random r = new Random(seed);
    List<SlotPlanner.Slot> slotList = new ArrayList<>();
    for (int s = 0; s < slots; s++) {
      // Weekday evenings and Saturday mornings over four weeks, 90 minutes each.
      long start = 1_800_000_000L + (s / 5) * 7 * 86400L + (s % 5) * 86400L;
      slotList.add(new SlotPlanner.Slot(s + 1, start, start + 5400));
    }
    List<SlotPlanner.PairDemand> demands = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      Map<Long, int[]> bySlot = new HashMap<>();
      int staffA = 2 + r.nextInt(4);
      int staffB = 2 + r.nextInt(4);
      for (SlotPlanner.Slot s : slotList) {
        int a = 0;
        int b = 0;
        for (int k = 0; k < staffA; k++) {
          int x = r.nextInt(10);
          a += x < 4 ? 2 : x < 6 ? 1 : 0;
        }
        for (int k = 0; k < staffB; k++) {
          int x = r.nextInt(10);
          b += x < 4 ? 2 : x < 6 ? 1 : 0;
        }
        bySlot.put(s.id(), new int[] {a, b});
      }
      demands.add(new SlotPlanner.PairDemand(p + 1, bySlot));
    }
    List<SlotPlanner.Facilitator> facs = new ArrayList<>();
    for (int f = 0; f < facilitators; f++) {
      List<Long> can = new ArrayList<>();
      for (SlotPlanner.Slot s : slotList) {
        if (r.nextInt(10) < 6) {
          can.add(s.id());
        }
      }
      facs.add(new SlotPlanner.Facilitator(f + 1, can));
    }
    return new SlotPlanner.Input(demands, slotList, licences, facs);
  }

  @Test
  void scheduling() {
    BenchReport report = new BenchReport("scheduling", "pairs", "slots", "licences", "facilitators", "ms", "placed",
        "unplaced", "halfPersons", "boundHalfPersons", "gapPct");
    int[][] sizes = {{500, 10, 10, 40}, {7000, 20, 50, 300}, {7000, 20, 400, 300}};
    if (System.getProperty("bench.scheduling") != null) { // e.g. -Dbench.scheduling=500x10x10x40
      sizes = new int[][] {java.util.Arrays.stream(System.getProperty("bench.scheduling").split("x")).mapToInt(Integer::parseInt).toArray()};
    }
    Guarantees guarantees = new Guarantees("scheduling");
    for (int[] z : sizes) {
      SlotPlanner.Input in = instance(z[0], z[1], z[2], z[3], 42);
      SlotPlanner.plan(in); // warm-up
      long t0 = System.nanoTime();
      SlotPlanner.Result r = SlotPlanner.plan(in);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      report.row(z[0], z[1], z[2], z[3], ms, r.sessions().size(), r.unplaced().size(), r.halves(), r.bound(),
          String.format("%.3f", r.gapPercent()));
      check(guarantees, in, r, z[0] + "×" + z[1] + "×" + z[2] + "×" + z[3]);
      Map<String, Object> dump = new LinkedHashMap<>();
      dump.put("input", in);
      dump.put("result", r);
      BenchReport.write("scheduling-" + z[0] + "x" + z[1] + "x" + z[2] + "x" + z[3] + ".json", dump);
    }
    report.finish();
    guarantees.verify();
  }

  /**
   * Every pair placed once or said to be unplaced; per slot each licence and each facilitator at most
   * once, a facilitator only where available; the plan never above its bound.
   */
  static void check(Guarantees guarantees, SlotPlanner.Input in, SlotPlanner.Result r, String at) {
    java.util.Set<Long> pairs = new java.util.HashSet<>();
    boolean once = true;
    for (SlotPlanner.Placement p : r.sessions()) {
      once &= pairs.add(p.pairId());
    }
    for (SlotPlanner.Unplaced u : r.unplaced()) {
      once &= pairs.add(u.pairId());
    }
    guarantees.hold(once && pairs.size() == in.pairs().size(), "%s: every pair placed once or listed as unplaced", at);
    java.util.Set<String> used = new java.util.HashSet<>();
    Map<Long, java.util.Set<Long>> can = new HashMap<>();
    in.facilitators().forEach(f -> can.put(f.id(), new java.util.HashSet<>(f.slotIds())));
    boolean licences = true;
    boolean facilitators = true;
    long halves = 0;
    for (SlotPlanner.Placement p : r.sessions()) {
      licences &= p.licence() >= 0 && p.licence() < in.licences() && used.add(p.slotId() + " licence " + p.licence());
      facilitators &= can.getOrDefault(p.facilitatorId(), java.util.Set.of()).contains(p.slotId())
          && used.add(p.slotId() + " facilitator " + p.facilitatorId());
      halves += p.halves();
    }
    guarantees.hold(licences, "%s: no licence used twice in one slot", at);
    guarantees.hold(facilitators, "%s: no facilitator twice in one slot or outside their availability", at);
    guarantees.hold(halves == r.halves() && r.halves() <= r.bound(), "%s: %d half-persons placed (sum %d), not above the bound %d",
        at, r.halves(), halves, r.bound());
  }
}
