package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL for inviting many people at once: who has never been invited (no password, no link still
 * valid), in all centers, one center, or given centers. Rows are locked and skipped when locked,
 * so two coordinators pressing at once never invite one person twice.
 */
public final class BulkInviteStore {

  /** A person to invite. */
  public record Invitee(long id, String email, String name, String locale) {
  }

  private static final String UNINVITED = """
      FROM person p
      WHERE p.password_hash IS NULL
        AND ($1::bigint[] IS NULL OR p.center_id = ANY ($1))
        AND NOT EXISTS (SELECT 1 FROM invitation i WHERE i.person_id = p.id AND i.used_at IS NULL AND i.expires_at > now())
      """;

  private BulkInviteStore() {
  }

  /** Up to {@code limit} people not invited yet, oldest first, locked for this transaction. */
  public static Future<List<Invitee>> next(SqlClient tx, Long[] centerIds, int limit) {
    return tx.preparedQuery("SELECT p.id, p.email::text AS email, p.name, p.locale " + UNINVITED
            + " ORDER BY p.id LIMIT $2 FOR UPDATE OF p SKIP LOCKED")
        .execute(Tuple.of(centerIds, limit))
        .map(rows -> {
          List<Invitee> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Invitee(r.getLong("id"), r.getString("email"), r.getString("name"), r.getString("locale")));
          }
          return out;
        });
  }

  /** How many are not invited yet. */
  public static Future<Long> count(SqlClient db, Long[] centerIds) {
    return db.preparedQuery("SELECT count(*) AS n " + UNINVITED).execute(Tuple.of((Object) centerIds))
        .map(rows -> rows.iterator().next().getLong("n"));
  }
}
