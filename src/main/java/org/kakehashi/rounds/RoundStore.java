package org.kakehashi.rounds;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Principal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL for the {@code round} and {@code round_center} tables. */
public final class RoundStore {

  private static final String SELECT = """
      SELECT r.id, r.title, r.description, r.starts_on, r.ends_on, r.status, r.topics, r.prompts,
             coalesce((SELECT array_agg(rc.center_id ORDER BY rc.center_id) FROM round_center rc WHERE rc.round_id = r.id),
                      '{}') AS center_ids
        FROM round r
      """;

  private final Pool pool;

  public RoundStore(Pool pool) {
    this.pool = pool;
  }

  /** Rounds newest first; with {@code centerId}, only those the center takes part in. */
  public Future<List<Round>> list(Long centerId) {
    return pool.preparedQuery(SELECT + " WHERE $1::bigint IS NULL OR EXISTS (SELECT 1 FROM round_center x"
            + " WHERE x.round_id = r.id AND x.center_id = $1) ORDER BY r.starts_on DESC, r.id DESC")
        .execute(Tuple.of(centerId))
        .map(rows -> {
          List<Round> list = new ArrayList<>();
          rows.forEach(r -> list.add(map(r)));
          return list;
        });
  }

  public static Future<Round> get(SqlClient client, long id) {
    return client.preparedQuery(SELECT + " WHERE r.id = $1").execute(Tuple.of(id)).map(RoundStore::single);
  }

  /** A round's status and whether a center takes part in it: what an access check needs, without the round's center list. */
  public record Access(String status, boolean member) {
  }

  public static Future<Access> access(SqlClient client, long id, Long centerId) {
    return client.preparedQuery("""
            SELECT r.status, EXISTS (SELECT 1 FROM round_center c WHERE c.round_id = r.id AND c.center_id = $2) AS member
              FROM round r WHERE r.id = $1""")
        .execute(Tuple.of(id, centerId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("Round");
          }
          var r = rows.iterator().next();
          return new Access(r.getString("status"), r.getBoolean("member"));
        });
  }

  /**
   * Whether {@code me} may see the round ({@link RoundAccess}), answering its status, without
   * loading the round's centers: the check every session page, slot list and answer makes. 404 when
   * there is no such round, 403 when it is not {@code me}'s to see.
   */
  public static Future<String> checkVisible(SqlClient client, Principal me, long id) {
    return access(client, id, me.centerId()).map(a -> {
      RoundAccess.requireSee(me, a.member());
      return a.status();
    });
  }

  /** The round if {@code me} may see it ({@link RoundAccess}); else 403/404. */
  public static Future<Round> visible(SqlClient client, Principal me, long id) {
    return get(client, id).map(round -> {
      RoundAccess.requireSee(me, round.centerIds().contains(me.centerId()));
      return round;
    });
  }

  /** The round, locked against concurrent changes until the transaction ends. */
  public static Future<Round> lock(SqlClient tx, long id) {
    return tx.preparedQuery("SELECT id FROM round WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiError.notFound("Round")) : get(tx, id));
  }

  public Future<Round> create(RoundInput in) {
    return pool.withTransaction(tx -> insert(tx, in));
  }

  /** A new round (status {@code draft} unless given), with its centers when given, in the caller's transaction. */
  public static Future<Round> insert(SqlClient tx, RoundInput in) {
    return tx.preparedQuery("INSERT INTO round (title, description, starts_on, ends_on, status,"
                + " topics, prompts) VALUES ($1, $2, $3, $4, coalesce($5, 'draft'), $6, $7) RETURNING id")
        .execute(Tuple.of(in.title(), in.description(), in.startsOn(), in.endsOn(), in.status(), labels(in.topics()),
            labels(in.prompts())))
        .compose(rows -> {
          long id = rows.iterator().next().getLong("id");
          return (in.centerIds() == null ? Future.<Void>succeededFuture() : setCenters(tx, id, in.centerIds()))
              .compose(v -> get(tx, id));
        });
  }

  public static Future<Round> update(SqlClient tx, long id, RoundInput in) {
    return tx.preparedQuery("UPDATE round SET title = $2, description = $3, starts_on = $4, ends_on = $5,"
            + " status = coalesce($6, status), topics = $7, prompts = $8, updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id, in.title(), in.description(), in.startsOn(), in.endsOn(), in.status(),
            labels(in.topics()), labels(in.prompts())))
        .compose(rows -> get(tx, id));
  }

  public static Future<Void> setStatus(SqlClient tx, long id, String status) {
    return tx.preparedQuery("UPDATE round SET status = $2, updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id, status)).mapEmpty();
  }

  /** Replaces the centers of the round; every id must name an existing center. */
  public static Future<Void> setCenters(SqlClient tx, long id, List<Long> centerIds) {
    Long[] ids = centerIds.toArray(Long[]::new);
    return tx.preparedQuery("SELECT array_agg(x) AS missing FROM unnest($1::bigint[]) AS x"
            + " WHERE NOT EXISTS (SELECT 1 FROM center c WHERE c.id = x)")
        .execute(Tuple.of(ids))
        .compose(rows -> {
          Long[] missing = rows.iterator().next().getArrayOfLongs("missing");
          if (missing != null && missing.length > 0) {
            return Future.failedFuture(new ApiError(422, "unknown_center", "No center has the id "
                + Arrays.toString(missing) + ".", "centerIds", null));
          }
          return tx.preparedQuery("DELETE FROM round_center WHERE round_id = $1 AND NOT (center_id = ANY ($2))")
              .execute(Tuple.of(id, (Object) ids));
        })
        .compose(v -> tx.preparedQuery("INSERT INTO round_center (round_id, center_id) SELECT $1, unnest($2::bigint[])"
            + " ON CONFLICT DO NOTHING").execute(Tuple.of(id, (Object) ids)))
        .mapEmpty();
  }

  private static JsonArray labels(List<Round.Label> labels) {
    JsonArray a = new JsonArray();
    for (Round.Label l : labels) {
      a.add(new JsonObject().put("key", l.key()).put("ja", l.ja()).put("en", l.en()));
    }
    return a;
  }

  private static List<Round.Label> labels(Object json) {
    List<Round.Label> out = new ArrayList<>();
    if (json instanceof JsonArray a) {
      for (Object o : a) {
        JsonObject l = (JsonObject) o;
        out.add(new Round.Label(l.getString("key"), l.getString("ja"), l.getString("en")));
      }
    }
    return out;
  }

  private static Round single(RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw ApiError.notFound("Round");
    }
    return map(rows.iterator().next());
  }

  static Round map(Row r) {
    return new Round(r.getLong("id"), r.getString("title"), r.getString("description"), r.getLocalDate("starts_on"),
        r.getLocalDate("ends_on"), r.getString("status"), labels(r.getValue("topics")), labels(r.getValue("prompts")),
        Arrays.asList(r.getArrayOfLongs("center_ids")));
  }
}
