package org.kakehashi.support;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.List;

/** The endpoints a router serves, as {@code "METHOD /path/:param"}, sub-routers included with their prefix. */
public final class Routes {

  private Routes() {
  }

  /**
   * Every route with a method and an exact path (parameters allowed), in mounting order. Handlers
   * for every method or for a prefix ({@code /api/*}: body limits, idempotency) are not endpoints.
   */
  public static List<String> of(Router router) {
    List<String> out = new ArrayList<>();
    collect(router, "", out);
    return out;
  }

  private static void collect(Router router, String prefix, List<String> out) {
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (route.getSubRouter() != null) {
        collect(route.getSubRouter(), prefix + (path == null ? "" : path.replaceAll("/$", "")), out);
      } else if (path != null && route.isExactPath() && route.methods() != null && !route.methods().isEmpty()) {
        for (HttpMethod m : route.methods()) {
          String key = m.name() + " " + prefix + path;
          if (!out.contains(key)) {
            out.add(key);
          }
        }
      }
    }
  }

  /** Whether {@code path} (a query string allowed) is served by {@code route}, written {@code /api/x/:id}. */
  public static boolean matches(String route, String path) {
    String regex = java.util.Arrays.stream(route.split("/", -1))
        .map(seg -> seg.startsWith(":") ? "[^/]+" : java.util.regex.Pattern.quote(seg))
        .collect(java.util.stream.Collectors.joining("/"));
    return path.split("\\?", 2)[0].matches(regex);
  }
}
