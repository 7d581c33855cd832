package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;

/**
 * SQL of the case library (README, "Case library"): the cases their centers opened to the network,
 * found by the Kuromoji words stored with each case ({@code search_tokens}, GIN-indexed) and filtered by
 * topic, region, prefecture and year.
 */
final class LibraryStore {

  /** A search: the tsquery (null: no words) and the filters (null: any). */
  record Query(String tsquery, String topic, String region, String prefecture, Integer year, int limit, int offset) {
  }

  private LibraryStore() {
  }

  static Future<JsonObject> search(SqlClient client, Query q) {
    return client.preparedQuery("""
            SELECT c.id, c.title, c.summary, c.topics, c.shared_at, s.starts_at, r.title AS round_title,
                   ce.id AS center_id, ce.name AS center_name, ce.city, ce.prefecture, ce.region,
                   CASE WHEN $1::text IS NULL THEN 0 ELSE ts_rank(c.search_tokens, to_tsquery('simple', $1)) END AS rank
              FROM case_study c JOIN center ce ON ce.id = c.center_id JOIN session s ON s.id = c.session_id
              JOIN round r ON r.id = s.round_id
             WHERE c.shared_at IS NOT NULL
               AND ($1::text IS NULL OR c.search_tokens @@ to_tsquery('simple', $1))
               AND ($2::text IS NULL OR $2 = ANY (c.topics))
               AND ($3::text IS NULL OR ce.region = $3)
               AND ($4::text IS NULL OR ce.prefecture = $4)
               AND ($5::int IS NULL OR s.starts_at >= make_timestamptz($5, 1, 1, 0, 0, 0, 'Asia/Tokyo')
                                    AND s.starts_at < make_timestamptz($5 + 1, 1, 1, 0, 0, 0, 'Asia/Tokyo'))
             ORDER BY rank DESC, s.starts_at DESC, c.id DESC
             LIMIT $6 OFFSET $7""")
        .execute(Tuple.wrap(Arrays.asList(q.tsquery(), q.topic(), q.region(), q.prefecture(), q.year(), q.limit() + 1,
            q.offset())))
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            if (out.size() == q.limit()) {
              break;
            }
            out.add(new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title"))
                .put("summary", r.getString("summary")).put("topics", new JsonArray(Arrays.asList(r.getArrayOfStrings("topics"))))
                .put("sharedAt", r.getOffsetDateTime("shared_at").toString())
                .put("sessionStartsAt", r.getOffsetDateTime("starts_at").toString()).put("roundTitle", r.getString("round_title"))
                .put("center", new JsonObject().put("id", r.getLong("center_id")).put("name", r.getString("center_name"))
                    .put("city", r.getString("city")).put("prefecture", r.getString("prefecture"))
                    .put("region", r.getString("region"))));
          }
          return new JsonObject().put("cases", out).put("more", rows.size() > q.limit()).put("offset", q.offset());
        });
  }

  /** The values the library's filters offer: the topics, regions, prefectures and years of shared cases. */
  static Future<JsonObject> filters(SqlClient client) {
    return client.query("""
            SELECT (SELECT coalesce(jsonb_agg(x ORDER BY x->>'key'), '[]') FROM (
                      SELECT DISTINCT ON (t) jsonb_build_object('key', t, 'ja', l->>'ja', 'en', l->>'en') AS x
                        FROM case_study c CROSS JOIN unnest(c.topics) t JOIN session s ON s.id = c.session_id
                        JOIN round r ON r.id = s.round_id CROSS JOIN jsonb_array_elements(r.topics) l
                       WHERE c.shared_at IS NOT NULL AND l->>'key' = t ORDER BY t, s.starts_at DESC) k) AS topics,
                   (SELECT coalesce(jsonb_agg(DISTINCT ce.region) FILTER (WHERE ce.region IS NOT NULL), '[]')
                      FROM center ce WHERE EXISTS (SELECT 1 FROM case_study c WHERE c.center_id = ce.id AND c.shared_at IS NOT NULL)) AS regions,
                   (SELECT coalesce(jsonb_agg(DISTINCT ce.prefecture), '[]')
                      FROM center ce WHERE EXISTS (SELECT 1 FROM case_study c WHERE c.center_id = ce.id AND c.shared_at IS NOT NULL)) AS prefectures,
                   (SELECT coalesce(jsonb_agg(DISTINCT extract(year FROM s.starts_at AT TIME ZONE 'Asia/Tokyo')::int), '[]')
                      FROM case_study c JOIN session s ON s.id = c.session_id WHERE c.shared_at IS NOT NULL) AS years""")
        .execute()
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("topics", json(r.getValue("topics"))).put("regions", json(r.getValue("regions")))
              .put("prefectures", json(r.getValue("prefectures"))).put("years", json(r.getValue("years")));
        });
  }

  private static JsonArray json(Object v) {
    return v instanceof JsonArray a ? a : new JsonArray(String.valueOf(v));
  }
}
