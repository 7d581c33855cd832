package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A summary's phrases, one at a time (README, "How reflections are summarised"): the evidence of a phrase
 * (the sentences of the readable notes that use it, marked), and leaving a phrase out of a printed
 * summary. Who may: as the summary.
 */
final class EvidenceRoutes {

  /** The body of PUT /sessions/{id}/reflections/hidden and PUT /rounds/{id}/reflections/hidden. */
  record Hide(String key, Boolean hidden) {
  }

  /** The most notes the evidence of one phrase lists. */
  static final int EVIDENCE_NOTES = 50;

  private final ReflectionScope scope;

  EvidenceRoutes(ReflectionScope scope) {
    this.scope = scope;
  }

  void mount(Router api) {
    api.get("/sessions/:id/reflections/evidence").handler(Reply.json(this::sessionEvidence));
    api.get("/rounds/:id/reflections/evidence").handler(Reply.json(this::roundEvidence));
    api.put("/sessions/:id/reflections/hidden").handler(Reply.json(this::hide));
    api.put("/rounds/:id/reflections/hidden").handler(Reply.json(this::hideInRound));
  }

  private Future<?> sessionEvidence(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    String key = evidenceKey(ctx);
    return scope.run(me, id).compose(c -> evidence(me, ReflectionStore.heldSessions(scope.pool, null, id, null), key));
  }

  private Future<?> roundEvidence(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    String key = evidenceKey(ctx);
    return scope.roundScope(me, id).compose(s -> evidence(me, ReflectionStore.heldSessions(scope.pool, id, null, s.facilitator()), key));
  }

  private static String evidenceKey(RoutingContext ctx) {
    String key = Params.text(ctx, "key", 200);
    if (key == null || key.isBlank()) {
      throw new ApiError(422, "required", "Name the phrase: key=…", "key", null);
    }
    return PhraseRanking.key(key.strip());
  }

  /**
   * The notes of the scope the viewer may read that use a phrase, each with the sentences it is in and
   * where in them (README, "How reflections are summarised"). Anonymous notes carry no name, center or
   * room, and show only in a session holding at least {@link Summarizer#MIN_ANONYMOUS} of them.
   */
  private Future<JsonObject> evidence(Principal me, Future<List<ReflectionStore.ScopeSession>> sessionsOf, String key) {
    return Future.all(sessionsOf, scope.catchUp()).compose(ready -> {
      List<ReflectionStore.ScopeSession> sessions = sessionsOf.result();
      List<Long> ids = sessions.stream().map(ReflectionStore.ScopeSession::id).toList();
      Future<List<ReflectionStore.NoteText>> texts = ReflectionStore.notesText(scope.pool, ids);
      Future<List<PhraseStore.Stored>> stored = PhraseStore.stored(scope.pool, ids);
      Future<PhraseStore.Background> background = PhraseStore.background(scope.pool, ids);
      return Future.all(texts, stored, background).compose(all -> scope.vertx.executeBlocking(() -> {
        List<ReflectionStore.NoteRow> notes = ReflectionStore.parse(texts.result());
        Map<List<Long>, PhraseRanking.Analysis> analyses = PhraseStore.unpack(stored.result(), background.result());
        return evidenceOf(me, sessions, notes, analyses, key);
      }, false));
    });
  }

