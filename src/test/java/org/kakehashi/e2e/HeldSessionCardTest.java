package org.kakehashi.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.demo.DemoData;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.TestServer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round's session cards on a 360 × 740 phone, on the demo data: the demo's held session is open to all
 * centers, and its card offered "write your reflection" to staff of every center, who then met a page saying
 * they had not taken part. Now only those who took part (their learning history has the session) see it: a
 * staff member of another center does not, a participant who has not written does. Screenshots:
 * target/e2e/held-card-{who}-ja-phone.png.
 */
@Tag("e2e")
@DisplayName("a held session's card offers the reflection only to those who took part")
class HeldSessionCardTest {

  static final String PW = "held-card-password";
  static final String D = "@" + DemoData.DOMAIN;

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static long held;
  static long round;
  static String outsider;
  static String participant;
  static Browser browser;

  @BeforeAll
  static void seed() {
    var s = server.sql("SELECT id, round_id FROM session WHERE status = 'held' AND open_to_all ORDER BY starts_at LIMIT 1").iterator().next();
    held = s.getLong("id");
    round = s.getLong("round_id");
    // Staff of a center outside the held session's pair who did not sign up for it.
    outsider = server.sql("""
        SELECT p.email::text AS email FROM person p
         WHERE 'staff' = ANY (p.roles) AND p.email::text LIKE '%' || $2
           AND p.center_id NOT IN (SELECT m.center_id FROM pair_member m JOIN session s ON s.pair_id = m.pair_id WHERE s.id = $1)
           AND NOT EXISTS (SELECT 1 FROM registration g WHERE g.person_id = p.id AND g.session_id = $1)
         ORDER BY p.email LIMIT 1""", held, D).iterator().next().getString("email");
    // A confirmed participant without a note.
    participant = server.sql("""
        SELECT p.email::text AS email FROM person p JOIN registration g ON g.person_id = p.id AND g.session_id = $1
         WHERE g.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM reflection r WHERE r.person_id = p.id AND r.session_id = $1)
         ORDER BY p.email LIMIT 1""", held).iterator().next().getString("email");
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        new String[] {outsider, participant});
    browser = new Browser(server.port(), StaffJourneysTest.PHONE, "phone");
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @DisplayName("another center's staff see no reflection link on it; a participant without a note does")
  void onlyParticipants() {
    assertThat(links(outsider, "held-card-outsider")).as("reflection links on the held card for " + outsider).isEmpty();
    assertThat(links(participant, "held-card-participant")).as("reflection links on the held card for " + participant).hasSize(1);
  }

  private static List<?> links(String email, String shot) {
    browser.signIn(email, PW);
    browser.open("/#/rounds/" + round + "/sessions");
    String card = "[data-session-id='" + held + "']";
    browser.until("the held session's card", d -> !browser.all(card).isEmpty());
    browser.until("the cards' parts", d -> browser.all("main .loading, main [aria-busy='true']").isEmpty());
    browser.scrollTo(browser.css(card));
    browser.screenshot(shot);
    List<?> found = browser.all(card + " a[href$='/reflection']");
    browser.signOut();
    return found;
  }
}
