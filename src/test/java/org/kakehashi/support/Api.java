package org.kakehashi.support;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A browser-like client for tests: keeps its cookies, echoes the XSRF-TOKEN cookie in the
 * X-XSRF-TOKEN header on unsafe methods (as the UI does), and answers synchronously. The token is
 * bound to the session (README, "Security"): every API answer sets the one for the session as it
 * stands, so after a sign-in this client holds its own session's token; never share one between clients.
 */
public final class Api {

  /** A response: status, headers and body. */
  public record Res(int status, MultiMap headers, Buffer raw, List<String> setCookies) {
    public JsonObject json() {
      return raw == null || raw.length() == 0 ? new JsonObject() : new JsonObject(raw);
    }

    public JsonArray array(String key) {
      return json().getJsonArray(key);
    }

    public String errorCode() {
      JsonObject error = json().getJsonObject("error");
      return error == null ? null : error.getString("code");
    }

    public String text() {
      return raw == null ? "" : raw.toString();
    }

    @Override
    public String toString() {
      return status + " " + text();
    }
  }

  private final WebClient client;
  private final int port;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private boolean sendXsrf = true;
  private java.time.Duration timeout = java.time.Duration.ofSeconds(30);

  public Api(WebClient client, int port) {
    this.client = client;
    this.port = port;
  }

  /** Stop echoing the CSRF token (to test the refusal). */
  public Api withoutXsrf() {
    sendXsrf = false;
    return this;
  }

  /** Waits this long for each answer (30 s unless told; a request a test holds open on purpose may wait longer). */
  public Api withTimeout(java.time.Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** The CSRF token this browser holds now (bound to its session), or null. */
  public String xsrf() {
    return cookies.get("XSRF-TOKEN");
  }

  public String cookie(String name) {
    return cookies.get(name);
  }

  public void setCookie(String name, String value) {
    cookies.put(name, value);
  }

  public void forgetCookie(String name) {
    cookies.remove(name);
  }

  public Res get(String path) {
    return send(HttpMethod.GET, path, null, null);
  }

  public Res post(String path, Object body) {
    return send(HttpMethod.POST, path, body, "application/json");
  }

  public Res put(String path, Object body) {
    return send(HttpMethod.PUT, path, body, "application/json");
  }

  public Res patch(String path, Object body) {
    return send(HttpMethod.PATCH, path, body, "application/json");
  }

  public Res delete(String path) {
    return send(HttpMethod.DELETE, path, null, null);
  }

  public Res postCsv(String path, byte[] csv) {
    return send(HttpMethod.POST, path, Buffer.buffer(csv), "text/csv");
  }

  /** Sends any method with any body (JsonObject, String, byte[] or Buffer) and content type. */
  public Res send(HttpMethod method, String path, Object body, String contentType) {
    return send(method, path, body, contentType, null);
  }

  /** As {@link #send(HttpMethod, String, Object, String)}, with an Idempotency-Key. */
  public synchronized Res send(HttpMethod method, String path, Object body, String contentType, String idempotencyKey) {
    if (sendXsrf && method != HttpMethod.GET && !cookies.containsKey("XSRF-TOKEN")) {
      get("/api/me");
    }
    HttpRequest<Buffer> req = client.request(method, port, "localhost", path);
    if (!cookies.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
      req.putHeader("Cookie", sb.toString());
    }
    if (sendXsrf && method != HttpMethod.GET && cookies.containsKey("XSRF-TOKEN")) {
      req.putHeader("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
    }
    if (contentType != null) {
      req.putHeader("Content-Type", contentType);
    }
    if (idempotencyKey != null) {
      req.putHeader("Idempotency-Key", idempotencyKey);
    }
    Buffer buffer;
    if (body == null) {
      buffer = null;
    } else if (body instanceof Buffer b) {
      buffer = b;
    } else if (body instanceof byte[] bytes) {
      buffer = Buffer.buffer(bytes);
    } else if (body instanceof String s) {
      buffer = Buffer.buffer(s);
    } else if (body instanceof JsonObject o) {
      buffer = o.toBuffer();
    } else if (body instanceof JsonArray a) {
      buffer = a.toBuffer();
    } else {
      buffer = Buffer.buffer(io.vertx.core.json.Json.encode(body));
    }
    try {
      HttpResponse<Buffer> res = (buffer == null ? req.send() : req.sendBuffer(buffer)).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      for (String c : res.cookies()) {
        String[] nv = c.split(";", 2)[0].split("=", 2);
        if (nv.length == 2) {
          if (nv[1].isEmpty() || c.toLowerCase().contains("max-age=0")) {
            cookies.remove(nv[0]);
          } else {
            cookies.put(nv[0], nv[1]);
          }
        }
      }
      return new Res(res.statusCode(), res.headers(), res.body(), res.cookies());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }
}
