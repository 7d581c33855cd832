package org.kakehashi.platform;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Deadlines for the connections of one HTTP server (README, "Security"), so slow clients cannot hold
 * sockets open: a request's headers must arrive within {@code headerTimeout} of the connection's start or
 * of the end of its previous answer (which also ends idle keep-alive connections), and its body within
 * {@code bodyTimeout} of its headers. Netty's idle timeout (no byte either way) is set on the server's
 * options. One guard per server, used on that server's event loop only, so plain maps suffice; a sweep once
 * every {@link #SWEEP_MILLIS} closes what is late.
 */
public final class ConnectionGuard {

  static final long SWEEP_MILLIS = 250;

  private static final class State {
    long waitingSince;
    HttpServerRequest current;
    long currentSince;
  }

  private final Vertx vertx;
  private final long headerMillis;
  private final long bodyMillis;
  private final Map<HttpConnection, State> connections = new HashMap<>();
  private long sweeper = -1;

  public ConnectionGuard(Vertx vertx, Config.Connections config) {
    this.vertx = vertx;
    this.headerMillis = config.headerTimeout().toMillis();
    this.bodyMillis = config.bodyTimeout().toMillis();
  }

  /** Installs the guard on {@code server} in front of {@code app}; call on the server's event loop. */
  public HttpServer install(HttpServer server, Handler<HttpServerRequest> app) {
    sweeper = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
    return server
        .connectionHandler(conn -> {
          State s = new State();
          s.waitingSince = System.nanoTime();
          connections.put(conn, s);
          conn.closeHandler(v -> connections.remove(conn));
        })
        .requestHandler(req -> {
          State s = connections.get(req.connection());
          if (s != null) {
            s.current = req;
            s.currentSince = System.nanoTime();
          }
          app.handle(req);
        });
  }

  /** Stops the sweep (the server's connections close with it). */
  public void stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<HttpConnection, State>> it = connections.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<HttpConnection, State> e = it.next();
      State s = e.getValue();
      if (s.current != null && s.current.response().ended()) {
        s.current = null;
        s.waitingSince = now;
      }
      boolean late = s.current == null
          ? now - s.waitingSince > headerMillis * 1_000_000
          : !s.current.isEnded() && now - s.currentSince > bodyMillis * 1_000_000;
      if (late) {
        it.remove();
        e.getKey().close();
      }
    }
  }
}
