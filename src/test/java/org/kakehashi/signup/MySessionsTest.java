package org.kakehashi.signup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.demo.DemoData;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/me/sessions} on the demo data (issue #16): every session one is signed up or waiting
 * for, of any center, next first, with place, join link and room; nobody else's join link.
 */
class MySessionsTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static final String PW = "my-sessions-password";
  static final String D = "@" + DemoData.DOMAIN;

  @BeforeAll
  static void passwords() {
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text LIKE $2", Passwords.hashNow(PW), "%" + D);
    server.sql("UPDATE session SET join_url = 'https://zoom.example/j/' || id WHERE ends_at > now()");
  }

  @Test
  @DisplayName("natori-1.1 sees the held session with its room and note, and another center's open session with its join link")
  void anyCenter() {
    Api natori = server.signedIn("natori-1.1" + D, PW);
    long center = natori.get("/api/me").json().getLong("centerId");
    JsonArray list = natori.get("/api/me/sessions").array("sessions");
    assertThat(list.size()).isGreaterThanOrEqualTo(2);
    List<JsonObject> all = list.stream().map(o -> (JsonObject) o).toList();
    for (int i = 1; i < all.size(); i++) {
      assertThat(OffsetDateTime.parse(all.get(i).getString("startsAt")))
          .isAfterOrEqualTo(OffsetDateTime.parse(all.get(i - 1).getString("startsAt")));
    }
    JsonObject held = all.stream().filter(s -> "held".equals(s.getString("status"))).findFirst().orElseThrow();
    assertThat(held.getString("registration")).isEqualTo("confirmed");
    assertThat(held.getJsonObject("room").getString("name")).isNotBlank();
    assertThat(held.getBoolean("reflected")).isTrue();
    JsonObject ahead = all.stream().filter(s -> "scheduled".equals(s.getString("status")) && "confirmed".equals(s.getString("registration")))
        .findFirst().orElseThrow();
    assertThat(ahead.getString("joinUrl")).startsWith("https://zoom.example/j/");
    assertThat(ahead.getJsonArray("centers")).hasSize(2);
    long pair = server.sql("SELECT pair_id FROM session WHERE id = $1", ahead.getLong("sessionId")).iterator().next().getLong("pair_id");
    assertThat(server.sql("SELECT count(*) AS n FROM pair_member WHERE pair_id = $1 AND center_id = $2", pair, center)
        .iterator().next().getLong("n")).as("another center's session").isZero();
  }

  @Test
  @DisplayName("a waiting or not-yet-signed-up person gets no join link; someone signed in to nothing gets an empty list")
  void noLinkWithoutSeat() {
    long waiting = server.sql("SELECT person_id FROM registration WHERE status = 'waitlisted' LIMIT 1").iterator().next().getLong("person_id");
    String email = server.sql("SELECT email::text AS e FROM person WHERE id = $1", waiting).iterator().next().getString("e");
    JsonArray list = server.signedIn(email, PW).get("/api/me/sessions").array("sessions");
    JsonObject w = list.stream().map(o -> (JsonObject) o).filter(s -> "waitlisted".equals(s.getString("registration"))).findFirst().orElseThrow();
    assertThat(w.getValue("joinUrl")).isNull();
    assertThat(w.getInteger("position")).isGreaterThanOrEqualTo(1);
    assertThat(list.stream().map(o -> (JsonObject) o).filter(s -> s.getString("registration") == null)
        .allMatch(s -> s.getValue("joinUrl") == null)).isTrue();

    JsonArray facilitator = server.signedIn("facilitator4" + D, PW).get("/api/me/sessions").array("sessions");
    assertThat(facilitator).isEmpty();
    assertThat(server.api().get("/api/me/sessions").status()).isEqualTo(401);
  }
}
