package org.kakehashi.rooms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.kakehashi.rooms.RoomStore.Member;
import org.kakehashi.rooms.RoomStore.Participant;
import org.kakehashi.rooms.RoomStore.SessionInfo;
import org.kakehashi.rooms.RoomStore.StoredRoom;
import org.kakehashi.rooms.RoomStore.Topic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the facilitator's rooms board shows, built from stored rows (pure): rooms with members,
 * whether each room mixes centers and cities, who is confirmed but in no room, and who has not
 * confirmed the e-mail they use for Zoom. People who cancelled after assignment are left out.
 */
public final class RoomBoard {

  /** Zoom pre-assigns at most this many rooms … */
  public static final int ZOOM_MAX_ROOMS = 100;
  /** … and this many participants per meeting. */
  public static final int ZOOM_MAX_PARTICIPANTS = 1000;

  private RoomBoard() {
  }

  /** A room with its current (still confirmed) members, in order. */
  public record Filled(StoredRoom room, List<Participant> members, Map<Long, Member> placement) {
    boolean mixed() {
      return members.stream().map(Participant::centerId).distinct().count() == members.size();
    }

    boolean singleCity() {
      return members.size() > 1 && members.stream().map(Participant::city).distinct().count() == 1;
    }
  }

  /** Rooms with their confirmed members (by name within a room). */
  public static List<Filled> fill(List<StoredRoom> rooms, List<Member> members, List<Participant> confirmed) {
    Map<Long, Participant> byId = confirmed.stream().collect(Collectors.toMap(Participant::personId, Function.identity()));
    Map<Long, Member> placed = new HashMap<>();
    Map<Long, List<Participant>> inRoom = new HashMap<>();
    for (Member m : members) {
      Participant p = byId.get(m.personId());
      if (p != null) {
        placed.put(m.personId(), m);
        inRoom.computeIfAbsent(m.roomId(), k -> new ArrayList<>()).add(p);
      }
    }
    List<Filled> out = new ArrayList<>();
    for (StoredRoom r : rooms) {
      List<Participant> list = new ArrayList<>(inRoom.getOrDefault(r.id(), List.of()));
      list.sort(java.util.Comparator.comparing(Participant::centerId).thenComparing(Participant::personId));
      out.add(new Filled(r, list, placed));
    }
    return out;
  }

  /** Why Zoom cannot take these rooms, or null. */
  public static String zoomLimit(List<Filled> rooms) {
    int people = rooms.stream().mapToInt(f -> f.members().size()).sum();
    if (rooms.size() > ZOOM_MAX_ROOMS) {
      return "Zoom pre-assigns at most " + ZOOM_MAX_ROOMS + " breakout rooms; these are " + rooms.size() + ".";
    }
    if (people > ZOOM_MAX_PARTICIPANTS) {
      return "Zoom pre-assigns at most " + ZOOM_MAX_PARTICIPANTS + " participants; these are " + people + ".";
    }
    return null;
  }

  /**
   * Zoom pre-assigns a room by e-mail, so one e-mail in two rooms (two people entering the same Zoom
   * account) cannot be pushed: the reason in words, or null when every e-mail is in one room only.
   */
  public static String zoomEmailTwice(List<Filled> rooms) {
    Map<String, String> roomOf = new HashMap<>();
    for (Filled f : rooms) {
      for (Participant p : f.members()) {
        if (p.zoomEmail() == null) {
          continue;
        }
        String email = p.zoomEmail().toLowerCase(java.util.Locale.ROOT);
        String earlier = roomOf.putIfAbsent(email, f.room().name());
        if (earlier != null) {
          return "The Zoom e-mail " + p.zoomEmail() + " is given for two participants (rooms " + earlier + " and "
              + f.room().name() + "); Zoom can pre-assign it to one room only. Ask one of them to confirm their own Zoom e-mail.";
        }
      }
    }
    return null;
  }

  public static JsonObject json(SessionInfo session, List<Filled> rooms, List<Participant> confirmed, boolean zoomConfigured,
                                JsonObject lastPush) {
    JsonArray roomsJson = new JsonArray();
    Set<Long> placed = new HashSet<>();
    for (Filled f : rooms) {
      JsonArray members = new JsonArray();
      for (Participant p : f.members()) {
        placed.add(p.personId());
        Member m = f.placement().get(p.personId());
        int rank = p.topics().indexOf(f.room().topic()) + 1;
        members.add(person(p).put("locked", m.locked()).put("rank", rank > 0 ? rank : null).put("why", m.why()));
      }
      roomsJson.add(new JsonObject().put("id", f.room().id()).put("name", f.room().name()).put("topic", f.room().topic())
          .put("position", f.room().position()).put("size", f.members().size()).put("mixed", f.mixed())
          .put("singleCity", f.singleCity()).put("members", members));
    }
    JsonArray unplaced = new JsonArray();
    JsonArray unconfirmed = new JsonArray();
    int confirmedEmails = 0;
    for (Participant p : confirmed) {
      if (!placed.contains(p.personId()) && !rooms.isEmpty()) {
        unplaced.add(person(p));
      }
      if (p.zoomEmailConfirmed()) {
        confirmedEmails++;
      } else {
        unconfirmed.add(new JsonObject().put("personId", p.personId()).put("name", p.name()));
      }
    }
    JsonObject zoom = new JsonObject().put("configured", zoomConfigured).put("meeting", session.zoomMeetingId() != null)
        .put("lastPush", lastPush);
    String limit = zoomLimit(rooms);
    String twice = zoomEmailTwice(rooms);
    if (limit != null) {
      zoom.put("error", new JsonObject().put("code", "zoom_limit").put("message", limit));
    } else if (twice != null) {
      zoom.put("error", new JsonObject().put("code", "zoom_email_twice").put("message", twice));
    }
    JsonArray topics = new JsonArray();
    for (Topic t : session.topics()) {
      topics.add(new JsonObject().put("key", t.key()).put("ja", t.ja()).put("en", t.en()));
    }
    return new JsonObject().put("sessionId", session.id()).put("roundId", session.roundId()).put("rooms", roomsJson)
        .put("unplaced", unplaced)
        .put("zoomEmails", new JsonObject().put("confirmed", confirmedEmails).put("unconfirmed", unconfirmed))
        .put("settings", new JsonObject().put("minSize", session.minSize()).put("maxSize", session.maxSize()))
        .put("topics", topics).put("zoom", zoom);
  }

  private static JsonObject person(Participant p) {
    return new JsonObject().put("personId", p.personId()).put("name", p.name())
        .put("centerId", p.centerId() > 0 ? p.centerId() : null).put("centerName", p.centerName()).put("city", p.city());
  }
}
