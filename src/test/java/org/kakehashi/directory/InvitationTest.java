package org.kakehashi.directory;

import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class InvitationTest {

  static final Smtp smtp = new Smtp().start();

  @RegisterExtension
  static TestServer server = new TestServer(smtp.config());

  static long natori;

  @BeforeAll
  static void seed() {
    natori = server.center("natori-1", "名取市");
    server.person("coord@example.jp", null, "coordinator-pass", "coordinator");
  }

  @AfterAll
  static void stopSmtp() {
    smtp.stop();
  }

  private static String invite(Api coord, String email, String locale) throws Exception {
    long id = coord.post("/api/people", new JsonObject().put("email", email).put("name", "佐藤 花子")
        .put("centerId", natori).put("locale", locale)).json().getLong("id");
    Api.Res res = coord.post("/api/people/" + id + "/invite", null);
    assertThat(res.status()).isEqualTo(202);
    // Wait for this person's e-mail (not just any: an earlier test's message may still be arriving).
    MimeMessage mail = Eventually.value(() -> Arrays.stream(smtp.received())
        .filter(m -> {
          try {
            return m.getAllRecipients()[0].toString().equals(email);
          } catch (Exception e) {
            return false;
          }
        }).reduce((a, b) -> b).orElse(null), java.util.Objects::nonNull);
    assertThat(mail).as("invitation e-mail delivered to " + email).isNotNull();
    String decoded = Smtp.text(mail);
    Matcher m = Pattern.compile("/invite/([A-Za-z0-9_-]{43})").matcher(decoded);
    assertThat(m.find()).as("link in: " + decoded).isTrue();
    return m.group(1) + "|" + mail.getSubject() + "|" + decoded;
  }

  @Test
  @DisplayName("an invited person gets one e-mail in their language whose link sets a password and signs them in, once")
  void inviteAcceptOnce() throws Exception {
    Api coord = server.signedIn("coord@example.jp", "coordinator-pass");
    String[] parts = invite(coord, "sato@example.jp", "ja").split("\\|", 3);
    String token = parts[0];
    assertThat(parts[1]).contains("招待");
    assertThat(parts[2]).contains("佐藤 花子").contains("http://localhost:8080/invite/");

    Api invitee = server.api();
    JsonObject status = invitee.get("/api/invitations/" + token).json();
    assertThat(status.getString("state")).isEqualTo("valid");
    assertThat(status.getString("email")).isEqualTo("sato@example.jp");

    Api.Res accepted = invitee.post("/api/invitations/" + token + "/accept", new JsonObject().put("password", "lantern-harbor-quince"));
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(invitee.get("/api/me").json().getString("email")).isEqualTo("sato@example.jp");
    assertThat(server.api().post("/api/auth/login", new JsonObject().put("email", "sato@example.jp")
        .put("password", "lantern-harbor-quince")).status()).isEqualTo(200);

    Api.Res again = server.api().post("/api/invitations/" + token + "/accept", new JsonObject().put("password", "hijack-otter-meadow"));
    assertThat(again.status()).isEqualTo(410);
    assertThat(again.errorCode()).isEqualTo("invitation_used");
    assertThat(server.api().post("/api/auth/login", new JsonObject().put("email", "sato@example.jp")
        .put("password", "hijack-otter-meadow")).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("an English-speaking invitee gets the e-mail in English")
  void englishInvitation() throws Exception {
    Api coord = server.signedIn("coord@example.jp", "coordinator-pass");
    String[] parts = invite(coord, "smith@example.jp", "en").split("\\|", 3);
    assertThat(parts[1]).isEqualTo("Your invitation to Kakehashi");
    assertThat(parts[2]).contains("set your password");
  }

  @Test
  @DisplayName("an expired link is refused with 410 and sets no password")
  void expired() throws Exception {
    Api coord = server.signedIn("coord@example.jp", "coordinator-pass");
    String token = invite(coord, "late@example.jp", "ja").split("\\|", 2)[0];
    server.sql("UPDATE invitation SET expires_at = now() - interval '1 minute'"
        + " WHERE person_id = (SELECT id FROM person WHERE email = 'late@example.jp')");
    Api.Res res = server.api().post("/api/invitations/" + token + "/accept", new JsonObject().put("password", "too-late-walrus-fjord"));
    assertThat(res.status()).isEqualTo(410);
    assertThat(res.errorCode()).isEqualTo("invitation_expired");
    assertThat(server.sql("SELECT password_hash FROM person WHERE email = 'late@example.jp'").iterator().next()
        .getString("password_hash")).isNull();
  }

  @Test
  @DisplayName("a new invitation revokes the previous link; an unknown token is a 404")
  void reinviteRevokes() throws Exception {
    Api coord = server.signedIn("coord@example.jp", "coordinator-pass");
    String first = invite(coord, "twice@example.jp", "ja").split("\\|", 2)[0];
    long id = server.sql("SELECT id FROM person WHERE email = 'twice@example.jp'").iterator().next().getLong("id");
    assertThat(coord.post("/api/people/" + id + "/invite", null).status()).isEqualTo(202);
    assertThat(server.api().post("/api/invitations/" + first + "/accept", new JsonObject().put("password", "pelican-orbit-tundra"))
        .status()).isEqualTo(410);
    assertThat(server.api().post("/api/invitations/" + "x".repeat(43) + "/accept", new JsonObject().put("password", "pelican-orbit-tundra"))
        .status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a too-short password is a 422 and leaves the link usable")
  void shortPassword() throws Exception {
    Api coord = server.signedIn("coord@example.jp", "coordinator-pass");
    String token = invite(coord, "short@example.jp", "ja").split("\\|", 2)[0];
    Api.Res res = server.api().post("/api/invitations/" + token + "/accept", new JsonObject().put("password", "short"));
    assertThat(res.status()).isEqualTo(422);
    assertThat(res.json().getJsonObject("error").getString("field")).isEqualTo("password");
    assertThat(server.api().get("/api/invitations/" + token).json().getString("state")).isEqualTo("valid");
  }
}
