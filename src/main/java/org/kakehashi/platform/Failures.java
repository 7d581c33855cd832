package org.kakehashi.platform;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * The one place that turns a failure into an HTTP answer: always the error JSON the README describes ("The API"), never a
 * stack trace. Unexpected failures are logged here with their trace and answered with a bare 500.
 */
public final class Failures {

  private static final Logger log = LoggerFactory.getLogger(Failures.class);

  private Failures() {
  }

  public static void handle(RoutingContext ctx) {
    ApiError error = toApiError(ctx.failure(), ctx.statusCode());
    if (error.status() >= 500 && error.status() != 503) {
      log.atError().setCause(ctx.failure()).addKeyValue("method", ctx.request().method())
          .addKeyValue("path", Http.loggable(ctx.normalizedPath())).log("request failed");
    } else if (error.status() == 503) {
      // Not our bug, but worth knowing which part was unavailable (the database, a pool's wait, a deadlock).
      log.atWarn().addKeyValue("method", ctx.request().method()).addKeyValue("path", Http.loggable(ctx.normalizedPath()))
          .addKeyValue("error", String.valueOf(ctx.failure())).log("request answered 503");
    }
    // The failed request's Idempotency-Key is freed before the answer leaves, so a retry sent on the answer is not
    // told 409 request_in_progress (IdempotencyTest.reuseAndRetry, seen on a loaded machine); without a key, at once.
    Idempotency.complete(ctx, error.status(), null).onComplete(released -> write(ctx, error));
  }

  /** Writes an error unless the response has already gone out. */
  public static void write(RoutingContext ctx, ApiError error) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(error.status())
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store");
    JsonObject body = error.toJson();
    if (error.status() == 503) {
      response.putHeader("Retry-After", "5");
    }
    Object retryAfter = body.getJsonObject("error").getValue("retryAfter");
    if (retryAfter != null) {
      response.putHeader("Retry-After", String.valueOf(retryAfter));
    }
    response.end(body.encode());
  }

  static ApiError toApiError(Throwable failure, int status) {
    if (failure instanceof ApiError api) {
      return api;
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode());
    }
    if (failure instanceof PgException pg) {
      return fromPostgres(pg);
    }
    if (isUnavailable(failure)) {
      return new ApiError(503, "unavailable", "The service is temporarily unavailable. Please try again shortly.");
    }
    if (status == 403) {
      // The only plain 403 comes from the CSRF check: the UI then fetches a fresh token and retries.
      return new ApiError(403, "csrf_token", "The security token of this page is missing or expired. Reload the page and try again.");
    }
    if (status > 0 && status != 500) {
      return fromStatus(status);
    }
    return new ApiError(500, "internal", "Something went wrong on our side. It has been logged.");
  }

  private static ApiError fromPostgres(PgException pg) {
    String state = pg.getSqlState();
    if (state == null) {
      return new ApiError(500, "internal", "Something went wrong on our side. It has been logged.");
    }
    return switch (state) {
      case "23505" -> ApiError.conflict("duplicate", "This already exists.");
      case "23503" -> ApiError.conflict("in_use", "This is referred to by other records, or refers to one that does not exist.");
      // 22021: a byte PostgreSQL cannot store (a NUL) that slipped past the one validation rule.
      case "23514", "23502", "22001", "22021", "22P02", "22003", "22007", "22008", "22023" ->
          new ApiError(422, "invalid", "The data does not satisfy the rules of the directory.");
      case "23P01" -> overlap(pg.getConstraint());
      case "21000" -> new ApiError(422, "duplicate_in_request", "The request names the same thing twice.");
      case "40001", "40P01", "55P03" -> new ApiError(503, "try_again", "Too many changes at once. Please try again.");
      case "57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004" ->
          new ApiError(503, "unavailable", "The database is temporarily unavailable. Please try again shortly.");
      default -> new ApiError(500, "internal", "Something went wrong on our side. It has been logged.");
    };
  }

  /** An exclusion constraint refused a double booking (checked at commit): say which resource. */
  private static ApiError overlap(String constraint) {
    if ("session_host_free".equals(constraint)) {
      return new ApiError(409, "busy", "That host licence is already booked at that time.", "hostId", null);
    }
    if ("session_facilitator_free".equals(constraint)) {
      return new ApiError(409, "busy", "That facilitator is already in another session at that time.", "facilitatorId", null);
    }
    return ApiError.conflict("overlap", "This overlaps with something already booked.");
  }

  private static boolean isUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof ClosedConnectionException || c instanceof TimeoutException
          || c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
      if (c instanceof VertxException && c.getMessage() != null) {
        String m = c.getMessage();
        if (m.contains("Timeout") || m.contains("timeout") || m.contains("wait queue") || m.contains("Connection refused")
            || m.contains("closed")) {
          return true;
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  static ApiError fromStatus(int status) {
    return switch (status) {
      case 400 -> ApiError.badRequest("bad_request", "The request could not be understood.", null);
      case 401 -> ApiError.unauthorized();
      case 403 -> new ApiError(403, "forbidden", "This request was refused (sign in again, or reload the page to renew its security token).");
      case 404 -> ApiError.notFound("This address");
      case 405 -> new ApiError(405, "method_not_allowed", "This method is not allowed here.");
      case 413 -> new ApiError(413, "too_large", "The request body is too large.");
      case 415 -> new ApiError(415, "unsupported_media_type", "This content type is not accepted here.");
      case 429 -> new ApiError(429, "too_many_requests", "Too many attempts. Please wait and try again.");
      case 503 -> new ApiError(503, "unavailable", "The service is temporarily unavailable. Please try again shortly.");
      default -> status >= 400 && status < 500
          ? new ApiError(status, HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase().replace(' ', '_'),
              HttpResponseStatus.valueOf(status).reasonPhrase())
          : new ApiError(500, "internal", "Something went wrong on our side. It has been logged.");
    };
  }
}
