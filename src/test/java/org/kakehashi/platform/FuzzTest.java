package org.kakehashi.platform;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write route, as a coordinator (the role that reaches furthest), gets thousands of malformed,
 * oversized, mistyped, deeply nested, non-UTF-8 and injection-flavoured bodies and path ids: never a
 * 500, never a stack trace. Seeded; a failure names the seed and the request.
 */
class FuzzTest {

  @RegisterExtension
  static TestServer server = new TestServer();
  static final Fixtures fixtures = new Fixtures(server);

  static Api coord;
  static long center;
  static long round;
  static long session;
  static long slot;

  @BeforeAll
  static void seed() {
    coord = server.coordinator();
    center = server.center("fz-1", "名取市");
    long other = fixtures.center("fz-2", "B", "松江市", "島根県");
    round = fixtures.round("F").centers(center, other).create();
    session = fixtures.session(round, fixtures.pair(round, center, other)).inMinutes(9 * 24 * 60L, 120).create();
    slot = server.sql("INSERT INTO slot (round_id, starts_at, ends_at) VALUES ($1, now() + interval '9 days',"
        + " now() + interval '9 days 2 hours') RETURNING id", round).iterator().next().getLong("id");
  }

  static final String[] FIELDS = {"code", "name", "city", "prefecture", "email", "roles", "centerId", "topics", "prompts",
      "title", "startsOn", "endsOn", "centerIds", "answer", "action", "pairId", "capacity", "startsAt", "durationMinutes",
      "joinUrl", "password", "locale", "latitude", "status", "personId", "hostId", "openToAll", "candidates",
      "jwt", "reason", "published", "absent", "achievement", "withEvidence"};

  static Object value(Random r) {
    return switch (r.nextInt(14)) {
      case 0 -> null;
      case 1 -> r.nextLong();
      case 2 -> -1;
      case 3 -> 1e308;
      case 4 -> "' OR 1=1; DROP TABLE person; --";
      case 5 -> "<script>alert(1)</script>";
      case 6 -> "x".repeat(r.nextInt(5000));
      case 7 -> "\u0000\u202e\ud83d\ude00";
      case 8 -> new io.vertx.core.json.JsonArray().add(r.nextInt()).add("a").addNull();
      case 9 -> new JsonObject().put("$gt", "");
      case 10 -> r.nextBoolean();
      case 11 -> "2027-02-30T25:61:00+09:00";
      case 12 -> "=HYPERLINK(\"http://evil\")";
      default -> "名取市";
    };
  }

