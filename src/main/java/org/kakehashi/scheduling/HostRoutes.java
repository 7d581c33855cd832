package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.zoom.ZoomRefused;
import org.kakehashi.zoom.ZoomRequests;

import java.util.List;

/** The Zoom host licences and a session's Zoom meeting (its state, asking again), for the coordinator. */
final class HostRoutes {

  record HostInput(String name, String zoomUserId) {
  }

  private final Pool pool;
  private final Config config;

  HostRoutes(SchedulingScope scope) {
    this.pool = scope.pool;
    this.config = scope.config;
  }

  /** The licences' routes. */
  void mountHosts(Router api) {
    api.get("/hosts").handler(Reply.json(this::hosts));
    api.post("/hosts").handler(Reply.json(this::createHost));
  }

  /** A session's meeting's routes. */
  void mountZoom(Router api) {
    api.get("/sessions/:id/zoom").handler(Reply.json(this::zoomState));
    api.post("/sessions/:id/zoom/retry").handler(Reply.json(this::zoomRetry));
  }

  private Future<?> hosts(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return SchedulingStore.hosts(pool).map(hosts -> new JsonObject().put("hosts", hosts));
  }

  private Future<?> createHost(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    HostInput in = Json.body(ctx, HostInput.class);
    Problems p = new Problems();
    String name = p.line("name", in.name(), 200, true);
    String zoom = p.line("zoomUserId", in.zoomUserId(), 200, false);
    p.throwIfAny();
    return SchedulingStore.createHost(pool, name, zoom).map(Reply::created);
  }

  /**
   * The Zoom meeting's state for the coordinator: {@code {configured, meetingId, state, at, error?,
   * zoom?:{status, code, message}}} — the latest request's state (pending, sent, failed) and, when
   * Zoom refused it, Zoom's own code and message.
   */
  private Future<?> zoomState(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return SessionStore.get(pool, id)
        .compose(s -> SchedulingStore.zoomMeetingId(pool, id)
            .compose(meetingId -> Outbox.latest(pool, ZoomRequests.meetingRef(id))
                .map(latest -> {
                  JsonObject out = new JsonObject().put("sessionId", id).put("configured", config.zoom().enabled())
                      .put("meetingId", meetingId);
                  if (latest != null) {
                    out.mergeIn(latest);
                    JsonObject refused = ZoomRefused.parse(latest.getString("error"));
                    if (refused != null) {
                      out.put("zoom", refused);
                    }
                  }
                  return out;
                })));
  }

  /** The coordinator asks again (after fixing what Zoom refused): a new request, searching before creating. 202. */
  private Future<?> zoomRetry(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    if (!config.zoom().enabled()) {
      throw ApiError.conflict("zoom_not_configured", "Zoom is not configured (KAKEHASHI_ZOOM_*).");
    }
    return pool.withTransaction(tx -> SessionStore.get(tx, id)
            .compose(s -> Outbox.withdraw(tx, List.of(ZoomRequests.meetingRef(id))))
            .compose(v -> ZoomRequests.meeting(tx, id, true)))
        .map(v -> new Reply(202, new JsonObject().put("sessionId", id).put("state", "pending")));
  }
}
