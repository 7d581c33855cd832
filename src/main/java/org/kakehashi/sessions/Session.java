package org.kakehashi.sessions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;

/** A session as the API shows it; {@code joinUrl} only for those allowed to join or run it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Session(long id, long roundId, long pairId, List<Long> centerIds, OffsetDateTime startsAt,
                      OffsetDateTime endsAt, Long hostId, Long facilitatorId, int capacity, int seatsTaken, int waitlisted,
                      OffsetDateTime signupOpensAt, OffsetDateTime signupClosesAt, String joinUrl, String status,
                      int sequence, boolean openToAll, Integer centerQuota) {

  public Session withoutJoinUrl() {
    return new Session(id, roundId, pairId, centerIds, startsAt, endsAt, hostId, facilitatorId, capacity, seatsTaken,
        waitlisted, signupOpensAt, signupClosesAt, null, status, sequence, openToAll, centerQuota);
  }

  /** The status as the enum ({@code status} is its stored spelling). */
  @JsonIgnore
  public SessionStatus state() {
    return SessionStatus.of(status);
  }

  @JsonIgnore
  public boolean isCancelled() {
    return state() == SessionStatus.CANCELLED;
  }
}
