package org.kakehashi.directory;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue #16: everyone not yet invited (or one center's) invited in batches, each once, through the outbox. */
class BulkInviteTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static Api coord;
  static long natori;
  static long matsue;

  @BeforeAll
  static void people() {
    coord = server.coordinator();
    natori = server.center("natori-b", "名取市");
    matsue = server.center("matsue-b", "松江市");
    // 60 at Natori and 5 at Matsue never invited; one at Matsue already active (has a password).
    server.sql("""
        INSERT INTO person (email, name, center_id, roles)
        SELECT 'n' || g || '@natori.example.jp', '名取 ' || g, $1, '{staff}' FROM generate_series(1, 60) g""", natori);
    server.sql("""
        INSERT INTO person (email, name, center_id, roles)
        SELECT 'm' || g || '@matsue.example.jp', '松江 ' || g, $1, '{staff}' FROM generate_series(1, 5) g""", matsue);
    server.person("active@matsue.example.jp", matsue, "staff-password");
  }

  @Test
  @DisplayName("one center first, then everyone in batches of 50 with the count going down; nobody twice; staff may not")
  void inBatches() {
    assertThat(coord.get("/api/people/invitations").json().getLong("uninvited")).isEqualTo(65);
    assertThat(coord.get("/api/people/invitations?centerId=" + matsue).json().getLong("uninvited")).isEqualTo(5);
    long before = server.count("outbox");

    Api.Res one = coord.post("/api/people/invitations", new JsonObject().put("centerId", matsue));
    assertThat(one.status()).as(one.text()).isEqualTo(202);
    assertThat(one.json().getInteger("invited")).isEqualTo(5);
    assertThat(one.json().getLong("remaining")).isZero();
    assertThat(server.count("outbox") - before).isEqualTo(5);
    assertThat(server.sql("SELECT count(*) AS n FROM outbox WHERE payload->>'to' = 'active@matsue.example.jp'")
        .iterator().next().getLong("n")).isZero();

    JsonObject first = coord.post("/api/people/invitations", new JsonObject()).json();
    assertThat(first.getInteger("invited")).isEqualTo(50);
    assertThat(first.getLong("remaining")).isEqualTo(10);
    JsonObject second = coord.post("/api/people/invitations", null).json();
    assertThat(second.getInteger("invited")).isEqualTo(10);
    assertThat(second.getLong("remaining")).isZero();
    assertThat(coord.post("/api/people/invitations", null).json().getInteger("invited")).isZero();
    assertThat(server.count("outbox") - before).isEqualTo(65);
    assertThat(server.sql("SELECT count(DISTINCT payload->>'to') AS n FROM outbox").iterator().next().getLong("n")).isEqualTo(65);
    assertThat(server.sql("SELECT count(*) AS n FROM person p WHERE p.password_hash IS NULL AND NOT EXISTS"
        + " (SELECT 1 FROM invitation i WHERE i.person_id = p.id AND i.used_at IS NULL AND i.expires_at > now())")
        .iterator().next().getLong("n")).isZero();

    Api staff = server.signedIn("active@matsue.example.jp", "staff-password");
    assertThat(staff.post("/api/people/invitations", null).status()).isEqualTo(403);
    assertThat(coord.post("/api/people/invitations", new JsonObject().put("centerId", -1)).status()).isEqualTo(422);
    assertThat(coord.get("/api/people/invitations?centerId=abc").status()).isEqualTo(422);
    assertThat(coord.post("/api/people/invitations", new JsonObject().put("centerId", "x")).status()).isEqualTo(400);
  }
}
