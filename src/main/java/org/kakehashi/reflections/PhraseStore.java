package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL for the key-phrase tables: {@code reflection_phrases} (each note's analysis), {@code phrase_frequency}
 * and {@code phrase_notes} (the network's statistics, moved by trigger).
 */
public final class PhraseStore {

  private PhraseStore() {
  }

  /**
   * Writes (or replaces) the analyses of notes: their keys enter the dictionary ({@code phrase_frequency}, at 0
   * notes, in sorted order so that concurrent writers take its locks in one order), each analysis is stored as
   * one {@code bytea} with its keys' ids ({@link AnalysisBytes}), and the trigger moves the statistics in the same
   * transaction.
   */
  public static Future<Void> write(SqlClient tx, List<Long> sessionIds, List<Long> personIds,
                                   List<PhraseRanking.Analysis> analyses) {
    if (analyses.isEmpty()) {
      return Future.succeededFuture();
    }
    java.util.TreeSet<String> distinct = new java.util.TreeSet<>();
    analyses.forEach(a -> distinct.addAll(a.keys().keySet()));
    String[] keys = distinct.toArray(String[]::new);
    Future<Map<String, Integer>> dictionary = keys.length == 0 ? Future.succeededFuture(Map.of())
        : tx.preparedQuery("INSERT INTO phrase_frequency (key, notes) SELECT k, 0 FROM unnest($1::text[]) AS k ORDER BY k"
                + " ON CONFLICT (key) DO NOTHING").execute(Tuple.of((Object) keys))
            // A statement of its own, so that it sees the keys another writer added meanwhile (read committed).
            .compose(v -> tx.preparedQuery("SELECT key, id FROM phrase_frequency WHERE key = ANY ($1)")
                .execute(Tuple.of((Object) keys)))
            .map(rows -> {
              Map<String, Integer> ids = new HashMap<>(rows.size() * 2);
              rows.forEach(r -> ids.put(r.getString(0), r.getInteger(1)));
              return ids;
            });
    return dictionary.compose(ids -> {
      List<Tuple> rows = new ArrayList<>();
      for (int i = 0; i < analyses.size(); i++) {
        PhraseRanking.Analysis a = analyses.get(i);
        String[] own = a.keyArray();
        int[] idsOfKeys = new int[own.length];
        for (int k = 0; k < own.length; k++) {
          Integer id = ids.get(own[k]);
          if (id == null) {
            return Future.failedFuture(new IllegalStateException("phrase key missing from the dictionary: " + own[k]));
          }
          idsOfKeys[k] = id;
        }
        byte[] bytes = AnalysisBytes.encode(idsOfKeys, a.pack());
        rows.add(Tuple.of(sessionIds.get(i), personIds.get(i), PhraseRanking.ANALYSER, own, a.languageArray(),
            io.vertx.core.buffer.Buffer.buffer(bytes), a.textHash()));
      }
      return tx.preparedQuery("""
              INSERT INTO reflection_phrases (session_id, person_id, analyser, keys, languages, analysis, text_hash)
              VALUES ($1, $2, $3, $4, $5, $6, $7)
              ON CONFLICT (session_id, person_id) DO UPDATE
                 SET analyser = EXCLUDED.analyser, keys = EXCLUDED.keys, languages = EXCLUDED.languages,
                     analysis = EXCLUDED.analysis, text_hash = EXCLUDED.text_hash""")
          .executeBatch(rows).mapEmpty();
    });
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
   * A note's analysis as read: the bytes of {@link AnalysisBytes} (the database driver only copies them on the event
   * loop; {@link #decode} and {@link #unpack} run on a worker) and the hash of the text it was made from.
   */
  public record Stored(long sessionId, long personId, byte[] analysis, Integer textHash) {
  }

  /** A stored analysis decoded (null: of another format, so the note counts as not analysed). */
  public record Decoded(long sessionId, long personId, AnalysisBytes.Decoded analysis, Integer textHash) {
  }

  private static final String STORED = "session_id, person_id, analysis, text_hash";

  /** A row whose first four columns are those of {@link #STORED}. */
  static Stored stored(Row r) {
    return stored(r, 0);
  }

  /** A row with the four columns of {@link #STORED} from {@code at} on. */
  static Stored stored(Row r, int at) {
    io.vertx.core.buffer.Buffer b = r.getBuffer(at + 2);
    return new Stored(r.getLong(at), r.getLong(at + 1), b == null ? null : b.getBytes(), r.getInteger(at + 3));
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

  /** The analyses decoded, those of another format left out. Pure; for a worker. */
  public static List<Decoded> decode(List<Stored> stored) {
    List<Decoded> out = new ArrayList<>(stored.size());
    for (Stored s : stored) {
      AnalysisBytes.Decoded d = AnalysisBytes.decode(s.analysis());
      if (d != null) {
        out.add(new Decoded(s.sessionId(), s.personId(), d, s.textHash()));
      }
    }
    return out;
  }

  /** The phrase ids the analyses use, each once, in order. Pure. */
  public static int[] ids(List<Decoded> decoded) {
    java.util.BitSet seen = new java.util.BitSet();
    for (Decoded d : decoded) {
      for (int id : d.analysis().ids()) {
        seen.set(id);
      }
    }
    return seen.stream().toArray();
  }

  /** Analyses by (session, person), their ids resolved through the background's dictionary. Pure; for a worker. */
  public static Map<List<Long>, PhraseRanking.Analysis> unpack(List<Stored> stored, Background background) {
    return unpackDecoded(decode(stored), background);
  }

  /** As above, from analyses already decoded. Pure; for a worker. */
  public static Map<List<Long>, PhraseRanking.Analysis> unpackDecoded(List<Decoded> decoded, Background background) {
    Map<List<Long>, PhraseRanking.Analysis> out = new HashMap<>(decoded.size() * 2);
    for (Decoded s : decoded) {
      int[] ids = s.analysis().ids();
      String[] keys = new String[ids.length];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = background.keys().get(ids[i]);
      }
      out.put(List.of(s.sessionId(), s.personId()), PhraseRanking.Analysis.unpack(keys, s.analysis().packed(), s.textHash()));
    }
    return out;
  }

  /** The background of a summary and the dictionary of the phrase ids its notes use (id → key). */
  public record Background(PhraseRanking.Background statistics, Map<Integer, String> keys) {
  }

  /**
   * The network's note count (in all and per language) and, for every phrase the sessions' notes use,
   * its key and document frequency, gathered in SQL through the notes' keys (for a few notes; a summary of many
   * reads the analyses first and asks for their ids, {@link #background(SqlClient, int[])}).
   */
  public static Future<Background> background(SqlClient client, List<Long> sessionIds) {
    return background(client, "f.key IN (SELECT DISTINCT unnest(keys) FROM reflection_phrases WHERE session_id = ANY ($1)"
        + " AND analyser = $2)", Tuple.of(sessionIds.toArray(Long[]::new), PhraseRanking.ANALYSER));
  }

  /** As above for the phrases of one person's notes. */
  public static Future<Background> backgroundOfPerson(SqlClient client, long personId) {
    return background(client, "f.key IN (SELECT DISTINCT unnest(keys) FROM reflection_phrases WHERE person_id = $1"
        + " AND analyser = $2)", Tuple.of(personId, PhraseRanking.ANALYSER));
  }

  /**
   * The network's note count (in all and per language) and the key and document frequency of each of these
   * phrase ids (those of the analyses a summary read): the statistics the trigger keeps, looked up by their
   * unique index, without reading the notes again.
   */
  public static Future<Background> background(SqlClient client, int[] ids) {
    return background(client, "f.id = ANY ($1)", Tuple.of((Object) Arrays.stream(ids).boxed().toArray(Integer[]::new)));
  }

  /** The counts in one row (the driver decodes every column of every row), then one row per phrase. */
  private static Future<Background> background(SqlClient client, String phrases, Tuple params) {
    return client.preparedQuery("""
            SELECT NULL::int, NULL::text, NULL::int, (SELECT notes FROM phrase_notes),
                   (SELECT json_object_agg(lang, notes) FROM phrase_language_notes)::text
            UNION ALL
            SELECT f.id, f.key, f.notes, NULL, NULL FROM phrase_frequency f WHERE\s""" + phrases)
        .execute(params).map(rows -> {
          Map<String, Integer> df = new HashMap<>(rows.size() * 2);
          Map<Integer, String> keys = new HashMap<>(rows.size() * 2);
          Map<String, Long> languages = new HashMap<>();
          long total = 0;
          for (Row r : rows) {
            String key = r.getString(1);
            if (key != null) {
              df.put(key, r.getInteger(2));
              keys.put(r.getInteger(0), key);
            } else {
              total = r.getLong(3) == null ? 0 : r.getLong(3);
              String langs = r.getString(4);
              if (langs != null) {
                new JsonObject(langs).forEach(e -> languages.put(e.getKey(), ((Number) e.getValue()).longValue()));
              }
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
}
