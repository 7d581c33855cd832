package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.ApiError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL for the {@code center} table. */
public final class CenterStore {

  private static final String COLUMNS =
      "id, code, name, city, prefecture, region, time_zone, latitude, longitude, topics, languages, contact_email, closed_weekdays";

  /** One page of centers and the total that matched. */
  public record Page(List<Center> centers, long total) {
  }

  private final Pool pool;

  public CenterStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Page> list(String query, int limit, int offset) {
    String where = " WHERE $1::text IS NULL OR name ILIKE $1 OR city ILIKE $1 OR prefecture ILIKE $1 OR code ILIKE $1";
    String pattern = query == null ? null : "%" + like(query) + "%";
    return pool.preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM center" + where
            + " ORDER BY id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(pattern, limit, offset))
        .compose(rows -> {
          List<Center> list = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            list.add(map(r));
            total = r.getLong("total");
          }
          if (!list.isEmpty() || offset == 0) {
            return Future.succeededFuture(new Page(list, total));
          }
          // Past the last page the window count has no row to ride on: count on its own.
          return pool.preparedQuery("SELECT count(*) AS n FROM center" + where).execute(Tuple.of(pattern))
              .map(c -> new Page(list, c.iterator().next().getLong("n")));
        });
  }

  public Future<Center> get(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM center WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> single(rows, "Center"));
  }

  /** True when a center with this id exists. */
  public static Future<Boolean> exists(SqlClient client, long id) {
    return client.preparedQuery("SELECT 1 FROM center WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  public Future<Center> create(CenterInput c) {
    return pool.preparedQuery("INSERT INTO center (code, name, city, prefecture, region, time_zone, latitude,"
            + " longitude, topics, languages, contact_email, closed_weekdays)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING " + COLUMNS)
        .execute(values(c))
        .map(rows -> single(rows, "Center"))
        .recover(CenterStore::codeTaken);
  }

  public Future<Center> update(long id, CenterInput c) {
    return pool.preparedQuery("UPDATE center SET code = $1, name = $2, city = $3, prefecture = $4, region = $5,"
            + " time_zone = $6, latitude = $7, longitude = $8, topics = $9, languages = $10, contact_email = $11,"
            + " closed_weekdays = $12, updated_at = now() WHERE id = $13 RETURNING " + COLUMNS)
        .execute(values(c).addLong(id))
        .map(rows -> single(rows, "Center"))
        .recover(CenterStore::codeTaken);
  }

  public Future<Void> delete(long id) {
    return pool.preparedQuery("DELETE FROM center WHERE id = $1")
        .execute(Tuple.of(id))
        .recover(err -> Future.failedFuture(err instanceof PgException pg && "23503".equals(pg.getSqlState())
            ? ApiError.conflict("center_in_use", "This center still has people (or sessions). Move or remove them first.")
            : err))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("Center")) : Future.succeededFuture());
  }

  /** Creates or updates (by code) every center in one statement; returns {created, updated}. */
  public static Future<int[]> upsertAll(SqlClient tx, List<CenterInput> centers) {
    int n = centers.size();
    String[] code = new String[n], name = new String[n], city = new String[n], pref = new String[n],
        region = new String[n], tz = new String[n], topics = new String[n], langs = new String[n], email = new String[n],
        closed = new String[n];
    Double[] lat = new Double[n], lon = new Double[n];
    for (int i = 0; i < n; i++) {
      CenterInput c = centers.get(i);
      code[i] = c.code();
      name[i] = c.name();
      city[i] = c.city();
      pref[i] = c.prefecture();
      region[i] = c.region();
      tz[i] = c.timeZone();
      lat[i] = c.latitude();
      lon[i] = c.longitude();
      topics[i] = String.join("\u001f", c.topics());
      langs[i] = String.join("\u001f", c.languages());
      email[i] = c.contactEmail();
      closed[i] = c.closedWeekdays().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }
    return tx.preparedQuery("""
            INSERT INTO center (code, name, city, prefecture, region, time_zone, latitude, longitude, topics,
                                languages, contact_email, closed_weekdays)
            SELECT u.code, u.name, u.city, u.prefecture, u.region, u.tz, u.lat, u.lon,
                   string_to_array(u.topics, E'\\x1f'), string_to_array(u.langs, E'\\x1f'), u.email,
                   coalesce(string_to_array(nullif(u.closed, ''), ',')::int[], '{}')
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                          $8::float8[], $9::text[], $10::text[], $11::text[], $12::text[])
                   AS u(code, name, city, prefecture, region, tz, lat, lon, topics, langs, email, closed)
            ON CONFLICT (code) DO UPDATE
               SET name = EXCLUDED.name, city = EXCLUDED.city, prefecture = EXCLUDED.prefecture,
                   region = EXCLUDED.region, time_zone = EXCLUDED.time_zone, latitude = EXCLUDED.latitude,
                   longitude = EXCLUDED.longitude, topics = EXCLUDED.topics, languages = EXCLUDED.languages,
                   contact_email = EXCLUDED.contact_email, closed_weekdays = EXCLUDED.closed_weekdays, updated_at = now()
            RETURNING (xmax = 0) AS created
            """)
        .execute(Tuple.of(code, name, city, pref, region, tz).addArrayOfDouble(lat).addArrayOfDouble(lon)
            .addArrayOfString(topics).addArrayOfString(langs).addArrayOfString(email).addArrayOfString(closed))
        .map(CenterStore::createdUpdated);
  }

  static int[] createdUpdated(RowSet<Row> rows) {
    int created = 0;
    int updated = 0;
    for (Row r : rows) {
      if (r.getBoolean("created")) {
        created++;
      } else {
        updated++;
      }
    }
    return new int[] {created, updated};
  }

  private static Tuple values(CenterInput c) {
    return Tuple.of(c.code(), c.name(), c.city(), c.prefecture(), c.region(), c.timeZone())
        .addDouble(c.latitude()).addDouble(c.longitude())
        .addArrayOfString(c.topics().toArray(String[]::new))
        .addArrayOfString(c.languages().toArray(String[]::new))
        .addString(c.contactEmail())
        .addArrayOfInteger(c.closedWeekdays().toArray(Integer[]::new));
  }

  private static <T> Future<T> codeTaken(Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new ApiError(409, "code_taken", "Another center already has this code.", "code", null));
    }
    return Future.failedFuture(err);
  }

  private static Center single(RowSet<Row> rows, String what) {
    if (rows.size() == 0) {
      throw ApiError.notFound(what);
    }
    return map(rows.iterator().next());
  }

  static Center map(Row r) {
    return new Center(r.getLong("id"), r.getString("code"), r.getString("name"), r.getString("city"),
        r.getString("prefecture"), r.getString("region"), r.getString("time_zone"), r.getDouble("latitude"),
        r.getDouble("longitude"), Arrays.asList(r.getArrayOfStrings("topics")),
        Arrays.asList(r.getArrayOfStrings("languages")), r.getString("contact_email"),
        Arrays.asList(r.getArrayOfIntegers("closed_weekdays")));
  }

  /** Escapes LIKE wildcards in a search term. */
  static String like(String q) {
    return q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
