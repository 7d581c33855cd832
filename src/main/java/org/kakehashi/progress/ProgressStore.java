package org.kakehashi.progress;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What still needs doing in a round (README, "What still needs doing"): who of the paired centers'
 * staff has answered none of its candidate times, which published pairs have no session, and the
 * reminders sent. Owns {@code answer_reminder}; reads the others' tables.
 */
public final class ProgressStore {

  /** How long after a reminder the same person is not reminded again. */
  static final String THROTTLE = "1 day";

  /** A staff member of a paired center who has answered no candidate time of the round. */
  public record Unanswered(long personId, String name, String email, String locale, Long centerId, String centerName,
                           boolean canSignIn, OffsetDateTime remindedAt) {
  }

  private ProgressStore() {
  }

  /** Staff of the round's paired centers (coordinators excluded) with no answer to any of its slots, by center; none before a slot exists. */
  public static Future<List<Unanswered>> unanswered(SqlClient client, long roundId) {
    return client.preparedQuery("""
            SELECT p.id, p.name, p.email::text AS email, p.locale, p.center_id, c.name AS center,
                   p.password_hash IS NOT NULL AS can_sign_in, r.sent_at
              FROM pair_member pm
              JOIN person p ON p.center_id = pm.center_id AND 'staff' = ANY (p.roles) AND NOT 'coordinator' = ANY (p.roles)
              JOIN center c ON c.id = p.center_id
              LEFT JOIN answer_reminder r ON r.round_id = pm.round_id AND r.person_id = p.id
             WHERE pm.round_id = $1
               AND EXISTS (SELECT 1 FROM slot s WHERE s.round_id = $1)
               AND NOT EXISTS (SELECT 1 FROM availability a JOIN slot s ON s.id = a.slot_id
                                WHERE s.round_id = $1 AND a.person_id = p.id)
             ORDER BY c.name, c.id, p.name, p.id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<Unanswered> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Unanswered(r.getLong("id"), r.getString("name"), r.getString("email"), r.getString("locale"),
                r.getLong("center_id"), r.getString("center"), r.getBoolean("can_sign_in"), r.getOffsetDateTime("sent_at")));
          }
          return out;
        });
  }

  /** The pairs of the round (the caller checks they are published) that have no scheduled or held session. */
  public static Future<List<Long>> pairsWithoutSession(SqlClient client, long roundId) {
    return client.preparedQuery("""
            SELECT pr.id FROM pair pr
             WHERE pr.round_id = $1
               AND NOT EXISTS (SELECT 1 FROM session s WHERE s.pair_id = pr.id AND s.status <> 'cancelled')
             ORDER BY pr.id""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong("id")));
          return out;
        });
  }

  /**
   * Records a reminder to each of {@code personIds} not reminded for this round within the throttle,
   * and returns those (the others were reminded recently and are left out). One statement: two
   * coordinators pressing at once remind each person once.
   */
  public static Future<List<Long>> claim(SqlClient tx, long roundId, List<Long> personIds) {
    return tx.preparedQuery("""
            INSERT INTO answer_reminder (round_id, person_id)
            SELECT $1, x FROM unnest($2::bigint[]) AS x
            ON CONFLICT (round_id, person_id) DO UPDATE SET sent_at = now()
             WHERE answer_reminder.sent_at < now() - interval '%s'
            RETURNING person_id""".formatted(THROTTLE))
        .execute(Tuple.of(roundId, (Object) personIds.toArray(Long[]::new)))
        .map(rows -> {
          List<Long> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getLong("person_id")));
          return out;
        });
  }
}
