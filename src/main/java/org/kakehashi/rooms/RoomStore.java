package org.kakehashi.rooms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.platform.ApiError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL for the {@code room} and {@code room_member} tables and the session's room sizes. */
public final class RoomStore {

  private RoomStore() {
  }

  /** A round topic with its labels. */
  public record Topic(String key, String ja, String en) {
    String label() {
      return ja != null && !ja.isBlank() ? ja : en != null && !en.isBlank() ? en : key;
    }
  }

  /** What room work needs of a session. */
  public record SessionInfo(long id, long roundId, Long facilitatorId, String status, String zoomMeetingId, int minSize,
                            int maxSize, List<Topic> topics) {
  }

  /**
   * A confirmed participant: name, the e-mail to pre-assign in Zoom (the one they confirmed, else the
   * account's), center and city (a person without a center counts as a center of their own).
   */
  public record Participant(long personId, String name, String zoomEmail, boolean zoomEmailConfirmed, long centerId,
                            String centerName, String city, List<String> topics) {
  }

  /** A stored room. */
  public record StoredRoom(long id, int position, String topic, String name) {
  }

  /** A stored placement. */
  public record Member(long personId, long roomId, boolean locked, String why) {
  }

  /** A room to store: members with their lock and reason. */
  public record NewRoom(String topic, String name, List<Long> members, List<Boolean> locked, List<String> why) {
  }

  private static final String SESSION = """
      SELECT s.id, s.round_id, s.facilitator_id, s.status, s.zoom_meeting_id, s.room_min_size, s.room_max_size, r.topics
        FROM session s JOIN round r ON r.id = s.round_id WHERE s.id = $1""";

  public static Future<SessionInfo> session(SqlClient client, long sessionId) {
    return client.preparedQuery(SESSION).execute(Tuple.of(sessionId)).map(RoomStore::sessionInfo);
  }

  /** The session, its row locked until the transaction ends: room changes of one session queue up. */
  public static Future<SessionInfo> lockSession(SqlClient tx, long sessionId) {
    return tx.preparedQuery(SESSION + " FOR UPDATE OF s").execute(Tuple.of(sessionId)).map(RoomStore::sessionInfo);
  }

