package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** SQL of questions in advance (table case_question, owned by this package). */
final class QuestionStore {

  static final int MAX_PER_CASE = 100;

  private QuestionStore() {
  }

  private static final String SELECT = """
      SELECT q.id, q.case_id, q.text, q.answer, q.created_at, q.answered_at, p.name AS asked_by, p.center_id AS asked_center,
             a.name AS answered_by
        FROM case_question q LEFT JOIN person p ON p.id = q.person_id LEFT JOIN person a ON a.id = q.answered_by
      """;

  static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("caseId", r.getLong("case_id")).put("text", r.getString("text"))
        .put("askedBy", r.getString("asked_by")).put("askedAt", r.getOffsetDateTime("created_at").toString())
        .put("answer", r.getString("answer")).put("answeredBy", r.getString("answered_by"))
        .put("answeredAt", r.getOffsetDateTime("answered_at") == null ? null : r.getOffsetDateTime("answered_at").toString());
  }

  static Future<JsonArray> ofCase(SqlClient client, long caseId) {
    return client.preparedQuery(SELECT + " WHERE q.case_id = $1 ORDER BY q.id").execute(Tuple.of(caseId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(json(r)));
      return out;
    });
  }

  /** The question and the id of its case, or null. */
  static Future<Long> caseOf(SqlClient client, long questionId) {
    return client.preparedQuery("SELECT case_id FROM case_question WHERE id = $1").execute(Tuple.of(questionId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("case_id"));
  }

  /** Adds a question; null when the case has {@link #MAX_PER_CASE} already. */
  static Future<JsonObject> ask(SqlClient tx, long caseId, long personId, String text) {
    return tx.preparedQuery("""
            INSERT INTO case_question (case_id, person_id, text)
            SELECT $1, $2, $3 WHERE (SELECT count(*) FROM case_question WHERE case_id = $1) < $4 RETURNING id""")
        .execute(Tuple.of(caseId, personId, text, MAX_PER_CASE))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null)
            : tx.preparedQuery(SELECT + " WHERE q.id = $1").execute(Tuple.of(rows.iterator().next().getLong("id")))
                .map(r -> json(r.iterator().next())));
  }

  static Future<JsonObject> answer(SqlClient tx, long questionId, long personId, String answer) {
    return tx.preparedQuery("UPDATE case_question SET answer = $2, answered_by = $3, answered_at = now() WHERE id = $1")
        .execute(Tuple.of(questionId, answer, personId))
        .compose(x -> tx.preparedQuery(SELECT + " WHERE q.id = $1").execute(Tuple.of(questionId)))
        .map(r -> json(r.iterator().next()));
  }
}
