package org.kakehashi.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.Keys;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9: axe-core (npm, installed by the e2e profile) run in every key screen, in both languages,
 * and in the confirmation dialog; no violation of impact "serious" or "critical" is allowed. The
 * violations found are printed (rule, impact, the offending nodes' selectors) with each failure.
 */
@Tag("e2e")
@DisplayName("issue #9: no serious or critical axe-core violation on the key screens")
class AccessibilityTest {

  @RegisterExtension
  static TestServer server = Screens.server();

  static Browser browser;
  static Screens.Seeded seeded;

  @BeforeAll
  static void start() {
    Axe.source(); // fails at once, before any set-up, when axe-core is missing
    seeded = Screens.seed(server);
    browser = new Browser(server.port(), Browser.DESKTOP, "desktop");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @ParameterizedTest(name = "in {0}")
  @ValueSource(strings = {"ja", "en"})
  @DisplayName("every key screen")
  void keyScreens(String lang) {
    List<String> report = new ArrayList<>();
    List<String> blocking = new ArrayList<>();
    Screens.visit(browser, seeded, lang, screen -> check(screen.name(), report, blocking));
    System.out.println("axe-core on the key screens in " + lang + ":\n  " + String.join("\n  ", report));
    assertThat(blocking).as("serious or critical axe-core violations in " + lang).isEmpty();
  }

  @Test
  @DisplayName("the confirmation dialog (cancelling a sign-up)")
  void dialog() {
    browser.signIn(Screens.Who.STAFF_SIGNED_UP.email, Data.PASSWORD);
    browser.open("/#/rounds/" + seeded.roundId());
    browser.click(browser.button(browser.css(".session-card.is-mine"), browser.t("signup.cancel")));
    browser.dialog();
    browser.screenshot("a11y-cancel-dialog");
    List<String> report = new ArrayList<>();
    List<String> blocking = new ArrayList<>();
    check("cancel-dialog", report, blocking);
    browser.dialog().sendKeys(Keys.ESCAPE);
    browser.until("the dialog closed", d -> browser.all("dialog[open]").isEmpty());
    browser.signOut();
    System.out.println("axe-core on the dialog:\n  " + String.join("\n  ", report));
    assertThat(blocking).as("serious or critical axe-core violations in the dialog").isEmpty();
  }

  @Test
  @DisplayName("axe-core does run: a picture without a text alternative planted in the page is reported as critical")
  void axeRuns() {
    browser.open("/#/centers");
    browser.js("const i = document.createElement('img'); i.src = '/favicon.svg'; document.getElementById('main').append(i);");
    assertThat(Axe.blocking(Axe.run(browser))).extracting(Axe.Violation::id).contains("image-alt");
    browser.open("/#/centers");
  }

  private static void check(String name, List<String> report, List<String> blocking) {
    List<Axe.Violation> all = Axe.run(browser);
    report.add(name + ": " + (all.isEmpty() ? "no violations" : all.size() + " rule(s) violated"));
    for (Axe.Violation v : all) {
      report.add("  " + v);
    }
    for (Axe.Violation v : Axe.blocking(all)) {
      blocking.add(name + " [" + browser.lang() + "]: " + v);
    }
  }
}
