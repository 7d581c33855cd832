-- Issue #16: the coordinator's "remind those who have not answered" (package progress), throttled:
-- one reminder per person and round per day, written only by progress.ProgressStore.
CREATE TABLE answer_reminder (
  round_id  bigint NOT NULL REFERENCES round (id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  sent_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (round_id, person_id)
);
