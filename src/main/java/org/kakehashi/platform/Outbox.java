package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Side effects that leave the system (e-mails, later Zoom calls) go through the {@code outbox}
 * table: written in the same transaction as the change that causes them, delivered by this worker
 * with retries and exponential back-off. A claimed message is leased, so a crashed worker's
 * message is retried by another instance, and a delivered one is never sent again.
 */
public final class Outbox {

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int BATCH = 20;

  private final Vertx vertx;
  private final Pool pool;
  private final Config.Outbox config;
  private final Map<String, Function<Message, Future<Void>>> deliverers;
  private long timer = -1;
  private Future<Integer> current;
  private boolean stopped;

  /** One message claimed for delivery. */
  public record Message(long id, String kind, JsonObject payload, int attempts) {
  }

  public Outbox(Vertx vertx, Pool pool, Config.Outbox config, Map<String, Function<Message, Future<Void>>> deliverers) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.deliverers = Map.copyOf(deliverers);
  }

  /**
   * The head of an INSERT queuing messages from a query ({@code SELECT kind, payload ...}), for an
   * owner's statement that must stay one round trip (a sign-up queues its invitation in the statement
   * that takes the seat); the rows are ordinary messages, delivered like any other.
   */
  public static final String QUEUE = "INSERT INTO outbox (kind, payload) ";

  /** The deliverer for {@code email} messages. */
  public static Function<Message, Future<Void>> email(Mailer mailer) {
    return m -> mailer.send(Email.fromJson(m.payload()), "outbox-" + m.id());
  }

  /** An e-mail to be sent at a given time (a reminder), under a reference that {@link #withdraw} can take back. */
  public record Timed(String ref, Email email, java.time.OffsetDateTime at) {
  }

  /** Queues e-mails to be sent later, in one statement inside the caller's transaction. */
  public static Future<Void> emailsAt(SqlClient tx, List<Timed> timed) {
    if (timed.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonObject[] payloads = timed.stream().map(t -> t.email().toJson()).toArray(JsonObject[]::new);
    java.time.OffsetDateTime[] at = timed.stream().map(Timed::at).toArray(java.time.OffsetDateTime[]::new);
    String[] refs = timed.stream().map(Timed::ref).toArray(String[]::new);
    return tx.preparedQuery("INSERT INTO outbox (kind, payload, next_attempt_at, ref)"
            + " SELECT 'email', u.p, u.t, u.r FROM unnest($1::jsonb[], $2::timestamptz[], $3::text[]) AS u(p, t, r)")
        .execute(Tuple.of(payloads, at, refs)).mapEmpty();
  }

  /** Takes back the messages under these references that have not been sent yet. */
  public static Future<Void> withdraw(SqlClient tx, List<String> refs) {
    if (refs.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("DELETE FROM outbox WHERE ref = ANY ($1) AND delivered_at IS NULL AND failed_at IS NULL")
        .execute(Tuple.of((Object) refs.toArray(String[]::new))).mapEmpty();
  }

  /** Queues many e-mails in one statement inside the caller's transaction. */
  public static Future<Void> emails(SqlClient tx, List<Email> emails) {
    if (emails.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonObject[] payloads = emails.stream().map(Email::toJson).toArray(JsonObject[]::new);
    return tx.preparedQuery("INSERT INTO outbox (kind, payload) SELECT 'email', unnest($1::jsonb[])")
        .execute(Tuple.of((Object) payloads)).mapEmpty();
  }

  /** Queues an e-mail inside the caller's transaction. */
  public static Future<Void> email(SqlClient tx, Email email) {
    return enqueue(tx, "email", email.toJson());
  }

  /** Queues a message of any kind inside the caller's transaction. */
  public static Future<Void> enqueue(SqlClient tx, String kind, JsonObject payload) {
    return enqueue(tx, kind, payload, null);
  }

  /**
   * Queues a message under a reference, due in {@code delaySeconds}, unless a message of the same kind and
   * reference is already waiting and not yet taken up (that one reads its data when delivered, so several
   * calls in a row make one delivery). Concurrent callers for one reference are serialized by a
   * transaction-scoped advisory lock, so two of them never queue two.
   */
  public static Future<Void> enqueueUnlessWaiting(SqlClient tx, String kind, JsonObject payload, String ref, int delaySeconds) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(ref))
        .compose(v -> tx.preparedQuery("""
                INSERT INTO outbox (kind, payload, ref, next_attempt_at)
                SELECT $1, $2, $3, now() + make_interval(secs => $4)
                 WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE ref = $3 AND kind = $1 AND attempts = 0
                                      AND delivered_at IS NULL AND failed_at IS NULL)""")
            .execute(Tuple.of(kind, payload, ref, delaySeconds)))
        .mapEmpty();
  }

  /** Queues a message under a reference (see {@link #withdraw}, {@link #latest}) inside the caller's transaction. */
  public static Future<Void> enqueue(SqlClient tx, String kind, JsonObject payload, String ref) {
    return tx.preparedQuery("INSERT INTO outbox (kind, payload, ref) VALUES ($1, $2, $3)")
        .execute(Tuple.of(kind, payload, ref)).mapEmpty();
  }

  /** The state of the newest message under {@code ref}: pending, sent or failed (with when and why), or null. */
  public static Future<JsonObject> latest(SqlClient client, String ref) {
    return client.preparedQuery("""
            SELECT created_at, delivered_at, failed_at, last_error FROM outbox WHERE ref = $1 ORDER BY id DESC LIMIT 1""")
        .execute(Tuple.of(ref))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          var r = rows.iterator().next();
          String state = r.getValue("delivered_at") != null ? "sent" : r.getValue("failed_at") != null ? "failed" : "pending";
          var at = r.getOffsetDateTime(state.equals("sent") ? "delivered_at" : state.equals("failed") ? "failed_at" : "created_at");
          JsonObject out = new JsonObject().put("state", state).put("at", at.toString());
          if (r.getString("last_error") != null && !state.equals("sent")) {
            out.put("error", r.getString("last_error"));
          }
          return out;
        });
  }

  /** Starts polling. */
  public void start() {
    timer = vertx.setPeriodic(config.pollMillis(), config.pollMillis(), id -> poll());
  }

  /** Stops polling and lets a delivery in progress finish (a crash instead leaves it to be retried after its lease). */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return current == null ? Future.succeededFuture() : current.mapEmpty();
  }

  /** Delivers what is due now; returns how many messages were delivered (tests call it directly). */
  public Future<Integer> poll() {
    if (stopped || (current != null && !current.isComplete())) {
      return Future.succeededFuture(0);
    }
    current = claim()
        .compose(this::deliverAll)
        .onComplete(ar -> {
          if (ar.failed() && !stopped) {
            log.atWarn().addKeyValue("error", ar.cause().toString()).log("outbox poll failed");
          }
        })
        .recover(err -> Future.succeededFuture(0));
    return current;
  }

  private Future<List<Message>> claim() {
    return pool.preparedQuery("""
        UPDATE outbox o
           SET attempts = o.attempts + 1,
               next_attempt_at = now() + $2::bigint * interval '1 second'
          FROM (SELECT id FROM outbox
                 WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                 ORDER BY next_attempt_at, id
                 LIMIT $1
                 FOR UPDATE SKIP LOCKED) due
         WHERE o.id = due.id
        RETURNING o.id, o.kind, o.payload, o.attempts
        """)
        .execute(Tuple.of(BATCH, config.leaseSeconds()))
        .map(rows -> {
          List<Message> messages = new ArrayList<>();
          for (Row r : rows) {
            messages.add(new Message(r.getLong("id"), r.getString("kind"), (JsonObject) r.getValue("payload"),
                r.getInteger("attempts")));
          }
          return messages;
        });
  }

  private Future<Integer> deliverAll(List<Message> messages) {
    List<Future<Boolean>> all = new ArrayList<>();
    for (Message m : messages) {
      all.add(deliver(m));
    }
    return Future.join(all).map(cf -> (int) all.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
  }

  private Future<Boolean> deliver(Message m) {
    Function<Message, Future<Void>> deliverer = deliverers.get(m.kind());
    Future<Void> sent;
    try {
      sent = deliverer == null
          ? Future.failedFuture("no deliverer for kind " + m.kind())
          : deliverer.apply(m);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.compose(
        ok -> pool.preparedQuery("UPDATE outbox SET delivered_at = now(), last_error = NULL WHERE id = $1")
            .execute(Tuple.of(m.id())).map(true),
        err -> retryLater(m, err).map(false));
  }

  private Future<Void> retryLater(Message m, Throwable err) {
    boolean giveUp = m.attempts() >= config.maxAttempts() || err instanceof GiveUp;
    long delay = Math.min(config.retryMaxMillis(), config.retryBaseMillis() * (1L << Math.min(20, m.attempts() - 1)));
    if (err instanceof RetryLater later) {
      delay = Math.max(delay, later.seconds() * 1000);
    }
    log.atWarn().addKeyValue("id", m.id()).addKeyValue("kind", m.kind()).addKeyValue("attempt", m.attempts())
        .addKeyValue("retryInMs", giveUp ? -1 : delay).addKeyValue("error", String.valueOf(err.getMessage()))
        .log(giveUp ? "outbox message failed for good" : "outbox delivery failed; will retry");
    return pool.preparedQuery("""
        UPDATE outbox
           SET last_error = left($2, 1000),
               next_attempt_at = now() + $3::bigint * interval '1 millisecond',
               failed_at = CASE WHEN $4 THEN now() END
         WHERE id = $1
        """)
        .execute(Tuple.of(m.id(), String.valueOf(err.getMessage()), delay, giveUp)).mapEmpty();
  }
}
