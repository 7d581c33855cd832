package org.kakehashi.platform;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CSRF tokens bound to the web session (README, "Security"). The double-submit pair the README describes stays
 * (cookie {@code XSRF-TOKEN}, echoed in the header {@code X-XSRF-TOKEN}, never a form field), and the token
 * is an HMAC, under the server's shared key, of a nonce, its time and the session it was issued to: the
 * session's id hash and the roles held, or "no session" before sign-in. A planted cookie with a matching
 * header from the attacker's own session (or from none) does not fit the victim's session and is a 403.
 * An API answer carries a new token whenever the browser's cookie does not hold a valid one for the session as
 * it stands when the answer leaves (missing, altered, issued to another session, or past half its lifetime), so
 * sign-in, sign-out and a change of roles re-issue it and a token of the session before is refused; a browser
 * whose token still fits is not sent another (no signature and no {@code Set-Cookie} per answer).
 *
 * <p>Stateless like the session check itself: nothing is stored, every instance holding the key accepts
 * the tokens of the others.
 */
public final class Csrf {

  public static final String COOKIE = "XSRF-TOKEN";
  public static final String HEADER = "X-XSRF-TOKEN";
  private static final String BINDING = "kakehashi.csrf.binding";
  /** The binding the request's token was found valid for by {@link #bound()} (spares checking it twice). */
  private static final String CHECKED = "kakehashi.csrf.checked";
  private static final String NO_SESSION = "-";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;
  /** One keyed HMAC per thread (a Mac is not thread-safe): looking the algorithm up and keying it per request cost more than signing. */
  private final ThreadLocal<Mac> macs;
  private final Duration ttl;
  private final boolean secureCookie;

  public Csrf(String secret, Duration ttl, boolean secureCookie) {
    // A key of its own, derived from the shared secret: the tokens of Vert.x's CSRFHandler (used before)
    // signed with the bare secret are not valid here.
    this.key = hmac(secret.getBytes(StandardCharsets.UTF_8), "kakehashi csrf session-bound v1");
    this.macs = ThreadLocal.withInitial(() -> mac(key));
    this.ttl = ttl;
    this.secureCookie = secureCookie;
  }

  /**
   * Before the session is loaded: every API answer will leave the browser with a valid token for the session
   * it leaves with, setting one when the cookie sent does not fit (registered here, so that an answer the
   * session lookup fails, a 503 while the database is away, has one too); a request that changes something
   * must carry the header, equal to the cookie (so junk is refused without a database round trip).
   */
  public Handler<RoutingContext> echoed() {
    return ctx -> {
      if (ctx.request().path().startsWith("/api/")) {
        ctx.addHeadersEndHandler(v -> {
          String binding = bindingOf(ctx);
          if (!fits(ctx, binding)) {
            ctx.response().addCookie(cookie(ctx, issue(binding)));
          }
        });
      }
      if (unsafe(ctx.request().method()) && echo(ctx) == null) {
        ctx.fail(refused());
        return;
      }
      ctx.next();
    };
  }

  /** After the session is loaded: the token must be ours, fresh and issued to this session. */
  public Handler<RoutingContext> bound() {
    return ctx -> {
      if (unsafe(ctx.request().method())) {
        String token = echo(ctx);
        String binding = bindingOf(ctx);
        if (token == null || !valid(token, binding)) {
          ctx.fail(refused());
          return;
        }
        ctx.put(CHECKED, binding);
      }
      ctx.next();
    };
  }

  /**
   * The request's session changed (a sign-in started one, a sign-out ended it): the answer's token is
   * for that session. {@code sessionHash} null means no session.
   */
  public static void rebind(RoutingContext ctx, String sessionHash, Set<Role> roles) {
    ctx.put(BINDING, binding(sessionHash, roles));
  }

  /** The token the header must carry, or null when it is missing or differs from the cookie. */
  private static String echo(RoutingContext ctx) {
    String header = ctx.request().getHeader(HEADER);
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (header == null || header.isBlank() || header.length() > 200 || cookie == null) {
      return null;
    }
    return MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), cookie.getValue().getBytes(StandardCharsets.UTF_8))
        ? header : null;
  }

  private static String bindingOf(RoutingContext ctx) {
    String rebound = ctx.get(BINDING);
    if (rebound != null) {
      return rebound;
    }
    Principal p = Principal.of(ctx);
    return p == null ? NO_SESSION : binding(p.sessionHash(), p.roles());
  }

  static String binding(String sessionHash, Set<Role> roles) {
    if (sessionHash == null) {
      return NO_SESSION;
    }
    return "s:" + sessionHash + ":" + roles.stream().map(Role::key).sorted().collect(Collectors.joining(","));
  }

  /**
   * True when the request's cookie holds a token valid for {@code binding} and younger than half its lifetime
   * (older ones are replaced while they still work, so an open page never sends an expired one).
   */
  private boolean fits(RoutingContext ctx, String binding) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null) {
      return false;
    }
    String token = cookie.getValue();
    long issued = issuedAt(token);
    if (issued < 0 || System.currentTimeMillis() - issued > ttl.toMillis() / 2) {
      return false;
    }
    // The header equals the cookie on a request bound() let through: its signature was checked for this binding.
    return binding.equals(ctx.get(CHECKED)) || valid(token, binding);
  }

  /** The issue time written in a token, or -1 when it has none. */
  private static long issuedAt(String token) {
    int last = token.lastIndexOf('.');
    int first = token.indexOf('.');
    if (first <= 0 || last <= first) {
      return -1;
    }
    try {
      return Long.parseLong(token.substring(first + 1, last));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A new token for the binding: {@code nonce.millis.mac}. */
  String issue(String binding) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String head = B64.encodeToString(nonce) + "." + System.currentTimeMillis();
    return head + "." + B64.encodeToString(sign(head + "|" + binding));
  }

  /** True when the token is ours, for this binding, issued within the lifetime (and not in the future). */
  boolean valid(String token, String binding) {
    long issued = issuedAt(token);
    if (issued < 0) {
      return false;
    }
    long now = System.currentTimeMillis();
    if (issued > now + 60_000 || now - issued > ttl.toMillis()) {
      return false;
    }
    int last = token.lastIndexOf('.');
    String head = token.substring(0, last);
    byte[] expected = B64.encodeToString(sign(head + "|" + binding)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, token.substring(last + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private Cookie cookie(RoutingContext ctx, String token) {
    // Readable by the page's script (it echoes it), so not HttpOnly; Strict: it is never needed cross-site.
    return Cookie.cookie(COOKIE, token).setPath("/").setSameSite(CookieSameSite.STRICT)
        .setSecure(secureCookie || ctx.request().isSSL());
  }

  private static ApiError refused() {
    return new ApiError(403, "csrf_token", "The security token of this page is missing or expired. Reload the page and try again.");
  }

  private static boolean unsafe(HttpMethod m) {
    return m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS && m != HttpMethod.TRACE;
  }

  /** HMAC-SHA256 of {@code text} under this instance's key. */
  private byte[] sign(String text) {
    return macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, String text) {
    return mac(key).doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
