package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;

/**
 * Which centers' cases are missing or still drafts in a round's scheduled sessions, with their due date
 * (README, "What still needs doing"): read by the coordinator's panel through progress's {@code CasesDue}.
 */
public final class CaseProgress {

  private CaseProgress() {
  }

  /** See {@code org.kakehashi.progress.CasesDue#missing} (each session also names its pair: {@code pair}, the centers' names). */
  public static Future<JsonArray> missing(SqlClient client, long roundId) {
    return client.preparedQuery("""
            SELECT s.id AS session_id, s.starts_at,
                   s.starts_at - make_interval(days => COALESCE(t.due_days, $2)) AS due_at,
                   m.center_id, ce.name AS center_name, c.id AS case_id, c.status,
                   ARRAY(SELECT pc.name FROM pair_member pm JOIN center pc ON pc.id = pm.center_id
                          WHERE pm.pair_id = s.pair_id ORDER BY pc.id) AS pair_names
              FROM session s
              JOIN pair_member m ON m.pair_id = s.pair_id
              JOIN center ce ON ce.id = m.center_id
              LEFT JOIN case_template t ON t.round_id = s.round_id
              LEFT JOIN case_study c ON c.session_id = s.id AND c.center_id = m.center_id
             WHERE s.round_id = $1 AND s.status = 'scheduled' AND (c.id IS NULL OR c.status <> 'submitted')
             ORDER BY due_at, s.id, ce.name, m.center_id""")
        .execute(Tuple.of(roundId, CaseTemplate.DEFAULT_DUE_DAYS))
        .map(rows -> {
          JsonArray out = new JsonArray();
          JsonObject current = null;
          OffsetDateTime now = OffsetDateTime.now();
          for (Row r : rows) {
            long session = r.getLong("session_id");
            if (current == null || current.getLong("sessionId") != session) {
              OffsetDateTime due = r.getOffsetDateTime("due_at");
              current = new JsonObject().put("sessionId", session).put("startsAt", r.getOffsetDateTime("starts_at").toString())
                  .put("dueAt", due.toString()).put("overdue", due.isBefore(now))
                  .put("pair", new JsonArray(java.util.Arrays.asList(r.getArrayOfStrings("pair_names")))).put("centers", new JsonArray());
              out.add(current);
            }
            Long caseId = r.getLong("case_id");
            current.getJsonArray("centers").add(new JsonObject().put("centerId", r.getLong("center_id"))
                .put("centerName", r.getString("center_name")).put("state", caseId == null ? "not_started" : "draft")
                .put("caseId", caseId));
          }
          return out;
        });
  }
}
