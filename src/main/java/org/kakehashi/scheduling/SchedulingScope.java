package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Principal;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundAccess;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.sessions.Session;
import org.kakehashi.sessions.SessionAccess;
import org.kakehashi.sessions.SessionStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the scheduling routes ({@link SlotRoutes}, {@link HostRoutes}, {@link PlanRoutes}, {@link SessionRoutes},
 * {@link CalendarRoutes}) share: the session a viewer may see and the session as they see it (the join link only
 * for those allowed), the calendar's identity, and the announcement of new, moved and cancelled sessions.
 */
final class SchedulingScope {

  final Vertx vertx;
  final Pool pool;
  final Config config;
  final SessionAgenda agenda;

  SchedulingScope(Vertx vertx, Pool pool, Config config, SessionAgenda agenda) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.agenda = agenda;
  }

  /** The session if the viewer may see it ({@link SessionAccess#canSee}); else 404, as for an id that does not exist. */
  Future<Session> visibleSession(Principal me, long id) {
    return SessionStore.get(pool, id)
        .compose(s -> RoundStore.access(pool, s.roundId(), me.centerId()).map(round -> {
          if (!SessionAccess.canSee(me, RoundAccess.canSee(me, round.member()), s.openToAll())) {
            throw ApiError.notFound("Session");
          }
          return s;
        }));
  }

  /** The join link only for the coordinator, the session's facilitator and confirmed participants. */
  static Session forViewer(Principal me, Session s, boolean confirmed) {
    return SessionAccess.seesJoinUrl(me, s, confirmed) ? s : s.withoutJoinUrl();
  }

  SessionCalendar.Identity calendarIdentity() {
    return SessionCalendar.Identity.of(config.publicUrl(), config.mail().from());
  }

  /**
   * In the same transaction: a Zoom meeting for every new or moved session (when Zoom is set up),
   * and an e-mail with the .ics to the staff of its centers; cancellations get METHOD:CANCEL.
   */
  Future<Void> announce(SqlClient tx, Round round, SessionStore.Changes changes) {
    List<Long> notify = new ArrayList<>(changes.changed());
    notify.addAll(changes.cancelled());
    Future<Void> zoom = Future.succeededFuture();
    if (config.zoom().enabled()) {
      for (long id : notify) {
        zoom = zoom.compose(v -> ZoomMeetings.request(tx, id));
      }
    }
    if (notify.isEmpty()) {
      return zoom;
    }
    Map<Long, String[]> programmes = new ConcurrentHashMap<>();
    // Each session's programme, for the invitations (one at a time: one transaction, one connection).
    Future<Void> read = zoom;
    for (long id : changes.changed()) {
      read = read.compose(v -> agenda.both(tx, id).map(both -> {
        programmes.put(id, both);
        return null;
      }));
    }
    return read.compose(v -> SessionStore.ofRound(tx, round.id()))
        .compose(sessions -> SchedulingStore.titles(tx, notify).compose(titles -> SchedulingStore.participants(tx, notify)
            // Writing thousands of calendar files is CPU work: off the event loop.
            .compose(people -> vertx.executeBlocking(() -> Announcements.of(titles, sessions, people, calendarIdentity(),
                config.publicUrl(), config.reminders(), OffsetDateTime.now(), programmes), false))))
        .compose(a -> Outbox.emails(tx, a.mails())
            // Reminders of a moved or cancelled session are taken back and, if it still happens, queued anew.
            .compose(v -> Outbox.withdraw(tx, notify.stream().map(Announcements::ref).toList()))
            .compose(v -> Outbox.emailsAt(tx, a.reminders())));
  }
}
