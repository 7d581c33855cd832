package org.kakehashi.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Web sessions, kept in PostgreSQL (table {@code web_session}) so that any instance behind a load
 * balancer finds them and sign-out ends them everywhere. The cookie holds a random token; the
 * table holds only its SHA-256. A new token is issued at every sign-in (no fixation).
 */
public final class Sessions {

  public static final String COOKIE = "kakehashi_session";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final Config config;

  public Sessions(Pool pool, Config config) {
    this.pool = pool;
    this.config = config;
  }

  /** Loads the principal of the request's session cookie, if any; never refuses the request itself. */
  public Handler<RoutingContext> loader() {
    return ctx -> {
      Cookie cookie = ctx.request().getCookie(COOKIE);
      if (cookie == null || cookie.getValue().isEmpty() || cookie.getValue().length() > 100) {
        ctx.next();
        return;
      }
      String hash = hash(cookie.getValue());
      load(hash).onComplete(ar -> {
        if (ar.failed()) {
          ctx.fail(ar.cause());
          return;
        }
        if (ar.result() != null) {
          Principal.attach(ctx, ar.result());
        }
        ctx.next();
      });
    };
  }

  private Future<Principal> load(String hash) {
    return pool.preparedQuery("""
        SELECT p.id, p.name, p.email::text AS email, p.locale, p.roles, p.center_id,
               s.last_seen_at < now() - interval '1 minute' AS stale
          FROM web_session s JOIN person p ON p.id = s.person_id
         WHERE s.id_hash = $1 AND s.expires_at > now()
        """)
        .execute(Tuple.of(hash))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          if (r.getBoolean("stale")) {
            touch(hash);
          }
          return new Principal(r.getLong("id"), r.getString("name"), r.getString("email"), r.getString("locale"),
              roles(r.getArrayOfStrings("roles")), r.getLong("center_id"), hash);
        });
  }

  /**
   * Slides the idle timeout, at most once a minute per session, without holding up the request. A kept
   * session ("keep me signed in") has a fixed end and is only marked seen.
   */
  private void touch(String hash) {
    pool.preparedQuery("""
        UPDATE web_session
           SET last_seen_at = now(),
               expires_at = CASE WHEN keep THEN expires_at
                 ELSE LEAST(created_at + $3::bigint * interval '1 second', now() + $2::bigint * interval '1 second') END
         WHERE id_hash = $1
        """)
        .execute(Tuple.of(hash, config.security().sessionIdle().toSeconds(), config.security().sessionMax().toSeconds()));
  }

  /** Starts a new session for the person (ending after 30 min idle / 12 h) and sets its cookie on the response. */
  public Future<Void> start(SqlClient client, RoutingContext ctx, long personId) {
    return start(client, ctx, personId, false);
  }

  /**
   * Starts a new session. {@code keep} ("keep me signed in on this device", chosen by the person): it lasts
   * {@code security.keepSignedInDays} and its cookie outlives the browser; otherwise it ends after
   * {@code sessionIdle} without use or {@code sessionMax} in all, and its cookie ends with the browser,
   * so on a shared PC closing the browser signs one out (README, "Security").
   */
  public Future<Void> start(SqlClient client, RoutingContext ctx, long personId, boolean keep) {
    String token = token();
    long seconds = keep ? config.security().keepSignedIn().toSeconds() : config.security().sessionIdle().toSeconds();
    return client.preparedQuery("""
        INSERT INTO web_session (id_hash, person_id, expires_at, keep)
        VALUES ($1, $2, now() + $3::bigint * interval '1 second', $4)
        RETURNING (SELECT roles FROM person WHERE id = $2) AS roles
        """)
        .execute(Tuple.of(hash(token), personId, seconds, keep))
        .map(rows -> {
          // The answer's CSRF token is for the new session (README, "Security").
          Csrf.rebind(ctx, hash(token), roles(rows.iterator().next().getArrayOfStrings("roles")));
          Cookie cookie = cookie(ctx, token);
          if (keep) {
            cookie.setMaxAge(seconds);
          }
          ctx.response().addCookie(cookie);
          return null;
        });
  }

  /** Ends the request's session on the server and clears its cookie. */
  public Future<Void> end(RoutingContext ctx) {
    // Read the request's cookie before replacing it: Vert.x keeps request and response cookies in one jar.
    Future<Void> discarded = discard(ctx);
    ctx.response().addCookie(cookie(ctx, "").setMaxAge(0));
    Csrf.rebind(ctx, null, Set.of());
    return discarded;
  }

  /** Deletes the request's current session, if any (before a sign-in replaces it: no fixation). */
  public Future<Void> discard(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("DELETE FROM web_session WHERE id_hash = $1")
        .execute(Tuple.of(hash(cookie.getValue()))).mapEmpty();
  }

  /** Ends every session of a person (password set or changed, person removed). */
  public static Future<Void> endAll(SqlClient client, long personId) {
    return client.preparedQuery("DELETE FROM web_session WHERE person_id = $1")
        .execute(Tuple.of(personId)).mapEmpty();
  }

  private Cookie cookie(RoutingContext ctx, String value) {
    return Cookie.cookie(COOKIE, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.LAX)
        .setSecure(config.secureCookies() || ctx.request().isSSL());
  }

  static Set<Role> roles(String[] keys) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (keys != null) {
      for (String k : keys) {
        Role r = Role.parse(k);
        if (r != null) {
          roles.add(r);
        }
      }
    }
    return roles;
  }

  /** A fresh 256-bit random token, URL-safe. */
  public static String token() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** One SHA-256 digest per thread (not thread-safe; digest() resets it), spared a provider look-up per request. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  /** SHA-256 of a token, hex; what the database stores instead of the token. */
  public static String hash(String token) {
    byte[] digest = SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
    StringBuilder sb = new StringBuilder(64);
    for (byte b : digest) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
