package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Mailer;
import org.kakehashi.platform.Outbox;
import org.kakehashi.sessions.Session;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.signup.SeatInvitations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the invitations sign-up queues ({@link SeatInvitations#KIND}): the session as it is now,
 * for the one person, as a REQUEST (their seat is confirmed; the join link included) or a CANCEL (they
 * gave it up or were removed), with the SEQUENCE fixed when it was queued; a REQUEST carries the
 * session's programme as it is when sent; its SUMMARY and Subject the session's title (the round's and its cities); the e-mail in their language, under the message's own Message-ID ({@code outbox-{id}}) like every other e-mail.
 */
public final class SeatInvitationMail {

  private static final Logger log = LoggerFactory.getLogger(SeatInvitationMail.class);

  private final Pool pool;
  private final Mailer mailer;
  private final SessionCalendar.Identity identity;
  private final String publicUrl;
  private final SessionAgenda agenda;

  public SeatInvitationMail(Pool pool, Mailer mailer, String publicUrl, String mailFrom) {
    this(pool, mailer, publicUrl, mailFrom, SessionAgenda.NONE);
  }

  /** With the session's programme in each REQUEST ({@code agenda}, handed in by the app). */
  public SeatInvitationMail(Pool pool, Mailer mailer, String publicUrl, String mailFrom, SessionAgenda agenda) {
    this.pool = pool;
    this.mailer = mailer;
    this.identity = SessionCalendar.Identity.of(publicUrl, mailFrom);
    this.publicUrl = publicUrl;
    this.agenda = agenda;
  }

  public Future<Void> deliver(Outbox.Message message) {
    JsonObject m = message.payload();
    long sessionId = m.getLong("sessionId");
    long personId = m.getLong("personId");
    SeatInvitations.Reason reason = SeatInvitations.Reason.of(m.getString("reason"));
    return pool.preparedQuery(SessionStore.SELECT.replace("FROM session s",
                ", r.title, " + SchedulingStore.CITIES + ", p.email::text AS email, p.name, p.locale FROM session s JOIN round r ON r.id = s.round_id"
                    + " JOIN person p ON p.id = $2")
            + " WHERE s.id = $1")
        .execute(Tuple.of(sessionId, personId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Row r = rows.iterator().next();
          Session s = SessionStore.map(r);
          boolean request = "REQUEST".equals(reason.method);
          if (request && s.isCancelled()) {
            // The session's own CANCEL went to everyone with a seat: nothing to invite to.
            log.atInfo().addKeyValue("session", sessionId).log("invitation not sent: the session was cancelled since");
            return Future.succeededFuture();
          }
          String link = publicUrl + "/#/sessions/" + s.id();
          String title = SchedulingStore.title(r);
          int sequence = m.getInteger("sequence", s.sequence());
          SchedulingStore.Participant p = new SchedulingStore.Participant(sessionId, personId, r.getString("email"),
              r.getString("name"), r.getString("locale"), request, sequence);
          Future<String> programme = request ? agenda.text(pool, sessionId, p.locale()).otherwise((String) null)
              : Future.succeededFuture(null);
          return programme.compose(text -> {
            String ics = SessionCalendar.invitation(identity,
                new SessionCalendar.Entry(s, title, text, link, request ? s.joinUrl() : null, sequence),
                new Email.Address(p.name(), p.email()), reason.method);
            return mailer.send(SessionMail.seat(p, s, title, ics, link, reason, text), "outbox-" + message.id());
          });
        });
  }
}
