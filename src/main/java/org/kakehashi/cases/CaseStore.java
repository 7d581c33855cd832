package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL of cases and case templates (tables case_study and case_template, owned by this package). */
public final class CaseStore {

  /** What a case's rules need of its session (read from the scheduling and pairing tables). */
  public record SessionInfo(long id, long roundId, OffsetDateTime startsAt, OffsetDateTime endsAt, String status,
                            Long facilitatorId, List<Long> centerIds, String roundTitle) {
    boolean held() {
      return "held".equals(status);
    }
  }

  /** A case as stored, with its center and presenters' names. */
  public record CaseRow(long id, long sessionId, long centerId, String centerName, String city, String prefecture,
                        String region, String title, String summary, JsonObject sections, JsonArray presenters,
                        Integer minutes, List<String> topics, String status, OffsetDateTime submittedAt,
                        OffsetDateTime sharedAt, int version, OffsetDateTime updatedAt, String updatedByName) {
    List<Long> presenterIds() {
      List<Long> ids = new ArrayList<>();
      presenters.forEach(o -> ids.add(((JsonObject) o).getLong("id")));
      return ids;
    }
  }

  /** The editable fields of a case, checked. */
  public record Fields(String title, String summary, JsonObject sections, List<Long> presenters, Integer minutes,
                       List<String> topics) {
  }

  private CaseStore() {
  }

