package org.kakehashi.rooms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Breakout rooms by topic that mix centers. Pure: records in, records out, no I/O; deterministic.
 *
 * <p>Goals, in this order: room sizes within bounds, locks kept and everyone placed (hard); the
 * fewest "doublings" — a second, third … person of one center in a room (so no two colleagues share a
 * room wherever some assignment allows it); the least preference cost (0 for a first choice, 1 for a
 * second, 3 for a third, 10 for a topic the person did not rank); then, on a re-run, the fewest
 * people moved from where they are.
 *
 * <p>How: room counts per topic are fixed first (the facilitator's, the current ones on a re-run, or
 * sized to demand). Then one min-cost flow chooses each person's topic over (center, topic) nodes:
 * person → (center, topic) → topic → sink, where the arc (center, topic) → topic carries at most as
 * many people as the topic has rooms free of that center at no cost, and any more at the doubling
 * cost; the topic's arc to the sink has its lower bound (rooms × min size) as a large bonus. Then
 * each topic's people are dealt into its rooms: on a first run round-robin by center (a center's
 * people land in different rooms as long as there are rooms, and sizes differ by at most one), on a
 * re-run or with locks by a second small flow that keeps people where they are unless that costs
 * mixing, preference or size. Both stages are exact for their part; with no locks the whole is exact
 * (the property tests compare it with brute force).
 */
public final class RoomAssigner {

  /** Above this many participants the scaled costs could overflow; Zoom itself stops at 1,000. */
  public static final int MAX_PARTICIPANTS = 20_000;
  static final int[] RANK_COST = {0, 1, 3};
  static final int UNRANKED_COST = 10;

  /** A confirmed participant: center, city, and one to three ranked topic keys (best first). */
  public record Participant(long personId, long centerId, String city, List<String> topics) {
  }

  /** A room as it stands now (re-runs): its topic and members. */
  public record Current(String topic, List<Long> members) {
  }

  /**
   * What to assign. {@code roomsPerTopic} null means sized to demand (or kept from {@code current});
   * {@code locked} are people who stay in their current room.
   */
  public record Input(List<Participant> participants, List<String> topics, int minSize, int maxSize,
                      Map<String, Integer> roomsPerTopic, List<Current> current, Set<Long> locked) {
  }

  /** A room of the result; {@code was} is its index in {@code current}, or -1 for a new room. */
  public record Room(String topic, int was, List<Long> members, boolean mixed, boolean singleCity) {
  }

  /** Where one person is and why: rank 1–3 of the topic, or 0 when it is not one they ranked. */
  public record Placement(long personId, int room, int rank, String why) {
  }

  /** The rooms, each person's place, and the measures the goals are judged by. */
  public record Result(List<Room> rooms, List<Placement> placements, int doublings, long preferenceCost,
                       int unmixedRooms, int singleCityRooms, int moved, int firstChoices) {
  }

  /** No assignment meets the hard rules; {@code field} names the input to change. */
  public static final class Infeasible extends RuntimeException {
    private final String field;

