package org.kakehashi.scheduling;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.Config;

/**
 * The scheduling routes (README, "The API"), mounted together: candidate slots and availability answers
 * ({@link SlotRoutes}), the Zoom host licences and a session's Zoom meeting ({@link HostRoutes}), the session
 * plan ({@link PlanRoutes}), sessions and their edit ({@link SessionRoutes}) and sessions as calendars, the
 * download and the private feed ({@link CalendarRoutes}); what they share is {@link SchedulingScope}.
 * Coordinators propose slots, manage licences, schedule and edit sessions; staff of paired centers and
 * facilitators answer availability; sessions are visible to those who see the round.
 */
public final class SchedulingRoutes {

  private final SchedulingScope scope;

  public SchedulingRoutes(Vertx vertx, Pool pool, Config config) {
    this(vertx, pool, config, SessionAgenda.NONE);
  }

  /** With the sessions' programmes for the invitations ({@code agenda}, handed in by the app). */
  public SchedulingRoutes(Vertx vertx, Pool pool, Config config, SessionAgenda agenda) {
    this.scope = new SchedulingScope(vertx, pool, config, agenda);
  }

  public void mount(Router api) {
    HostRoutes hosts = new HostRoutes(scope);
    CalendarRoutes calendars = new CalendarRoutes(scope);
    // In the order the routes were always mounted in.
    new SlotRoutes(scope).mount(api);
    hosts.mountHosts(api);
    new PlanRoutes(scope).mount(api);
    new SessionRoutes(scope).mount(api);
    calendars.mountDownload(api);
    hosts.mountZoom(api);
    calendars.mountFeed(api);
  }
}
