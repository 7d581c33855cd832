package org.kakehashi.pairing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The pairing board of a round: run the pairing, lock, forbid, swap and move centers, publish.
 * Coordinators only, except reading the published pairs (anyone who may see the round).
 */
public final class PairingRoutes {
  /** The exact pairing's work budget (deterministic: the same round gets the same pairing under any load). */
  static final long WORK_BUDGET = PairingInput.DEFAULT_WORK_BUDGET;

  record Run(Integer candidates) {
  }

  record Change(String action, Long pairId, List<Long> centerIds, Long centerId, Long toPairId) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Config config;

  public PairingRoutes(Vertx vertx, Pool pool, Config config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
  }

  public void mount(Router api) {
    api.post("/rounds/:id/pairing").handler(Reply.json(this::run));
    api.get("/rounds/:id/pairs").handler(Reply.json(this::board));
    api.patch("/rounds/:id/pairs").handler(Reply.json(this::change));
    api.post("/rounds/:id/pairs/publish").handler(Reply.json(this::publish));
  }

  private Future<?> board(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoundStore.visible(pool, me, id)
        .compose(round -> PairingStore.board(pool, id))
        .map(board -> {
          if (!me.isCoordinator() && !board.published()) {
            throw new ApiError(403, "not_published", "The pairs of this round are not published yet.");
          }
          return board;
        });
  }

  private Future<?> run(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    int k = candidates(ctx);
    return editable(pool, id)
        .compose(round -> PairingStore.input(pool, id, k, WORK_BUDGET))
        .compose(input -> plan(input))
        .compose(result -> pool.withTransaction(tx -> editable(tx, id)
            .compose(round -> PairingStore.save(tx, id, result)
                .compose(v -> "draft".equals(round.status()) ? RoundStore.setStatus(tx, id, "pairing") : Future.succeededFuture())
                .compose(v -> PairingStore.board(tx, id)))));
  }

