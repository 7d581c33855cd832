-- Key-phrase statistics of reflection notes, owned by org.kakehashi.reflections (PhraseStore; README,
-- "Reflection summaries"). Each note's analysis is written with the note, in the same transaction;
-- the network's document frequencies follow from it by trigger, so a note written, edited or removed
-- (also by a cascade) moves them at once and no read recounts all notes.

CREATE TABLE reflection_phrases (
  session_id bigint NOT NULL,
  person_id  bigint NOT NULL,
  analyser   int NOT NULL,               -- PhraseRanking.ANALYSER that produced it; older ones are redone
  keys       text[] NOT NULL,            -- the note's distinct phrase keys
  detail     jsonb NOT NULL,             -- spellings, keys per answer, quotable sentences (PhraseRanking.Analysis)
  PRIMARY KEY (session_id, person_id),
  FOREIGN KEY (session_id, person_id) REFERENCES reflection (session_id, person_id) ON DELETE CASCADE
);

-- In how many notes of the network each phrase key occurs (rows at 0 are kept; harmless). No CHECK on
-- notes: the trigger's upsert proposes a row of -1 for a key leaving a note, and PostgreSQL checks
-- the proposed row before it turns into the update.
CREATE TABLE phrase_frequency (
  key   text PRIMARY KEY,
  notes int NOT NULL
);

-- How many notes are analysed (the N of the measure): one row.
CREATE TABLE phrase_notes (
  one   boolean PRIMARY KEY DEFAULT true CHECK (one),
  notes bigint NOT NULL CHECK (notes >= 0)
);
INSERT INTO phrase_notes (one, notes) VALUES (true, 0);

-- Keys are applied in sorted order, so concurrent writers lock frequency rows in one order (no deadlock).
CREATE FUNCTION phrase_statistics_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  added   text[] := CASE WHEN TG_OP <> 'DELETE' THEN NEW.keys ELSE '{}' END;
  removed text[] := CASE WHEN TG_OP <> 'INSERT' THEN OLD.keys ELSE '{}' END;
BEGIN
  INSERT INTO phrase_frequency AS f (key, notes)
  SELECT k, sum(d)::int FROM (SELECT unnest(added) AS k, 1 AS d UNION ALL SELECT unnest(removed), -1) x
   GROUP BY k HAVING sum(d) <> 0 ORDER BY k
  ON CONFLICT (key) DO UPDATE SET notes = f.notes + EXCLUDED.notes;
  IF TG_OP <> 'UPDATE' THEN
    UPDATE phrase_notes SET notes = notes + CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER reflection_phrases_statistics AFTER INSERT OR UPDATE OF keys OR DELETE ON reflection_phrases
  FOR EACH ROW EXECUTE FUNCTION phrase_statistics_apply();
