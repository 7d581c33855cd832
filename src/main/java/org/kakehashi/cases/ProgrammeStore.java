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

/** SQL of a session's programme (table session_programme, owned by this package), and the programme of a session. */
public final class ProgrammeStore {

  private ProgrammeStore() {
  }

  /** The facilitator's steps for the session, or null when it follows the default. */
  static Future<List<Programme.Step>> steps(SqlClient client, long sessionId) {
    return client.preparedQuery("SELECT items FROM session_programme WHERE session_id = $1").execute(Tuple.of(sessionId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Object v = rows.iterator().next().getValue("items");
          JsonArray items = v instanceof JsonArray a ? a : new JsonArray(String.valueOf(v));
          List<Programme.Step> out = new ArrayList<>();
          items.forEach(o -> {
            JsonObject s = (JsonObject) o;
            out.add(new Programme.Step(s.getString("kind"), s.getString("ja"), s.getString("en"), s.getInteger("minutes")));
          });
          return out;
        });
  }

  static Future<Void> put(SqlClient tx, long sessionId, List<Programme.Step> steps, long by) {
    JsonArray items = new JsonArray();
    steps.forEach(s -> items.add(json(s)));
    return tx.preparedQuery("""
            INSERT INTO session_programme (session_id, items, updated_by) VALUES ($1, $2, $3)
            ON CONFLICT (session_id) DO UPDATE SET items = EXCLUDED.items, updated_by = EXCLUDED.updated_by, updated_at = now()""")
        .execute(Tuple.of(sessionId, items, by)).mapEmpty();
  }

  static Future<Void> reset(SqlClient tx, long sessionId) {
    return tx.preparedQuery("DELETE FROM session_programme WHERE session_id = $1").execute(Tuple.of(sessionId)).mapEmpty();
  }

  static JsonObject json(Programme.Step s) {
    return new JsonObject().put("kind", s.kind()).put("ja", s.ja()).put("en", s.en()).put("minutes", s.minutes());
  }

  /** The computed programme of a session (its cases' titles, presenters and minutes, its rooms' names). */
  static Future<Programme.Plan> plan(SqlClient client, CaseStore.SessionInfo s) {
    return steps(client, s.id()).compose(steps -> CaseStore.ofSession(client, s.id())
        .compose(cases -> CaseStore.centers(client, s.centerIds())
            .compose(centers -> RoomStore.rooms(client, s.id()).map(rooms -> {
              List<Programme.CaseInfo> infos = new ArrayList<>();
              for (JsonObject center : centers) {
                CaseStore.CaseRow c = cases.stream().filter(x -> x.centerId() == center.getLong("id")).findFirst().orElse(null);
                List<String> presenters = new ArrayList<>();
                if (c != null) {
                  c.presenters().forEach(o -> presenters.add(((JsonObject) o).getString("name")));
                }
                infos.add(new Programme.CaseInfo(center.getString("name"), center.getString("city"),
                    c == null ? null : c.title(), presenters, c == null ? null : c.minutes()));
              }
              List<String> names = new ArrayList<>();
              rooms.forEach(r -> names.add(r.name()));
              return Programme.plan(steps == null ? Programme.DEFAULT : steps, steps != null, s.startsAt(), s.endsAt(),
                  infos, names);
            }))));
  }

  /**
   * The programme of a session as plain text in {@code locale} (ja unless en), for the invitation e-mail, the
   * .ics description and the Zoom agenda; null for an unknown session. (Scheduling sits before cases in the
   * dependency order, so the app hands this function to it rather than scheduling calling cases.)
   */
  public static Future<String> text(Pool pool, long sessionId, String locale) {
    return CaseStore.session(pool, sessionId).compose(s -> s == null ? Future.succeededFuture(null)
        : plan(pool, s).map(p -> Programme.text(p, locale)));
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
