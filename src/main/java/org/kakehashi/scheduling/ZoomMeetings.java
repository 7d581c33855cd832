package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.Outbox;
import org.kakehashi.sessions.SessionStatus;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.zoom.ZoomClient;
import org.kakehashi.zoom.ZoomRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Keeps the Zoom meeting of a session in step with it, from the outbox ({@code zoom_meeting}
 * messages): creates it, moves it when the session moves, moves it to the new host licence when the
 * session's licence changes (created on the new host, then deleted on the old), deletes it when the
 * session is cancelled. Each delivery looks at the session as it is now, so repeating one is harmless.
 * Never two meetings for one session: the meeting's agenda (not its title, which every participant
 * sees) ends with the session's calendar UID, and after an attempt whose outcome is unknown (a timeout,
 * a 5xx) or a retry asked for by the coordinator, every page of the host's meetings is searched for it
 * before creating. Zoom's permanent refusals end the message as failed with Zoom's code and message
 * ({@link org.kakehashi.zoom.ZoomRefused}), shown on the session (README, "Zoom").
 */
public final class ZoomMeetings {

  private static final Logger log = LoggerFactory.getLogger(ZoomMeetings.class);
  public static final String KIND = ZoomRequests.MEETING;

  private final Pool pool;
  private final ZoomClient zoom;
  /** Zoom's limit on a meeting's agenda (its API reference: "a maximum length of 2,000 characters"). */
  static final int AGENDA_MAX = 2000;

  private final String domain;
  private final String publicUrl;
  private final SessionCalendar.Identity identity;
  private final SessionAgenda agenda;

  public ZoomMeetings(Pool pool, ZoomClient zoom, String publicUrl) {
    this(pool, zoom, publicUrl, "Kakehashi <no-reply@" + org.kakehashi.platform.Email.domain(publicUrl) + ">", SessionAgenda.NONE);
  }

  /**
   * {@code mailFrom}: the organizer of the updated invitations sent when the join link changes;
   * {@code agenda}: the session's programme, for the meeting's agenda and those invitations.
   */
  public ZoomMeetings(Pool pool, ZoomClient zoom, String publicUrl, String mailFrom, SessionAgenda agenda) {
    this.pool = pool;
    this.zoom = zoom;
    this.domain = org.kakehashi.platform.Email.domain(publicUrl);
    this.publicUrl = publicUrl;
    this.identity = SessionCalendar.Identity.of(publicUrl, mailFrom);
    this.agenda = agenda;
  }

  /** Queues the meeting of a session inside the caller's transaction. */
  public static Future<Void> request(SqlClient tx, long sessionId) {
    return ZoomRequests.meeting(tx, sessionId, false);
  }

  /** The line in the meeting's agenda that finds it again: the session's calendar UID. */
  String marker(long sessionId) {
    return "kakehashi:" + SessionCalendar.uid(sessionId, domain);
  }

