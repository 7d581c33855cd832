package org.kakehashi.directory;

import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Role;

import java.util.ArrayList;
import java.util.List;

/** A person as a coordinator sends it (JSON body or CSV row); {@link #validated} cleans it and records problems. */
public record PersonInput(String email, String name, Long centerId, List<String> roles, String locale) {

  public PersonInput validated(Problems p) {
    List<String> clean = new ArrayList<>();
    for (String r : roles == null ? List.<String>of() : roles) {
      Role role = Role.parse(r);
      if (role == null) {
        p.add("roles", "unknown_role", "Unknown role \"" + r + "\" (use staff, facilitator or coordinator).");
      } else if (!clean.contains(role.key())) {
        clean.add(role.key());
      }
    }
    if (clean.isEmpty()) {
      clean.add(Role.STAFF.key());
    }
    String loc = locale == null || locale.isBlank() ? "ja" : locale.strip().toLowerCase(java.util.Locale.ROOT);
    if (!loc.equals("ja") && !loc.equals("en")) {
      p.add("locale", "unknown_locale", "The language must be ja or en.");
    }
    return new PersonInput(p.email("email", email, true), p.name("name", name, 200, true), centerId, clean, loc);
  }
}
