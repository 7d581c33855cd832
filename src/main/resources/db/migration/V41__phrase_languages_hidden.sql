-- Owned by org.kakehashi.reflections (PhraseStore; README, "How reflections are summarised").
-- 1. Each language is ranked against the notes written in it: a note's analysis records the languages
--    of its answers, and the trigger keeps per language how many notes use it (the N of that ranking).
--    Analyser version 3 (PhraseRanking.ANALYSER) re-analyses every older note before the next summary,
--    which fills the column and the counts through the same trigger.
-- 2. Phrases a facilitator hid from a session's printed summary.

ALTER TABLE reflection_phrases ADD COLUMN languages text[] NOT NULL DEFAULT '{}';

CREATE TABLE phrase_language_notes (
  lang  text PRIMARY KEY,
  notes bigint NOT NULL
);

CREATE OR REPLACE FUNCTION phrase_statistics_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added   text[] := CASE WHEN TG_OP <> 'DELETE' THEN NEW.keys ELSE '{}' END;
  removed text[] := CASE WHEN TG_OP <> 'INSERT' THEN OLD.keys ELSE '{}' END;
  langs_added   text[] := CASE WHEN TG_OP <> 'DELETE' THEN NEW.languages ELSE '{}' END;
  langs_removed text[] := CASE WHEN TG_OP <> 'INSERT' THEN OLD.languages ELSE '{}' END;
BEGIN
  INSERT INTO phrase_frequency AS f (key, notes)
  SELECT k, sum(d)::int FROM (SELECT unnest(added) AS k, 1 AS d UNION ALL SELECT unnest(removed), -1) x
   GROUP BY k HAVING sum(d) <> 0 ORDER BY k
  ON CONFLICT (key) DO UPDATE SET notes = f.notes + EXCLUDED.notes;
  INSERT INTO phrase_language_notes AS l (lang, notes)
  SELECT k, sum(d) FROM (SELECT unnest(langs_added) AS k, 1 AS d UNION ALL SELECT unnest(langs_removed), -1) x
   GROUP BY k HAVING sum(d) <> 0 ORDER BY k
  ON CONFLICT (lang) DO UPDATE SET notes = l.notes + EXCLUDED.notes;
  IF TG_OP <> 'UPDATE' THEN
    UPDATE phrase_notes SET notes = notes + CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER reflection_phrases_statistics ON reflection_phrases;
CREATE TRIGGER reflection_phrases_statistics AFTER INSERT OR UPDATE OF keys, languages OR DELETE ON reflection_phrases
  FOR EACH ROW EXECUTE FUNCTION phrase_statistics_apply();

-- A phrase key hidden from the printed summary of one session (shown on screen, marked, until shown again).
CREATE TABLE summary_hidden_phrase (
  session_id bigint NOT NULL REFERENCES session (id) ON DELETE CASCADE,
  key        text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  hidden_by  bigint REFERENCES person (id) ON DELETE SET NULL,
  hidden_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, key)
);
