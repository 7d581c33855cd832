package org.kakehashi.platform;

import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * The signed-in person of a request, loaded from the web session on every request (nothing about
 * them is cached in memory, so a role change or sign-out takes effect at once on every instance).
 */
public record Principal(long personId, String name, String email, String locale, Set<Role> roles, Long centerId,
                        String sessionHash) {

  private static final String KEY = "kakehashi.principal";

  public boolean is(Role role) {
    return roles.contains(role);
  }

  public boolean isCoordinator() {
    return is(Role.COORDINATOR);
  }

  /** True when this person belongs to the given center. */
  public boolean belongsTo(Long center) {
    return center != null && center.equals(centerId);
  }

  static void attach(RoutingContext ctx, Principal principal) {
    ctx.put(KEY, principal);
  }

  /** The signed-in person, or null. */
  public static Principal of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** The signed-in person; a 401 when nobody is signed in. */
  public static Principal require(RoutingContext ctx) {
    Principal p = of(ctx);
    if (p == null) {
      throw ApiError.unauthorized();
    }
    return p;
  }

  /** The signed-in person, who must hold {@code role}; 401 or 403 otherwise. */
  public static Principal require(RoutingContext ctx, Role role) {
    Principal p = require(ctx);
    if (!p.is(role)) {
      throw ApiError.forbidden();
    }
    return p;
  }
}
