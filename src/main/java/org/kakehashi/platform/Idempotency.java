package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The {@code Idempotency-Key} header on POST (as in the IETF draft): the first answer for a key is
 * stored and replayed for the same key and body within 24 hours, so a double click or a retry after
 * a lost answer never creates twice; 409 while the first request is still running, 422 for the
 * same key with another body. Keys belong to the signed-in person. Kept in PostgreSQL
 * ({@code idempotency_key}), so every instance sees them.
 */
public final class Idempotency {

  static final String PENDING = "kakehashi.idempotency";

  /** A claimed key whose answer is to be stored. */
  record Pending(Pool pool, long personId, String key) {
    Future<Void> save(int status, Buffer body) {
      return pool.preparedQuery("UPDATE idempotency_key SET status = $3, response = $4 WHERE person_id = $1 AND key = $2")
          .execute(Tuple.of(personId, key, status, body)).mapEmpty();
    }

    Future<Void> release() {
      return pool.preparedQuery("DELETE FROM idempotency_key WHERE person_id = $1 AND key = $2 AND status IS NULL")
          .execute(Tuple.of(personId, key)).mapEmpty();
    }
  }

  private Idempotency() {
  }

  public static Handler<RoutingContext> handler(Pool pool) {
    return ctx -> {
      String key = ctx.request().getHeader("Idempotency-Key");
      if (key == null || ctx.request().path().startsWith("/api/auth/")) {
        ctx.next();
        return;
      }
      if (key.isBlank() || key.length() > 200) {
        ctx.fail(ApiError.badRequest("bad_idempotency_key", "Idempotency-Key must have 1 to 200 characters.", null));
        return;
      }
      Principal me = Principal.of(ctx);
      long person = me == null ? 0 : me.personId();
      Buffer body = ctx.body().buffer();
      String hash = Sessions.hash(ctx.request().method() + " " + ctx.request().path() + "\n"
          + (body == null ? "" : java.util.Base64.getEncoder().encodeToString(body.getBytes())));
      // Expired keys, and claims whose request died without an answer (a crash), are forgotten.
      pool.preparedQuery("DELETE FROM idempotency_key WHERE person_id = $1 AND key = $2 AND (created_at < now() - interval '24 hours'"
              + " OR (status IS NULL AND created_at < now() - interval '1 minute'))")
          .execute(Tuple.of(person, key))
          .compose(v -> pool.preparedQuery("INSERT INTO idempotency_key (person_id, key, request_hash) VALUES ($1, $2, $3)"
              + " ON CONFLICT DO NOTHING").execute(Tuple.of(person, key, hash)))
          .compose(inserted -> inserted.rowCount() == 1 ? Future.succeededFuture((Row) null)
              : pool.preparedQuery("SELECT request_hash, status, response FROM idempotency_key WHERE person_id = $1 AND key = $2")
                  .execute(Tuple.of(person, key)).map(rows -> rows.iterator().next()))
          .onFailure(ctx::fail)
          .onSuccess(earlier -> {
            if (earlier == null) {
              ctx.put(PENDING, new Pending(pool, person, key));
              ctx.next();
            } else if (!hash.equals(earlier.getString("request_hash"))) {
              ctx.fail(new ApiError(422, "idempotency_key_reused", "This Idempotency-Key was used for another request."));
            } else if (earlier.getInteger("status") == null) {
              ctx.fail(ApiError.conflict("request_in_progress", "The first request with this Idempotency-Key is still running."));
            } else {
              ctx.response().setStatusCode(earlier.getInteger("status"))
                  .putHeader("Content-Type", "application/json; charset=utf-8")
                  .putHeader("Idempotent-Replayed", "true")
                  .end(earlier.getBuffer("response"));
            }
          });
    };
  }

  /** Stores a successful answer before it is sent; a failed request frees its key for a retry. */
  static Future<Void> complete(RoutingContext ctx, int status, Buffer body) {
    Pending pending = ctx.get(PENDING);
    if (pending == null) {
      return Future.succeededFuture();
    }
    ctx.remove(PENDING);
    return status < 400 ? pending.save(status, body == null ? Buffer.buffer() : body) : pending.release();
  }
}
