package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SQL of the case library (README, "Case library"): the cases their centers opened to the network,
 * found by the Kuromoji words stored with each case ({@code search_tokens}, GIN-indexed) and filtered by
 * topic, region, prefecture and year.
 */
public final class LibraryStore {

  /** A search: the tsquery (null: no words) and the filters (null: any). */
  record Query(String tsquery, String topic, String region, String prefecture, Integer year, int limit, int offset) {
  }

  private LibraryStore() {
  }

  /**
   * How many of the most recently opened matching cases are ranked: a common word matches a large part of a
   * big library, and ranking every match costs as much as reading them all (README, "Case library").
   */
  static final int CANDIDATES = 1000;

  /** The filters on a case and its center (c, ce); the year is on the session, looked up only when asked for. */
  private static final String FILTERS = """
         AND ($2::text IS NULL OR $2 = ANY (c.topics))
         AND ($3::text IS NULL OR ce.region = $3)
         AND ($4::text IS NULL OR ce.prefecture = $4)
         AND ($5::int IS NULL OR EXISTS (SELECT 1 FROM session y WHERE y.id = c.session_id
               AND y.starts_at >= make_timestamptz($5, 1, 1, 0, 0, 0, 'Asia/Tokyo')
               AND y.starts_at < make_timestamptz($5 + 1, 1, 1, 0, 0, 0, 'Asia/Tokyo')))
      """;

  private static final String COLUMNS = """
      SELECT c.id, c.title, c.summary, c.topics, c.shared_at, s.starts_at, r.title AS round_title,
             ce.id AS center_id, ce.name AS center_name, ce.city, ce.prefecture, ce.region
      """;

  /**
   * With words: the newest {@link #CANDIDATES} matches (at least the page asked for), ranked by ts_rank, then
   * newest session; the candidates' sessions are looked up for that order, and only the page's rows are
   * joined to their round.
   */
  private static final String WITH_WORDS = """
      WITH hit AS MATERIALIZED (
        SELECT c.id, c.title, c.summary, c.topics, c.shared_at, c.search_tokens, c.session_id,
               ce.id AS center_id, ce.name AS center_name, ce.city, ce.prefecture, ce.region
          FROM case_study c JOIN center ce ON ce.id = c.center_id
         WHERE c.shared_at IS NOT NULL AND c.search_tokens @@ to_tsquery('simple', $1)
      """ + FILTERS + """
         ORDER BY c.shared_at DESC, c.id DESC LIMIT $8),
      page AS (
        SELECT hit.*, s.starts_at, s.round_id, ts_rank(hit.search_tokens, to_tsquery('simple', $1)) AS rank
          FROM hit JOIN session s ON s.id = hit.session_id
         ORDER BY rank DESC, s.starts_at DESC, hit.id DESC LIMIT $6 OFFSET $7)
      SELECT page.id, page.title, page.summary, page.topics, page.shared_at, page.starts_at, r.title AS round_title,
             page.center_id, page.center_name, page.city, page.prefecture, page.region
        FROM page JOIN round r ON r.id = page.round_id
       ORDER BY page.rank DESC, page.starts_at DESC, page.id DESC""";

  /** Without words: the most recently opened first (the index on shared_at, read backwards). */
  private static final String WITHOUT_WORDS = COLUMNS + """
        FROM case_study c JOIN center ce ON ce.id = c.center_id JOIN session s ON s.id = c.session_id
        JOIN round r ON r.id = s.round_id
       WHERE c.shared_at IS NOT NULL AND ($1::text IS NULL)
      """ + FILTERS + """
       ORDER BY c.shared_at DESC, c.id DESC
       LIMIT $6 OFFSET $7""";

  /**
   * One search. It runs in a transaction that asks PostgreSQL for a plan made for this query's words and
   * filters (statements are cached per connection, and a generic plan cannot tell a rare word, best found
   * through the GIN index, from a common one, best found by reading the newest shared cases until enough match).
   */
  static Future<JsonObject> search(Pool pool, Query q) {
    int candidates = Math.max(CANDIDATES, q.offset() + q.limit() + 1);
    List<Object> params = new ArrayList<>(Arrays.asList(q.tsquery(), q.topic(), q.region(), q.prefecture(), q.year(),
        q.limit() + 1, q.offset()));
    if (q.tsquery() != null) {
      params.add(candidates);
    }
    return pool.withTransaction(tx -> tx.query("SET LOCAL plan_cache_mode = force_custom_plan").execute()
            .compose(x -> tx.preparedQuery(q.tsquery() == null ? WITHOUT_WORDS : WITH_WORDS).execute(Tuple.wrap(params))))
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

  /** The plan PostgreSQL chooses for a search of {@code words} (EXPLAIN ANALYZE), for the library benchmark's report. */
  public static Future<String> explain(Pool pool, String words, String topic, String region, String prefecture, Integer year) {
    Query q = new Query(CaseText.tsquery(words), topic, region, prefecture, year, 20, 0);
    List<Object> params = new ArrayList<>(Arrays.asList(q.tsquery(), q.topic(), q.region(), q.prefecture(), q.year(),
        q.limit() + 1, q.offset(), Math.max(CANDIDATES, q.offset() + q.limit() + 1)));
    return pool.withTransaction(tx -> tx.query("SET LOCAL plan_cache_mode = force_custom_plan").execute()
            .compose(x -> tx.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + WITH_WORDS).execute(Tuple.wrap(params))))
        .map(rows -> {
          StringBuilder b = new StringBuilder();
          rows.forEach(r -> b.append(r.getString(0)).append('\n'));
          return b.toString();
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