  private int candidates(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().length() == 0) {
      return Params.integer(ctx, "candidates", PairingInput.DEFAULT_CANDIDATES, 1, 200);
    }
    Run in = Json.body(ctx, Run.class);
    if (in.candidates() == null) {
      return PairingInput.DEFAULT_CANDIDATES;
    }
    if (in.candidates() < 1 || in.candidates() > 200) {
      throw ApiError.invalid("candidates", "Between 1 and 200 candidates per center.");
    }
    return in.candidates();
  }

  private Future<PairingPlanner.Result> plan(PairingInput input) {
    return vertx.executeBlocking(() -> PairingPlanner.plan(input), false)
        .recover(err -> Future.failedFuture(err instanceof PairingPlanner.NoPairingException e
            ? new ApiError(422, "no_pairing", e.getMessage(), null, new io.vertx.core.json.JsonObject().put("reason", e.reason()))
            : err));
  }

  /** The round, if its pairing may still change (locked for the transaction when {@code client} is one). */
  private static Future<Round> editable(SqlClient client, long id) {
    Future<Round> round = client instanceof Pool ? RoundStore.get(client, id) : RoundStore.lock(client, id);
    return round.map(r -> {
      if (r.pairsPublished()) {
        throw ApiError.conflict("pairs_published", "The pairs of this round are published and can no longer change.");
      }
      if (r.centerIds().size() < 2) {
        throw new ApiError(422, "no_pairing", "Choose at least two centers for the round first.", "centerIds",
            new io.vertx.core.json.JsonObject().put("reason", "too_few_centers"));
      }
      return r;
    });
  }

  private Future<?> change(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    Change in = Json.body(ctx, Change.class);
    if (in.action() == null) {
      throw ApiError.invalid("action", "One of lock, unlock, forbid, allow, swap, move.");
    }
    return switch (in.action()) {
      case "lock", "unlock" -> {
        long pairId = required(in.pairId(), "pairId");
        yield pool.withTransaction(tx -> editable(tx, id)
            .compose(r -> PairingStore.lock(tx, id, pairId, in.action().equals("lock")))
            .compose(v -> PairingStore.board(tx, id)));
      }
      case "forbid", "allow" -> {
        List<Long> two = two(in.centerIds());
        boolean forbid = in.action().equals("forbid");
        yield pool.withTransaction(tx -> editable(tx, id)
            .compose(r -> inRound(r, two))
            .compose(r -> forbid ? refuseLockedForbidden(tx, id, two) : Future.succeededFuture())
            .compose(v -> PairingStore.forbid(tx, id, two.get(0), two.get(1), forbid))
            .compose(v -> PairingStore.board(tx, id)))
            // A forbidden pair that is on the board is taken apart by running the pairing again (locks kept).
            .compose(board -> forbid && BoardEdits.together(board.pairs(), two) ? rerun(id) : Future.succeededFuture(board));
      }
      case "swap" -> {
        List<Long> two = two(in.centerIds());
        yield regroup(id, pairs -> BoardEdits.swap(pairs, two.get(0), two.get(1)));
      }
      case "move" -> {
        long center = required(in.centerId(), "centerId");
        long to = required(in.toPairId(), "toPairId");
        yield regroup(id, pairs -> BoardEdits.move(pairs, center, to));
      }
      default -> throw ApiError.invalid("action", "One of lock, unlock, forbid, allow, swap, move.");
    };
  }

  private Future<?> regroup(long id, java.util.function.Function<List<PairingStore.Pair>, BoardEdits.Regroup> edit) {
    return pool.withTransaction(tx -> editable(tx, id)
        .compose(r -> PairingStore.input(tx, id, PairingInput.DEFAULT_CANDIDATES, WORK_BUDGET))
        .compose(input -> PairingStore.pairs(tx, id).compose(pairs -> {
          BoardEdits.Regroup change = edit.apply(pairs);
          List<PairingPlanner.Group> groups = new ArrayList<>();
          try {
            for (List<Long> g : change.groups()) {
              groups.add(PairingPlanner.describe(input, g, true));
            }
          } catch (PairingPlanner.NoPairingException e) {
            return Future.failedFuture(new ApiError(422, e.reason(), e.getMessage()));
          }
          return PairingStore.regroup(tx, id, change.oldPairIds(), groups);
        }))
        .compose(v -> PairingStore.board(tx, id)));
  }

  private Future<PairingStore.Board> rerun(long id) {
    return PairingStore.input(pool, id, PairingInput.DEFAULT_CANDIDATES, WORK_BUDGET)
        .compose(this::plan)
        .compose(result -> pool.withTransaction(tx -> editable(tx, id)
            .compose(r -> PairingStore.save(tx, id, result))
            .compose(v -> PairingStore.board(tx, id))));
  }

  private Future<?> publish(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return pool.withTransaction(tx -> editable(tx, id)
        .compose(round -> PairingStore.pairs(tx, id).compose(pairs -> {
          long placed = pairs.stream().mapToLong(p -> p.centerIds().size()).sum();
          if (pairs.isEmpty() || placed != round.centerIds().size()) {
            return Future.failedFuture(ApiError.conflict("not_paired", "Run the pairing first: every center needs a partner."));
          }
          return PairingStore.publish(tx, id)
              .compose(v -> RoundStore.setStatus(tx, id, "scheduling"))
              .compose(v -> PairingStore.recipients(tx, id))
              .compose(recipients -> mails(tx, round, recipients))
              // Staff never invited cannot sign in: they get their invitation instead (README, publication).
              .compose(v -> org.kakehashi.directory.Invitations.inviteUninvited(tx, config,
                  round.centerIds().toArray(Long[]::new), Integer.MAX_VALUE))
              .mapEmpty();
        }))
        .compose(v -> PairingStore.board(tx, id)));
  }

  private Future<Void> mails(SqlClient tx, Round round, List<PairingStore.Recipient> recipients) {
    String link = config.publicUrl() + "/#/rounds/" + round.id() + "/answers";
    return org.kakehashi.platform.Outbox.emails(tx, recipients.stream()
        .map(r -> PairingMail.compose(r, round.title(), link)).toList());
  }

  private static Future<Round> inRound(Round r, List<Long> ids) {
    for (Long c : ids) {
      if (!r.centerIds().contains(c)) {
        return Future.failedFuture(new ApiError(422, "not_in_round", "Center " + c + " does not take part in this round.",
            "centerIds", null));
      }
    }
    return Future.succeededFuture(r);
  }

  private static Future<Void> refuseLockedForbidden(SqlClient tx, long id, List<Long> two) {
    return PairingStore.pairs(tx, id).compose(pairs -> BoardEdits.lockedTogether(pairs, two)
        ? Future.failedFuture(ApiError.conflict("pair_locked", "This pair is locked; unlock it before forbidding it."))
        : Future.succeededFuture());
  }

  private static List<Long> two(List<Long> ids) {
    if (ids == null || ids.size() != 2 || ids.get(0) == null || ids.get(1) == null || ids.get(0).equals(ids.get(1))) {
      throw ApiError.invalid("centerIds", "Give exactly two different center ids.");
    }
    return ids;
  }

  private static long required(Long v, String field) {
    if (v == null) {
      throw ApiError.invalid(field, "Required.");
    }
    return v;
  }
}
