package org.kakehashi.platform;

import java.util.Locale;

/** What a person may do in Kakehashi; a person may hold several. */
public enum Role {
  STAFF, FACILITATOR, COORDINATOR;

  /** The lower-case name used in JSON, CSV and the database. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a role key, or returns null when it is not one. */
  public static Role parse(String key) {
    if (key == null) {
      return null;
    }
    for (Role r : values()) {
      if (r.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    return null;
  }
}
