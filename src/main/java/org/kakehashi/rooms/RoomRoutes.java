package org.kakehashi.rooms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.sessions.SessionStatus;
import org.kakehashi.sessions.SessionAccess;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.rooms.RoomStore.SessionInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Breakout rooms of a session: the facilitator (of that session) or a coordinator assigns them,
 * moves and locks people, downloads Zoom's pre-assignment CSV; every change is pushed to the Zoom
 * meeting through the outbox when Zoom is configured. A participant sees their own room.
 */
public final class RoomRoutes {

  record Assign(Integer minSize, Integer maxSize, Map<String, Integer> roomsPerTopic) {
  }

  record Change(String action, Long personId, Long roomId) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final boolean zoomConfigured;

  public RoomRoutes(Vertx vertx, Pool pool, boolean zoomConfigured) {
    this.vertx = vertx;
    this.pool = pool;
    this.zoomConfigured = zoomConfigured;
  }

  public void mount(Router api) {
    api.post("/sessions/:id/rooms/assign").handler(Reply.json(this::assign));
    api.get("/sessions/:id/rooms").handler(Reply.json(this::board));
    api.patch("/sessions/:id/rooms").handler(Reply.json(this::change));
    api.get("/sessions/:id/rooms.csv").handler(Reply.json(this::csv));
    api.get("/sessions/:id/rooms/me").handler(Reply.json(this::mine));
  }

  /** Only the session's facilitator and coordinators run its rooms. */
  private static void requireRunner(Principal me, SessionInfo s) {
    if (!SessionAccess.runs(me, s.facilitatorId())) {
      throw ApiError.forbidden();
    }
  }

  private Future<?> assign(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Buffer raw = ctx.body().buffer();
    Assign in = raw == null || raw.length() == 0 ? new Assign(null, null, null) : Json.body(ctx, Assign.class);
    return pool.withTransaction(tx -> RoomStore.lockSession(tx, id)
            .compose(s -> {
              requireRunner(me, s);
              if (SessionStatus.of(s.status()) == SessionStatus.CANCELLED) {
                throw ApiError.conflict("session_cancelled", "This session is cancelled.");
              }
              int min = in.minSize() == null ? s.minSize() : in.minSize();
              int max = in.maxSize() == null ? s.maxSize() : in.maxSize();
              if (min < 1 || min > 100) {
                throw ApiError.invalid("minSize", "The smallest room size must be between 1 and 100.");
              }
              if (max < min || max > 100) {
                throw ApiError.invalid("maxSize", "The largest room size must be between the smallest and 100.");
              }
              return RoomStore.confirmed(tx, id)
                  .compose(people -> {
                    if (people.isEmpty()) {
                      throw ApiError.conflict("no_participants", "Nobody is confirmed for this session yet.");
                    }
                    return RoomStore.filled(tx, id, people)
                        .compose(current -> {
                          RoomAssigner.Input input = input(s, people, current, min, max, in.roomsPerTopic());
                          return vertx.executeBlocking(() -> RoomAssigner.assign(input));
                        })
                        .recover(err -> Future.failedFuture(err instanceof RoomAssigner.Infeasible inf
                            ? ApiError.invalid(inf.field(), inf.getMessage()) : err))
                        .compose(result -> RoomStore.replace(tx, id, min, max, toStore(s, result)))
                        .compose(v -> pushIfConfigured(tx, id));
                  });
            }))
        .compose(v -> board(id));
  }

  private static RoomAssigner.Input input(SessionInfo s, List<RoomStore.Participant> people, List<RoomBoard.Filled> current,
                                          int min, int max, Map<String, Integer> roomsPerTopic) {
    List<String> topics = s.topics().stream().map(RoomStore.Topic::key).toList();
    if (topics.isEmpty()) {
      throw ApiError.invalid("topics", "The round has no discussion topics to make rooms for.");
    }
    List<RoomAssigner.Participant> participants = people.stream()
        .map(p -> new RoomAssigner.Participant(p.personId(), p.centerId(), p.city(), p.topics())).toList();
    List<RoomAssigner.Current> rooms = new ArrayList<>();
    Set<Long> locked = new HashSet<>();
    for (RoomBoard.Filled f : current) {
      rooms.add(new RoomAssigner.Current(f.room().topic(),
          f.members().stream().map(RoomStore.Participant::personId).toList()));
      f.members().stream().filter(p -> f.placement().get(p.personId()).locked()).forEach(p -> locked.add(p.personId()));
    }
    return new RoomAssigner.Input(participants, topics, min, max, roomsPerTopic, rooms, locked);
  }

