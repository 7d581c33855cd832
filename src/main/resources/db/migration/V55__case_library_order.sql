-- The case library's search (README, "Case library"): newest session first, every filter answerable from an
-- index, so a search reads about as many rows as it shows whatever its words.
--
-- The session's start is kept on the case while it is opened to the network (null otherwise): cases can only
-- be opened after their session is held, and a held session does not move. The trigger sets it on every
-- INSERT and on every UPDATE of shared_at, whoever writes the row (the API, the demo, an import in SQL).
ALTER TABLE case_study ADD COLUMN session_starts_at timestamptz;

CREATE FUNCTION case_study_session_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.session_starts_at := CASE WHEN NEW.shared_at IS NOT NULL
    THEN (SELECT s.starts_at FROM session s WHERE s.id = NEW.session_id) END;
  RETURN NEW;
END $$;

CREATE TRIGGER case_study_session_start BEFORE INSERT OR UPDATE OF shared_at, session_id ON case_study
  FOR EACH ROW EXECUTE FUNCTION case_study_session_start();

UPDATE case_study c SET session_starts_at = s.starts_at FROM session s WHERE s.id = c.session_id AND c.shared_at IS NOT NULL;

-- Words and topics in one GIN index (a topic filter is intersected inside the index scan). The library's
-- order, newest session first (shared cases only have a start; the others sort after them, NULLS FIRST read
-- backwards): a common word or a broad filter walks it backwards until enough rows pass, a year reads its
-- range. The centers of a region or prefecture. The two btree indexes are not partial, so that PostgreSQL
-- can AND their bitmaps with the partial GIN index's (it does not AND two indexes with the same predicate).
DROP INDEX case_study_search;
CREATE INDEX case_study_search ON case_study USING gin (search_tokens, topics) WHERE shared_at IS NOT NULL;
DROP INDEX case_study_shared;
CREATE INDEX case_study_library ON case_study (session_starts_at NULLS FIRST, id);
CREATE INDEX case_study_library_center ON case_study (center_id, session_starts_at);
