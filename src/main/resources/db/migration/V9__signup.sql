-- Sign-up: seats of a session and registrations with a waitlist. Owned by org.kakehashi.signup
-- (RegistrationStore). seats_taken is raised only by a conditional UPDATE (taken < capacity), and
-- the CHECK and the unique (session, person) key are the last line of defence against overbooking.
ALTER TABLE session ADD COLUMN seats_taken int NOT NULL DEFAULT 0;
ALTER TABLE session ADD CONSTRAINT session_seats CHECK (seats_taken >= 0 AND seats_taken <= capacity);
ALTER TABLE session ADD COLUMN open_to_all boolean NOT NULL DEFAULT false;

CREATE SEQUENCE registration_waitlist;

CREATE TABLE registration (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id    bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  person_id     bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  status        text NOT NULL CHECK (status IN ('confirmed', 'waitlisted')),
  waitlist_seq  bigint,
  topics        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(topics) <= 3),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (session_id, person_id),
  CHECK ((status = 'waitlisted') = (waitlist_seq IS NOT NULL))
);
CREATE INDEX registration_waitlist_order ON registration (session_id, waitlist_seq) WHERE status = 'waitlisted';
CREATE INDEX registration_person ON registration (person_id);
