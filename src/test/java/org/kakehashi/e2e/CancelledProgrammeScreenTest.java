package org.kakehashi.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cancelled session's programme (#/sessions/{id}/programme, README "The programme") on the demo data in a
 * laptop-sized Chromium, as the coordinator: the saved programme is shown read only with a notice saying why
 * (in Japanese, then in English), no editor is offered (before, the editor opened and only its save answered
 * 409), and the session's cases page offers no link to edit it. axe-core finds nothing serious or critical.
 * Screenshots: target/e2e/programme-cancelled-{lang}-laptop.png.
 */
@Tag("e2e")
@DisplayName("a cancelled session's programme is shown read only, with a notice, in Japanese and English")
class CancelledProgrammeScreenTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static Browser browser;

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @DisplayName("no editor and a notice for the coordinator; the cases page has no edit link")
  void readOnlyWithNotice() {
    long session = server.sql("""
        UPDATE session SET status = 'cancelled'
         WHERE id = (SELECT id FROM session WHERE status = 'scheduled' ORDER BY starts_at DESC, id LIMIT 1) RETURNING id""")
        .iterator().next().getLong("id");
    server.coordinator(); // the test's coordinator, coord@example.jp
    browser = new Browser(server.port(), Browser.DESKTOP, "laptop");
    browser.signIn("coord@example.jp", "coordinator-pass");

    browser.open("/#/sessions/" + session + "/programme");
    assertThat(browser.css("main h1").getText()).isEqualTo(browser.t("sessProg.title"));
    checkReadOnly("ja");
    browser.open("/#/sessions/" + session + "/cases");
    assertThat(browser.css("#main").getText()).contains(browser.t("caseSession.cancelled")).contains(browser.t("runSheet.programme"));
    assertThat(browser.all("main a[href$='/programme']")).as("a link to the programme editor").isEmpty();

    browser.open("/#/sessions/" + session + "/programme");
    browser.switchLanguage("en");
    checkReadOnly("en");
  }

  private static void checkReadOnly(String lang) {
    browser.until("the notice", d -> browser.css("[data-part=cancelled]").isDisplayed());
    assertThat(browser.css("[data-part=cancelled]").getText()).isEqualTo(browser.t("sessProg.cancelled"));
    assertThat(browser.all("[data-part=plan] li")).as("the saved programme").isNotEmpty();
    assertThat(browser.all("main form, main input, main button[type=submit]")).as("an editor").isEmpty();
    assertThat(browser.mainText()).doesNotContain(browser.t("sessProg.save")).doesNotContain(browser.t("sessProg.reset"));
    browser.screenshot("programme-cancelled");
    assertThat(Axe.blocking(Axe.run(browser))).as("serious or critical axe-core violations (" + lang + ")").isEmpty();
  }
}
