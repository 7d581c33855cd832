package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Set;
import java.util.TreeSet;

/**
 * The phrases left out of a printed summary: a session's, by its facilitator or a coordinator
 * ({@code summary_hidden_phrase}), and a round's, by a coordinator ({@code summary_hidden_round_phrase}); each
 * summary has its own. README, "How reflections are summarised".
 */
final class HiddenPhraseStore {

  private HiddenPhraseStore() {
  }

  /** The phrase keys hidden from the printed summary of the session. */
  static Future<Set<String>> ofSession(SqlClient client, long sessionId) {
    return keys(client, "SELECT key FROM summary_hidden_phrase WHERE session_id = $1", sessionId);
  }

  /** The phrase keys hidden from the printed summary of the round. */
  static Future<Set<String>> ofRound(SqlClient client, long roundId) {
    return keys(client, "SELECT key FROM summary_hidden_round_phrase WHERE round_id = $1", roundId);
  }

  /** Hides a phrase from a session's printed summary (or shows it again). */
  static Future<Void> hideInSession(SqlClient client, long sessionId, String key, boolean hidden, long personId) {
    return (hidden
        ? client.preparedQuery("INSERT INTO summary_hidden_phrase (session_id, key, hidden_by) VALUES ($1, $2, $3)"
            + " ON CONFLICT (session_id, key) DO NOTHING").execute(Tuple.of(sessionId, key, personId))
        : client.preparedQuery("DELETE FROM summary_hidden_phrase WHERE session_id = $1 AND key = $2")
            .execute(Tuple.of(sessionId, key))).mapEmpty();
  }

  /** Hides a phrase from a round's printed summary (or shows it again). */
  static Future<Void> hideInRound(SqlClient client, long roundId, String key, boolean hidden, long personId) {
    return (hidden
        ? client.preparedQuery("INSERT INTO summary_hidden_round_phrase (round_id, key, hidden_by) VALUES ($1, $2, $3)"
            + " ON CONFLICT (round_id, key) DO NOTHING").execute(Tuple.of(roundId, key, personId))
        : client.preparedQuery("DELETE FROM summary_hidden_round_phrase WHERE round_id = $1 AND key = $2")
            .execute(Tuple.of(roundId, key))).mapEmpty();
  }

  private static Future<Set<String>> keys(SqlClient client, String sql, long id) {
    return client.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
      Set<String> out = new TreeSet<>();
      rows.forEach(r -> out.add(r.getString(0)));
      return out;
    });
  }
}
