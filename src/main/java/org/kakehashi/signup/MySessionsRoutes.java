package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;

/**
 * {@code GET /api/me/sessions} (README, "The API"): the signed-in person's sessions of any center,
 * next first, with their place, join link and room, for the staff home page.
 */
public final class MySessionsRoutes {

  private final Pool pool;

  public MySessionsRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router api) {
    api.get("/me/sessions").handler(Reply.json(this::mine));
  }

  private Future<JsonObject> mine(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return MySessionsStore.of(pool, me.personId(), me.centerId()).map(list -> {
      JsonArray out = new JsonArray();
      for (MySessionsStore.Mine m : list) {
        out.add(new JsonObject().put("sessionId", m.sessionId()).put("roundId", m.roundId())
            .put("roundTitle", m.roundTitle()).put("startsAt", m.startsAt()).put("endsAt", m.endsAt())
            .put("status", m.status()).put("registration", m.registration()).put("position", m.position())
            .put("joinUrl", m.joinUrl())
            .put("room", m.roomName() == null ? null : new JsonObject().put("name", m.roomName()).put("topic", m.roomTopic()))
            .put("centers", new JsonArray(m.centers())).put("cities", new JsonArray(m.cities()))
            .put("reflected", m.reflected()));
      }
      return new JsonObject().put("sessions", out);
    });
  }
}
