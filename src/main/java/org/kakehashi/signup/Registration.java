package org.kakehashi.signup;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A person's place in a session: confirmed, or waitlisted with a position (1 = next to move up); the
 * e-mail they use for Zoom (absent: their account's) and whether they have confirmed it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Registration(long sessionId, long personId, String status, Integer position, List<String> topics,
                           String zoomEmail, boolean zoomEmailConfirmed) {
}