  /** The result as rows to store, each room named by {@link RoomNames} (also the demo data's). */
  public static List<RoomStore.NewRoom> toStore(SessionInfo s, RoomAssigner.Result result) {
    Map<String, String> labels = new HashMap<>();
    s.topics().forEach(t -> labels.put(t.key(), t.label()));
    List<String> names = RoomNames.of(result.rooms().stream().map(RoomAssigner.Room::topic).toList(), labels);
    Map<Long, RoomAssigner.Placement> placement = new HashMap<>();
    result.placements().forEach(p -> placement.put(p.personId(), p));
    List<RoomStore.NewRoom> out = new ArrayList<>();
    for (int i = 0; i < result.rooms().size(); i++) {
      RoomAssigner.Room room = result.rooms().get(i);
      List<Boolean> locked = new ArrayList<>();
      List<String> why = new ArrayList<>();
      for (long personId : room.members()) {
        RoomAssigner.Placement p = placement.get(personId);
        locked.add("locked".equals(p.why()));
        why.add(p.why());
      }
      out.add(new RoomStore.NewRoom(room.topic(), names.get(i), room.members(), locked, why));
    }
    return out;
  }

  /**
   * Queues the push to Zoom when Zoom is configured. Rooms beyond Zoom's limits are never sent: the
   * deliverer checks them against the rooms as they are when it runs, and the board says why.
   */
  private Future<Void> pushIfConfigured(SqlClient tx, long sessionId) {
    return zoomConfigured ? ZoomBreakoutRooms.request(tx, sessionId) : Future.succeededFuture();
  }

  private Future<?> board(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoomStore.session(pool, id)
        .compose(s -> {
          requireRunner(me, s);
          return board(s);
        });
  }

  /** The board as it is now (after a change has committed). */
  private Future<JsonObject> board(long id) {
    return RoomStore.session(pool, id).compose(this::board);
  }

  private Future<JsonObject> board(SessionInfo s) {
    return RoomStore.confirmed(pool, s.id())
        .compose(people -> RoomStore.filled(pool, s.id(), people)
            .compose(rooms -> Outbox.latest(pool, ZoomBreakoutRooms.ref(s.id()))
                .map(push -> RoomBoard.json(s, rooms, people, zoomConfigured, push))));
  }

  private Future<?> change(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Change in = Json.body(ctx, Change.class);
    if (in.action() == null || !List.of("move", "lock", "unlock").contains(in.action())) {
      throw ApiError.invalid("action", "One of move, lock, unlock.");
    }
    if (in.personId() == null) {
      throw ApiError.invalid("personId", "Say whom to change.");
    }
    if (in.action().equals("move") && in.roomId() == null) {
      throw ApiError.invalid("roomId", "Say which room to move them to.");
    }
    return pool.withTransaction(tx -> RoomStore.lockSession(tx, id)
            .compose(s -> {
              requireRunner(me, s);
              return RoomStore.confirmed(tx, id);
            })
            .compose(people -> {
              if (people.stream().noneMatch(p -> p.personId() == in.personId())) {
                throw ApiError.notFound("Participant");
              }
              Future<Boolean> done = in.action().equals("move")
                  ? RoomStore.move(tx, id, in.personId(), in.roomId())
                  : RoomStore.setLocked(tx, id, in.personId(), in.action().equals("lock"));
              return done.compose(ok -> {
                if (!ok) {
                  throw ApiError.notFound(in.action().equals("move") ? "Room" : "Room placement");
                }
                return pushIfConfigured(tx, id);
              });
            }))
        .compose(v -> board(id));
  }

  private Future<?> csv(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoomStore.session(pool, id)
        .compose(s -> {
          requireRunner(me, s);
          return RoomStore.confirmed(pool, id).compose(people -> RoomStore.filled(pool, id, people));
        })
        .compose(rooms -> {
          if (rooms.isEmpty()) {
            throw ApiError.conflict("no_rooms", "Assign the rooms first.");
          }
          ctx.response()
              .putHeader("Content-Type", "text/csv; charset=utf-8")
              .putHeader("Content-Disposition", "attachment; filename=\"zoom-breakout-rooms-session-" + id + ".csv\"")
              .putHeader("Cache-Control", "no-store");
          // Reply.send leaves an ended response alone.
          return ctx.response().end(Buffer.buffer(RoomsCsv.write(rooms)));
        });
  }

  private Future<?> mine(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoomStore.roomOf(pool, id, me.personId())
        .map(room -> {
          if (room == null) {
            throw ApiError.notFound("Your room");
          }
          return room;
        });
  }
}
