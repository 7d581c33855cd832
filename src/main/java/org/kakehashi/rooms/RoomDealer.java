package org.kakehashi.rooms;

import org.kakehashi.rooms.RoomAssigner.Infeasible;
import org.kakehashi.rooms.RoomAssigner.Participant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stage 2: a topic's people dealt into its rooms. Which rooms: the current ones kept (those with
 * locked people always), new ones as needed. How: on a first run round-robin by center (a center's
 * people land in different rooms as long as there are rooms, and sizes differ by at most one); on a
 * re-run or with locks by a small min-cost flow that keeps people where they are unless that costs
 * mixing, preference or size. Pure.
 */
final class RoomDealer {

  private RoomDealer() {
  }

  /** The rooms of topic {@code t}: indexes into the current rooms, and -1 for each new room. */
  static List<Integer> slotsFor(Roster in, String t, int r) {
    List<Integer> existing = new ArrayList<>();
    for (int i = 0; i < in.current.size(); i++) {
      if (in.current.get(i).topic().equals(t)) {
        existing.add(i);
      }
    }
    while (existing.size() > r) {
      // Drop the room with no locked person and the fewest people still taking part, last first.
      Integer drop = existing.stream()
          .filter(i -> in.current.get(i).members().stream().noneMatch(in.locked::contains))
          .min(Comparator.<Integer>comparingLong(i -> in.current.get(i).members().stream().filter(in.byId::containsKey).count())
              .thenComparing(Comparator.<Integer>reverseOrder()))
          .orElseThrow();
      existing.remove(drop);
    }
    List<Integer> slots = new ArrayList<>(existing);
    while (slots.size() < r) {
      slots.add(-1);
    }
    return slots;
  }

  /** The members of each slot: {@code inTopic} are the topic's people who are not locked. */
  static List<List<Long>> deal(Roster in, List<Integer> slots, List<Participant> inTopic) {
    boolean fresh = slots.stream().allMatch(s -> s < 0);
    return fresh ? roundRobin(slots.size(), inTopic) : keepingPlaces(in, slots, inTopic);
  }

  /**
   * First run: people ordered by center (largest group first), the k-th into room k mod r. A
   * center's people fill distinct rooms while there are rooms; sizes differ by at most one.
   */
  static List<List<Long>> roundRobin(int r, List<Participant> inTopic) {
    Map<Long, List<Participant>> byCenter = new TreeMap<>();
    inTopic.forEach(p -> byCenter.computeIfAbsent(p.centerId(), k -> new ArrayList<>()).add(p));
    List<List<Participant>> groups = new ArrayList<>(byCenter.values());
    groups.sort(Comparator.<List<Participant>>comparingInt(List::size).reversed());
    List<List<Long>> rooms = new ArrayList<>();
    for (int j = 0; j < r; j++) {
      rooms.add(new ArrayList<>());
    }
    int k = 0;
    for (List<Participant> g : groups) {
      g.sort(Comparator.comparingLong(Participant::personId));
      for (Participant p : g) {
        rooms.get(k++ % r).add(p.personId());
      }
    }
    return rooms;
  }

  /**
   * Re-runs and locks: a min-cost flow over center → room arcs in this topic. Locked people are
   * placed first; a person already in one of these rooms may stay at no cost and moves at cost W;
   * a second person of a center in a room costs D; units above the minimum size cost 1, 2, 3 …
   * (even rooms), and the minimum itself is a bonus B — each weight dwarfing the ones after it.
   */
  static List<List<Long>> keepingPlaces(Roster in, List<Integer> slots, List<Participant> inTopic) {
    int r = slots.size();
    List<List<Long>> rooms = new ArrayList<>();
    Map<Integer, Integer> slotOfCurrent = new HashMap<>();
    for (int j = 0; j < r; j++) {
      rooms.add(new ArrayList<>());
      if (slots.get(j) >= 0) {
        slotOfCurrent.put(slots.get(j), j);
        for (long id : in.current.get(slots.get(j)).members()) {
          if (in.locked.contains(id)) {
            rooms.get(j).add(id);
          }
        }
      }
    }
    if (inTopic.isEmpty()) {
      return rooms;
    }
    List<Long> centers = inTopic.stream().map(Participant::centerId).distinct().sorted().toList();
    Map<Long, Integer> ci = new HashMap<>();
    centers.forEach(c -> ci.put(c, ci.size()));
    int n = inTopic.size();
    int max = in.max;
    int min = in.min;
    // Nodes: source, persons, hubs (one per center), center-room nodes, rooms, sink.
    int source = 0;
    int personBase = 1;
    int hubBase = personBase + n;
    int crBase = hubBase + centers.size();
    int roomBase = crBase + centers.size() * r;
    int sink = roomBase + r;
    MinCostFlow flow = new MinCostFlow(sink + 1);
    long move = max + 1L;
    long doubling = move * n + (long) max * max * r + 1;
    long bonus = doubling * (n + 1L) + 1;
    int[] stayArc = new int[n];
    for (int i = 0; i < n; i++) {
      Participant p = inTopic.get(i);
      int c = ci.get(p.centerId());
      flow.arc(source, personBase + i, 1, 0);
      Integer was = in.currentRoom.get(p.personId());
      Integer j = was == null ? null : slotOfCurrent.get(was);
      stayArc[i] = j == null ? -1 : flow.arc(personBase + i, crBase + c * r + j, 1, 0);
      flow.arc(personBase + i, hubBase + c, 1, j == null ? 0 : move);
    }
    int[][] hubArc = new int[centers.size()][r];
    for (int c = 0; c < centers.size(); c++) {
      long center = centers.get(c);
      for (int j = 0; j < r; j++) {
        int node = crBase + c * r + j;
        hubArc[c][j] = flow.arc(hubBase + c, node, MinCostFlow.INF, 0);
        boolean taken = rooms.get(j).stream().anyMatch(id -> in.byId.get(id).centerId() == center);
        flow.arc(node, roomBase + j, taken ? 0 : 1, 0);
        flow.arc(node, roomBase + j, MinCostFlow.INF, doubling);
      }
    }
    for (int j = 0; j < r; j++) {
      int already = rooms.get(j).size();
      int lo = Math.max(0, min - already);
      flow.arc(roomBase + j, sink, lo, -bonus);
      for (int unit = Math.max(min, already) + 1; unit <= max; unit++) {
        flow.arc(roomBase + j, sink, 1, unit - min);
      }
    }
    long sent = flow.solve(source, sink);
    if (sent < n) {
      throw new Infeasible("maxSize", "The rooms of a topic cannot seat its people within the size limits.");
    }
    // Who goes where: those who stayed, then each center's others in the order of its hub's arcs.
    Map<Integer, List<Participant>> viaHub = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      Participant p = inTopic.get(i);
      if (stayArc[i] >= 0 && flow.flow(stayArc[i]) > 0) {
        rooms.get(slotOfCurrent.get(in.currentRoom.get(p.personId()))).add(p.personId());
      } else {
        viaHub.computeIfAbsent(ci.get(p.centerId()), k -> new ArrayList<>()).add(p);
      }
    }
    viaHub.forEach((c, list) -> {
      list.sort(Comparator.comparingLong(Participant::personId));
      int next = 0;
      for (int j = 0; j < r; j++) {
        for (long f = flow.flow(hubArc[c][j]); f > 0; f--) {
          rooms.get(j).add(list.get(next++).personId());
        }
      }
    });
    return rooms;
  }
}
