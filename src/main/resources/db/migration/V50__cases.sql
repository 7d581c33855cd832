-- Case studies (事例), owned by the cases package: the round's case template, one case per center of
-- a session's pair, its attachments (stored in chunks, so several instances serve them and nothing
-- holds a whole file in memory), questions in advance and the session's programme (進行表).

CREATE TABLE case_template (
  round_id    bigint PRIMARY KEY REFERENCES round (id) ON DELETE CASCADE,
  sections    jsonb NOT NULL CHECK (jsonb_typeof(sections) = 'array' AND jsonb_array_length(sections) BETWEEN 1 AND 12),
  due_days    int NOT NULL DEFAULT 7 CHECK (due_days BETWEEN 0 AND 60),
  programme   jsonb CHECK (programme IS NULL OR jsonb_typeof(programme) = 'array'),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE case_study (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id    bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  center_id     bigint NOT NULL REFERENCES center (id),
  title         text NOT NULL DEFAULT '' CHECK (length(title) <= 200),
  summary       text NOT NULL DEFAULT '' CHECK (char_length(summary) <= 400),
  sections      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(sections) = 'object' AND length(sections::text) <= 200000),
  presenters    bigint[] NOT NULL DEFAULT '{}' CHECK (cardinality(presenters) <= 10),
  minutes       int CHECK (minutes BETWEEN 1 AND 180),
  topics        text[] NOT NULL DEFAULT '{}' CHECK (cardinality(topics) <= 10),
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
  submitted_at  timestamptz,
  shared_at     timestamptz,
  version       int NOT NULL DEFAULT 1,
  updated_by    bigint REFERENCES person (id) ON DELETE SET NULL,
  search_tokens tsvector NOT NULL DEFAULT ''::tsvector,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (session_id, center_id)
);
-- The library searches Kuromoji search-mode tokens (see the README, "Case library").
CREATE INDEX case_study_search ON case_study USING gin (search_tokens) WHERE shared_at IS NOT NULL;
CREATE INDEX case_study_shared ON case_study (shared_at) WHERE shared_at IS NOT NULL;

CREATE TABLE case_attachment (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type  text NOT NULL CHECK (length(content_type) <= 200),
  size          bigint NOT NULL CHECK (size BETWEEN 1 AND 20971520),
  sha256        text NOT NULL,
  uploaded_by   bigint REFERENCES person (id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_attachment_case ON case_attachment (case_id);

CREATE TABLE case_attachment_chunk (
  attachment_id bigint NOT NULL REFERENCES case_attachment (id) ON DELETE CASCADE,
  seq           int NOT NULL CHECK (seq >= 0),
  data          bytea NOT NULL,
  PRIMARY KEY (attachment_id, seq)
);

CREATE TABLE case_question (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES case_study (id) ON DELETE CASCADE,
  person_id    bigint REFERENCES person (id) ON DELETE SET NULL,
  text         text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  answer       text CHECK (length(answer) <= 4000),
  answered_by  bigint REFERENCES person (id) ON DELETE SET NULL,
  answered_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_question_case ON case_question (case_id);

-- A facilitator's own programme for one session (else the round's template applies).
CREATE TABLE session_programme (
  session_id  bigint PRIMARY KEY REFERENCES session (id) ON DELETE CASCADE,
  items       jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) BETWEEN 1 AND 30),
  updated_by  bigint REFERENCES person (id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
