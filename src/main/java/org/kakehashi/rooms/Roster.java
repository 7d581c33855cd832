package org.kakehashi.rooms;

import org.kakehashi.rooms.RoomAssigner.Current;
import org.kakehashi.rooms.RoomAssigner.Infeasible;
import org.kakehashi.rooms.RoomAssigner.Input;
import org.kakehashi.rooms.RoomAssigner.Participant;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One assignment's input, checked and indexed: who takes part, the topics, the size bounds, where
 * each person sits now (re-runs) and who is locked there. Shared by the room counts, the topic flow
 * and the dealing; pure.
 */
final class Roster {
  final List<Participant> people;
  final List<String> topics;
  final int max;
  /** The smallest room size, never more than the number of people (one small room is allowed). */
  final int min;
  final Map<Long, Participant> byId = new HashMap<>();
  /** Current room index of each person still taking part (re-runs). */
  final Map<Long, Integer> currentRoom = new HashMap<>();
  final List<Current> current;
  /** People who stay in their current room: locked, still taking part, in a room of a known topic. */
  final Set<Long> locked = new HashSet<>();
  /** The facilitator's room counts per topic, or null. */
  final Map<String, Integer> roomsPerTopic;

  Roster(Input in) {
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
    if (people.size() > RoomAssigner.MAX_PARTICIPANTS) {
      throw new Infeasible("participants",
          "At most " + RoomAssigner.MAX_PARTICIPANTS + " participants can be assigned at once.");
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
    roomsPerTopic = in.roomsPerTopic();
  }

  /** The topic of the room {@code personId} sits in now, or null. */
  String currentTopic(long personId) {
    Integer was = currentRoom.get(personId);
    return was == null ? null : current.get(was).topic();
  }
}
