package org.kakehashi.signup;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Sessions;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The position told is the position held: many people racing for a few seats are each told, in the
 * sign-up answer, exactly the place the stored waitlist order gives them — checked answer by answer,
 * on the one-statement path, on the per-center quota path and on the Zoom e-mail path (where one
 * e-mail given by many racers goes to one of them only).
 */
class WaitlistPositionTest {

  // A generous wait for a database connection: 240 racers on a loaded 2-core machine must queue, not fail.
  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("poolSize", 16)
      .put("connectTimeoutMillis", 60_000).put("poolWaitQueue", 2_000));
  static final Fixtures fixtures = new Fixtures(server);

  static long natori;
  static long matsue;

  @BeforeAll
  static void seed() {
    natori = server.center("natori", "名取市");
    matsue = fixtures.center("matsue", "松江市公民館", "松江市", "島根県");
  }

  static long session(int capacity, Integer quota, int day) {
    long round = fixtures.round("冬").dates("2027-01-01", "2027-03-31").centers(natori, matsue)
        .topic("awareness", "気づき", "Awareness").create();
    var session = fixtures.session(round, fixtures.pair(round, natori, matsue)).inMinutes(day * 24 * 60L, 120)
        .capacity(capacity).signupClosesAt(java.time.OffsetDateTime.now().plusDays(5));
    if (quota != null) {
      session.centerQuota(quota);
    }
    return session.create();
  }

  /** {@code n} signed-in staff (half of them of each center), by id. */
  static List<Long> people(String tag, int n) {
    server.sql("INSERT INTO person (email, name, center_id) SELECT $1 || i || '@race.example.jp', '職員' || i,"
        + " CASE WHEN i % 2 = 0 THEN $2::bigint ELSE $3::bigint END FROM generate_series(1, $4) AS i", tag, natori, matsue, n);
    server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('race-token-' || p.id, 'UTF8')), 'hex'),"
        + " p.id, now() + interval '1 hour' FROM person p WHERE p.email::text LIKE $1 || '%@race.example.jp'", tag);
    List<Long> ids = new ArrayList<>();
    server.sql("SELECT id FROM person WHERE email::text LIKE $1 || '%@race.example.jp' ORDER BY id", tag)
        .forEach(r -> ids.add(r.getLong("id")));
    return ids;
  }

  /** Everyone signs up at once; the answers by person. */
  static Map<Long, JsonObject> race(long session, List<Long> people) {
    Map<Long, HttpResponse<Buffer>> responses = race(session, people, person -> new JsonObject().put("topics", new JsonArray().add("awareness")));
    Map<Long, JsonObject> answers = new HashMap<>();
    List<String> failures = new ArrayList<>();
    responses.forEach((person, r) -> {
      if (r.statusCode() != 201) {
        failures.add(r.statusCode() + " " + r.bodyAsString());
      } else {
        answers.put(person, r.bodyAsJsonObject());
      }
    });
    assertThat(failures).as("every sign-up answered 201").isEmpty();
    return answers;
  }

  /** Everyone signs up at once, each with the body {@code body} gives them; the responses by person. */
  static Map<Long, HttpResponse<Buffer>> race(long session, List<Long> people, java.util.function.LongFunction<JsonObject> body) {
    return race(person -> session, people, body);
  }

  /** Everyone signs up at once, each for the session {@code sessionOf} gives them, with the body {@code body} gives them. */
  static Map<Long, HttpResponse<Buffer>> race(java.util.function.LongUnaryOperator sessionOf, List<Long> people,
                                              java.util.function.LongFunction<JsonObject> body) {
    // CSRF tokens are bound to their session (README, "Security"): one per person, fetched before the race.
    Map<String, String> xsrf = server.xsrf(people.stream().map(p -> "race-token-" + p).toList());
    WebClient client = WebClient.create(server.vertx(), new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(people.size()));
    try {
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (long person : people) {
        calls.add(client.post(server.port(), "localhost", "/api/sessions/" + sessionOf.applyAsLong(person) + "/registrations")
            .putHeader("Cookie", Sessions.COOKIE + "=race-token-" + person + "; XSRF-TOKEN=" + xsrf.get("race-token-" + person))
            .putHeader("X-XSRF-TOKEN", xsrf.get("race-token-" + person)).putHeader("Content-Type", "application/json")
            .sendBuffer(body.apply(person).toBuffer()));
      }
      try {
        Future.join(new ArrayList<>(calls)).await(240, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      Map<Long, HttpResponse<Buffer>> responses = new HashMap<>();
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < people.size(); i++) {
        Future<HttpResponse<Buffer>> f = calls.get(i);
        if (f.failed()) {
          failures.add(f.cause().toString());
        } else {
          responses.put(people.get(i), f.result());
        }
      }
      assertThat(failures).as("every sign-up answered").isEmpty();
      return responses;
    } finally {
      client.close();
    }
  }

  /** Every answer against the stored rows: the status stored, and for those waiting their rank in the stored order. */
  static void everyAnswerTrue(long session, Map<Long, JsonObject> answers, int seats) {
    Map<Long, String> status = new HashMap<>();
    Map<Long, Long> rank = new HashMap<>();
    for (Row r : server.sql("SELECT person_id, status, CASE WHEN status = 'waitlisted' THEN"
        + " rank() OVER (PARTITION BY status ORDER BY waitlist_seq) END AS rank FROM registration WHERE session_id = $1", session)) {
      status.put(r.getLong("person_id"), r.getString("status"));
      rank.put(r.getLong("person_id"), r.getLong("rank"));
    }
    assertThat(status).hasSize(answers.size());
    assertThat(status.values().stream().filter("confirmed"::equals).count()).isEqualTo(seats);
    List<String> wrong = new ArrayList<>();
    answers.forEach((person, answer) -> {
      Long told = answer.getLong("position");
      if (!answer.getString("status").equals(status.get(person)) || !java.util.Objects.equals(told, rank.get(person))) {
        wrong.add("person " + person + " told " + answer.getString("status") + " " + told
            + ", stored " + status.get(person) + " " + rank.get(person));
      }
    });
    assertThat(wrong).as("answers that differ from the stored order").isEmpty();
    List<Long> told = answers.values().stream().map(a -> a.getLong("position")).filter(java.util.Objects::nonNull).sorted().toList();
    assertThat(told).as("the waitlist positions told are 1..n, each once")
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, answers.size() - seats).boxed().toList());
  }

  @Test
  @DisplayName("240 people racing for 5 seats (the one-statement path): each is told the place the stored order gives them")
  void fastPath() {
    long s = session(5, null, 20);
    Map<Long, JsonObject> answers = race(s, people("fast", 240));
    everyAnswerTrue(s, answers, 5);
    // The page reads the same place.
    long last = answers.entrySet().stream().filter(e -> e.getValue().getLong("position") != null)
        .max(java.util.Comparator.comparing(e -> e.getValue().getLong("position"))).orElseThrow().getKey();
    Api page = server.api();
    page.setCookie(Sessions.COOKIE, "race-token-" + last);
    assertThat(page.get("/api/sessions/" + s + "/registrations/me").json().getLong("position")).isEqualTo(235L);
  }

  @Test
  @DisplayName("60 people racing for 5 seats, 30 of them with one Zoom e-mail: one of those 30 gets it, 29 are refused (409), all are told their true place")
  void oneZoomEmail() {
    long s = session(5, null, 22);
    List<Long> people = people("zoom", 60);
    java.util.Set<Long> sharing = new java.util.HashSet<>(people.subList(0, 30));
    // The same address in different cases: Zoom compares e-mails without case.
    Map<Long, HttpResponse<Buffer>> responses = race(s, people, person -> new JsonObject()
        .put("topics", new JsonArray().add("awareness"))
        .put("zoomEmail", sharing.contains(person) ? (person % 2 == 0 ? "Shared@Zoom.example.com" : "shared@zoom.example.com")
            : "own-" + person + "@zoom.example.com"));
    Map<Long, JsonObject> answers = new HashMap<>();
    List<String> unexpected = new ArrayList<>();
    int refused = 0;
    for (Map.Entry<Long, HttpResponse<Buffer>> e : responses.entrySet()) {
      HttpResponse<Buffer> r = e.getValue();
      if (r.statusCode() == 201) {
        answers.put(e.getKey(), r.bodyAsJsonObject());
      } else if (r.statusCode() == 409 && sharing.contains(e.getKey())
          && "zoom_email_taken".equals(r.bodyAsJsonObject().getJsonObject("error").getString("code"))) {
        refused++;
      } else {
        unexpected.add(e.getKey() + ": " + r.statusCode() + " " + r.bodyAsString());
      }
    }
    assertThat(unexpected).as("answers other than 201, or 409 zoom_email_taken for a shared e-mail").isEmpty();
    assertThat(refused).as("refused: all but one of those sharing the e-mail").isEqualTo(29);
    assertThat(answers.keySet().stream().filter(sharing::contains).count()).as("one of them signed up").isEqualTo(1);
    assertThat(server.sql("SELECT count(*) AS n FROM registration WHERE session_id = $1 AND lower(zoom_email) = 'shared@zoom.example.com'", s)
        .iterator().next().getLong("n")).as("stored once").isEqualTo(1L);
    everyAnswerTrue(s, answers, 5);
  }

  @Test
  @DisplayName("240 people racing for 4 sessions of 3 seats at once (sign-ups arriving together share one transaction):"
      + " each is told the place the stored order gives them in their session")
  void manySessions() {
    long[] sessions = {session(3, null, 23), session(3, null, 24), session(3, null, 25), session(3, null, 26)};
    List<Long> people = people("many", 240);
    Map<Long, HttpResponse<Buffer>> responses = race(person -> sessions[(int) (person % 4)], people,
        person -> new JsonObject().put("topics", new JsonArray().add("awareness")));
    for (long s : sessions) {
      Map<Long, JsonObject> answers = new HashMap<>();
      responses.forEach((person, r) -> {
        if (sessions[(int) (person % 4)] == s) {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
          answers.put(person, r.bodyAsJsonObject());
        }
      });
      everyAnswerTrue(s, answers, 3);
    }
  }

  @Test
  @DisplayName("One group of 60 sign-ups for 3 sessions of 4 seats, in one transaction, after earlier sign-ups, a cancellation"
      + " and a move up: the seats go in the group's order, each waiting person is told their true place; the same group again"
      + " takes nothing (each already registered)")
  void oneGroup() throws Exception {
    long[] sessions = {session(4, null, 28), session(4, null, 29), session(4, null, 30)};
    List<Long> people = people("group", 60);
    // Six earlier in the first session (four seats, two waiting), then the first gives up the seat (the
    // first waiting moves up): one waits before the group, whose places come after.
    List<Long> earlier = people("early", 6);
    for (long person : earlier) {
      RegistrationStore.register(server.pool(), sessions[0], person, List.of("awareness"), null, false,
          SeatInvitations.Reason.SIGNED_UP).await(30, TimeUnit.SECONDS);
    }
    server.pool().withTransaction(tx -> RegistrationStore.cancel(tx, sessions[0], earlier.get(0), SeatInvitations.Reason.CANCELLED))
        .await(30, TimeUnit.SECONDS);
    Map<Long, Long> centerOf = new HashMap<>();
    server.sql("SELECT id, center_id FROM person WHERE email::text LIKE 'group%@race.example.jp'")
        .forEach(r -> centerOf.put(r.getLong("id"), r.getLong("center_id")));
    List<RegistrationStore.Request> group = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      group.add(new RegistrationStore.Request(sessions[i % 3], people.get(i), List.of("awareness"), centerOf.get(people.get(i)), false,
          SeatInvitations.Reason.SIGNED_UP));
    }
    List<Registration> answers = RegistrationStore.registerAllIfAllowed(server.pool(), group).await(60, TimeUnit.SECONDS);
    assertThat(answers).as("every sign-up of the group taken by the group's statement").doesNotContainNull().hasSize(60);
    for (int n = 0; n < 3; n++) {
      int k = n;
      long s = sessions[k];
      Map<Long, JsonObject> told = new HashMap<>();
      List<Long> seated = new ArrayList<>();
      for (int i = 0; i < people.size(); i++) {
        if (i % 3 == k) {
          told.put(people.get(i), new JsonObject().put("status", answers.get(i).status()).put("position", answers.get(i).position()));
          if ("confirmed".equals(answers.get(i).status())) {
            seated.add(people.get(i));
          }
        }
      }
      if (k == 0) {
        earlier.subList(1, 5).forEach(person -> told.put(person, new JsonObject().put("status", "confirmed")));
        assertThat(seated).as("the seats were taken before the group").isEmpty();
        // everyAnswerTrue checks the positions 1..n: the group's start after the one waiting before it.
        told.put(earlier.get(5), new JsonObject().put("status", "waitlisted").put("position", 1L));
      } else {
        assertThat(seated).as("the seats go in the group's order").hasSize(4)
            .containsExactlyElementsOf(java.util.stream.IntStream.range(0, people.size()).filter(i -> i % 3 == k).limit(4)
                .mapToObj(people::get).toList());
      }
      everyAnswerTrue(s, told, 4);
    }
    assertThat(RegistrationStore.registerAllIfAllowed(server.pool(), group).await(60, TimeUnit.SECONDS))
        .as("a second time: nothing taken, each goes the slow way (which answers the place held)").containsOnlyNulls();
  }

  @Test
  @DisplayName("A sign-up that fails in the database (a coordinator adding someone who does not exist) among 100 racers:"
      + " it alone is refused, as it would be alone (409 in_use); the others are answered 201 with their true place")
  void oneFailingAmongMany() {
    long s = session(4, null, 27);
    List<Long> people = people("mixed", 100);
    server.sql("INSERT INTO person (email, name, roles) VALUES ('coordinator@race.example.jp', 'コーディネーター', '{coordinator}')");
    long coordinator = server.sql("SELECT id FROM person WHERE email = 'coordinator@race.example.jp'").iterator().next().getLong("id");
    server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) VALUES (encode(sha256(convert_to('race-token-' || $1::bigint, 'UTF8')), 'hex'),"
        + " $1, now() + interval '1 hour')", coordinator);
    List<Long> racers = new ArrayList<>(people);
    racers.add(50, coordinator);
    long nobody = people.get(people.size() - 1) + 1_000_000;
    Map<Long, HttpResponse<Buffer>> responses = race(s, racers, person -> person == coordinator
        ? new JsonObject().put("topics", new JsonArray().add("awareness")).put("personId", nobody)
        : new JsonObject().put("topics", new JsonArray().add("awareness")));
    HttpResponse<Buffer> refused = responses.remove(coordinator);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("in_use");
    Map<Long, JsonObject> answers = new HashMap<>();
    responses.forEach((person, r) -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      answers.put(person, r.bodyAsJsonObject());
    });
    everyAnswerTrue(s, answers, 4);
  }

  @Test
  @DisplayName("200 people racing for 6 seats with at most 3 per center (the quota path): each is told their true place")
  void quotaPath() {
    long s = session(6, 3, 21);
    Map<Long, JsonObject> answers = race(s, people("quota", 200));
    everyAnswerTrue(s, answers, 6);
  }
}
