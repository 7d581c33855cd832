package org.kakehashi.platform;

import io.vertx.ext.web.RoutingContext;

/** Path and query parameters, parsed with clear errors. */
public final class Params {

  private Params() {
  }

  /** A numeric id from the path; anything else is a 404 (no such thing). */
  public static long id(RoutingContext ctx, String name) {
    String v = ctx.pathParam(name);
    try {
      long id = Long.parseLong(v);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // falls through
    }
    throw ApiError.notFound("This " + name.replace("Id", ""));
  }

  /** An integer query parameter within bounds, or {@code dflt}; otherwise a 400. */
  public static int integer(RoutingContext ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw ApiError.badRequest("bad_parameter", name + " must be a whole number from " + min + " to " + max + ".", name);
  }

  /** An optional numeric id in the query string. */
  public static Long optionalId(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("bad_parameter", name + " must be a number.", name);
    }
  }

  /** An optional short text in the query string. */
  public static String text(RoutingContext ctx, String name, int max) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > max) {
      throw ApiError.badRequest("bad_parameter", name + " is too long.", name);
    }
    if (Json.hasControlCharacter(v)) {
      // The same rule as for JSON bodies (README, "Security").
      throw ApiError.invalid(name, "Must not contain control characters.");
    }
    return v.strip();
  }

  /** The raw request body, for non-JSON uploads (CSV); a 400 when empty. */
  public static byte[] upload(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null) {
      String t = type.toLowerCase(java.util.Locale.ROOT);
      if (t.startsWith("application/json") || t.startsWith("multipart/") || t.startsWith("application/x-www-form")) {
        throw new ApiError(415, "unsupported_media_type", "Send the file itself as the body, with Content-Type text/csv.");
      }
    }
    if (ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw ApiError.badRequest("missing_body", "The CSV file is empty.", null);
    }
    return ctx.body().buffer().getBytes();
  }
}
