-- Directory: community centers, the people who work in them, their invitations and sign-in failures.
-- Owned by org.kakehashi.directory (CenterStore, PersonStore, InvitationStore, LoginThrottle).

CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE center (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code          text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  city          text NOT NULL CHECK (length(city) BETWEEN 1 AND 100),
  prefecture    text NOT NULL CHECK (length(prefecture) BETWEEN 1 AND 100),
  region        text CHECK (length(region) <= 100),
  time_zone     text NOT NULL DEFAULT 'Asia/Tokyo' CHECK (length(time_zone) <= 64),
  latitude      double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude     double precision CHECK (longitude BETWEEN -180 AND 180),
  topics        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(topics) <= 50),
  languages     text[] NOT NULL DEFAULT '{ja}' CHECK (cardinality(languages) <= 20),
  contact_email text CHECK (length(contact_email) <= 254),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX center_city ON center (prefecture, city);

CREATE TABLE person (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email               citext NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  center_id           bigint REFERENCES center (id),
  roles               text[] NOT NULL DEFAULT '{staff}'
                      CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['staff', 'facilitator', 'coordinator']),
  locale              text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
  password_hash       text,
  password_changed_at timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_center ON person (center_id);
CREATE INDEX person_coordinator ON person (id) WHERE 'coordinator' = ANY (roles);

-- A single-use, expiring link. person_id NULL: the set-up link for the first coordinator.
CREATE TABLE invitation (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE,
  person_id   bigint REFERENCES person (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitation_person ON invitation (person_id);

CREATE TABLE login_failure (
  email      citext NOT NULL,
  ip         text NOT NULL,
  failed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_email ON login_failure (email, failed_at);
CREATE INDEX login_failure_ip ON login_failure (ip, failed_at);
