package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.rounds.RoundStore;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Candidate slots and availability (README, "The API"): the coordinator proposes and deletes slots and
 * reads who can come when; staff of paired centers and facilitators answer.
 */
final class SlotRoutes {

  record SlotInput(OffsetDateTime startsAt, Integer durationMinutes) {
  }

  record Answer(String answer) {
  }

  private final Pool pool;

  SlotRoutes(SchedulingScope scope) {
    this.pool = scope.pool;
  }

  void mount(Router api) {
    api.post("/rounds/:id/slots").handler(Reply.json(this::createSlots));
    api.get("/rounds/:id/slots").handler(Reply.json(this::slots));
    api.put("/slots/:id/availability").handler(Reply.json(this::answer));
    api.delete("/slots/:id").handler(Reply.json(this::deleteSlot));
    api.get("/rounds/:id/availability").handler(Reply.json(this::grid));
  }

  private Future<?> createSlots(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    List<SlotInput> inputs = slotInputs(ctx);
    List<OffsetDateTime> starts = new ArrayList<>();
    List<Integer> minutes = new ArrayList<>();
    Problems p = new Problems();
    for (int i = 0; i < inputs.size(); i++) {
      SlotInput s = inputs.get(i);
      if (s == null || s.startsAt() == null) {
        p.add("[" + i + "].startsAt", "required", "Required: a time with its offset, such as 2027-01-20T19:00:00+09:00.");
        continue;
      }
      int d = s.durationMinutes() == null ? 90 : s.durationMinutes();
      if (d < 15 || d > 480) {
        p.add("[" + i + "].durationMinutes", "out_of_range", "Between 15 and 480 minutes.");
      }
      boolean repeated = false;
      for (int j = 0; j < starts.size(); j++) {
        repeated |= starts.get(j).isEqual(s.startsAt()) && minutes.get(j) == d;
      }
      if (repeated) {
        p.add("[" + i + "].startsAt", "duplicate", "The same slot is proposed twice.");
        continue;
      }
      starts.add(s.startsAt());
      minutes.add(d);
    }
    if (inputs.isEmpty() || inputs.size() > 100) {
      p.add("slots", "too_many", "Between 1 and 100 slots at a time.");
    }
    p.throwIfAny();
    return pool.withTransaction(tx -> RoundStore.lock(tx, id)
            .compose(round -> "closed".equals(round.status())
                ? Future.failedFuture(ApiError.conflict("round_closed", "This round is closed."))
                : SchedulingStore.createSlots(tx, id, starts, minutes)))
        .map(slots -> Reply.created(new JsonObject().put("slots", slots)));
  }

  /** Deletes a candidate slot and its answers (README, "The API"); 409 once the round is closed. */
  private Future<?> deleteSlot(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return pool.withTransaction(tx -> SchedulingStore.roundOfSlot(tx, id)
            .compose(roundId -> RoundStore.lock(tx, roundId)
                .compose(round -> "closed".equals(round.status())
                    ? Future.failedFuture(ApiError.conflict("round_closed", "This round is closed."))
                    : SchedulingStore.deleteSlot(tx, roundId, id))))
        .map(answers -> new JsonObject().put("deleted", id).put("answersRemoved", answers));
  }

  private static List<SlotInput> slotInputs(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    String text = new String(body, StandardCharsets.UTF_8).stripLeading();
    if (text.startsWith("[")) {
      return List.of(Json.read(body, SlotInput[].class));
    }
    return List.of(Json.body(ctx, SlotInput.class));
  }

  private Future<?> slots(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoundStore.checkVisible(pool, me, id)
        .compose(status -> SchedulingStore.slots(pool, id, me.personId()))
        .map(slots -> new JsonObject().put("slots", slots));
  }

  private Future<?> answer(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long slotId = Params.id(ctx, "id");
    Answer in = Json.body(ctx, Answer.class);
    if (in.answer() == null || !AvailabilityWeight.ANSWERS.contains(in.answer())) {
      throw ApiError.invalid("answer", "One of yes, maybe, no.");
    }
    return SchedulingStore.roundOfSlot(pool, slotId)
        .compose(roundId -> RoundStore.access(pool, roundId, me.centerId()).compose(round -> "closed".equals(round.status())
            ? Future.failedFuture(ApiError.conflict("round_closed", "This round is closed."))
            : me.is(Role.FACILITATOR) || me.isCoordinator() ? Future.succeededFuture(true)
            : round.member() ? SchedulingStore.inPairedCenter(pool, roundId, me.centerId()) : Future.succeededFuture(false)))
        .compose(allowed -> allowed ? SchedulingStore.answer(pool, slotId, me.personId(), in.answer())
            : Future.failedFuture(ApiError.forbidden()))
        .map(v -> new JsonObject().put("slotId", slotId).put("answer", in.answer()));
  }

  /**
   * Who can come when, per pair: every center with its people's answers, each slot also in the
   * center's own local time (a center abroad sees its own clock, summer time included).
   */
  private Future<?> grid(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return RoundStore.get(pool, id)
        .compose(round -> SchedulingStore.slots(pool, id, 0))
        .compose(slots -> SchedulingStore.grid(pool, id).map(cells -> AvailabilityGrid.build(slots, cells)));
  }
}
