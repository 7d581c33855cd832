package org.kakehashi.zoom;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.kakehashi.platform.Config;
import org.kakehashi.platform.RetryLater;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Zoom's REST API over vertx-web-client: Server-to-Server OAuth (the account-credentials grant;
 * the token is cached until shortly before it expires), and the scheduled meetings of a host.
 * 429 and 5xx answers become {@link RetryLater} so the outbox tries again, honouring Retry-After
 * (seconds, HTTP-date or ISO-8601); other 4xx and Zoom's permanent codes become {@link ZoomRefused}.
 */
public final class ZoomClient {

  private final WebClient web;
  private final Config.Zoom config;
  private String token;
  private long tokenValidUntil;

  public ZoomClient(Vertx vertx, Config.Zoom config) {
    this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5000).setIdleTimeout(30));
    this.config = config;
  }

  private Future<String> token() {
    if (token != null && System.currentTimeMillis() < tokenValidUntil) {
      return Future.succeededFuture(token);
    }
    String basic = Base64.getEncoder().encodeToString((config.clientId() + ":" + config.clientSecret())
        .getBytes(StandardCharsets.UTF_8));
    return web.postAbs(config.oauthUrl())
        .addQueryParam("grant_type", "account_credentials")
        .addQueryParam("account_id", config.accountId())
        .putHeader("Authorization", "Basic " + basic)
        .timeout(config.timeoutMillis())
        .send()
        .map(res -> {
          JsonObject body = check(res, "OAuth token").bodyAsJsonObject();
          token = body.getString("access_token");
          tokenValidUntil = System.currentTimeMillis() + Math.max(0, body.getLong("expires_in", 3600L) - 60) * 1000;
          return token;
        });
  }

  /**
   * The host's scheduled meeting whose agenda carries {@code marker}, or null: every page of the
   * host's meetings is read (Zoom pages with {@code next_page_token}), up to {@code maxPages}.
   */
  public Future<JsonObject> findMeeting(String userId, String marker) {
    return findMeeting(userId, marker, "", 0);
  }

  private static final int MAX_PAGES = 50;

  private Future<JsonObject> findMeeting(String userId, String marker, String pageToken, int page) {
    return token().compose(t -> {
          var request = web.getAbs(config.apiUrl() + "/users/" + encode(userId) + "/meetings")
              .addQueryParam("type", "scheduled")
              .addQueryParam("page_size", "300");
          if (!pageToken.isEmpty()) {
            request.addQueryParam("next_page_token", pageToken);
          }
          return request.bearerTokenAuthentication(t).timeout(config.timeoutMillis()).send();
        })
        .compose(res -> {
          JsonObject body = check(res, "list meetings").bodyAsJsonObject();
          for (Object o : body.getJsonArray("meetings", new JsonArray())) {
            JsonObject m = (JsonObject) o;
            if (m.getString("agenda", "").contains(marker)) {
              return Future.succeededFuture(m);
            }
          }
          String next = body.getString("next_page_token", "");
          if (next == null || next.isEmpty() || page + 1 >= MAX_PAGES) {
            return Future.succeededFuture(null);
          }
          return findMeeting(userId, marker, next, page + 1);
        });
  }

  /** Creates a scheduled meeting for the host. */
  public Future<JsonObject> createMeeting(String userId, JsonObject meeting) {
    return token().compose(t -> web.postAbs(config.apiUrl() + "/users/" + encode(userId) + "/meetings")
            .bearerTokenAuthentication(t)
            .timeout(config.timeoutMillis())
            .sendJsonObject(meeting))
        .map(res -> check(res, "create meeting").bodyAsJsonObject());
  }

  /** Moves an existing meeting (PATCH /meetings/{id}); Zoom answers 204. */
  public Future<Void> updateMeeting(String meetingId, JsonObject changes) {
    return token().compose(t -> web.patchAbs(config.apiUrl() + "/meetings/" + encode(meetingId))
            .bearerTokenAuthentication(t)
            .timeout(config.timeoutMillis())
            .sendJsonObject(changes))
        .map(res -> {
          check(res, "update meeting");
          return null;
        });
  }

  /** Deletes a meeting; one already gone (404) counts as deleted. */
  public Future<Void> deleteMeeting(String meetingId) {
    return token().compose(t -> web.deleteAbs(config.apiUrl() + "/meetings/" + encode(meetingId))
            .bearerTokenAuthentication(t)
            .timeout(config.timeoutMillis())
            .send())
        .map(res -> {
          if (res.statusCode() != 404) {
            check(res, "delete meeting");
          }
          return null;
        });
  }

  /**
   * The answer if it is a success. Otherwise: 429 and 5xx (and 401, after which a new token is
   * fetched) are {@link RetryLater}, honouring {@code Retry-After}; any other 4xx, and Zoom's
   * permanent codes whatever the status, are {@link ZoomRefused}, carrying Zoom's code and message.
   */
  private HttpResponse<Buffer> check(HttpResponse<Buffer> res, String what) {
    int status = res.statusCode();
    if (status >= 200 && status < 300) {
      return res;
    }
    if (status == 401) {
      token = null;
    }
    Integer code = null;
    String message = null;
    try {
      JsonObject body = res.bodyAsJsonObject();
      if (body != null) {
        code = body.getInteger("code");
        message = body.getString("message");
      }
    } catch (RuntimeException e) {
      // not JSON (a proxy's page): no code
    }
    boolean retryable = status == 429 || status >= 500 || status == 401 || status == 408;
    if (!retryable || (code != null && ZoomRefused.PERMANENT.contains(code))) {
      throw new ZoomRefused(what, status, code, message);
    }
    long retryAfter = retryAfterSeconds(res.getHeader("Retry-After"), java.time.Instant.now());
    throw new RetryLater("Zoom " + what + " answered " + status + (code == null ? "" : " (code " + code + "): " + message),
        status == 429 ? Math.max(1, retryAfter) : retryAfter);
  }

  /**
   * Seconds to wait from a {@code Retry-After} value: delay-seconds or an HTTP-date (RFC 9110
   * §10.2.3), or an ISO-8601 timestamp (Zoom gives one when the daily limit resets); 60 when it
   * cannot be read, 0 when absent or past.
   */
  public static long retryAfterSeconds(String header, java.time.Instant now) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    String v = header.trim();
    if (v.matches("\\d{1,10}")) {
      return Long.parseLong(v);
    }
    java.time.Instant at = null;
    try {
      at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      try {
        at = java.time.OffsetDateTime.parse(v).toInstant();
      } catch (java.time.format.DateTimeParseException e2) {
        try {
          at = java.time.LocalDateTime.parse(v).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e3) {
          return 60;
        }
      }
    }
    return Math.max(0, java.time.Duration.between(now, at).toSeconds() + (at.getNano() > 0 ? 1 : 0));
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
