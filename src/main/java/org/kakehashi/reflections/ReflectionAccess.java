package org.kakehashi.reflections;

import java.util.Collection;

/**
 * Who may read a reflection note, by the visibility its writer chose. Pure. {@code facilitators}: the
 * session's facilitator and coordinators; {@code partners}: also the staff of the pair's centers;
 * {@code network}: every signed-in person. The writer always reads their own.
 */
public final class ReflectionAccess {

  public static final java.util.List<String> VISIBILITIES = java.util.List.of("facilitators", "partners", "network");
  public static final java.util.List<String> QUOTE_AS = java.util.List.of("name", "anonymous");

  /** The person reading. */
  public record Viewer(long personId, Long centerId, boolean coordinator) {
  }

  private ReflectionAccess() {
  }

  public static boolean canRead(Viewer v, long writerId, String visibility, Long facilitatorId, Collection<Long> pairCenterIds) {
    if (v.personId() == writerId || v.coordinator() || (facilitatorId != null && facilitatorId == v.personId())) {
      return true;
    }
    return switch (visibility) {
      case "network" -> true;
      case "partners" -> v.centerId() != null && pairCenterIds.contains(v.centerId());
      default -> false;
    };
  }
}
