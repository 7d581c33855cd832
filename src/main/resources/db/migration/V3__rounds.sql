-- Training rounds and the centers taking part. Owned by org.kakehashi.rounds (RoundStore).

CREATE TABLE round (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description         text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  starts_on           date NOT NULL,
  ends_on             date NOT NULL,
  status              text NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'pairing', 'scheduling', 'running', 'closed')),
  topics              jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(topics) = 'array'),
  prompts             jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(prompts) = 'array'),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);

CREATE TABLE round_center (
  round_id   bigint NOT NULL REFERENCES round (id) ON DELETE CASCADE,
  center_id  bigint NOT NULL REFERENCES center (id),
  PRIMARY KEY (round_id, center_id)
);
CREATE INDEX round_center_center ON round_center (center_id);
