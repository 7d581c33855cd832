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
 * 429 and 5xx answers become {@link RetryLater} so the outbox tries again, honouring Retry-After.
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

  /** The host's upcoming meeting whose topic carries {@code marker}, or null. */
  public Future<JsonObject> findMeeting(String userId, String marker) {
    return token().compose(t -> web.getAbs(config.apiUrl() + "/users/" + encode(userId) + "/meetings")
            .addQueryParam("type", "upcoming")
            .addQueryParam("page_size", "300")
            .bearerTokenAuthentication(t)
            .timeout(config.timeoutMillis())
            .send())
        .map(res -> {
          JsonArray meetings = check(res, "list meetings").bodyAsJsonObject().getJsonArray("meetings", new JsonArray());
          for (Object o : meetings) {
            JsonObject m = (JsonObject) o;
            if (m.getString("topic", "").contains(marker)) {
              return m;
            }
          }
          return null;
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

  private HttpResponse<Buffer> check(HttpResponse<Buffer> res, String what) {
    int status = res.statusCode();
    if (status >= 200 && status < 300) {
      return res;
    }
    if (status == 401) {
      token = null;
    }
    long retryAfter = 0;
    String header = res.getHeader("Retry-After");
    if (header != null) {
      try {
        retryAfter = Long.parseLong(header.trim());
      } catch (NumberFormatException e) {
        retryAfter = 60;
      }
    }
    throw new RetryLater("Zoom " + what + " answered " + status, status == 429 ? Math.max(1, retryAfter) : retryAfter);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
