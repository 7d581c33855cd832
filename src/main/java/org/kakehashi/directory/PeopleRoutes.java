package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;

import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/people}: coordinators manage everyone and see e-mail addresses; staff and facilitators
 * see the people of their own center without e-mail addresses, and themselves in full.
 */
public final class PeopleRoutes {

  public static final String IMPORT_PATH = "/api/people/import";

  private final Vertx vertx;
  private final Pool pool;
  private final Config config;
  private final PersonStore store;

  public PeopleRoutes(Vertx vertx, Pool pool, Config config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.store = new PersonStore(pool);
  }

  public void mount(Router api) {
    api.get("/people").handler(Reply.json(this::list));
    api.post("/people").handler(Reply.json(this::create));
    api.post("/people/import").handler(Reply.json(this::importCsv));
    api.get("/people/:id").handler(Reply.json(this::get));
    api.put("/people/:id").handler(Reply.json(this::update));
    api.delete("/people/:id").handler(Reply.json(this::delete));
    api.post("/people/:id/invite").handler(Reply.json(this::invite));
  }

  private Future<?> list(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    Long center = Params.optionalId(ctx, "centerId");
    String roleParam = Params.text(ctx, "role", 20);
    Role role = roleParam == null ? null : Role.parse(roleParam);
    if (roleParam != null && role == null) {
      throw ApiError.badRequest("bad_parameter", "role must be staff, facilitator or coordinator.", "role");
    }
    if (!me.isCoordinator()) {
      if (me.centerId() == null || (center != null && !center.equals(me.centerId()))) {
        throw ApiError.forbidden();
      }
      center = me.centerId();
    }
    return store.list(center, role == null ? null : role.key(), Params.text(ctx, "q", 100),
            // Search only on what the searcher sees: staff do not see e-mail addresses (README, "Security").
            me.isCoordinator(), Params.integer(ctx, "limit", 200, 1, 5000), Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE))
        .map(page -> new JsonObject()
            .put("people", me.isCoordinator() ? page.people()
                : page.people().stream().map(p -> p.id() == me.personId() ? p : p.forOthers()).toList())
            .put("total", page.total()));
  }

  private Future<?> get(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return store.get(id).map(p -> {
      if (me.isCoordinator() || p.id() == me.personId()) {
        return p;
      }
      if (me.belongsTo(p.centerId())) {
        return p.forOthers();
      }
      // Someone one may not see answers as one who does not exist: an id cannot be probed.
      throw ApiError.notFound("Person");
    });
  }

  private Future<?> create(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return store.create(valid(Json.body(ctx, PersonInput.class))).map(Reply::created);
  }

  private Future<?> update(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return store.update(id, valid(Json.body(ctx, PersonInput.class)));
  }

  private Future<?> delete(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return store.delete(Params.id(ctx, "id")).map(v -> Reply.noContent());
  }

  private Future<?> invite(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return pool.withTransaction(tx -> PersonStore.get(tx, id)
            .compose(person -> InvitationStore.issue(tx, id, config.security().invitationTtl())
                .compose(issued -> Outbox.email(tx, InvitationMail.compose(person.email(), person.name(), person.locale(),
                        config.publicUrl() + "/invite/" + issued.token(), issued.expiresAt()))
                    .map(v -> new JsonObject().put("personId", id).put("expiresAt", issued.expiresAt().toString())))))
        .map(body -> new Reply(202, body));
  }

  private Future<?> importCsv(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    byte[] file = Params.upload(ctx);
    return vertx.executeBlocking(() -> PeopleCsv.read(file), false)
        .compose(result -> pool.withTransaction(tx ->
            PersonStore.existingCenterCodes(tx, result.linesByCenter().keySet())
                .compose(existing -> {
                  PeopleCsv.unknownCenters(result, existing);
                  if (!result.errors().isEmpty()) {
                    return Future.failedFuture(ApiError.rows(
                        "Nothing was imported: " + result.errors().size() + " problem(s) in the file.", byLine(result.errors())));
                  }
                  return PersonStore.upsertAll(tx, result.people());
                })
                .compose(counts -> PersonStore.anyCoordinator(tx).compose(any -> any ? Future.succeededFuture(counts)
                    : Future.failedFuture(ApiError.conflict("last_coordinator",
                        "The file would leave no coordinator. Keep the coordinator role for at least one person."))))))
        .map(counts -> new JsonObject().put("created", counts[0]).put("updated", counts[1]));
  }

  private static JsonArray byLine(JsonArray errors) {
    List<Object> sorted = errors.stream()
        .sorted(Comparator.comparingLong(o -> ((JsonObject) o).getLong("line"))).toList();
    return new JsonArray(new java.util.ArrayList<>(sorted));
  }

  private static PersonInput valid(PersonInput input) {
    Problems p = new Problems();
    PersonInput clean = input.validated(p);
    p.throwIfAny();
    return clean;
  }
}
