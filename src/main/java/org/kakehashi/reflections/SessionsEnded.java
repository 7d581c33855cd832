package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Ticker;
import org.kakehashi.platform.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The ticker that holds sessions at their end time: every {@code reflections.tickerMillis} it marks the
 * scheduled sessions whose end has passed as held and queues the reflection e-mails, in one
 * transaction. Safe with several instances: the claiming UPDATE skips rows another instance holds and
 * never takes a session that is no longer scheduled, so each session is held, and e-mailed, once.
 */
public final class SessionsEnded {

  private static final Logger log = LoggerFactory.getLogger(SessionsEnded.class);

  private final Pool pool;
  private final Config config;
  private final Ticker ticker;

  public SessionsEnded(Vertx vertx, Pool pool, Config config) {
    this.pool = pool;
    this.config = config;
    this.ticker = new Ticker(vertx, config.reflections().tickerMillis(), this::run);
  }

  public void start() {
    ticker.start();
  }

  public Future<Void> stop() {
    return ticker.stop();
  }

  /** Holds the sessions that have ended; returns how many (tests call it directly). */
  public Future<Integer> tick() {
    return ticker.tick();
  }

  private Future<Integer> run() {
    return Transactions.retrying(pool, tx -> SessionStore.markEndedHeld(tx, ReflectionStore.TICK_BATCH)
            .compose(ids -> invite(tx, ids, config).map(ids.size())))
        .onSuccess(n -> {
          if (n > 0) {
            log.atInfo().addKeyValue("sessions", n).log("sessions ended: held, reflection e-mails queued");
          }
        })
        .recover(err -> {
          log.atWarn().addKeyValue("error", err.toString()).log("holding ended sessions failed; next tick retries");
          return Future.succeededFuture(0);
        });
  }

  /** Queues, inside the caller's transaction, the e-mail asking each confirmed participant for a reflection. */
  static Future<Void> invite(SqlClient tx, List<Long> sessionIds, Config config) {
    if (sessionIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return ReflectionStore.recipients(tx, sessionIds, false, config.reflections().editDays())
        .compose(people -> {
          List<Email> mails = new ArrayList<>();
          people.forEach(p -> mails.add(ReflectionMail.invitation(p, config.publicUrl())));
          return Outbox.emails(tx, mails);
        });
  }
}
