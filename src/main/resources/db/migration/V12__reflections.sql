-- Reflection notes written after a session, and when a session was held. Owned by
-- org.kakehashi.reflections (ReflectionStore), including the session columns added here.

-- When the session was marked held (by hand or by the end-time ticker): the edit window starts here.
-- A session set held some other way (by SQL) without it counts as held at its end (COALESCE(held_at, ends_at)).
ALTER TABLE session ADD COLUMN held_at timestamptz;
UPDATE session SET held_at = ends_at WHERE status = 'held';
-- The last one-click reminder to those who have not written yet (so a double click sends once).
ALTER TABLE session ADD COLUMN reflections_reminded_at timestamptz;
-- The ticker looks for scheduled sessions whose end has passed.
CREATE INDEX session_due ON session (ends_at) WHERE status = 'scheduled';

-- One note per participant per session. answers: {promptKey: text}, text stored as written
-- (the API bounds each answer to 5,000 code points; the CHECK is a generous last line of defence).
CREATE TABLE reflection (
  session_id  bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  answers     jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object' AND length(answers::text) <= 400000),
  visibility  text NOT NULL CHECK (visibility IN ('facilitators', 'partners', 'network')),
  quote_as    text NOT NULL CHECK (quote_as IN ('name', 'anonymous')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, person_id)
);
CREATE INDEX reflection_person ON reflection (person_id);
