package org.kakehashi.platform;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The HTTP front of the app: the order of the cross-cutting handlers (security headers, body
 * limits, CSRF, sessions), operations endpoints, the static UI, and the one failure handler.
 * Capabilities add their routes to the {@code /api} sub-router through {@link #mount}.
 */
public final class Http {

  private static final Logger log = LoggerFactory.getLogger("org.kakehashi.access");

  /** Strict CSP: scripts and styles from our own origin only, no inline script, no framing. */
  static final String CSP = String.join("; ",
      "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
      "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'self'",
      "form-action 'self'", "frame-ancestors 'none'");

  private Http() {
  }

  /**
   * Builds the router. {@code importPaths} are the routes that take CSV files and so get the larger
   * body limit; {@code api} registers every capability's routes.
   */
  public static Router router(Vertx vertx, Config config, Pool pool, PrometheusMeterRegistry metrics,
                              String csrfSecret, Sessions sessions, List<String> importPaths,
                              Consumer<Router> api) {
    return router(vertx, config, pool, metrics, csrfSecret, sessions, importPaths, List.of(), api);
  }

  /**
   * As above; {@code streamedPaths} are POST routes that read their body as a stream themselves (file
   * uploads): they get no body handler, and their request is paused here, before the first asynchronous
   * handler (the session lookup), so not a byte is lost or buffered before the route decides to read it.
   */
  public static Router router(Vertx vertx, Config config, Pool pool, PrometheusMeterRegistry metrics,
                              String csrfSecret, Sessions sessions, List<String> importPaths,
                              List<String> streamedPaths, Consumer<Router> api) {
    Router router = Router.router(vertx);
    String hsts = config.secureCookies() && !config.connections().hstsMaxAge().isZero()
        ? "max-age=" + config.connections().hstsMaxAge().toSeconds() : null;
    router.route().handler(ctx -> securityHeaders(ctx, hsts));
    router.route("/api/*").handler(Http::accessLog);
    router.route("/api/*").handler(Http::privateAnswers);

    router.get("/health").handler(health(vertx, pool));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));

    for (String path : streamedPaths) {
      router.post(path).handler(Http::streamed);
    }
    for (String path : importPaths) {
      router.route(path).handler(bodies(config.importBodyLimitBytes()));
    }
    BodyHandler bodies = bodies(config.bodyLimitBytes());
    router.route().handler(ctx -> {
      if (Boolean.TRUE.equals(ctx.get(STREAMED))) {
        ctx.next();
      } else {
        bodies.handle(ctx);
      }
    });
    // CSRF (README, "Security"): the token from the header only (a cross-site form can send a field along
    // with a planted cookie; a header it cannot), and bound to the session, checked once it is loaded.
    Csrf csrf = new Csrf(csrfSecret, config.security().csrfTokenTtl(), config.secureCookies());
    router.route().handler(csrf.echoed());
    router.route("/api/*").handler(sessions.loader());
    router.route().handler(csrf.bound());
    router.post("/api/*").handler(Idempotency.handler(pool));

    Router apiRouter = Router.router(vertx);
    api.accept(apiRouter);
    router.route("/api/*").subRouter(apiRouter);
    router.route("/api/*").handler(ctx -> ctx.fail(ApiError.notFound("This API address")));

    // The UI: the invitation link of e-mails is a page of the single-page app.
    router.get("/invite/:token").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8").sendFile("web/index.html"));
    // So is the one-time sign-in link's; the page signs in with a POST (a mail scanner's GET uses nothing).
    router.get("/signin/:token").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
        .sendFile("web/index.html"));
    // The UI's files keep their names across releases, so browsers revalidate them (304 when unchanged).
    router.route().handler(ctx -> {
      ctx.response().putHeader("Cache-Control", "no-cache");
      ctx.next();
    });
    router.route().handler(StaticHandler.create("web").setIndexPage("index.html"));

    router.route().failureHandler(Failures::handle);
    router.errorHandler(404, ctx -> Failures.write(ctx, Failures.fromStatus(404)));
    router.errorHandler(405, ctx -> Failures.write(ctx, Failures.fromStatus(405)));
    router.errorHandler(500, Failures::handle);
    return router;
  }

  /**
   * The client's address: the peer's, or, when the peer is a configured trusted proxy, the right-most
   * X-Forwarded-For entry that is not itself a trusted proxy (README, "Security"). Anyone can write
   * the header, so it is believed only from a proxy we run.
   */
  public static String clientAddress(RoutingContext ctx, List<String> trustedProxies) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    if (!trustedProxies.contains(peer)) {
      return peer;
    }
    List<String> hops = ctx.request().headers().getAll("X-Forwarded-For");
    String client = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String[] parts = hops.get(i).split(",");
      for (int j = parts.length - 1; j >= 0; j--) {
        String hop = parts[j].strip();
        if (hop.isEmpty() || hop.length() > 45 || !hop.matches("[0-9A-Fa-f:.]+")) {
          return client;
        }
        client = hop;
        if (!trustedProxies.contains(hop)) {
          return hop;
        }
      }
    }
    return client;
  }

  private static final String STREAMED = "kakehashi.streamed";

  /**
   * A streamed upload: paused until its route reads it. The CSRF check of such a request is by its
   * header only (there is no form body to look in), and it takes no Idempotency-Key (its body cannot be
   * hashed before it is read).
   */
  private static void streamed(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    ctx.put(STREAMED, true);
    // Answered before the body was read (a refusal here, by the CSRF check or by the route): the client is
    // told the connection ends with this answer, and it is closed once the answer has been written, so a
    // browser stops sending the rest of a 20 MB file (README, "Case attachments"). Closing only after the
    // answer went out keeps it: the client reads it before it sees the connection end.
    ctx.addHeadersEndHandler(v -> {
      if (!request.isEnded()) {
        ctx.response().headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
    });
    ctx.addEndHandler(ar -> {
      if (!request.isEnded()) {
        request.connection().close();
      }
    });
    if (ctx.request().getHeader(Csrf.HEADER) == null) {
      ctx.fail(403);
      return;
    }
    if (ctx.request().getHeader("Idempotency-Key") != null) {
      ctx.fail(ApiError.badRequest("bad_idempotency_key", "Uploads take no Idempotency-Key.", null));
      return;
    }
    ctx.next();
  }

  private static BodyHandler bodies(long limit) {
    return BodyHandler.create(false)
        .setBodyLimit(limit)
        .setMergeFormAttributes(false)
        .setDeleteUploadedFilesOnEnd(true);
  }

  /**
   * A path fit for a log line: every segment that looks like a secret token (20 or more base64url
   * characters, an optional extension after it; credential UUIDs excepted) becomes {@code [token]}, so
   * invitation, sign-in and calendar-feed links never reach the log (README, "Security").
   */
  public static String loggable(String path) {
    if (path == null) {
      return null;
    }
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (TOKEN.matcher(segments[i]).matches() && !UUID.matcher(segments[i]).matches()) {
        segments[i] = "[token]";
      }
    }
    return String.join("/", segments);
  }

  private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9_%-]{20,}(\\.[A-Za-z0-9]{1,8})?");
  private static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Public API answers that caches may keep; every other one is personal. */
  private static final List<String> PUBLIC_PREFIXES = List.of("/api/credentials/issuer", "/api/credentials/jwks.json",
      "/api/credentials/status/");

  /**
   * Every API answer is personal unless listed as public: {@code Cache-Control: private, no-store}, set as
   * the headers go out so that no download (.ics, CSV, credential files) can forget it (README, "Security").
   */
  private static void privateAnswers(RoutingContext ctx) {
    String path = ctx.request().path();
    if (PUBLIC_PREFIXES.stream().noneMatch(path::startsWith)) {
      ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", "private, no-store"));
    }
    ctx.next();
  }

  private static void securityHeaders(RoutingContext ctx, String hsts) {
    if (hsts != null) {
      ctx.response().putHeader("Strict-Transport-Security", hsts);
    }
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    ctx.next();
  }

  private static void accessLog(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(ar -> log.atInfo()
        .addKeyValue("method", ctx.request().method())
        .addKeyValue("path", loggable(ctx.request().path()))
        .addKeyValue("status", ctx.response().getStatusCode())
        .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000)
        .log("request"));
    ctx.next();
  }

  private static Handler<RoutingContext> health(Vertx vertx, Pool pool) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("database", 2000, promise -> pool.query("SELECT 1").execute()
        .onSuccess(rows -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO())));
    return HealthCheckHandler.createWithHealthChecks(checks);
  }
}
