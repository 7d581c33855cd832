package org.kakehashi.reflections;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.Config;

/**
 * The reflection routes (README, "The API"), mounted together: the notes themselves ({@link NoteRoutes}:
 * held, form, one's own note, the readable notes, the reminder), the summaries ({@link SummaryRoutes}), a
 * phrase's evidence and hiding it from print ({@link EvidenceRoutes}) and the CSV export
 * ({@link ExportRoutes}). The learning history and the network are {@link HistoryRoutes}.
 *
 * <p>Summaries, evidence, reminders and the export are for coordinators and for the facilitator of the
 * session (a facilitator's round summary covers only the sessions they facilitate); staff get 403.
 */
public final class ReflectionRoutes {

  private final ReflectionScope scope;

  public ReflectionRoutes(Vertx vertx, Pool pool, Config config) {
    this.scope = new ReflectionScope(vertx, pool, config);
  }

  public void mount(Router api) {
    new NoteRoutes(scope).mount(api);
    new SummaryRoutes(scope).mount(api);
    new EvidenceRoutes(scope).mount(api);
    new ExportRoutes(scope).mount(api);
  }
}
