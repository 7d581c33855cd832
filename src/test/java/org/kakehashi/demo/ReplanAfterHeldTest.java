package org.kakehashi.demo;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Re-planning a round after one of its sessions was held leaves that session, its rooms and notes as they are. */
class ReplanAfterHeldTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  @Test
  @DisplayName("the coordinator presses \"schedule\" again on the demo round: the held session stays held with its notes")
  void heldSessionUntouched() {
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = $2", Passwords.hashNow("replan-password"),
        "coordinator@" + DemoData.DOMAIN);
    Api coordinator = server.signedIn("coordinator@" + DemoData.DOMAIN, "replan-password");
    long round = coordinator.get("/api/rounds").array("rounds").getJsonObject(0).getLong("id");
    var held = server.sql("SELECT id, starts_at, host_id, facilitator_id, sequence FROM session WHERE status = 'held'").iterator().next();
    long heldId = held.getLong("id");
    long notes = server.count("reflection");
    long members = server.count("room_member");
    Api.Res planned = coordinator.post("/api/rounds/" + round + "/schedule", null);
    assertThat(planned.status()).as(planned.toString()).isEqualTo(200);
    assertThat(planned.json().getJsonArray("sessions").stream().map(s -> (JsonObject) s)
        .filter(s -> s.getLong("id") == heldId).map(s -> s.getString("status"))).containsExactly("held");
    var after = server.sql("SELECT status, starts_at, host_id, facilitator_id, sequence FROM session WHERE id = $1", heldId)
        .iterator().next();
    assertThat(after.getString("status")).isEqualTo("held");
    assertThat(after.getOffsetDateTime("starts_at")).isEqualTo(held.getOffsetDateTime("starts_at"));
    assertThat(after.getInteger("sequence")).isEqualTo(held.getInteger("sequence"));
    assertThat(server.count("reflection")).isEqualTo(notes);
    assertThat(server.count("room_member")).isEqualTo(members);
  }
}
