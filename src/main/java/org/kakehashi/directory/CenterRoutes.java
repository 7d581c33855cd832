package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;

/**
 * {@code /api/centers}: anyone signed in reads the directory of centers (staff need their partner's
 * name and city); only coordinators change it.
 */
public final class CenterRoutes {

  public static final String IMPORT_PATH = "/api/centers/import";

  private final Vertx vertx;
  private final Pool pool;
  private final CenterStore store;

  public CenterRoutes(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = new CenterStore(pool);
  }

  public void mount(Router api) {
    api.get("/centers").handler(Reply.json(this::list));
    api.post("/centers").handler(Reply.json(this::create));
    api.post("/centers/import").handler(Reply.json(this::importCsv));
    api.get("/centers/:id").handler(Reply.json(this::get));
    api.put("/centers/:id").handler(Reply.json(this::update));
    api.delete("/centers/:id").handler(Reply.json(this::delete));
  }

  private Future<?> list(RoutingContext ctx) {
    Principal.require(ctx);
    return store.list(Params.text(ctx, "q", 100), Params.integer(ctx, "limit", 1000, 1, 5000),
            Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE))
        .map(page -> new JsonObject().put("centers", page.centers()).put("total", page.total()));
  }

  private Future<?> get(RoutingContext ctx) {
    Principal.require(ctx);
    return store.get(Params.id(ctx, "id"));
  }

  private Future<?> create(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return store.create(valid(Json.body(ctx, CenterInput.class))).map(Reply::created);
  }

  private Future<?> update(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return store.update(id, valid(Json.body(ctx, CenterInput.class)));
  }

  private Future<?> delete(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return store.delete(Params.id(ctx, "id")).map(v -> Reply.noContent());
  }

  private Future<?> importCsv(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    byte[] file = Params.upload(ctx);
    return vertx.executeBlocking(() -> CenterCsv.read(file), false)
        .compose(centers -> pool.withTransaction(tx -> CenterStore.upsertAll(tx, centers)))
        .map(counts -> new JsonObject().put("created", counts[0]).put("updated", counts[1]));
  }

  private static CenterInput valid(CenterInput input) {
    Problems p = new Problems();
    CenterInput clean = input.validated(p);
    p.throwIfAny();
    return clean;
  }
}
