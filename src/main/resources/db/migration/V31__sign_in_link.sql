-- One-time sign-in links sent by e-mail (README, "Security"): valid 15 minutes, used once; only the
-- SHA-256 of the token is kept, so a copy of the database holds no usable link.
CREATE TABLE sign_in_link (
  token_hash  text PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX sign_in_link_person ON sign_in_link (person_id);

-- "Keep me signed in on this device": such a session lasts security.keepSignedInDays, idle or not.
ALTER TABLE web_session ADD COLUMN keep boolean NOT NULL DEFAULT false;
