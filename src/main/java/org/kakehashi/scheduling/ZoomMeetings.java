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
 * messages): creates it, moves it when the session moves, deletes it when the session is
 * cancelled. Each delivery looks at the session as it is now, so repeating one is harmless. Never
 * two meetings for one session: the topic carries a marker, and before creating, the host's
 * upcoming meetings are searched for it, so a create that timed out after Zoom acted is found.
 */
public final class ZoomMeetings {

  private static final Logger log = LoggerFactory.getLogger(ZoomMeetings.class);
  public static final String KIND = ZoomRequests.MEETING;

  private final Pool pool;
  private final ZoomClient zoom;

  public ZoomMeetings(Pool pool, ZoomClient zoom) {
    this.pool = pool;
    this.zoom = zoom;
  }

  /** Queues the meeting of a session inside the caller's transaction. */
  public static Future<Void> request(SqlClient tx, long sessionId) {
    return ZoomRequests.meeting(tx, sessionId);
  }

  static String marker(long sessionId) {
    return "[kakehashi:" + sessionId + "]";
  }

  public Future<Void> deliver(Outbox.Message message) {
    long sessionId = message.payload().getLong("sessionId");
    return pool.preparedQuery("""
            SELECT s.id, s.starts_at, s.ends_at, s.zoom_meeting_id, s.status, h.zoom_user_id, r.title,
                   (SELECT string_agg(c.city, '×' ORDER BY c.id) FROM pair_member m JOIN center c ON c.id = m.center_id
                     WHERE m.pair_id = s.pair_id) AS cities
              FROM session s JOIN round r ON r.id = s.round_id LEFT JOIN host h ON h.id = s.host_id
             WHERE s.id = $1""")
        .execute(Tuple.of(sessionId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Row r = rows.iterator().next();
          String meetingId = r.getString("zoom_meeting_id");
          if (SessionStatus.of(r.getString("status")) == SessionStatus.CANCELLED) {
            return meetingId == null ? Future.succeededFuture() : zoom.deleteMeeting(meetingId)
                .compose(v -> SessionStore.meetingDeleted(pool, sessionId));
          }
          if (meetingId != null) {
            JsonObject m = meeting(r, marker(sessionId));
            return zoom.updateMeeting(meetingId, new JsonObject().put("start_time", m.getString("start_time"))
                .put("duration", m.getLong("duration")).put("timezone", "Asia/Tokyo"));
          }
          String userId = r.getString("zoom_user_id");
          if (userId == null || userId.isBlank()) {
            log.atWarn().addKeyValue("session", sessionId).log("the session's host licence has no Zoom user; paste the join link by hand");
            return Future.succeededFuture();
          }
          String marker = marker(sessionId);
          return zoom.findMeeting(userId, marker)
              .compose(found -> found != null ? Future.succeededFuture(found) : zoom.createMeeting(userId, meeting(r, marker)))
              .compose(meeting -> SessionStore.meetingCreated(pool, sessionId, String.valueOf(meeting.getValue("id")),
                  meeting.getString("join_url")));
        });
  }

  /** A scheduled meeting set up for a workshop: waiting room, breakout rooms, video optional. */
  static JsonObject meeting(Row r, String marker) {
    long minutes = java.time.Duration.between(r.getOffsetDateTime("starts_at"), r.getOffsetDateTime("ends_at")).toMinutes();
    return new JsonObject()
        .put("topic", "かけはし合同研修 " + r.getString("cities") + " " + marker)
        .put("type", 2)
        .put("start_time", r.getOffsetDateTime("starts_at").withOffsetSameInstant(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")))
        .put("duration", minutes)
        .put("timezone", "Asia/Tokyo")
        .put("agenda", r.getString("title"))
        .put("settings", new JsonObject()
            .put("waiting_room", true)
            .put("host_video", false)
            .put("participant_video", false)
            .put("join_before_host", false)
            .put("mute_upon_entry", true)
            .put("breakout_room", new JsonObject().put("enable", true)));
  }
}
