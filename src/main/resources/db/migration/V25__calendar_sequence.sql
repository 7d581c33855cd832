-- How often a person's own place in a session changed (a seat confirmed, given up, taken away): the
-- SEQUENCE of the calendar event in every file made for them is the session's sequence plus this, so
-- a CANCEL after their REQUEST, or a REQUEST after signing up again, always carries a higher
-- SEQUENCE (RFC 5546) and calendar programs apply it. Kept when the registration is deleted.
-- Owned by org.kakehashi.signup (SeatInvitations).
CREATE TABLE calendar_sequence (
  session_id  bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  bumps       int NOT NULL DEFAULT 0 CHECK (bumps >= 0),
  PRIMARY KEY (session_id, person_id)
);