  public Future<Void> deliver(Outbox.Message message) {
    long sessionId = message.payload().getLong("sessionId");
    // Search before creating only when an earlier attempt may have created it (its outcome unknown).
    boolean lookup = message.attempts() > 1 || message.payload().getBoolean("lookup", false);
    // A programme change (ZoomRequests.agenda): only an existing meeting's agenda, never a meeting created or moved.
    boolean agendaOnly = message.payload().getBoolean("agenda", false);
    return pool.preparedQuery("""
            SELECT s.id, s.starts_at, s.ends_at, s.zoom_meeting_id, s.zoom_meeting_user, s.status, h.zoom_user_id, r.title,
                   (SELECT string_agg(c.city, '×' ORDER BY c.id) FROM pair_member m JOIN center c ON c.id = m.center_id
                     WHERE m.pair_id = s.pair_id) AS cities
              FROM session s JOIN round r ON r.id = s.round_id LEFT JOIN host h ON h.id = s.host_id
             WHERE s.id = $1""")
        .execute(Tuple.of(sessionId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
            : agendaOnly ? updateAgenda(rows.iterator().next(), sessionId)
            : agenda.both(pool, sessionId).compose(programme -> step(sessionId, rows.iterator().next(), programme, lookup)));
  }

  /** The meeting's agenda (with its times) after a programme change; nothing when there is no meeting or it is cancelled. */
  private Future<Void> updateAgenda(Row r, long sessionId) {
    String meetingId = r.getString("zoom_meeting_id");
    if (meetingId == null || SessionStatus.of(r.getString("status")) == SessionStatus.CANCELLED) {
      return Future.succeededFuture();
    }
    return agenda.both(pool, sessionId).compose(programme -> zoom.updateMeeting(meetingId, update(r, programme[0], marker(sessionId))));
  }

  /** The body of a meeting's PATCH: its times and agenda. */
  private static JsonObject update(Row r, String programme, String marker) {
    JsonObject m = meeting(r, programme, marker);
    return new JsonObject().put("start_time", m.getString("start_time"))
        .put("duration", m.getLong("duration")).put("timezone", "Asia/Tokyo").put("agenda", m.getString("agenda"));
  }

  /** What the session needs at Zoom now, given its row and programme ({@code [ja, en]}). */
  private Future<Void> step(long sessionId, Row r, String[] programme, boolean lookup) {
    String meetingId = r.getString("zoom_meeting_id");
    if (SessionStatus.of(r.getString("status")) == SessionStatus.CANCELLED) {
      return meetingId == null ? Future.succeededFuture() : zoom.deleteMeeting(meetingId)
          .compose(v -> SessionStore.meetingDeleted(pool, sessionId));
    }
    String userId = r.getString("zoom_user_id");
    boolean hasUser = userId != null && !userId.isBlank();
    String marker = marker(sessionId);
    if (meetingId != null) {
      String on = r.getString("zoom_meeting_user");
      if (hasUser && on != null && !on.equals(userId)) {
        // The licence changed: the meeting moves to the new host, then leaves the old one.
        return findOrCreate(userId, r, programme[0], marker, true)
            .compose(created -> zoom.deleteMeeting(meetingId)
                .compose(v -> recordMove(sessionId, meetingId, created, userId, programme)));
      }
      return zoom.updateMeeting(meetingId, update(r, programme[0], marker));
    }
    if (!hasUser) {
      log.atWarn().addKeyValue("session", sessionId).log("the session's host licence has no Zoom user; paste the join link by hand");
      return Future.succeededFuture();
    }
    return findOrCreate(userId, r, programme[0], marker, lookup)
        .compose(meeting -> pool.withTransaction(tx -> SessionStore.meetingCreatedLinked(tx, sessionId,
                String.valueOf(meeting.getValue("id")), meeting.getString("join_url"), userId)
            .compose(linked -> !linked ? Future.<Void>succeededFuture()
                : tellLink(tx, sessionId, programme, false))));
  }

  /**
   * Records the meeting's move and, in the same transaction and only when this delivery recorded it (so
   * once per move, however often the message is delivered), queues the updated invitation (REQUEST, raised
   * SEQUENCE, the new join link) to everyone whose calendar holds the old link: the confirmed participants
   * and the facilitator.
   */
  private Future<Void> recordMove(long sessionId, String from, JsonObject created, String userId,
                                  String[] programme) {
    return pool.withTransaction(tx -> SessionStore.meetingMoved(tx, sessionId, from, String.valueOf(created.getValue("id")),
            created.getString("join_url"), userId)
        .compose(moved -> !moved ? Future.<Void>succeededFuture() : tellLink(tx, sessionId, programme, true)));
  }

  /**
   * Queues the invitation with the session's join link (REQUEST, raised SEQUENCE) to everyone who may join:
   * the link is new ({@code changed} false: the meeting was just created, and files sent before held none)
   * or replaces the old one; under the session's title (the round's and its cities).
   */
  private Future<Void> tellLink(io.vertx.sqlclient.SqlConnection tx, long sessionId, String[] programme, boolean changed) {
    return SessionStore.get(tx, sessionId)
        .compose(s -> SchedulingStore.titles(tx, java.util.List.of(sessionId))
            .compose(titles -> SchedulingStore.participants(tx, java.util.List.of(sessionId))
                .compose(people -> Outbox.emails(tx, Announcements.joinLink(titles.get(sessionId), s, people, identity,
                    publicUrl, programme, changed)))));
  }

  private Future<JsonObject> findOrCreate(String userId, Row r, String programme, String marker, boolean lookup) {
    return (lookup ? zoom.findMeeting(userId, marker) : Future.<JsonObject>succeededFuture(null))
        .compose(found -> found != null ? Future.succeededFuture(found) : zoom.createMeeting(userId, meeting(r, programme, marker)));
  }

  /**
   * The meeting's agenda: the round's title, the programme, and last the line that finds the meeting again;
   * at most {@link #AGENDA_MAX} characters, the programme cut after its last whole line that fits (then "…").
   */
  static String agenda(String title, String programme, String marker) {
    String tail = "\n\n" + marker;
    String head = title == null ? "" : title;
    if (head.length() + tail.length() > AGENDA_MAX) {
      head = cut(head, AGENDA_MAX - tail.length() - 1) + "…";
    }
    if (programme == null || programme.isBlank()) {
      return head + tail;
    }
    String body = programme.strip();
    int room = AGENDA_MAX - head.length() - tail.length() - 2;
    if (body.length() > room) {
      String shorter = cut(body, Math.max(0, room - 2));
      int line = shorter.lastIndexOf('\n');
      body = (line > 0 ? shorter.substring(0, line) : shorter) + "\n…";
      if (body.length() > room) {
        return head + tail;
      }
    }
    return head + "\n\n" + body + tail;
  }

  /** The first {@code max} UTF-16 units of {@code s}, never half a surrogate pair. */
  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Math.max(0, max);
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** A scheduled meeting set up for a workshop: waiting room, breakout rooms, video optional. */
  static JsonObject meeting(Row r, String programme, String marker) {
    long minutes = java.time.Duration.between(r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at")).toMinutes();
    return new JsonObject()
        .put("topic", "かけはし合同研修 " + r.getString("cities"))
        .put("type", 2)
        .put("start_time", r.getOffsetDateTime("starts_at").withOffsetSameInstant(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")))
        .put("duration", minutes)
        .put("timezone", "Asia/Tokyo")
        .put("agenda", agenda(r.getString("title"), programme, marker))
        .put("settings", new JsonObject()
            .put("waiting_room", true)
            .put("host_video", false)
            .put("participant_video", false)
            .put("join_before_host", false)
            .put("mute_upon_entry", true)
            .put("breakout_room", new JsonObject().put("enable", true)));
  }
}
