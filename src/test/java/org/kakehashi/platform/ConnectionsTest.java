package org.kakehashi.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection deadlines (README, "Security"): 300 clients that send their headers one byte at a time, or
 * nothing at all, or a body that never ends, are cut off by the server within the deadline, while an
 * ordinary request is still answered. HSTS is sent when the public address is https.
 */
class ConnectionsTest {

  static final int HEADER_MILLIS = 2000;
  static final int BODY_MILLIS = 3000;

  @RegisterExtension
  static TestServer server = new TestServer(json -> {
    json.getJsonObject("http").put("headerTimeoutMillis", HEADER_MILLIS).put("bodyTimeoutMillis", BODY_MILLIS)
        .put("eventLoops", 2);
    json.put("publicUrl", "https://kakehashi.example.jp");
  });

  /** Whether the server has closed the socket (a read answers end of stream or a reset). */
  private static boolean closedByServer(Socket s) {
    try {
      s.setSoTimeout(1);
      InputStream in = s.getInputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  @DisplayName("300 slow-header sockets (one byte every 300 ms) and idle ones are closed within the header deadline; others are still served")
  void slowSockets() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    List<Long> openedAt = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 320; i++) {
      Socket s = new Socket("localhost", server.port());
      if (i < 300) {
        s.getOutputStream().write("GET /api/me HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      sockets.add(s);
      openedAt.add(System.nanoTime());
    }
    long[] closedAfter = new long[sockets.size()];
    int closed = 0;
    int rounds = 0;
    boolean servedMeanwhile = false;
    long giveUp = System.nanoTime() + (HEADER_MILLIS + 20_000) * 1_000_000L;
    while (closed < sockets.size() && System.nanoTime() < giveUp) {
      for (int i = 0; i < sockets.size(); i++) {
        Socket s = sockets.get(i);
        if (s.isClosed()) {
          continue;
        }
        boolean gone;
        if (i < 300) {
          try {
            s.getOutputStream().write('a'); // one more byte of a header line that never ends
            s.getOutputStream().flush();
            gone = closedByServer(s);
          } catch (IOException e) {
            gone = true;
          }
        } else {
          gone = closedByServer(s);
        }
        if (gone) {
          closedAfter[i] = (System.nanoTime() - openedAt.get(i)) / 1_000_000;
          s.close();
          closed++;
        }
      }
      if (!servedMeanwhile) {
        servedMeanwhile = server.api().get("/health").status() == 200;
      }
      rounds++;
      Thread.sleep(300);
    }
    long latest = java.util.Arrays.stream(closedAfter).max().orElse(0);
    long earliest = java.util.Arrays.stream(closedAfter).min().orElse(0);
    System.out.printf("[connections] slow sockets closed by the server: %d of %d (300 dripping headers, 20 silent),"
            + " each %d–%d ms after it opened (header deadline %d ms); %d rounds of drips%n",
        closed, sockets.size(), earliest, latest, HEADER_MILLIS, rounds);
    assertThat(closed).isEqualTo(sockets.size());
    assertThat(earliest).as("none before the deadline").isGreaterThanOrEqualTo(HEADER_MILLIS - 100);
    assertThat(rounds).as("the slow clients kept sending").isGreaterThan(1);
    assertThat(servedMeanwhile).isTrue();
    for (Socket s : sockets) {
      s.close();
    }
  }

  @Test
  @DisplayName("a body that never finishes is cut off after the body deadline; a whole request on a kept-alive connection is answered")
  void slowBody() throws Exception {
    try (Socket s = new Socket("localhost", server.port())) {
      s.getOutputStream().write(("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100000\r\n\r\n{\"email\":\"").getBytes(StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      boolean closed = false;
      while (!closed && System.nanoTime() - started < (BODY_MILLIS + 10_000) * 1_000_000L) {
        try {
          s.getOutputStream().write('a');
          s.getOutputStream().flush();
        } catch (IOException e) {
          closed = true;
          break;
        }
        closed = closedByServer(s);
        Thread.sleep(200);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("[connections] a slow body was cut off after %.1f s (body deadline %.1f s)%n", seconds, BODY_MILLIS / 1000.0);
      assertThat(closed).isTrue();
      assertThat(seconds).isGreaterThanOrEqualTo(BODY_MILLIS / 1000.0 - 0.5);
    }
    Api api = server.api();
    assertThat(api.get("/api/me").status()).isEqualTo(401);
    assertThat(api.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("behind an https public address every answer carries Strict-Transport-Security; API answers are private, no-store")
  void hsts() {
    Api.Res res = server.api().get("/api/me");
    assertThat(res.headers().get("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    assertThat(res.headers().get("Cache-Control")).isEqualTo("private, no-store");
    assertThat(server.api().get("/").headers().get("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    assertThat(server.api().get("/api/credentials/jwks.json").headers().get("Cache-Control")).isNotEqualTo("private, no-store");
  }
}
