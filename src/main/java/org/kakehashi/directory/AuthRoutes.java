package org.kakehashi.directory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.Http;
import org.kakehashi.platform.Json;
import org.kakehashi.platform.Outbox;
import org.kakehashi.platform.Passwords;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Problems;
import org.kakehashi.platform.Reply;
import org.kakehashi.platform.Sessions;

import java.util.Locale;

/**
 * Sign-in, sign-out, the signed-in person ({@code /api/me}) and invitation links. Every sign-in
 * starts a new session id; setting or changing a password ends the person's other sessions.
 */
public final class AuthRoutes {

  /** {@code remember}: "keep me signed in on this device" (README, "Security"). */
  record Login(String email, String password, Boolean remember) {
  }

  record LinkRequest(String email) {
  }

  record LinkUse(Boolean remember) {
  }

  record Accept(String password, String name, String email) {
  }

  record MeUpdate(String name, String locale) {
  }

  record PasswordChange(String currentPassword, String newPassword) {
  }

  static final String PASSWORD = "password";
  static final String CURRENT_PASSWORD = "current-password";
  static final String LINK = "link";

  private final Pool pool;
  private final Config config;
  private final Sessions sessions;
  private final Passwords passwords;
  private final PersonStore people;
  private final LoginThrottle throttle;

  public AuthRoutes(Pool pool, Config config, Sessions sessions, Passwords passwords) {
    this.pool = pool;
    this.config = config;
    this.sessions = sessions;
    this.passwords = passwords;
    this.people = new PersonStore(pool);
    this.throttle = new LoginThrottle(pool, config.security());
  }

  public void mount(Router api) {
    api.post("/auth/login").handler(Reply.json(this::login));
    api.post("/auth/logout").handler(Reply.json(this::logout));
    api.get("/me").handler(Reply.json(this::me));
    api.patch("/me").handler(Reply.json(this::updateMe));
    api.put("/me/password").handler(Reply.json(this::changePassword));
    api.post("/auth/link").handler(Reply.json(this::sendLink));
    api.post("/auth/link/:token").handler(Reply.json(this::useLink));
    api.get("/invitations/:token").handler(Reply.json(this::invitation));
    api.post("/invitations/:token/accept").handler(Reply.json(this::accept));
  }

  private Future<?> login(RoutingContext ctx) {
    Login in = Json.body(ctx, Login.class);
    if (in.email() == null || in.email().isBlank() || in.password() == null || in.password().isEmpty()
        || in.email().length() > 254 || in.password().length() > Passwords.MAX_LENGTH) {
      throw ApiError.badRequest("missing_credentials", "Enter your e-mail address and password.", null);
    }
    String email = in.email().strip().toLowerCase(Locale.ROOT);
    String ip = Http.clientAddress(ctx, config.security().trustedProxies());
    // Counted before the password is checked (README, "Security"): parallel guesses cannot all pass.
    return throttle.count(PASSWORD, email, ip)
        .compose(count -> people.credentials(email).compose(c -> {
          if (count.refused()) {
            return refuse(count, c);
          }
          return passwords.verify(in.password(), c == null ? null : c.passwordHash())
              .compose(ok -> {
                if (!ok) {
                  long delay = throttle.delayMillis(count);
                  return (delay == 0 ? Future.<Void>succeededFuture() : ctx.vertx().timer(delay).<Void>mapEmpty())
                      .compose(x -> Future.failedFuture(
                          new ApiError(401, "invalid_credentials", "The e-mail address or the password is not right.")));
                }
                return throttle.succeeded(PASSWORD, email, ip)
                    .compose(x -> sessions.discard(ctx))
                    .compose(x -> sessions.start(pool, ctx, c.id(), Boolean.TRUE.equals(in.remember())))
                    .compose(x -> people.get(c.id()));
              });
        }))
        .map(person -> new JsonObject().put("person", person));
  }

  /**
   * A 429 for a guess over the limit; the owner gets one notice per window, so a stranger's guessing
   * is known and the owner can still sign in by a link sent to their e-mail.
   */
  private <T> Future<T> refuse(LoginThrottle.Count count, PersonStore.Credentials c) {
    Future<Void> notice = count.firstRefused() && c != null
        ? Outbox.email(pool, SignInMail.notice(c.email(), c.name(), c.locale(), config.publicUrl()))
        : Future.succeededFuture();
    return notice.compose(v -> Future.failedFuture(count.error()));
  }

  /**
   * Sends a one-time sign-in link to the address, if it is a person's (README, "Security"): valid
   * {@code security.signInLinkMinutes} (15), once. Counted by the sign-in throttle like a password guess
   * (kind {@code link}: 5 per account, 50 per client address per window), so nobody's mailbox can be
   * flooded; the answer is the same whether or not the address is known.
   */
  private Future<?> sendLink(RoutingContext ctx) {
    LinkRequest in = Json.body(ctx, LinkRequest.class);
    if (in.email() == null || in.email().isBlank() || in.email().length() > 254) {
      throw ApiError.badRequest("missing_email", "Enter your e-mail address.", "email");
    }
    String email = in.email().strip().toLowerCase(Locale.ROOT);
    String ip = Http.clientAddress(ctx, config.security().trustedProxies());
    long minutes = config.security().signInLinkTtl().toMinutes();
    return throttle.count(LINK, email, ip)
        .compose(count -> count.refused() ? Future.<Void>failedFuture(count.error())
            : people.credentials(email).compose(c -> c == null ? Future.<Void>succeededFuture()
                : pool.withTransaction(tx -> SignInLinkStore.issue(tx, c.id(), config.security().signInLinkTtl())
                    .compose(token -> Outbox.email(tx, SignInMail.link(c.email(), c.name(), c.locale(),
                        config.publicUrl() + "/signin/" + token, minutes))))))
        .map(v -> new Reply(202, new JsonObject().put("sent", true).put("validMinutes", minutes)));
  }

