package org.kakehashi.cases;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Ticker;
import org.kakehashi.platform.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The nudge before a case is due (README, "Case studies"): every {@link #EVERY_MILLIS}, for each scheduled
 * session within {@link #DAYS_BEFORE_DUE} days of its cases' due date (the round's template, default 7 days
 * before the session), each center of the pair whose case is not submitted has its staff e-mailed, once
 * (table case_reminder; the claiming insert makes it once with several instances too).
 */
public final class CaseReminders {

  private static final Logger log = LoggerFactory.getLogger(CaseReminders.class);
  static final long EVERY_MILLIS = 10 * 60_000;
  static final int DAYS_BEFORE_DUE = 2;

  private final Pool pool;
  private final Config config;
  private final Ticker ticker;

  public CaseReminders(Vertx vertx, Pool pool, Config config) {
    this.pool = pool;
    this.config = config;
    this.ticker = new Ticker(vertx, EVERY_MILLIS, this::run);
  }

  public void start() {
    ticker.start();
  }

  public Future<Void> stop() {
    return ticker.stop();
  }

  /** Reminds the centers whose case is due soon and missing; returns how many centers (tests call it directly). */
  public Future<Integer> tick() {
    return ticker.tick();
  }

  private Future<Integer> run() {
    return Transactions.retrying(pool, this::remind)
        .recover(err -> {
          log.atWarn().addKeyValue("error", err.toString()).log("case reminders failed; next tick retries");
          return Future.succeededFuture(0);
        });
  }

  private record Due(long sessionId, long centerId, String centerName, OffsetDateTime startsAt, OffsetDateTime dueAt,
                     String roundTitle) {
  }

  private Future<Integer> remind(SqlClient tx) {
    return tx.preparedQuery("""
            WITH due AS (
              SELECT s.id AS session_id, m.center_id, s.starts_at, r.title AS round_title,
                     s.starts_at - make_interval(days => coalesce(t.due_days, 7)) AS due_at
                FROM session s JOIN round r ON r.id = s.round_id JOIN pair_member m ON m.pair_id = s.pair_id
                LEFT JOIN case_template t ON t.round_id = s.round_id
               WHERE s.status = 'scheduled' AND s.starts_at > now())
            INSERT INTO case_reminder (session_id, center_id)
            SELECT d.session_id, d.center_id FROM due d
             WHERE now() >= d.due_at - make_interval(days => $1)
               AND NOT EXISTS (SELECT 1 FROM case_study c WHERE c.session_id = d.session_id AND c.center_id = d.center_id
                                 AND c.status = 'submitted')
             LIMIT 500
            ON CONFLICT DO NOTHING
            RETURNING session_id, center_id""")
        .execute(Tuple.of(DAYS_BEFORE_DUE))
        .compose(claimed -> {
          if (claimed.size() == 0) {
            return Future.succeededFuture(0);
          }
          List<Long> sessions = new ArrayList<>();
          List<Long> centers = new ArrayList<>();
          claimed.forEach(r -> {
            sessions.add(r.getLong("session_id"));
            centers.add(r.getLong("center_id"));
          });
          return tx.preparedQuery("""
                  SELECT p.email, p.name, p.locale, ce.name AS center_name, s.id AS session_id, s.starts_at, r.title,
                         s.starts_at - make_interval(days => coalesce(t.due_days, 7)) AS due_at
                    FROM unnest($1::bigint[], $2::bigint[]) AS k(session_id, center_id)
                    JOIN session s ON s.id = k.session_id JOIN round r ON r.id = s.round_id
                    JOIN center ce ON ce.id = k.center_id
                    JOIN person p ON p.center_id = k.center_id AND p.password_hash IS NOT NULL
                    LEFT JOIN case_template t ON t.round_id = s.round_id
                   ORDER BY s.id, p.id""")
              .execute(Tuple.of((Object) sessions.toArray(Long[]::new), (Object) centers.toArray(Long[]::new)))
              .compose(rows -> {
                List<Email> mails = new ArrayList<>();
                for (Row r : rows) {
                  mails.add(CaseMail.due(new CaseStore.Reader(r.getString("email"), r.getString("name"), r.getString("locale")),
                      r.getString("center_name"), r.getString("title"), r.getOffsetDateTime("starts_at"),
                      r.getOffsetDateTime("due_at"), r.getLong("session_id"), config.publicUrl()));
                }
                return Outbox.emails(tx, mails);
              })
              .map(v -> {
                log.atInfo().addKeyValue("centers", claimed.size()).log("case reminders queued");
                return claimed.size();
              });
        });
  }
}
