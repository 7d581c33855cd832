package org.kakehashi.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 20 MB upload refused before its route reads it — by the platform (no CSRF header, a wrong CSRF token:
 * 403) or by the route (not signed in: 401; someone else's case: 403) — from a client that keeps sending
 * while it waits for the answer, as a browser does: the answer arrives with the error JSON, nothing is
 * stored, the server does not read the whole body, and it closes the connection once the answer is out
 * (README, "Case attachments"), whether the platform or the route refused: an open one would hold the unread
 * body until the idle timeout while the browser keeps sending.
 */
class UploadRefusalTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 20000));

  static final String PW = "upload-refusal-password";
  static final int SIZE = 20 * 1024 * 1024;
  static long natoriCase;
  static long matsueCase;
  static Api natori;

  @BeforeAll
  static void seed() {
    long n = CaseApiTestSeed.center(server, "natori-u", "名取市生涯学習センター", "名取市", "宮城県");
    long m = CaseApiTestSeed.center(server, "matsue-u", "松江市公民館", "松江市", "島根県");
    long f = server.person("fu@example.jp", null, PW, "facilitator");
    server.person("nu@example.jp", n, PW);
    server.person("mu@example.jp", m, PW);
    long session = CaseApiTestSeed.session(server, CaseApiTestSeed.round(server, "アップロード", n, m), f, n, m, 5, "scheduled");
    natori = server.signedIn("nu@example.jp", PW);
    natoriCase = write(natori, session, n);
    matsueCase = write(server.signedIn("mu@example.jp", PW), session, m);
  }

  static long write(Api api, long session, long center) {
    Api.Res r = api.put("/api/sessions/" + session + "/cases/" + center, new JsonObject().put("title", "事例").put("summary", "概要")
        .put("sections", new JsonObject()).put("topics", new JsonArray()).put("version", 0));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  /**
   * What one refused upload did: its status line and body, the bytes the client got out, whether the server closed
   * (and how long after the answer was read), and whether its answer said {@code Connection: close}.
   */
  record Outcome(String status, String body, long sent, boolean closed, boolean saysClose, long closeMs) {
  }

  /**
   * Sends a 20 MB upload's head with {@code headers}, then its body from another thread in 64 KB writes,
   * while this thread reads the answer; then waits up to 10 s for the server to close the connection (it closes at
   * once when it does).
   */
  static Outcome send(long caseId, String headers) throws Exception {
    return send(caseId, headers, SIZE);
  }

  /** As above, declaring {@code declared} bytes (the client still sends 20 MB at most). */
  static Outcome send(long caseId, String headers, long declared) throws Exception {
    if (natori.cookie("XSRF-TOKEN") == null) {
      natori.get("/api/me");
    }
    try (Socket s = new Socket("localhost", server.port())) {
      s.setSoTimeout(30_000);
      s.setSendBufferSize(64 * 1024);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/cases/" + caseId + "/attachments?name=big.pdf HTTP/1.1\r\nHost: localhost\r\n" + headers
          + "Content-Type: application/pdf\r\nContent-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      AtomicLong sent = new AtomicLong();
      Thread writer = new Thread(() -> {
        byte[] block = new byte[64 * 1024];
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, block, 0, 9);
        try {
          while (sent.get() < SIZE) {
            out.write(block);
            sent.addAndGet(block.length);
          }
        } catch (Exception e) {
          // the server closed: what was sent so far is the measure
        }
      });
      writer.setDaemon(true);
      writer.start();
      InputStream in = s.getInputStream();
      String head = readHead(in);
      int length = Integer.parseInt(head.lines().filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst()
          .map(l -> l.substring(15).strip()).orElse("0"));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      // Generous for a loaded machine: the server closes at once, so only a connection left open waits this long.
      s.setSoTimeout(10_000);
      long answered = System.nanoTime();
      boolean closed;
      try {
        closed = in.read() == -1;
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (java.io.IOException e) {
        closed = true; // reset
      }
      writer.join(closed ? 10_000 : 1_000);
      boolean saysClose = head.lines().anyMatch(l -> l.toLowerCase(java.util.Locale.ROOT).replace(" ", "").equals("connection:close"));
      long closeMs = (System.nanoTime() - answered) / 1_000_000;
      return new Outcome(head.lines().findFirst().orElse(""), body, sent.get(), closed, saysClose, closeMs);
    }
  }

  static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      byte[] a = b.toByteArray();
      int n = a.length;
      if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
        break;
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  static String cookies(boolean withSession) {
    return "Cookie: " + (withSession ? "kakehashi_session=" + natori.cookie("kakehashi_session") + "; " : "")
        + "XSRF-TOKEN=" + natori.cookie("XSRF-TOKEN") + "\r\n";
  }

  static long stored() {
    return server.sql("SELECT count(*) AS n FROM case_attachment").iterator().next().getLong("n");
  }

  static Outcome check(String what, Outcome o, String status) {
    System.out.printf("upload refused (%s): %s, client got %d of %d bytes out, connection %s %d ms after the answer%n", what,
        o.status(), o.sent(), SIZE, o.closed() ? "closed" : "left open", o.closeMs());
    assertThat(o.status()).as(what).startsWith("HTTP/1.1 " + status);
    assertThat(new JsonObject(o.body()).getJsonObject("error").getString("code")).as(what).isNotBlank();
    assertThat(o.sent()).as(what + ": the server did not read the whole body").isLessThan(SIZE);
    assertThat(o.saysClose()).as(what + ": the answer says Connection: close").isTrue();
    assertThat(o.closed()).as(what + ": the connection closed after the answer").isTrue();
    return o;
  }

  @Test
  @DisplayName("a 20 MB upload refused for CSRF, sign-in, access or size: the error JSON, nothing stored, the body not read, the connection closed after the answer")
  void refused() throws Exception {
    long before = stored();
    check("no CSRF header", send(natoriCase, cookies(true)), "403");
    check("wrong CSRF token", send(natoriCase, cookies(true) + "X-XSRF-TOKEN: forged\r\n"), "403");
    String token = "X-XSRF-TOKEN: " + natori.cookie("XSRF-TOKEN") + "\r\n";
    check("a signed-in person's CSRF token without the session", send(natoriCase, cookies(false) + token), "403");
    Api anonymous = server.api();
    anonymous.get("/api/me");
    String own = anonymous.cookie("XSRF-TOKEN");
    check("not signed in", send(natoriCase, "Cookie: XSRF-TOKEN=" + own + "\r\nX-XSRF-TOKEN: " + own + "\r\n"), "401");
    check("someone else's case", send(matsueCase, cookies(true) + token), "403");
    check("a declared size over 20 MB", send(natoriCase, cookies(true) + token, SIZE + 1), "413");
    assertThat(stored()).isEqualTo(before);
    assertThat(natori.get("/api/cases/" + natoriCase).status()).isEqualTo(200);
  }
}
