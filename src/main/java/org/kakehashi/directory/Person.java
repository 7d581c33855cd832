package org.kakehashi.directory;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A person as the API shows it. {@code email} and {@code status} are null (left out) unless the
 * viewer is a coordinator or the person themself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Person(long id, String email, String name, Long centerId, String centerName, List<String> roles,
                     String locale, String status) {

  /** The same person without what only coordinators and the person may see. */
  public Person forOthers() {
    return new Person(id, null, name, centerId, centerName, roles, locale, null);
  }
}
