package org.kakehashi.rooms;

import org.kakehashi.rooms.RoomAssigner.Participant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded random room problems and the greedy arrival-order baseline, for tests and the benchmark. */
public final class RoomInstances {

  private RoomInstances() {
  }

  public static List<String> topics(int n) {
    List<String> t = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t.add("t" + i);
    }
    return t;
  }

  /**
   * {@code n} participants from {@code centers} centers (two centers per city, sizes skewed), each
   * ranking one to three topics with a popularity skew, as staff tend to.
   */
  public static List<Participant> participants(long seed, int n, int centers, List<String> topics) {
    Random rnd = new Random(seed);
    double[] weight = new double[centers];
    for (int c = 0; c < centers; c++) {
      weight[c] = 1 + rnd.nextDouble() * 3;
    }
    double[] popularity = new double[topics.size()];
    for (int k = 0; k < topics.size(); k++) {
      popularity[k] = 1.0 / (k + 1) + rnd.nextDouble() * 0.3;
    }
    List<Participant> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = pick(rnd, weight);
      int ranked = 1 + rnd.nextInt(3);
      List<String> mine = new ArrayList<>();
      double[] w = popularity.clone();
      for (int r = 0; r < Math.min(ranked, topics.size()); r++) {
        int k = pick(rnd, w);
        mine.add(topics.get(k));
        w[k] = 0;
      }
      out.add(new Participant(1000 + i, c + 1, "city" + (c / 2), mine));
    }
    return out;
  }

  private static int pick(Random rnd, double[] w) {
    double sum = 0;
    for (double x : w) {
      sum += x;
    }
    double r = rnd.nextDouble() * sum;
    for (int i = 0; i < w.length; i++) {
      r -= w[i];
      if (r < 0 && w[i] > 0) {
        return i;
      }
    }
    for (int i = w.length - 1; i >= 0; i--) {
      if (w[i] > 0) {
        return i;
      }
    }
    return 0;
  }

  /** What a greedy assignment in arrival order achieves with the same room counts. */
  public record Greedy(int doublings, long preferenceCost, int unmixedRooms, int firstChoices, boolean withinBounds) {
  }

  /**
   * Each person in arrival order takes their best-ranked topic that still has a seat, in its least
   * full room (preferring one without a colleague); unranked topics last.
   */
  public static Greedy greedy(List<Participant> people, List<String> topics, Map<String, Integer> rooms, int min, int max) {
    List<String> roomTopic = new ArrayList<>();
    for (String t : topics) {
      for (int j = 0; j < rooms.getOrDefault(t, 0); j++) {
        roomTopic.add(t);
      }
    }
    List<List<Participant>> members = new ArrayList<>();
    roomTopic.forEach(t -> members.add(new ArrayList<>()));
    long cost = 0;
    int firsts = 0;
    for (Participant p : people) {
      List<String> order = new ArrayList<>(p.topics());
      topics.stream().filter(t -> !order.contains(t)).forEach(order::add);
      boolean placed = false;
      for (String t : order) {
        int best = -1;
        for (int j = 0; j < roomTopic.size(); j++) {
          if (!roomTopic.get(j).equals(t) || members.get(j).size() >= max) {
            continue;
          }
          if (best < 0 || key(members.get(j), p) < key(members.get(best), p)) {
            best = j;
          }
        }
        if (best >= 0) {
          members.get(best).add(p);
          cost += RoomAssigner.cost(p.topics(), t);
          firsts += p.topics().indexOf(t) == 0 ? 1 : 0;
          placed = true;
          break;
        }
      }
      if (!placed) {
        throw new IllegalStateException("no seat left");
      }
    }
    int doublings = 0;
    int unmixed = 0;
    boolean bounds = true;
    for (List<Participant> m : members) {
      int distinct = (int) m.stream().map(Participant::centerId).distinct().count();
      doublings += m.size() - distinct;
      unmixed += m.size() > distinct ? 1 : 0;
      bounds &= m.size() >= min && m.size() <= max;
    }
    return new Greedy(doublings, cost, unmixed, firsts, bounds);
  }

  private static int key(List<Participant> room, Participant p) {
    boolean colleague = room.stream().anyMatch(q -> q.centerId() == p.centerId());
    return (colleague ? 10_000 : 0) + room.size();
  }

  /** The room counts a result used, by topic. */
  public static Map<String, Integer> counts(RoomAssigner.Result r) {
    Map<String, Integer> m = new HashMap<>();
    r.rooms().forEach(room -> m.merge(room.topic(), 1, Integer::sum));
    return m;
  }
}
