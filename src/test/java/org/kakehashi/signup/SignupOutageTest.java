package org.kakehashi.signup;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kakehashi.platform.EmbeddedDatabase;
import org.kakehashi.platform.Sessions;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SignupOutageTest {

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("sign-ups and reflections through a PostgreSQL restart and a server restart: 503 during the outage,"
      + " nothing committed is lost, no 500")
  void registrationsSurvive() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedDatabase pg = EmbeddedDatabase.start(dataDir, true, port);
    TestServer server = new TestServer(json -> json.getJsonObject("database").put("url", pg.url("postgres")));
    EmbeddedDatabase restarted = null;
    server.startEmbedded();
    try {
      long a = server.center("o-a", "名取市");
      Fixtures fixtures = new Fixtures(server);
      long b = fixtures.center("o-b", "B", "松江市", "島根県");
      long round = fixtures.round("O").centers(a, b).create();
      long session = fixtures.session(round, fixtures.pair(round, a, b)).capacity(20).create();
      server.sql("INSERT INTO person (email, name, center_id) SELECT 'o' || i || '@example.jp', 'O' || i, $1 FROM generate_series(1, 60) i", a);
      server.sql("INSERT INTO web_session (id_hash, person_id, expires_at) SELECT encode(sha256(convert_to('o-' || id, 'UTF8')), 'hex'),"
          + " id, now() + interval '1 day' FROM person WHERE email::text LIKE 'o%@example.jp'");
      List<Long> people = new ArrayList<>();
      server.sql("SELECT id FROM person WHERE email::text LIKE 'o%@example.jp' ORDER BY id").forEach(r -> people.add(r.getLong("id")));
      // An earlier session of another round, held, in which all of them took part: they write reflections meanwhile.
      long pastRound = fixtures.round("P").dates("2026-01-01", "2026-12-31").status("running")
          .prompt("noticed", "気づいたこと", "What I noticed").centers(a, b).create();
      long held = fixtures.session(pastRound, fixtures.pair(pastRound, a, b)).inMinutes(-180, 120).capacity(100).held().create();
      for (long person : people) {
        fixtures.register(held, person);
      }
      Map<Long, Integer> notes = new TreeMap<>();

      Map<Long, Integer> answers = new TreeMap<>();
      for (int i = 0; i < people.size(); i++) {
        if (i == 20) {
          pg.close();
        }
        if (i == 30) {
          restarted = EmbeddedDatabase.start(dataDir, true, port);
          Eventually.until(() -> server.api().get("/health").status() == 200);
        }
        if (i == 45) {
          server.stop();
          server.startEmbedded();
        }
        long person = people.get(i);
        Api api = server.api();
        api.setCookie(Sessions.COOKIE, "o-" + person);
        int status = api.post("/api/sessions/" + session + "/registrations", new JsonObject().put("topics", new io.vertx.core.json.JsonArray()))
            .status();
        answers.put(person, status);
        JsonObject note = new JsonObject().put("answers", new JsonObject().put("noticed", "名取市の公民館の工夫に気づいた " + person))
            .put("visibility", "partners").put("quoteAs", "anonymous");
        notes.put(person, api.put("/api/sessions/" + held + "/reflections/me", note).status());
      }
      assertThat(notes.values()).as("reflections: only 200, or 503 during the outage").allMatch(s -> s == 200 || s == 503);
      for (Map.Entry<Long, Integer> e : notes.entrySet()) {
        long found = server.sql("SELECT count(*) AS n FROM reflection WHERE session_id = $1 AND person_id = $2", held, e.getKey())
            .iterator().next().getLong("n");
        assertThat(found).as("reflection of " + e.getKey() + " answered " + e.getValue()).isEqualTo(e.getValue() == 200 ? 1 : 0);
      }
      assertThat(answers.values()).as("only 201, or 503 during the outage").allMatch(s -> s == 201 || s == 503);
      assertThat(answers.values().stream().filter(s -> s == 503).count()).as("the outage was noticed").isPositive();
      for (Map.Entry<Long, Integer> e : answers.entrySet()) {
        long found = server.sql("SELECT count(*) AS n FROM registration WHERE session_id = $1 AND person_id = $2", session, e.getKey())
            .iterator().next().getLong("n");
        assertThat(found).as("person " + e.getKey() + " answered " + e.getValue()).isEqualTo(e.getValue() == 201 ? 1 : 0);
      }
      long confirmed = server.sql("SELECT count(*) AS n FROM registration WHERE session_id = $1 AND status = 'confirmed'", session)
          .iterator().next().getLong("n");
      assertThat(server.sql("SELECT seats_taken FROM session WHERE id = $1", session).iterator().next().getInteger("seats_taken"))
          .isEqualTo((int) confirmed).isEqualTo(20);
    } finally {
      server.stop();
      if (restarted != null) {
        restarted.close();
      }
      pg.close();
    }
  }
}
