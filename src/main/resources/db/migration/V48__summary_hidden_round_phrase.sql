-- Owned by org.kakehashi.reflections (HiddenPhraseStore; README, "How reflections are summarised").
-- A phrase key a coordinator hid from the printed summary of a whole round (shown on screen, marked, until
-- shown again). A round's summary has its own hidden phrases: those hidden in one session's summary stay
-- that session's.
CREATE TABLE summary_hidden_round_phrase (
  round_id  bigint NOT NULL REFERENCES round (id) ON DELETE CASCADE,
  key       text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  hidden_by bigint REFERENCES person (id) ON DELETE SET NULL,
  hidden_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, key)
);
