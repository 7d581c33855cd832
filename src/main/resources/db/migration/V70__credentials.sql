-- Open Badges 3.0 credentials (package credentials; README "Credentials").

-- The issuer's signing keys. The newest key without retired_at signs; every key stays in the JWKS
-- so credentials signed before a rotation still verify. private_jwk is the private JWK as JSON, or
-- (encrypted = true) a compact JWE (dir, A256GCM) of it under KAKEHASHI_CREDENTIALS_KEY.
CREATE TABLE credential_key (
  kid          text PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 200),
  alg          text NOT NULL CHECK (alg IN ('ES256', 'RS256')),
  public_jwk   jsonb NOT NULL,
  private_jwk  text NOT NULL,
  encrypted    boolean NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);

-- Who did not attend a held session (default: every confirmed participant attended).
CREATE TABLE credential_absence (
  session_id  bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  marked_by   bigint REFERENCES person (id) ON DELETE SET NULL,
  marked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, person_id)
);

-- The index of each credential in the issuer's revocation status list.
CREATE SEQUENCE credential_status_index START WITH 0 MINVALUE 0;

CREATE TABLE credential (
  id             uuid PRIMARY KEY,
  session_id     bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  person_id      bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  achievement    text NOT NULL CHECK (achievement IN ('participation', 'presentation')),
  status_index   integer NOT NULL UNIQUE CHECK (status_index >= 0),
  kid            text NOT NULL REFERENCES credential_key (kid),
  jwt            text NOT NULL CHECK (length(jwt) <= 200000),
  with_evidence  boolean NOT NULL DEFAULT false,
  published      boolean NOT NULL DEFAULT true,
  issued_at      timestamptz NOT NULL DEFAULT now(),
  valid_until    timestamptz,
  revoked_at     timestamptz,
  revoked_by     bigint REFERENCES person (id) ON DELETE SET NULL,
  revoke_reason  text CHECK (length(revoke_reason) <= 500),
  UNIQUE (session_id, person_id, achievement),
  CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
CREATE INDEX credential_person ON credential (person_id);
