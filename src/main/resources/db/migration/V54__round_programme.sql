-- A round's programme template (進行表のひな形), owned by the cases package: the run of show every session of
-- the round starts from, edited by the coordinator; a facilitator's edit of one session (session_programme)
-- still wins for that session.
CREATE TABLE round_programme (
  round_id    bigint PRIMARY KEY REFERENCES round (id) ON DELETE CASCADE,
  items       jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) BETWEEN 1 AND 30),
  updated_by  bigint REFERENCES person (id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- V50 reserved a column for it on case_template that nothing ever wrote or read.
ALTER TABLE case_template DROP COLUMN programme;
