package org.kakehashi.reflections;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Transactions;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.sessions.SessionStatus;
import org.kakehashi.sessions.SessionStore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notes themselves: marking a session held (which opens the notes and e-mails the participants),
 * the form, writing one's own note, the notes a person may read, and the one-click reminder to those who
 * have not written yet (README, "The API").
 */
final class NoteRoutes {

  /** The body of PUT /sessions/{id}/reflections/me. */
  record Write(Map<String, String> answers, String visibility, String quoteAs) {
  }

  static final int MAX_ANSWER = 5000;

  private final ReflectionScope scope;

  NoteRoutes(ReflectionScope scope) {
    this.scope = scope;
  }

  void mount(Router api) {
    api.post("/sessions/:id/held").handler(Reply.json(this::held));
    api.get("/sessions/:id/reflections/form").handler(Reply.json(this::form));
    api.get("/sessions/:id/reflections/me").handler(Reply.json(this::mine));
    api.put("/sessions/:id/reflections/me").handler(Reply.json(this::write));
    api.post("/sessions/:id/reflections/remind").handler(Reply.json(this::remind));
    api.get("/sessions/:id/reflections").handler(Reply.json(this::readable));
  }

  private Future<?> held(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return scope.run(me, id).compose(c -> {
      if (SessionStatus.of(c.status()) == SessionStatus.CANCELLED) {
        throw ApiError.conflict("session_cancelled", "This session was cancelled.");
      }
      if (SessionStatus.of(c.status()) == SessionStatus.SCHEDULED && OffsetDateTime.now().isBefore(c.startsAt())) {
        throw ApiError.conflict("not_started", "The session has not started yet; mark it held once it has taken place.");
      }
      return Transactions.retrying(scope.pool, tx -> SessionStore.markHeld(tx, id)
              // Only the call that changed the status sends the e-mails: a second click sends nothing.
              .compose(changed -> changed ? SessionsEnded.invite(tx, List.of(id), scope.config) : Future.succeededFuture()))
          .compose(v -> scope.context(me, id))
          .map(after -> new JsonObject().put("sessionId", id).put("status", after.status())
              .put("editableUntil", after.editableUntil()));
    });
  }

  private Future<?> form(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return scope.context(me, id).compose(c -> {
      Future<?> allowed = c.confirmed() || ReflectionScope.runs(me, c)
          ? Future.succeededFuture() : RoundStore.checkVisible(scope.pool, me, c.roundId());
      return allowed.map(v -> new JsonObject().put("sessionId", id).put("roundId", c.roundId())
          .put("roundTitle", c.roundTitle()).put("startsAt", c.startsAt()).put("endsAt", c.endsAt())
          .put("status", c.status()).put("editableUntil", c.editableUntil()).put("participant", c.confirmed())
          .put("canWrite", c.confirmed() && c.open()).put("prompts", c.prompts())
          .put("reflection", c.mine() == null ? null : mineJson(c)));
    });
  }

  private Future<?> mine(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return scope.context(me, Params.id(ctx, "id")).map(c -> {
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
    return scope.context(me, id).compose(c -> {
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
      return scope.vertx.executeBlocking(() -> PhraseRanking.Analysis.of(ReflectionStore.answers(answers)), false)
          .compose(phrases -> Transactions.retrying(scope.pool, tx ->
              ReflectionStore.save(tx, id, me.personId(), answers, in.visibility(), quoteAs, scope.editDays(), phrases)))
          .compose(saved -> {
            if (!saved) {
              // The window closed (or the seat went) between the check above and the write.
              return Future.failedFuture(frozen(c));
            }
            return scope.context(me, id).map(NoteRoutes::mineJson);
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

  /**
   * The notes of a session the signed-in person may read. An anonymous note carries no name, person,
   * center, room or time for anyone but its writer, the notes come in an order that depends on their text
   * only, and the text of anonymous notes shows only when the session holds at least
   * {@link Summarizer#MIN_ANONYMOUS} of them (README, "Security", anonymous notes).
   */
  private Future<?> readable(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return scope.context(me, id).compose(c -> ReflectionStore.notes(scope.pool, List.of(id)).map(notes -> {
      long anonymous = notes.stream().filter(n -> !"name".equals(n.quoteAs())).count();
      boolean anonymousShown = anonymous >= Summarizer.MIN_ANONYMOUS;
      JsonArray out = new JsonArray();
      int withheld = 0;
      for (ReflectionStore.NoteRow n : ReflectionStore.unattributable(notes)) {
        if (!ReflectionAccess.canRead(ReflectionScope.viewer(me), n.personId(), n.visibility(), c.facilitatorId(), c.centerIds())) {
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

  private Future<?> remind(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return scope.run(me, id).compose(c -> {
      if (SessionStatus.of(c.status()) != SessionStatus.HELD) {
        throw ApiError.conflict("not_held", "Reflections open when the session has been held.");
      }
      if (!c.open()) {
        throw frozen(c);
      }
      return Transactions.retrying(scope.pool, tx -> SessionStore.claimReflectionReminder(tx, id).compose(claimed -> {
        if (!claimed) {
          return Future.failedFuture(ApiError.conflict("reminded_recently",
              "A reminder went out less than an hour ago; please wait before sending another."));
        }
        return ReflectionStore.recipients(tx, List.of(id), true, scope.editDays()).compose(people -> {
          List<Email> mails = people.stream().map(p -> ReflectionMail.reminder(p, scope.config.publicUrl())).toList();
          return Outbox.emails(tx, new ArrayList<>(mails)).map(v -> new JsonObject().put("reminded", mails.size()));
        });
      }));
    });
  }
}
