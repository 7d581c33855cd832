package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.sessions.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * Sessions as calendars (README, "Calendar invitations"): one session's download for the viewer, and the
 * private feed (its secret address made anew on request, and the feed itself, fetched without signing in).
 */
final class CalendarRoutes {

  private final SchedulingScope scope;

  CalendarRoutes(SchedulingScope scope) {
    this.scope = scope;
  }

  /** The download of one session. */
  void mountDownload(Router api) {
    api.get("/sessions/:id/calendar.ics").handler(this::calendar);
  }

  /** The private feed: its address, and the feed. */
  void mountFeed(Router api) {
    api.post("/me/calendar-feed").handler(Reply.json(this::rotateFeed));
    api.get("/calendar/:file").handler(this::feed);
  }

  private void calendar(RoutingContext ctx) {
    Principal me;
    long id;
    try {
      me = Principal.require(ctx);
      id = Params.id(ctx, "id");
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    scope.visibleSession(me, id)
        .compose(s -> SchedulingStore.confirmedIn(scope.pool, me.personId(), List.of(s.id()))
            .compose(confirmed -> SchedulingStore.sequenceFor(scope.pool, s.id(), me.personId())
                .compose(sequence -> SchedulingStore.titles(scope.pool, List.of(s.id()))
                    .compose(titles -> scope.agenda.text(scope.pool, s.id(), me.locale()).otherwise((String) null)
                        .map(programme -> ics(SchedulingScope.forViewer(me, s, confirmed.contains(s.id())), titles.get(s.id()),
                            sequence, programme))))))
        .onSuccess(text -> ctx.response()
            .putHeader("Content-Type", "text/calendar; method=PUBLISH; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"kakehashi-session-" + id + ".ics\"")
            .end(text))
        .onFailure(ctx::fail);
  }

  /** A private, subscribable calendar URL for the signed-in person (a new one revokes the old). */
  private Future<?> rotateFeed(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return SchedulingStore.rotateFeed(scope.pool, me.personId())
        .map(token -> Reply.created(new JsonObject().put("url", scope.config.publicUrl() + "/api/calendar/" + token + ".ics")));
  }

  /** The feed itself: no sign-in (calendar programs cannot), the secret token in the address is the key. */
  private void feed(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    if (file == null || !file.endsWith(".ics") || file.length() < 24 || file.length() > 100) {
      ctx.fail(ApiError.notFound("This calendar feed"));
      return;
    }
    String token = file.substring(0, file.length() - 4);
    SchedulingStore.feedOwner(scope.pool, token)
        .compose(owner -> SchedulingStore.feed(scope.pool, owner.personId(), scope.config.publicUrl())
            .compose(entries -> withProgrammes(entries, owner.locale())))
        .onSuccess(entries -> ctx.response()
            .putHeader("Content-Type", "text/calendar; method=PUBLISH; charset=utf-8")
            .putHeader("Cache-Control", "private, max-age=300")
            .end(SessionCalendar.publish(scope.calendarIdentity(), entries)))
        .onFailure(ctx::fail);
  }

  /**
   * The feed's events with each session's programme (進行表) in the owner's language, read as the feed is
   * fetched, so a calendar that refreshes the feed shows today's programme (invitations are not re-sent on
   * programme edits; README, "The programme").
   */
  private Future<List<SessionCalendar.Entry>> withProgrammes(List<SessionCalendar.Entry> entries, String locale) {
    List<Future<SessionCalendar.Entry>> each = new ArrayList<>();
    for (SessionCalendar.Entry e : entries) {
      each.add(scope.agenda.text(scope.pool, e.session().id(), locale).map(programme -> new SessionCalendar.Entry(
          e.session(), e.summary(), programme, e.pageUrl(), e.joinUrl(), e.sequence())));
    }
    return Future.all(each).map(all -> each.stream().map(Future::result).toList());
  }

  /** A download of one session for the viewer: PUBLISH, the join link only if they may see it, the programme in their language. */
  private String ics(Session shown, String title, int sequence, String programme) {
    String page = scope.config.publicUrl() + "/#/sessions/" + shown.id();
    return SessionCalendar.publish(scope.calendarIdentity(),
        List.of(new SessionCalendar.Entry(shown, title, programme, page, shown.joinUrl(), sequence)));
  }
}
