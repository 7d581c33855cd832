-- Platform: web sessions, shared secrets and the outbox. Owned by org.kakehashi.platform
-- (Sessions, Secrets, Outbox).

CREATE TABLE web_session (
  id_hash       text PRIMARY KEY,
  person_id     bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX web_session_person ON web_session (person_id);
CREATE INDEX web_session_expiry ON web_session (expires_at);

CREATE TABLE app_secret (
  name   text PRIMARY KEY,
  value  text NOT NULL
);

CREATE TABLE outbox (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind             text NOT NULL,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  attempts         int NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  failed_at        timestamptz,
  last_error       text
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
