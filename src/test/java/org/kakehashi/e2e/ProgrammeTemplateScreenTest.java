package org.kakehashi.e2e;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's screen for a round's programme template (#/rounds/{id}/programme, issue #17, README "The
 * programme"), on the demo data in a laptop-sized Chromium: from the round's page, the coordinator sets the
 * opening to 0 minutes (the server's 422 shown next to that field, in Japanese, nothing saved), then to a new
 * number of minutes; saved, the page opened afresh keeps it and the total; a session of the round without a
 * programme of its own follows it (GET /api/sessions/{id}/programme, source "round"); going back to the default
 * asks first and restores the opening's 5 minutes. axe-core finds nothing serious or critical, in Japanese and
 * English. Screenshots: target/e2e/programme-template-*.
 */
@Tag("e2e")
@DisplayName("issue #17: the coordinator edits a round's programme template and its sessions follow it")
class ProgrammeTemplateScreenTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static Browser browser;

  @BeforeAll
  static void open() {
    Axe.source();
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @DisplayName("minutes changed, a 422 shown at its field, saved and kept after a reload; a session follows; reset to the default")
  void editedSavedFollowedReset() {
    Row s = server.sql("""
        SELECT s.id, s.round_id FROM session s
         WHERE s.status = 'scheduled' AND NOT EXISTS (SELECT 1 FROM session_programme sp WHERE sp.session_id = s.id)
         ORDER BY s.starts_at, s.id LIMIT 1""").iterator().next();
    long session = s.getLong("id");
    long round = s.getLong("round_id");
    Api coord = server.coordinator();
    String path = "/api/rounds/" + round + "/programme-template";
    JsonObject before = coord.get(path).json();
    int opening = before.getJsonArray("steps").getJsonObject(0).getInteger("minutes");
    assertThat(before.getJsonArray("steps").getJsonObject(0).getString("kind")).isEqualTo("opening");
    int minutes = opening == 12 ? 13 : 12;
    int total = before.getInteger("totalMinutes") - opening + minutes;

    browser = new Browser(server.port(), Browser.DESKTOP, "laptop");
    browser.signIn("coord@example.jp", "coordinator-pass");
    browser.open("/#/rounds/" + round);
    browser.follow(browser.t("progTpl.link"));
    assertThat(browser.css("main h1").getText()).isEqualTo(browser.t("progTpl.title"));
    assertThat(browser.css("#main").getText()).contains(browser.t("progTpl.kind.caseA")).contains(browser.t("progTpl.kind.rooms"))
        .contains(browser.t("progTpl.total", "total", String.valueOf(before.getInteger("totalMinutes"))));
    assertThat(Axe.blocking(Axe.run(browser))).as("serious or critical axe-core violations (ja)").isEmpty();

    // 0 minutes: the server's 422 next to the opening's minutes, in Japanese; nothing saved.
    browser.type(minutesOf("opening"), "0");
    browser.click(browser.button(browser.t("progTpl.save")));
    browser.until("the minutes' error", d -> browser.css("li[data-kind=opening] .has-error .field-error").isDisplayed());
    assertThat(browser.css("li[data-kind=opening] .has-error .field-error").getText()).contains(browser.t("progTpl.error.minutes"));
    assertThat(minutesOf("opening").getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.css(".error-summary").getText()).contains(browser.t("progTpl.error.minutes"));
    assertThat(coord.get(path).json().getJsonArray("steps")).isEqualTo(before.getJsonArray("steps"));
    browser.screenshot("programme-template-error");
    assertThat(Axe.blocking(Axe.run(browser))).as("axe with the error shown").isEmpty();

    // A real number: saved, and the total follows as it is typed.
    browser.type(minutesOf("opening"), String.valueOf(minutes));
    browser.until("the new total", d -> browser.css("[data-part=total]").getText()
        .equals(browser.t("progTpl.total", "total", String.valueOf(total))));
    browser.click(browser.button(browser.t("progTpl.save")));
    browser.until("saved", d -> browser.css("#main").getText().contains(browser.t("progTpl.saved")));

    // Opened afresh: kept.
    browser.open("/#/rounds/" + round + "/programme");
    assertThat(minutesOf("opening").getDomProperty("value")).isEqualTo(String.valueOf(minutes));
    assertThat(browser.css("[data-part=total]").getText()).isEqualTo(browser.t("progTpl.total", "total", String.valueOf(total)));
    assertThat(browser.css("[data-part=saved-total]").getText())
        .isEqualTo(browser.t("progTpl.savedEdited", "total", String.valueOf(total)));
    browser.fullScreenshot("programme-template-saved");
    JsonObject saved = coord.get(path).json();
    assertThat(saved.getBoolean("edited")).isTrue();
    assertThat(saved.getInteger("totalMinutes")).isEqualTo(total);
    assertThat(saved.getJsonObject("sessions").getLong("following")).isPositive();

    // The session without a programme of its own follows the round's template.
    JsonObject programme = coord.get("/api/sessions/" + session + "/programme").json();
    assertThat(programme.getString("source")).isEqualTo("round");
    JsonObject first = programme.getJsonArray("items").getJsonObject(0);
    assertThat(first.getString("kind")).isEqualTo("opening");
    assertThat(first.getInteger("minutes")).isEqualTo(minutes);

    browser.switchLanguage("en");
    assertThat(browser.css("[data-part=total]").getText()).isEqualTo(browser.t("progTpl.total", "total", String.valueOf(total)));
    browser.screenshot("programme-template-saved");
    assertThat(Axe.blocking(Axe.run(browser))).as("serious or critical axe-core violations (en)").isEmpty();

    // Back to the default, after a confirmation.
    browser.click(browser.button(browser.t("progTpl.reset")));
    WebElement dialog = browser.dialog();
    assertThat(dialog.getText()).contains(browser.t("progTpl.resetTitle"));
    browser.click(browser.button(dialog, browser.t("progTpl.resetConfirm")));
    browser.until("reset", d -> browser.css("#main").getText().contains(browser.t("progTpl.wasReset")));
    assertThat(minutesOf("opening").getDomProperty("value")).isEqualTo("5");
    JsonObject reset = coord.get(path).json();
    assertThat(reset.getBoolean("edited")).isFalse();
    assertThat(coord.get("/api/sessions/" + session + "/programme").json().getJsonArray("items").getJsonObject(0)
        .getInteger("minutes")).isEqualTo(5);

    // Reordering moves the step and keeps the keyboard on it (not saved).
    String item = browser.t("progTpl.item", "n", "1", "kind", browser.t("progTpl.kind.opening"));
    browser.click(browser.button(browser.t("progTpl.downItem", "item", item)));
    browser.until("the opening second", d -> "opening".equals(browser.css("li[data-kind]:nth-child(2)").getDomAttribute("data-kind")));
    assertThat(browser.css("li[data-kind]:first-child").getDomAttribute("data-kind")).isEqualTo("caseA");
    assertThat(browser.js("return document.activeElement.closest('li').dataset.kind")).isEqualTo("opening");
  }

  private static WebElement minutesOf(String kind) {
    return browser.css("li[data-kind=" + kind + "] input[name=minutes]");
  }
}
