package org.kakehashi.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8: stored text with HTML and script in it (a center's name, a person's name, a round's
 * title) is shown as text on every page that shows it, and nothing in it runs.
 */
@Tag("e2e")
@DisplayName("issue #8: stored HTML and script are shown as text, never run")
class StoredTextTest {

  static final String CENTER = "<img src=x onerror=\"window.__xss='center'\">公民館";
  static final String PERSON = "<script>window.__xss='person'</script>山田";
  static final String ROUND = "<b onmouseover=\"window.__xss='round'\">冬</b><svg onload=\"window.__xss='svg'\">";

  @RegisterExtension
  static TestServer server = new TestServer();

  static Browser browser;
  static long center;
  static long round;

  @BeforeAll
  static void seed() {
    server.person("xss-coord@example.jp", null, "coordinator-pass", "coordinator");
    center = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('xss', $1, '名取市', '宮城県') RETURNING id", CENTER)
        .iterator().next().getLong("id");
    long other = server.center("xss-2", "松江市");
    server.sql("INSERT INTO person (email, name, center_id) VALUES ('xss-person@example.jp', $1, $2)", PERSON, center);
    round = server.sql("INSERT INTO round (title, starts_on, ends_on) VALUES ($1, '2027-01-01', '2027-03-31') RETURNING id", ROUND)
        .iterator().next().getLong("id");
    server.sql("INSERT INTO round_center (round_id, center_id) VALUES ($1, $2), ($1, $3)", round, center, other);
    browser = new Browser(server.port(), Browser.DESKTOP, "desktop");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @DisplayName("centers, a center, people, rounds and a round show the names as written")
  void shownAsText() {
    browser.signIn("xss-coord@example.jp", "coordinator-pass");
    String[][] pages = {{"/#/centers", "公民館"}, {"/#/centers/" + center, "公民館"}, {"/#/people", "山田"},
        {"/#/rounds", "冬"}, {"/#/rounds/" + round, "冬"}};
    for (String[] page : pages) {
      browser.open(page[0]);
      browser.until("the page shows " + page[1], d -> browser.mainText().contains(page[1]));
      String text = browser.mainText();
      assertThat(text).as(page[0]).containsAnyOf("<img src=x", "<script>", "<b onmouseover");
      assertThat(browser.js("return document.querySelectorAll('main img[src=x], main script, main svg[onload], main b[onmouseover]').length"))
          .as("no element made from stored text on " + page[0]).isEqualTo(0L);
      assertThat(browser.js("return window.__xss === undefined ? null : String(window.__xss)")).as("nothing ran on " + page[0]).isNull();
    }
  }
}
