package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The summaries facilitators read, of a session and of a round (README, "How reflections are
 * summarised"): for coordinators and the facilitator of the session (a facilitator's round summary covers
 * only the sessions they facilitate); staff get 403.
 */
final class SummaryRoutes {

  private final ReflectionScope scope;

  SummaryRoutes(ReflectionScope scope) {
    this.scope = scope;
  }

  void mount(Router api) {
    api.get("/sessions/:id/reflections/summary").handler(Reply.json(this::sessionSummary));
    api.get("/rounds/:id/reflections/summary").handler(Reply.json(this::roundSummary));
  }

  private Future<?> sessionSummary(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Summarizer.Filter filter = filter(ctx);
    return scope.run(me, id).compose(c -> RoundStore.get(scope.pool, c.roundId())
        .compose(round -> summary(me, round, ReflectionStore.heldSessions(scope.pool, null, id, null),
            HiddenPhraseStore.ofSession(scope.pool, id), filter)));
  }

  private Future<?> roundSummary(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Summarizer.Filter filter = filter(ctx);
    return scope.roundScope(me, id).compose(s -> summary(me, s.round(),
        ReflectionStore.heldSessions(scope.pool, id, null, s.facilitator()), HiddenPhraseStore.ofRound(scope.pool, id), filter));
  }

  private static Summarizer.Filter filter(RoutingContext ctx) {
    return new Summarizer.Filter(Params.text(ctx, "topic", 100), Params.optionalId(ctx, "room"),
        Params.optionalId(ctx, "center"));
  }

  /**
   * Brings the phrase statistics up to date, loads the scope, keeps the notes the viewer may read, and
   * summarises on a worker thread against the network's background (README, "Reflection summaries").
   * {@code hidden}: the phrases left out of this summary's print (a session's own, or the round's own).
   */
  private Future<Summarizer.Summary> summary(Principal me, Round round, Future<List<ReflectionStore.ScopeSession>> sessionsOf,
                                             Future<java.util.Set<String>> hidden, Summarizer.Filter filter) {
    // The scope and the catch-up of stale analyses side by side, then every read of the summary at once
    // (each on its own connection): the notes with their analyses but not their text, which is read only for
    // the few sentences chosen as quotes. Decoding and summarising on a worker.
    return Future.all(sessionsOf, scope.catchUp()).compose(ready -> {
      List<ReflectionStore.ScopeSession> sessions = sessionsOf.result();
      List<Long> ids = sessions.stream().map(ReflectionStore.ScopeSession::id).toList();
      Future<List<ReflectionStore.SummaryNote>> notes = ReflectionStore.summaryNotes(scope.pool, ids);
      Future<List<Summarizer.Participant>> people = ReflectionStore.participants(scope.pool, ids);
      Future<List<String>> places = PhraseStore.places(scope.pool);
      // The analyses decoded on a worker; then the background of just the phrase ids they use (by index).
      Future<List<PhraseStore.Decoded>> decoded = notes.compose(rows -> scope.vertx.executeBlocking(() -> {
        List<PhraseStore.Stored> stored = new ArrayList<>(rows.size());
        rows.forEach(n -> {
          if (n.stored() != null) {
            stored.add(n.stored());
          }
        });
        return PhraseStore.decode(stored);
      }, false));
      Future<PhraseStore.Background> background = decoded.compose(d -> PhraseStore.background(scope.pool, PhraseStore.ids(d)));
      return Future.all(List.of(notes, people, background, places, hidden)).compose(all -> scope.vertx.executeBlocking(() -> {
        PhraseStore.Background bg = background.result();
        Map<List<Long>, PhraseRanking.Analysis> analyses = new HashMap<>(PhraseStore.unpackDecoded(decoded.result(), bg));
        List<Summarizer.Note> readable = belowFloor(readableSummaryNotes(me, sessions, notes.result()),
            fewAnonymous(notes.result()), analyses);
        List<Summarizer.SessionPair> pairs = sessions.stream()
            .map(s -> new Summarizer.SessionPair(s.id(), s.centers())).toList();
        return Summarizer.summarize(round.prompts(), readable, people.result(), pairs, filter,
            new Summarizer.Context(round.topics(), places.result(), analyses, bg.statistics(), hidden.result()));
      }, false)).compose(this::quoteTexts);
    });
  }

