package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * SQL of the case library (README, "Case library"): the cases their centers opened to the network, newest
 * session first, found by the Kuromoji words stored with each case ({@code search_tokens}, GIN-indexed with
 * the topics) and filtered by topic, region, prefecture and year, every filter answerable from an index.
 */
public final class LibraryStore {

  /** A search: the tsquery (null: no words) and the filters (null: any). */
  record Query(String tsquery, String topic, String region, String prefecture, Integer year, int limit, int offset) {
  }

  private LibraryStore() {
  }

  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  /**
   * The conditions of a search: $1 the tsquery (null: no words), $2 the topic, $3 the ids of the region's or
   * prefecture's centers (looked up first, so that the planner sees how many they are), $4 and $5 the year's
   * bounds in Japan time. PostgreSQL plans each search for its own values (see {@link #search}): a null filter is
   * no condition at all, a rare word is read from the GIN index (intersected there with the topic, its bitmap
   * ANDed with the one of the centers or of a range of the order), a common word or a broad filter walks
   * {@code case_study_library} backwards until enough rows pass.
   */
  private static final String MATCH = """
      SELECT c.id FROM case_study c
       WHERE c.shared_at IS NOT NULL
         AND ($1::text IS NULL OR c.search_tokens @@ $1::text::tsquery)
         AND ($2::text IS NULL OR c.topics @> ARRAY[$2::text])
         AND ($3::bigint[] IS NULL OR c.center_id = ANY ($3::bigint[]))
         AND ($4::timestamptz IS NULL OR (c.session_starts_at >= $4::timestamptz AND c.session_starts_at < $5::timestamptz))
      """;

  private static final String ORDER = " ORDER BY c.session_starts_at DESC NULLS LAST, c.id DESC LIMIT $6::int + $7::int";

  /**
   * The page's ids, newest session first: $6 the rows wanted (one more than the page, to say whether there are
   * more), $7 the offset, $8 the start of the {@link #WINDOW} newest shared cases (null: no window). The matches
   * within the window come first, then the older ones, read only when the window's do not fill the page (a
   * plain Append runs its parts in order and stops with the LIMIT; no parallel plans in this transaction). A
   * word about one case in 40 uses would otherwise cost thousands of rows read, one for each match (or for each
   * row walked) to learn its session's start; in the window its GIN bitmap is ANDed with the order's range, so
   * only the matches inside are read.
   */
  private static final String PAGE = "SELECT id FROM ((" + MATCH + " AND c.session_starts_at >= $8::timestamptz" + ORDER
      + ") UNION ALL (" + MATCH + " AND ($8::timestamptz IS NULL OR c.session_starts_at < $8::timestamptz)" + ORDER
      + ")) x LIMIT $6 OFFSET $7";

  /** The page's cases with their center and round (only the page's rows are joined). */
  private static final String SEARCH = "WITH page AS MATERIALIZED (" + PAGE + """
      )
      SELECT c.id, c.title, c.summary, c.topics, c.shared_at, s.starts_at, r.title AS round_title,
             ce.id AS center_id, ce.name AS center_name, ce.city, ce.prefecture, ce.region
        FROM page JOIN case_study c ON c.id = page.id JOIN center ce ON ce.id = c.center_id
        JOIN session s ON s.id = c.session_id JOIN round r ON r.id = s.round_id
       ORDER BY c.session_starts_at DESC NULLS LAST, c.id DESC""";

