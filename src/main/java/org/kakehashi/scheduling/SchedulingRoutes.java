package org.kakehashi.scheduling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import org.kakehashi.rounds.Round;
import org.kakehashi.rounds.RoundAccess;
import org.kakehashi.rounds.RoundStore;
import org.kakehashi.sessions.Session;
import org.kakehashi.sessions.SessionAccess;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.signup.RegistrationStore;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Candidate slots, availability answers, Zoom host licences, the session plan and sessions.
 * Coordinators propose slots, manage licences, schedule and edit sessions; staff of paired
 * centers and facilitators answer availability; sessions are visible to those who see the round.
 */
public final class SchedulingRoutes {

  record SlotInput(OffsetDateTime startsAt, Integer durationMinutes) {
  }

  record Answer(String answer) {
  }

  record HostInput(String name, String zoomUserId) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Config config;
  private final SessionAgenda agenda;

  public SchedulingRoutes(Vertx vertx, Pool pool, Config config) {
    this(vertx, pool, config, SessionAgenda.NONE);
  }

  /** With the sessions' programmes for the invitations ({@code agenda}, handed in by the app). */
  public SchedulingRoutes(Vertx vertx, Pool pool, Config config, SessionAgenda agenda) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.agenda = agenda;
  }

  public void mount(Router api) {
    api.post("/rounds/:id/slots").handler(Reply.json(this::createSlots));
    api.get("/rounds/:id/slots").handler(Reply.json(this::slots));
    api.put("/slots/:id/availability").handler(Reply.json(this::answer));
    api.delete("/slots/:id").handler(Reply.json(this::deleteSlot));
    api.get("/rounds/:id/availability").handler(Reply.json(this::grid));
    api.get("/hosts").handler(Reply.json(this::hosts));
    api.post("/hosts").handler(Reply.json(this::createHost));
    api.post("/rounds/:id/schedule").handler(Reply.json(this::schedule));
    api.get("/rounds/:id/sessions").handler(Reply.json(this::roundSessions));
    api.get("/sessions/:id").handler(Reply.json(this::session));
    api.patch("/sessions/:id").handler(Reply.json(this::patch));
    api.get("/sessions/:id/calendar.ics").handler(this::calendar);
    api.get("/sessions/:id/zoom").handler(Reply.json(this::zoomState));
    api.post("/sessions/:id/zoom/retry").handler(Reply.json(this::zoomRetry));
    api.post("/me/calendar-feed").handler(Reply.json(this::rotateFeed));
    api.get("/calendar/:file").handler(this::feed);
  }

  private Future<?> createSlots(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    List<SlotInput> inputs = slotInputs(ctx);
    List<OffsetDateTime> starts = new ArrayList<>();
    List<Integer> minutes = new ArrayList<>();
    Problems p = new Problems();
    for (int i = 0; i < inputs.size(); i++) {
      SlotInput s = inputs.get(i);
      if (s == null || s.startsAt() == null) {
        p.add("[" + i + "].startsAt", "required", "Required: a time with its offset, such as 2027-01-20T19:00:00+09:00.");
        continue;
      }
      int d = s.durationMinutes() == null ? 90 : s.durationMinutes();
      if (d < 15 || d > 480) {
        p.add("[" + i + "].durationMinutes", "out_of_range", "Between 15 and 480 minutes.");
      }
      boolean repeated = false;
      for (int j = 0; j < starts.size(); j++) {
        repeated |= starts.get(j).isEqual(s.startsAt()) && minutes.get(j) == d;
      }
      if (repeated) {
        p.add("[" + i + "].startsAt", "duplicate", "The same slot is proposed twice.");
        continue;
      }
      starts.add(s.startsAt());
      minutes.add(d);
    }
    if (inputs.isEmpty() || inputs.size() > 100) {
      p.add("slots", "too_many", "Between 1 and 100 slots at a time.");
    }
    p.throwIfAny();
    return pool.withTransaction(tx -> RoundStore.lock(tx, id)
            .compose(round -> "closed".equals(round.status())
                ? Future.failedFuture(ApiError.conflict("round_closed", "This round is closed."))
                : SchedulingStore.createSlots(tx, id, starts, minutes)))
        .map(slots -> Reply.created(new JsonObject().put("slots", slots)));
  }

  /** Deletes a candidate slot and its answers (README, "Candidate slots"); 409 once the round is closed. */
  private Future<?> deleteSlot(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return pool.withTransaction(tx -> SchedulingStore.roundOfSlot(tx, id)
            .compose(roundId -> RoundStore.lock(tx, roundId)
                .compose(round -> "closed".equals(round.status())
                    ? Future.failedFuture(ApiError.conflict("round_closed", "This round is closed."))
                    : SchedulingStore.deleteSlot(tx, roundId, id))))
        .map(answers -> new JsonObject().put("deleted", id).put("answersRemoved", answers));
  }

  private static List<SlotInput> slotInputs(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    String text = new String(body, StandardCharsets.UTF_8).stripLeading();
    if (text.startsWith("[")) {
      return List.of(Json.read(body, SlotInput[].class));
    }
    return List.of(Json.body(ctx, SlotInput.class));
  }

  private Future<?> slots(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoundStore.checkVisible(pool, me, id)
        .compose(status -> SchedulingStore.slots(pool, id, me.personId()))
        .map(slots -> new JsonObject().put("slots", slots));
  }

  private Future<?> answer(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long slotId = Params.id(ctx, "id");
    Answer in = Json.body(ctx, Answer.class);
    if (in.answer() == null || !AvailabilityWeight.ANSWERS.contains(in.answer())) {
      throw ApiError.invalid("answer", "One of yes, maybe, no.");
    }
    return SchedulingStore.roundOfSlot(pool, slotId)
        .compose(roundId -> RoundStore.access(pool, roundId, me.centerId()).compose(round -> "closed".equals(round.status())
            ? Future.failedFuture(ApiError.conflict("round_closed", "This round is closed."))
            : me.is(Role.FACILITATOR) || me.isCoordinator() ? Future.succeededFuture(true)
            : round.member() ? SchedulingStore.inPairedCenter(pool, roundId, me.centerId()) : Future.succeededFuture(false)))
        .compose(allowed -> allowed ? SchedulingStore.answer(pool, slotId, me.personId(), in.answer())
            : Future.failedFuture(ApiError.forbidden()))
        .map(v -> new JsonObject().put("slotId", slotId).put("answer", in.answer()));
  }

  /**
   * Who can come when, per pair: every center with its people's answers, each slot also in the
   * center's own local time (a center abroad sees its own clock, summer time included).
   */
  private Future<?> grid(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return RoundStore.get(pool, id)
        .compose(round -> SchedulingStore.slots(pool, id, 0))
        .compose(slots -> SchedulingStore.grid(pool, id).map(cells -> AvailabilityGrid.build(slots, cells)));
  }

  private Future<?> hosts(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return SchedulingStore.hosts(pool).map(hosts -> new JsonObject().put("hosts", hosts));
  }

  private Future<?> createHost(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    HostInput in = Json.body(ctx, HostInput.class);
    Problems p = new Problems();
    String name = p.line("name", in.name(), 200, true);
    String zoom = p.line("zoomUserId", in.zoomUserId(), 200, false);
    p.throwIfAny();
    return SchedulingStore.createHost(pool, name, zoom).map(Reply::created);
  }

  private Future<?> schedule(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return RoundStore.get(pool, id)
        .compose(round -> {
          if (!round.pairsPublished()) {
            return Future.failedFuture(ApiError.conflict("pairs_not_published", "Publish the pairs before scheduling sessions."));
          }
          return SchedulingStore.hosts(pool);
        })
        .compose(hosts -> {
          if (hosts.isEmpty()) {
            return Future.failedFuture(new ApiError(422, "no_hosts", "Add at least one Zoom host licence first."));
          }
          List<Long> hostIds = hosts.stream().map(SchedulingStore.Host::id).toList();
          return SchedulingStore.plannerInput(pool, id, hostIds)
              .compose(input -> vertx.executeBlocking(() -> SlotPlanner.plan(input), false)
                  .compose(plan -> pool.withTransaction(tx -> RoundStore.lock(tx, id)
                          .compose(round -> SchedulingStore.saveSessions(tx, id, input, plan, hostIds)
                              .compose(changes -> announce(tx, round, changes)))
                          .compose(v -> SessionStore.ofRound(tx, id)))
                      .map(sessions -> new JsonObject()
                          .put("sessions", sessions)
                          .put("unplaced", plan.unplaced())
                          .put("participants", plan.halves() / 2.0)
                          .put("bound", plan.bound() / 2.0)
                          .put("gapPercent", plan.gapPercent()))));
        });
  }

  /**
   * In the same transaction: a Zoom meeting for every new or moved session (when Zoom is set up),
   * and an e-mail with the .ics to the staff of its centers; cancellations get METHOD:CANCEL.
   */
  private Future<Void> announce(io.vertx.sqlclient.SqlClient tx, Round round, SessionStore.Changes changes) {
    List<Long> notify = new ArrayList<>(changes.changed());
    notify.addAll(changes.cancelled());
    Future<Void> zoom = Future.succeededFuture();
    if (config.zoom().enabled()) {
      for (long id : notify) {
        zoom = zoom.compose(v -> ZoomMeetings.request(tx, id));
      }
    }
    if (notify.isEmpty()) {
      return zoom;
    }
    java.util.Map<Long, String[]> programmes = new java.util.concurrent.ConcurrentHashMap<>();
    // Each session's programme, for the invitations (one at a time: one transaction, one connection).
    Future<Void> read = zoom;
    for (long id : changes.changed()) {
      read = read.compose(v -> agenda.both(tx, id).map(both -> {
        programmes.put(id, both);
        return null;
      }));
    }
    return read.compose(v -> SessionStore.ofRound(tx, round.id()))
        .compose(sessions -> SchedulingStore.titles(tx, notify).compose(titles -> SchedulingStore.participants(tx, notify)
            // Writing thousands of calendar files is CPU work: off the event loop.
            .compose(people -> vertx.executeBlocking(() -> Announcements.of(titles, sessions, people, calendarIdentity(),
                config.publicUrl(), config.reminders(), OffsetDateTime.now(), programmes), false))))
        .compose(a -> org.kakehashi.platform.Outbox.emails(tx, a.mails())
            // Reminders of a moved or cancelled session are taken back and, if it still happens, queued anew.
            .compose(v -> org.kakehashi.platform.Outbox.withdraw(tx, notify.stream().map(Announcements::ref).toList()))
            .compose(v -> org.kakehashi.platform.Outbox.emailsAt(tx, a.reminders())));
  }

  private Future<?> roundSessions(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long id = Params.id(ctx, "id");
    return RoundStore.checkVisible(pool, me, id)
        .compose(status -> SessionStore.ofRound(pool, id))
        .compose(sessions -> SchedulingStore.confirmedIn(pool, me.personId(), sessions.stream().map(Session::id).toList())
            .map(confirmed -> new JsonObject().put("sessions", sessions.stream()
                .map(s -> forViewer(me, s, confirmed.contains(s.id()))).toList())));
  }

  private Future<?> session(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return visibleSession(me, Params.id(ctx, "id"))
        .compose(s -> SchedulingStore.confirmedIn(pool, me.personId(), List.of(s.id()))
            .map(confirmed -> forViewer(me, s, confirmed.contains(s.id()))));
  }

  /** The session if the viewer may see it ({@link SessionAccess#canSee}); else 404, as for an id that does not exist. */
  private Future<Session> visibleSession(Principal me, long id) {
    return SessionStore.get(pool, id)
        .compose(s -> RoundStore.access(pool, s.roundId(), me.centerId()).map(round -> {
          if (!SessionAccess.canSee(me, RoundAccess.canSee(me, round.member()), s.openToAll())) {
            throw ApiError.notFound("Session");
          }
          return s;
        }));
  }

  /** The join link only for the coordinator, the session's facilitator and confirmed participants. */
  private static Session forViewer(Principal me, Session s, boolean confirmed) {
    return SessionAccess.seesJoinUrl(me, s, confirmed) ? s : s.withoutJoinUrl();
  }

  private Future<?> patch(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    SessionStore.Change in = Json.body(ctx, SessionStore.Change.class);
    boolean quotaGiven = ctx.body().asJsonObject().containsKey("centerQuota");
    Problems p = new Problems();
    if (in.centerQuota() != null && (in.centerQuota() < 0 || in.centerQuota() > 1000)) {
      p.add("centerQuota", "out_of_range", "Between 1 and 1000, or empty for no limit.");
    }
    if (in.capacity() != null && (in.capacity() < 0 || in.capacity() > 1000)) {
      p.add("capacity", "out_of_range", "Between 0 and 1000.");
    }
    if (in.startsAt() != null && in.endsAt() != null && !in.endsAt().isAfter(in.startsAt())) {
      p.add("endsAt", "The session must end after it starts.");
    }
    if (in.joinUrl() != null && !in.joinUrl().isBlank() && !in.joinUrl().matches("^https://[^\\s]{3,1990}$")) {
      p.add("joinUrl", "invalid_url", "Paste the meeting's https:// join link.");
    }
    p.throwIfAny();
    boolean moved = in.startsAt() != null || in.endsAt() != null;
    boolean moreSeats = in.capacity() != null || quotaGiven;
    // Retried whole on a deadlock: two licences given at once to overlapping sessions can deadlock in the
    // exclusion constraint's check; the retry then sees the other's commit and answers 409 busy (README, PATCH /api/sessions/{id}).
    return Transactions.retrying(pool, tx -> SessionStore.update(tx, id, in, quotaGiven)
        // More seats (or a looser quota) go to the waitlist at once, in order, each sent the invitation.
        .compose(session -> !moreSeats ? Future.succeededFuture(session)
            : RegistrationStore.promoteWaiting(tx, id).compose(promoted -> SessionStore.get(tx, id)))
        // A new host licence moves the Zoom meeting to it (a move below queues the same request).
        .compose(session -> moved || in.hostId() == null || !config.zoom().enabled() ? Future.succeededFuture(session)
            : ZoomMeetings.request(tx, id).map(session))
        // A session moved by hand is announced like a planned one: new .ics, reminders queued anew.
        .compose(session -> !moved ? Future.succeededFuture(session)
            : RoundStore.get(tx, session.roundId())
                .compose(round -> announce(tx, round, new SessionStore.Changes(List.of(id), List.of(id), List.of())))
                .map(session)));
  }

  private void calendar(RoutingContext ctx) {
    Principal me;
    long id;
    try {
      me = Principal.require(ctx);
      id = Params.id(ctx, "id");
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    visibleSession(me, id)
        .compose(s -> SchedulingStore.confirmedIn(pool, me.personId(), List.of(s.id()))
            .compose(confirmed -> SchedulingStore.sequenceFor(pool, s.id(), me.personId())
                .compose(sequence -> SchedulingStore.titles(pool, List.of(s.id()))
                    .compose(titles -> agenda.text(pool, s.id(), me.locale()).otherwise((String) null)
                        .map(programme -> ics(forViewer(me, s, confirmed.contains(s.id())), titles.get(s.id()), sequence,
                            programme))))))
        .onSuccess(text -> ctx.response()
            .putHeader("Content-Type", "text/calendar; method=PUBLISH; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"kakehashi-session-" + id + ".ics\"")
            .end(text))
        .onFailure(ctx::fail);
  }

  /**
   * The Zoom meeting's state for the coordinator: {@code {configured, meetingId, state, at, error?,
   * zoom?:{status, code, message}}} — the latest request's state (pending, sent, failed) and, when
   * Zoom refused it, Zoom's own code and message.
   */
  private Future<?> zoomState(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    return SessionStore.get(pool, id)
        .compose(s -> SchedulingStore.zoomMeetingId(pool, id)
            .compose(meetingId -> org.kakehashi.platform.Outbox.latest(pool, org.kakehashi.zoom.ZoomRequests.meetingRef(id))
                .map(latest -> {
                  JsonObject out = new JsonObject().put("sessionId", id).put("configured", config.zoom().enabled())
                      .put("meetingId", meetingId);
                  if (latest != null) {
                    out.mergeIn(latest);
                    JsonObject refused = org.kakehashi.zoom.ZoomRefused.parse(latest.getString("error"));
                    if (refused != null) {
                      out.put("zoom", refused);
                    }
                  }
                  return out;
                })));
  }

  /** The coordinator asks again (after fixing what Zoom refused): a new request, searching before creating. 202. */
  private Future<?> zoomRetry(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    long id = Params.id(ctx, "id");
    if (!config.zoom().enabled()) {
      throw ApiError.conflict("zoom_not_configured", "Zoom is not configured (KAKEHASHI_ZOOM_*).");
    }
    return pool.withTransaction(tx -> SessionStore.get(tx, id)
            .compose(s -> org.kakehashi.platform.Outbox.withdraw(tx, List.of(org.kakehashi.zoom.ZoomRequests.meetingRef(id))))
            .compose(v -> org.kakehashi.zoom.ZoomRequests.meeting(tx, id, true)))
        .map(v -> new Reply(202, new JsonObject().put("sessionId", id).put("state", "pending")));
  }

  /** A private, subscribable calendar URL for the signed-in person (a new one revokes the old). */
  private Future<?> rotateFeed(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return SchedulingStore.rotateFeed(pool, me.personId())
        .map(token -> Reply.created(new JsonObject().put("url", config.publicUrl() + "/api/calendar/" + token + ".ics")));
  }

  /** The feed itself: no sign-in (calendar programs cannot), the secret token in the address is the key. */
  private void feed(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    if (file == null || !file.endsWith(".ics") || file.length() < 24 || file.length() > 100) {
      ctx.fail(ApiError.notFound("This calendar feed"));
      return;
    }
    String token = file.substring(0, file.length() - 4);
    SchedulingStore.feedOwner(pool, token)
        .compose(owner -> SchedulingStore.feed(pool, owner.personId(), config.publicUrl())
            .compose(entries -> withProgrammes(entries, owner.locale())))
        .onSuccess(entries -> ctx.response()
            .putHeader("Content-Type", "text/calendar; method=PUBLISH; charset=utf-8")
            .putHeader("Cache-Control", "private, max-age=300")
            .end(SessionCalendar.publish(calendarIdentity(), entries)))
        .onFailure(ctx::fail);
  }

  /**
   * The feed's events with each session's programme (進行表) in the owner's language, read as the feed is
   * fetched, so a calendar that refreshes the feed shows today's programme (invitations are not re-sent on
   * programme edits; README, "The programme").
   */
  private Future<List<SessionCalendar.Entry>> withProgrammes(List<SessionCalendar.Entry> entries, String locale) {
    List<Future<SessionCalendar.Entry>> each = new ArrayList<>();
    for (SessionCalendar.Entry e : entries) {
      each.add(agenda.text(pool, e.session().id(), locale).map(programme -> new SessionCalendar.Entry(
          e.session(), e.summary(), programme, e.pageUrl(), e.joinUrl(), e.sequence())));
    }
    return Future.all(each).map(all -> each.stream().map(Future::result).toList());
  }

  /** A download of one session for the viewer: PUBLISH, the join link only if they may see it, the programme in their language. */
  private String ics(Session shown, String title, int sequence, String programme) {
    String page = config.publicUrl() + "/#/sessions/" + shown.id();
    return SessionCalendar.publish(calendarIdentity(),
        List.of(new SessionCalendar.Entry(shown, title, programme, page, shown.joinUrl(), sequence)));
  }

  private SessionCalendar.Identity calendarIdentity() {
    return SessionCalendar.Identity.of(config.publicUrl(), config.mail().from());
  }
}
