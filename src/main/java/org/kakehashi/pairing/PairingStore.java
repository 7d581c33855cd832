package org.kakehashi.pairing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** SQL for the {@code pair}, {@code pair_member}, {@code pair_forbid} and {@code pairing_run} tables. */
public final class PairingStore {

  /** A stored pair. */
  public record Pair(long id, List<Long> centerIds, int score, List<PairScore.Reason> reasons, boolean locked) {
  }

  /** The pairing of a round as the board shows it. */
  public record Board(List<Pair> pairs, boolean published, Long total, String method, String note,
                      Integer candidateEdges, List<List<Long>> forbidden) {
  }

  private PairingStore() {
  }

  /** Everything the planner needs about a round, read in one go. */
  public static Future<PairingInput> input(SqlClient client, long roundId, int candidates, long workBudget) {
    Future<List<PairingInput.Raw>> centers = client.preparedQuery("""
            SELECT c.id, c.city, c.prefecture, c.region, c.topics, c.languages
              FROM round_center rc JOIN center c ON c.id = rc.center_id
             WHERE rc.round_id = $1 ORDER BY c.id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<PairingInput.Raw> raw = new ArrayList<>();
          for (Row r : rows) {
            raw.add(new PairingInput.Raw(r.getLong("id"), r.getString("city"), r.getString("prefecture"),
                r.getString("region"), Set.of(r.getArrayOfStrings("topics")), Set.of(r.getArrayOfStrings("languages"))));
          }
          return raw;
        });
    // Earlier rounds: pairs that were published, among the centers of this round.
    Future<Map<Long, Integer>> history = client.preparedQuery("""
            SELECT a.center_id AS a, b.center_id AS b, count(*) AS n
              FROM pair_member a
              JOIN pair_member b ON b.pair_id = a.pair_id AND a.center_id < b.center_id
              JOIN pairing_run pr ON pr.round_id = a.round_id AND pr.published_at IS NOT NULL
             WHERE a.round_id <> $1
               AND a.center_id IN (SELECT center_id FROM round_center WHERE round_id = $1)
               AND b.center_id IN (SELECT center_id FROM round_center WHERE round_id = $1)
             GROUP BY 1, 2""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          Map<Long, Integer> h = new HashMap<>();
          rows.forEach(r -> h.put(PairingInput.key(r.getLong("a"), r.getLong("b")), r.getLong("n").intValue()));
          return h;
        });
    Future<Set<Long>> forbidden = forbidden(client, roundId).map(list -> {
      Set<Long> keys = new HashSet<>();
      list.forEach(p -> keys.add(PairingInput.key(p.get(0), p.get(1))));
      return keys;
    });
    Future<List<List<Long>>> locked = pairs(client, roundId)
        .map(ps -> ps.stream().filter(Pair::locked).map(Pair::centerIds).toList());
    return Future.all(centers, history, forbidden, locked)
        .map(v -> PairingInput.of(centers.result(), history.result(), forbidden.result(), locked.result(), candidates, workBudget));
  }

  /** Replaces the round's pairing with {@code result} (locked groups included, as locked). */
  public static Future<Void> save(SqlClient tx, long roundId, PairingPlanner.Result result) {
    int n = result.groups().size();
    return tx.preparedQuery("DELETE FROM pair WHERE round_id = $1").execute(Tuple.of(roundId))
        .compose(v -> insert(tx, roundId, result.groups()))
        .compose(v -> tx.preparedQuery("""
                INSERT INTO pairing_run (round_id, total, method, note, candidate_edges, ran_at)
                VALUES ($1, $2, $3, $4, $5, now())
                ON CONFLICT (round_id) DO UPDATE SET total = EXCLUDED.total, method = EXCLUDED.method,
                    note = EXCLUDED.note, candidate_edges = EXCLUDED.candidate_edges, ran_at = now()""")
            .execute(Tuple.of(roundId, result.total(), result.method(), result.note(), result.candidateEdges())))
        .mapEmpty();
  }

  /** Inserts groups as pairs with their members; ids are drawn first so members can name their pair. */
  private static Future<Void> insert(SqlClient tx, long roundId, List<PairingPlanner.Group> groups) {
    return tx.preparedQuery("SELECT nextval(pg_get_serial_sequence('pair', 'id')) AS id FROM generate_series(1, $1)")
        .execute(Tuple.of(groups.size()))
        .compose(rows -> {
          Long[] ids = new Long[groups.size()];
          int i = 0;
          for (Row r : rows) {
            ids[i++] = r.getLong("id");
          }
          return insert(tx, roundId, ids, groups);
        });
  }

  private static Future<Void> insert(SqlClient tx, long roundId, Long[] ids, List<PairingPlanner.Group> groups) {
    int n = groups.size();
    Integer[] scores = new Integer[n];
    JsonArray[] reasons = new JsonArray[n];
    Boolean[] locked = new Boolean[n];
    List<Long> memberPair = new ArrayList<>();
    List<Long> memberCenter = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PairingPlanner.Group g = groups.get(i);
      scores[i] = g.score();
      reasons[i] = reasons(g.reasons());
      locked[i] = g.locked();
      for (Long c : g.centerIds()) {
        memberPair.add(ids[i]);
        memberCenter.add(c);
      }
    }
    return tx.preparedQuery("INSERT INTO pair (id, round_id, score, reasons, locked)"
            + " SELECT u.id, $1, u.score, u.reasons, u.locked FROM unnest($2::bigint[], $3::int[], $4::jsonb[], $5::bool[])"
            + " AS u(id, score, reasons, locked)")
        .execute(Tuple.of(roundId, ids, scores, reasons, locked))
        .compose(v -> tx.preparedQuery("INSERT INTO pair_member (pair_id, round_id, center_id)"
                + " SELECT u.p, $1, u.c FROM unnest($2::bigint[], $3::bigint[]) AS u(p, c)")
            .execute(Tuple.of(roundId, memberPair.toArray(Long[]::new), memberCenter.toArray(Long[]::new))))
        .mapEmpty();
  }

  /** Replaces some pairs by regrouped ones (a swap or a move on the board), each locked. */
  public static Future<Void> regroup(SqlClient tx, long roundId, List<Long> oldPairIds, List<PairingPlanner.Group> groups) {
    return tx.preparedQuery("DELETE FROM pair WHERE round_id = $1 AND id = ANY ($2)")
        .execute(Tuple.of(roundId, (Object) oldPairIds.toArray(Long[]::new)))
        .compose(v -> insert(tx, roundId, groups))
        .compose(v -> refreshTotal(tx, roundId));
  }

  private static Future<Void> refreshTotal(SqlClient tx, long roundId) {
    return tx.preparedQuery("UPDATE pairing_run SET total = (SELECT coalesce(sum(score), 0) FROM pair WHERE round_id = $1),"
            + " method = 'edited', note = NULL WHERE round_id = $1")
        .execute(Tuple.of(roundId)).mapEmpty();
  }

  /** Removes the round's pairing (its centers changed). */
  public static Future<Void> clear(SqlClient tx, long roundId) {
    return tx.preparedQuery("DELETE FROM pair WHERE round_id = $1").execute(Tuple.of(roundId))
        .compose(v -> tx.preparedQuery("DELETE FROM pairing_run WHERE round_id = $1").execute(Tuple.of(roundId)))
        .mapEmpty();
  }

  public static Future<List<Pair>> pairs(SqlClient client, long roundId) {
    return client.preparedQuery("""
            SELECT p.id, p.score, p.reasons, p.locked, array_agg(m.center_id ORDER BY m.center_id) AS centers
              FROM pair p JOIN pair_member m ON m.pair_id = p.id
             WHERE p.round_id = $1
             GROUP BY p.id ORDER BY min(m.center_id)""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<Pair> list = new ArrayList<>();
          for (Row r : rows) {
            list.add(new Pair(r.getLong("id"), Arrays.asList(r.getArrayOfLongs("centers")), r.getInteger("score"),
                reasons((JsonArray) r.getValue("reasons")), r.getBoolean("locked")));
          }
          return list;
        });
  }

  public static Future<List<List<Long>>> forbidden(SqlClient client, long roundId) {
    return client.preparedQuery("SELECT center_a, center_b FROM pair_forbid WHERE round_id = $1 ORDER BY 1, 2")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<List<Long>> list = new ArrayList<>();
          rows.forEach(r -> list.add(List.of(r.getLong("center_a"), r.getLong("center_b"))));
          return list;
        });
  }

  /** The board: pairs, the last run's totals and the forbidden pairs. */
  public static Future<Board> board(SqlClient client, long roundId) {
    Future<List<Pair>> pairs = pairs(client, roundId);
    Future<List<List<Long>>> forbidden = forbidden(client, roundId);
    Future<Row> run = client.preparedQuery("SELECT total, method, note, candidate_edges, published_at FROM pairing_run"
        + " WHERE round_id = $1").execute(Tuple.of(roundId)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    return Future.all(pairs, forbidden, run).map(v -> {
      Row r = run.result();
      return new Board(pairs.result(), r != null && r.getValue("published_at") != null,
          r == null ? null : r.getLong("total"), r == null ? null : r.getString("method"),
          r == null ? null : r.getString("note"), r == null ? null : r.getInteger("candidate_edges"), forbidden.result());
    });
  }

  public static Future<Void> forbid(SqlClient tx, long roundId, long a, long b, boolean on) {
    String sql = on
        ? "INSERT INTO pair_forbid (round_id, center_a, center_b) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
        : "DELETE FROM pair_forbid WHERE round_id = $1 AND center_a = $2 AND center_b = $3";
    return tx.preparedQuery(sql).execute(Tuple.of(roundId, Math.min(a, b), Math.max(a, b))).mapEmpty();
  }

  public static Future<Void> lock(SqlClient tx, long roundId, long pairId, boolean locked) {
    return tx.preparedQuery("UPDATE pair SET locked = $3 WHERE round_id = $1 AND id = $2")
        .execute(Tuple.of(roundId, pairId, locked))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("Pair")) : Future.succeededFuture());
  }

  public static Future<Void> publish(SqlClient tx, long roundId) {
    return tx.preparedQuery("UPDATE pairing_run SET published_at = now() WHERE round_id = $1").execute(Tuple.of(roundId))
        .mapEmpty();
  }

  /** Staff of the round's centers with their partners' names, for the publication e-mails. */
  public record Recipient(String email, String name, String locale, String center, List<String> partners) {
  }

  public static Future<List<Recipient>> recipients(SqlClient client, long roundId) {
    return client.preparedQuery("""
            SELECT p.email::text AS email, p.name, p.locale, c.name AS center,
                   array_agg(o.name || '（' || o.prefecture || ' ' || o.city || '）' ORDER BY o.id) AS partners
              FROM pair_member m
              JOIN person p ON p.center_id = m.center_id
              JOIN center c ON c.id = m.center_id
              JOIN pair_member om ON om.pair_id = m.pair_id AND om.center_id <> m.center_id
              JOIN center o ON o.id = om.center_id
             WHERE m.round_id = $1 AND p.password_hash IS NOT NULL
             GROUP BY p.id, c.id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<Recipient> list = new ArrayList<>();
          for (Row r : rows) {
            list.add(new Recipient(r.getString("email"), r.getString("name"), r.getString("locale"), r.getString("center"),
                Arrays.asList(r.getArrayOfStrings("partners"))));
          }
          return list;
        });
  }

  private static JsonArray reasons(List<PairScore.Reason> reasons) {
    JsonArray a = new JsonArray();
    for (PairScore.Reason r : reasons) {
      a.add(new JsonObject().put("code", r.code()).put("points", r.points()).put("text", r.text()));
    }
    return a;
  }

  private static List<PairScore.Reason> reasons(JsonArray a) {
    List<PairScore.Reason> list = new ArrayList<>();
    for (Object o : a) {
      JsonObject j = (JsonObject) o;
      list.add(new PairScore.Reason(j.getString("code"), j.getInteger("points"), j.getString("text")));
    }
    return list;
  }
}
