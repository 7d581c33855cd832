package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.sessions.SessionStatus;
import org.kakehashi.sessions.SessionAccess;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.platform.Transactions;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reflection notes and what facilitators read of them: marking a session held (which opens the
 * notes and e-mails the participants), writing one's own note, the notes a person may read, session
 * and round summaries, the one-click reminder and the CSV export.
 *
 * <p>Summaries, reminders and the export are for coordinators and for the facilitator of the session
 * (a facilitator's round summary covers only the sessions they facilitate); staff get 403.
 */
public final class ReflectionRoutes {

  /** The body of PUT /sessions/{id}/reflections/me. */
  record Write(Map<String, String> answers, String visibility, String quoteAs) {
  }

  /** The body of PUT /sessions/{id}/reflections/hidden. */
  record Hide(String key, Boolean hidden) {
  }

  static final int MAX_ANSWER = 5000;
  /** The most notes the evidence of one phrase lists. */
  static final int EVIDENCE_NOTES = 50;

  private final Vertx vertx;
  private final Pool pool;
  private final Config config;

  public ReflectionRoutes(Vertx vertx, Pool pool, Config config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
  }

  public void mount(Router api) {
    api.post("/sessions/:id/held").handler(Reply.json(this::held));
    api.get("/sessions/:id/reflections/form").handler(Reply.json(this::form));
    api.get("/sessions/:id/reflections/me").handler(Reply.json(this::mine));
    api.put("/sessions/:id/reflections/me").handler(Reply.json(this::write));
    api.get("/sessions/:id/reflections/summary").handler(Reply.json(this::sessionSummary));
    api.post("/sessions/:id/reflections/remind").handler(Reply.json(this::remind));
    api.get("/sessions/:id/reflections").handler(Reply.json(this::readable));
    api.get("/rounds/:id/reflections/summary").handler(Reply.json(this::roundSummary));
    api.get("/sessions/:id/reflections/evidence").handler(Reply.json(this::sessionEvidence));
    api.get("/rounds/:id/reflections/evidence").handler(Reply.json(this::roundEvidence));
    api.put("/sessions/:id/reflections/hidden").handler(Reply.json(this::hide));
    api.get("/rounds/:id/reflections.csv").handler(this::export);
  }

  private int editDays() {
    return config.reflections().editDays();
  }

  private Future<ReflectionStore.Context> context(Principal me, long sessionId) {
    return ReflectionStore.context(pool, sessionId, me.personId(), editDays());
  }

  private static boolean runs(Principal me, ReflectionStore.Context c) {
    return SessionAccess.runs(me, c.facilitatorId());
  }

  private Future<?> held(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return context(me, id).compose(c -> {
      if (!runs(me, c)) {
        throw ApiError.forbidden();
      }
      if (SessionStatus.of(c.status()) == SessionStatus.CANCELLED) {
        throw ApiError.conflict("session_cancelled", "This session was cancelled.");
      }
      if (SessionStatus.of(c.status()) == SessionStatus.SCHEDULED && OffsetDateTime.now().isBefore(c.startsAt())) {
        throw ApiError.conflict("not_started", "The session has not started yet; mark it held once it has taken place.");
      }
      return Transactions.retrying(pool, tx -> SessionStore.markHeld(tx, id)
              // Only the call that changed the status sends the e-mails: a second click sends nothing.
              .compose(changed -> changed ? SessionsEnded.invite(tx, List.of(id), config) : Future.succeededFuture()))
          .compose(v -> context(me, id))
          .map(after -> new JsonObject().put("sessionId", id).put("status", after.status())
              .put("editableUntil", after.editableUntil()));
    });
  }

  private Future<?> form(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return context(me, id).compose(c -> {
      Future<?> allowed = c.confirmed() || runs(me, c)
          ? Future.succeededFuture() : RoundStore.checkVisible(pool, me, c.roundId());
      return allowed.map(v -> new JsonObject().put("sessionId", id).put("roundId", c.roundId())
          .put("roundTitle", c.roundTitle()).put("startsAt", c.startsAt()).put("endsAt", c.endsAt())
          .put("status", c.status()).put("editableUntil", c.editableUntil()).put("participant", c.confirmed())
          .put("canWrite", c.confirmed() && c.open()).put("prompts", c.prompts())
          .put("reflection", c.mine() == null ? null : mineJson(c)));
    });
  }

  private Future<?> mine(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return context(me, Params.id(ctx, "id")).map(c -> {
      if (c.mine() == null) {
        throw new ApiError(404, "not_found", "You have not written a reflection on this session yet.", null,
            // The error body is written by the plain Vert.x codec: plain JSON values only.
            new JsonObject().put("prompts", promptsJson(c.prompts()))
                .put("editableUntil", c.editableUntil() == null ? null : c.editableUntil().toString())
                .put("canWrite", c.confirmed() && c.open()));
      }
      return mineJson(c);
    });
  }

  private static JsonObject mineJson(ReflectionStore.Context c) {
    return new JsonObject().put("sessionId", c.sessionId()).put("answers", ordered(c.mine().answers(), c.prompts()))
        .put("visibility", c.mine().visibility()).put("quoteAs", c.mine().quoteAs())
        .put("updatedAt", c.mine().updatedAt()).put("editableUntil", c.editableUntil())
        .put("editable", c.confirmed() && c.open()).put("prompts", c.prompts());
  }

  /** Answers in the order of the round's prompts. */
  static Map<String, String> ordered(Map<String, String> answers, List<Round.Label> prompts) {
    Map<String, String> out = new LinkedHashMap<>();
    prompts.forEach(p -> {
      if (answers.containsKey(p.key())) {
        out.put(p.key(), answers.get(p.key()));
      }
    });
    answers.forEach(out::putIfAbsent);
    return out;
  }

  private Future<?> write(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Write in = Json.body(ctx, Write.class);
    return context(me, id).compose(c -> {
      if (!c.confirmed()) {
        throw new ApiError(403, "not_participant", "Only confirmed participants of this session write a reflection on it.");
      }
      if (SessionStatus.of(c.status()) == SessionStatus.CANCELLED) {
        throw ApiError.conflict("session_cancelled", "This session was cancelled.");
      }
      if (SessionStatus.of(c.status()) != SessionStatus.HELD) {
        throw ApiError.conflict("not_held", "Reflections open when the session has been held.");
      }
      if (!c.open()) {
        throw frozen(c);
      }
      JsonObject answers = validate(in, c.prompts());
      String quoteAs = in.quoteAs() == null ? "anonymous" : in.quoteAs();
      // The key-phrase analysis (Kuromoji) on a worker; the note and its analysis in one transaction.
      return vertx.executeBlocking(() -> PhraseRanking.Analysis.of(ReflectionStore.answers(answers)), false)
          .compose(phrases -> Transactions.retrying(pool, tx ->
              ReflectionStore.save(tx, id, me.personId(), answers, in.visibility(), quoteAs, editDays(), phrases)))
          .compose(saved -> {
            if (!saved) {
              // The window closed (or the seat went) between the check above and the write.
              return Future.failedFuture(frozen(c));
            }
            return context(me, id).map(ReflectionRoutes::mineJson);
          });
    });
  }

  private static ApiError frozen(ReflectionStore.Context c) {
    return new ApiError(409, "reflection_frozen", "Reflections on this session could be edited until "
        + c.editableUntil() + "; they are now closed.", null,
        new JsonObject().put("editableUntil", c.editableUntil() == null ? null : c.editableUntil().toString()));
  }

  private static JsonArray promptsJson(List<Round.Label> prompts) {
    JsonArray out = new JsonArray();
    prompts.forEach(p -> out.add(new JsonObject().put("key", p.key()).put("ja", p.ja()).put("en", p.en())));
    return out;
  }

  /**
   * Checks every field through the platform's one validation path ({@link Problems}): 422
   * {@code invalid} naming the first problem, each listed in {@code problems} with its own code
   * (required, unknown_prompt, too_long, control_chars, invalid); nothing saved. Answers are kept
   * as written (blank ones dropped); the limit is {@link #MAX_ANSWER} characters counted in code points.
   */
  static JsonObject validate(Write in, List<Round.Label> prompts) {
    Problems problems = new Problems();
    if (in.visibility() == null || !ReflectionAccess.VISIBILITIES.contains(in.visibility())) {
      problems.add("visibility", "Choose who may read it: facilitators, partners or network.");
    }
    if (in.quoteAs() != null && !ReflectionAccess.QUOTE_AS.contains(in.quoteAs())) {
      problems.add("quoteAs", "Quote as name or anonymous.");
    }
    JsonObject answers = new JsonObject();
    List<String> keys = prompts.stream().map(Round.Label::key).toList();
    if (in.answers() == null) {
      problems.add("answers", "required", "Answer at least one question.");
    } else {
      for (Map.Entry<String, String> e : in.answers().entrySet()) {
        String field = "answers." + e.getKey();
        if (!keys.contains(e.getKey())) {
          problems.add(field, "unknown_prompt", "This round has no question " + e.getKey() + ".");
          continue;
        }
        int before = problems.list().size();
        if (problems.text(field, e.getValue(), MAX_ANSWER, false) != null && problems.list().size() == before) {
          answers.put(e.getKey(), e.getValue());
        }
      }
      if (problems.isEmpty() && answers.isEmpty()) {
        problems.add("answers", "required", "Answer at least one question.");
      }
    }
    problems.throwIfAny();
    return answers;
  }

  private static ReflectionAccess.Viewer viewer(Principal me) {
    return new ReflectionAccess.Viewer(me.personId(), me.centerId(), me.isCoordinator());
  }

  /**
   * The notes of a session the signed-in person may read. An anonymous note carries no name, person,
   * center, room or time for anyone but its writer, the notes come in an order that depends on their text
   * only, and the text of anonymous notes shows only when the session holds at least
   * {@link Summarizer#MIN_ANONYMOUS} of them (README, "Security", anonymous notes).
   */
  private Future<?> readable(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return context(me, id).compose(c -> ReflectionStore.notes(pool, List.of(id)).map(notes -> {
      long anonymous = notes.stream().filter(n -> !"name".equals(n.quoteAs())).count();
      boolean anonymousShown = anonymous >= Summarizer.MIN_ANONYMOUS;
      JsonArray out = new JsonArray();
      int withheld = 0;
      for (ReflectionStore.NoteRow n : ReflectionStore.unattributable(notes)) {
        if (!ReflectionAccess.canRead(viewer(me), n.personId(), n.visibility(), c.facilitatorId(), c.centerIds())) {
          continue;
        }
        boolean mine = n.personId() == me.personId();
        JsonObject j = new JsonObject().put("sessionId", n.sessionId()).put("visibility", n.visibility())
            .put("quoteAs", n.quoteAs()).put("mine", mine);
        if ("name".equals(n.quoteAs()) || mine) {
          j.put("centerId", n.centerId()).put("updatedAt", n.updatedAt());
        }
        if ("name".equals(n.quoteAs())) {
          j.put("personId", n.personId()).put("author", n.author());
        }
        if ("name".equals(n.quoteAs()) || mine || anonymousShown) {
          j.put("answers", ordered(n.answers(), c.prompts()));
        } else {
          j.put("answers", new JsonObject()).put("withheld", true);
          withheld++;
        }
        out.add(j);
      }
      return new JsonObject().put("prompts", c.prompts()).put("notes", out).put("withheld", withheld)
          .put("minAnonymous", Summarizer.MIN_ANONYMOUS);
    }));
  }

  private Future<?> sessionSummary(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Summarizer.Filter filter = filter(ctx);
    return context(me, id).compose(c -> {
      if (!runs(me, c)) {
        throw ApiError.forbidden();
      }
      return RoundStore.get(pool, c.roundId())
          .compose(round -> summary(me, round, ReflectionStore.heldSessions(pool, null, id, null), filter));
    });
  }

  private Future<?> roundSummary(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Summarizer.Filter filter = filter(ctx);
    return roundScope(me, id)
        .compose(scope -> summary(me, scope.round(), ReflectionStore.heldSessions(pool, id, null, scope.facilitator()), filter));
  }

  private Future<?> sessionEvidence(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    String key = evidenceKey(ctx);
    return context(me, id).compose(c -> {
      if (!runs(me, c)) {
        throw ApiError.forbidden();
      }
      return evidence(me, ReflectionStore.heldSessions(pool, null, id, null), key);
    });
  }

  private Future<?> roundEvidence(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    String key = evidenceKey(ctx);
    return roundScope(me, id).compose(scope -> evidence(me, ReflectionStore.heldSessions(pool, id, null, scope.facilitator()), key));
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
  private Future<JsonObject> evidence(Principal me, Future<List<ReflectionStore.ScopeSession>> scope, String key) {
    return Future.all(scope, catchUp()).compose(ready -> {
      List<ReflectionStore.ScopeSession> sessions = scope.result();
      List<Long> ids = sessions.stream().map(ReflectionStore.ScopeSession::id).toList();
      Future<List<ReflectionStore.NoteText>> texts = ReflectionStore.notesText(pool, ids);
      Future<List<PhraseStore.Stored>> stored = PhraseStore.stored(pool, ids);
      Future<PhraseStore.Background> background = PhraseStore.background(pool, ids);
      return Future.all(texts, stored, background).compose(all -> vertx.executeBlocking(() -> {
            List<ReflectionStore.NoteRow> notes = ReflectionStore.parse(texts.result());
            Map<List<Long>, PhraseRanking.Analysis> analyses = PhraseStore.unpack(stored.result(), background.result());
            Map<Long, Long> anonymous = new HashMap<>();
            notes.stream().filter(n -> !"name".equals(n.quoteAs())).forEach(n -> anonymous.merge(n.sessionId(), 1L, Long::sum));
            JsonArray out = new JsonArray();
            int withheld = 0;
            int total = 0;
            String written = null;
            for (ReflectionStore.NoteRow n : ReflectionStore.unattributable(readableNotes(me, sessions, notes))) {
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
          }, false));
    });
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

  /** Hides a phrase from a session's printed summary, or shows it again: the session's facilitator, coordinators. */
  private Future<?> hide(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Hide in = Json.body(ctx, Hide.class);
    if (in.key() == null || in.key().isBlank()) {
      throw new ApiError(422, "required", "Name the phrase to hide.", "key", null);
    }
    if (in.key().length() > 200) { // control characters are refused by Json.body
      throw new ApiError(422, "invalid", "Not a phrase key.", "key", null);
    }
    if (in.hidden() == null) {
      throw new ApiError(422, "required", "Say hidden: true or false.", "hidden", null);
    }
    String key = PhraseRanking.key(in.key().strip());
    return context(me, id).compose(c -> {
      if (!runs(me, c)) {
        throw ApiError.forbidden();
      }
      return PhraseStore.hide(pool, id, key, in.hidden(), me.personId())
          .compose(v -> PhraseStore.hidden(pool, List.of(id)))
          .map(keys -> new JsonObject().put("sessionId", id).put("hidden", new JsonArray(new ArrayList<>(keys))));
    });
  }

  /** The round and, for a facilitator, whose sessions it is limited to (null: all, for coordinators). */
  private record RoundScope(Round round, Long facilitator) {
  }

  private Future<RoundScope> roundScope(Principal me, long roundId) {
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

  private static Summarizer.Filter filter(RoutingContext ctx) {
    return new Summarizer.Filter(Params.text(ctx, "topic", 100), Params.optionalId(ctx, "room"),
        Params.optionalId(ctx, "center"));
  }

  /**
   * Brings the phrase statistics up to date, loads the scope, keeps the notes the viewer may read, and
   * summarises on a worker thread against the network's background (README, "Reflection summaries").
   */
  private Future<Summarizer.Summary> summary(Principal me, Round round, Future<List<ReflectionStore.ScopeSession>> scope,
                                             Summarizer.Filter filter) {
    // The scope and the catch-up of stale analyses side by side, then every read of the summary at once
    // (each on its own connection): the notes with their analyses but not their text, which is read only for
    // the few sentences chosen as quotes. Decoding and summarising on a worker.
    return Future.all(scope, catchUp()).compose(ready -> {
      List<ReflectionStore.ScopeSession> sessions = scope.result();
      List<Long> ids = sessions.stream().map(ReflectionStore.ScopeSession::id).toList();
      Future<List<ReflectionStore.SummaryNote>> notes = ReflectionStore.summaryNotes(pool, ids);
      Future<List<Summarizer.Participant>> people = ReflectionStore.participants(pool, ids);
      Future<List<String>> places = PhraseStore.places(pool);
      Future<java.util.Set<String>> hidden = ids.size() == 1 ? PhraseStore.hidden(pool, ids)
          : Future.succeededFuture(java.util.Set.of());
      // The analyses decoded on a worker; then the background of just the phrase ids they use (by index).
      Future<List<PhraseStore.Decoded>> decoded = notes.compose(rows -> vertx.executeBlocking(() -> {
        List<PhraseStore.Stored> stored = new ArrayList<>(rows.size());
        rows.forEach(n -> {
          if (n.stored() != null) {
            stored.add(n.stored());
          }
        });
        return PhraseStore.decode(stored);
      }, false));
      Future<PhraseStore.Background> background = decoded.compose(d -> PhraseStore.background(pool, PhraseStore.ids(d)));
      return Future.all(List.of(notes, people, background, places, hidden)).compose(all -> vertx.executeBlocking(() -> {
        PhraseStore.Background bg = background.result();
        Map<List<Long>, PhraseRanking.Analysis> analyses = PhraseStore.unpackDecoded(decoded.result(), bg);
        List<Summarizer.Note> readable = readableSummaryNotes(me, sessions, notes.result());
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
    ReflectionAccess.Viewer viewer = viewer(me);
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

  /** Reads the sentences of the quotes a summary chose from notes whose text it did not read. */
  private Future<Summarizer.Summary> quoteTexts(Summarizer.Summary summary) {
    List<Quotes.Place> places = Summarizer.places(summary);
    if (places.isEmpty()) {
      return Future.succeededFuture(summary);
    }
    return ReflectionStore.answersOf(pool, places).compose(rows -> vertx.executeBlocking(() -> {
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

  /** Notes written by other means (SQL, before an upgrade) are analysed once, in batches, before a summary reads. */
  private Future<Void> catchUp() {
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

  private static List<ReflectionStore.NoteRow> readableNotes(Principal me, List<ReflectionStore.ScopeSession> sessions,
                                                             List<ReflectionStore.NoteRow> notes) {
    Map<Long, ReflectionStore.ScopeSession> byId = new HashMap<>();
    sessions.forEach(s -> byId.put(s.id(), s));
    return notes.stream().filter(n -> {
      ReflectionStore.ScopeSession s = byId.get(n.sessionId());
      return ReflectionAccess.canRead(viewer(me), n.personId(), n.visibility(), s.facilitatorId(),
          s.centers().stream().map(Summarizer.Center::id).toList());
    }).toList();
  }

  private Future<?> remind(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return context(me, id).compose(c -> {
      if (!runs(me, c)) {
        throw ApiError.forbidden();
      }
      if (SessionStatus.of(c.status()) != SessionStatus.HELD) {
        throw ApiError.conflict("not_held", "Reflections open when the session has been held.");
      }
      if (!c.open()) {
        throw frozen(c);
      }
      return Transactions.retrying(pool, tx -> SessionStore.claimReflectionReminder(tx, id).compose(claimed -> {
        if (!claimed) {
          return Future.failedFuture(ApiError.conflict("reminded_recently",
              "A reminder went out less than an hour ago; please wait before sending another."));
        }
        return ReflectionStore.recipients(tx, List.of(id), true, editDays()).compose(people -> {
          List<Email> mails = people.stream().map(p -> ReflectionMail.reminder(p, config.publicUrl())).toList();
          return Outbox.emails(tx, new ArrayList<>(mails)).map(v -> new JsonObject().put("reminded", mails.size()));
        });
      }));
    });
  }

  private void export(RoutingContext ctx) {
    Principal me;
    long id;
    try {
      me = Principal.require(ctx);
      id = Params.id(ctx, "id");
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    roundScope(me, id)
        .compose(scope -> ReflectionStore.heldSessions(pool, id, null, scope.facilitator())
            .compose(sessions -> ReflectionStore.notes(pool, sessions.stream().map(ReflectionStore.ScopeSession::id).toList())
                .compose(notes -> vertx.executeBlocking(() -> csv(me, scope.round(), sessions, notes), false))))
        .onSuccess(bytes -> ctx.response()
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"kakehashi-reflections-round-" + id + ".csv\"")
            .putHeader("Cache-Control", "no-store")
            .end(io.vertx.core.buffer.Buffer.buffer(bytes)))
        .onFailure(ctx::fail);
  }

  /**
   * The export: an anonymous note's row has no center, city, partner city, topic or room, rows come by
   * session and then by text (not by center or person), and the text of anonymous notes shows only where
   * the session holds at least {@link Summarizer#MIN_ANONYMOUS} of them (otherwise the row says so).
   */
  private static byte[] csv(Principal me, Round round, List<ReflectionStore.ScopeSession> sessions,
                            List<ReflectionStore.NoteRow> notes) {
    Map<Long, ReflectionStore.ScopeSession> byId = new HashMap<>();
    sessions.forEach(s -> byId.put(s.id(), s));
    Map<Long, Long> anonymousBySession = new HashMap<>();
    notes.stream().filter(n -> !"name".equals(n.quoteAs())).forEach(n -> anonymousBySession.merge(n.sessionId(), 1L, Long::sum));
    Map<String, String> topicNames = round.topics().stream()
        .collect(Collectors.toMap(Round.Label::key, Round.Label::ja, (a, b) -> a));
    List<ReflectionCsv.Row> rows = new ArrayList<>();
    for (ReflectionStore.NoteRow n : ReflectionStore.unattributable(readableNotes(me, sessions, notes))) {
      ReflectionStore.ScopeSession s = byId.get(n.sessionId());
      if (!"name".equals(n.quoteAs())) {
        boolean shown = anonymousBySession.getOrDefault(n.sessionId(), 0L) >= Summarizer.MIN_ANONYMOUS;
        Map<String, String> answers = new HashMap<>();
        if (shown) {
          answers.putAll(n.answers());
        } else {
          round.prompts().forEach(p -> answers.put(p.key(), ReflectionCsv.WITHHELD));
        }
        rows.add(new ReflectionCsv.Row(s.id(), s.startsAt(), null, null, null, null, null, null, n.visibility(), answers));
        continue;
      }
      Summarizer.Center own = s.centers().stream().filter(c -> c.id() == (n.centerId() == null ? -1 : n.centerId()))
          .findFirst().orElse(null);
      String partnerCity = s.centers().stream().filter(c -> own == null || c.id() != own.id()).map(Summarizer.Center::city)
          .distinct().collect(Collectors.joining("・"));
      rows.add(new ReflectionCsv.Row(s.id(), s.startsAt(), own == null ? null : own.name(), own == null ? null : own.city(),
          partnerCity, n.topic() == null ? null : topicNames.getOrDefault(n.topic(), n.topic()), n.roomName(),
          n.author(), n.visibility(), n.answers()));
    }
    return ReflectionCsv.write(round.prompts(), rows);
  }
}
