package org.kakehashi.rooms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kakehashi.rooms.RoomAssigner.Current;
import org.kakehashi.rooms.RoomAssigner.Infeasible;
import org.kakehashi.rooms.RoomAssigner.Input;
import org.kakehashi.rooms.RoomAssigner.Participant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of {@link RoomAssigner} one by one: room counts, the topic flow, dealing, room names. */
class RoomPartsTest {

  static Stream<Long> seeds() {
    return LongStream.range(1, 41).boxed();
  }

  private static Participant p(long id, long center, String... topics) {
    return new Participant(id, center, "city" + center, List.of(topics));
  }

  private static Roster roster(List<Participant> people, List<String> topics, int min, int max,
                               Map<String, Integer> rooms, List<Current> current, Set<Long> locked) {
    return new Roster(new Input(people, topics, min, max, rooms, current, locked));
  }

  // ----- room counts ---------------------------------------------------------------------------

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void roomsByDemandSeatEveryoneWithinTheBounds(long seed) {
    Random rnd = new Random(seed);
    List<String> topics = RoomInstances.topics(2 + rnd.nextInt(6));
    int min = 2 + rnd.nextInt(3);
    int max = min + rnd.nextInt(4);
    List<Participant> people = RoomInstances.participants(seed, min + rnd.nextInt(150), 2 + rnd.nextInt(10), topics);
    Roster in = roster(people, topics, min, max, null, List.of(), Set.of());
    int n = people.size();
    if ((long) ((n + max - 1) / max) * min > n) {
      // No number of rooms k has k × min ≤ n ≤ k × max (e.g. rooms of exactly 4 for 35 people).
      assertThatThrownBy(() -> RoomCounts.of(in)).isInstanceOfSatisfying(Infeasible.class,
          e -> assertThat(e.field()).isEqualTo("minSize"));
      return;
    }
    Map<String, Integer> r = RoomCounts.of(in);
    assertThat(RoomCounts.total(r, max)).as("seats at the largest size").isGreaterThanOrEqualTo(people.size());
    assertThat(RoomCounts.total(r, min)).as("people needed at the smallest size").isLessThanOrEqualTo(people.size());
    assertThat(topics).containsAll(r.keySet());
    assertThat(r.values()).allSatisfy(k -> assertThat(k).isNotNegative());
  }

