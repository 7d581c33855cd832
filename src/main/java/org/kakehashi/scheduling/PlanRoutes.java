package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.sessions.SessionStore;

import java.util.List;

/**
 * The session plan ({@code POST /rounds/{id}/schedule}, README, "Scheduling"): the coordinator plans the
 * round's published pairs into the slots (off the event loop), and the new, moved and cancelled sessions
 * are saved and announced in one transaction.
 */
final class PlanRoutes {

  private final SchedulingScope scope;

  PlanRoutes(SchedulingScope scope) {
    this.scope = scope;
  }

  void mount(Router api) {
    api.post("/rounds/:id/schedule").handler(Reply.json(this::schedule));
  }

  private Future<?> schedule(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return RoundStore.get(scope.pool, id)
        .compose(round -> {
          if (!round.pairsPublished()) {
            return Future.failedFuture(ApiError.conflict("pairs_not_published", "Publish the pairs before scheduling sessions."));
          }
          return SchedulingStore.hosts(scope.pool);
        })
        .compose(hosts -> {
          if (hosts.isEmpty()) {
            return Future.failedFuture(new ApiError(422, "no_hosts", "Add at least one Zoom host licence first."));
          }
          List<Long> hostIds = hosts.stream().map(SchedulingStore.Host::id).toList();
          return SchedulingStore.plannerInput(scope.pool, id, hostIds)
              .compose(input -> scope.vertx.executeBlocking(() -> SlotPlanner.plan(input), false)
                  .compose(plan -> scope.pool.withTransaction(tx -> RoundStore.lock(tx, id)
                          .compose(round -> SchedulingStore.saveSessions(tx, id, input, plan, hostIds)
                              .compose(changes -> scope.announce(tx, round, changes)))
                          .compose(v -> SessionStore.ofRound(tx, id)))
                      .map(sessions -> new JsonObject()
                          .put("sessions", sessions)
                          .put("unplaced", plan.unplaced())
                          .put("participants", plan.halves() / 2.0)
                          .put("bound", plan.bound() / 2.0)
                          .put("gapPercent", plan.gapPercent()))));
        });
  }
}
