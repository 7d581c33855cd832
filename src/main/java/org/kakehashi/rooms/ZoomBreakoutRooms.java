package org.kakehashi.rooms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.RetryLater;
import org.kakehashi.scheduling.ZoomClient;
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
  public static final String KIND = "zoom_breakout_rooms";

  private final Pool pool;
  private final ZoomClient zoom;

  public ZoomBreakoutRooms(Pool pool, ZoomClient zoom) {
    this.pool = pool;
    this.zoom = zoom;
  }

  static String ref(long sessionId) {
    return "rooms:" + sessionId;
  }

  /** Queues a push of the session's rooms inside the caller's transaction, replacing one not yet sent. */
  public static Future<Void> request(SqlClient tx, long sessionId) {
    return Outbox.withdraw(tx, List.of(ref(sessionId)))
        .compose(v -> Outbox.enqueue(tx, KIND, new JsonObject().put("sessionId", sessionId), ref(sessionId)));
  }

  /** Queues a push when the person has a room in the session (their e-mail changed, or they left). */
  public static Future<Void> requestIfPlaced(SqlClient tx, long sessionId, long personId) {
    return tx.preparedQuery("SELECT 1 FROM room_member WHERE session_id = $1 AND person_id = $2")
        .execute(io.vertx.sqlclient.Tuple.of(sessionId, personId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : request(tx, sessionId));
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
          if ("cancelled".equals(session.status())) {
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
                return zoom.updateMeeting(session.zoomMeetingId(), settings(rooms));
              });
        });
  }
}
