package org.kakehashi.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Breakout rooms by topic that mix centers. Pure: records in, records out, no I/O; deterministic.
 *
 * <p>Goals, in this order: room sizes within bounds, locks kept and everyone placed (hard); the
 * fewest "doublings" — a second, third … person of one center in a room (so no two colleagues share a
 * room wherever some assignment allows it); the least preference cost (0 for a first choice, 1 for a
 * second, 3 for a third, 10 for a topic the person did not rank); then, on a re-run, the fewest
 * people moved from where they are.
 *
 * <p>How, in three parts: {@link RoomCounts} fixes the rooms per topic (the facilitator's, the
 * current ones on a re-run, or sized to demand); {@link TopicFlow} chooses each person's topic by one
 * min-cost flow over (center, topic) nodes; {@link RoomDealer} deals each topic's people into its
 * rooms (round-robin by center on a first run, a second small flow that keeps people where they are
 * on a re-run or with locks). {@link Roster} is the input checked and indexed, shared by the three.
 * Both flows are exact for their part; with no locks the whole is exact (the property tests compare
 * it with brute force). Naming the rooms is {@link RoomNames}.
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

  /** One assignment, through the three parts. */
  public static Result assign(Input in) {
    Roster roster = new Roster(in);
    Map<String, Integer> rooms = RoomCounts.of(roster);
    Map<Long, String> topicOf = TopicFlow.choose(roster, rooms);
    List<Room> out = new ArrayList<>();
    Map<Long, Integer> roomOf = new HashMap<>();
    for (String t : roster.topics) {
      int r = rooms.getOrDefault(t, 0);
      if (r == 0) {
        continue;
      }
      List<Integer> slots = RoomDealer.slotsFor(roster, t, r);
      List<Participant> inTopic = roster.people.stream()
          .filter(p -> t.equals(topicOf.get(p.personId())) && !roster.locked.contains(p.personId())).toList();
      List<List<Long>> members = RoomDealer.deal(roster, slots, inTopic);
      for (int j = 0; j < slots.size(); j++) {
        int index = out.size();
        members.get(j).forEach(id -> roomOf.put(id, index));
        out.add(room(roster, t, slots.get(j), members.get(j)));
      }
    }
    return result(roster, out, roomOf);
  }

  private static Room room(Roster in, String topic, int was, List<Long> members) {
    Set<Long> centers = new HashSet<>();
    Set<String> cities = new HashSet<>();
    boolean mixed = true;
    for (long id : members) {
      Participant p = in.byId.get(id);
      mixed &= centers.add(p.centerId());
      cities.add(p.city());
    }
    return new Room(topic, was, List.copyOf(members), mixed, members.size() > 1 && cities.size() == 1);
  }

  private static Result result(Roster in, List<Room> rooms, Map<Long, Integer> roomOf) {
    int doublings = 0;
    int unmixed = 0;
    int singleCity = 0;
    for (Room room : rooms) {
      doublings += room.members().size()
          - (int) room.members().stream().map(id -> in.byId.get(id).centerId()).distinct().count();
      unmixed += room.mixed() ? 0 : 1;
      singleCity += room.singleCity() ? 1 : 0;
    }
    List<Placement> placements = new ArrayList<>();
    long cost = 0;
    int moved = 0;
    int firsts = 0;
    for (Participant p : in.people) {
      int j = roomOf.get(p.personId());
      String t = rooms.get(j).topic();
      int rank = p.topics().indexOf(t) + 1;
      cost += cost(p.topics(), t);
      firsts += rank == 1 ? 1 : 0;
      Integer was = in.currentRoom.get(p.personId());
      if (was != null && rooms.get(j).was() != was) {
        moved++;
      }
      String why = in.locked.contains(p.personId()) ? "locked"
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
