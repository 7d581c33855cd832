package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sessions of one person for their home page (SQL only): every session they are signed up or
 * waiting for, of any center, from two weeks back, and the sessions ahead of their own center's pairs
 * they have not signed up for yet. Reads the session, round, room and reflection tables of their owners.
 */
public final class MySessionsStore {

  /** One session as its participant sees it; {@code joinUrl} only with a confirmed seat. */
  public record Mine(long sessionId, long roundId, String roundTitle, OffsetDateTime startsAt, OffsetDateTime endsAt,
                     String status, String registration, Integer position, String joinUrl, String roomName,
                     String roomTopic, List<String> centers, List<String> cities, boolean reflected) {
  }

  private static final String MINE = """
      SELECT s.id, s.round_id, r.title, s.starts_at, s.ends_at, s.status, g.status AS registration,
             CASE WHEN g.status = 'waitlisted' THEN
               (SELECT count(*) FROM registration w WHERE w.session_id = s.id AND w.status = 'waitlisted'
                   AND w.waitlist_seq <= g.waitlist_seq) END AS position,
             CASE WHEN g.status = 'confirmed' THEN s.join_url END AS join_url,
             rm.name AS room_name, rm.topic AS room_topic,
             (SELECT array_agg(c.name ORDER BY c.id) FROM pair_member m JOIN center c ON c.id = m.center_id
               WHERE m.pair_id = s.pair_id) AS centers,
             (SELECT array_agg(c.city ORDER BY c.id) FROM pair_member m JOIN center c ON c.id = m.center_id
               WHERE m.pair_id = s.pair_id) AS cities,
             EXISTS (SELECT 1 FROM reflection f WHERE f.session_id = s.id AND f.person_id = $1) AS reflected
        FROM session s
        JOIN round r ON r.id = s.round_id
        LEFT JOIN registration g ON g.session_id = s.id AND g.person_id = $1
        LEFT JOIN room_member mm ON mm.session_id = s.id AND mm.person_id = $1 AND g.status = 'confirmed'
        LEFT JOIN room rm ON rm.id = mm.room_id
       WHERE s.status <> 'cancelled'
         AND ((g.id IS NOT NULL AND s.ends_at > now() - interval '14 days')
           OR (g.id IS NULL AND s.ends_at > now() AND $2::bigint IS NOT NULL
               AND EXISTS (SELECT 1 FROM pair_member m WHERE m.pair_id = s.pair_id AND m.center_id = $2)))
       ORDER BY s.starts_at, s.id
       LIMIT 200
      """;

  private MySessionsStore() {
  }

  public static Future<List<Mine>> of(SqlClient db, long personId, Long centerId) {
    return db.preparedQuery(MINE).execute(Tuple.of(personId, centerId)).map(rows -> {
      List<Mine> out = new ArrayList<>();
      for (Row r : rows) {
        Long position = r.getLong("position");
        out.add(new Mine(r.getLong("id"), r.getLong("round_id"), r.getString("title"), r.getOffsetDateTime("starts_at"),
            r.getOffsetDateTime("ends_at"), r.getString("status"), r.getString("registration"),
            position == null ? null : position.intValue(), r.getString("join_url"), r.getString("room_name"),
            r.getString("room_topic"), strings(r, "centers"), strings(r, "cities"), r.getBoolean("reflected")));
      }
      return out;
    });
  }

  private static List<String> strings(Row r, String column) {
    String[] a = r.getArrayOfStrings(column);
    return a == null ? List.of() : Arrays.asList(a);
  }
}
