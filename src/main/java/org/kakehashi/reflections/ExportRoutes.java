package org.kakehashi.reflections;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.rounds.Round;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A round's notes as CSV ({@code GET /rounds/{id}/reflections.csv}, README, "CSV files"); who may: as the round's summary. */
final class ExportRoutes {

  private final ReflectionScope scope;

  ExportRoutes(ReflectionScope scope) {
    this.scope = scope;
  }

  void mount(Router api) {
    api.get("/rounds/:id/reflections.csv").handler(this::export);
  }

  private void export(RoutingContext ctx) {
    Principal me;
    long id;
    try {
      me = Principal.require(ctx);
      id = Params.id(ctx, "id");
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    scope.roundScope(me, id)
        .compose(s -> ReflectionStore.heldSessions(scope.pool, id, null, s.facilitator())
            .compose(sessions -> ReflectionStore.notes(scope.pool, sessions.stream().map(ReflectionStore.ScopeSession::id).toList())
                .compose(notes -> scope.vertx.executeBlocking(() -> csv(me, s.round(), sessions, notes), false))))
        .onSuccess(bytes -> ctx.response()
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"kakehashi-reflections-round-" + id + ".csv\"")
            .putHeader("Cache-Control", "no-store")
            .end(io.vertx.core.buffer.Buffer.buffer(bytes)))
        .onFailure(ctx::fail);
  }

  /**
   * The export: an anonymous note's row has no center, city, partner city, topic or room, rows come by
   * session and then by text (not by center or person), and the text of anonymous notes shows only where
   * the session holds at least {@link Summarizer#MIN_ANONYMOUS} of them (otherwise the row says so).
   */
  private static byte[] csv(Principal me, Round round, List<ReflectionStore.ScopeSession> sessions,
                            List<ReflectionStore.NoteRow> notes) {
    Map<Long, ReflectionStore.ScopeSession> byId = new HashMap<>();
    sessions.forEach(s -> byId.put(s.id(), s));
    Map<Long, Long> anonymousBySession = new HashMap<>();
    notes.stream().filter(n -> !"name".equals(n.quoteAs())).forEach(n -> anonymousBySession.merge(n.sessionId(), 1L, Long::sum));
    Map<String, String> topicNames = round.topics().stream()
        .collect(Collectors.toMap(Round.Label::key, Round.Label::ja, (a, b) -> a));
    List<ReflectionCsv.Row> rows = new ArrayList<>();
    for (ReflectionStore.NoteRow n : ReflectionStore.unattributable(ReflectionScope.readableNotes(me, sessions, notes))) {
      ReflectionStore.ScopeSession s = byId.get(n.sessionId());
      if (!"name".equals(n.quoteAs())) {
        boolean shown = anonymousBySession.getOrDefault(n.sessionId(), 0L) >= Summarizer.MIN_ANONYMOUS;
        Map<String, String> answers = new HashMap<>();
        if (shown) {
          answers.putAll(n.answers());
        } else {
          round.prompts().forEach(p -> answers.put(p.key(), ReflectionCsv.WITHHELD));
        }
        rows.add(new ReflectionCsv.Row(s.id(), s.startsAt(), null, null, null, null, null, null, n.visibility(), answers));
        continue;
      }
      Summarizer.Center own = s.centers().stream().filter(c -> c.id() == (n.centerId() == null ? -1 : n.centerId()))
          .findFirst().orElse(null);
      String partnerCity = s.centers().stream().filter(c -> own == null || c.id() != own.id()).map(Summarizer.Center::city)
          .distinct().collect(Collectors.joining("・"));
      rows.add(new ReflectionCsv.Row(s.id(), s.startsAt(), own == null ? null : own.name(), own == null ? null : own.city(),
          partnerCity, n.topic() == null ? null : topicNames.getOrDefault(n.topic(), n.topic()), n.roomName(),
          n.author(), n.visibility(), n.answers()));
    }
    return ReflectionCsv.write(round.prompts(), rows);
  }
}
