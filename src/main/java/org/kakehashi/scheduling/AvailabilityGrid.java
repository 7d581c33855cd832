package org.kakehashi.scheduling;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's grid of who can come when, per pair: every center (its own clock, summer time
 * included, and the slots on its closing days), its people's answers, and the pair's weight per slot
 * ({@link AvailabilityWeight}). Built from the rows {@link SchedulingStore#grid} reads. Pure.
 */
public final class AvailabilityGrid {

  /** One row: a person's answer for a slot (person null: the center has nobody; slot null: no answer yet). */
  public record Cell(long pairId, long centerId, String center, String timeZone, List<Integer> closedWeekdays,
                     Long personId, String person, Long slotId, String answer) {
  }

  public record Person(long personId, String name, Map<String, String> answers) {
  }

  public record Center(long centerId, String name, String timeZone, Map<String, String> localStarts,
                       List<Long> closedSlots, List<Person> people) {
  }

  public record Pair(long pairId, List<Center> centers, Map<String, Integer> halves) {
  }

  public record Grid(List<SchedulingStore.SlotView> slots, List<Pair> pairs) {
  }

  private AvailabilityGrid() {
  }

  public static Grid build(List<SchedulingStore.SlotView> slots, List<Cell> cells) {
    Map<Long, Pair> pairs = new LinkedHashMap<>();
    Map<Long, Center> centers = new LinkedHashMap<>();
    Map<Long, Person> people = new LinkedHashMap<>();
    for (Cell c : cells) {
      Pair pair = pairs.computeIfAbsent(c.pairId(), k -> new Pair(k, new ArrayList<>(), new LinkedHashMap<>()));
      Center center = centers.computeIfAbsent(c.centerId(), k -> {
        ZoneId zone = ZoneId.of(c.timeZone());
        Map<String, String> local = new LinkedHashMap<>();
        List<Long> closed = new ArrayList<>();
        for (SchedulingStore.SlotView sl : slots) {
          ZonedDateTime at = sl.startsAt().atZoneSameInstant(zone);
          local.put(String.valueOf(sl.id()), at.toOffsetDateTime().toString());
          if (c.closedWeekdays().contains(at.getDayOfWeek().getValue())) {
            closed.add(sl.id());
          }
        }
        Center made = new Center(k, c.center(), c.timeZone(), local, closed, new ArrayList<>());
        pair.centers().add(made);
        return made;
      });
      if (c.personId() == null) {
        continue;
      }
      Person person = people.computeIfAbsent(c.personId(), k -> {
        Person p = new Person(k, c.person(), new LinkedHashMap<>());
        center.people().add(p);
        return p;
      });
      if (c.slotId() != null) {
        String slot = String.valueOf(c.slotId());
        person.answers().put(slot, c.answer());
        pair.halves().merge(slot, AvailabilityWeight.halves(c.answer()), Integer::sum);
      }
    }
    return new Grid(slots, new ArrayList<>(pairs.values()));
  }
}
