package org.kakehashi.rounds;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The life of a round, in order: draft → pairing (a pairing is drafted) → scheduling (the pairs are
 * published) → running → closed. Pairing and publishing set the first steps themselves; a
 * coordinator moves a round on by hand only from scheduling to running or closed, and from running
 * to closed. Pure.
 */
public enum RoundStatus {
  DRAFT, PAIRING, SCHEDULING, RUNNING, CLOSED;

  /** The stored and API spelling ({@code "scheduling"}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status spelled {@code key}, or null when there is none. */
  public static RoundStatus of(String key) {
    return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst().orElse(null);
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(RoundStatus::key).toList();
  }

  /** Whether a coordinator may set {@code to} by hand on a round in this status. */
  public boolean byHand(RoundStatus to) {
    return switch (this) {
      case SCHEDULING -> to == RUNNING || to == CLOSED;
      case RUNNING -> to == CLOSED;
      default -> false;
    };
  }

  /** True once the pairs are published: the centers and the pairing are then fixed. */
  public boolean pairsPublished() {
    return compareTo(SCHEDULING) >= 0;
  }
}
