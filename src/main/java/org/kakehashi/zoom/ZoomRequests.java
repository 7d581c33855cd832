package org.kakehashi.zoom;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.platform.Outbox;

import java.util.List;

/**
 * The outbox messages that keep Zoom in step, queued inside the caller's transaction: a session's
 * meeting ({@value #MEETING}) and its pre-assigned breakout rooms ({@value #BREAKOUT_ROOMS}, one
 * pending per session). The deliverers live with the capability whose data they send (the meeting
 * with scheduling, the rooms with rooms); any capability may ask for a push without depending on them.
 */
public final class ZoomRequests {

  public static final String MEETING = "zoom_meeting";
  public static final String BREAKOUT_ROOMS = "zoom_breakout_rooms";

  private ZoomRequests() {
  }

  /** The outbox reference of a session's pending breakout-room push. */
  public static String breakoutRoomsRef(long sessionId) {
    return "rooms:" + sessionId;
  }

  /** The outbox reference of a session's meeting requests (their latest state is shown on the session). */
  public static String meetingRef(long sessionId) {
    return "zoom:meeting:" + sessionId;
  }

  /**
   * Queues the meeting of a session; {@code lookup}: search the host's meetings before creating
   * (a retry after a failure whose outcome is not known).
   */
  public static Future<Void> meeting(SqlClient tx, long sessionId, boolean lookup) {
    JsonObject payload = new JsonObject().put("sessionId", sessionId);
    if (lookup) {
      payload.put("lookup", true);
    }
    return Outbox.enqueue(tx, MEETING, payload, meetingRef(sessionId));
  }

  /**
   * Queues an update of the agenda of a session's existing meeting (its programme changed), due in
   * {@code delaySeconds}; none when a meeting message of the session is already waiting and not yet taken
   * up (it reads the session and its programme as they are when it is delivered), so several edits in a
   * row make one PATCH (README, "The programme"); two callers at once never queue two. The delivery never
   * creates a meeting.
   */
  public static Future<Void> agenda(SqlClient tx, long sessionId, int delaySeconds) {
    return Outbox.enqueueUnlessWaiting(tx, MEETING, new JsonObject().put("sessionId", sessionId).put("agenda", true),
        meetingRef(sessionId), delaySeconds);
  }

  /** Queues a push of the session's rooms, replacing one not yet sent. */
  public static Future<Void> breakoutRooms(SqlClient tx, long sessionId) {
    return Outbox.withdraw(tx, List.of(breakoutRoomsRef(sessionId)))
        .compose(v -> Outbox.enqueue(tx, BREAKOUT_ROOMS, new JsonObject().put("sessionId", sessionId), breakoutRoomsRef(sessionId)));
  }

  /** Queues a push when the person has a room in the session (their e-mail changed, or they left). */
  public static Future<Void> breakoutRoomsIfPlaced(SqlClient tx, long sessionId, long personId) {
    return tx.preparedQuery("SELECT 1 FROM room_member WHERE session_id = $1 AND person_id = $2")
        .execute(Tuple.of(sessionId, personId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : breakoutRooms(tx, sessionId));
  }
}