    public Infeasible(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  private RoomAssigner() {
  }

  /** The preference cost of {@code topic} for someone who ranked {@code ranked}. */
  public static int cost(List<String> ranked, String topic) {
    int i = ranked.indexOf(topic);
    return i >= 0 && i < RANK_COST.length ? RANK_COST[i] : UNRANKED_COST;
  }

  public static Result assign(Input in) {
    return new Run(in).solve();
  }

  /** One assignment: the input, indexed. */
  private static final class Run {
    final List<Participant> people;
    final List<String> topics;
    final int max;
    final int min;
    final Map<Long, Participant> byId = new HashMap<>();
    /** Current room index of each person still taking part (re-runs). */
    final Map<Long, Integer> currentRoom = new HashMap<>();
    final List<Current> current;
    final Set<Long> locked = new HashSet<>();
    final Map<String, Integer> roomsPerTopicOverride;

    Run(Input in) {
      if (in.topics() == null || in.topics().isEmpty()) {
        throw new Infeasible("topics", "The round has no discussion topics.");
      }
      if (in.minSize() < 1 || in.maxSize() < in.minSize() || in.maxSize() > 1000) {
        throw new Infeasible("minSize", "Room sizes need 1 ≤ min ≤ max ≤ 1000.");
      }
      people = in.participants();
      if (people.isEmpty()) {
        throw new Infeasible("participants", "Nobody is confirmed for this session yet.");
      }
      if (people.size() > MAX_PARTICIPANTS) {
        throw new Infeasible("participants", "At most " + MAX_PARTICIPANTS + " participants can be assigned at once.");
      }
      topics = in.topics().stream().distinct().toList();
      max = in.maxSize();
      min = Math.min(in.minSize(), people.size());
      people.forEach(p -> byId.put(p.personId(), p));
      current = in.current() == null ? List.of() : in.current();
      for (int i = 0; i < current.size(); i++) {
        for (long id : current.get(i).members()) {
          if (byId.containsKey(id)) {
            currentRoom.put(id, i);
          }
        }
      }
      if (in.locked() != null) {
        in.locked().stream().filter(currentRoom::containsKey)
            .filter(id -> topics.contains(current.get(currentRoom.get(id)).topic())).forEach(locked::add);
      }
      roomsPerTopicOverride = in.roomsPerTopic();
    }

    Result solve() {
      Map<String, Integer> rooms = roomCounts();
      Map<Long, String> topicOf = chooseTopics(rooms);
      List<Room> out = new ArrayList<>();
      Map<Long, Integer> roomOf = new HashMap<>();
      for (String t : topics) {
        int r = rooms.getOrDefault(t, 0);
        if (r == 0) {
          continue;
        }
        List<Integer> slots = slotsFor(t, r);
        List<Participant> inTopic = people.stream()
            .filter(p -> t.equals(topicOf.get(p.personId())) && !locked.contains(p.personId())).toList();
        List<List<Long>> members = deal(t, slots, inTopic);
        for (int j = 0; j < slots.size(); j++) {
          int index = out.size();
          members.get(j).forEach(id -> roomOf.put(id, index));
          out.add(room(t, slots.get(j), members.get(j)));
        }
      }
      return result(out, roomOf);
    }

    // ----- room counts -------------------------------------------------------------------------

    Map<String, Integer> roomCounts() {
      Map<String, Integer> lockedRooms = new HashMap<>();
      locked.stream().map(currentRoom::get).distinct()
          .forEach(i -> lockedRooms.merge(current.get(i).topic(), 1, Integer::sum));
      Map<String, Integer> r = new HashMap<>();
      if (roomsPerTopicOverride != null) {
        for (var e : roomsPerTopicOverride.entrySet()) {
          if (!topics.contains(e.getKey())) {
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
        checkCapacity(r, "roomsPerTopic");
        return r;
      }
      if (!current.isEmpty()) {
        current.stream().filter(c -> topics.contains(c.topic())).forEach(c -> r.merge(c.topic(), 1, Integer::sum));
        if (fits(r)) {
          return r;
        }
        r.clear();
      }
      byDemand(r);
      lockedRooms.forEach((t, n) -> r.merge(t, n, Math::max));
      checkCapacity(r, "minSize");
      return r;
    }

    /**
     * Rooms sized to demand: for each topic with enough first choices, enough rooms for its demand
     * and at least as many as the largest center wanting it has people (so colleagues can sit
     * apart), but never so many that they cannot all be filled to the minimum; then rooms are added
     * where first and second choices press hardest until everyone fits.
     */
    void byDemand(Map<String, Integer> r) {
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
    }

    boolean fits(Map<String, Integer> r) {
      return total(r, min) <= people.size() && total(r, max) >= people.size();
    }

    void checkCapacity(Map<String, Integer> r, String field) {
      if (total(r, max) < people.size()) {
        throw new Infeasible(field, total(r, 1) + " rooms of at most " + max + " cannot seat " + people.size() + " people.");
      }
      if (total(r, min) > people.size()) {
        throw new Infeasible(field, total(r, 1) + " rooms of at least " + min + " need more than " + people.size()
            + " people.");
      }
    }

    static long total(Map<String, Integer> r, int size) {
      return r.values().stream().mapToLong(n -> (long) n * size).sum();
    }

    static int ceil(int a, int b) {
      return (a + b - 1) / b;
    }

    // ----- stage 1: each person's topic --------------------------------------------------------

    Map<Long, String> chooseTopics(Map<String, Integer> rooms) {
      Map<Long, String> topicOf = new HashMap<>();
      locked.forEach(id -> topicOf.put(id, current.get(currentRoom.get(id)).topic()));
      List<Participant> free = people.stream().filter(p -> !locked.contains(p.personId())).toList();
      List<String> open = topics.stream().filter(t -> rooms.getOrDefault(t, 0) > 0).toList();
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
      long doubling = UNRANKED_COST * scale * n + n + 1;
      long bonus = doubling * (n + 1L) + 1;
      int[][] choice = new int[n][open.size()];
      for (int i = 0; i < n; i++) {
        Participant p = free.get(i);
        flow.arc(source, personBase + i, 1, 0);
        Integer was = currentRoom.get(p.personId());
        String wasTopic = was == null ? null : current.get(was).topic();
        int c = centerIndex.get(p.centerId());
        for (int k = 0; k < open.size(); k++) {
          String t = open.get(k);
          long cost = cost(p.topics(), t) * scale + (wasTopic != null && !wasTopic.equals(t) ? 1 : 0);
          choice[i][k] = flow.arc(personBase + i, ctBase + c * open.size() + k, 1, cost);
        }
      }
      for (int c = 0; c < centers.size(); c++) {
        long center = centers.get(c);
        for (int k = 0; k < open.size(); k++) {
          String t = open.get(k);
          long roomsWithCenter = locked.stream().filter(id -> byId.get(id).centerId() == center)
              .map(currentRoom::get).filter(i -> current.get(i).topic().equals(t)).distinct().count();
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
        long lo = Math.max(0, (long) rooms.get(t) * min - lockedHere);
        long hi = Math.max(0, (long) rooms.get(t) * max - lockedHere);
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

    // ----- stage 2: rooms within a topic -------------------------------------------------------

    /** The rooms of topic {@code t}: current ones kept (those with locks always), new ones as needed (-1). */
    List<Integer> slotsFor(String t, int r) {
      List<Integer> existing = new ArrayList<>();
      for (int i = 0; i < current.size(); i++) {
        if (current.get(i).topic().equals(t)) {
          existing.add(i);
        }
      }
      while (existing.size() > r) {
        // Drop the room with no locked person and the fewest people still taking part, last first.
        Integer drop = existing.stream()
            .filter(i -> current.get(i).members().stream().noneMatch(locked::contains))
            .min(Comparator.<Integer>comparingLong(i -> current.get(i).members().stream().filter(byId::containsKey).count())
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

    List<List<Long>> deal(String t, List<Integer> slots, List<Participant> inTopic) {
      boolean fresh = slots.stream().allMatch(s -> s < 0);
      if (fresh) {
        return roundRobin(slots.size(), inTopic);
      }
      return keepingPlaces(slots, inTopic);
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
    List<List<Long>> keepingPlaces(List<Integer> slots, List<Participant> inTopic) {
      int r = slots.size();
      List<List<Long>> rooms = new ArrayList<>();
      Map<Integer, Integer> slotOfCurrent = new HashMap<>();
      for (int j = 0; j < r; j++) {
        rooms.add(new ArrayList<>());
        if (slots.get(j) >= 0) {
          slotOfCurrent.put(slots.get(j), j);
          for (long id : current.get(slots.get(j)).members()) {
            if (locked.contains(id)) {
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
      int[] viaHubArc = new int[n];
      for (int i = 0; i < n; i++) {
        Participant p = inTopic.get(i);
        int c = ci.get(p.centerId());
        flow.arc(source, personBase + i, 1, 0);
        Integer was = currentRoom.get(p.personId());
        Integer j = was == null ? null : slotOfCurrent.get(was);
        stayArc[i] = j == null ? -1 : flow.arc(personBase + i, crBase + c * r + j, 1, 0);
        viaHubArc[i] = flow.arc(personBase + i, hubBase + c, 1, j == null ? 0 : move);
      }
      int[][] hubArc = new int[centers.size()][r];
      for (int c = 0; c < centers.size(); c++) {
        long center = centers.get(c);
        for (int j = 0; j < r; j++) {
          int node = crBase + c * r + j;
          hubArc[c][j] = flow.arc(hubBase + c, node, MinCostFlow.INF, 0);
          boolean taken = rooms.get(j).stream().anyMatch(id -> byId.get(id).centerId() == center);
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
          rooms.get(slotOfCurrent.get(currentRoom.get(p.personId()))).add(p.personId());
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

    // ----- the result --------------------------------------------------------------------------

    Room room(String topic, int was, List<Long> members) {
      List<Long> sorted = new ArrayList<>(members);
      Set<Long> centers = new HashSet<>();
      Set<String> cities = new HashSet<>();
      boolean mixed = true;
      for (long id : sorted) {
        Participant p = byId.get(id);
        mixed &= centers.add(p.centerId());
        cities.add(p.city());
      }
      return new Room(topic, was, List.copyOf(sorted), mixed, sorted.size() > 1 && cities.size() == 1);
    }

    Result result(List<Room> rooms, Map<Long, Integer> roomOf) {
      int doublings = 0;
      int unmixed = 0;
      int singleCity = 0;
      for (Room room : rooms) {
        doublings += room.members().size()
            - (int) room.members().stream().map(id -> byId.get(id).centerId()).distinct().count();
        unmixed += room.mixed() ? 0 : 1;
        singleCity += room.singleCity() ? 1 : 0;
      }
      List<Placement> placements = new ArrayList<>();
      long cost = 0;
      int moved = 0;
      int firsts = 0;
      for (Participant p : people) {
        int j = roomOf.get(p.personId());
        String t = rooms.get(j).topic();
        int rank = p.topics().indexOf(t) + 1;
        cost += cost(p.topics(), t);
        firsts += rank == 1 ? 1 : 0;
        Integer was = currentRoom.get(p.personId());
        if (was != null && rooms.get(j).was() != was) {
          moved++;
        }
        String why = locked.contains(p.personId()) ? "locked"
            : switch (rank) {
              case 1 -> "first_choice";
              case 2 -> "second_choice";
              case 3 -> "third_choice";
              default -> "unranked";
            };
        placements.add(new Placement(p.personId(), j, rank > 3 ? 0 : rank, why));
      }
      return new Result(rooms, placements, doublings, cost, unmixed, singleCity, moved, firsts);
    }
  }
}
