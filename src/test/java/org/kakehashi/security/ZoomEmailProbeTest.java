package org.kakehashi.security;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody finds another person's e-mail address by trying it (README, "Security"): the Zoom e-mail a
 * participant gives is refused with 409 {@code zoom_email_taken} when another participant of the session goes
 * to Zoom with it, their account's address included, so that answer tells whether an address is someone's.
 * A staff member of the demo tries addresses against a session they have no seat in, and against their own.
 */
class ZoomEmailProbeTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static final String PW = "demo-probe-password";

  @Test
  @DisplayName("a Zoom e-mail names whose address it is only to a participant, and only 5 addresses per person per window are checked")
  void noAddressOracle() {
    // A session with two confirmed participants, and a staff member of the directory with no seat in it.
    Row s = server.sql("""
        SELECT s.id FROM session s WHERE s.status = 'scheduled'
           AND (SELECT count(*) FROM registration g WHERE g.session_id = s.id AND g.status = 'confirmed') >= 2
         ORDER BY s.id LIMIT 1""").iterator().next();
    long session = s.getLong("id");
    List<String> participants = new ArrayList<>();
    server.sql("""
        SELECT p.email::text AS email FROM registration g JOIN person p ON p.id = g.person_id
         WHERE g.session_id = $1 AND g.status = 'confirmed' ORDER BY p.id LIMIT 2""", session)
        .forEach(r -> participants.add(r.getString("email")));
    String stranger = server.sql("""
        SELECT p.email::text AS email FROM person p WHERE p.center_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM registration g WHERE g.session_id = $1 AND g.person_id = p.id)
         ORDER BY p.id LIMIT 1""", session).iterator().next().getString("email");
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        new String[] {participants.get(0), stranger});
    String target = participants.get(1);
    String path = "/api/sessions/" + session + "/registrations/me/zoom-email";

    // Without a seat: the same 404 whether or not the address is a participant's.
    Api outsider = server.signedIn(stranger, PW);
    Api.Res known = outsider.put(path, new JsonObject().put("email", target));
    Api.Res unknown = outsider.put(path, new JsonObject().put("email", "nobody-here@example.jp"));
    assertThat(known.status()).as(known.toString()).isEqualTo(404);
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
    assertThat(known.errorCode()).isEqualTo(unknown.errorCode());

    // With a seat: guesses are counted before they are checked; the sixth is not checked.
    Api participant = server.signedIn(participants.get(0), PW);
    List<Integer> answers = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      answers.add(participant.put(path, new JsonObject().put("email", "guess" + i + "@example.jp")).status());
    }
    Api.Res last = participant.put(path, new JsonObject().put("email", target));
    answers.add(last.status());
    long checked = answers.stream().filter(a -> a != 429).count();
    System.out.println("Zoom e-mail guesses by one participant: " + answers.size() + " sent, " + checked + " checked");
    assertThat(checked).isEqualTo(5);
    assertThat(last.status()).as("the real address, guessed 20th, is not checked").isEqualTo(429);
    assertThat(last.headers().get("Retry-After")).isNotNull();
    // Refused guesses changed nothing: the participant's Zoom e-mail is the last one checked.
    assertThat(server.sql("""
        SELECT g.zoom_email FROM registration g JOIN person p ON p.id = g.person_id
         WHERE g.session_id = $1 AND p.email = $2""", session, participants.get(0)).iterator().next().getString("zoom_email"))
        .isEqualTo("guess4@example.jp");
  }

  @Test
  @DisplayName("one's own account address is not a guess: signing up or confirming with it again and again is never refused")
  void ownAddressNotCounted() {
    Row r = server.sql("""
        SELECT g.session_id, g.topics, p.email::text AS email FROM registration g JOIN person p ON p.id = g.person_id
          JOIN session s ON s.id = g.session_id
         WHERE g.status = 'confirmed' AND s.status = 'scheduled' ORDER BY p.id DESC LIMIT 1""").iterator().next();
    long session = r.getLong("session_id");
    String own = r.getString("email");
    io.vertx.core.json.JsonArray topics = new io.vertx.core.json.JsonArray(java.util.Arrays.asList((Object[]) r.getArrayOfStrings("topics")));
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = $2", Passwords.hashNow(PW), own);
    Api me = server.signedIn(own, PW);
    String path = "/api/sessions/" + session + "/registrations/me/zoom-email";
    for (int i = 0; i < 8; i++) {
      Api.Res confirmed = me.put(path, new JsonObject().put("email", i % 2 == 0 ? own : own.toUpperCase(java.util.Locale.ROOT)));
      assertThat(confirmed.status()).as("confirmation %d: %s", i + 1, confirmed).isEqualTo(200);
      Api.Res again = me.post("/api/sessions/" + session + "/registrations", new JsonObject().put("zoomEmail", own).put("topics", topics));
      assertThat(again.status()).as("sign-up %d again: %s", i + 1, again).isIn(200, 201);
    }
    // Another address is still a guess, counted and checked.
    assertThat(me.put(path, new JsonObject().put("email", "someone-else@example.jp")).status()).isEqualTo(200);
  }
}
