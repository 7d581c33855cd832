package org.kakehashi.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server killed with SIGKILL in the middle of scheduling, room assignment and outbox delivery:
 * it runs here as a separate JVM on the test's database (the in-process server only sets up and
 * looks), is killed at several moments, and after a restart the state is whole — each of those
 * runs in one transaction, and the outbox resumes after its lease.
 */
class KillTest {

  static final Smtp smtp = new Smtp().start();

  @RegisterExtension
  static TestServer server = new TestServer(json -> {
    // The in-process instance delivers nothing: the killed one does.
    json.getJsonObject("outbox").put("pollMillis", 3_600_000);
    json.getJsonObject("reflections").put("tickerMillis", 3_600_000);
  });

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
            .put("maxAttempts", 50).put("leaseSeconds", 2));
    if (mail) {
      json.put("mail", new JsonObject().put("smtpHost", "127.0.0.1").put("smtpPort", smtp.port()).put("starttls", "off")
          .put("from", "Kakehashi <no-reply@kakehashi.invalid>"));
    }
    Files.writeString(config, json.encode());
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", classpath, "org.kakehashi.App");
    pb.environment().put("KAKEHASHI_DB_URL", server.dbUrl());
    pb.environment().put("KAKEHASHI_HTTP_PORT", String.valueOf(childPort));
    pb.environment().put("KAKEHASHI_CONFIG", config.toString());
    pb.environment().remove("KAKEHASHI_DEMO");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/kill-test-child.log")));
    child = pb.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + childPort + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the child server did not start; see target/kill-test-child.log");
  }

  private Api childApi(String email, String password) {
    Api api = new Api(WebClient.create(server.vertx()), childPort);
    assertThat(api.post("/api/auth/login", new JsonObject().put("email", email).put("password", password)).status())
        .isEqualTo(200);
    return api;
  }

  /** Sends {@code request} to the child, kills the child after {@code millis}, and says whether the answer came first. */
  private boolean killDuring(Runnable request, long millis) throws Exception {
    CompletableFuture<Void> call = CompletableFuture.runAsync(request);
    Thread.sleep(millis);
    boolean answered = call.isDone() && !call.isCompletedExceptionally();
    child.destroyForcibly().waitFor();
    child = null;
    return answered;
  }

  private long count(String sql, Object... params) {
    return server.sql(sql, params).iterator().next().getLong(0);
  }

  @Test
  @DisplayName("SIGKILL during scheduling and during room assignment: after a restart each is all there or not at all")
  void killDuringSchedulingAndRooms() throws Exception {
    server.person("kill-coord@example.jp", null, "coordinator-pass", "coordinator");
    int centers = 160;
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
    JsonArray slots = coord.post("/api/rounds/" + round + "/slots", new JsonArray()
        .add(new JsonObject().put("startsAt", "2027-02-10T19:00:00+09:00"))
        .add(new JsonObject().put("startsAt", "2027-02-17T19:00:00+09:00"))).json().getJsonArray("slots");
    for (int h = 0; h < centers / 2; h++) {
      coord.post("/api/hosts", new JsonObject().put("name", "Zoom " + h));
    }
    server.sql("INSERT INTO availability (slot_id, person_id, answer) SELECT s.id, p.id, 'yes' FROM slot s, person p"
        + " WHERE s.round_id = $1 AND (p.email::text LIKE '%@kill.example.jp')", round);
    long outboxBefore = count("SELECT count(*) FROM outbox");

    // Scheduling, killed at several moments; each time all sessions and their messages or none.
    long planned = -1;
    for (long millis : new long[] {40, 120, 400}) {
      boolean answered = killDuring(() -> coord.post("/api/rounds/" + round + "/schedule", null), millis);
      long sessions = count("SELECT count(*) FROM session WHERE round_id = $1", round);
      long messages = count("SELECT count(*) FROM outbox") - outboxBefore;
      if (sessions == 0) {
        assertThat(messages).as("no session, no message").isZero();
      } else {
        assertThat(sessions).as("every pair or none").isEqualTo(centers / 2);
        assertThat(messages).as("messages queued with the sessions").isPositive();
        planned = sessions;
      }
      System.out.println("scheduling killed after " + millis + " ms: answered " + answered + ", sessions " + sessions);
      startChild();
    }
    Api again = childApi("kill-coord@example.jp", "coordinator-pass");
    if (planned < 0) {
      assertThat(again.post("/api/rounds/" + round + "/schedule", null).status()).isEqualTo(200);
    }
    assertThat(count("SELECT count(*) FROM session WHERE round_id = $1", round)).isEqualTo(centers / 2);

    // Room assignment of a 600-person session, killed at several moments.
    long session = count("SELECT min(id) FROM session WHERE round_id = $1", round);
    Long[] pair = server.sql("SELECT array_agg(center_id ORDER BY center_id) AS c FROM pair_member m"
        + " JOIN session s ON s.pair_id = m.pair_id WHERE s.id = $1", session).iterator().next().getArrayOfLongs("c");
    server.sql("INSERT INTO person (email, name, center_id) SELECT 'r' || i || '@kill.example.jp', '参加者' || i,"
        + " CASE WHEN i % 2 = 0 THEN $1::bigint ELSE $2::bigint END FROM generate_series(1, 600) AS i", pair[0], pair[1]);
    server.sql("UPDATE session SET capacity = 1000, seats_taken = 600 WHERE id = $1", session);
    server.sql("INSERT INTO registration (session_id, person_id, status, topics) SELECT $1, p.id, 'confirmed',"
        + " CASE WHEN p.id % 3 = 0 THEN ARRAY['a', 'b'] ELSE ARRAY['b'] END FROM person p WHERE p.email::text LIKE 'r%@kill.example.jp'",
        session);
    boolean assigned = false;
    for (long millis : new long[] {30, 90, 300}) {
      Api api = childApi("kill-coord@example.jp", "coordinator-pass");
      boolean answered = killDuring(() -> api.post("/api/sessions/" + session + "/rooms/assign", new JsonObject()), millis);
      long members = count("SELECT count(*) FROM room_member WHERE session_id = $1", session);
      long rooms = count("SELECT count(*) FROM room WHERE session_id = $1", session);
      assertThat(members).as("all 600 placed or none").isIn(0L, 600L);
      assertThat(rooms == 0).isEqualTo(members == 0);
      assigned |= members == 600;
      System.out.println("room assignment killed after " + millis + " ms: answered " + answered + ", placed " + members);
      startChild();
    }
    if (!assigned) {
      assertThat(childApi("kill-coord@example.jp", "coordinator-pass")
          .post("/api/sessions/" + session + "/rooms/assign", new JsonObject()).status()).isEqualTo(200);
    }
    assertThat(count("SELECT count(*) FROM room_member WHERE session_id = $1", session)).isEqualTo(600);
  }

  @Test
  @DisplayName("SIGKILL during outbox delivery: after a restart every e-mail arrives, each under one Message-ID")
  void killDuringDelivery() throws Exception {
    int n = 300;
    server.sql("INSERT INTO outbox (kind, payload) SELECT 'email', jsonb_build_object('to', 'k' || i || '@kill.example.jp',"
        + " 'subject', '件名 ' || i, 'text', '本文 ' || i) FROM generate_series(1, $1) AS i", n);
    long firstId = count("SELECT min(id) FROM outbox WHERE payload->>'to' LIKE '%@kill.example.jp'");
    int before = smtp.received().length;
    startChild(true);
    // Kill while it is sending (the first few have arrived), twice.
    for (int round = 0; round < 2; round++) {
      long deadline = System.currentTimeMillis() + 30_000;
      int target = before + (round + 1) * 40;
      while (smtp.received().length < target && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      child.destroyForcibly().waitFor();
      child = null;
      System.out.println("killed during delivery with " + (smtp.received().length - before) + " e-mails arrived");
      startChild(true);
    }
    long deadline = System.currentTimeMillis() + 90_000;
    while (count("SELECT count(*) FROM outbox WHERE id >= $1 AND delivered_at IS NULL", firstId) > 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertThat(count("SELECT count(*) FROM outbox WHERE id >= $1 AND delivered_at IS NULL", firstId)).as("all delivered").isZero();
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