  public static Future<SessionInfo> session(SqlClient client, long sessionId) {
    return client.preparedQuery("""
            SELECT s.id, s.round_id, s.starts_at, s.ends_at, s.status, s.facilitator_id, r.title,
                   array_agg(m.center_id ORDER BY m.center_id) AS centers
              FROM session s JOIN round r ON r.id = s.round_id JOIN pair_member m ON m.pair_id = s.pair_id
             WHERE s.id = $1 GROUP BY s.id, r.title""")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new SessionInfo(r.getLong("id"), r.getLong("round_id"), r.getOffsetDateTime("starts_at"),
              r.getOffsetDateTime("ends_at"), r.getString("status"), r.getLong("facilitator_id"),
              Arrays.asList(r.getArrayOfLongs("centers")), r.getString("title"));
        });
  }

  public static Future<CaseTemplate> template(SqlClient client, long roundId) {
    return client.preparedQuery("SELECT sections, due_days FROM case_template WHERE round_id = $1")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          if (rows.size() == 0) {
            return CaseTemplate.DEFAULT;
          }
          Row r = rows.iterator().next();
          List<CaseTemplate.Section> sections = new ArrayList<>();
          for (Object o : (JsonArray) r.getValue("sections")) {
            JsonObject s = (JsonObject) o;
            sections.add(new CaseTemplate.Section(s.getString("key"), s.getString("ja"), s.getString("en")));
          }
          return new CaseTemplate(List.copyOf(sections), r.getInteger("due_days"));
        });
  }

  public static Future<Void> putTemplate(SqlClient tx, long roundId, CaseTemplate t) {
    JsonArray sections = new JsonArray();
    t.sections().forEach(s -> sections.add(new JsonObject().put("key", s.key()).put("ja", s.ja()).put("en", s.en())));
    return tx.preparedQuery("""
            INSERT INTO case_template (round_id, sections, due_days) VALUES ($1, $2, $3)
            ON CONFLICT (round_id) DO UPDATE SET sections = EXCLUDED.sections, due_days = EXCLUDED.due_days, updated_at = now()""")
        .execute(Tuple.of(roundId, sections, t.dueDays())).mapEmpty();
  }

  private static final String SELECT = """
      SELECT c.id, c.session_id, c.center_id, ce.name AS center_name, ce.city, ce.prefecture, ce.region, c.title,
             c.summary, c.sections, c.minutes, c.topics, c.status, c.submitted_at, c.shared_at, c.version,
             c.updated_at, u.name AS updated_by_name,
             COALESCE((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'name', p.name) ORDER BY k.ord)
                         FROM unnest(c.presenters) WITH ORDINALITY AS k(pid, ord) JOIN person p ON p.id = k.pid), '[]'::jsonb)
               AS presenters
        FROM case_study c JOIN center ce ON ce.id = c.center_id LEFT JOIN person u ON u.id = c.updated_by
      """;

  public static Future<CaseRow> get(SqlClient client, long caseId) {
    return client.preparedQuery(SELECT + " WHERE c.id = $1").execute(Tuple.of(caseId))
        .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
  }

  public static Future<CaseRow> get(SqlClient client, long sessionId, long centerId) {
    return client.preparedQuery(SELECT + " WHERE c.session_id = $1 AND c.center_id = $2")
        .execute(Tuple.of(sessionId, centerId))
        .map(rows -> rows.size() == 0 ? null : row(rows.iterator().next()));
  }

  public static Future<List<CaseRow>> ofSession(SqlClient client, long sessionId) {
    return client.preparedQuery(SELECT + " WHERE c.session_id = $1 ORDER BY c.center_id").execute(Tuple.of(sessionId))
        .map(rows -> {
          List<CaseRow> out = new ArrayList<>();
          rows.forEach(r -> out.add(row(r)));
          return out;
        });
  }

  static CaseRow row(Row r) {
    Object sections = r.getValue("sections");
    Object presenters = r.getValue("presenters");
    return new CaseRow(r.getLong("id"), r.getLong("session_id"), r.getLong("center_id"), r.getString("center_name"),
        r.getString("city"), r.getString("prefecture"), r.getString("region"), r.getString("title"),
        r.getString("summary"), sections instanceof JsonObject o ? o : new JsonObject(String.valueOf(sections)),
        presenters instanceof JsonArray a ? a : new JsonArray(String.valueOf(presenters)), r.getInteger("minutes"),
        Arrays.asList(r.getArrayOfStrings("topics")), r.getString("status"), r.getOffsetDateTime("submitted_at"),
        r.getOffsetDateTime("shared_at"), r.getInteger("version"), r.getOffsetDateTime("updated_at"),
        r.getString("updated_by_name"));
  }

  /** How many of {@code ids} are people of {@code centerId}. */
  public static Future<Integer> staffCount(SqlClient client, long centerId, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return client.preparedQuery("SELECT count(*) AS n FROM person WHERE center_id = $1 AND id = ANY($2)")
        .execute(Tuple.of(centerId, (Object) ids.toArray(Long[]::new)))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /** Creates a case; null when the center already has one for the session (someone else was first). */
  public static Future<Long> insert(SqlClient tx, long sessionId, long centerId, Fields f, List<String> words, long by) {
    return tx.preparedQuery("""
            INSERT INTO case_study (session_id, center_id, title, summary, sections, presenters, minutes, topics,
                                    search_tokens, search_version, updated_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, array_to_string($9::text[], ' ')::tsvector, $11, $10)
            ON CONFLICT (session_id, center_id) DO NOTHING RETURNING id""")
        .execute(Tuple.wrap(Arrays.asList(sessionId, centerId, f.title(), f.summary(), f.sections(),
            f.presenters().toArray(Long[]::new), f.minutes(), f.topics().toArray(String[]::new),
            words.toArray(String[]::new), by, CaseText.VERSION)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
  }

  /** Saves a case when its version is still {@code version}; false when someone saved in between. */
  public static Future<Boolean> update(SqlClient tx, long caseId, int version, Fields f, List<String> words, long by) {
    return tx.preparedQuery("""
            UPDATE case_study SET title = $3, summary = $4, sections = $5, presenters = $6, minutes = $7, topics = $8,
                   search_tokens = array_to_string($9::text[], ' ')::tsvector, search_version = $11, updated_by = $10, version = version + 1,
                   updated_at = now()
             WHERE id = $1 AND version = $2""")
        .execute(Tuple.wrap(Arrays.asList(caseId, version, f.title(), f.summary(), f.sections(),
            f.presenters().toArray(Long[]::new), f.minutes(), f.topics().toArray(String[]::new),
            words.toArray(String[]::new), by, CaseText.VERSION)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Marks a case submitted; false when it already was. */
  public static Future<Boolean> submit(SqlClient tx, long caseId) {
    return tx.preparedQuery("UPDATE case_study SET status = 'submitted', submitted_at = now(), version = version + 1,"
            + " updated_at = now() WHERE id = $1 AND status = 'draft'")
        .execute(Tuple.of(caseId)).map(rows -> rows.rowCount() == 1);
  }

  /** Opens a case to the network or closes it again. */
  public static Future<Void> share(SqlClient tx, long caseId, boolean shared) {
    return tx.preparedQuery("UPDATE case_study SET shared_at = CASE WHEN $2 THEN COALESCE(shared_at, now()) END,"
            + " updated_at = now() WHERE id = $1")
        .execute(Tuple.of(caseId, shared)).mapEmpty();
  }

  /** The centers of a pair: id, name, city, prefecture. */
  public static Future<List<JsonObject>> centers(SqlClient client, List<Long> ids) {
    return client.preparedQuery("SELECT id, name, city, prefecture FROM center WHERE id = ANY($1) ORDER BY id")
        .execute(Tuple.of((Object) ids.toArray(Long[]::new)))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))
              .put("city", r.getString("city")).put("prefecture", r.getString("prefecture"))));
          return out;
        });
  }

  /** The staff of a center (the presenters its case may name): id and name. */
  public static Future<JsonArray> staff(SqlClient client, long centerId) {
    return client.preparedQuery("SELECT id, name FROM person WHERE center_id = $1 ORDER BY name, id LIMIT 500")
        .execute(Tuple.of(centerId))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(new JsonObject().put("id", r.getLong("id")).put("name", r.getString("name"))));
          return out;
        });
  }

  /**
   * Reading ahead (README, "Case studies"): for each session of the center's pairs still ahead (scheduled,
   * not yet ended), next first, each partner center with its case once submitted (a draft is the partner's
   * work in progress: it shows as not yet submitted) and when the round's cases are due. The center's
   * staff see these sessions' cases ({@link CaseAccess#seesSession}): the query reads only pairs the center is in.
   */
  public static Future<JsonArray> partnerCases(SqlClient client, long centerId) {
    return client.preparedQuery("""
            SELECT s.id AS session_id, s.round_id, r.title AS round_title, s.starts_at, s.ends_at,
                   COALESCE(ct.due_days, $2) AS due_days, pc.id AS center_id, pc.name, pc.city, pc.prefecture,
                   c.id AS case_id, c.title, c.summary, c.submitted_at,
                   (SELECT count(*) FROM case_question q WHERE q.case_id = c.id) AS questions
              FROM pair_member mine
              JOIN session s ON s.pair_id = mine.pair_id
              JOIN round r ON r.id = s.round_id
              JOIN pair_member other ON other.pair_id = mine.pair_id AND other.center_id <> mine.center_id
              JOIN center pc ON pc.id = other.center_id
              LEFT JOIN case_template ct ON ct.round_id = s.round_id
              LEFT JOIN case_study c ON c.session_id = s.id AND c.center_id = other.center_id AND c.status = 'submitted'
             WHERE mine.center_id = $1 AND s.status = 'scheduled' AND s.ends_at > now()
             ORDER BY s.starts_at, s.id, pc.id
             LIMIT 50""")
        .execute(Tuple.of(centerId, CaseTemplate.DEFAULT_DUE_DAYS))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> {
            OffsetDateTime starts = r.getOffsetDateTime("starts_at");
            Long caseId = r.getLong("case_id");
            out.add(new JsonObject().put("sessionId", r.getLong("session_id")).put("roundId", r.getLong("round_id"))
                .put("roundTitle", r.getString("round_title")).put("startsAt", starts.toString())
                .put("endsAt", r.getOffsetDateTime("ends_at").toString())
                .put("dueAt", starts.minusDays(r.getInteger("due_days")).toString())
                .put("center", new JsonObject().put("id", r.getLong("center_id")).put("name", r.getString("name"))
                    .put("city", r.getString("city")).put("prefecture", r.getString("prefecture")))
                .put("case", caseId == null ? null : new JsonObject().put("id", caseId).put("title", r.getString("title"))
                    .put("summary", r.getString("summary")).put("submittedAt", r.getOffsetDateTime("submitted_at").toString())
                    .put("questions", r.getLong("questions"))));
          });
          return out;
        });
  }

  /** Someone to e-mail about a case. */
  public record Reader(String email, String name, String locale) {
  }

  /** The staff of the session's other centers (the readers of a center's case). */
  public static Future<List<Reader>> partnerStaff(SqlClient client, CaseStore.SessionInfo s, long centerId) {
    List<Long> others = s.centerIds().stream().filter(c -> c != centerId).toList();
    return client.preparedQuery("SELECT email, name, locale FROM person WHERE center_id = ANY($1) AND password_hash IS NOT NULL"
            + " ORDER BY id")
        .execute(Tuple.of((Object) others.toArray(Long[]::new)))
        .map(rows -> {
          List<Reader> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Reader(r.getString("email"), r.getString("name"), r.getString("locale"))));
          return out;
        });
  }
}
