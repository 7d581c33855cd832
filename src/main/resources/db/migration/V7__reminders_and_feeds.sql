-- Outbox messages that belong to something and may be withdrawn (a session's reminders when it
-- moves). Owned by org.kakehashi.platform (Outbox).
ALTER TABLE outbox ADD COLUMN ref text;
CREATE INDEX outbox_ref ON outbox (ref) WHERE delivered_at IS NULL;

-- A person's private calendar feed: the secret token's SHA-256. Owned by org.kakehashi.scheduling (CalendarFeed).
CREATE TABLE calendar_feed (
  person_id   bigint PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);
