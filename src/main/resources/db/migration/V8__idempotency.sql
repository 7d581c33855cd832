-- Idempotency-Key: the first answer to a creating POST, replayed for the same key and body within
-- 24 hours. Owned by org.kakehashi.platform (Idempotency).
CREATE TABLE idempotency_key (
  person_id     bigint NOT NULL,
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash  text NOT NULL,
  status        int,
  response      bytea,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
