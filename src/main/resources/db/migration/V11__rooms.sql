-- Breakout rooms of a session, and what sign-up needs for them. Owned by org.kakehashi.rooms
-- (RoomStore) except the registration and session columns, owned by org.kakehashi.signup.

-- The e-mail a participant signs in to Zoom with (pre-assignment only works with it). NULL with
-- zoom_email_confirmed = false: the account's e-mail, not yet confirmed by the participant.
ALTER TABLE registration ADD COLUMN zoom_email text CHECK (length(zoom_email) BETWEEN 3 AND 320);
ALTER TABLE registration ADD COLUMN zoom_email_confirmed boolean NOT NULL DEFAULT false;

-- At most this many confirmed seats per center, so one big center cannot take them all.
ALTER TABLE session ADD COLUMN center_quota int CHECK (center_quota BETWEEN 1 AND 1000);

-- The room sizes the facilitator last asked for.
ALTER TABLE session ADD COLUMN room_min_size int NOT NULL DEFAULT 3 CHECK (room_min_size BETWEEN 1 AND 100);
ALTER TABLE session ADD COLUMN room_max_size int NOT NULL DEFAULT 6 CHECK (room_max_size BETWEEN 1 AND 100);

CREATE TABLE room (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id  bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  position    int NOT NULL CHECK (position >= 1),
  topic       text NOT NULL CHECK (length(topic) BETWEEN 1 AND 100),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  UNIQUE (session_id, position),
  UNIQUE (session_id, name)
);

-- One room per person per session: the primary key says so.
CREATE TABLE room_member (
  session_id  bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  room_id     bigint NOT NULL REFERENCES room (id) ON DELETE CASCADE,
  locked      boolean NOT NULL DEFAULT false,
  why         text NOT NULL DEFAULT '' CHECK (length(why) <= 500),
  PRIMARY KEY (session_id, person_id)
);
CREATE INDEX room_member_room ON room_member (room_id);