  private static JsonObject evidenceOf(Principal me, List<ReflectionStore.ScopeSession> sessions,
                                       List<ReflectionStore.NoteRow> notes,
                                       Map<List<Long>, PhraseRanking.Analysis> analyses, String key) {
    Map<Long, Long> anonymous = new HashMap<>();
    notes.stream().filter(n -> !"name".equals(n.quoteAs())).forEach(n -> anonymous.merge(n.sessionId(), 1L, Long::sum));
    JsonArray out = new JsonArray();
    int withheld = 0;
    int total = 0;
    String written = null;
    for (ReflectionStore.NoteRow n : ReflectionStore.unattributable(ReflectionScope.readableNotes(me, sessions, notes))) {
      PhraseRanking.Analysis a = analyses.get(List.of(n.sessionId(), n.personId()));
      if (a == null || !a.keys().containsKey(key)) {
        continue;
      }
      total++;
      boolean named = "name".equals(n.quoteAs());
      if (!named && n.personId() != me.personId() && anonymous.getOrDefault(n.sessionId(), 0L) < Summarizer.MIN_ANONYMOUS) {
        withheld++;
        continue;
      }
      if (written == null) {
        written = a.keys().get(key);
      }
      if (out.size() >= EVIDENCE_NOTES) {
        continue;
      }
      JsonArray sentences = new JsonArray();
      n.answers().forEach((prompt, text) -> evidenceSentences(text, key).forEach(sx ->
          sentences.add(sx.put("prompt", prompt))));
      JsonObject j = new JsonObject().put("sessionId", n.sessionId()).put("quoteAs", n.quoteAs())
          .put("sentences", sentences);
      if (named) {
        j.put("author", n.author());
      }
      out.add(j);
    }
    return new JsonObject().put("key", key).put("phrase", written).put("count", total)
        .put("withheld", withheld).put("notes", out);
  }

  /** The sentences of a text that use the phrase, each with the offsets of its uses ({@code marks}, in UTF-16 units). */
  static List<JsonObject> evidenceSentences(String text, String key) {
    List<JsonObject> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    List<KeyPhrases.Phrase> uses = KeyPhrases.extract(text).stream().filter(p -> p.key().equals(key)).toList();
    for (int[] s : Quotes.sentences(text)) {
      JsonArray marks = new JsonArray();
      for (KeyPhrases.Phrase p : uses) {
        if (p.start() >= s[0] && p.end() <= s[1]) {
          marks.add(new JsonArray().add(p.start() - s[0]).add(p.end() - s[0]));
        }
      }
      if (!marks.isEmpty()) {
        out.add(new JsonObject().put("text", text.substring(s[0], s[1])).put("marks", marks));
      }
    }
    return out;
  }

  /** The phrase key of a hide request's body (422 when it names none or is no key). */
  private static String hiddenKey(Hide in) {
    if (in.key() == null || in.key().isBlank()) {
      throw new ApiError(422, "required", "Name the phrase to hide.", "key", null);
    }
    if (in.key().length() > 200) { // control characters are refused by Json.body
      throw new ApiError(422, "invalid", "Not a phrase key.", "key", null);
    }
    if (in.hidden() == null) {
      throw new ApiError(422, "required", "Say hidden: true or false.", "hidden", null);
    }
    return PhraseRanking.key(in.key().strip());
  }

  /** Hides a phrase from a session's printed summary, or shows it again: the session's facilitator, coordinators. */
  private Future<?> hide(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Hide in = Json.body(ctx, Hide.class);
    String key = hiddenKey(in);
    return scope.run(me, id).compose(c -> HiddenPhraseStore.hideInSession(scope.pool, id, key, in.hidden(), me.personId())
        .compose(v -> HiddenPhraseStore.ofSession(scope.pool, id))
        .map(keys -> new JsonObject().put("sessionId", id).put("hidden", new JsonArray(new ArrayList<>(keys)))));
  }

  /**
   * Hides a phrase from a round's printed summary, or shows it again: coordinators (the round's summary is
   * the whole round's; a facilitator, who reads only the part of their own sessions, may not change it).
   */
  private Future<?> hideInRound(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Hide in = Json.body(ctx, Hide.class);
    String key = hiddenKey(in);
    return scope.roundScope(me, id).compose(s -> {
      if (s.facilitator() != null) {
        throw ApiError.forbidden();
      }
      return HiddenPhraseStore.hideInRound(scope.pool, id, key, in.hidden(), me.personId())
          .compose(v -> HiddenPhraseStore.ofRound(scope.pool, id))
          .map(keys -> new JsonObject().put("roundId", id).put("hidden", new JsonArray(new ArrayList<>(keys))));
    });
  }
}
