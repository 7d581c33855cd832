package org.kakehashi.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A real HTTP server (WireMock) standing in for Zoom's API and OAuth endpoint. */
public final class ZoomStandIn {

  private ZoomStandIn() {
  }

  /** A started WireMock server on a free port. */
  public static WireMockServer start() {
    WireMockServer zoom = new WireMockServer(options().dynamicPort());
    zoom.start();
    return zoom;
  }

  /**
   * A config override pointing the app's Zoom client at {@code zoom}, with the outbox left for the
   * test to deliver step by step (no timer, retries due at once).
   */
  public static Consumer<JsonObject> config(WireMockServer zoom) {
    return json -> {
      json.put("zoom", new JsonObject().put("accountId", "acc").put("clientId", "cid").put("clientSecret", "secret")
          .put("apiUrl", zoom.baseUrl() + "/v2").put("oauthUrl", zoom.baseUrl() + "/oauth/token").put("timeoutMillis", 1000));
      json.getJsonObject("outbox").put("pollMillis", 3_600_000).put("retryBaseMillis", 1);
    };
  }
}
