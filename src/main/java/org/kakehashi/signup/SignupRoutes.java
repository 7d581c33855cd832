package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.kakehashi.directory.LoginThrottle;
import org.kakehashi.rounds.RoundAccess;
import org.kakehashi.sessions.SessionStore;
import org.kakehashi.sessions.SessionAccess;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Email;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Params;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Role;
import org.kakehashi.platform.Transactions;
import org.kakehashi.zoom.ZoomRequests;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Sign-up for a session: a seat or a place on the waitlist, never a seat given twice; cancelling
 * hands the seat to the first on the waitlist. Whoever gets a seat is sent the calendar invitation
 * (REQUEST), whoever loses one the CANCEL ({@link SeatInvitations}). Staff of the session's centers sign
 * themselves up (or anyone when the session is open to all); coordinators add or remove anyone.
 */
public final class SignupRoutes {

  record SignUp(List<String> topics, Long personId, String zoomEmail) {
  }

  record ZoomEmail(String email) {
  }


  /** The throttle's kind for naming a Zoom e-mail: each is a check of whether another participant uses it. */
  static final String ZOOM_EMAIL = "zoom-email";

  private final Pool pool;
  private final Config config;
  private final SignupBatcher batcher;
  private final LoginThrottle throttle;

  public SignupRoutes(Pool pool, Config config) {
    this.pool = pool;
    this.config = config;
    this.batcher = new SignupBatcher(pool);
    this.throttle = new LoginThrottle(pool, config.security());
  }

  /**
   * Counts a Zoom e-mail named by the signed-in person before it is checked against the session's other
   * participants: the answer (409 zoom_email_taken or not) says whether an address is theirs, so at most
   * {@code security.loginMaxFailures} (5) addresses per person per window are checked, the rest 429
   * (README, "Security": nobody finds others' e-mail addresses by trying them).
   */
  private Future<Void> countZoomEmail(Principal me, String email) {
    // One's own account address tells nothing of anyone else's (the sign-up form sends it by default).
    if (email == null || email.equalsIgnoreCase(me.email())) {
      return Future.succeededFuture();
    }
    return throttle.countPerson(ZOOM_EMAIL, me.personId())
        .compose(count -> count.refused() ? Future.failedFuture(count.error()) : Future.<Void>succeededFuture());
  }

  public void mount(Router api) {
    api.post("/sessions/:id/registrations").handler(Reply.json(this::signUp));
    api.get("/sessions/:id/registrations/me").handler(Reply.json(this::mine));
    api.delete("/sessions/:id/registrations/me").handler(Reply.json(this::cancelMine));
    api.put("/sessions/:id/registrations/me/zoom-email").handler(Reply.json(this::zoomEmail));
    api.delete("/sessions/:id/registrations/:personId").handler(Reply.json(this::remove));
  }

  private Future<?> signUp(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long sessionId = Params.id(ctx, "id");
    SignUp in = Json.body(ctx, SignUp.class);
    if (in.personId() != null && !me.isCoordinator()) {
      throw ApiError.forbidden();
    }
    long personId = in.personId() == null ? me.personId() : in.personId();
    List<String> topics = in.topics() == null ? List.of() : in.topics();
    String zoomEmail = zoomEmail(in.zoomEmail());
    if (topics.size() > 3 || topics.size() != topics.stream().distinct().count()) {
      throw ApiError.invalid("topics", "Rank one to three topics of the round, each once.");
    }
    // The usual case in one round trip; anything unusual (closed, not eligible, unknown topics, a
    // per-center quota, already signed up) goes the slow way, which says exactly why.
    // A confirmed seat queues the person's calendar invitation (REQUEST) in the same statement.
    SeatInvitations.Reason reason = RegistrationStore.reason(personId != me.personId());
    if (zoomEmail != null) {
      // Checked in the sign-up's transaction, under the session's lock (RegistrationStore.register).
      return countZoomEmail(me, zoomEmail).compose(v -> signUpSlowly(me, sessionId, personId, topics, zoomEmail, reason));
    }
    // Sign-ups arriving together share one transaction (SignupBatcher); each is answered as if alone.
    return batcher.register(new RegistrationStore.Request(sessionId, personId, topics, me.centerId(), me.isCoordinator(), reason))
        .<Object>map(r -> r == null ? null : Reply.created(r))
        .recover(err -> RegistrationStore.isDuplicate(err) ? Future.succeededFuture(null) : Future.failedFuture(err))
        .compose(done -> done != null ? Future.succeededFuture(done) : signUpSlowly(me, sessionId, personId, topics, zoomEmail, reason));
  }

