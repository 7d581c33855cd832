package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Sessions;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SignupTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("poolSize", 16));
  static final Fixtures fixtures = new Fixtures(server);

  static long natori;
  static long matsue;
  static long round;
  static int seq;

  @BeforeAll
  static void seed() {
    natori = server.center("natori", "名取市");
    matsue = fixtures.center("matsue", "松江市公民館", "松江市", "島根県");
  }

  /** A round of Natori and Matsue with two topics (a center is in one pair per round, so one round per session). */
  static void newRound() {
    round = fixtures.round("冬").dates("2027-01-01", "2027-03-31").centers(natori, matsue)
        .topic("awareness", "気づき", "Awareness").topic("future", "職員像", "Future").create();
  }

  /** A session of Natori and Matsue with {@code capacity} seats, sign-up open. */
  static long session(int capacity) {
    newRound();
    int day = ++seq;
    return fixtures.session(round, fixtures.pair(round, natori, matsue)).inMinutes((day + 10) * 24 * 60L, 120)
        .capacity(capacity).signupClosesAt(java.time.OffsetDateTime.now().plusDays(5)).create();
  }

  static JsonObject topics(String... keys) {
    return new JsonObject().put("topics", new JsonArray(List.of((Object[]) keys)));
  }

  @Test
  @DisplayName("staff sign up once with ranked topics; a second click gives the same place; others' staff and bad topics are refused")
  void signUpOnce() {
    long s = session(30);
    server.person("a1@example.jp", natori, "staff-password");
    server.person("x1@example.jp", null, "staff-password");
    Api a = server.signedIn("a1@example.jp", "staff-password");
    Api.Res first = a.post("/api/sessions/" + s + "/registrations", topics("future", "awareness"));
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getString("status")).isEqualTo("confirmed");
    assertThat(first.json().getJsonArray("topics")).containsExactly("future", "awareness");
    Api.Res again = a.post("/api/sessions/" + s + "/registrations", topics("awareness"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getJsonArray("topics")).containsExactly("future", "awareness");
    assertThat(server.count("registration")).isGreaterThanOrEqualTo(1);
    assertThat(a.post("/api/sessions/" + s + "/registrations", topics("nope")).status()).isEqualTo(422);
    Api outsider = server.signedIn("x1@example.jp", "staff-password");
    // Staff outside the session's round cannot see it: booking answers as reading does, 404.
    assertThat(outsider.post("/api/sessions/" + s + "/registrations", topics("awareness")).status()).isEqualTo(404);
    server.person("coord@example.jp", null, "coordinator-pass", "coordinator");
    Api coord = server.signedIn("coord@example.jp", "coordinator-pass");
    assertThat(coord.patch("/api/sessions/" + s, new JsonObject().put("openToAll", true)).json().getBoolean("openToAll")).isTrue();
    assertThat(outsider.post("/api/sessions/" + s + "/registrations", topics("awareness")).status())
        .as("a session opened to others").isEqualTo(201);
    assertThat(outsider.delete("/api/sessions/" + s + "/registrations/me").status()).isEqualTo(204);
    JsonObject seen = a.get("/api/sessions/" + s).json();
    assertThat(seen.getInteger("seatsTaken")).isEqualTo(1);
    assertThat(a.delete("/api/sessions/" + s + "/registrations/me").status()).isEqualTo(204);
    assertThat(a.delete("/api/sessions/" + s + "/registrations/me").status()).isEqualTo(404);
    assertThat(a.get("/api/sessions/" + s).json().getInteger("seatsTaken")).isZero();
  }

  @Test
  @DisplayName("the coordinator raises the capacity: the first on the waitlist move up at once, in order, each e-mailed;"
      + " lowering it below the seats taken is refused")
  void moreSeatsFillFromTheWaitlist() {
    long s = session(2);
    List<Long> people = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      people.add(server.person("grow" + i + "@example.jp", natori, "staff-password"));
      assertThat(server.signedIn("grow" + i + "@example.jp", "staff-password")
          .post("/api/sessions/" + s + "/registrations", topics("awareness")).status()).isEqualTo(201);
    }
    server.person("grow-coord@example.jp", null, "coordinator-pass", "coordinator");
    Api coord = server.signedIn("grow-coord@example.jp", "coordinator-pass");
    long outbox = server.count("outbox");
    JsonObject grown = coord.patch("/api/sessions/" + s, new JsonObject().put("capacity", 4)).json();
    assertThat(grown.getInteger("seatsTaken")).isEqualTo(4);
    assertThat(grown.getInteger("waitlisted")).isEqualTo(1);
    List<String> confirmed = new ArrayList<>();
    server.sql("SELECT p.email::text AS e FROM registration g JOIN person p ON p.id = g.person_id"
        + " WHERE g.session_id = $1 AND g.status = 'confirmed' ORDER BY p.id", s).forEach(r -> confirmed.add(r.getString("e")));
    assertThat(confirmed).containsExactly("grow0@example.jp", "grow1@example.jp", "grow2@example.jp", "grow3@example.jp");
    assertThat(server.count("outbox")).as("one invitation per person moved up").isEqualTo(outbox + 2);
    assertExact(s, 4, 1);
    Api.Res shrink = coord.patch("/api/sessions/" + s, new JsonObject().put("capacity", 3));
    assertThat(shrink.status()).as(shrink.toString()).isEqualTo(422);
    assertExact(s, 4, 1);
  }

  @Test
  @DisplayName("sign-up only while the window is open and the session is scheduled; a coordinator may still add someone")
  void signUpWindow() {
    long s = session(10);
    server.person("win1@example.jp", natori, "staff-password");
    long late = server.person("win2@example.jp", matsue, "staff-password");
    Api a = server.signedIn("win1@example.jp", "staff-password");
    server.sql("UPDATE session SET signup_opens_at = now() + interval '1 day' WHERE id = $1", s);
    assertThat(a.post("/api/sessions/" + s + "/registrations", topics("awareness")).errorCode()).isEqualTo("signup_not_open");
    server.sql("UPDATE session SET signup_opens_at = now() - interval '2 days', signup_closes_at = now() - interval '1 day'"
        + " WHERE id = $1", s);
    assertThat(a.post("/api/sessions/" + s + "/registrations", topics("awareness")).errorCode()).isEqualTo("signup_closed");
    server.sql("UPDATE session SET signup_closes_at = NULL, status = 'cancelled' WHERE id = $1", s);
    assertThat(a.post("/api/sessions/" + s + "/registrations", topics("awareness")).errorCode()).isEqualTo("signup_closed");
    assertThat(server.sql("SELECT count(*) AS n FROM registration WHERE session_id = $1", s).iterator().next().getLong("n"))
        .as("nothing registered while closed").isZero();
    assertThat(server.sql("SELECT seats_taken FROM session WHERE id = $1", s).iterator().next().getInteger("seats_taken")).isZero();
    server.sql("UPDATE session SET status = 'scheduled', signup_closes_at = now() - interval '1 day' WHERE id = $1", s);
    server.person("win-coord@example.jp", null, "coordinator-pass", "coordinator");
    Api coord = server.signedIn("win-coord@example.jp", "coordinator-pass");
    assertThat(coord.post("/api/sessions/" + s + "/registrations", topics("future").put("personId", late)).status())
        .as("a coordinator adds someone after the window").isEqualTo(201);
    assertThat(a.post("/api/sessions/" + s + "/registrations", new JsonObject().put("topics",
        new JsonArray().add("awareness").add("awareness"))).status()).as("a topic ranked twice").isEqualTo(422);
    assertThat(a.post("/api/sessions/" + s + "/registrations", new JsonObject().put("topics", new JsonArray())).status())
        .as("no topic in a round that has topics").isEqualTo(422);
  }

  @Test
  @DisplayName("a full session puts the next people on the waitlist; a cancellation moves the first up and e-mails them")
  void waitlistMovesUp() {
    long s = session(2);
    List<Api> staff = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      server.person("w" + i + "@example.jp", matsue, "staff-password");
      staff.add(server.signedIn("w" + i + "@example.jp", "staff-password"));
    }
    List<JsonObject> answers = new ArrayList<>();
    for (Api api : staff) {
      answers.add(api.post("/api/sessions/" + s + "/registrations", topics("awareness")).json());
    }
    assertThat(answers).extracting(j -> j.getString("status")).containsExactly("confirmed", "confirmed", "waitlisted", "waitlisted");
    assertThat(answers.get(2).getInteger("position")).isEqualTo(1);
    assertThat(answers.get(3).getInteger("position")).isEqualTo(2);
    long outbox = server.count("outbox");
    assertThat(staff.get(0).delete("/api/sessions/" + s + "/registrations/me").status()).isEqualTo(204);
    assertThat(staff.get(2).get("/api/sessions/" + s + "/registrations/me").json().getString("status")).isEqualTo("confirmed");
    assertThat(staff.get(3).get("/api/sessions/" + s + "/registrations/me").json().getInteger("position")).isEqualTo(1);
    assertThat(server.count("outbox")).as("the CANCEL to the one who left, the REQUEST to the one moved up").isEqualTo(outbox + 2);
    assertThat(server.sql("SELECT payload->>'to' AS t, payload->>'method' AS m FROM outbox ORDER BY id DESC LIMIT 2")
        .stream().map(r -> r.getString("t") + " " + r.getString("m")).toList())
        .containsExactly("w2@example.jp REQUEST", "w0@example.jp CANCEL");
    assertThat(staff.get(1).get("/api/sessions/" + s).json().getInteger("seatsTaken")).isEqualTo(2);
  }

  @Test
  @DisplayName("2,000 people signing up at once for 30 seats: exactly 30 confirmed, 1,970 waitlisted at 1..1,970, no 500;"
      + " then cancellations and new sign-ups interleaved keep it exact")
  void noOverbookingUnderConcurrency() throws Exception {
    long s = session(30);
    int n = 2000;
    server.sql("INSERT INTO person (email, name, center_id) SELECT 'c' || i || '@load.example.jp', '職員' || i, $1"
        + " FROM generate_series(1, $2) AS i", natori, n);
    server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('load-token-' || p.id, 'UTF8')), 'hex'),"
        + " p.id, now() + interval '1 hour' FROM person p WHERE p.email::text LIKE '%@load.example.jp'");
    List<Long> people = new ArrayList<>();
    server.sql("SELECT id FROM person WHERE email::text LIKE '%@load.example.jp' ORDER BY id").forEach(r -> people.add(r.getLong("id")));
    assertThat(rush(s, people, "load-token-")).as("every sign-up answered 201: no 500, no failure").isEmpty();
    assertExact(s, 30, n - 30);
    WebClient client = WebClient.create(server.vertx(), new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(100));
    try {
      // Cancellations of confirmed seats and new sign-ups, interleaved.
      List<Long> confirmed = new ArrayList<>();
      server.sql("SELECT person_id FROM registration WHERE session_id = $1 AND status = 'confirmed' LIMIT 10", s)
          .forEach(r -> confirmed.add(r.getLong("person_id")));
      server.sql("INSERT INTO person (email, name, center_id) SELECT 'late' || i || '@load.example.jp', '遅' || i, $1"
          + " FROM generate_series(1, 10) AS i", natori);
      server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('load-token-' || p.id, 'UTF8')), 'hex'),"
          + " p.id, now() + interval '1 hour' FROM person p WHERE p.email::text LIKE 'late%@load.example.jp'");
      List<Long> late = new ArrayList<>();
      server.sql("SELECT id FROM person WHERE email::text LIKE 'late%@load.example.jp'").forEach(r -> late.add(r.getLong("id")));
      // CSRF tokens are bound to their session (README, "Security"): one per person.
      Map<String, String> xsrf = server.xsrf(java.util.stream.Stream.concat(confirmed.stream(), late.stream())
          .map(p -> "load-token-" + p).toList());
      List<Future<HttpResponse<Buffer>>> mixed = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        mixed.add(client.delete(server.port(), "localhost", "/api/sessions/" + s + "/registrations/me")
            .putHeader("Cookie", Sessions.COOKIE + "=load-token-" + confirmed.get(i) + "; XSRF-TOKEN=" + xsrf.get("load-token-" + confirmed.get(i)))
            .putHeader("X-XSRF-TOKEN", xsrf.get("load-token-" + confirmed.get(i))).send());
        mixed.add(client.post(server.port(), "localhost", "/api/sessions/" + s + "/registrations")
            .putHeader("Cookie", Sessions.COOKIE + "=load-token-" + late.get(i) + "; XSRF-TOKEN=" + xsrf.get("load-token-" + late.get(i)))
            .putHeader("X-XSRF-TOKEN", xsrf.get("load-token-" + late.get(i))).putHeader("Content-Type", "application/json")
            .sendBuffer(topics("future").toBuffer()));
      }
      Future.join(new ArrayList<>(mixed)).await(60, TimeUnit.SECONDS);
      assertThat(mixed.stream().filter(f -> f.failed() || f.result().statusCode() >= 500)
          .map(f -> f.failed() ? f.cause().toString() : f.result().statusCode() + " " + f.result().bodyAsString()).distinct().toList())
          .isEmpty();
      assertExact(s, 30, n - 30);
    } finally {
      client.close();
    }
  }

  @Test
  @DisplayName("a per-center quota holds under 300 concurrent sign-ups from two centers, and a cancellation promotes"
      + " the first waiting person whose center is under its quota")
  void perCenterQuotaUnderConcurrency() throws Exception {
    long s = session(30);
    server.person("quota-coord@example.jp", null, "coordinator-pass", "coordinator");
    Api coord = server.signedIn("quota-coord@example.jp", "coordinator-pass");
    Api.Res patched = coord.patch("/api/sessions/" + s, new JsonObject().put("centerQuota", 12));
    assertThat(patched.json().getInteger("centerQuota")).as(patched.toString())
        .isEqualTo(12);
    server.sql("INSERT INTO person (email, name, center_id) SELECT 'q' || i || '@quota.example.jp', '職員' || i,"
        + " CASE WHEN i % 4 = 0 THEN $2 ELSE $1 END FROM generate_series(1, 300) AS i", natori, matsue);
    server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('quota-token-' || p.id, 'UTF8')), 'hex'),"
        + " p.id, now() + interval '1 hour' FROM person p WHERE p.email::text LIKE '%@quota.example.jp'");
    List<Long> people = new ArrayList<>();
    server.sql("SELECT id FROM person WHERE email::text LIKE '%@quota.example.jp' ORDER BY id").forEach(r -> people.add(r.getLong("id")));
    assertThat(rush(s, people, "quota-token-")).as("every sign-up answered 201").isEmpty();
    assertThat(confirmedOf(s, natori)).as("Natori at its quota").isEqualTo(12);
    assertThat(confirmedOf(s, matsue)).as("Matsue at its quota").isEqualTo(12);
    assertExact(s, 24, 300 - 24);
    // A Natori seat freed: the first waiting Natori person moves up, past the Matsue people ahead of them.
    long leaving = server.sql("SELECT g.person_id FROM registration g JOIN person p ON p.id = g.person_id"
        + " WHERE g.session_id = $1 AND g.status = 'confirmed' AND p.center_id = $2 LIMIT 1", s, natori).iterator().next().getLong("person_id");
    long expected = server.sql("SELECT g.person_id FROM registration g JOIN person p ON p.id = g.person_id"
        + " WHERE g.session_id = $1 AND g.status = 'waitlisted' AND p.center_id = $2 ORDER BY g.waitlist_seq LIMIT 1", s, natori)
        .iterator().next().getLong("person_id");
    assertThat(coord.delete("/api/sessions/" + s + "/registrations/" + leaving).status()).isEqualTo(204);
    assertThat(server.sql("SELECT status FROM registration WHERE session_id = $1 AND person_id = $2", s, expected)
        .iterator().next().getString("status")).isEqualTo("confirmed");
    assertThat(confirmedOf(s, natori)).isEqualTo(12);
    assertExact(s, 24, 300 - 25);
  }

  /** {@code people} sign up at once over 100 connections (cookies {@code token + id}); the answers other than 201. */
  static List<String> rush(long session, List<Long> people, String token) {
    // CSRF tokens are bound to their session (README, "Security"): one per person, fetched before the rush.
    Map<String, String> xsrf = server.xsrf(people.stream().map(p -> token + p).toList());
    WebClient client = WebClient.create(server.vertx(), new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(100));
    try {
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (long person : people) {
        calls.add(client.post(server.port(), "localhost", "/api/sessions/" + session + "/registrations")
            .putHeader("Cookie", Sessions.COOKIE + "=" + token + person + "; XSRF-TOKEN=" + xsrf.get(token + person))
            .putHeader("X-XSRF-TOKEN", xsrf.get(token + person)).putHeader("Content-Type", "application/json")
            .sendBuffer(topics("awareness").toBuffer()));
      }
      try {
        Future.join(new ArrayList<>(calls)).await(120, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return calls.stream().filter(f -> f.failed() || f.result().statusCode() != 201)
          .map(f -> f.failed() ? f.cause().toString() : f.result().statusCode() + " " + f.result().bodyAsString())
          .distinct().toList();
    } finally {
      client.close();
    }
  }

  static long confirmedOf(long session, long center) {
    return server.sql("SELECT count(*) AS n FROM registration g JOIN person p ON p.id = g.person_id"
        + " WHERE g.session_id = $1 AND g.status = 'confirmed' AND p.center_id = $2", session, center).iterator().next().getLong("n");
  }

  @Test
  @DisplayName("the e-mail used for Zoom: given at sign-up it is confirmed; else the account's, confirmed later by hand")
  void zoomEmail() {
    long s = session(5);
    server.person("z1@example.jp", natori, "staff-password");
    server.person("z2@example.jp", matsue, "staff-password");
    Api a = server.signedIn("z1@example.jp", "staff-password");
    Api b = server.signedIn("z2@example.jp", "staff-password");
    JsonObject given = a.post("/api/sessions/" + s + "/registrations", topics("awareness").put("zoomEmail", " zoom.z1@example.com "))
        .json();
    assertThat(given.getString("zoomEmail")).isEqualTo("zoom.z1@example.com");
    assertThat(given.getBoolean("zoomEmailConfirmed")).isTrue();
    assertThat(b.post("/api/sessions/" + s + "/registrations", topics("awareness").put("zoomEmail", "not an address")).status())
        .isEqualTo(422);
    JsonObject plain = b.post("/api/sessions/" + s + "/registrations", topics("awareness")).json();
    assertThat(plain.getBoolean("zoomEmailConfirmed")).isFalse();
    Api.Res bad = b.put("/api/sessions/" + s + "/registrations/me/zoom-email", new JsonObject().put("email", "@@"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().getJsonObject("error").getString("field")).isEqualTo("email");
    JsonObject confirmed = b.put("/api/sessions/" + s + "/registrations/me/zoom-email", new JsonObject().put("email", "")).json();
    assertThat(confirmed.getBoolean("zoomEmailConfirmed")).isTrue();
    assertThat(confirmed.containsKey("zoomEmail")).as("the account's e-mail").isFalse();

    // One Zoom e-mail is one person: Zoom pre-assigns rooms by e-mail.
    server.person("z3@example.jp", natori, "staff-password");
    Api c = server.signedIn("z3@example.jp", "staff-password");
    Api.Res twice = c.post("/api/sessions/" + s + "/registrations", topics("awareness").put("zoomEmail", "ZOOM.z1@example.com"));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.errorCode()).isEqualTo("zoom_email_taken");
    assertThat(twice.json().getJsonObject("error").getString("field")).isEqualTo("zoomEmail");
    assertThat(server.sql("SELECT count(*) AS n FROM registration WHERE session_id = $1", s).iterator().next().getLong("n"))
        .as("nothing registered").isEqualTo(2);
    assertThat(c.post("/api/sessions/" + s + "/registrations", topics("awareness")).status()).isEqualTo(201);
    Api.Res other = c.put("/api/sessions/" + s + "/registrations/me/zoom-email", new JsonObject().put("email", "z2@example.jp"));
    assertThat(other.status()).as("another participant's account e-mail").isEqualTo(409);
    assertThat(other.errorCode()).isEqualTo("zoom_email_taken");
    assertThat(c.get("/api/sessions/" + s + "/registrations/me").json().getBoolean("zoomEmailConfirmed")).as("unchanged").isFalse();
    assertThat(c.put("/api/sessions/" + s + "/registrations/me/zoom-email", new JsonObject().put("email", "zoom.z3@example.com"))
        .status()).isEqualTo(200);
  }

  /** Exactly {@code seats} confirmed (and counted), and the waitlist numbered 1..waiting without gaps. */
  static void assertExact(long session, int seats, int waiting) {
    assertThat(server.sql("SELECT count(*) AS n FROM registration WHERE session_id = $1 AND status = 'confirmed'", session)
        .iterator().next().getLong("n")).isEqualTo(seats);
    assertThat(server.sql("SELECT seats_taken FROM session WHERE id = $1", session).iterator().next().getInteger("seats_taken"))
        .isEqualTo(seats);
    List<Long> positions = new ArrayList<>();
    server.sql("SELECT row_number() OVER (ORDER BY waitlist_seq) AS pos, count(*) OVER () AS total FROM registration"
        + " WHERE session_id = $1 AND status = 'waitlisted'", session).forEach(r -> positions.add(r.getLong("pos")));
    assertThat(positions).hasSize(waiting);
    assertThat(positions.get(positions.size() - 1)).isEqualTo(waiting);
  }
}
