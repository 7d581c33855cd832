package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/**
 * Thin glue between a handler's Future and the HTTP response: a value becomes JSON with the given
 * status, a failure goes to {@link Failures} (also when the handler throws before returning).
 */
public record Reply(int status, Object body) {

  public static Reply created(Object body) {
    return new Reply(201, body);
  }

  public static Reply noContent() {
    return new Reply(204, null);
  }

  /** A route handler answering 200 with the Future's value as JSON (or a {@link Reply} for another status). */
  public static Handler<RoutingContext> json(Function<RoutingContext, Future<?>> handler) {
    return ctx -> {
      Future<?> result;
      try {
        result = handler.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      result.onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
        } else {
          send(ctx, ar.result());
        }
      });
    };
  }

  /** Writes a value (or a {@link Reply}) as the JSON response. */
  public static void send(RoutingContext ctx, Object value) {
    if (ctx.response().ended()) {
      return;
    }
    int status = 200;
    Object body = value;
    if (value instanceof Reply r) {
      status = r.status();
      body = r.body();
    }
    int code = status;
    io.vertx.core.buffer.Buffer bytes = body == null ? null : Json.write(body);
    Idempotency.complete(ctx, code, bytes).onComplete(stored -> {
      if (stored.failed()) {
        ctx.fail(stored.cause());
        return;
      }
      ctx.response().setStatusCode(code).putHeader("Cache-Control", "no-store");
      if (bytes == null) {
        ctx.response().end();
      } else {
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(bytes);
      }
    });
  }
}