  private Future<Object> signUpSlowly(Principal me, long sessionId, long personId, List<String> topics, String zoomEmail,
                                      SeatInvitations.Reason reason) {
    return RegistrationStore.context(pool, sessionId, personId, me.centerId())
        .compose(c -> {
          if (!me.isCoordinator() && !SessionAccess.canSee(me, RoundAccess.canSee(me, c.facts().signerCenterInRound()),
              c.facts().openToAll())) {
            throw ApiError.notFound("Session");
          }
          SignupRules.checkTopics(c.facts().topicKeys(), topics);
          if (c.existing() != null) {
            return Future.<Object>succeededFuture(c.existing());
          }
          SignupRules.check(me, c.facts(), topics, OffsetDateTime.now());
          return RegistrationStore.register(pool, sessionId, personId, topics, zoomEmail, c.centerQuota() != null, reason)
              .<Object>map(Reply::created)
              // Two clicks racing past the check above meet the unique key: the second gets the first's place.
              .recover(err -> RegistrationStore.isDuplicate(err)
                  ? RegistrationStore.find(pool, sessionId, personId).map(r -> (Object) r)
                  : Future.failedFuture(err instanceof RegistrationStore.ZoomEmailTaken ? zoomEmailTaken("zoomEmail") : err));
        });
  }

  /** A Zoom e-mail as given (trimmed), null when blank; 422 when it is not an e-mail address. */
  private static String zoomEmail(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String email = raw.strip();
    if (!org.kakehashi.platform.Problems.isEmailAddress(email)) {
      throw ApiError.invalid("zoomEmail", "Give the e-mail address you sign in to Zoom with.");
    }
    return email;
  }

  /** Confirms (or changes) the e-mail the signed-in person uses for Zoom; blank confirms the account's. */
  private Future<?> zoomEmail(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long sessionId = Params.id(ctx, "id");
    String email;
    try {
      email = zoomEmail(Json.body(ctx, ZoomEmail.class).email());
    } catch (ApiError e) {
      throw "zoomEmail".equals(e.field()) ? ApiError.invalid("email", e.getMessage()) : e;
    }
    // Someone without a registration learns nothing of the session's participants: 404 before any check.
    return countZoomEmail(me, email).compose(counted -> pool.withTransaction(tx -> SessionStore.lock(tx, sessionId)
            .compose(v -> RegistrationStore.find(tx, sessionId, me.personId()))
            .compose(mine -> {
              if (mine == null) {
                throw ApiError.notFound("Your registration");
              }
              return RegistrationStore.zoomEmailTaken(tx, sessionId, me.personId(), email);
            })
            .compose(taken -> {
              if (taken) {
                throw zoomEmailTaken("email");
              }
              return RegistrationStore.confirmZoomEmail(tx, sessionId, me.personId(), email);
            })
            .compose(found -> {
              if (!found) {
                throw ApiError.notFound("Your registration");
              }
              return zoomRooms(tx, sessionId, me.personId());
            })))
        .compose(v -> RegistrationStore.find(pool, sessionId, me.personId()));
  }

  private static ApiError zoomEmailTaken(String field) {
    return new ApiError(409, "zoom_email_taken", "Another participant of this session already uses this Zoom e-mail;"
        + " Zoom can pre-assign it to one breakout room only.", field, null);
  }

  /** Zoom's pre-assigned rooms follow a participant's change (when Zoom is configured and they have a room). */
  private Future<Void> zoomRooms(SqlClient tx, long sessionId, long personId) {
    return config.zoom().enabled() ? ZoomRequests.breakoutRoomsIfPlaced(tx, sessionId, personId) : Future.succeededFuture();
  }

  private Future<?> mine(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    long sessionId = Params.id(ctx, "id");
    return RegistrationStore.find(pool, sessionId, me.personId())
        .map(r -> {
          if (r == null) {
            throw ApiError.notFound("Your registration");
          }
          return r;
        });
  }

  private Future<?> cancelMine(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    return cancel(Params.id(ctx, "id"), me.personId(), SeatInvitations.Reason.CANCELLED);
  }

  private Future<?> remove(RoutingContext ctx) {
    Principal.require(ctx, Role.COORDINATOR);
    return cancel(Params.id(ctx, "id"), Params.id(ctx, "personId"), SeatInvitations.Reason.REMOVED);
  }

  /** The registration goes; a seat given up sends its holder the CANCEL and the one moving up the REQUEST. */
  private Future<?> cancel(long sessionId, long personId, SeatInvitations.Reason reason) {
    return RegistrationStore.exists(pool, sessionId, personId)
        .compose(found -> {
          if (!found) {
            return Future.failedFuture(ApiError.notFound("The registration"));
          }
          return Transactions.retrying(pool, tx -> RegistrationStore.cancel(tx, sessionId, personId, reason)
              .compose(v -> zoomRooms(tx, sessionId, personId)));
        })
        .map(v -> Reply.noContent());
  }

}
