package org.kakehashi.rooms;

import org.kakehashi.rooms.RoomAssigner.Infeasible;
import org.kakehashi.rooms.RoomAssigner.Participant;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many rooms each topic gets, fixed before anyone is placed: the facilitator's counts, else the
 * current ones on a re-run (when they still seat everyone within the size bounds), else sized to
 * demand; never fewer than the rooms that hold locked people. Pure.
 */
final class RoomCounts {

  private RoomCounts() {
  }

  /** Rooms per topic (topics with none are absent or 0); throws when they cannot seat everyone. */
  static Map<String, Integer> of(Roster in) {
    Map<String, Integer> lockedRooms = new HashMap<>();
    in.locked.stream().map(in.currentRoom::get).distinct()
        .forEach(i -> lockedRooms.merge(in.current.get(i).topic(), 1, Integer::sum));
    Map<String, Integer> r = new HashMap<>();
    if (in.roomsPerTopic != null) {
      for (var e : in.roomsPerTopic.entrySet()) {
        if (!in.topics.contains(e.getKey())) {
          throw new Infeasible("roomsPerTopic", "Unknown topic " + e.getKey() + ".");
        }
        if (e.getValue() == null || e.getValue() < 0 || e.getValue() > 1000) {
          throw new Infeasible("roomsPerTopic", "A room count must be between 0 and 1000.");
        }
        r.put(e.getKey(), e.getValue());
      }
      for (var e : lockedRooms.entrySet()) {
        if (r.getOrDefault(e.getKey(), 0) < e.getValue()) {
          throw new Infeasible("roomsPerTopic",
              "Topic " + e.getKey() + " has " + e.getValue() + " rooms with locked people; it cannot have fewer.");
        }
      }
      checkCapacity(in, r, "roomsPerTopic");
      return r;
    }
    if (!in.current.isEmpty()) {
      in.current.stream().filter(c -> in.topics.contains(c.topic())).forEach(c -> r.merge(c.topic(), 1, Integer::sum));
      if (fits(in, r)) {
        return r;
      }
      r.clear();
    }
    r.putAll(byDemand(in.people, in.topics, in.min, in.max));
    lockedRooms.forEach((t, n) -> r.merge(t, n, Math::max));
    checkCapacity(in, r, "minSize");
    return r;
  }

  /**
   * Rooms sized to demand: for each topic with enough first choices, enough rooms for its demand
   * and at least as many as the largest center wanting it has people (so colleagues can sit
   * apart), but never so many that they cannot all be filled to the minimum; then rooms are added
   * where first and second choices press hardest until everyone fits, and taken away where first
   * choices are thinnest while the minimum cannot be met.
   */
  static Map<String, Integer> byDemand(List<Participant> people, List<String> topics, int min, int max) {
    Map<String, Integer> r = new HashMap<>();
    Map<String, Integer> first = new HashMap<>();
    Map<String, Integer> second = new HashMap<>();
    Map<String, Map<Long, Integer>> perCenter = new HashMap<>();
    for (Participant p : people) {
      if (!p.topics().isEmpty() && topics.contains(p.topics().get(0))) {
        String t = p.topics().get(0);
        first.merge(t, 1, Integer::sum);
        perCenter.computeIfAbsent(t, k -> new HashMap<>()).merge(p.centerId(), 1, Integer::sum);
      }
      if (p.topics().size() > 1 && topics.contains(p.topics().get(1))) {
        second.merge(p.topics().get(1), 1, Integer::sum);
      }
    }
    for (String t : topics) {
      int d = first.getOrDefault(t, 0);
      if (d < min) {
        continue;
      }
      int biggest = perCenter.get(t).values().stream().max(Integer::compare).orElse(0);
      int rooms = Math.max(ceil(d, max), biggest);
      r.put(t, Math.max(1, Math.min(rooms, d / min)));
    }
    while (total(r, max) < people.size()) {
      String best = null;
      double pressure = -1;
      for (String t : topics) {
        double p = (first.getOrDefault(t, 0) + 0.5 * second.getOrDefault(t, 0) + 1e-3)
            / (r.getOrDefault(t, 0) + 1.0);
        if (p > pressure) {
          pressure = p;
          best = t;
        }
      }
      r.merge(best, 1, Integer::sum);
    }
    while (total(r, min) > people.size()) {
      String emptiest = null;
      double load = Double.MAX_VALUE;
      for (String t : topics) {
        int n = r.getOrDefault(t, 0);
        if (n > 0 && first.getOrDefault(t, 0) / (double) n < load) {
          load = first.getOrDefault(t, 0) / (double) n;
          emptiest = t;
        }
      }
      r.merge(emptiest, -1, Integer::sum);
    }
    return r;
  }

  static boolean fits(Roster in, Map<String, Integer> r) {
    return total(r, in.min) <= in.people.size() && total(r, in.max) >= in.people.size();
  }

  static void checkCapacity(Roster in, Map<String, Integer> r, String field) {
    int n = in.people.size();
    if (total(r, in.max) < n) {
      throw new Infeasible(field, total(r, 1) + " rooms of at most " + in.max + " cannot seat " + n + " people.");
    }
    if (total(r, in.min) > n) {
      throw new Infeasible(field, total(r, 1) + " rooms of at least " + in.min + " need more than " + n + " people.");
    }
  }

  /** Seats in {@code r} rooms of {@code size} each. */
  static long total(Map<String, Integer> r, int size) {
    return r.values().stream().mapToLong(n -> (long) n * size).sum();
  }

  private static int ceil(int a, int b) {
    return (a + b - 1) / b;
  }
}
