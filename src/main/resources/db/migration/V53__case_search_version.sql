-- Which version of the library's analysis (CaseText.VERSION) made each case's search_tokens: rows from an
-- older analyser, or written without one (SQL, an import), are analysed again by CaseIndex at start.
ALTER TABLE case_study ADD COLUMN search_version int NOT NULL DEFAULT 0;
