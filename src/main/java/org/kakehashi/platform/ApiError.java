package org.kakehashi.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure the client caused or may see: carries the HTTP status and the fields of the error JSON
 * ({@code {"error":{"code","message","field"}}}). Handlers throw or fail with it; {@link Failures} writes it.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final String field;
  private final JsonObject extra;

  public ApiError(int status, String code, String message, String field, JsonObject extra) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.extra = extra;
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  public static ApiError badRequest(String code, String message, String field) {
    return new ApiError(400, code, message, field, null);
  }

  public static ApiError invalid(String field, String message) {
    return new ApiError(422, "invalid", message, field, null);
  }

  public static ApiError unauthorized() {
    return new ApiError(401, "unauthenticated", "Please sign in.");
  }

  public static ApiError forbidden() {
    return new ApiError(403, "forbidden", "You are not allowed to do this.");
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", what + " was not found.");
  }

  public static ApiError conflict(String code, String message) {
    return new ApiError(409, code, message);
  }

  /** A 422 that lists every problem of a file, by line and field. */
  public static ApiError rows(String message, JsonArray rows) {
    return new ApiError(422, "invalid_rows", message, null, new JsonObject().put("rows", rows));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  /** The body the client receives. */
  public JsonObject toJson() {
    JsonObject error = new JsonObject().put("code", code).put("message", getMessage());
    if (field != null) {
      error.put("field", field);
    }
    if (extra != null) {
      error.mergeIn(extra);
    }
    return new JsonObject().put("error", error);
  }
}
