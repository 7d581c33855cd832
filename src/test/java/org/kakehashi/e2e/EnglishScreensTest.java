package org.kakehashi.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9: the key screens in English, after switching the language with the header's button.
 * Screenshots: target/e2e/en-{screen}-en-desktop.png.
 */
@Tag("e2e")
@DisplayName("issue #9: the key screens in English")
class EnglishScreensTest {

  @RegisterExtension
  static TestServer server = Screens.server();

  static Browser browser;
  static Screens.Seeded seeded;

  @BeforeAll
  static void start() {
    seeded = Screens.seed(server);
    browser = new Browser(server.port(), Browser.DESKTOP, "desktop");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @DisplayName("every key screen switches to English: <html lang=en>, English menu, no missing string, no Japanese UI text")
  void keyScreensInEnglish() {
    Strings en = Strings.of("en");
    Set<String> keys = Strings.allKeys();
    List<String> problems = new ArrayList<>();
    Screens.visit(browser, seeded, "en", screen -> {
      browser.fullScreenshot("en-" + screen.name());
      String where = screen.name() + ": ";
      if (!"en".equals(browser.lang())) {
        problems.add(where + "<html lang> is " + browser.lang());
      }
      if (screen.who() != Screens.Who.NOBODY) {
        for (String key : List.of("nav.centers", "nav.rounds", "nav.people", "nav.signOut")) {
          if (browser.all("header a, header button").stream().noneMatch(e -> e.getText().trim().equals(en.t(key)))) {
            problems.add(where + "the header has no \"" + en.t(key) + "\"");
          }
        }
      }
      @SuppressWarnings("unchecked")
      List<String> texts = (List<String>) browser.js("""
          const out = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const text = walker.currentNode.textContent.trim();
            if (text) out.push(text);
          }
          return out;""");
      texts.stream().filter(keys::contains).forEach(k -> problems.add(where + "a missing string shows its key " + k));
      texts.stream().filter(x -> x.matches("(?s).*\\b(null|undefined|NaN)\\b.*") && !x.contains("@"))
          .forEach(x -> problems.add(where + "a blank value shown as text: " + x));
      // Counted nouns follow the plural rules ("1 city", never "1 cities").
      texts.stream().filter(x -> x.matches("(?s).*(?<![\\d.,])1 (cities|pairs|sessions|answers|centers|seats|rooms|times|people|notes)\\b.*"))
          .forEach(x -> problems.add(where + "a plural after 1: " + x));
      @SuppressWarnings("unchecked")
      List<String> japanese = (List<String>) browser.js("""
          // The words of the interface itself (not data such as center names): labels, buttons,
          // legends, column headings, section headings. Anything marked lang="ja" is Japanese on purpose;
          // the data of the set-up (people, centers, round titles, written notes) is taken out first.
          const out = [];
          const data = arguments[0];
          for (const e of document.querySelectorAll('label .label-text, button, legend, th[scope=col], h2, summary, .hint, .lead')) {
            if (!e.getClientRects().length || e.closest('[lang="ja"]')) continue;
            let text = e.textContent.replace(/\\s+/g, ' ').trim();
            for (const d of data) text = text.split(d).join('');
            if (/[\\u3040-\\u30ff\\u4e00-\\u9fff]/.test(text)) out.push(e.tagName.toLowerCase() + ': ' + text);
          }
          return out;""", Screens.dataStrings());
      japanese.forEach(text -> problems.add(where + "Japanese interface text in English: " + text));
      // Region names and language codes are data the UI names in the viewer's language.
      String main = browser.css("main").getText();
      if (screen.name().equals("centers") && !(main.contains("Tohoku") && main.contains("Chugoku") && !main.contains("東北"))) {
        problems.add(where + "the regions are not named in English");
      }
      if (screen.name().equals("round-coordinator-pairs")) {
        String reasons = String.join("\n", browser.all(".reasons").stream().map(e -> e.getText()).toList());
        if (reasons.isEmpty() || !reasons.contains("Japanese") || reasons.matches("(?s).*(東北|中国|中部|九州|\\bja\\b).*")) {
          problems.add(where + "the pair reasons name regions or languages in Japanese or by code: " + reasons);
        }
      }
      if (screen.name().equals("round-facilitator") && main.contains(en.t("sessions.lead"))) {
        problems.add(where + "a facilitator without a center is told their center's sessions come first");
      }
    });
    assertThat(problems).as("problems on the English screens").isEmpty();
  }

  @Test
  @DisplayName("a staff member sees the round's topics in English in the sign-up form")
  void topicsInEnglish() {
    browser.open("/#/centers");
    browser.signIn(Screens.Who.STAFF.email, Data.PASSWORD);
    browser.open("/#/rounds/" + seeded.roundId());
    browser.switchLanguage("en");
    Strings en = Strings.of("en");
    var card = browser.css(".session-card.is-mine");
    browser.until("the sign-up form", d -> !browser.all(".session-card.is-mine form.signup-form").isEmpty());
    var select = new org.openqa.selenium.support.ui.Select(browser.field(card, en.t("signup.rank1")));
    assertThat(select.getOptions()).extracting(o -> o.getText().trim())
        .contains(Data.TOPICS.get(0).en(), Data.TOPICS.get(1).en());
    browser.screenshot("en-signup-topics");
    // The round's reflection prompts are told with what the round is about.
    browser.follow(en.t("round.part.pairs"));
    assertThat(browser.css("main").getText()).contains(Data.PROMPTS.get(0).en()).doesNotContain(Data.PROMPTS.get(0).ja());
    browser.signOut();
  }
}
