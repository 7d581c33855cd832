package org.kakehashi.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kakehashi.rooms.RoomAssigner;
import org.kakehashi.rooms.RoomInstances;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Breakout-room benchmark (profile {@code bench}): 100, 1,000 and 10,000 participants, 8 topics,
 * rooms of 3–6, about 40 centers per 1,000 participants; the exact assignment against a greedy
 * assignment in arrival order with the same room counts, and a re-run after one late cancellation.
 */
@Tag("bench")
class RoomBench {

  /** The sizes to run ({@code -Dbench.rooms=100} for a quick check of the wiring). */
  static int[] sizes() {
    String only = System.getProperty("bench.rooms");
    return only == null ? new int[] {100, 1_000, 10_000} : Arrays.stream(only.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  @Test
  void rooms() {
    BenchReport report = new BenchReport("rooms", "instance", "participants", "centers", "rooms", "ms", "firstPct", "cost",
        "doublings", "unmixed", "greedyFirstPct", "greedyCost", "greedyDoublings", "greedyUnmixed", "rerunMs", "rerunMoved");
    List<String> topics = RoomInstances.topics(8);
    Guarantees guarantees = new Guarantees("rooms");
    for (String kind : new String[] {"demand", "tight"}) {
      for (int n : sizes()) {
        run(report, guarantees, kind, n, topics);
      }
    }
    report.finish();
    guarantees.verify();
  }

  /**
   * "demand": room counts sized to demand. "tight": the same number of rooms for every topic (as a
   * facilitator might fix them), so popular topics overflow and the solver must choose who moves.
   */
  private static void run(BenchReport report, Guarantees guarantees, String kind, int n, List<String> topics) {
    {
      int centers = Math.max(4, n * 40 / 1_000);
      List<RoomAssigner.Participant> people = RoomInstances.participants(42, n, centers, topics);
      Map<String, Integer> fixed = null;
      if (kind.equals("tight")) {
        fixed = new LinkedHashMap<>();
        for (String t : topics) {
          fixed.put(t, (n + 47) / 48);
        }
      }
      RoomAssigner.Input in = new RoomAssigner.Input(people, topics, 3, 6, fixed, List.of(), Set.of());
      long[] times = new long[7];
      RoomAssigner.Result r = null;
      for (int i = -3; i < times.length; i++) {
        long t0 = System.nanoTime();
        r = RoomAssigner.assign(in);
        if (i >= 0) {
          times[i] = System.nanoTime() - t0;
        }
      }
      Arrays.sort(times);
      double ms = times[times.length / 2] / 1e6;
      RoomInstances.Greedy g = RoomInstances.greedy(people, topics, RoomInstances.counts(r), 3, 6);
      // A late cancellation, then a re-run from the current rooms.
      List<RoomAssigner.Participant> after = new ArrayList<>(people);
      after.remove(n / 2);
      List<RoomAssigner.Current> current = r.rooms().stream()
          .map(room -> new RoomAssigner.Current(room.topic(), room.members())).toList();
      RoomAssigner.Input again = new RoomAssigner.Input(after, topics, 3, 6, fixed, current, Set.of());
      RoomAssigner.assign(again);
      long t1 = System.nanoTime();
      RoomAssigner.Result rerun = RoomAssigner.assign(again);
      double rerunMs = (System.nanoTime() - t1) / 1e6;
      report.row(kind, n, centers, r.rooms().size(), String.format("%.1f", ms), pct(r.firstChoices(), n), r.preferenceCost(),
          r.doublings(), r.unmixedRooms(), pct(g.firstChoices(), n), g.preferenceCost(), g.doublings(), g.unmixedRooms(),
          String.format("%.1f", rerunMs), rerun.moved());
      String at = kind + " " + n;
      guarantees.hold(placedOnce(r, people) && sized(r), "%s: everyone in exactly one room of 3–6", at);
      guarantees.hold(placedOnce(rerun, after) && sized(rerun), "%s: after a cancellation, everyone in exactly one room of 3–6", at);
      guarantees.hold(!g.withinBounds() || r.doublings() < g.doublings()
              || r.doublings() == g.doublings() && r.preferenceCost() <= g.preferenceCost(),
          "%s: exact (doublings %d, cost %d) no worse than greedy (%d, %d) on the same room counts", at, r.doublings(),
          r.preferenceCost(), g.doublings(), g.preferenceCost());
      Map<String, Object> dump = new LinkedHashMap<>();
      dump.put("input", in);
      dump.put("result", r);
      dump.put("greedy", g);
      dump.put("medianMillis", ms);
      BenchReport.write("rooms-" + kind + "-" + n + ".json", dump);
    }
  }

  private static boolean placedOnce(RoomAssigner.Result r, List<RoomAssigner.Participant> people) {
    List<Long> members = r.rooms().stream().flatMap(room -> room.members().stream()).sorted().toList();
    return members.equals(people.stream().map(RoomAssigner.Participant::personId).sorted().toList());
  }

  private static boolean sized(RoomAssigner.Result r) {
    return r.rooms().stream().allMatch(room -> room.members().size() >= 3 && room.members().size() <= 6);
  }

  private static String pct(int part, int whole) {
    return String.format("%.1f", 100.0 * part / whole);
  }
}