  /**
   * One search, in a transaction of its own with plans made for this query's words and filters
   * ({@code plan_cache_mode = force_custom_plan}: statements are cached per connection, and a generic plan can
   * neither tell a rare word from a common one nor drop the conditions of the filters not asked for). The
   * commands are written without waiting for each other's answers (pipelined): BEGIN, SET LOCAL and the place's
   * centers (with a region or prefecture), then the page and COMMIT; one or two round trips to PostgreSQL.
   */
  static Future<JsonObject> search(Pool pool, Query q) {
    OffsetDateTime window = window(pool);
    return pool.withConnection(conn -> run(conn, SEARCH, q, window))
        .map(rows -> {
          JsonArray out = new JsonArray();
          boolean more = false;
          for (Row r : rows) {
            if (out.size() == q.limit()) {
              more = true;
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
          return new JsonObject().put("cases", out).put("more", more).put("offset", q.offset());
        });
  }

  /** The year's bounds in Japan time (nulls without a year). */
  private static OffsetDateTime[] year(Query q) {
    return q.year() == null ? new OffsetDateTime[2] : new OffsetDateTime[] {
        LocalDate.of(q.year(), 1, 1).atStartOfDay(JAPAN).toOffsetDateTime(),
        LocalDate.of(q.year() + 1, 1, 1).atStartOfDay(JAPAN).toOffsetDateTime()};
  }

  private static Tuple params(Query q, Long[] centers, OffsetDateTime window) {
    OffsetDateTime[] year = year(q);
    return Tuple.wrap(new ArrayList<>(Arrays.asList(q.tsquery(), q.topic(), centers, year[0], year[1], q.limit() + 1, q.offset(),
        window)));
  }

  /** How many of the newest shared cases a search looks at first (see {@link #PAGE}). */
  static final int WINDOW = 5000;
  /** How long the window's start is used before it is read again. */
  static final long WINDOW_MILLIS = 60_000;

  private record Window(OffsetDateTime since, long readAt) {
  }

  /**
   * The window's start per database (pool), read again in the background once a minute. Any start gives the
   * same answers (the parts only split the order), so an old one costs time at most; nothing is kept that
   * another instance would need.
   */
  private static final Map<Pool, Window> WINDOWS = Collections.synchronizedMap(new WeakHashMap<>());

  private static OffsetDateTime window(Pool pool) {
    Window w = WINDOWS.get(pool);
    long now = System.currentTimeMillis();
    if (w == null || now - w.readAt() > WINDOW_MILLIS) {
      WINDOWS.put(pool, new Window(w == null ? null : w.since(), now));
      pool.preparedQuery("""
              SELECT session_starts_at FROM case_study WHERE session_starts_at IS NOT NULL
               ORDER BY session_starts_at DESC NULLS LAST OFFSET $1 LIMIT 1""")
          .execute(Tuple.of(WINDOW - 1))
          .onSuccess(rows -> WINDOWS.put(pool, new Window(rows.size() == 0 ? null
              : rows.iterator().next().getOffsetDateTime("session_starts_at"), System.currentTimeMillis())));
    }
    return w == null ? null : w.since();
  }

  /** {@code sql} (the page, with {@link #params}) in its transaction; no rows when the place has no centers. */
  private static Future<RowSet<Row>> run(SqlConnection conn, String sql, Query q, OffsetDateTime window) {
    Future<RowSet<Row>> begin = conn.query("BEGIN READ ONLY").execute();
    Future<RowSet<Row>> custom = conn.query("SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL max_parallel_workers_per_gather = 0")
        .execute();
    Future<Long[]> centers = q.region() == null && q.prefecture() == null ? Future.succeededFuture(null)
        : conn.preparedQuery("""
                SELECT coalesce(array_agg(id ORDER BY id), '{}') AS ids FROM center
                 WHERE ($1::text IS NULL OR region = $1) AND ($2::text IS NULL OR prefecture = $2)""")
            .execute(Tuple.of(q.region(), q.prefecture())).map(rows -> rows.iterator().next().getArrayOfLongs("ids"));
    return Future.all(begin, custom, centers).compose(x -> {
      Long[] ids = centers.result();
      Future<RowSet<Row>> rows = conn.preparedQuery(sql).execute(params(q, ids != null && ids.length == 0 ? new Long[] {-1L} : ids,
          window));
      Future<RowSet<Row>> commit = conn.query("COMMIT").execute();
      return Future.all(rows, commit).map(y -> rows.result());
    }, e -> conn.query("ROLLBACK").execute().transform(y -> Future.failedFuture(e)));
  }

  /** The plan PostgreSQL chooses for a search's page (EXPLAIN ANALYZE, BUFFERS), for the library benchmark's report. */
  public static Future<String> explain(Pool pool, String words, String topic, String region, String prefecture, Integer year) {
    return explain(pool, new Query(words == null ? null : CaseText.tsquery(words), topic, region, prefecture, year, 20, 0));
  }

  static Future<String> explain(Pool pool, Query q) {
    OffsetDateTime window = window(pool);
    return pool.withConnection(conn -> run(conn, "EXPLAIN (ANALYZE, BUFFERS) " + PAGE, q, window))
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
