package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.platform.Transactions;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.sessions.Session;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.signup.RegistrationStore;

import java.util.List;

/**
 * Sessions: a round's and one, for those who see them (the join link only for those allowed), and the
 * coordinator's edit ({@code PATCH}: times, seats, quota, licence, facilitator, link, open to all), a move
 * announced like a planned session.
 */
final class SessionRoutes {

  private final SchedulingScope scope;

  SessionRoutes(SchedulingScope scope) {
    this.scope = scope;
  }

  void mount(Router api) {
    api.get("/rounds/:id/sessions").handler(Reply.json(this::roundSessions));
    api.get("/sessions/:id").handler(Reply.json(this::session));
    api.patch("/sessions/:id").handler(Reply.json(this::patch));
  }

  private Future<?> roundSessions(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoundStore.checkVisible(scope.pool, me, id)
        .compose(status -> SessionStore.ofRound(scope.pool, id))
        .compose(sessions -> SchedulingStore.confirmedIn(scope.pool, me.personId(), sessions.stream().map(Session::id).toList())
            .map(confirmed -> new JsonObject().put("sessions", sessions.stream()
                .map(s -> SchedulingScope.forViewer(me, s, confirmed.contains(s.id()))).toList())));
  }

  private Future<?> session(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return scope.visibleSession(me, Params.id(ctx, "id"))
        .compose(s -> SchedulingStore.confirmedIn(scope.pool, me.personId(), List.of(s.id()))
            .map(confirmed -> SchedulingScope.forViewer(me, s, confirmed.contains(s.id()))));
  }

  private Future<?> patch(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    SessionStore.Change in = Json.body(ctx, SessionStore.Change.class);
    boolean quotaGiven = ctx.body().asJsonObject().containsKey("centerQuota");
    Problems p = new Problems();
    if (in.centerQuota() != null && (in.centerQuota() < 0 || in.centerQuota() > 1000)) {
      p.add("centerQuota", "out_of_range", "Between 1 and 1000, or empty for no limit.");
    }
    if (in.capacity() != null && (in.capacity() < 0 || in.capacity() > 1000)) {
      p.add("capacity", "out_of_range", "Between 0 and 1000.");
    }
    if (in.startsAt() != null && in.endsAt() != null && !in.endsAt().isAfter(in.startsAt())) {
      p.add("endsAt", "The session must end after it starts.");
    }
    if (in.joinUrl() != null && !in.joinUrl().isBlank() && !in.joinUrl().matches("^https://[^\\s]{3,1990}$")) {
      p.add("joinUrl", "invalid_url", "Paste the meeting's https:// join link.");
    }
    p.throwIfAny();
    boolean moved = in.startsAt() != null || in.endsAt() != null;
    boolean moreSeats = in.capacity() != null || quotaGiven;
    // Retried whole on a deadlock: two licences given at once to overlapping sessions can deadlock in the
    // exclusion constraint's check; the retry then sees the other's commit and answers 409 busy (README, PATCH /api/sessions/{id}).
    return Transactions.retrying(scope.pool, tx -> SessionStore.update(tx, id, in, quotaGiven)
        // More seats (or a looser quota) go to the waitlist at once, in order, each sent the invitation.
        .compose(session -> !moreSeats ? Future.succeededFuture(session)
            : RegistrationStore.promoteWaiting(tx, id).compose(promoted -> SessionStore.get(tx, id)))
        // A new host licence moves the Zoom meeting to it (a move below queues the same request).
        .compose(session -> moved || in.hostId() == null || !scope.config.zoom().enabled() ? Future.succeededFuture(session)
            : ZoomMeetings.request(tx, id).map(session))
        // A session moved by hand is announced like a planned one: new .ics, reminders queued anew.
        .compose(session -> !moved ? Future.succeededFuture(session)
            : RoundStore.get(tx, session.roundId())
                .compose(round -> scope.announce(tx, round, new SessionStore.Changes(List.of(id), List.of(id), List.of())))
                .map(session)));
  }
}
