package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Role;
import org.kakehashi.platform.Transactions;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.sessions.SessionAccess;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reflection routes ({@link NoteRoutes}, {@link SummaryRoutes}, {@link EvidenceRoutes},
 * {@link ExportRoutes}) share: a session's reflection context for the signed-in person, who runs a
 * session, the part of a round a viewer may summarise, which notes a viewer may read, and the catch-up
 * of stale phrase analyses before anything reads them.
 */
final class ReflectionScope {

  final Vertx vertx;
  final Pool pool;
  final Config config;

  ReflectionScope(Vertx vertx, Pool pool, Config config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
  }

  int editDays() {
    return config.reflections().editDays();
  }

  Future<ReflectionStore.Context> context(Principal me, long sessionId) {
    return ReflectionStore.context(pool, sessionId, me.personId(), editDays());
  }

  /** The context of a session that the signed-in person runs (its facilitator, a coordinator); 403 otherwise. */
  Future<ReflectionStore.Context> run(Principal me, long sessionId) {
    return context(me, sessionId).map(c -> {
      if (!runs(me, c)) {
        throw ApiError.forbidden();
      }
      return c;
    });
  }

  static boolean runs(Principal me, ReflectionStore.Context c) {
    return SessionAccess.runs(me, c.facilitatorId());
  }

  /** The round and, for a facilitator, whose sessions it is limited to (null: all, for coordinators). */
  record RoundScope(Round round, Long facilitator) {
  }

  /** The part of a round the viewer summarises: all of it for a coordinator, a facilitator's own sessions; 403 for others. */
  Future<RoundScope> roundScope(Principal me, long roundId) {
    return RoundStore.get(pool, roundId).compose(round -> {
      if (me.isCoordinator()) {
        return Future.succeededFuture(new RoundScope(round, null));
      }
      if (!me.is(Role.FACILITATOR)) {
        return Future.failedFuture(ApiError.forbidden());
      }
      return ReflectionStore.facilitatesInRound(pool, roundId, me.personId()).map(yes -> {
        if (!yes) {
          throw ApiError.forbidden();
        }
        return new RoundScope(round, me.personId());
      });
    });
  }

  static ReflectionAccess.Viewer viewer(Principal me) {
    return new ReflectionAccess.Viewer(me.personId(), me.centerId(), me.isCoordinator());
  }

  /** The notes of the sessions the viewer may read (README, "Security"). */
  static List<ReflectionStore.NoteRow> readableNotes(Principal me, List<ReflectionStore.ScopeSession> sessions,
                                                     List<ReflectionStore.NoteRow> notes) {
    Map<Long, ReflectionStore.ScopeSession> byId = new HashMap<>();
    sessions.forEach(s -> byId.put(s.id(), s));
    return notes.stream().filter(n -> {
      ReflectionStore.ScopeSession s = byId.get(n.sessionId());
      return ReflectionAccess.canRead(viewer(me), n.personId(), n.visibility(), s.facilitatorId(),
          s.centers().stream().map(Summarizer.Center::id).toList());
    }).toList();
  }

  /** Notes written by other means (SQL, before an upgrade) are analysed once, in batches, before a summary reads. */
  Future<Void> catchUp() {
    return PhraseStore.stale(pool, 1000).compose(stale -> {
      if (stale.isEmpty()) {
        return Future.succeededFuture();
      }
      return vertx.executeBlocking(() -> stale.stream().map(n -> PhraseRanking.Analysis.of(n.answers())).toList(), false)
          .compose(analyses -> Transactions.retrying(pool, tx -> PhraseStore.write(tx,
              stale.stream().map(PhraseStore.Stale::sessionId).toList(),
              stale.stream().map(PhraseStore.Stale::personId).toList(), analyses)))
          .compose(v -> stale.size() < 1000 ? Future.succeededFuture() : catchUp());
    });
  }
}
