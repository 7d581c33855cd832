package org.kakehashi.e2e;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.demo.DemoData;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #19's "done when", in a real browser on the demo data: facilitator1's next session takes
 * place (moved to now, marked held from its rooms page), the facilitator marks one participant
 * absent there; another participant accepts the 「合同研修 参加」 credential in their learning history
 * and downloads the PNG badge and the VC-JWT (real downloads); the verification page, opened in a
 * fresh browser profile that never signed in, says it is valid and what it checked in Japanese and
 * English; the coordinator revokes it with a reason on the credentials page, and the same public page
 * then says revoked. The absent participant is offered nothing. axe-core finds nothing serious or
 * critical on each of these pages. Screenshots: target/e2e/credential-*.
 */
@Tag("e2e")
@DisplayName("issue #19: a held session's participant accepts, downloads and shows a credential; the coordinator revokes it")
class CredentialJourneyTest {

  static final String PW = "credential-journey-password";
  static final String D = "@" + DemoData.DOMAIN;

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static Strings ja() {
    return Strings.of("ja");
  }

  @Test
  void heldAcceptedDownloadedVerifiedRevoked() throws Exception {
    // facilitator1's next session (open to all, people signed up) and two of its confirmed participants.
    String facilitator = "facilitator1" + D;
    Row s = server.sql("""
        SELECT s.id, s.round_id FROM session s JOIN person f ON f.id = s.facilitator_id
         WHERE f.email = $1 AND s.status = 'scheduled' AND s.starts_at > now()
           AND (SELECT count(*) FROM registration r WHERE r.session_id = s.id AND r.status = 'confirmed') >= 2
         ORDER BY s.starts_at LIMIT 1""", facilitator).iterator().next();
    long session = s.getLong("id");
    long round = s.getLong("round_id");
    var people = server.sql("SELECT p.email::text AS email, p.name FROM registration r JOIN person p ON p.id = r.person_id"
        + " WHERE r.session_id = $1 AND r.status = 'confirmed' ORDER BY p.email LIMIT 2", session).iterator();
    Row first = people.next();
    Row second = people.next();
    String attendee = first.getString("email");
    String attendeeName = first.getString("name");
    String absentee = second.getString("email");
    String absenteeName = second.getString("name");
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        new String[] {facilitator, attendee, absentee, "coordinator" + D});
    // The session takes place now (the UI plans sessions only ahead): moved as the coordinator would.
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(9)).truncatedTo(ChronoUnit.MINUTES);
    Api.Res moved = server.signedIn("coordinator" + D, PW).patch("/api/sessions/" + session, new JsonObject()
        .put("startsAt", now.minusMinutes(30).toString()).put("endsAt", now.plusMinutes(60).toString()));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

    Path downloads = Files.createDirectories(Browser.SHOTS.resolve("credential-downloads"));
    try (Browser b = new Browser(server.port(), Browser.DESKTOP, "desktop")) {
      // 1. The facilitator marks the session held on its rooms page, then marks one participant absent.
      b.signIn(facilitator, PW);
      b.open("/#/sessions/" + session + "/rooms");
      b.click(b.button(ja().t("held.button")));
      b.click(b.button(b.dialog(), ja().t("held.button")));
      String done = ja().t("held.done");
      b.withText("main .notice-success", done.substring(0, done.indexOf("{time}")));
      assertThat(server.sql("SELECT status FROM session WHERE id = $1", session).iterator().next().getString(0)).isEqualTo("held");
      b.open("/#/sessions/" + session + "/rooms");
      WebElement attendance = b.css("#attendance");
      b.scrollTo(attendance);
      b.click(b.button(attendance, ja().t("credentials.markAbsent") + ": " + absenteeName));
      b.until("marked absent", d -> !b.all("#attendance li[data-person-id] .tag").isEmpty());
      b.screenshot("credential-1-attendance");
      noBlockingViolations(b, "the rooms page's attendance list");
      assertThat(server.sql("SELECT count(*) FROM credential_absence a JOIN person p ON p.id = a.person_id WHERE a.session_id = $1"
          + " AND p.email = $2", session, absentee).iterator().next().getLong(0)).isEqualTo(1);
      b.signOut();

      // 2. The participant, who wrote their reflection anonymously, accepts the credential in their learning history
      //    and downloads it: an anonymous note offers no evidence, and the card says why (README, "Credentials").
      Api.Res note = server.signedIn(attendee, PW).put("/api/sessions/" + session + "/reflections/me", new JsonObject()
          .put("answers", new JsonObject().put("try", "やさしい日本語の案内板を作ります。")).put("visibility", "network")
          .put("quoteAs", "anonymous"));
      assertThat(note.status()).as(note.toString()).isIn(200, 201);
      b.signIn(attendee, PW);
      b.open("/#/history");
      WebElement card = b.css("#credentials li.credential-card[data-session='" + session + "']");
      b.scrollTo(card);
      assertThat(card.getText()).contains(ja().t("credentials.kind.participation")).contains(ja().t("credentials.tryAnonymous"));
      assertThat(card.findElements(org.openqa.selenium.By.cssSelector("input[name=withEvidence]"))).as("no evidence box").isEmpty();
      b.click(b.css("#credentials li[data-session='" + session + "'] button[data-action=accept-credential]"));
      b.withText("#credentials .notice-success", ja().t("credentials.accepted"));
      String id = server.sql("SELECT c.id::text FROM credential c JOIN person p ON p.id = c.person_id WHERE c.session_id = $1"
          + " AND p.email = $2", session, attendee).iterator().next().getString(0);
      String jwt = server.sql("SELECT jwt FROM credential WHERE id = $1::uuid", id).iterator().next().getString(0);
      b.screenshot("credential-2-accepted");
      noBlockingViolations(b, "the history with the accepted credential");
      b.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
          "downloadPath", downloads.toAbsolutePath().toString()));
      Path png = downloads.resolve("kakehashi-credential-" + id + ".png");
      Path file = downloads.resolve("kakehashi-credential-" + id + ".jwt");
      b.click(b.css("[data-credential='" + id + "'] a[data-action=download-png]"));
      b.until("the PNG downloaded", d -> Files.isRegularFile(png) && size(png) > 100);
      b.click(b.css("[data-credential='" + id + "'] a[data-action=download-jwt]"));
      b.until("the JWT downloaded", d -> Files.isRegularFile(file) && size(file) > 100);
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(jwt);
      byte[] bytes = Files.readAllBytes(png);
      assertThat(Arrays.copyOf(bytes, 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as("the JWT is baked in an iTXt chunk")
          .contains("iTXt" + "openbadgecredential\0\0\0\0\0" + jwt);
      assertThat(javax.imageio.ImageIO.read(png.toFile())).isNotNull();
      b.signOut();

      // 3. The absent participant is offered nothing for the session.
      assertThat(server.signedIn(absentee, PW).get("/api/me/credentials").json().getJsonArray("offers").stream()
          .map(o -> ((JsonObject) o).getLong("sessionId"))).doesNotContain(session);

      // 4. Someone else opens the verification page in a fresh profile, signed out: valid.
      try (Browser stranger = new Browser(server.port(), Browser.DESKTOP, "desktop")) {
        stranger.open("/#/verify/" + id);
        WebElement state = stranger.css("#verify-state");
        assertThat(state.getDomAttribute("data-state")).isEqualTo("valid");
        assertThat(state.getText()).contains(ja().t("credentials.state.valid")).contains(Strings.of("en").t("credentials.state.valid"));
        assertThat(stranger.css("#verify-details").getText()).contains(attendeeName).contains(ja().t("credentials.kind.participation"));
        for (String lang : new String[] {"ja", "en"}) {
          WebElement checks = stranger.css("section.verify-checks[lang=" + lang + "]");
          assertThat(checks.getText()).contains(Strings.of(lang).t("credentials.check.status"));
          assertThat(stranger.all("section.verify-checks[lang=" + lang + "] li[data-check]")).hasSize(6)
              .allSatisfy(li -> assertThat(li.getDomAttribute("data-ok")).isEqualTo("true"));
        }
        stranger.fullScreenshot("credential-3-verified");
        noBlockingViolations(stranger, "the verification page (valid)");

        // 5. The coordinator revokes it with a reason.
        b.signIn("coordinator" + D, PW);
        b.open("/#/credentials?round=" + round);
        WebElement item = b.css("#credential-admin-list li[data-credential='" + id + "']");
        b.scrollTo(item);
        b.type(b.field(item, ja().t("credentials.admin.reason")), "出席の記録を訂正したため");
        b.click(b.button(item, ja().t("credentials.admin.revoke") + ": " + item.findElement(org.openqa.selenium.By.tagName("h2")).getText()));
        b.withText("main .notice-success", ja().t("credentials.admin.revokedDone", "name", attendeeName));
        b.screenshot("credential-4-revoked");
        noBlockingViolations(b, "the coordinator's credential list");
        assertThat(server.sql("SELECT revoke_reason FROM credential WHERE id = $1::uuid", id).iterator().next().getString(0))
            .isEqualTo("出席の記録を訂正したため");

        // 6. The same public page now says revoked.
        stranger.open("/#/verify/" + id);
        WebElement revoked = stranger.css("#verify-state");
        assertThat(revoked.getDomAttribute("data-state")).isEqualTo("revoked");
        assertThat(revoked.getText()).contains(ja().t("credentials.state.revoked")).contains(Strings.of("en").t("credentials.state.revoked"));
        assertThat(stranger.css("section.verify-checks[lang=ja] li[data-check=status]").getDomAttribute("data-ok")).isEqualTo("false");
        assertThat(stranger.css("section.verify-checks[lang=en] li[data-check=signature]").getDomAttribute("data-ok")).isEqualTo("true");
        stranger.fullScreenshot("credential-5-revoked-page");
        noBlockingViolations(stranger, "the verification page (revoked)");
      }
    }
  }

  /** axe-core (installed by the e2e profile) finds nothing serious or critical on the page as it is. */
  private static void noBlockingViolations(Browser browser, String where) {
    assertThat(Axe.blocking(Axe.run(browser))).as("axe on " + where).isEmpty();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
