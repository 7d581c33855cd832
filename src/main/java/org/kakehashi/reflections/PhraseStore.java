package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL for the key-phrase tables: {@code reflection_phrases} (each note's analysis), {@code phrase_frequency}
 * and {@code phrase_notes} (the network's statistics, moved by trigger).
 */
public final class PhraseStore {

  private PhraseStore() {
  }

  /** Writes (or replaces) the analyses of notes; the triggers fill the phrase ids and move the statistics in the same transaction. */
  public static Future<Void> write(SqlClient tx, List<Long> sessionIds, List<Long> personIds,
                                   List<PhraseRanking.Analysis> analyses) {
    if (analyses.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < analyses.size(); i++) {
      PhraseRanking.Analysis a = analyses.get(i);
      PhraseRanking.Packed p = a.pack();
      List<Object> values = new ArrayList<>(List.of(sessionIds.get(i), personIds.get(i), PhraseRanking.ANALYSER,
          a.keyArray(), a.languageArray(), p.spellings(), p.prompts(), p.promptLanguages(), p.promptKeys(), p.sentences()));
      values.add(a.textHash());
      rows.add(Tuple.tuple(values));
    }
    return tx.preparedQuery("""
            INSERT INTO reflection_phrases (session_id, person_id, analyser, keys, languages, spellings, prompts,
                                            prompt_languages, prompt_keys, sentences, text_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (session_id, person_id) DO UPDATE
               SET analyser = EXCLUDED.analyser, keys = EXCLUDED.keys, languages = EXCLUDED.languages,
                   spellings = EXCLUDED.spellings, prompts = EXCLUDED.prompts,
                   prompt_languages = EXCLUDED.prompt_languages, prompt_keys = EXCLUDED.prompt_keys,
                   sentences = EXCLUDED.sentences, text_hash = EXCLUDED.text_hash""")
        .executeBatch(rows).mapEmpty();
  }

  /** A note whose analysis is missing or from an older analyser (written by SQL, imported, or before an upgrade). */
  public record Stale(long sessionId, long personId, Map<String, String> answers) {
  }

  /**
   * Up to {@code limit} notes to analyse: those marked {@code phrases_pending} on write (a partial index holds
   * only them) and those analysed by another analyser version (an index on {@code analyser}), so the check
   * before every summary reads no other note (README, "How reflections are summarised", Statistics).
   */
  public static Future<List<Stale>> stale(SqlClient client, int limit) {
    return client.preparedQuery("""
            SELECT session_id, person_id, answers FROM (
              SELECT f.session_id, f.person_id, f.answers FROM reflection f WHERE f.phrases_pending
              UNION ALL
              SELECT f.session_id, f.person_id, f.answers
                FROM reflection_phrases p JOIN reflection f ON f.session_id = p.session_id AND f.person_id = p.person_id
               WHERE (p.analyser < $1 OR p.analyser > $1) AND NOT f.phrases_pending) s
             ORDER BY session_id, person_id LIMIT $2""")
        .execute(Tuple.of(PhraseRanking.ANALYSER, limit))
        .map(rows -> {
          List<Stale> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Stale(r.getLong("session_id"), r.getLong("person_id"),
              ReflectionStore.answers(r.getValue("answers")))));
          return out;
        });
  }

  /**
   * A note's analysis as read: its phrase ids and the packed rest. Only the database driver's decoding of
   * small arrays happens on the event loop; {@link #unpack} (on a worker) turns them into analyses.
   */
  public record Stored(long sessionId, long personId, Integer[] ids, PhraseRanking.Packed packed, Integer textHash) {
    public Stored(long sessionId, long personId, Integer[] ids, PhraseRanking.Packed packed) {
      this(sessionId, personId, ids, packed, null);
    }
  }

  private static final String STORED = "session_id, person_id, ids, spellings, prompts, prompt_languages, prompt_keys, sentences,"
      + " text_hash";

  /** A row whose first nine columns are those of {@link #STORED}. */
  static Stored stored(Row r) {
    return new Stored(r.getLong(0), r.getLong(1), r.getArrayOfIntegers(2), new PhraseRanking.Packed(r.getArrayOfStrings(3),
        r.getArrayOfStrings(4), r.getArrayOfStrings(5), r.getArrayOfIntegers(6), r.getArrayOfIntegers(7)), r.getInteger(8));
  }

  /** The stored analyses of the sessions' notes (of today's analyser). */
  public static Future<List<Stored>> stored(SqlClient client, List<Long> sessionIds) {
    return client.preparedQuery("SELECT " + STORED + " FROM reflection_phrases WHERE session_id = ANY ($1) AND analyser = $2")
        .execute(Tuple.of(sessionIds.toArray(Long[]::new), PhraseRanking.ANALYSER))
        .map(rows -> {
          List<Stored> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(stored(r)));
          return out;
        });
  }

  /** The stored analyses of one person's notes. */
  public static Future<List<Stored>> ofPerson(SqlClient client, long personId) {
    return client.preparedQuery("SELECT " + STORED + " FROM reflection_phrases WHERE person_id = $1 AND analyser = $2")
        .execute(Tuple.of(personId, PhraseRanking.ANALYSER))
        .map(rows -> {
          List<Stored> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(stored(r)));
          return out;
        });
  }

  /** Analyses by (session, person), their ids resolved through the background's dictionary. Pure; for a worker. */
  public static Map<List<Long>, PhraseRanking.Analysis> unpack(List<Stored> stored, Background background) {
    Map<List<Long>, PhraseRanking.Analysis> out = new HashMap<>(stored.size() * 2);
    for (Stored s : stored) {
      String[] keys = new String[s.ids().length];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = background.keys().get(s.ids()[i]);
      }
      out.put(List.of(s.sessionId(), s.personId()), PhraseRanking.Analysis.unpack(keys, s.packed(), s.textHash()));
    }
    return out;
  }

  /** The background of a summary and the dictionary of the phrase ids its notes use (id → key). */
  public record Background(PhraseRanking.Background statistics, Map<Integer, String> keys) {
  }

  /**
   * The network's note count (in all and per language) and, for every phrase the sessions' notes use,
   * its key and document frequency: the phrases are gathered in SQL, so this runs beside the read of
   * the analyses rather than after it.
   */
  public static Future<Background> background(SqlClient client, List<Long> sessionIds) {
    return background(client.preparedQuery("""
            SELECT (SELECT notes FROM phrase_notes) AS total,
                   (SELECT json_object_agg(lang, notes) FROM phrase_language_notes) AS langs, f.id, f.key, f.notes
              FROM (SELECT 1) one LEFT JOIN phrase_frequency f ON f.id IN (
                SELECT DISTINCT unnest(ids) FROM reflection_phrases WHERE session_id = ANY ($1) AND analyser = $2)""")
        .execute(Tuple.of(sessionIds.toArray(Long[]::new), PhraseRanking.ANALYSER)));
  }

  /** As above for the phrases of one person's notes. */
  public static Future<Background> backgroundOfPerson(SqlClient client, long personId) {
    return background(client.preparedQuery("""
            SELECT (SELECT notes FROM phrase_notes) AS total,
                   (SELECT json_object_agg(lang, notes) FROM phrase_language_notes) AS langs, f.id, f.key, f.notes
              FROM (SELECT 1) one LEFT JOIN phrase_frequency f ON f.id IN (
                SELECT DISTINCT unnest(ids) FROM reflection_phrases WHERE person_id = $1 AND analyser = $2)""")
        .execute(Tuple.of(personId, PhraseRanking.ANALYSER)));
  }

  private static Future<Background> background(Future<io.vertx.sqlclient.RowSet<Row>> query) {
    return query.map(rows -> {
      Map<String, Integer> df = new HashMap<>(rows.size() * 2);
      Map<Integer, String> keys = new HashMap<>(rows.size() * 2);
      Map<String, Long> languages = new HashMap<>();
      long total = 0;
      for (Row r : rows) {
        total = r.getLong("total");
        if (languages.isEmpty() && r.getValue("langs") instanceof JsonObject l) {
          l.forEach(e -> languages.put(e.getKey(), ((Number) e.getValue()).longValue()));
        }
        if (r.getString("key") != null) {
          df.put(r.getString("key"), r.getInteger("notes"));
          keys.put(r.getInteger("id"), r.getString("key"));
        }
      }
      return new Background(new PhraseRanking.Background(total, df, languages), keys);
    });
  }

  /** The place names of the network (every center's city and prefecture): the setting of any summary. */
  public static Future<List<String>> places(SqlClient client) {
    return client.preparedQuery("""
            SELECT DISTINCT x FROM (SELECT city AS x FROM center UNION ALL SELECT prefecture FROM center) p
             WHERE x IS NOT NULL AND x <> '' ORDER BY x""")
        .execute().map(rows -> {
          List<String> out = new ArrayList<>(rows.size());
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** The phrase keys hidden from the printed summary of the sessions. */
  public static Future<Set<String>> hidden(SqlClient client, List<Long> sessionIds) {
    return client.preparedQuery("SELECT DISTINCT key FROM summary_hidden_phrase WHERE session_id = ANY ($1)")
        .execute(Tuple.of((Object) sessionIds.toArray(Long[]::new)))
        .map(rows -> {
          Set<String> out = new java.util.TreeSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** Hides a phrase from a session's printed summary (or shows it again). */
  public static Future<Void> hide(SqlClient client, long sessionId, String key, boolean hidden, long personId) {
    return (hidden
        ? client.preparedQuery("INSERT INTO summary_hidden_phrase (session_id, key, hidden_by) VALUES ($1, $2, $3)"
            + " ON CONFLICT (session_id, key) DO NOTHING").execute(Tuple.of(sessionId, key, personId))
        : client.preparedQuery("DELETE FROM summary_hidden_phrase WHERE session_id = $1 AND key = $2")
            .execute(Tuple.of(sessionId, key))).mapEmpty();
  }
}
