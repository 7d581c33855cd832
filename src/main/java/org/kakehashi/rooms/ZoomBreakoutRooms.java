package org.kakehashi.rooms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.sessions.SessionStatus;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.RetryLater;
import org.kakehashi.zoom.ZoomClient;
import org.kakehashi.zoom.ZoomRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Pushes a session's rooms to its Zoom meeting as pre-assigned breakout rooms, from the outbox
 * ({@code zoom_breakout_rooms} messages, one pending per session): {@code PATCH /meetings/{id}} with
 * {@code settings.breakout_room}. Each delivery sends the rooms as they are now, so a repeat is
 * harmless and a newer change simply replaces an older one. Waits while the meeting is not created.
 */
public final class ZoomBreakoutRooms {

  private static final Logger log = LoggerFactory.getLogger(ZoomBreakoutRooms.class);
  public static final String KIND = ZoomRequests.BREAKOUT_ROOMS;

  private final Pool pool;
  private final ZoomClient zoom;

  public ZoomBreakoutRooms(Pool pool, ZoomClient zoom) {
    this.pool = pool;
    this.zoom = zoom;
  }

  static String ref(long sessionId) {
    return ZoomRequests.breakoutRoomsRef(sessionId);
  }

  /** Queues a push of the session's rooms inside the caller's transaction, replacing one not yet sent. */
  public static Future<Void> request(SqlClient tx, long sessionId) {
    return ZoomRequests.breakoutRooms(tx, sessionId);
  }

  /** The request body Zoom expects. */
  static JsonObject settings(List<RoomBoard.Filled> rooms) {
    JsonArray list = new JsonArray();
    for (RoomBoard.Filled f : rooms) {
      JsonArray emails = new JsonArray();
      f.members().forEach(p -> emails.add(p.zoomEmail()));
      list.add(new JsonObject().put("name", f.room().name()).put("participants", emails));
    }
    return new JsonObject().put("settings", new JsonObject()
        .put("breakout_room", new JsonObject().put("enable", true).put("rooms", list)));
  }

  public Future<Void> deliver(Outbox.Message message) {
    long sessionId = message.payload().getLong("sessionId");
    return RoomStore.session(pool, sessionId)
        .compose(session -> {
          if (SessionStatus.of(session.status()) == SessionStatus.CANCELLED) {
            return Future.succeededFuture();
          }
          if (session.zoomMeetingId() == null) {
            throw new RetryLater("the Zoom meeting of session " + sessionId + " is not created yet", 60);
          }
          return RoomStore.confirmed(pool, sessionId)
              .compose(people -> RoomStore.filled(pool, sessionId, people))
              .compose(rooms -> {
                String limit = RoomBoard.zoomLimit(rooms);
                if (limit != null) {
                  log.atWarn().addKeyValue("session", sessionId).log("breakout rooms not pushed: " + limit);
                  return Future.succeededFuture();
                }
                String twice = RoomBoard.zoomEmailTwice(rooms);
                if (twice != null) {
                  // Refused, with the reason kept on the push (the board shows it); the next change pushes again.
                  throw new org.kakehashi.platform.GiveUp(twice);
                }
                return zoom.updateMeeting(session.zoomMeetingId(), settings(rooms));
              });
        });
  }
}
