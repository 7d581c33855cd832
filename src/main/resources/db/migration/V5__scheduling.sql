-- Candidate time slots, availability answers, Zoom host licences and sessions.
-- Owned by org.kakehashi.scheduling (SchedulingStore).

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE slot (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id   bigint NOT NULL REFERENCES round (id) ON DELETE CASCADE,
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL,
  CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '12 hours'),
  UNIQUE (round_id, starts_at, ends_at)
);

CREATE TABLE availability (
  slot_id     bigint NOT NULL REFERENCES slot (id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  answer      text NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (slot_id, person_id)
);
CREATE INDEX availability_person ON availability (person_id);

-- A Zoom host licence: the Zoom user that hosts the meeting.
CREATE TABLE host (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  zoom_user_id  text CHECK (length(zoom_user_id) <= 200),
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE session (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id          bigint NOT NULL REFERENCES round (id) ON DELETE CASCADE,
  pair_id           bigint NOT NULL UNIQUE REFERENCES pair (id) ON DELETE CASCADE,
  starts_at         timestamptz NOT NULL,
  ends_at           timestamptz NOT NULL,
  host_id           bigint REFERENCES host (id),
  facilitator_id    bigint REFERENCES person (id),
  capacity          int NOT NULL DEFAULT 30 CHECK (capacity BETWEEN 0 AND 1000),
  signup_opens_at   timestamptz,
  signup_closes_at  timestamptz,
  join_url          text CHECK (length(join_url) <= 2000),
  status            text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
  sequence          int NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  -- One licensed host runs one meeting at a time, and a facilitator is in one session at a time:
  -- no bug and no race can book either twice.
  -- Checked at commit, so that a re-plan may move sessions past each other within one transaction.
  CONSTRAINT session_host_free EXCLUDE USING gist (host_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status <> 'cancelled') DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT session_facilitator_free EXCLUDE USING gist (facilitator_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status <> 'cancelled') DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX session_round ON session (round_id);
