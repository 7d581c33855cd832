package org.kakehashi.progress;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Role;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.scheduling.SchedulingStore;
import org.kakehashi.scheduling.SlotPlanner;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coordinator's standing "what still needs doing" for a round whose pairs are published (README,
 * "What still needs doing"): the pairs without a session and why (the slot planner's reason, or that
 * planning again would place them), the staff who have answered no candidate time, one action that
 * reminds exactly those (throttled, through the outbox), and what planning again would change,
 * computed in a transaction that is rolled back, before anything is replaced or e-mailed.
 */
public final class ProgressRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final Config config;
  private final CasesDue cases;

  public ProgressRoutes(Vertx vertx, Pool pool, Config config) {
    this(vertx, pool, config, CasesDue.NONE);
  }

  /** cases: the sessions whose case studies are missing or drafts (the cases package, handed in by the app). */
  public ProgressRoutes(Vertx vertx, Pool pool, Config config, CasesDue cases) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.cases = cases;
  }

  public void mount(Router api) {
    api.get("/rounds/:id/progress").handler(org.kakehashi.platform.Reply.json(this::progress));
    api.post("/rounds/:id/reminders").handler(org.kakehashi.platform.Reply.json(this::remind));
  }

  /** Thrown inside the preview's transaction so that it rolls back; carries what it found. */
  private static final class Preview extends RuntimeException {
    final JsonObject result;

    Preview(JsonObject result) {
      super(null, null, false, false);
      this.result = result;
    }
  }

  private Future<Round> published(long id) {
    return RoundStore.get(pool, id).compose(round -> round.pairsPublished() ? Future.succeededFuture(round)
        : Future.failedFuture(ApiError.conflict("pairs_not_published", "Publish the pairs first.")));
  }

  private Future<?> progress(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    // ?preview=false (the home page's summary): without running the planner, so without reasons.
    boolean withPreview = !"false".equals(ctx.request().getParam("preview"));
    return published(id).compose(round -> ProgressStore.unanswered(pool, id)
        .compose(unanswered -> ProgressStore.pairsWithoutSession(pool, id).compose(without -> cases.missing(id)
            .compose(missingCases -> (withPreview ? preview(id) : Future.succeededFuture(new JsonObject().put("possible", false)
                .put("reason", (String) null).put("skipped", true))).map(preview -> {
              JsonArray people = new JsonArray();
              for (ProgressStore.Unanswered p : unanswered) {
                people.add(new JsonObject().put("personId", p.personId()).put("name", p.name()).put("centerId", p.centerId())
                    .put("centerName", p.centerName()).put("canSignIn", p.canSignIn())
                    .put("remindedAt", p.remindedAt() == null ? null : p.remindedAt().toString()));
              }
              Map<Long, String> reasons = new HashMap<>();
              for (Object o : preview.getJsonArray("unplaced", new JsonArray())) {
                JsonObject u = (JsonObject) o;
                reasons.put(u.getLong("pairId"), u.getString("reason"));
              }
              JsonArray pairs = new JsonArray();
              for (long pair : without) {
                // The planner's reason today; a pair it would place is waiting for "plan again".
                String reason = preview.getBoolean("possible") ? reasons.getOrDefault(pair, "replan_places")
                    : preview.getString("reason");
                pairs.add(new JsonObject().put("pairId", pair).put("reason", reason));
              }
              preview.remove("unplaced");
              return new JsonObject().put("roundId", id).put("unanswered", people).put("pairsWithoutSession", pairs)
                  .put("cases", missingCases).put("replan", preview);
            })))));
  }

  /**
   * What "plan the sessions" would do now: the planner run on today's answers and the changes it
   * would make, found by saving the plan in a transaction that is then rolled back.
   * {@code {possible, reason?, unplaced:[{pairId, reason}], sessions, changed, cancelled, emails}}: sessions
   * planned, of them new or changed (announced again), the round's scheduled sessions cancelled, and
   * the e-mails that would go out (one per person and session told).
   */
  private Future<JsonObject> preview(long id) {
    return SchedulingStore.hosts(pool).compose(hosts -> {
      if (hosts.isEmpty()) {
        return Future.succeededFuture(new JsonObject().put("possible", false).put("reason", "no_hosts"));
      }
      List<Long> hostIds = hosts.stream().map(SchedulingStore.Host::id).toList();
      return SchedulingStore.plannerInput(pool, id, hostIds)
          .compose(input -> vertx.executeBlocking(() -> SlotPlanner.plan(input), false)
              .compose(plan -> pool.withTransaction(tx -> RoundStore.lock(tx, id)
                      .compose(r -> SchedulingStore.saveSessions(tx, id, input, plan, hostIds))
                      .compose(changes -> {
                        List<Long> told = new java.util.ArrayList<>(changes.changed());
                        told.addAll(changes.cancelled());
                        return SchedulingStore.participants(tx, told).map(people -> {
                          Set<String> mails = new HashSet<>();
                          people.forEach(p -> mails.add(p.sessionId() + "/" + p.personId()));
                          JsonArray unplaced = new JsonArray();
                          plan.unplaced().forEach(u -> unplaced.add(new JsonObject().put("pairId", u.pairId()).put("reason", u.reason())));
                          return new JsonObject().put("possible", true).put("unplaced", unplaced)
                              .put("sessions", changes.planned().size())
                              .put("changed", changes.changed().size())
                              .put("cancelled", changes.cancelled().size())
                              .put("emails", mails.size());
                        });
                      })
                      .compose(result -> Future.<JsonObject>failedFuture(new Preview(result))))
                  .recover(err -> err instanceof Preview p ? Future.succeededFuture(p.result) : Future.failedFuture(err))));
    });
  }

  /** Reminds exactly the staff who have answered nothing and can sign in, each at most once per throttle period. */
  private Future<?> remind(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    String link = config.publicUrl() + "/#/rounds/" + id + "/answers";
    return published(id).compose(round -> {
      if ("closed".equals(round.status())) {
        return Future.failedFuture(ApiError.conflict("round_closed", "This round is closed."));
      }
      return pool.withTransaction(tx -> ProgressStore.unanswered(tx, id).compose(unanswered -> {
        List<ProgressStore.Unanswered> reachable = unanswered.stream().filter(ProgressStore.Unanswered::canSignIn).toList();
        return ProgressStore.claim(tx, id, reachable.stream().map(ProgressStore.Unanswered::personId).toList())
            .compose(claimed -> {
              Set<Long> now = new HashSet<>(claimed);
              List<Email> mails = reachable.stream().filter(p -> now.contains(p.personId()))
                  .map(p -> ReminderMail.compose(p, round.title(), link)).toList();
              return Outbox.emails(tx, mails).map(v -> new JsonObject()
                  .put("reminded", mails.size())
                  .put("recentlyReminded", reachable.size() - mails.size())
                  .put("cannotSignIn", unanswered.size() - reachable.size()));
            });
      }));
    });
  }
}
