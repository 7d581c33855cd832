-- Sign-in throttle (README, "Security"): one counter per account ("account:<e-mail>") and per client
-- address ("address:<ip>"), counted by an upsert that returns the new count before a password is
-- checked, so parallel guesses cannot all pass. Replaces login_failure (read before, written after).
CREATE TABLE login_attempt (
  key           text PRIMARY KEY,
  window_start  timestamptz NOT NULL DEFAULT now(),
  n             int NOT NULL CHECK (n >= 0)
);
CREATE INDEX login_attempt_window ON login_attempt (window_start);
DROP TABLE login_failure;
