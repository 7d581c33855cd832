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
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator on a laptop (1280 × 900), on the demo data: from home's "pairs without a session" to the
 * button that plans the sessions. The round's dates and answers are several screens long (the still-to-do
 * list, the times, every pair's answers, the licences) and the plan comes last: before, it took one tap and
 * over 5,000 px of scrolling. The part's jump links make it three taps and no scrolling, the plan's heading
 * focused; in English too. Screenshots: target/e2e/journey-coordinator-plan-*-laptop.png.
 */
@Tag("e2e")
@DisplayName("the coordinator reaches 'plan the sessions' from home in 3 taps and no scrolling")
class CoordinatorPlanWalkTest {

  static final String PW = "plan-walk-password";
  static final String COORDINATOR = "coordinator@" + DemoData.DOMAIN;

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static Browser browser;

  @BeforeAll
  static void seed() {
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = $2", Passwords.hashNow(PW), COORDINATOR);
    browser = new Browser(server.port(), Browser.DESKTOP, "laptop");
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @DisplayName("home's step, the jump link, the plan button: 3 taps, no scrolling, the heading focused")
  void homeToPlan() {
    browser.signIn(COORDINATOR, PW);
    List<String> problems = new ArrayList<>();
    Walk plan = new Walk(browser, "coordinator-plan", problems);
    plan.tap(LaptopJourneysTest.step(browser, browser.t("home.step.unscheduled.other", "count", "")), true);
    WebElement jump = browser.css("nav.jump-links button[data-jump=plan-title]");
    assertThat(jump.getText().replaceAll("\\s+", " ").trim()).isEqualTo("↓ " + browser.t("plan.title"));
    plan.tap(jump, false);
    browser.until("the plan's heading focused", d -> "plan-title".equals(browser.js("return document.activeElement.id")));
    WebElement button = browser.button(browser.css(".plan-panel"), browser.t("plan.run"));
    plan.act(button);
    String line = plan.report("100%");
    System.out.println(line);
    assertThat(plan.taps).isEqualTo(3);
    assertThat(plan.scroll).as("scrolling after the jump").isZero();
    assertThat(problems).isEmpty();

    browser.js("window.scrollTo(0, 0)");
    browser.switchLanguage("en");
    assertThat(browser.css("nav.jump-links").getDomAttribute("aria-label")).isEqualTo(browser.t("schedule.jumpTitle"));
    assertThat(browser.css("nav.jump-links button[data-jump=plan-title]").getText().replaceAll("\\s+", " ").trim()).isEqualTo("↓ " + browser.t("plan.title"));
    browser.screenshot("journey-coordinator-plan-jump");
    assertThat(Axe.blocking(Axe.run(browser))).as("axe on the dates and answers (en)").isEmpty();
  }
}
