package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Set;
import java.util.TreeSet;

/**
 * The phrases a coordinator left out of a round's printed summary ({@code summary_hidden_round_phrase}; a
 * session's are {@link PhraseStore#hidden}). README, "How reflections are summarised".
 */
final class HiddenPhraseStore {

  private HiddenPhraseStore() {
  }

  /** The phrase keys hidden from the printed summary of the round. */
  static Future<Set<String>> ofRound(SqlClient client, long roundId) {
    return client.preparedQuery("SELECT key FROM summary_hidden_round_phrase WHERE round_id = $1 ORDER BY key")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          Set<String> out = new TreeSet<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  /** Hides a phrase from a round's printed summary (or shows it again). */
  static Future<Void> hideInRound(SqlClient client, long roundId, String key, boolean hidden, long personId) {
    return (hidden
        ? client.preparedQuery("INSERT INTO summary_hidden_round_phrase (round_id, key, hidden_by) VALUES ($1, $2, $3)"
            + " ON CONFLICT (round_id, key) DO NOTHING").execute(Tuple.of(roundId, key, personId))
        : client.preparedQuery("DELETE FROM summary_hidden_round_phrase WHERE round_id = $1 AND key = $2")
            .execute(Tuple.of(roundId, key))).mapEmpty();
  }
}
