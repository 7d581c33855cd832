package org.kakehashi.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server killed with SIGKILL in the middle of scheduling, room assignment and outbox delivery:
 * it runs here as a separate JVM on the test's database (the in-process server only sets up and
 * looks). Where the kill lands is not left to timing: the test holds a lock of its own that stops
 * the child's transaction half-way (its first writes done, the next one waiting), sees in
 * PostgreSQL's lock table that it is waiting there, kills the child, then lets go. The wait for that
 * point has no margin a slow machine could miss: it ends when the transaction stands at the lock, and
 * fails at once when the request answers without stopping there or the child dies. After a restart
 * nothing of that transaction is there; the same request run to the end is all there; the outbox
 * resumes after its lease.
 */
class KillTest {

  static final Smtp smtp = new Smtp().start();

  @RegisterExtension
  static TestServer server = new TestServer(json -> {
    // The in-process instance delivers nothing: the killed one does.
    json.getJsonObject("outbox").put("pollMillis", 3_600_000);
    json.getJsonObject("reflections").put("tickerMillis", 3_600_000);
  });

  /** Ends only a stuck run: every wait here ends on progress (a lock reached, an answer, a process gone), not on time. */
  private static final Duration HANG = Duration.ofMinutes(5);

  private Process child;
  private int childPort;

  @AfterEach
  void kill() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  /** Starts the app as its own JVM on the test database and waits until it answers. */
  private void startChild() throws Exception {
    startChild(false);
  }

