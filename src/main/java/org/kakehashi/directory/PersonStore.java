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
import java.util.Set;

/** SQL for the {@code person} table. */
public final class PersonStore {

  static final String COLUMNS = """
      p.id, p.email::text AS email, p.name, p.center_id, p.roles, p.locale,
      (SELECT c.name FROM center c WHERE c.id = p.center_id) AS center_name,
      CASE WHEN p.password_hash IS NOT NULL THEN 'active'
           WHEN EXISTS (SELECT 1 FROM invitation i
                         WHERE i.person_id = p.id AND i.used_at IS NULL AND i.expires_at > now()) THEN 'invited'
           ELSE 'new' END AS status
      """;

  /** One page of people and the total that matched. */
  public record Page(List<Person> people, long total) {
  }

  /** What sign-in needs to know of a person. */
  public record Credentials(long id, String passwordHash, String email, String name, String locale) {
  }

  /** A people-CSV row after validation, its center still a code. */
  public record Imported(String email, String name, String centerCode, List<String> roles, String locale) {
  }

  private final Pool pool;

  public PersonStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * One page of people. {@code matchEmail}: whether the search may match e-mail addresses; only for
   * searchers who see them (coordinators), so a search cannot read a hidden field one character at a time.
   */
  public Future<Page> list(Long centerId, String role, String query, boolean matchEmail, int limit, int offset) {
    String where = " WHERE ($1::bigint IS NULL OR p.center_id = $1)"
        + "   AND ($2::text IS NULL OR $2 = ANY (p.roles))"
        + "   AND ($3::text IS NULL OR p.name ILIKE $3" + (matchEmail ? " OR p.email::text ILIKE $3" : "") + ")";
    Tuple filter = Tuple.of(centerId, role, query == null ? null : "%" + CenterStore.like(query) + "%");
    return pool.preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM person p" + where
            + " ORDER BY p.center_id NULLS FIRST, p.id LIMIT $4 OFFSET $5")
        .execute(Tuple.of(filter.getValue(0), filter.getValue(1), filter.getValue(2), limit, offset))
        .compose(rows -> {
          List<Person> list = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            list.add(map(r));
            total = r.getLong("total");
          }
          if (!list.isEmpty() || offset == 0) {
            return Future.succeededFuture(new Page(list, total));
          }
          // Past the last page the window count has no row to ride on: count on its own.
          return pool.preparedQuery("SELECT count(*) AS n FROM person p" + where).execute(filter)
              .map(c -> new Page(list, c.iterator().next().getLong("n")));
        });
  }

  public Future<Person> get(long id) {
    return get(pool, id);
  }

  public static Future<Person> get(SqlClient client, long id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM person p WHERE p.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> single(rows));
  }

  public Future<Person> create(PersonInput in) {
    return pool.withTransaction(tx -> checkCenter(tx, in.centerId())
        .compose(v -> tx.preparedQuery("INSERT INTO person (email, name, center_id, roles, locale)"
                + " VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .execute(Tuple.of(in.email(), in.name(), in.centerId(), in.roles().toArray(String[]::new), in.locale())))
        .compose(rows -> get(tx, rows.iterator().next().getLong("id"))))
        .recover(PersonStore::emailTaken);
  }

  /** Replaces a person's directory data; refuses to take the role away from the last coordinator. */
  public Future<Person> update(long id, PersonInput in) {
    return pool.withTransaction(tx -> checkCenter(tx, in.centerId())
        .compose(v -> in.roles().contains("coordinator") ? Future.succeededFuture() : keepOneCoordinator(tx, id))
        .compose(v -> tx.preparedQuery("UPDATE person SET email = $2, name = $3, center_id = $4, roles = $5,"
                + " locale = $6, updated_at = now() WHERE id = $1")
            .execute(Tuple.of(id, in.email(), in.name(), in.centerId(), in.roles().toArray(String[]::new), in.locale())))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("Person")) : get(tx, id)))
        .recover(PersonStore::emailTaken);
  }

  /** The signed-in person's own changes: name and language. */
  public Future<Person> updateSelf(long id, String name, String locale) {
    return pool.preparedQuery("UPDATE person SET name = coalesce($2, name), locale = coalesce($3, locale),"
            + " updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id, name, locale))
        .compose(rows -> get(id));
  }

  public Future<Void> delete(long id) {
    return pool.withTransaction(tx -> keepOneCoordinator(tx, id)
        .compose(v -> tx.preparedQuery("DELETE FROM person WHERE id = $1").execute(Tuple.of(id))))
        .recover(err -> Future.failedFuture(err instanceof PgException pg && "23503".equals(pg.getSqlState())
            ? ApiError.conflict("person_in_use", "This person has sign-ups or other records; they cannot be removed.")
            : err))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(ApiError.notFound("Person")) : Future.succeededFuture());
  }

  public Future<Credentials> credentials(String email) {
    return pool.preparedQuery("SELECT id, password_hash, email::text AS email, name, locale FROM person WHERE email = $1")
        .execute(Tuple.of(email))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          var r = rows.iterator().next();
          return new Credentials(r.getLong("id"), r.getString("password_hash"), r.getString("email"), r.getString("name"),
              r.getString("locale"));
        });
  }

  /** The stored password hash of a person (null when none is set). */
  public static Future<String> passwordHash(SqlClient client, long id) {
    return client.preparedQuery("SELECT password_hash FROM person WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("password_hash"));
  }

  public static Future<Void> setName(SqlClient tx, long id, String name) {
    return tx.preparedQuery("UPDATE person SET name = $2 WHERE id = $1").execute(Tuple.of(id, name)).mapEmpty();
  }

  public static Future<Void> setPassword(SqlClient tx, long id, String hash) {
    return tx.preparedQuery("UPDATE person SET password_hash = $2, password_changed_at = now(), updated_at = now()"
            + " WHERE id = $1")
        .execute(Tuple.of(id, hash)).mapEmpty();
  }

  public static Future<Boolean> anyCoordinator(SqlClient client) {
    return client.query("SELECT 1 FROM person WHERE 'coordinator' = ANY (roles) LIMIT 1").execute()
        .map(rows -> rows.size() > 0);
  }

  /** The center codes among {@code codes} that exist. */
  public static Future<Set<String>> existingCenterCodes(SqlClient client, Set<String> codes) {
    return client.preparedQuery("SELECT code FROM center WHERE code = ANY ($1)")
        .execute(Tuple.of(codes.toArray(String[]::new)))
        .map(rows -> {
          Set<String> found = new java.util.HashSet<>();
          rows.forEach(r -> found.add(r.getString("code")));
          return found;
        });
  }

  /** Creates or updates (by e-mail) every person in one statement; returns {created, updated}. */
  /** One password for every person whose e-mail is at {@code domain} (the demo's shared password). */
  public static Future<Void> setPasswordOfDomain(SqlClient tx, String domain, String hash) {
    return tx.preparedQuery("UPDATE person SET password_hash = $1, password_changed_at = now() WHERE email::text LIKE $2")
        .execute(Tuple.of(hash, "%@" + domain)).mapEmpty();
  }

  public static Future<int[]> upsertAll(SqlClient tx, List<Imported> people) {
    int n = people.size();
    String[] email = new String[n], name = new String[n], center = new String[n], roles = new String[n],
        locale = new String[n];
    for (int i = 0; i < n; i++) {
      Imported p = people.get(i);
      email[i] = p.email();
      name[i] = p.name();
      center[i] = p.centerCode();
      roles[i] = String.join(",", p.roles());
      locale[i] = p.locale();
    }
    return tx.preparedQuery("""
            INSERT INTO person (email, name, center_id, roles, locale)
            SELECT u.email, u.name, c.id, string_to_array(u.roles, ','), u.locale
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                   AS u(email, name, center_code, roles, locale)
              LEFT JOIN center c ON c.code = u.center_code
            ON CONFLICT (email) DO UPDATE
               SET name = EXCLUDED.name, center_id = EXCLUDED.center_id, roles = EXCLUDED.roles,
                   locale = EXCLUDED.locale, updated_at = now()
            RETURNING (xmax = 0) AS created
            """)
        .execute(Tuple.of(email, name, center, roles, locale))
        .map(CenterStore::createdUpdated);
  }

  private static Future<Void> checkCenter(SqlClient tx, Long centerId) {
    if (centerId == null) {
      return Future.succeededFuture();
    }
    return CenterStore.exists(tx, centerId).compose(found -> found ? Future.succeededFuture()
        : Future.failedFuture(new ApiError(422, "invalid", "There is no center with this id.", "centerId", null)));
  }

  /** Fails when {@code id} is the only coordinator left (locks the coordinators while checking). */
  private static Future<Void> keepOneCoordinator(SqlClient tx, long id) {
    return tx.query("SELECT id FROM person WHERE 'coordinator' = ANY (roles) ORDER BY id FOR UPDATE").execute()
        .compose(rows -> {
          boolean isOne = false;
          for (Row r : rows) {
            isOne |= r.getLong("id") == id;
          }
          return isOne && rows.size() == 1
              ? Future.failedFuture(ApiError.conflict("last_coordinator", "At least one coordinator must remain."))
              : Future.succeededFuture();
        });
  }

  private static <T> Future<T> emailTaken(Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new ApiError(409, "email_taken", "Someone else already has this e-mail address.", "email", null));
    }
    return Future.failedFuture(err);
  }

  private static Person single(RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw ApiError.notFound("Person");
    }
    return map(rows.iterator().next());
  }

  static Person map(Row r) {
    return new Person(r.getLong("id"), r.getString("email"), r.getString("name"), r.getLong("center_id"),
        r.getString("center_name"), Arrays.asList(r.getArrayOfStrings("roles")), r.getString("locale"), r.getString("status"));
  }
}
