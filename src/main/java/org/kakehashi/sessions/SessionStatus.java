package org.kakehashi.sessions;

import java.util.Arrays;
import java.util.Locale;

/**
 * The life of a session: planned as {@code scheduled}; {@code held} once it has taken place (marked by
 * its facilitator or a coordinator, or by the end-time ticker), which opens the reflection notes and is
 * final; {@code cancelled} when a new plan leaves its pair out, and {@code scheduled} again when a
 * later plan places the pair once more. {@link SessionStore} writes only these transitions. Pure.
 */
public enum SessionStatus {
  SCHEDULED, HELD, CANCELLED;

  /** The stored and API spelling ({@code "cancelled"}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status spelled {@code key}, or null when there is none. */
  public static SessionStatus of(String key) {
    return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst().orElse(null);
  }

  /** Whether a session in this status may move to {@code to}. */
  public boolean canBecome(SessionStatus to) {
    return switch (this) {
      case SCHEDULED -> to == HELD || to == CANCELLED;
      case CANCELLED -> to == SCHEDULED;
      case HELD -> false;
    };
  }

  /** Only a scheduled session takes sign-ups (and gets a Zoom meeting). */
  public boolean takesSignUps() {
    return this == SCHEDULED;
  }
}
