package org.kakehashi.directory;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.Routes;
import org.kakehashi.support.TestServer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route × {anonymous, staff, staff of another center, facilitator, coordinator} → the
 * expected status, checked on the server.
 *
 * <p>The routes are read from the server's own router ({@code router.getRoutes()}, sub-routers
 * included): a route without a row fails {@link #everyRouteHasARow()} naming it, and a row whose
 * route is gone fails too. <b>Adding a route?</b> Add one line to {@link #cases()}:
 * <pre>{@code
 * list.add(row("GET /api/things/:id", () -> "/api/things/" + thing(), none, 401, 200, 403, 403, 200));
 * }</pre>
 * the route exactly as mounted (method, {@code /api} prefix, {@code :param} names), a supplier of a
 * concrete path it serves (checked against the route; a query string is allowed), a supplier of the
 * body (JSON, {@code byte[]} for CSV, or {@code none}), then the five statuses in the order of
 * {@link #WHO}. A route may have several rows (another id, a query). Use {@link #ownSession} for a
 * route that ends or changes the caller's session (each role then signs in afresh). Data for a row
 * comes from the helpers below ({@code session()}, {@code publishedRound()}, …); a row that
 * changes or deletes its object gets a disposable one.
 */
class AccessMatrixTest {

  @RegisterExtension
  static TestServer server = new TestServer();
  static Fixtures fx = new Fixtures(server);

  static final String[] WHO = {"anonymous", "staff", "other-center staff", "facilitator", "coordinator"};
  static final AtomicInteger SEQ = new AtomicInteger();

  static long natori;
  static long matsue;
  static long kobe;
  static long round;
  static long staffId;
  static long colleagueId;
  static Api[] as = new Api[5];

  @BeforeAll
  static void seed() {
    natori = server.center("natori-1", "名取市");
    matsue = server.center("matsue-1", "松江市");
    kobe = server.center("kobe-1", "神戸市");
    round = disposableRound();
    staffId = server.person("staff@example.jp", natori, "staff-password");
    colleagueId = server.person("colleague@example.jp", natori, "staff-password");
    server.person("other@example.jp", matsue, "staff-password");
    server.person("facil@example.jp", null, "facil-password", "facilitator");
    server.person("coord@example.jp", null, "coord-password", "coordinator");
    as[0] = server.api();
    as[1] = server.signedIn("staff@example.jp", "staff-password");
    as[2] = server.signedIn("other@example.jp", "staff-password");
    as[3] = server.signedIn("facil@example.jp", "facil-password");
    as[4] = server.signedIn("coord@example.jp", "coord-password");
  }

  static final String[][] SIGN_IN = {null, {"staff@example.jp", "staff-password"}, {"other@example.jp", "staff-password"},
      {"facil@example.jp", "facil-password"}, {"coord@example.jp", "coord-password"}};

  /** One row: the route as mounted ({@code "GET /api/x/:id"}), a concrete path of it, the body, a status per {@link #WHO}. */
  record Case(String route, Supplier<String> path, Supplier<Object> body, boolean ownSession, int... expected) {
    HttpMethod method() {
      return HttpMethod.valueOf(route.substring(0, route.indexOf(' ')));
    }

    String pattern() {
      return route.substring(route.indexOf(' ') + 1);
    }
  }

  static Case row(String route, Supplier<String> path, Supplier<Object> body, int... expected) {
    return new Case(route, path, body, false, expected);
  }

  /** A row whose request ends or changes the caller's session: each role signs in afresh for it. */
  static Case ownSession(String route, Supplier<String> path, Supplier<Object> body, int... expected) {
    return new Case(route, path, body, true, expected);
  }

  /** A private calendar feed address of staff@ (made through the API), as a path. */
  static String feedPath() {
    String url = as[1].post("/api/me/calendar-feed", null).json().getString("url");
    return url.substring(url.indexOf("/api/"));
  }

  static JsonObject newCenter() {
    return new JsonObject().put("code", "m-" + SEQ.incrementAndGet()).put("name", "N").put("city", "仙台市")
        .put("prefecture", "宮城県");
  }

  static JsonObject newPerson() {
    return new JsonObject().put("email", "m" + SEQ.incrementAndGet() + "@example.jp").put("name", "N")
        .put("centerId", natori);
  }

  static long disposableCenter() {
    return server.center("d-" + SEQ.incrementAndGet(), "仙台市");
  }

  static long disposablePerson() {
    return server.person("d" + SEQ.incrementAndGet() + "@example.jp", natori, "disposable-password");
  }

  /** A draft round of Natori and Kobe (so staff of Natori may see it, staff of Matsue may not). */
  static long disposableRound() {
    return draftRound().create();
  }

  private static Fixtures.RoundBuilder draftRound() {
    return fx.round("R").dates("2027-01-01", "2027-01-31").status("draft").centers(natori, kobe);
  }

  /** A round that has been paired (not published). */
  static long pairedRound() {
    long id = disposableRound();
    assertThat(as[4].post("/api/rounds/" + id + "/pairing", null).status()).isEqualTo(200);
    return id;
  }

  /** A round of Natori and Kobe whose pairs are published (so Natori's staff may answer). */
  static long publishedRound() {
    long id = pairedRound();
    assertThat(as[4].post("/api/rounds/" + id + "/pairs/publish", null).status()).isEqualTo(200);
    as[4].post("/api/hosts", new JsonObject().put("name", "Zoom for " + id));
    return id;
  }

  static long publishedSlot() {
    long id = publishedRound();
    return as[4].post("/api/rounds/" + id + "/slots", new JsonObject().put("startsAt", "2027-03-01T19:00:00+09:00"))
        .json().getJsonArray("slots").getJsonObject(0).getLong("id");
  }

  /** A session of the standing round (Natori and Kobe) in 30 days, through the stores. */
  static long session() {
    if (sessionId == 0) {
      sessionId = fx.session(round, fx.pair(round, natori, kobe)).inMinutes(30 * 24 * 60, 90).create();
    }
    return sessionId;
  }

  static long sessionId;

  /** A held session of its own round of Natori and Kobe, in which staff@ had a confirmed seat (reflections). */
  static long heldSession() {
    if (heldSessionId == 0) {
      heldRoundId = draftRound().topic("bousai", "防災", "Disaster").create();
      heldSessionId = fx.session(heldRoundId, fx.pair(heldRoundId, natori, kobe)).inMinutes(-180, 120).held().create();
      fx.register(heldSessionId, staffId);
    }
    return heldSessionId;
  }

  static long heldSessionId;
  static long heldRoundId;

  /** staff@'s participation credential of {@link #heldSession()}, accepted once. */
  static synchronized String credential() {
    if (credentialId == null) {
      Api.Res res = as[1].post("/api/sessions/" + heldSession() + "/credentials", new JsonObject());
      credentialId = res.json().getString("id");
    }
    return credentialId;
  }

  static String credentialId;

  /** Natori's case for {@link #session()}, with a title and summary so it can be submitted. */
  static synchronized long caseOfSession() {
    if (caseId == 0) {
      caseId = fx.caseStudy(session(), natori, "見守り", "要約", staffId);
    }
    return caseId;
  }

  static long caseId;

  /**
   * An attachment of {@link #caseOfSession()} stored straight in the database (a tiny PNG, with a preview): the cases'
   * AttachmentStore (like QuestionStore below) is package-private to its capability, and its public path is the
   * streamed upload, which the matrix also calls.
   */
  static long attachment() {
    byte[] png = java.util.Base64.getDecoder().decode(PNG);
    long id = server.sql("INSERT INTO case_attachment (case_id, name, content_type, size, sha256, preview)"
        + " VALUES ($1, '写真.png', 'image/png', $2, 'x', $3) RETURNING id", caseOfSession(), png.length,
        io.vertx.core.buffer.Buffer.buffer(png)).iterator().next().getLong("id");
    server.sql("INSERT INTO case_attachment_chunk (attachment_id, seq, data) VALUES ($1, 0, $2)", id,
        io.vertx.core.buffer.Buffer.buffer(png));
    return id;
  }

  static long attachmentId;

  /** A question on {@link #caseOfSession()} (from nobody in particular). */
  static long question() {
    return server.sql("INSERT INTO case_question (case_id, text) VALUES ($1, '質問') RETURNING id", caseOfSession())
        .iterator().next().getLong("id");
  }

  static synchronized long sharedAttachment() {
    if (attachmentId == 0) {
      attachmentId = attachment();
    }
    return attachmentId;
  }

  /** A 1×1 PNG. */
  static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  static JsonObject newRound() {
    return new JsonObject().put("title", "R" + SEQ.incrementAndGet()).put("startsOn", "2027-01-01").put("endsOn", "2027-01-31");
  }

  static List<Case> cases() {
    Supplier<Object> none = () -> null;
    Supplier<Object> centersCsv = () -> ("code,name,city,prefecture\ncsv-" + SEQ.incrementAndGet() + ",N,仙台市,宮城県\n")
        .getBytes(StandardCharsets.UTF_8);
    Supplier<Object> peopleCsv = () -> ("email,name\ncsv" + SEQ.incrementAndGet() + "@example.jp,N\n")
        .getBytes(StandardCharsets.UTF_8);
    List<Case> list = new ArrayList<>();
    // anonymous, staff, other-center staff, facilitator, coordinator
    list.add(row("GET /api/me", () -> "/api/me", none, 401, 200, 200, 200, 200));
    list.add(row("PATCH /api/me", () -> "/api/me", () -> new JsonObject().put("locale", "ja"), 401, 200, 200, 200, 200));
    list.add(row("PUT /api/me/password", () -> "/api/me/password", () -> new JsonObject().put("currentPassword", "wrong-one")
        .put("newPassword", "new-falcon-prairie-x"), 401, 422, 422, 422, 422));
    list.add(row("POST /api/auth/login", () -> "/api/auth/login", () -> new JsonObject().put("email", "nobody@example.jp")
        .put("password", "nothing-here"), 401, 401, 401, 401, 401));
    list.add(row("POST /api/auth/link", () -> "/api/auth/link", () -> new JsonObject().put("email", "nobody@example.jp"),
        202, 202, 202, 202, 202));
    list.add(row("POST /api/auth/link/:token", () -> "/api/auth/link/" + "a".repeat(43), none, 410, 410, 410, 410, 410));
    list.add(row("GET /api/invitations/:token", () -> "/api/invitations/" + "a".repeat(43), none, 404, 404, 404, 404, 404));
    list.add(row("POST /api/invitations/:token/accept", () -> "/api/invitations/" + "a".repeat(43) + "/accept",
        () -> new JsonObject().put("password", "some-password"), 404, 404, 404, 404, 404));
    list.add(row("GET /api/centers", () -> "/api/centers", none, 401, 200, 200, 200, 200));
    list.add(row("GET /api/centers/:id", () -> "/api/centers/" + natori, none, 401, 200, 200, 200, 200));
    list.add(row("POST /api/centers", () -> "/api/centers", AccessMatrixTest::newCenter, 401, 403, 403, 403, 201));
    list.add(row("PUT /api/centers/:id", () -> "/api/centers/" + disposableCenter(), AccessMatrixTest::newCenter,
        401, 403, 403, 403, 200));
    list.add(row("DELETE /api/centers/:id", () -> "/api/centers/" + disposableCenter(), none, 401, 403, 403, 403, 204));
    list.add(row("POST /api/centers/import", () -> "/api/centers/import", centersCsv, 401, 403, 403, 403, 200));
    list.add(row("GET /api/people", () -> "/api/people", none, 401, 200, 200, 403, 200));
    list.add(row("GET /api/people", () -> "/api/people?centerId=" + natori, none, 401, 200, 403, 403, 200));
    // One may not see a person of another center: 404, as for an id that does not exist (no probing).
    list.add(row("GET /api/people/:id", () -> "/api/people/" + staffId, none, 401, 200, 404, 404, 200));
    list.add(row("GET /api/people/:id", () -> "/api/people/" + colleagueId, none, 401, 200, 404, 404, 200));
    list.add(row("POST /api/people", () -> "/api/people", AccessMatrixTest::newPerson, 401, 403, 403, 403, 201));
    list.add(row("PUT /api/people/:id", () -> "/api/people/" + disposablePerson(), AccessMatrixTest::newPerson,
        401, 403, 403, 403, 200));
    list.add(row("DELETE /api/people/:id", () -> "/api/people/" + disposablePerson(), none, 401, 403, 403, 403, 204));
    list.add(row("GET /api/people/invitations", () -> "/api/people/invitations", none, 401, 403, 403, 403, 200));
    list.add(row("POST /api/people/invitations", () -> "/api/people/invitations", () -> new JsonObject().put("centerId", 999_999),
        401, 403, 403, 403, 202));
    list.add(row("POST /api/people/:id/invite", () -> "/api/people/" + disposablePerson() + "/invite", none, 401, 403, 403, 403, 202));
    list.add(row("POST /api/people/import", () -> "/api/people/import", peopleCsv, 401, 403, 403, 403, 200));
    list.add(row("GET /health", () -> "/health", none, 200, 200, 200, 200, 200));
    list.add(row("GET /api/rounds", () -> "/api/rounds", none, 401, 200, 200, 200, 200));
    list.add(row("POST /api/rounds", () -> "/api/rounds", AccessMatrixTest::newRound, 401, 403, 403, 403, 201));
    list.add(row("GET /api/rounds/:id", () -> "/api/rounds/" + round, none, 401, 200, 404, 200, 200));
    list.add(row("PUT /api/rounds/:id", () -> "/api/rounds/" + disposableRound(), AccessMatrixTest::newRound, 401, 403, 403, 403, 200));
    list.add(row("PUT /api/rounds/:id/centers", () -> "/api/rounds/" + disposableRound() + "/centers",
        () -> new JsonObject().put("centerIds", new JsonArray().add(natori).add(matsue)), 401, 403, 403, 403, 200));
    list.add(row("POST /api/rounds/:id/pairing", () -> "/api/rounds/" + disposableRound() + "/pairing", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:id/pairs", () -> "/api/rounds/" + pairedRound() + "/pairs", none, 401, 403, 404, 403, 200));
    list.add(row("PATCH /api/rounds/:id/pairs", () -> "/api/rounds/" + pairedRound() + "/pairs",
        () -> new JsonObject().put("action", "allow").put("centerIds", new JsonArray().add(natori).add(kobe)), 401, 403, 403, 403, 200));
    list.add(row("POST /api/rounds/:id/pairs/publish", () -> "/api/rounds/" + pairedRound() + "/pairs/publish", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:id", () -> "/api/rounds/999999", none, 401, 404, 404, 404, 404));
    list.add(row("POST /api/rounds/:id/slots", () -> "/api/rounds/" + round + "/slots",
        () -> new JsonObject().put("startsAt", "2027-01-" + (10 + SEQ.incrementAndGet() % 18) + "T19:00:00+09:00"),
        401, 403, 403, 403, 201));
    list.add(row("GET /api/rounds/:id/slots", () -> "/api/rounds/" + round + "/slots", none, 401, 200, 404, 200, 200));
    list.add(row("PUT /api/slots/:id/availability", () -> "/api/slots/" + publishedSlot() + "/availability",
        () -> new JsonObject().put("answer", "yes"), 401, 200, 403, 200, 200));
    list.add(row("DELETE /api/slots/:id", () -> "/api/slots/" + as[4].post("/api/rounds/" + round + "/slots",
            new JsonObject().put("startsAt", "2027-02-01T08:00:00+09:00").put("durationMinutes", 15 + SEQ.incrementAndGet()))
        .json().getJsonArray("slots").getJsonObject(0).getLong("id"), none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/hosts", () -> "/api/hosts", none, 401, 403, 403, 403, 200));
    list.add(row("POST /api/hosts", () -> "/api/hosts", () -> new JsonObject().put("name", "Zoom " + SEQ.incrementAndGet()),
        401, 403, 403, 403, 201));
    list.add(row("POST /api/rounds/:id/schedule", () -> "/api/rounds/" + publishedRound() + "/schedule", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:id/progress", () -> "/api/rounds/" + publishedRound() + "/progress", none, 401, 403, 403, 403, 200));
    list.add(row("POST /api/rounds/:id/reminders", () -> "/api/rounds/" + publishedRound() + "/reminders", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:id/sessions", () -> "/api/rounds/" + round + "/sessions", none, 401, 200, 404, 200, 200));
    // A session one may not see (SessionAccess.canSee) is a 404, for reading and for booking alike.
    list.add(row("GET /api/sessions/:id", () -> "/api/sessions/" + session(), none, 401, 200, 404, 200, 200));
    list.add(row("GET /api/sessions/:id/calendar.ics", () -> "/api/sessions/" + session() + "/calendar.ics", none, 401, 200, 404, 200, 200));
    list.add(row("PATCH /api/sessions/:id", () -> "/api/sessions/" + session(), () -> new JsonObject().put("capacity", 20),
        401, 403, 403, 403, 200));
    // The Zoom meeting's state and a retry: coordinators only (Zoom is not configured here: 409).
    list.add(row("GET /api/sessions/:id/zoom", () -> "/api/sessions/" + session() + "/zoom", none, 401, 403, 403, 403, 200));
    list.add(row("POST /api/sessions/:id/zoom/retry", () -> "/api/sessions/" + session() + "/zoom/retry", none, 401, 403, 403, 403, 409));
    list.add(row("GET /api/sessions/:id", () -> "/api/sessions/999999", none, 401, 404, 404, 404, 404));
    list.add(row("POST /api/sessions/:id/registrations", () -> "/api/sessions/" + session() + "/registrations",
        () -> new JsonObject().put("topics", new JsonArray()), 401, 201, 404, 403, 201));
    list.add(row("GET /api/sessions/:id/registrations/me", () -> "/api/sessions/" + session() + "/registrations/me", none, 401, 200, 404, 404, 200));
    list.add(row("DELETE /api/sessions/:id/registrations/:personId", () -> "/api/sessions/" + session() + "/registrations/" + staffId, none,
        401, 403, 403, 403, 204));
    list.add(row("DELETE /api/sessions/:id/registrations/me", () -> "/api/sessions/" + session() + "/registrations/me", none, 401, 404, 404, 404, 204));
    Supplier<Object> note = () -> new JsonObject().put("answers", new JsonObject()).put("visibility", "network");
    // Breakout rooms: the session's facilitator (none here) and coordinators; a participant sees their own room.
    list.add(row("GET /api/sessions/:id/rooms", () -> "/api/sessions/" + heldSession() + "/rooms", none, 401, 403, 403, 403, 200));
    list.add(row("POST /api/sessions/:id/rooms/assign", () -> "/api/sessions/" + heldSession() + "/rooms/assign", () -> new JsonObject(),
        401, 403, 403, 403, 200));
    list.add(row("PATCH /api/sessions/:id/rooms", () -> "/api/sessions/" + heldSession() + "/rooms",
        () -> new JsonObject().put("action", "lock").put("personId", staffId), 401, 403, 403, 403, 200));
    list.add(row("GET /api/sessions/:id/rooms.csv", () -> "/api/sessions/" + heldSession() + "/rooms.csv", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/sessions/:id/rooms/me", () -> "/api/sessions/" + heldSession() + "/rooms/me", none, 401, 200, 404, 404, 404));
    list.add(row("PUT /api/sessions/:id/registrations/me/zoom-email", () -> "/api/sessions/" + heldSession() + "/registrations/me/zoom-email",
        () -> new JsonObject().put("email", ""), 401, 200, 404, 404, 404));
    list.add(row("POST /api/sessions/:id/held", () -> "/api/sessions/" + heldSession() + "/held", none, 401, 403, 403, 403, 200));
    list.add(row("PUT /api/sessions/:id/reflections/me", () -> "/api/sessions/" + heldSession() + "/reflections/me", note, 401, 422, 403, 403, 403));
    list.add(row("GET /api/sessions/:id/reflections/me", () -> "/api/sessions/" + heldSession() + "/reflections/me", none, 401, 404, 404, 404, 404));
    list.add(row("GET /api/sessions/:id/reflections/form", () -> "/api/sessions/" + heldSession() + "/reflections/form", none, 401, 200, 404, 200, 200));
    list.add(row("GET /api/sessions/:id/reflections", () -> "/api/sessions/" + heldSession() + "/reflections", none, 401, 200, 200, 200, 200));
    list.add(row("GET /api/sessions/:id/reflections/summary", () -> "/api/sessions/" + heldSession() + "/reflections/summary", none, 401, 403, 403, 403, 200));
    list.add(row("POST /api/sessions/:id/reflections/remind", () -> "/api/sessions/" + heldSession() + "/reflections/remind", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:id/reflections/summary", () -> "/api/rounds/" + (heldSession() > 0 ? heldRoundId : 0) + "/reflections/summary", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/sessions/:id/reflections/evidence", () -> "/api/sessions/" + heldSession() + "/reflections/evidence?key=x",
        none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:id/reflections/evidence", () -> "/api/rounds/" + (heldSession() > 0 ? heldRoundId : 0)
        + "/reflections/evidence?key=x", none, 401, 403, 403, 403, 200));
    list.add(row("PUT /api/sessions/:id/reflections/hidden", () -> "/api/sessions/" + heldSession() + "/reflections/hidden",
        () -> new JsonObject().put("key", "x").put("hidden", true), 401, 403, 403, 403, 200));
    list.add(row("PUT /api/rounds/:id/reflections/hidden", () -> "/api/rounds/" + (heldSession() > 0 ? heldRoundId : 0)
        + "/reflections/hidden", () -> new JsonObject().put("key", "x").put("hidden", true), 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:id/reflections.csv", () -> "/api/rounds/" + (heldSession() > 0 ? heldRoundId : 0) + "/reflections.csv", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/me/history", () -> "/api/me/history", none, 401, 200, 200, 200, 200));
    list.add(row("GET /api/me/sessions", () -> "/api/me/sessions", none, 401, 200, 200, 200, 200));
    list.add(row("GET /api/me/partner-cases", () -> "/api/me/partner-cases", none, 401, 200, 200, 200, 200));
    list.add(row("GET /api/reflections/network", () -> "/api/reflections/network", none, 401, 403, 403, 403, 200));
    // Credentials (README "Credentials"): staff@ attended heldSession(); the coordinator's revocation comes last.
    // Cases: the pair's staff, the session's own facilitator (not any facilitator) and coordinators (README, "Case studies").
    list.add(row("GET /api/sessions/:id/cases", () -> "/api/sessions/" + session() + "/cases", none, 401, 200, 404, 404, 200));
    list.add(row("PUT /api/sessions/:id/cases/:centerId", () -> "/api/sessions/" + session() + "/cases/" + natori,
        () -> new JsonObject().put("title", "x".repeat(201)).put("version", 0), 401, 422, 404, 404, 403));
    list.add(row("GET /api/cases/:id", () -> "/api/cases/" + caseOfSession(), none, 401, 200, 404, 404, 200));
    list.add(row("GET /api/cases/:id", () -> "/api/cases/999999", none, 401, 404, 404, 404, 404));
    list.add(row("POST /api/cases/:id/submit", () -> "/api/cases/" + caseOfSession() + "/submit", none, 401, 200, 404, 404, 403));
    list.add(row("PUT /api/cases/:id/sharing", () -> "/api/cases/" + caseOfSession() + "/sharing",
        () -> new JsonObject().put("shared", false), 401, 200, 404, 404, 403));
    // Attachments: the case's own center uploads and removes; who sees the case downloads (README, "Case attachments").
    list.add(row("POST /api/cases/:id/attachments", () -> "/api/cases/" + caseOfSession() + "/attachments?name=p.png",
        () -> java.util.Base64.getDecoder().decode(PNG), 401, 201, 404, 404, 403));
    list.add(row("GET /api/attachments/:id", () -> "/api/attachments/" + sharedAttachment(), none, 401, 200, 404, 404, 200));
    list.add(row("GET /api/attachments/:id/preview", () -> "/api/attachments/" + sharedAttachment() + "/preview", none,
        401, 200, 404, 404, 200));
    list.add(row("DELETE /api/attachments/:id", () -> "/api/attachments/" + attachment(), none, 401, 204, 404, 404, 403));
    list.add(row("GET /api/cases/:id/questions", () -> "/api/cases/" + caseOfSession() + "/questions", none, 401, 200, 404, 404, 200));
    list.add(row("POST /api/cases/:id/questions", () -> "/api/cases/" + caseOfSession() + "/questions",
        () -> new JsonObject().put("text", "質問です"), 401, 403, 404, 404, 403));
    list.add(row("PUT /api/cases/:id/questions/:questionId/answer", () -> "/api/cases/" + caseOfSession() + "/questions/" + question()
        + "/answer", () -> new JsonObject().put("answer", "回答です"), 401, 200, 404, 404, 403));
    Supplier<Object> steps = () -> new JsonObject().put("steps", new JsonArray().add(new JsonObject().put("kind", "opening")
        .put("ja", "開会").put("minutes", 5)));
    list.add(row("GET /api/sessions/:id/programme", () -> "/api/sessions/" + session() + "/programme", none, 401, 200, 404, 404, 200));
    list.add(row("PUT /api/sessions/:id/programme", () -> "/api/sessions/" + session() + "/programme", steps, 401, 403, 404, 404, 200));
    list.add(row("DELETE /api/sessions/:id/programme", () -> "/api/sessions/" + session() + "/programme", none, 401, 403, 404, 404, 200));
    list.add(row("GET /api/library", () -> "/api/library?q=%E9%98%B2%E7%81%BD", none, 401, 200, 200, 200, 200));
    list.add(row("GET /api/library/filters", () -> "/api/library/filters", none, 401, 200, 200, 200, 200));
    list.add(row("GET /api/rounds/:id/case-template", () -> "/api/rounds/" + round + "/case-template", none, 401, 200, 404, 200, 200));
    list.add(row("PUT /api/rounds/:id/case-template", () -> "/api/rounds/" + disposableRound() + "/case-template",
        () -> new JsonObject().put("sections", new JsonArray()), 401, 403, 403, 403, 422));
    // Helper F (#17): the round's programme template — who sees the round reads it, coordinators edit it.
    list.add(row("GET /api/rounds/:id/programme-template", () -> "/api/rounds/" + round + "/programme-template", none,
        401, 200, 404, 200, 200));
    list.add(row("PUT /api/rounds/:id/programme-template", () -> "/api/rounds/" + disposableRound() + "/programme-template",
        steps, 401, 403, 403, 403, 200));
    list.add(row("DELETE /api/rounds/:id/programme-template", () -> "/api/rounds/" + disposableRound() + "/programme-template",
        none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/credentials/issuer", () -> "/api/credentials/issuer", none, 200, 200, 200, 200, 200));
    list.add(row("GET /api/credentials/jwks.json", () -> "/api/credentials/jwks.json", none, 200, 200, 200, 200, 200));
    list.add(row("GET /api/credentials/status/:list", () -> "/api/credentials/status/1", none, 200, 200, 200, 200, 200));
    list.add(row("GET /api/credentials/rounds", () -> "/api/credentials/rounds", none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/me/credentials", () -> "/api/me/credentials", none, 401, 200, 200, 200, 200));
    list.add(row("POST /api/sessions/:sessionId/credentials", () -> {
      credential(); // accepted already: staff@ is answered 200 with the same credential
      return "/api/sessions/" + heldSession() + "/credentials";
    }, () -> new JsonObject(), 401, 200, 403, 403, 403));
    list.add(row("POST /api/credentials/verify", () -> "/api/credentials/verify",
        () -> new JsonObject().put("jwt", server.sql("SELECT jwt FROM credential WHERE id = $1::uuid", credential()).iterator().next()
            .getString("jwt")), 200, 200, 200, 200, 200));
    list.add(row("GET /api/credentials/:credentialId/verification", () -> "/api/credentials/" + credential() + "/verification", none,
        200, 200, 200, 200, 200));
    list.add(row("GET /api/credentials/:credentialId/credential.jwt", () -> "/api/credentials/" + credential() + "/credential.jwt",
        none, 401, 200, 404, 404, 200));
    list.add(row("GET /api/credentials/:credentialId/badge.png", () -> "/api/credentials/" + credential() + "/badge.png", none,
        401, 200, 404, 404, 200));
    list.add(row("PATCH /api/credentials/:credentialId", () -> "/api/credentials/" + credential(),
        () -> new JsonObject().put("published", true), 401, 200, 404, 404, 404));
    list.add(row("GET /api/sessions/:sessionId/absences", () -> "/api/sessions/" + heldSession() + "/absences", none,
        401, 403, 403, 403, 200));
    list.add(row("PUT /api/sessions/:sessionId/absences/:personId", () -> "/api/sessions/" + heldSession() + "/absences/" + staffId,
        () -> new JsonObject().put("absent", false), 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:roundId/credentials", () -> "/api/rounds/" + (heldSession() > 0 ? heldRoundId : 0) + "/credentials",
        none, 401, 403, 403, 403, 200));
    list.add(row("GET /api/rounds/:roundId/credentials.csv", () -> "/api/rounds/" + (heldSession() > 0 ? heldRoundId : 0)
        + "/credentials.csv", none, 401, 403, 403, 403, 200));
    list.add(row("POST /api/credentials/:credentialId/revoke", () -> "/api/credentials/" + credential() + "/revoke",
        () -> new JsonObject().put("reason", "matrix"), 401, 403, 403, 403, 200));
    list.add(row("GET /metrics", () -> "/metrics", none, 200, 200, 200, 200, 200));
    list.add(row("GET /invite/:token", () -> "/invite/" + "a".repeat(43), none, 200, 200, 200, 200, 200));
    list.add(row("GET /signin/:token", () -> "/signin/" + "a".repeat(43), none, 200, 200, 200, 200, 200));
    list.add(ownSession("POST /api/auth/logout", () -> "/api/auth/logout", none, 204, 204, 204, 204, 204));
    list.add(new Case("GET /api/rounds/:id/availability", () -> "/api/rounds/" + publishedRound() + "/availability", none, false,
        401, 403, 403, 403, 200));
    list.add(row("POST /api/me/calendar-feed", () -> "/api/me/calendar-feed", none, 401, 201, 201, 201, 201));
    list.add(row("GET /api/calendar/:file", AccessMatrixTest::feedPath, none, 200, 200, 200, 200, 200));
    list.add(row("GET /api/calendar/:file", () -> "/api/calendar/" + "a".repeat(43) + ".ics", none, 404, 404, 404, 404, 404));
    return list;
  }

  @Test
  @DisplayName("every route the server mounts has a row, and every row names a mounted route")
  void everyRouteHasARow() {
    List<String> mounted = Routes.of(server.app().router());
    java.util.Set<String> rows = new java.util.LinkedHashSet<>();
    cases().forEach(k -> rows.add(k.route()));
    assertThat(mounted).as("routes the server mounts").hasSizeGreaterThan(50);
    assertThat(mounted.stream().filter(r -> !rows.contains(r)).toList())
        .as("routes without a row in AccessMatrixTest.cases() (add one per route: see the class javadoc)").isEmpty();
    assertThat(rows.stream().filter(r -> !mounted.contains(r)).toList())
        .as("rows whose route the server does not mount (a typo, or a route that moved)").isEmpty();
  }

  @TestFactory
  List<DynamicTest> matrix() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case k : cases()) {
      for (int who = 0; who < WHO.length; who++) {
        int i = who;
        String name = k.route() + " as " + WHO[i] + " → " + k.expected()[i];
        tests.add(DynamicTest.dynamicTest(name, () -> {
          Object body = k.body().get();
          String type = body instanceof byte[] ? "text/csv" : body == null ? null : "application/json";
          String path = k.path().get();
          assertThat(Routes.matches(k.pattern(), path)).as(path + " is a path of " + k.route()).isTrue();
          Api api = !k.ownSession() ? as[i] : i == 0 ? server.api() : server.signedIn(SIGN_IN[i][0], SIGN_IN[i][1]);
          Api.Res res = api.send(k.method(), path, body, type);
          assertThat(res.status()).as(name + ": " + res.text()).isEqualTo(k.expected()[i]);
          if (res.status() >= 400) {
            assertThat(res.errorCode()).as("error JSON").isNotNull();
          }
        }));
      }
    }
    return tests;
  }

  @Test
  @DisplayName("staff see their colleagues' names but never their e-mail addresses; coordinators see them")
  void emailsHiddenFromStaff() {
    JsonArray seenByStaff = as[1].get("/api/people").json().getJsonArray("people");
    assertThat(seenByStaff.stream().map(o -> (JsonObject) o).filter(p -> p.getLong("id") == colleagueId))
        .singleElement().satisfies(p -> assertThat(p.containsKey("email")).isFalse());
    assertThat(seenByStaff.stream().map(o -> (JsonObject) o).filter(p -> p.getLong("id") == staffId))
        .singleElement().satisfies(p -> assertThat(p.getString("email")).isEqualTo("staff@example.jp"));
    assertThat(seenByStaff.stream().map(o -> ((JsonObject) o).getLong("centerId"))).containsOnly(natori);
    assertThat(as[1].get("/api/people/" + colleagueId).json().containsKey("email")).isFalse();
    assertThat(as[4].get("/api/people/" + colleagueId).json().getString("email")).isEqualTo("colleague@example.jp");
  }
}
