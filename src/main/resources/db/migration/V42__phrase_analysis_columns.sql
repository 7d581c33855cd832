-- Owned by org.kakehashi.reflections (PhraseStore; README, "How reflections are summarised", Statistics).
-- A note's analysis in column form instead of one JSON document, so a summary of thousands of notes reads
-- small integer arrays rather than decoding JSON (and every phrase key of every note) row by row:
--   ids          the note's phrase ids (phrase_frequency.id), in the order of keys
--   spellings    per key, how the note writes it where that differs from the key (NULL: as the key)
--   prompts      the answered prompts; prompt_languages their languages (ja, en), in the same order
--   prompt_keys  per prompt in order: n, then the positions (in keys) of its n keys
--   sentences    per quotable sentence: prompt position, start, end (UTF-16 offsets), n, then n key positions
-- keys stays: the trigger counts it. ids is filled by a trigger from keys (the dictionary is phrase_frequency).

ALTER TABLE phrase_frequency ADD COLUMN id int GENERATED ALWAYS AS IDENTITY;
ALTER TABLE phrase_frequency ADD CONSTRAINT phrase_frequency_id UNIQUE (id);

ALTER TABLE reflection_phrases
  ADD COLUMN ids int[] NOT NULL DEFAULT '{}',
  ADD COLUMN spellings text[] NOT NULL DEFAULT '{}',
  ADD COLUMN prompts text[] NOT NULL DEFAULT '{}',
  ADD COLUMN prompt_languages text[] NOT NULL DEFAULT '{}',
  ADD COLUMN prompt_keys int[] NOT NULL DEFAULT '{}',
  ADD COLUMN sentences int[] NOT NULL DEFAULT '{}';

-- The ids of a row's keys: new keys enter the dictionary at 0 notes (the statistics trigger then counts them).
-- Keys in sorted order, so concurrent writers take the dictionary's locks in one order.
CREATE FUNCTION reflection_phrases_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO phrase_frequency (key, notes) SELECT DISTINCT k, 0 FROM unnest(NEW.keys) AS k ORDER BY k
  ON CONFLICT (key) DO NOTHING;
  NEW.ids := ARRAY(SELECT f.id FROM unnest(NEW.keys) WITH ORDINALITY AS u(k, i) JOIN phrase_frequency f ON f.key = u.k
                    ORDER BY u.i);
  RETURN NEW;
END $$;

-- Rows of today's analyser (3): the JSON detail {"w":[…], "p":{prompt:[i…]}, "s":[[prompt,start,end,[i…]]…],
-- "l":{prompt:lang}} into the columns. Older rows are re-analysed before the next summary anyway.
UPDATE reflection_phrases r SET
  ids = ARRAY(SELECT f.id FROM unnest(r.keys) WITH ORDINALITY AS u(k, i) JOIN phrase_frequency f ON f.key = u.k ORDER BY u.i),
  spellings = ARRAY(SELECT w #>> '{}' FROM jsonb_array_elements(r.detail -> 'w') WITH ORDINALITY AS x(w, i) ORDER BY i),
  prompts = ARRAY(SELECT k FROM jsonb_object_keys(r.detail -> 'p') WITH ORDINALITY AS x(k, i) ORDER BY i),
  prompt_languages = ARRAY(SELECT COALESCE(r.detail -> 'l' ->> k, 'ja')
                             FROM jsonb_object_keys(r.detail -> 'p') WITH ORDINALITY AS x(k, i) ORDER BY i),
  prompt_keys = ARRAY(SELECT v FROM jsonb_each(r.detail -> 'p') WITH ORDINALITY AS p(k, a, i),
                        LATERAL (SELECT jsonb_array_length(p.a) AS v, 0::bigint AS j
                                 UNION ALL SELECT e::int, j FROM jsonb_array_elements_text(p.a) WITH ORDINALITY AS e(e, j)) x
                       ORDER BY p.i, x.j)
 WHERE r.analyser = 3 AND jsonb_typeof(r.detail -> 'p') = 'object';

UPDATE reflection_phrases r SET
  sentences = ARRAY(SELECT v FROM jsonb_array_elements(r.detail -> 's') WITH ORDINALITY AS s(a, i),
                      LATERAL (SELECT array_position(r.prompts, s.a ->> 0) - 1 AS v, 0::bigint AS j
                               UNION ALL SELECT (s.a ->> 1)::int, 1 UNION ALL SELECT (s.a ->> 2)::int, 2
                               UNION ALL SELECT jsonb_array_length(s.a -> 3), 3
                               UNION ALL SELECT e::int, 3 + j FROM jsonb_array_elements_text(s.a -> 3) WITH ORDINALITY AS e(e, j)) x
                     ORDER BY s.i, x.j)
 WHERE r.analyser = 3 AND jsonb_typeof(r.detail -> 's') = 'array';

-- Anything not converted (an older analyser, a damaged document) counts as stale and is analysed again.
UPDATE reflection_phrases SET analyser = 0
 WHERE analyser = 3 AND (jsonb_typeof(detail -> 'p') IS DISTINCT FROM 'object'
                         OR jsonb_typeof(detail -> 's') IS DISTINCT FROM 'array'
                         OR cardinality(ids) <> cardinality(keys));

ALTER TABLE reflection_phrases DROP COLUMN detail;

CREATE TRIGGER reflection_phrases_ids BEFORE INSERT OR UPDATE OF keys ON reflection_phrases
  FOR EACH ROW EXECUTE FUNCTION reflection_phrases_ids();
