package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;

/**
 * {@code GET|POST /api/people/invitations} (README, "The API"): how many people were never invited, and
 * inviting them in batches, everyone or one center's, so the UI can show its progress.
 */
public final class BulkInviteRoutes {

  /** People invited per request: one short transaction each; the UI asks again until none remain. */
  static final int BATCH = 50;

  record Body(Long centerId) {
  }

  private final Pool pool;
  private final Config config;

  public BulkInviteRoutes(Pool pool, Config config) {
    this.pool = pool;
    this.config = config;
  }

  public void mount(Router api) {
    api.get("/people/invitations").handler(Reply.json(this::count));
    api.post("/people/invitations").handler(Reply.json(this::invite));
  }

  private static Long[] centers(Long centerId) {
    if (centerId != null && centerId <= 0) {
      throw new ApiError(422, "invalid", "Give a center's id, or none for everyone.", "centerId", null);
    }
    return centerId == null ? null : new Long[] {centerId};
  }

  private Future<JsonObject> count(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    String raw = ctx.queryParams().get("centerId");
    Long centerId;
    try {
      centerId = raw == null || raw.isBlank() ? null : Long.valueOf(raw);
    } catch (NumberFormatException e) {
      throw new ApiError(422, "invalid", "Give a center's id, or none for everyone.", "centerId", null);
    }
    return BulkInviteStore.count(pool, centers(centerId)).map(n -> new JsonObject().put("uninvited", n));
  }

  private Future<?> invite(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    Body in = ctx.body() == null || ctx.body().length() <= 0 ? new Body(null) : Json.body(ctx, Body.class);
    Long[] ids = centers(in.centerId());
    return pool.withTransaction(tx -> Invitations.inviteUninvited(tx, config, ids, BATCH)
            .compose(invited -> BulkInviteStore.count(tx, ids)
                .map(left -> new JsonObject().put("invited", invited).put("remaining", left))))
        .map(body -> new Reply(202, body));
  }
}
