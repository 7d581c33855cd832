-- Owned by org.kakehashi.reflections (PhraseStore, AnalysisBytes; README, "How reflections are summarised", Statistics).
-- A note's analysis as one compact bytea instead of six array columns, so a summary of thousands of notes reads
-- one byte string per note (which the driver copies) instead of decoding int4[] and text[] arrays element by
-- element on the event loop. Format 1 (AnalysisBytes): the byte 1, then unsigned LEB128 varints: n, the n phrase
-- ids (phrase_frequency.id, in the order of keys), per key its spelling (0: as the key, else UTF-8 length + 1 and
-- the bytes), the number of prompts and per prompt its key and language (UTF-8 length and bytes), then
-- prompt_keys and sentences (each: its length, then its values), as V42's columns held them.
-- keys and languages stay: the statistics trigger counts them. The phrase ids are now looked up by the writer
-- (PhraseStore.write), so the trigger that filled ids goes.

ALTER TABLE reflection_phrases ADD COLUMN analysis bytea;

CREATE FUNCTION v44_varint(v int) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
  out bytea := ''::bytea;
BEGIN
  IF v < 0 THEN
    RAISE EXCEPTION 'negative value % in a stored analysis', v;
  END IF;
  WHILE v >= 128 LOOP
    out := out || set_byte('\x00'::bytea, 0, (v & 127) | 128);
    v := v >> 7;
  END LOOP;
  RETURN out || set_byte('\x00'::bytea, 0, v);
END $$;

CREATE FUNCTION v44_string(s text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT v44_varint(octet_length(convert_to(s, 'UTF8'))) || convert_to(s, 'UTF8')
$$;

CREATE FUNCTION v44_ints(a int[]) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT v44_varint(cardinality(a))
         || COALESCE((SELECT string_agg(v44_varint(x), ''::bytea ORDER BY i) FROM unnest(a) WITH ORDINALITY AS u(x, i)),
                     ''::bytea)
$$;

-- Rewriting the rows is no new analysis: a note still marked phrases_pending (its text changed) stays marked.
ALTER TABLE reflection_phrases DISABLE TRIGGER reflection_phrases_written;

-- Rows of analyser 3 (the version when this was written) are converted; rows of an older analyser are made
-- again before the next summary anyway, and keep only the byte 0 (no format). A row of 3 whose ids do not
-- match its keys (cannot happen through the trigger; a damaged row) becomes stale too.
UPDATE reflection_phrases SET analyser = 0
 WHERE analyser = 3 AND (cardinality(ids) <> cardinality(keys) OR array_position(ids, NULL) IS NOT NULL
    OR cardinality(prompts) <> cardinality(prompt_languages) OR array_position(prompt_keys, NULL) IS NOT NULL
    OR array_position(sentences, NULL) IS NOT NULL OR array_position(prompts, NULL) IS NOT NULL);

UPDATE reflection_phrases r SET analysis = CASE WHEN r.analyser <> 3 THEN '\x00'::bytea ELSE
  '\x01'::bytea || v44_ints(r.ids)
  || COALESCE((SELECT string_agg(CASE WHEN r.spellings[i] IS NULL THEN '\x00'::bytea
                                      ELSE v44_varint(octet_length(convert_to(r.spellings[i], 'UTF8')) + 1)
                                           || convert_to(r.spellings[i], 'UTF8') END, ''::bytea ORDER BY i)
                 FROM generate_subscripts(r.ids, 1) AS i), ''::bytea)
  || v44_varint(cardinality(r.prompts))
  || COALESCE((SELECT string_agg(v44_string(r.prompts[i]) || v44_string(COALESCE(r.prompt_languages[i], 'ja')),
                                 ''::bytea ORDER BY i)
                 FROM generate_subscripts(r.prompts, 1) AS i), ''::bytea)
  || v44_ints(r.prompt_keys) || v44_ints(r.sentences) END;

-- Format 0 is no format: such a row counts as not analysed (and its analyser as stale).
UPDATE reflection_phrases SET analysis = '\x00'::bytea, analyser = 0 WHERE analysis IS NULL;
ALTER TABLE reflection_phrases ALTER COLUMN analysis SET NOT NULL;
ALTER TABLE reflection_phrases ENABLE TRIGGER reflection_phrases_written;

DROP FUNCTION v44_ints(int[]);
DROP FUNCTION v44_string(text);
DROP FUNCTION v44_varint(int);

DROP TRIGGER reflection_phrases_ids ON reflection_phrases;
DROP FUNCTION reflection_phrases_ids();
ALTER TABLE reflection_phrases DROP COLUMN ids, DROP COLUMN spellings, DROP COLUMN prompts,
  DROP COLUMN prompt_languages, DROP COLUMN prompt_keys, DROP COLUMN sentences;
