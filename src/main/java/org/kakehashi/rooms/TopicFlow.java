package org.kakehashi.rooms;

import org.kakehashi.rooms.RoomAssigner.Infeasible;
import org.kakehashi.rooms.RoomAssigner.Participant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1: each person's topic, by one min-cost flow over (center, topic) nodes:
 * person → (center, topic) → topic → sink. The arc (center, topic) → topic carries at most as many
 * people as the topic has rooms free of that center at no cost, and any more at the doubling cost;
 * the topic's arc to the sink has its lower bound (rooms × min size) as a large bonus. The weights
 * are scaled so that each goal dwarfs the next: the minimum size, then doublings, then preference
 * cost, then (re-runs) staying in one's current topic. Locked people keep their room's topic. Pure.
 */
final class TopicFlow {

  private TopicFlow() {
  }

  /** Each person's topic, given the rooms per topic; throws when the size bounds cannot be met. */
  static Map<Long, String> choose(Roster in, Map<String, Integer> rooms) {
    Map<Long, String> topicOf = new HashMap<>();
    in.locked.forEach(id -> topicOf.put(id, in.currentTopic(id)));
    List<Participant> free = in.people.stream().filter(p -> !in.locked.contains(p.personId())).toList();
    List<String> open = in.topics.stream().filter(t -> rooms.getOrDefault(t, 0) > 0).toList();
    if (free.isEmpty()) {
      return topicOf;
    }
    List<Long> centers = free.stream().map(Participant::centerId).distinct().sorted().toList();
    Map<Long, Integer> centerIndex = new HashMap<>();
    centers.forEach(c -> centerIndex.put(c, centerIndex.size()));
    int n = free.size();
    int source = 0;
    int personBase = 1;
    int ctBase = personBase + n;
    int topicBase = ctBase + centers.size() * open.size();
    int sink = topicBase + open.size();
    MinCostFlow flow = new MinCostFlow(sink + 1);
    long scale = n + 1L;
    long doubling = RoomAssigner.UNRANKED_COST * scale * n + n + 1;
    long bonus = doubling * (n + 1L) + 1;
    int[][] choice = new int[n][open.size()];
    for (int i = 0; i < n; i++) {
      Participant p = free.get(i);
      flow.arc(source, personBase + i, 1, 0);
      String wasTopic = in.currentTopic(p.personId());
      int c = centerIndex.get(p.centerId());
      for (int k = 0; k < open.size(); k++) {
        String t = open.get(k);
        long cost = RoomAssigner.cost(p.topics(), t) * scale + (wasTopic != null && !wasTopic.equals(t) ? 1 : 0);
        choice[i][k] = flow.arc(personBase + i, ctBase + c * open.size() + k, 1, cost);
      }
    }
    for (int c = 0; c < centers.size(); c++) {
      long center = centers.get(c);
      for (int k = 0; k < open.size(); k++) {
        String t = open.get(k);
        long roomsWithCenter = in.locked.stream().filter(id -> in.byId.get(id).centerId() == center)
            .map(in.currentRoom::get).filter(i -> in.current.get(i).topic().equals(t)).distinct().count();
        int node = ctBase + c * open.size() + k;
        flow.arc(node, topicBase + k, Math.max(0, rooms.get(t) - roomsWithCenter), 0);
        flow.arc(node, topicBase + k, MinCostFlow.INF, doubling);
      }
    }
    int[] lowerArc = new int[open.size()];
    long[] lower = new long[open.size()];
    for (int k = 0; k < open.size(); k++) {
      String t = open.get(k);
      long lockedHere = topicOf.values().stream().filter(t::equals).count();
      long lo = Math.max(0, (long) rooms.get(t) * in.min - lockedHere);
      long hi = Math.max(0, (long) rooms.get(t) * in.max - lockedHere);
      lower[k] = Math.min(lo, hi);
      lowerArc[k] = flow.arc(topicBase + k, sink, lower[k], -bonus);
      flow.arc(topicBase + k, sink, hi - lower[k], 0);
    }
    long sent = flow.solve(source, sink);
    if (sent < n) {
      throw new Infeasible("maxSize", "The rooms cannot seat everyone within the size limits.");
    }
    for (int k = 0; k < open.size(); k++) {
      if (flow.flow(lowerArc[k]) < lower[k]) {
        throw new Infeasible("minSize", "Topic " + open.get(k) + " cannot fill its rooms to the minimum size.");
      }
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < open.size(); k++) {
        if (flow.flow(choice[i][k]) > 0) {
          topicOf.put(free.get(i).personId(), open.get(k));
        }
      }
    }
    return topicOf;
  }
}