  /** … with e-mail going to the test's SMTP server when {@code mail}, else to the log. */
  private void startChild(boolean mail) throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      childPort = s.getLocalPort();
    }
    Path config = Files.createTempFile("kakehashi-kill", ".json");
    JsonObject json = new JsonObject()
        .put("outbox", new JsonObject().put("pollMillis", 100).put("retryBaseMillis", 100).put("retryMaxMillis", 1000)
            .put("maxAttempts", 50).put("leaseSeconds", 2))
        // A generous wait for a new PostgreSQL backend on a loaded machine, as the in-process test server has.
        .put("database", new JsonObject().put("connectTimeoutMillis", 10_000));
    if (mail) {
      json.put("mail", new JsonObject().put("smtpHost", "127.0.0.1").put("smtpPort", smtp.port()).put("starttls", "off")
          .put("from", "Kakehashi <no-reply@kakehashi.invalid>"));
    }
    Files.writeString(config, json.encode());
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // C1 only and the serial collector: the child lives a few seconds and runs small plans, so start-up (class
    // loading, JIT threads) is most of its cost on two cores.
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, "org.kakehashi.App");
    pb.environment().put("KAKEHASHI_DB_URL", server.dbUrl());
    pb.environment().put("KAKEHASHI_HTTP_PORT", String.valueOf(childPort));
    pb.environment().put("KAKEHASHI_CONFIG", config.toString());
    pb.environment().remove("KAKEHASHI_DEMO");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/kill-test-child.log")));
    child = pb.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + childPort + "/health")).build();
    Eventually.value(HANG, () -> {
      try {
        return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        return 0; // not up yet
      }
    }, status -> status == 200, this::childGone);
  }

  /** Why a wait on the child cannot end well any more (it has exited), or null while it runs. */
  private String childGone() {
    return child != null && child.isAlive() ? null : "the child server exited; see target/kill-test-child.log";
  }

  private Api childApi(String email, String password) {
    Api api = new Api(WebClient.create(server.vertx()), childPort).withTimeout(HANG);
    assertThat(api.post("/api/auth/login", new JsonObject().put("email", email).put("password", password)).status())
        .isEqualTo(200);
    return api;
  }

  private void killChild() throws InterruptedException {
    child.destroyForcibly().waitFor();
    child = null;
  }

  private long count(String sql, Object... params) {
    return server.sql(sql, params).iterator().next().getLong(0);
  }

  /**
   * A lock of the test's own, in its own open transaction: EXCLUSIVE on a table lets others read it
   * but makes every write to it wait until {@link #close()}.
   */
  private static final class Hold implements AutoCloseable {
    private final SqlConnection conn;
    private final Transaction tx;

    Hold(String lockStatement, Object... params) {
      conn = server.pool().getConnection().await();
      tx = conn.begin().await();
      conn.preparedQuery(lockStatement).execute(Tuple.from(params)).await();
    }

    static Hold table(String table) {
      return new Hold("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
    }

    @Override
    public void close() {
      tx.rollback().await();
      conn.close().await();
    }
  }

  /**
   * The backend whose open transaction has written to {@code written} (it holds a transaction id, given at the
   * first write, and the table's write lock) and now waits for a lock on {@code waitsFor}: proof that a request
   * is stopped half-way inside its transaction.
   */
  private static Integer halfWay(String written, String waitsFor) {
    var rows = server.sql("""
        SELECT w.pid FROM pg_locks w JOIN pg_stat_activity a ON a.pid = w.pid
         WHERE NOT w.granted AND w.locktype = 'relation' AND w.relation = $2::text::regclass
           AND a.backend_xid IS NOT NULL AND a.wait_event_type = 'Lock'
           AND EXISTS (SELECT 1 FROM pg_locks h WHERE h.pid = w.pid AND h.granted AND h.locktype = 'relation'
                        AND h.relation = $1::text::regclass AND h.mode = 'RowExclusiveLock')""", written, waitsFor);
    return rows.size() == 0 ? null : rows.iterator().next().getInteger("pid");
  }

  /**
   * Sends {@code request} to the child while {@code waitsFor} is held, waits until the request's
   * transaction has written to {@code written} and waits for {@code waitsFor}, kills the child
   * there, lets go and waits until PostgreSQL has ended that backend (rolling its transaction back).
   */
  private void killHalfWay(Supplier<Api.Res> request, String written, String waitsFor) throws Exception {
    int pid;
    try (Hold hold = Hold.table(waitsFor)) {
      CompletableFuture<Api.Res> call = CompletableFuture.supplyAsync(request);
      pid = Eventually.value(HANG, () -> halfWay(written, waitsFor), p -> p != null, () -> {
        if (call.isDone()) {
          return "the request ended without stopping at the lock on " + waitsFor + ": "
              + call.handle((res, err) -> err == null ? res.toString() : err.toString()).join();
        }
        return childGone();
      });
      assertThat(call).as("no answer while the transaction is held open").isNotDone();
      killChild();
    }
    Eventually.value(HANG, () -> count("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid), n -> n == 0);
  }

  @Test
  @DisplayName("SIGKILL inside the scheduling and the room assignment transactions: after a restart nothing of them;"
      + " run to the end they are whole")
  void killDuringSchedulingAndRooms() throws Exception {
    server.person("kill-coord@example.jp", null, "coordinator-pass", "coordinator");
    int centers = 40;
    JsonArray ids = new JsonArray();
    for (int i = 0; i < centers; i++) {
      long c = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ($1, $2, $3, '宮城県') RETURNING id",
          "k" + i, "公民館" + i, "市" + i).iterator().next().getLong("id");
      ids.add(c);
      server.sql("INSERT INTO person (email, name, center_id) VALUES ($1, $2, $3)", "k" + i + "@kill.example.jp", "職員" + i, c);
    }
    for (int f = 0; f < centers / 2; f++) {
      server.person("kf" + f + "@kill.example.jp", null, "facil-password", "facilitator");
    }
    startChild();
    Api coord = childApi("kill-coord@example.jp", "coordinator-pass");
    long round = coord.post("/api/rounds", new JsonObject().put("title", "SIGKILL").put("startsOn", "2027-01-01")
        .put("endsOn", "2027-03-31").put("centerIds", ids)
        .put("topics", new JsonArray().add(new JsonObject().put("key", "a").put("ja", "防災").put("en", "Disaster"))
            .add(new JsonObject().put("key", "b").put("ja", "子ども").put("en", "Children")))).json().getLong("id");
    assertThat(coord.post("/api/rounds/" + round + "/pairing", null).status()).isEqualTo(200);
    assertThat(coord.post("/api/rounds/" + round + "/pairs/publish", null).status()).isEqualTo(200);
    coord.post("/api/rounds/" + round + "/slots", new JsonArray()
        .add(new JsonObject().put("startsAt", "2027-02-10T19:00:00+09:00"))
        .add(new JsonObject().put("startsAt", "2027-02-17T19:00:00+09:00")));
    for (int h = 0; h < centers / 2; h++) {
      coord.post("/api/hosts", new JsonObject().put("name", "Zoom " + h));
    }
    server.sql("INSERT INTO availability (slot_id, person_id, answer) SELECT s.id, p.id, 'yes' FROM slot s, person p"
        + " WHERE s.round_id = $1 AND (p.email::text LIKE '%@kill.example.jp')", round);
    long outboxBefore = count("SELECT count(*) FROM outbox");

    // Scheduling: killed after its sessions are written, while its e-mails wait to be queued.
    killHalfWay(() -> coord.post("/api/rounds/" + round + "/schedule", null), "session", "outbox");
    assertThat(count("SELECT count(*) FROM session WHERE round_id = $1", round)).as("no session of the killed run").isZero();
    assertThat(count("SELECT count(*) FROM outbox") - outboxBefore).as("no message of the killed run").isZero();
    startChild();
    Api again = childApi("kill-coord@example.jp", "coordinator-pass");
    assertThat(again.post("/api/rounds/" + round + "/schedule", null).status()).isEqualTo(200);
    assertThat(count("SELECT count(*) FROM session WHERE round_id = $1", round)).as("every pair, kept across the kill")
        .isEqualTo(centers / 2);
    assertThat(count("SELECT count(*) FROM outbox") - outboxBefore).as("messages queued with the sessions").isPositive();

    // Room assignment of a 200-person session: killed after its rooms are written, before its members.
    long session = count("SELECT min(id) FROM session WHERE round_id = $1", round);
    Long[] pair = server.sql("SELECT array_agg(center_id ORDER BY center_id) AS c FROM pair_member m"
        + " JOIN session s ON s.pair_id = m.pair_id WHERE s.id = $1", session).iterator().next().getArrayOfLongs("c");
    // Bulk set-up in two statements (200 people): the stores' one-by-one calls would be the slow part of the test.
    server.sql("INSERT INTO person (email, name, center_id) SELECT 'r' || i || '@kill.example.jp', '参加者' || i,"
        + " CASE WHEN i % 2 = 0 THEN $1::bigint ELSE $2::bigint END FROM generate_series(1, 200) AS i", pair[0], pair[1]);
    server.sql("UPDATE session SET capacity = 1000, seats_taken = 200 WHERE id = $1", session);
    server.sql("INSERT INTO registration (session_id, person_id, status, topics) SELECT $1, p.id, 'confirmed',"
        + " CASE WHEN p.id % 3 = 0 THEN ARRAY['a', 'b'] ELSE ARRAY['b'] END FROM person p WHERE p.email::text LIKE 'r%@kill.example.jp'",
        session);
    // The same child (it keeps nothing of the rows set up here in memory) is killed inside the assignment.
    killHalfWay(() -> again.post("/api/sessions/" + session + "/rooms/assign", new JsonObject()), "room", "room_member");
    assertThat(count("SELECT count(*) FROM room WHERE session_id = $1", session)).as("no room of the killed run").isZero();
    assertThat(count("SELECT count(*) FROM room_member WHERE session_id = $1", session)).isZero();
    startChild();
    assertThat(childApi("kill-coord@example.jp", "coordinator-pass")
        .post("/api/sessions/" + session + "/rooms/assign", new JsonObject()).status()).isEqualTo(200);
    killChild();
    assertThat(count("SELECT count(*) FROM room_member WHERE session_id = $1", session)).as("all 200 placed").isEqualTo(200);
    assertThat(count("SELECT count(*) FROM room WHERE session_id = $1", session)).isPositive();
  }

  @Test
  @DisplayName("SIGKILL during outbox delivery: after a restart every e-mail arrives, each under one Message-ID")
  void killDuringDelivery() throws Exception {
    int n = 200;
    server.sql("INSERT INTO outbox (kind, payload) SELECT 'email', jsonb_build_object('to', 'k' || i || '@kill.example.jp',"
        + " 'subject', '件名 ' || i, 'text', '本文 ' || i) FROM generate_series(1, $1) AS i", n);
    long firstId = count("SELECT min(id) FROM outbox WHERE payload->>'to' LIKE '%@kill.example.jp'");
    int before = smtp.received().length;
    // The last 80 messages are row-locked by the test: the deliverer skips them (FOR UPDATE SKIP LOCKED),
    // so both kills land with messages delivered and messages still waiting, whatever the machine's speed.
    try (Hold hold = new Hold("SELECT id FROM outbox WHERE id IN"
        // (OFFSET in the locking query itself would lock the rows it skips too.)
        + " (SELECT id FROM outbox WHERE id >= $1 ORDER BY id OFFSET 120) FOR UPDATE", firstId)) {
      startChild(true);
      for (int round = 0; round < 2; round++) {
        int target = before + (round + 1) * 40;
        Eventually.value(HANG, () -> smtp.received().length, arrived -> arrived >= target, this::childGone);
        killChild();
        long waiting = count("SELECT count(*) FROM outbox WHERE id >= $1 AND delivered_at IS NULL", firstId);
        assertThat(waiting).as("killed in the middle of delivery").isGreaterThanOrEqualTo(80);
        assertThat(smtp.received().length - before).as("some had arrived").isGreaterThanOrEqualTo(target - before);
        startChild(true);
      }
    }
    Eventually.value(HANG, () -> count("SELECT count(*) FROM outbox WHERE id >= $1 AND delivered_at IS NULL", firstId),
        waiting -> waiting == 0, this::childGone);
    MimeMessage[] all = smtp.received();
    List<MimeMessage> ours = java.util.Arrays.stream(all).skip(before).toList();
    Set<String> ids = new HashSet<>();
    for (MimeMessage m : ours) {
      ids.add(m.getMessageID());
    }
    assertThat(ids).as("every message arrived, each under its own Message-ID").hasSize(n);
    assertThat(ours.size() - n).as("repeats, only of messages in flight at a kill").isLessThanOrEqualTo(2 * 20);
  }
}
