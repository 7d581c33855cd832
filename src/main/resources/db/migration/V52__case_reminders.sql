-- Which centers were reminded that their case for a session is due (once each), owned by the cases package.
CREATE TABLE case_reminder (
  session_id  bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  center_id   bigint NOT NULL REFERENCES center (id) ON DELETE CASCADE,
  sent_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, center_id)
);