  private static SessionInfo sessionInfo(io.vertx.sqlclient.RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw ApiError.notFound("Session");
    }
    Row r = rows.iterator().next();
    List<Topic> topics = new ArrayList<>();
    Object raw = r.getValue("topics");
    JsonArray arr = raw instanceof JsonArray a ? a : new JsonArray(String.valueOf(raw));
    for (int i = 0; i < arr.size(); i++) {
      JsonObject t = arr.getJsonObject(i);
      topics.add(new Topic(t.getString("key"), t.getString("ja"), t.getString("en")));
    }
    return new SessionInfo(r.getLong("id"), r.getLong("round_id"), r.getLong("facilitator_id"), r.getString("status"),
        r.getString("zoom_meeting_id"), r.getInteger("room_min_size"), r.getInteger("room_max_size"), topics);
  }

  /** The confirmed participants, by person id. */
  public static Future<List<Participant>> confirmed(SqlClient client, long sessionId) {
    return client.preparedQuery("""
            SELECT p.id, p.name, coalesce(g.zoom_email, p.email::text) AS zoom_email, g.zoom_email_confirmed,
                   coalesce(p.center_id, -p.id) AS center_id, coalesce(c.name, '') AS center_name,
                   coalesce(c.city, '') AS city, g.topics
              FROM registration g JOIN person p ON p.id = g.person_id LEFT JOIN center c ON c.id = p.center_id
             WHERE g.session_id = $1 AND g.status = 'confirmed'
             ORDER BY p.id""")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<Participant> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Participant(r.getLong("id"), r.getString("name"), r.getString("zoom_email"),
                r.getBoolean("zoom_email_confirmed"), r.getLong("center_id"), r.getString("center_name"),
                r.getString("city"), Arrays.asList(r.getArrayOfStrings("topics"))));
          }
          return out;
        });
  }

  public static Future<List<StoredRoom>> rooms(SqlClient client, long sessionId) {
    return client.preparedQuery("SELECT id, position, topic, name FROM room WHERE session_id = $1 ORDER BY position")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<StoredRoom> out = new ArrayList<>();
          rows.forEach(r -> out.add(new StoredRoom(r.getLong("id"), r.getInteger("position"), r.getString("topic"),
              r.getString("name"))));
          return out;
        });
  }

  public static Future<List<Member>> members(SqlClient client, long sessionId) {
    return client.preparedQuery("SELECT person_id, room_id, locked, why FROM room_member WHERE session_id = $1")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<Member> out = new ArrayList<>();
          rows.forEach(r -> out.add(new Member(r.getLong("person_id"), r.getLong("room_id"), r.getBoolean("locked"),
              r.getString("why"))));
          return out;
        });
  }

  /** The session's rooms with their confirmed members ({@code people}), in order. */
  public static Future<List<RoomBoard.Filled>> filled(SqlClient client, long sessionId, List<Participant> people) {
    return rooms(client, sessionId)
        .compose(rooms -> members(client, sessionId).map(members -> RoomBoard.fill(rooms, members, people)));
  }

  /** Replaces the session's rooms and placements, and remembers the sizes asked for. */
  public static Future<Void> replace(SqlClient tx, long sessionId, int minSize, int maxSize, List<NewRoom> rooms) {
    List<Integer> positions = new ArrayList<>();
    List<String> topics = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Long> people = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    List<Boolean> locked = new ArrayList<>();
    List<String> why = new ArrayList<>();
    for (int i = 0; i < rooms.size(); i++) {
      NewRoom room = rooms.get(i);
      positions.add(i + 1);
      topics.add(room.topic());
      names.add(room.name());
      for (int k = 0; k < room.members().size(); k++) {
        people.add(room.members().get(k));
        at.add(i + 1);
        locked.add(room.locked().get(k));
        why.add(room.why().get(k));
      }
    }
    return tx.preparedQuery("DELETE FROM room WHERE session_id = $1").execute(Tuple.of(sessionId))
        .compose(v -> SessionStore.setRoomSizes(tx, sessionId, minSize, maxSize))
        .compose(v -> tx.preparedQuery("""
                INSERT INTO room (session_id, position, topic, name)
                SELECT $1, u.p, u.t, u.n FROM unnest($2::int[], $3::text[], $4::text[]) AS u(p, t, n)""")
            .execute(Tuple.of(sessionId, positions.toArray(Integer[]::new), topics.toArray(String[]::new),
                names.toArray(String[]::new))))
        .compose(v -> tx.preparedQuery("""
                INSERT INTO room_member (session_id, person_id, room_id, locked, why)
                SELECT $1, u.person, r.id, u.locked, u.why
                  FROM unnest($2::bigint[], $3::int[], $4::boolean[], $5::text[]) AS u(person, at, locked, why)
                  JOIN room r ON r.session_id = $1 AND r.position = u.at""")
            .execute(Tuple.of(sessionId, people.toArray(Long[]::new), at.toArray(Integer[]::new),
                locked.toArray(Boolean[]::new), why.toArray(String[]::new))))
        .mapEmpty();
  }

  /** Puts a confirmed participant into a room of the session by hand, locked there; false when the room is not the session's. */
  public static Future<Boolean> move(SqlClient tx, long sessionId, long personId, long roomId) {
    return tx.preparedQuery("""
            INSERT INTO room_member (session_id, person_id, room_id, locked, why)
            SELECT $1, $2, r.id, true, 'moved' FROM room r WHERE r.id = $3 AND r.session_id = $1
            ON CONFLICT (session_id, person_id) DO UPDATE SET room_id = excluded.room_id, locked = true, why = 'moved'
            RETURNING room_id""")
        .execute(Tuple.of(sessionId, personId, roomId))
        .map(rows -> rows.size() == 1);
  }

  /** Locks or unlocks a participant in their room; false when they have none. */
  public static Future<Boolean> setLocked(SqlClient tx, long sessionId, long personId, boolean locked) {
    return tx.preparedQuery("UPDATE room_member SET locked = $3 WHERE session_id = $1 AND person_id = $2")
        .execute(Tuple.of(sessionId, personId, locked))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The signed-in participant's room: name and topic, or null. */
  public static Future<JsonObject> roomOf(SqlClient client, long sessionId, long personId) {
    return client.preparedQuery("""
            SELECT r.id, r.name, r.topic FROM room_member m JOIN room r ON r.id = m.room_id
              JOIN registration g ON g.session_id = m.session_id AND g.person_id = m.person_id AND g.status = 'confirmed'
             WHERE m.session_id = $1 AND m.person_id = $2""")
        .execute(Tuple.of(sessionId, personId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new JsonObject().put("roomId", r.getLong("id")).put("name", r.getString("name"))
              .put("topic", r.getString("topic"));
        });
  }
}
