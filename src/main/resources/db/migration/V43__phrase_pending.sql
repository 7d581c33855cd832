-- Owned by org.kakehashi.reflections (ReflectionStore, PhraseStore; README, "How reflections are summarised",
-- Statistics).
-- 1. A note whose text has no analysis yet is marked on write, so a summary finds the notes to analyse
--    through a small partial index instead of scanning every note on each read: phrases_pending is set
--    when a note is written or its answers change (also by SQL, an import), and cleared when its analysis
--    is written. Analyses of an older analyser version are found through an index on analyser.
-- 2. text_hash: the hash of the note's text the analysis was made from (PhraseRanking.textHash), so a
--    summary can put notes in their text order without reading the text.

-- Every note written before is marked: its analysis is made again once, before the next summary, which
-- fills text_hash (as a new analyser version would).
ALTER TABLE reflection ADD COLUMN phrases_pending boolean NOT NULL DEFAULT true;
CREATE INDEX reflection_phrases_pending ON reflection (session_id, person_id) WHERE phrases_pending;

CREATE INDEX reflection_phrases_analyser ON reflection_phrases (analyser);
ALTER TABLE reflection_phrases ADD COLUMN text_hash int;

CREATE FUNCTION reflection_text_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.phrases_pending := true;
  RETURN NEW;
END $$;

CREATE TRIGGER reflection_text_changed BEFORE UPDATE OF answers ON reflection
  FOR EACH ROW EXECUTE FUNCTION reflection_text_changed();

CREATE FUNCTION reflection_phrases_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reflection SET phrases_pending = false
   WHERE session_id = NEW.session_id AND person_id = NEW.person_id AND phrases_pending;
  RETURN NULL;
END $$;

CREATE TRIGGER reflection_phrases_written AFTER INSERT OR UPDATE ON reflection_phrases
  FOR EACH ROW EXECUTE FUNCTION reflection_phrases_written();