  /**
   * Signs in with a link's token, once. Each try is counted for the client address first (an unknown
   * token is a guess like a wrong password); an unknown, used or expired link answers the same 410.
   */
  private Future<?> useLink(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (token == null || token.length() < 20 || token.length() > 100) {
      throw linkNotValid();
    }
    boolean keep = ctx.body().length() > 0 && Boolean.TRUE.equals(Json.body(ctx, LinkUse.class).remember());
    String ip = Http.clientAddress(ctx, config.security().trustedProxies());
    return throttle.countAddress(ip)
        .compose(count -> count.refused() ? Future.<Long>failedFuture(count.error())
            : pool.withTransaction(tx -> SignInLinkStore.use(tx, token)))
        .compose(personId -> personId == null ? Future.failedFuture(linkNotValid())
            : throttle.succeededAddress(ip)
                .compose(v -> sessions.discard(ctx))
                .compose(v -> sessions.start(pool, ctx, personId, keep))
                .compose(v -> people.get(personId)))
        .map(person -> new JsonObject().put("person", person));
  }

  private static ApiError linkNotValid() {
    return new ApiError(410, "sign_in_link_not_valid",
        "This sign-in link has expired or has already been used. Ask for a new one on the sign-in page.");
  }

  private Future<?> logout(RoutingContext ctx) {
    return sessions.end(ctx).map(v -> Reply.noContent());
  }

  private Future<?> me(RoutingContext ctx) {
    return people.get(Principal.require(ctx).personId());
  }

  private Future<?> updateMe(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    MeUpdate in = Json.body(ctx, MeUpdate.class);
    Problems p = new Problems();
    String name = p.name("name", in.name(), 200, false);
    if (in.locale() != null && !in.locale().equals("ja") && !in.locale().equals("en")) {
      p.add("locale", "The language must be ja or en.");
    }
    p.throwIfAny();
    return people.updateSelf(me.personId(), name, in.locale());
  }

  /**
   * Changes the password. The current password is a guess like any sign-in: counted first, by the same
   * throttle and limits (kind {@code current-password}), so a stolen session cannot test passwords freely.
   */
  private Future<?> changePassword(RoutingContext ctx) {
    Principal me = Principal.require(ctx);
    PasswordChange in = Json.body(ctx, PasswordChange.class);
    if (in.currentPassword() == null || in.currentPassword().length() > Passwords.MAX_LENGTH) {
      throw ApiError.invalid("currentPassword", "Enter your current password.");
    }
    String ip = Http.clientAddress(ctx, config.security().trustedProxies());
    String account = me.email().toLowerCase(Locale.ROOT);
    return passwords.hashIfStrong(in.newPassword(), "newPassword", me.name(), me.email())
        .compose(hash -> throttle.count(CURRENT_PASSWORD, account, ip)
            .compose(count -> count.refused() ? Future.<String>failedFuture(count.error())
                : PersonStore.passwordHash(pool, me.personId())
                    .compose(stored -> passwords.verify(in.currentPassword(), stored))
                    .compose(ok -> ok ? throttle.succeeded(CURRENT_PASSWORD, account, ip).map(hash)
                        : Future.failedFuture(ApiError.invalid("currentPassword", "The current password is not right.")))))
        .compose(hash -> pool.withTransaction(tx -> PersonStore.setPassword(tx, me.personId(), hash)
            .compose(v -> Sessions.endAll(tx, me.personId()))
            .compose(v -> sessions.start(tx, ctx, me.personId()))))
        .map(v -> Reply.noContent());
  }

  private Future<?> invitation(RoutingContext ctx) {
    return InvitationStore.status(pool, token(ctx));
  }

  private Future<?> accept(RoutingContext ctx) {
    String token = token(ctx);
    Accept in = Json.body(ctx, Accept.class);
    Problems p = new Problems();
    String name = p.name("name", in.name(), 200, false);
    String email = p.email("email", in.email(), false);
    p.throwIfAny();
    // A link that cannot be used says so before the password is judged (404 or 410, not a 422).
    return InvitationStore.status(pool, token)
        .compose(status -> "valid".equals(status.state())
            ? passwords.hashIfStrong(in.password(), "password", name, email, status.name(), status.email())
            : InvitationStore.use(pool, token).map((String) null))
        .compose(hash -> pool.withTransaction(tx -> InvitationStore.use(tx, token)
            .compose(used -> used.personId() != null
                ? Future.succeededFuture(used.personId())
                : FirstCoordinator.create(tx, email, name))
            .compose(personId -> PersonStore.setPassword(tx, personId, hash)
                .compose(v -> name == null ? Future.succeededFuture()
                    : PersonStore.setName(tx, personId, name))
                .compose(v -> Sessions.endAll(tx, personId))
                .compose(v -> sessions.start(tx, ctx, personId))
                .compose(v -> PersonStore.get(tx, personId)))))
        .map(person -> new JsonObject().put("person", person));
  }

  private static String token(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (token == null || token.length() < 20 || token.length() > 100) {
      throw new ApiError(404, "invitation_not_found", "This invitation link is not valid. Check that it was copied whole.");
    }
    return token;
  }
}
