package org.kakehashi.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #9: the key screens on a phone-sized window (360 × 800 CSS pixels), in both languages:
 * nothing scrolls sideways, and every primary button is at least 44 px high (a thumb's target).
 * Screenshots: target/e2e/phone-{screen}-{lang}-phone.png.
 */
@Tag("e2e")
@DisplayName("issue #9: the key screens on a 360 × 800 phone")
class PhoneScreensTest {

  static final double MIN_TAP = 44;

  @RegisterExtension
  static TestServer server = Screens.server();

  static Browser browser;
  static Screens.Seeded seeded;

  @BeforeAll
  static void start() {
    seeded = Screens.seed(server);
    browser = new Browser(server.port(), Browser.PHONE, "phone");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @ParameterizedTest(name = "in {0}")
  @ValueSource(strings = {"ja", "en"})
  @DisplayName("no horizontal scroll and primary buttons of 44 px or more on every key screen")
  void fitsAPhone(String lang) {
    List<String> problems = new ArrayList<>();
    Screens.visit(browser, seeded, lang, screen -> {
      browser.fullScreenshot("phone-" + screen.name());
      @SuppressWarnings("unchecked")
      Map<String, Object> size = (Map<String, Object>) browser.js("""
          return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth};""");
      long inner = ((Number) size.get("inner")).longValue();
      long scroll = ((Number) size.get("scroll")).longValue();
      assertThat(inner).as("the window is phone-sized").isLessThanOrEqualTo(Browser.PHONE.width);
      if (scroll > inner) {
        @SuppressWarnings("unchecked")
        List<String> wide = (List<String>) browser.js("""
            const out = [];
            for (const e of document.querySelectorAll('body *')) {
              const r = e.getBoundingClientRect();
              if (r.width && r.right > window.innerWidth + 0.5 && !e.closest('.table-scroll')) {
                out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && e.className.baseVal === undefined ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '')
                  + ' right=' + Math.round(r.right));
              }
              if (out.length >= 5) break;
            }
            return out;""");
        problems.add(screen.name() + ": scrolls sideways (" + scroll + " > " + inner + "), widest: " + wide);
      }
      @SuppressWarnings("unchecked")
      List<String> small = (List<String>) browser.js("""
          const out = [];
          for (const b of document.querySelectorAll('.btn-primary')) {
            if (!b.getClientRects().length) continue;
            const height = b.getBoundingClientRect().height;
            if (height < arguments[0]) out.push('"' + b.textContent.replace(/\\s+/g, ' ').trim() + '" is ' + height.toFixed(1) + ' px high');
          }
          return out;""", MIN_TAP);
      small.forEach(s -> problems.add(screen.name() + ": " + s));
    });
    assertThat(problems).as("problems on a phone in " + lang).isEmpty();
  }
}