  static byte[] body(Random r) {
    switch (r.nextInt(8)) {
      case 0:
        return new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b, (byte) 0x80};
      case 1:
        return ("[".repeat(2000)).getBytes(StandardCharsets.UTF_8);
      case 2:
        return "{\"a\":".getBytes(StandardCharsets.UTF_8);
      case 3:
        return "null".getBytes(StandardCharsets.UTF_8);
      default:
        JsonObject o = new JsonObject();
        for (int i = r.nextInt(6); i > 0; i--) {
          o.put(FIELDS[r.nextInt(FIELDS.length)], value(r));
        }
        return o.toBuffer().getBytes();
    }
  }

  record Route(HttpMethod method, String path) {
  }

  static List<Route> routes() {
    String[] ids = {String.valueOf(center), "0", "-1", "abc", "99999999999999999999", "%00", "1%27"};
    List<Route> routes = new ArrayList<>();
    for (String id : ids) {
      routes.add(new Route(HttpMethod.PUT, "/api/centers/" + id));
      routes.add(new Route(HttpMethod.PUT, "/api/people/" + id));
      routes.add(new Route(HttpMethod.POST, "/api/people/" + id + "/invite"));
      routes.add(new Route(HttpMethod.PUT, "/api/rounds/" + id));
      routes.add(new Route(HttpMethod.PUT, "/api/rounds/" + id + "/centers"));
      routes.add(new Route(HttpMethod.POST, "/api/rounds/" + id + "/pairing"));
      routes.add(new Route(HttpMethod.PATCH, "/api/rounds/" + id + "/pairs"));
      routes.add(new Route(HttpMethod.POST, "/api/rounds/" + id + "/slots"));
      routes.add(new Route(HttpMethod.PATCH, "/api/sessions/" + id));
      routes.add(new Route(HttpMethod.POST, "/api/sessions/" + id + "/registrations"));
      routes.add(new Route(HttpMethod.POST, "/api/sessions/" + id + "/rooms/assign"));
      routes.add(new Route(HttpMethod.PATCH, "/api/sessions/" + id + "/rooms"));
      routes.add(new Route(HttpMethod.POST, "/api/sessions/" + id + "/held"));
      routes.add(new Route(HttpMethod.PUT, "/api/sessions/" + id + "/reflections/me"));
      routes.add(new Route(HttpMethod.PUT, "/api/sessions/" + id + "/registrations/me/zoom-email"));
      routes.add(new Route(HttpMethod.POST, "/api/sessions/" + id + "/credentials"));
      routes.add(new Route(HttpMethod.PUT, "/api/sessions/" + id + "/absences/" + id));
      routes.add(new Route(HttpMethod.POST, "/api/credentials/" + id + "/revoke"));
      routes.add(new Route(HttpMethod.PATCH, "/api/credentials/" + id));
    }
    for (String p : List.of("/api/centers", "/api/people", "/api/rounds", "/api/hosts", "/api/auth/login", "/api/me/password",
        "/api/invitations/" + "a".repeat(43) + "/accept", "/api/rounds/" + round + "/slots", "/api/rounds/" + round + "/pairs",
        "/api/slots/" + slot + "/availability", "/api/sessions/" + session, "/api/sessions/" + session + "/registrations",
        "/api/me", "/api/me/sessions", "/api/centers/import", "/api/people/import", "/api/sessions/" + session + "/rooms",
        "/api/sessions/" + session + "/rooms/assign", "/api/sessions/" + session + "/reflections/me",
        "/api/sessions/" + session + "/registrations/me/zoom-email", "/api/credentials/verify",
        "/api/sessions/" + session + "/credentials", "/api/credentials/00000000-0000-0000-0000-000000000001/revoke",
        "/api/credentials/00000000-0000-0000-0000-000000000001")) {
      routes.add(new Route(HttpMethod.POST, p));
      routes.add(new Route(HttpMethod.PUT, p));
      routes.add(new Route(HttpMethod.PATCH, p));
    }
    return routes;
  }

  /**
   * A digest of every table a request could wrongly change (not the sign-in bookkeeping: failed
   * logins, web sessions, idempotency keys, which change by design).
   */
  static String fingerprint() {
    return fingerprintOf(server);
  }

  /** The digest of {@link #fingerprint} for any test server. */
  static String fingerprintOf(TestServer server) {
    StringBuilder sql = new StringBuilder("SELECT md5(");
    // The outbox is delivered in the background: its messages count, not their delivery state.
    String[] tables = {"center", "person", "invitation", "(SELECT id, kind, payload, ref FROM outbox)", "round", "round_center", "pair", "pair_member", "pair_forbid",
        "pairing_run", "slot", "availability", "host", "session", "calendar_feed", "registration", "room", "room_member",
        "reflection"};
    for (int i = 0; i < tables.length; i++) {
      sql.append(i == 0 ? "" : " || ").append("coalesce((SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM ")
          .append(tables[i]).append(" t), '-')");
    }
    return server.sql(sql.append(") AS f").toString()).iterator().next().getString("f");
  }

  @Test
  @DisplayName("3,000 hostile requests over every write route: never a 500, never a stack trace, a refused one changes nothing")
  void noServerErrors() {
    List<Route> routes = routes();
    Random r = new Random(20261123);
    String before = fingerprint();
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      Route route = routes.get(r.nextInt(routes.size()));
      byte[] body = body(r);
      String type = r.nextInt(10) == 0 ? "text/csv" : "application/json";
      Api.Res res = coord.send(route.method(), route.path(), body, type);
      String text = new String(body, StandardCharsets.UTF_8);
      String what = "request " + i + ": " + route + " " + text.substring(0, Math.min(200, text.length()))
          + " → " + res.status() + " " + res.text();
      assertThat(res.status()).as(what).isLessThan(500);
      assertThat(res.text()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
      if (res.status() >= 400) {
        assertThat(res.errorCode()).as(what).isNotNull();
        String after = fingerprint();
        assertThat(after).as("a refused request changed the database: " + what).isEqualTo(before);
        refused++;
      } else {
        before = fingerprint();
      }
    }
    assertThat(refused).as("most hostile requests are refused").isGreaterThan(2500);
  }
}