  @Test
  void aTopicThatManyWantFirstGetsRoomsForItsBiggestCenter() {
    // 6 people want "a" first, 4 of them from center 1: four rooms would let center 1 sit apart,
    // but 6 people fill only 3 rooms of at least 2. The 2 who want "b" first fill one room of it.
    List<Participant> people = new ArrayList<>();
    for (long i = 1; i <= 4; i++) {
      people.add(p(i, 1, "a", "b"));
    }
    people.add(p(5, 2, "a", "b"));
    people.add(p(6, 3, "a", "b"));
    people.add(p(7, 2, "b", "a"));
    people.add(p(8, 3, "b", "a"));
    Map<String, Integer> r = RoomCounts.byDemand(people, List.of("a", "b"), 2, 6);
    assertThat(r).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 1));
  }

  @Test
  void theFacilitatorsCountsAreKeptOrRefusedWithTheFieldToChange() {
    List<Participant> people = List.of(p(1, 1, "a"), p(2, 2, "a"), p(3, 3, "b"), p(4, 4, "b"));
    assertThat(RoomCounts.of(roster(people, List.of("a", "b"), 2, 2, Map.of("a", 1, "b", 1), List.of(), Set.of())))
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", 1, "b", 1));
    assertThatThrownBy(() -> RoomCounts.of(roster(people, List.of("a", "b"), 2, 2, Map.of("a", 1), List.of(), Set.of())))
        .isInstanceOfSatisfying(Infeasible.class, e -> assertThat(e.field()).isEqualTo("roomsPerTopic"));
    assertThatThrownBy(() -> RoomCounts.of(roster(people, List.of("a", "b"), 2, 2, Map.of("c", 2), List.of(), Set.of())))
        .isInstanceOfSatisfying(Infeasible.class, e -> assertThat(e.getMessage()).contains("Unknown topic c"));
  }

  @Test
  void aReRunKeepsTheCurrentCountsWhileTheyFitAndNeverDropsALockedRoom() {
    List<Participant> people = List.of(p(1, 1, "a"), p(2, 2, "a"), p(3, 3, "a"), p(4, 4, "a"));
    List<Current> current = List.of(new Current("b", List.of(1L, 2L)), new Current("b", List.of(3L, 4L)));
    assertThat(RoomCounts.of(roster(people, List.of("a", "b"), 2, 2, null, current, Set.of())))
        .as("the current two rooms of b still fit").containsExactlyInAnyOrderEntriesOf(Map.of("b", 2));
    assertThatThrownBy(() -> RoomCounts.of(roster(people, List.of("a", "b"), 2, 4, Map.of("a", 1), current, Set.of(1L))))
        .as("b holds a locked person").isInstanceOfSatisfying(Infeasible.class,
            e -> assertThat(e.getMessage()).contains("locked"));
  }

  // ----- topic flow ----------------------------------------------------------------------------

  @Test
  void theFlowSeparatesColleaguesBeforeItGivesFirstChoices() {
    // Two rooms: one of a, one of b. Centers 1 and 2 each have two people who all want a first.
    // Without doublings, one of each center goes to b although b is nobody's first choice.
    List<Participant> people = List.of(p(1, 1, "a", "b"), p(2, 1, "a", "b"), p(3, 2, "a", "b"), p(4, 2, "a", "b"));
    Roster in = roster(people, List.of("a", "b"), 1, 4, Map.of("a", 1, "b", 1), List.of(), Set.of());
    Map<Long, String> topicOf = TopicFlow.choose(in, RoomCounts.of(in));
    assertThat(topicOf).hasSize(4);
    for (long center = 1; center <= 2; center++) {
      long c = center;
      assertThat(people.stream().filter(q -> q.centerId() == c).map(q -> topicOf.get(q.personId())))
          .as("center " + c + "'s two people in two topics").containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void theFlowFillsEveryRoomToTheMinimumEvenAgainstPreference() {
    List<Participant> people = List.of(p(1, 1, "a"), p(2, 2, "a"), p(3, 3, "a"), p(4, 4, "a"));
    Roster in = roster(people, List.of("a", "b"), 2, 4, Map.of("a", 1, "b", 1), List.of(), Set.of());
    Map<Long, String> topicOf = TopicFlow.choose(in, RoomCounts.of(in));
    assertThat(topicOf.values().stream().filter("b"::equals).count()).isEqualTo(2);
  }

  @Test
  void lockedPeopleKeepTheirRoomsTopic() {
    List<Participant> people = List.of(p(1, 1, "a"), p(2, 2, "a"), p(3, 3, "a"), p(4, 4, "a"));
    List<Current> current = List.of(new Current("b", List.of(1L, 2L)), new Current("a", List.of(3L, 4L)));
    Roster in = roster(people, List.of("a", "b"), 2, 4, null, current, Set.of(1L));
    Map<Long, String> topicOf = TopicFlow.choose(in, RoomCounts.of(in));
    assertThat(topicOf).containsEntry(1L, "b");
  }

  // ----- dealing -------------------------------------------------------------------------------

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void roundRobinSpreadsEachCenterAndEvensTheSizes(long seed) {
    Random rnd = new Random(seed);
    List<String> topics = List.of("a");
    List<Participant> people = RoomInstances.participants(seed, 1 + rnd.nextInt(60), 1 + rnd.nextInt(8), topics);
    int r = 1 + rnd.nextInt(Math.min(10, people.size()));
    List<List<Long>> rooms = RoomDealer.roundRobin(r, new ArrayList<>(people));
    assertThat(rooms).hasSize(r);
    int smallest = rooms.stream().mapToInt(List::size).min().orElseThrow();
    int largest = rooms.stream().mapToInt(List::size).max().orElseThrow();
    assertThat(largest - smallest).as("sizes differ by at most one").isLessThanOrEqualTo(1);
    Map<Long, Long> centerOf = new HashMap<>();
    people.forEach(q -> centerOf.put(q.personId(), q.centerId()));
    Map<Long, Long> perCenter = new HashMap<>();
    people.forEach(q -> perCenter.merge(q.centerId(), 1L, Long::sum));
    for (List<Long> room : rooms) {
      Map<Long, Long> here = new HashMap<>();
      room.forEach(id -> here.merge(centerOf.get(id), 1L, Long::sum));
      here.forEach((c, n) -> assertThat(n).as("center " + c + " in one room")
          .isLessThanOrEqualTo((perCenter.get(c) + r - 1) / r));
    }
    assertThat(rooms.stream().flatMap(List::stream).toList())
        .containsExactlyInAnyOrderElementsOf(people.stream().map(Participant::personId).toList());
  }

  @Test
  void slotsKeepLockedRoomsAndDropTheEmptiestFirst() {
    List<Participant> people = List.of(p(1, 1, "a"), p(2, 2, "a"), p(3, 3, "a"), p(4, 4, "a"), p(5, 5, "a"));
    List<Current> current = List.of(new Current("a", List.of(1L)), new Current("a", List.of(2L, 3L)),
        new Current("a", List.of(4L, 5L)), new Current("b", List.of()));
    Roster in = roster(people, List.of("a", "b"), 1, 5, null, current, Set.of(1L));
    assertThat(RoomDealer.slotsFor(in, "a", 2)).as("room 0 holds a lock; of 1 and 2 (same size) the last goes")
        .containsExactly(0, 1);
    assertThat(RoomDealer.slotsFor(in, "a", 4)).containsExactly(0, 1, 2, -1);
    assertThat(RoomDealer.slotsFor(in, "b", 1)).containsExactly(3);
  }

  @Test
  void keepingPlacesLeavesPeopleWhereTheyAreUnlessTheyWouldDouble() {
    // Room 0: 1 (center 1, locked), 2 (center 1); room 1: 3 (center 2), 4 (center 3).
    List<Participant> people = List.of(p(1, 1, "a"), p(2, 1, "a"), p(3, 2, "a"), p(4, 3, "a"));
    List<Current> current = List.of(new Current("a", List.of(1L, 2L)), new Current("a", List.of(3L, 4L)));
    Roster in = roster(people, List.of("a"), 2, 2, null, current, Set.of(1L));
    List<List<Long>> rooms = RoomDealer.keepingPlaces(in, List.of(0, 1), List.of(people.get(1), people.get(2), people.get(3)));
    assertThat(rooms.get(0)).as("1 stays locked; 2 leaves the colleague's room").contains(1L).doesNotContain(2L).hasSize(2);
    assertThat(rooms.get(1)).contains(2L).hasSize(2);
    // Nothing to fix: everyone stays.
    Roster calm = roster(people, List.of("a"), 2, 2, null,
        List.of(new Current("a", List.of(1L, 3L)), new Current("a", List.of(2L, 4L))), Set.of());
    assertThat(RoomDealer.keepingPlaces(calm, List.of(0, 1), people))
        .containsExactly(List.of(1L, 3L), List.of(2L, 4L));
  }

  // ----- names ---------------------------------------------------------------------------------

  @Test
  void roomsAreNamedByLabelAndACountPerTopic() {
    assertThat(RoomNames.of(List.of("disaster", "disaster", "youth", "disaster"),
        Map.of("disaster", "防災", "youth", "子ども・若者")))
        .containsExactly("防災 1", "防災 2", "子ども・若者 1", "防災 3");
    assertThat(RoomNames.of(List.of("nolabel"), Map.of())).containsExactly("nolabel 1");
  }

  @Test
  void namesStayDistinctWhenTwoTopicsShareALabel() {
    List<String> names = RoomNames.of(List.of("x", "y", "x", "y"), Map.of("x", "交流", "y", "交流"));
    assertThat(new HashSet<>(names)).hasSize(4);
    assertThat(names).containsExactly("交流 1", "交流 2", "交流 3", "交流 4");
  }

  @Test
  void longLabelsAreCutAtACharacterNeverInsideOne() {
    String label = "😀".repeat(100);
    String name = RoomNames.of(List.of("t"), Map.of("t", label)).get(0);
    assertThat(name).isEqualTo("😀".repeat(RoomNames.MAX_LABEL) + " 1");
    assertThat(name.codePoints().filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)).as("no half character").isEmpty();
  }
}
