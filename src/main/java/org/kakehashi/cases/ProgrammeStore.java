package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.rooms.RoomStore;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL of programmes (tables session_programme and round_programme, owned by this package), and the programme
 * of a session: its facilitator's steps, else its round's template, else {@link Programme#DEFAULT}.
 */
public final class ProgrammeStore {

  private ProgrammeStore() {
  }

  /** Where a session's steps come from: {@code session} (its facilitator's), {@code round} (the template) or {@code default}. */
  record Steps(List<Programme.Step> steps, String source) {
    boolean edited() {
      return "session".equals(source);
    }
  }

  /** The facilitator's steps for the session, or null when it follows its round's template. */
  static Future<List<Programme.Step>> steps(SqlClient client, long sessionId) {
    return client.preparedQuery("SELECT items FROM session_programme WHERE session_id = $1").execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? null : steps(rows.iterator().next().getValue("items")));
  }

  /** The steps a session follows: its own, else its round's template, else the default. */
  static Future<Steps> stepsOf(SqlClient client, CaseStore.SessionInfo s) {
    return steps(client, s.id()).compose(own -> own != null ? Future.succeededFuture(new Steps(own, "session"))
        : roundTemplate(client, s.roundId()).map(t -> t == null ? new Steps(Programme.DEFAULT, "default")
            : new Steps(t.steps(), "round")));
  }

  private static List<Programme.Step> steps(Object v) {
    JsonArray items = v instanceof JsonArray a ? a : new JsonArray(String.valueOf(v));
    List<Programme.Step> out = new ArrayList<>();
    items.forEach(o -> {
      JsonObject s = (JsonObject) o;
      out.add(new Programme.Step(s.getString("kind"), s.getString("ja"), s.getString("en"), s.getInteger("minutes")));
    });
    return List.copyOf(out);
  }

  /** A round's programme template as edited: its steps, when and by whom. */
  record RoundTemplate(List<Programme.Step> steps, java.time.OffsetDateTime updatedAt, String updatedBy) {
  }

  /** The round's programme template, or null when the round has none (its sessions follow the default). */
  static Future<RoundTemplate> roundTemplate(SqlClient client, long roundId) {
    return client.preparedQuery("""
            SELECT t.items, t.updated_at, p.name FROM round_programme t LEFT JOIN person p ON p.id = t.updated_by
             WHERE t.round_id = $1""")
        .execute(Tuple.of(roundId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          var r = rows.iterator().next();
          return new RoundTemplate(steps(r.getValue("items")), r.getOffsetDateTime("updated_at"), r.getString("name"));
        });
  }

  static Future<Void> putRound(SqlClient tx, long roundId, List<Programme.Step> steps, long by) {
    return tx.preparedQuery("""
            INSERT INTO round_programme (round_id, items, updated_by) VALUES ($1, $2, $3)
            ON CONFLICT (round_id) DO UPDATE SET items = EXCLUDED.items, updated_by = EXCLUDED.updated_by, updated_at = now()""")
        .execute(Tuple.of(roundId, items(steps), by)).mapEmpty();
  }

  static Future<Void> resetRound(SqlClient tx, long roundId) {
    return tx.preparedQuery("DELETE FROM round_programme WHERE round_id = $1").execute(Tuple.of(roundId)).mapEmpty();
  }

  /**
   * The round's sessions a template of {@code minutes} concerns: how many are not cancelled, how many of them
   * follow the template (no programme of their own), and how many of those are shorter than it.
   */
  static Future<JsonObject> roundSessions(SqlClient client, long roundId, int minutes) {
    return client.preparedQuery("""
            SELECT count(*) AS n, count(*) FILTER (WHERE sp.session_id IS NULL) AS following,
                   count(*) FILTER (WHERE sp.session_id IS NULL AND s.ends_at - s.starts_at < make_interval(mins => $2)) AS short
              FROM session s LEFT JOIN session_programme sp ON sp.session_id = s.id
             WHERE s.round_id = $1 AND s.status <> 'cancelled'""")
        .execute(Tuple.of(roundId, minutes))
        .map(rows -> {
          var r = rows.iterator().next();
          return new JsonObject().put("count", r.getLong("n")).put("following", r.getLong("following"))
              .put("tooShort", r.getLong("short"));
        });
  }

  /**
   * The sessions whose Zoom meeting's agenda a programme change concerns: the session ({@code sessionId}), or the
   * round's sessions that follow its template ({@code roundId}, no programme of their own); only those ahead, not
   * cancelled, with a meeting.
   */
  static Future<List<Long>> withMeetings(SqlClient client, Long sessionId, Long roundId) {
    return client.preparedQuery("""
            SELECT s.id FROM session s
             WHERE s.zoom_meeting_id IS NOT NULL AND s.status <> 'cancelled' AND s.ends_at > now()
               AND (s.id = $1 OR (s.round_id = $2
                    AND NOT EXISTS (SELECT 1 FROM session_programme sp WHERE sp.session_id = s.id)))
             ORDER BY s.id""")
        .execute(Tuple.of(sessionId, roundId))
        .map(rows -> {
          List<Long> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getLong("id")));
          return ids;
        });
  }

  static Future<Void> put(SqlClient tx, long sessionId, List<Programme.Step> steps, long by) {
    return tx.preparedQuery("""
            INSERT INTO session_programme (session_id, items, updated_by) VALUES ($1, $2, $3)
            ON CONFLICT (session_id) DO UPDATE SET items = EXCLUDED.items, updated_by = EXCLUDED.updated_by, updated_at = now()""")
        .execute(Tuple.of(sessionId, items(steps), by)).mapEmpty();
  }

  static Future<Void> reset(SqlClient tx, long sessionId) {
    return tx.preparedQuery("DELETE FROM session_programme WHERE session_id = $1").execute(Tuple.of(sessionId)).mapEmpty();
  }

  /** Steps as stored (session_programme.items, round_programme.items). */
  private static JsonArray items(List<Programme.Step> steps) {
    JsonArray items = new JsonArray();
    steps.forEach(s -> items.add(json(s)));
    return items;
  }

  static JsonObject json(Programme.Step s) {
    return new JsonObject().put("kind", s.kind()).put("ja", s.ja()).put("en", s.en()).put("minutes", s.minutes());
  }

  /** The computed programme of a session (its cases' titles, presenters and minutes, its rooms' names). */
  static Future<Programme.Plan> plan(SqlClient client, CaseStore.SessionInfo s) {
    return stepsOf(client, s).compose(steps -> CaseStore.ofSession(client, s.id())
        .compose(cases -> CaseStore.centers(client, s.centerIds())
            .compose(centers -> RoomStore.rooms(client, s.id()).map(rooms -> {
              List<Programme.CaseInfo> infos = new ArrayList<>();
              for (JsonObject center : centers) {
                // A draft is its center's own until submitted (README, "Case studies"): the programme, which the
                // partner, the invitations and the Zoom agenda show, names a case once it is submitted.
                CaseStore.CaseRow c = cases.stream().filter(x -> x.centerId() == center.getLong("id")
                    && "submitted".equals(x.status())).findFirst().orElse(null);
                List<String> presenters = new ArrayList<>();
                if (c != null) {
                  c.presenters().forEach(o -> presenters.add(((JsonObject) o).getString("name")));
                }
                infos.add(new Programme.CaseInfo(center.getString("name"), center.getString("city"),
                    c == null ? null : c.title(), presenters, c == null ? null : c.minutes()));
              }
              List<String> names = new ArrayList<>();
              rooms.forEach(r -> names.add(r.name()));
              return Programme.plan(steps.steps(), steps.edited(), s.startsAt(), s.endsAt(), infos, names);
            }))));
  }

  /**
   * The programme of a session as plain text in Japanese and English ({@code [ja, en]}, from one plan), for
   * the invitation e-mail, the .ics description and the Zoom agenda; both null for an unknown session.
   * (Scheduling sits before cases in the dependency order, so the app hands this function to it rather
   * than scheduling calling cases.) {@code client} may be the caller's transaction, which then sees the
   * session as that transaction has just planned or moved it.
   */
  public static Future<String[]> texts(SqlClient client, long sessionId) {
    return CaseStore.session(client, sessionId).compose(s -> s == null ? Future.succeededFuture(new String[] {null, null})
        : plan(client, s).map(p -> new String[] {Programme.text(p, "ja"), Programme.text(p, "en")}));
  }

  static JsonObject json(Programme.Plan p) {
    JsonArray items = new JsonArray();
    for (Programme.Item i : p.items()) {
      items.add(new JsonObject().put("index", i.index()).put("kind", i.kind()).put("ja", i.ja()).put("en", i.en())
          .put("detailJa", i.detailJa()).put("detailEn", i.detailEn()).put("minutes", i.minutes())
          .put("startsAt", i.startsAt().toString()).put("endsAt", i.endsAt().toString()).put("starts", i.starts())
          .put("ends", i.ends()));
    }
    return new JsonObject().put("items", items).put("totalMinutes", p.totalMinutes()).put("sessionMinutes", p.sessionMinutes())
        .put("fits", p.fits()).put("overBy", p.overBy()).put("edited", p.edited())
        .put("warning", p.fits() ? null : "too_long");
  }
}
