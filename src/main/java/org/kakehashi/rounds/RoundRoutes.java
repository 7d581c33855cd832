package org.kakehashi.rounds;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;

import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code /api/rounds}: coordinators open and edit rounds and choose their centers; facilitators see
 * every round; staff see the rounds their center takes part in.
 */
public final class RoundRoutes {

  record Centers(List<Long> centerIds) {
  }

  private final Pool pool;
  private final RoundStore store;
  private final BiFunction<SqlClient, Long, Future<Void>> centersChanged;

  /**
   * {@code centersChanged} runs in the transaction that changes a round's centers: pairing drops its
   * draft there (rounds comes before pairing, so it is handed in rather than called).
   */
  public RoundRoutes(Pool pool, BiFunction<SqlClient, Long, Future<Void>> centersChanged) {
    this.pool = pool;
    this.store = new RoundStore(pool);
    this.centersChanged = centersChanged;
  }

  public void mount(Router api) {
    api.get("/rounds").handler(Reply.json(this::list));
    api.post("/rounds").handler(Reply.json(this::create));
    api.get("/rounds/:id").handler(Reply.json(this::get));
    api.put("/rounds/:id").handler(Reply.json(this::update));
    api.put("/rounds/:id/centers").handler(Reply.json(this::setCenters));
  }

  private Future<?> list(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    boolean all = RoundAccess.seesAll(me);
    if (!all && me.centerId() == null) {
      return Future.succeededFuture(new JsonObject().put("rounds", List.of()));
    }
    return store.list(all ? null : me.centerId()).map(rounds -> new JsonObject().put("rounds", rounds));
  }

  private Future<?> get(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return RoundStore.visible(pool, me, Params.id(ctx, "id"));
  }

  private Future<?> create(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    RoundInput in = valid(Json.body(ctx, RoundInput.class));
    if (in.centerIds() != null) {
      checkCount(in.centerIds());
    }
    return store.create(in).map(Reply::created);
  }

  private Future<?> update(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    RoundInput in = valid(Json.body(ctx, RoundInput.class));
    if (in.centerIds() != null) {
      throw ApiError.badRequest("unknown_field", "Change the centers with PUT /api/rounds/{id}/centers.", "centerIds");
    }
    return pool.withTransaction(tx -> RoundStore.lock(tx, id).compose(r -> {
      if (in.status() != null && !in.status().equals(r.status())
          && !RoundStatus.of(r.status()).byHand(RoundStatus.of(in.status()))) {
        return Future.failedFuture(new ApiError(409, "status_change", "A round goes from scheduling to running to closed;"
            + " pairing and publishing set the earlier steps themselves.", "status", null));
      }
      return RoundStore.update(tx, id, in);
    }));
  }

  private Future<?> setCenters(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    Centers in = Json.body(ctx, Centers.class);
    if (in.centerIds() == null) {
      throw ApiError.invalid("centerIds", "Required: the ids of the centers taking part.");
    }
    List<Long> ids = List.copyOf(new java.util.LinkedHashSet<>(in.centerIds()));
    checkCount(ids);
    return pool.withTransaction(tx -> RoundStore.lock(tx, id)
        .compose(round -> round.pairsPublished()
            ? Future.failedFuture(ApiError.conflict("pairs_published", "The pairs of this round are published; its centers can no longer change."))
            : RoundStore.setCenters(tx, id, ids))
        .compose(v -> centersChanged.apply(tx, id))
        .compose(v -> RoundStore.get(tx, id)));
  }

  private static void checkCount(List<Long> ids) {
    if (ids.size() < 2) {
      throw ApiError.invalid("centerIds", "A round needs at least two centers.");
    }
    if (ids.size() > 50_000) {
      throw ApiError.invalid("centerIds", "At most 50,000 centers.");
    }
  }

  private static RoundInput valid(RoundInput in) {
    Problems p = new Problems();
    RoundInput clean = in.validated(p);
    p.throwIfAny();
    return clean;
  }
}
