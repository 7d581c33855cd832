package org.kakehashi.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's credentials (README "The two commands", "Credentials"): in the held session everyone who
 * wrote a note holds a signed participation credential with their "what I will try" answer, except
 * natori-1.1, who finds it offered; matsue-1.1's is hidden; every one verifies on the public page.
 */
class DemoCredentialsTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static final String PW = "demo-credentials-password";
  static final String D = "@" + DemoData.DOMAIN;

  @Test
  @DisplayName("the held session's note writers hold valid credentials; natori-1.1's is offered; matsue-1.1's is hidden")
  void demoCredentials() {
    long held = server.sql("SELECT id FROM session WHERE status = 'held'").iterator().next().getLong("id");
    long writers = server.sql("SELECT count(DISTINCT person_id) FROM reflection WHERE session_id = $1", held).iterator().next().getLong(0);
    assertThat(writers).isGreaterThan(2);
    var rows = server.sql("SELECT c.id::text AS id, c.published, c.with_evidence, c.achievement, p.email::text AS email"
        + " FROM credential c JOIN person p ON p.id = c.person_id WHERE c.session_id = $1 AND c.achievement = 'participation'", held);
    assertThat(rows.size()).as("everyone who wrote a note but natori-1.1").isEqualTo((int) writers - 1);
    Api anyone = server.api();
    for (Row r : rows) {
      assertThat(r.getString("email")).isNotEqualTo("natori-1.1" + D);
      assertThat(r.getString("achievement")).isEqualTo("participation");
      JsonObject page = anyone.get("/api/credentials/" + r.getString("id") + "/verification").json();
      assertThat(page.getString("state")).as(r.getString("email")).isEqualTo("valid");
      boolean hidden = r.getString("email").equals("matsue-1.1" + D);
      assertThat(r.getBoolean("published")).isEqualTo(!hidden);
      assertThat(page.containsKey("credential")).as("a hidden credential's page names no one").isEqualTo(!hidden);
    }
    assertThat(rows).extracting(r -> r.getBoolean("with_evidence")).contains(true);

    // The demo's cases are seeded before its credentials: a presenter named on a submitted case of the
    // held session who accepted holds 「事例発表」 too, valid like the rest.
    var presenters = server.sql("SELECT c.id::text AS id FROM credential c WHERE c.session_id = $1 AND c.achievement = 'presentation'", held);
    assertThat(presenters.size()).as("presenter credentials in the demo's held session").isPositive();
    for (Row r : presenters) {
      assertThat(anyone.get("/api/credentials/" + r.getString("id") + "/verification").json().getString("state")).isEqualTo("valid");
    }

    server.sql("UPDATE person SET password_hash = $1 WHERE email = $2", Passwords.hashNow(PW), "natori-1.1" + D);
    JsonArray offers = server.signedIn("natori-1.1" + D, PW).get("/api/me/credentials").json().getJsonArray("offers");
    JsonObject offer = offers.stream().map(o -> (JsonObject) o).filter(o -> o.getLong("sessionId") == held).findFirst().orElseThrow();
    assertThat(offer.getJsonArray("achievements").getJsonObject(0).getValue("credential")).as("offered, not yet accepted").isNull();
    assertThat(offer.getString("tryAnswer")).isNotBlank();
  }
}