  /**
   * The notes of a summary the viewer may read, as the summary takes them, in the order of their text
   * ({@link ReflectionStore#unattributable}: by session, then by the hash of the text, never by writer).
   */
  private static List<Summarizer.Note> readableSummaryNotes(Principal me, List<ReflectionStore.ScopeSession> sessions,
                                                            List<ReflectionStore.SummaryNote> notes) {
    Map<Long, ReflectionStore.ScopeSession> byId = new HashMap<>();
    sessions.forEach(s -> byId.put(s.id(), s));
    Map<Long, List<Long>> centersOf = new HashMap<>();
    sessions.forEach(s -> centersOf.put(s.id(), s.centers().stream().map(Summarizer.Center::id).toList()));
    ReflectionAccess.Viewer viewer = ReflectionScope.viewer(me);
    record Ordered(Summarizer.Note note, int hash) {
    }
    List<Ordered> out = new ArrayList<>(notes.size());
    for (ReflectionStore.SummaryNote n : notes) {
      ReflectionStore.ScopeSession s = byId.get(n.sessionId());
      if (!ReflectionAccess.canRead(viewer, n.personId(), n.visibility(), s.facilitatorId(), centersOf.get(n.sessionId()))) {
        continue;
      }
      Map<String, String> answers = n.answers() == null ? Map.of() : ReflectionStore.answers(new JsonObject(n.answers()));
      int hash = n.answers() != null || n.textHash() == null ? PhraseRanking.textHash(answers) : n.textHash();
      out.add(new Ordered(new Summarizer.Note(n.sessionId(), n.personId(), n.author(), !"name".equals(n.quoteAs()),
          n.centerId(), n.topic(), n.roomId(), answers), hash));
    }
    out.sort(java.util.Comparator.comparingLong((Ordered o) -> o.note().sessionId()).thenComparingInt(Ordered::hash));
    return out.stream().map(Ordered::note).toList();
  }

  /**
   * The session is the smallest group whose anonymous text any view shows (the listing, the evidence and the CSV
   * count per session), but a round's summary counts its parts across sessions: so an anonymous note of a session
   * in {@code few} (fewer than {@link Summarizer#MIN_ANONYMOUS} anonymous notes) goes to the summary without its
   * text and with an analysis of no words, only which prompts it answered (written into {@code analyses}). It
   * still counts as a response, as an answer to each prompt and as anonymous, and no part shows its words
   * (README, "Security", anonymous notes).
   */
  static List<Summarizer.Note> belowFloor(List<Summarizer.Note> readable, java.util.Set<Long> few,
                                          Map<List<Long>, PhraseRanking.Analysis> analyses) {
    if (few.isEmpty()) {
      return readable;
    }
    List<Summarizer.Note> out = new ArrayList<>(readable.size());
    for (Summarizer.Note n : readable) {
      if (!n.anonymous() || !few.contains(n.sessionId())) {
        out.add(n);
        continue;
      }
      List<Long> id = List.of(n.sessionId(), n.personId());
      PhraseRanking.Analysis a = analyses.get(id);
      Map<String, java.util.Set<String>> answered = new java.util.LinkedHashMap<>();
      if (a != null) {
        a.byPrompt().keySet().forEach(p -> answered.put(p, java.util.Set.of()));
      } else {
        n.answers().forEach((p, text) -> {
          if (text != null && !text.isBlank()) {
            answered.put(p, java.util.Set.of());
          }
        });
      }
      analyses.put(id, new PhraseRanking.Analysis(Map.of(), answered, List.of(), Map.of(), a == null ? null : a.textHash()));
      out.add(new Summarizer.Note(n.sessionId(), n.personId(), null, true, n.centerId(), n.topic(), n.roomId(), Map.of()));
    }
    return out;
  }

  /** The sessions holding anonymous notes, but fewer than {@link Summarizer#MIN_ANONYMOUS} of them (all notes counted). */
  static java.util.Set<Long> fewAnonymous(List<ReflectionStore.SummaryNote> notes) {
    Map<Long, Integer> anonymous = new HashMap<>();
    notes.stream().filter(n -> !"name".equals(n.quoteAs())).forEach(n -> anonymous.merge(n.sessionId(), 1, Integer::sum));
    java.util.Set<Long> out = new java.util.HashSet<>();
    anonymous.forEach((session, count) -> {
      if (count < Summarizer.MIN_ANONYMOUS) {
        out.add(session);
      }
    });
    return out;
  }

  /** Reads the sentences of the quotes a summary chose from notes whose text it did not read. */
  private Future<Summarizer.Summary> quoteTexts(Summarizer.Summary summary) {
    List<Quotes.Place> places = Summarizer.places(summary);
    if (places.isEmpty()) {
      return Future.succeededFuture(summary);
    }
    return ReflectionStore.answersOf(scope.pool, places).compose(rows -> scope.vertx.executeBlocking(() -> {
      Map<List<Long>, ReflectionStore.Answers> byNote = new HashMap<>();
      rows.forEach(r -> byNote.put(List.of(r.sessionId(), r.personId()), r));
      Map<List<Long>, Map<String, String>> parsed = new HashMap<>();
      return Summarizer.withTexts(summary, q -> {
        ReflectionStore.Answers a = byNote.get(List.of(q.place().sessionId(), q.place().personId()));
        if (a == null) {
          return null; // removed since
        }
        Map<String, String> answers = parsed.computeIfAbsent(List.of(a.sessionId(), a.personId()),
            k -> ReflectionStore.answers(new JsonObject(a.answers())));
        return q.withText(answers, a.textHash());
      });
    }, false));
  }
}
