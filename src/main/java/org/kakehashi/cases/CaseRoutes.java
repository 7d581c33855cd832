package org.kakehashi.cases;

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
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.platform.Transactions;
import org.kakehashi.reflections.ReflectionStore;
import org.kakehashi.rooms.RoomStore;
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.zoom.ZoomRequests;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session's case studies (README, "Case studies"): reading them, writing one's own center's case
 * (drafts saved as one types, a version check so two editors never overwrite each other), submitting
 * it (the partner's staff are e-mailed), opening it to the network after the session, and the round's
 * case template.
 */
public final class CaseRoutes {

  /** The body of PUT /sessions/{id}/cases/{centerId}. */
  record Write(String title, String summary, Map<String, String> sections, List<Long> presenters, Integer minutes,
               List<String> topics, Integer version) {
  }

  /** The body of POST /cases/{id}/questions. */
  record Question(String text) {
  }

  /** The body of PUT /cases/{id}/questions/{questionId}/answer. */
  record Answer(String answer) {
  }

  /** The body of PUT /cases/{id}/sharing. */
  record Sharing(Boolean shared) {
  }

  static final int MAX_SECTION = 5000;
  static final int MAX_SUMMARY = 400;

  private final Vertx vertx;
  private final Pool pool;
  private final Config config;

  public CaseRoutes(Vertx vertx, Pool pool, Config config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
  }

  /** The upload route, as the main router sees it: it takes no body handler (the upload streams). */
  public static final String UPLOAD_PATH = "/api/cases/:id/attachments";

  public void mount(Router api) {
    api.post("/cases/:id/attachments").handler(this::upload);
    api.get("/attachments/:id").handler(this::download);
    api.get("/attachments/:id/preview").handler(this::preview);
    api.delete("/attachments/:id").handler(Reply.json(this::removeAttachment));
    api.get("/sessions/:id/cases").handler(Reply.json(this::ofSession));
    api.put("/sessions/:id/cases/:centerId").handler(Reply.json(this::write));
    api.get("/library").handler(Reply.json(this::library));
    api.get("/library/filters").handler(Reply.json(ctx -> {
      Principal.require(ctx);
      return LibraryStore.filters(pool);
    }));
    api.get("/me/partner-cases").handler(Reply.json(this::partnerCases));
    api.get("/cases/:id").handler(Reply.json(this::one));
    api.post("/cases/:id/submit").handler(Reply.json(this::submit));
    api.put("/cases/:id/sharing").handler(Reply.json(this::sharing));
    api.get("/cases/:id/questions").handler(Reply.json(this::questions));
    api.post("/cases/:id/questions").handler(Reply.json(this::ask));
    api.put("/cases/:id/questions/:questionId/answer").handler(Reply.json(this::answer));
    api.get("/sessions/:id/programme").handler(Reply.json(this::programme));
    api.put("/sessions/:id/programme").handler(Reply.json(this::putProgramme));
    api.delete("/sessions/:id/programme").handler(Reply.json(this::resetProgramme));
    api.get("/rounds/:id/programme-template").handler(Reply.json(this::roundProgramme));
    api.put("/rounds/:id/programme-template").handler(Reply.json(this::putRoundProgramme));
    api.delete("/rounds/:id/programme-template").handler(Reply.json(this::resetRoundProgramme));
    api.get("/rounds/:id/case-template").handler(Reply.json(this::template));
    api.put("/rounds/:id/case-template").handler(Reply.json(this::putTemplate));
  }

  /** The session, which the person must be allowed to see (404 otherwise, as for an unknown id). */
  Future<CaseStore.SessionInfo> session(Principal me, long sessionId) {
    return CaseStore.session(pool, sessionId).map(s -> {
      if (s == null || !CaseAccess.seesSession(me, s)) {
        throw ApiError.notFound("This session");
      }
      return s;
    });
  }

  /** A case and its session, which the person must be allowed to see (404 otherwise). */
  record Seen(CaseStore.SessionInfo session, CaseStore.CaseRow row) {
  }

  Future<Seen> seen(Principal me, long caseId) {
    return CaseStore.get(pool, caseId).compose(c -> c == null ? Future.failedFuture(ApiError.notFound("This case"))
        : CaseStore.session(pool, c.sessionId()).map(s -> {
          if (s == null || !CaseAccess.sees(me, s, c)) {
            throw ApiError.notFound("This case");
          }
          return new Seen(s, c);
        }));
  }

  private Future<?> ofSession(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return session(me, id).compose(s -> CaseStore.template(pool, s.roundId())
        .compose(t -> CaseStore.ofSession(pool, id).compose(cases -> CaseStore.centers(pool, s.centerIds())
            .compose(centers -> RoundStore.get(pool, s.roundId()).compose(round -> staffOf(me, s).map(staff -> {
              JsonArray out = new JsonArray();
              for (JsonObject center : centers) {
                long cid = center.getLong("id");
                CaseStore.CaseRow c = cases.stream().filter(x -> x.centerId() == cid).findFirst().orElse(null);
                out.add(center.put("canEdit", CaseAccess.edits(me, s, cid) && !"cancelled".equals(s.status()))
                    .put("case", c == null ? null : CaseAccess.sees(me, s, c) ? CaseJson.of(c, t) : CaseJson.statusOnly(c)));
              }
              return new JsonObject().put("sessionId", id).put("roundId", s.roundId()).put("roundTitle", s.roundTitle())
                  .put("startsAt", s.startsAt().toString()).put("status", s.status())
                  .put("dueAt", CaseJson.due(s, t).toString()).put("template", CaseJson.template(t))
                  .put("topics", topics(round)).put("centers", out).put("staff", staff)
                  .put("canEditTemplate", me.isCoordinator());
            }))))).compose(this::withAttachmentsOfCenters));
  }

  /** Adds each case's attachments to the session's case list. */
  private Future<JsonObject> withAttachmentsOfCenters(JsonObject body) {
    List<Long> ids = new ArrayList<>();
    body.getJsonArray("centers").forEach(o -> {
      JsonObject c = ((JsonObject) o).getJsonObject("case");
      if (c != null && c.getLong("id") != null) {
        ids.add(c.getLong("id"));
      }
    });
    return AttachmentStore.ofCases(pool, ids).map(m -> {
      body.getJsonArray("centers").forEach(o -> {
        JsonObject c = ((JsonObject) o).getJsonObject("case");
        if (c != null && c.getLong("id") != null) {
          c.put("attachments", m.getOrDefault(c.getLong("id"), new JsonArray()));
        }
      });
      return body;
    });
  }

  static JsonArray topics(Round round) {
    JsonArray out = new JsonArray();
    if (round != null) {
      round.topics().forEach(l -> out.add(new JsonObject().put("key", l.key()).put("ja", l.ja()).put("en", l.en())));
    }
    return out;
  }

  /** The staff of the person's own center, if it is in the pair (the presenters one may choose). */
  private Future<JsonArray> staffOf(Principal me, CaseStore.SessionInfo s) {
    if (me.centerId() == null || !s.centerIds().contains(me.centerId())) {
      return Future.succeededFuture(new JsonArray());
    }
    return CaseStore.staff(pool, me.centerId());
  }

  /**
   * GET /api/me/partner-cases: reading ahead on the staff home (README, "Case studies"), the partner centers'
   * cases of one's own center's sessions ahead; empty for someone of no center.
   */
  private Future<?> partnerCases(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return (me.centerId() == null ? Future.succeededFuture(new JsonArray()) : CaseStore.partnerCases(pool, me.centerId()))
        .map(list -> new JsonObject().put("partners", list));
  }

  private Future<?> one(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return seen(me, Params.id(ctx, "id")).compose(v -> CaseStore.template(pool, v.session().roundId())
        .map(t -> CaseJson.of(v.row(), t).put("canEdit", CaseAccess.edits(me, v.session(), v.row().centerId()))
            .put("template", CaseJson.template(t))
            .put("sessionStatus", v.session().status()).put("startsAt", v.session().startsAt().toString())
            .put("roundTitle", v.session().roundTitle()))
        .compose(this::withAttachments)
        .compose(json -> takeaways(me, v).map(t -> json.put("takeaways", t.takeaways())
            .put("takeawaysWithheld", t.withheld()))));
  }

  /** The partner center's takeaways from a held session's case (empty before the session is held). */
  private Future<Takeaways.Result> takeaways(Principal me, Seen v) {
    if (!v.session().held()) {
      return Future.succeededFuture(new Takeaways.Result(new JsonArray(), 0));
    }
    Takeaways.Reader reader = me.isCoordinator() || CaseAccess.facilitates(me, v.session()) ? Takeaways.Reader.ALL
        : me.centerId() != null && v.session().centerIds().contains(me.centerId()) ? Takeaways.Reader.PAIR
        : Takeaways.Reader.NETWORK;
    return ReflectionStore.notes(pool, List.of(v.session().id())).map(notes -> Takeaways.of(notes, v.row().centerId(), reader));
  }

  /**
   * GET /api/library?q=&topic=&region=&prefecture=&year=&limit=&offset=: the cases opened to the network,
   * found by Japanese words (also inside compounds) and filtered; newest first without words.
   */
  private Future<?> library(RoutingContext ctx) {
    Principal.require(ctx);
    String q = Params.text(ctx, "q", 200);
    Integer year = ctx.queryParams().get("year") == null || ctx.queryParams().get("year").isBlank() ? null
        : Params.integer(ctx, "year", 0, 2000, 2100);
    LibraryStore.Query query = new LibraryStore.Query(null, Params.text(ctx, "topic", 40), Params.text(ctx, "region", 100),
        Params.text(ctx, "prefecture", 20), year, Params.integer(ctx, "limit", 20, 1, 50),
        Params.integer(ctx, "offset", 0, 0, 10_000));
    if (q == null) {
      return LibraryStore.search(pool, query);
    }
    // A query is at most 200 characters: analysed on the event loop (tens of microseconds).
    String tsquery = CaseText.tsquery(q);
    return Future.succeededFuture(tsquery).compose(ts -> ts == null
        ? Future.succeededFuture(new JsonObject().put("cases", new JsonArray()).put("more", false).put("offset", 0))
        : LibraryStore.search(pool, new LibraryStore.Query(ts, query.topic(), query.region(), query.prefecture(),
            query.year(), query.limit(), query.offset())));
  }

  /** Adds a case's attachments to its JSON. */
  private Future<JsonObject> withAttachments(JsonObject c) {
    return AttachmentStore.ofCases(pool, List.of(c.getLong("id")))
        .map(m -> c.put("attachments", m.getOrDefault(c.getLong("id"), new JsonArray())));
  }

  // --- Attachments (README, "Case attachments") ---

  /**
   * POST /api/cases/{id}/attachments?name=…, the file as the raw body. The request arrives paused and
   * unread; everything that can be refused without the body (the name, a declared size over 20 MB, who
   * asks, a sixth file) is refused before a byte is read. When the answer comes before the whole body was
   * read, the connection is closed after it (platform Http, for every streamed route).
   */
  private void upload(RoutingContext ctx) {
    Future<Object> result;
    try {
      result = receive(ctx);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    // Answered before the whole body was read: the platform closes the connection after the answer.
    result.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        Reply.send(ctx, ar.result());
      }
    });
  }

  private Future<Object> receive(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    String raw = ctx.request().getParam("name");
    String problem = FileNames.problem(raw);
    if (problem != null) {
      throw new ApiError(422, problem, switch (problem) {
        case "required" -> "The file needs a name (query parameter name).";
        case "too_long" -> "A file name has at most " + FileNames.MAX + " characters.";
        case "path" -> "A file name has no folders (/ or \\).";
        case "hidden" -> "A file name does not start with a dot.";
        default -> "A file name has no control or text-direction characters.";
      }, "name", null);
    }
    String length = ctx.request().getHeader("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("bad_length", "Content-Length is not a number.", null);
      }
      if (declared > AttachmentStore.MAX_BYTES) {
        throw AttachmentUpload.tooLarge();
      }
      if (declared == 0) {
        throw new ApiError(422, "empty_file", "The file is empty.", "file", null);
      }
    }
    String name = FileNames.clean(raw);
    return seen(me, id).compose(v -> {
      if (!CaseAccess.edits(me, v.session(), v.row().centerId())) {
        throw ApiError.forbidden();
      }
      if ("cancelled".equals(v.session().status())) {
        throw ApiError.conflict("session_cancelled", "This session was cancelled.");
      }
      return AttachmentStore.count(pool, id);
    }).compose(n -> {
      if (n >= AttachmentStore.MAX_PER_CASE) {
        throw AttachmentStore.tooMany();
      }
      return AttachmentUpload.receive(vertx, pool, ctx.request(), id, name, me.personId());
    }).map(m -> Reply.created(m.json()));
  }

  /** The attachment, whose case the person must be allowed to see (404 otherwise). */
  private Future<AttachmentStore.Meta> attachment(Principal me, long id) {
    return AttachmentStore.get(pool, id).compose(m -> m == null ? Future.failedFuture(ApiError.notFound("This file"))
        : seen(me, m.caseId()).map(v -> m).recover(err -> Future.failedFuture(ApiError.notFound("This file"))));
  }

  private void download(RoutingContext ctx) {
    try {
      Principal me = Principal.require(ctx);
      attachment(me, Params.id(ctx, "id")).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
        } else {
          AttachmentDownload.send(pool, ctx.response(), ar.result());
        }
      });
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  private void preview(RoutingContext ctx) {
    try {
      Principal me = Principal.require(ctx);
      long id = Params.id(ctx, "id");
      attachment(me, id).compose(m -> AttachmentStore.readPreview(pool, id)).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
        } else if (ar.result() == null) {
          ctx.fail(ApiError.notFound("This file's preview"));
        } else {
          ctx.response().putHeader("Content-Type", "image/png").putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Content-Security-Policy", AttachmentDownload.CSP).putHeader("Cache-Control", "private, max-age=3600")
              .end(ar.result());
        }
      });
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }

  private Future<?> removeAttachment(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return attachment(me, id).compose(m -> seen(me, m.caseId()).compose(v -> {
      if (!CaseAccess.edits(me, v.session(), v.row().centerId())) {
        throw ApiError.forbidden();
      }
      return Transactions.retrying(pool, tx -> AttachmentStore.delete(tx, id));
    })).map(x -> Reply.noContent());
  }

  private Future<?> write(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    long centerId = Params.id(ctx, "centerId");
    Write in = Json.body(ctx, Write.class);
    // Checked before anything else: the version is unboxed below, and a missing one is the client's mistake (422).
    if (in.version() == null || in.version() < 0) {
      throw ApiError.invalid("version", "The version the edit started from (0 for a new case).");
    }
    int version = in.version();
    return session(me, id).compose(s -> {
      if (!s.centerIds().contains(centerId)) {
        throw ApiError.invalid("centerId", "This center is not in the session's pair.");
      }
      if (!me.belongsTo(centerId)) {
        throw ApiError.forbidden();
      }
      if ("cancelled".equals(s.status())) {
        throw ApiError.conflict("session_cancelled", "This session was cancelled.");
      }
      return CaseStore.template(pool, s.roundId())
          .compose(t -> RoundStore.get(pool, s.roundId()).compose(round -> {
            CaseStore.Fields f = fields(in, t, round);
            return CaseStore.staffCount(pool, centerId, f.presenters()).compose(n -> {
              if (n != f.presenters().size()) {
                throw ApiError.invalid("presenters", "Presenters are chosen from the center's staff.");
              }
              return vertx.executeBlocking(() -> CaseText.entries(CaseJson.searchText(f, null)));
            }).compose(words -> save(me, s, centerId, version, f, words, t));
          }));
    });
  }

  private Future<Object> save(Principal me, CaseStore.SessionInfo s, long centerId, int version, CaseStore.Fields f,
                              List<String> words, CaseTemplate t) {
    return Transactions.retrying(pool, tx -> CaseStore.get(tx, s.id(), centerId).compose(current -> {
      if (current == null) {
        if (version != 0) {
          throw ApiError.conflict("case_gone", "This case does not exist yet: save it with version 0.");
        }
        // Two colleagues creating it at once: the second waits for the first's insert and gets the 409
        // with both texts, never the first one's case as if its own text had been saved.
        return CaseStore.insert(tx, s.id(), centerId, f, words, me.personId()).compose(created -> created != null
            ? Future.succeededFuture(true)
            : CaseStore.get(tx, s.id(), centerId).map(first -> {
              throw conflict(first, t, f);
            }));
      }
      if (current.version() != version) {
        throw conflict(current, t, f);
      }
      return CaseStore.update(tx, current.id(), version, f, words, me.personId()).compose(updated -> {
        if (!updated) {
          throw conflict(current, t, f);
        }
        // A submitted case's title, presenters and minutes are in the programme (a draft's are not).
        return ("submitted".equals(current.status()) ? agendaChanged(tx, s.id(), null) : Future.<Void>succeededFuture())
            .map(false);
      });
    })).compose(created -> CaseStore.get(pool, s.id(), centerId).map(c -> {
      JsonObject body = CaseJson.of(c, t).put("canEdit", true);
      return created ? Reply.created(body) : body;
    }));
  }

  /** 409 with both texts: the one saved in between and the one just sent, so nothing is lost silently. */
  private static ApiError conflict(CaseStore.CaseRow current, CaseTemplate t, CaseStore.Fields yours) {
    return new ApiError(409, "version_conflict", "Someone else saved this case meanwhile (by "
        + (current.updatedByName() == null ? "another person" : current.updatedByName())
        + "). Both versions are shown; merge them and save again.", "version",
        new JsonObject().put("current", CaseJson.of(current, t)).put("yours", CaseJson.fields(yours)));
  }

  /** Checks a case's fields against the template and round (every problem at once as a 422). */
  static CaseStore.Fields fields(Write in, CaseTemplate t, Round round) {
    Problems p = new Problems();
    if (in.version() == null || in.version() < 0) {
      p.add("version", "required", "The version the edit started from (0 for a new case).");
    }
    String title = p.line("title", in.title(), 200, false);
    String summary = p.text("summary", in.summary(), MAX_SUMMARY, false);
    JsonObject sections = new JsonObject();
    if (in.sections() != null) {
      for (Map.Entry<String, String> e : in.sections().entrySet()) {
        if (!t.keys().contains(e.getKey())) {
          p.add("sections." + e.getKey(), "invalid", "Not a section of this round's template.");
          continue;
        }
        String text = p.text("sections." + e.getKey(), e.getValue(), MAX_SECTION, false);
        if (text != null) {
          sections.put(e.getKey(), text);
        }
      }
    }
    Set<Long> presenters = new LinkedHashSet<>(in.presenters() == null ? List.of() : in.presenters());
    if (presenters.contains(null) || presenters.size() > 10) {
      p.add("presenters", "too_many", "At most 10 presenters, each a person's id.");
    }
    if (in.minutes() != null && (in.minutes() < 1 || in.minutes() > 180)) {
      p.add("minutes", "out_of_range", "Between 1 and 180 minutes.");
    }
    Set<String> topicKeys = new LinkedHashSet<>();
    round.topics().forEach(l -> topicKeys.add(l.key()));
    List<String> topics = in.topics() == null ? List.of() : in.topics();
    if (topics.size() > 10 || !topicKeys.containsAll(topics)) {
      p.add("topics", "invalid", "Topics are chosen from the round's topics.");
    }
    p.throwIfAny();
    return new CaseStore.Fields(title == null ? "" : title, summary == null ? "" : summary, sections,
        new ArrayList<>(presenters), in.minutes(), List.copyOf(new LinkedHashSet<>(topics)));
  }

  private Future<?> submit(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return seen(me, id).compose(v -> {
      if (!CaseAccess.edits(me, v.session(), v.row().centerId())) {
        throw ApiError.forbidden();
      }
      Problems p = new Problems();
      if (v.row().title().isBlank()) {
        p.add("title", "required", "A case needs a title before it is submitted.");
      }
      if (v.row().summary().isBlank()) {
        p.add("summary", "required", "A case needs a summary before it is submitted.");
      }
      p.throwIfAny();
      return Transactions.retrying(pool, tx -> CaseStore.submit(tx, id)
              .compose(changed -> changed ? CaseMail.submitted(tx, v.session(), v.row(), config.publicUrl())
                  .compose(x -> agendaChanged(tx, v.session().id(), null)) : Future.succeededFuture()))
          .compose(x -> one(me, id));
    });
  }

  private Future<JsonObject> one(Principal me, long id) {
    return seen(me, id).compose(v -> CaseStore.template(pool, v.session().roundId())
        .map(t -> CaseJson.of(v.row(), t).put("canEdit", CaseAccess.edits(me, v.session(), v.row().centerId()))
            .put("template", CaseJson.template(t))));
  }

  private Future<?> sharing(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Sharing in = Json.body(ctx, Sharing.class);
    if (in.shared() == null) {
      throw ApiError.invalid("shared", "Required: true or false.");
    }
    return seen(me, id).compose(v -> {
      if (!CaseAccess.edits(me, v.session(), v.row().centerId())) {
        throw ApiError.forbidden();
      }
      if (in.shared() && !v.session().held()) {
        throw ApiError.conflict("not_held", "A case opens to the network after its session has been held.");
      }
      if (in.shared() && !"submitted".equals(v.row().status())) {
        throw ApiError.conflict("not_submitted", "Submit the case before opening it to the network.");
      }
      return Transactions.retrying(pool, tx -> CaseStore.share(tx, id, in.shared())).compose(x -> one(me, id));
    });
  }

  // --- Questions in advance (README, "Case studies") ---

  /** A case whose session the person sees (the pair, its facilitator, coordinators): questions are theirs. */
  private Future<Seen> seenInSession(Principal me, long caseId) {
    return seen(me, caseId).map(v -> {
      if (!CaseAccess.seesSession(me, v.session())) {
        throw ApiError.notFound("This case's questions");
      }
      return v;
    });
  }

  private Future<?> questions(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return seenInSession(me, id).compose(v -> QuestionStore.ofCase(pool, id).map(q -> new JsonObject().put("questions", q)
        .put("canAsk", CaseAccess.asks(me, v.session(), v.row().centerId()))
        .put("canAnswer", CaseAccess.edits(me, v.session(), v.row().centerId()))));
  }

  /** The partner center's staff ask the presenting center, before the session (the facilitator reads them). */
  private Future<?> ask(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    Question in = Json.body(ctx, Question.class);
    Problems p = new Problems();
    String text = p.text("text", in.text(), 2000, true);
    p.throwIfAny();
    return seenInSession(me, id).compose(v -> {
      if (!CaseAccess.asks(me, v.session(), v.row().centerId())) {
        throw ApiError.forbidden();
      }
      if (!"scheduled".equals(v.session().status()) && !"held".equals(v.session().status())) {
        throw ApiError.conflict("session_cancelled", "This session was cancelled.");
      }
      return Transactions.retrying(pool, tx -> QuestionStore.ask(tx, id, me.personId(), text));
    }).map(q -> {
      if (q == null) {
        throw ApiError.conflict("too_many_questions", "This case has " + QuestionStore.MAX_PER_CASE + " questions already.");
      }
      return Reply.created(q);
    });
  }

  private Future<?> answer(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    long questionId = Params.id(ctx, "questionId");
    Answer in = Json.body(ctx, Answer.class);
    Problems p = new Problems();
    String text = p.text("answer", in.answer(), 4000, true);
    p.throwIfAny();
    return seenInSession(me, id).compose(v -> QuestionStore.caseOf(pool, questionId).compose(caseId -> {
      if (caseId == null || caseId != id) {
        throw ApiError.notFound("This question");
      }
      if (!CaseAccess.edits(me, v.session(), v.row().centerId())) {
        throw ApiError.forbidden();
      }
      return Transactions.retrying(pool, tx -> QuestionStore.answer(tx, questionId, me.personId(), text));
    }));
  }

  // --- The programme (README, "The programme") ---

  private Future<?> programme(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return session(me, id).compose(s -> ProgrammeStore.plan(pool, s).compose(plan -> ProgrammeStore.stepsOf(pool, s)
        .compose(steps -> RoomStore.rooms(pool, id).map(rooms -> {
          JsonArray stepJson = new JsonArray();
          steps.steps().forEach(x -> stepJson.add(ProgrammeStore.json(x)));
          JsonArray roomJson = new JsonArray();
          rooms.forEach(r -> roomJson.add(new JsonObject().put("name", r.name()).put("topic", r.topic())));
          return ProgrammeStore.json(plan).put("steps", stepJson).put("rooms", roomJson).put("sessionId", id)
              .put("startsAt", s.startsAt().toString()).put("endsAt", s.endsAt().toString())
              .put("roundTitle", s.roundTitle()).put("roundId", s.roundId()).put("source", steps.source())
              // A cancelled session's programme is read only (README, "The programme"): shown, not edited.
              .put("status", s.status()).put("canEdit", edits(me, s) && !"cancelled".equals(s.status()))
              .put("text", Programme.text(plan, "ja")).put("textEn", Programme.text(plan, "en"));
        }))));
  }

  /**
   * Inside the caller's transaction, queues the update of the Zoom agenda of the sessions a programme change
   * concerns (a session's, or a round template's followers'), coalesced with one already waiting
   * (README, "The programme"). Nothing without Zoom.
   */
  private Future<Void> agendaChanged(io.vertx.sqlclient.SqlClient tx, Long sessionId, Long roundId) {
    if (!config.zoom().enabled()) {
      return Future.succeededFuture();
    }
    return ProgrammeStore.withMeetings(tx, sessionId, roundId).compose(ids -> {
      Future<Void> all = Future.succeededFuture();
      for (long id : ids) {
        all = all.compose(v -> ZoomRequests.agenda(tx, id, config.zoom().agendaDelaySeconds()));
      }
      return all;
    });
  }

  /** The session's facilitator and coordinators edit its programme. */
  private static boolean edits(Principal me, CaseStore.SessionInfo s) {
    return me.isCoordinator() || CaseAccess.facilitates(me, s);
  }

  private Future<?> putProgramme(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    List<Programme.Step> steps = Programme.validate(Json.body(ctx, Programme.Input.class));
    return session(me, id).compose(s -> {
      if (!edits(me, s)) {
        throw ApiError.forbidden();
      }
      if ("cancelled".equals(s.status())) {
        throw ApiError.conflict("session_cancelled", "This session was cancelled.");
      }
      return Transactions.retrying(pool, tx -> ProgrammeStore.put(tx, id, steps, me.personId())
          .compose(v -> agendaChanged(tx, id, null)));
    }).compose(x -> programme(ctx));
  }

  private Future<?> resetProgramme(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return session(me, id).compose(s -> {
      if (!edits(me, s)) {
        throw ApiError.forbidden();
      }
      if ("cancelled".equals(s.status())) {
        throw ApiError.conflict("session_cancelled", "This session was cancelled.");
      }
      return Transactions.retrying(pool, tx -> ProgrammeStore.reset(tx, id).compose(v -> agendaChanged(tx, id, null)));
    }).compose(x -> programme(ctx));
  }

  // --- The round's programme template (README, "The programme") ---

  private Future<?> roundProgramme(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoundStore.checkVisible(pool, me, id).compose(v -> roundProgrammeJson(me, id));
  }

  private Future<?> putRoundProgramme(RoutingContext ctx) {
    Principal me = Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    List<Programme.Step> steps = Programme.validate(Json.body(ctx, Programme.Input.class));
    return existingRound(id).compose(v -> Transactions.retrying(pool, tx -> ProgrammeStore.putRound(tx, id, steps, me.personId())
            .compose(x -> agendaChanged(tx, null, id))))
        .compose(v -> roundProgrammeJson(me, id));
  }

  private Future<?> resetRoundProgramme(RoutingContext ctx) {
    Principal me = Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return existingRound(id).compose(v -> Transactions.retrying(pool, tx -> ProgrammeStore.resetRound(tx, id)
            .compose(x -> agendaChanged(tx, null, id))))
        .compose(v -> roundProgrammeJson(me, id));
  }

  private Future<Void> existingRound(long id) {
    return RoundStore.get(pool, id).map(round -> {
      if (round == null) {
        throw ApiError.notFound("This round");
      }
      return null;
    });
  }

  /** The round's template (or the default), its minutes, and the round's sessions it concerns. */
  private Future<JsonObject> roundProgrammeJson(Principal me, long roundId) {
    return ProgrammeStore.roundTemplate(pool, roundId).compose(t -> {
      List<Programme.Step> steps = t == null ? Programme.DEFAULT : t.steps();
      int minutes = Programme.minutes(steps);
      JsonArray stepJson = new JsonArray();
      steps.forEach(x -> stepJson.add(ProgrammeStore.json(x)));
      return ProgrammeStore.roundSessions(pool, roundId, minutes).map(sessions -> new JsonObject().put("roundId", roundId)
          .put("steps", stepJson).put("edited", t != null).put("totalMinutes", minutes)
          .put("defaultCaseMinutes", Programme.DEFAULT_CASE_MINUTES).put("kinds", new JsonArray(Programme.KIND_ORDER))
          .put("updatedAt", t == null ? null : t.updatedAt().toString()).put("updatedBy", t == null ? null : t.updatedBy())
          .put("canEdit", me.isCoordinator()).put("sessions", sessions));
    });
  }

  private Future<?> template(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoundStore.checkVisible(pool, me, id)
        .compose(v -> CaseStore.template(pool, id)).map(CaseJson::template);
  }

  private Future<?> putTemplate(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    CaseTemplate t = CaseTemplate.validate(Json.body(ctx, CaseTemplate.Input.class));
    return RoundStore.get(pool, id).compose(round -> {
      if (round == null) {
        throw ApiError.notFound("This round");
      }
      return Transactions.retrying(pool, tx -> CaseStore.putTemplate(tx, id, t));
    }).map(v -> CaseJson.template(t));
  }
}
