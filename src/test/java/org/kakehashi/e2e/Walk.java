package org.kakehashi.e2e;

import org.openqa.selenium.WebElement;

import java.util.List;

/**
 * Issue #16: a walk from a person's home page to the action of one task, with the taps (the action's
 * own tap included) and the scroll distance counted as a person would need them. Every step is a
 * viewport screenshot (journey-{task}-{step}-{lang}-{size}.png under target/e2e/). What goes over the
 * limits is added to {@code problems}, so one run reports every task before the test fails.
 */
final class Walk {

  /** At most this many taps from home to the action, the action's own included. */
  static final int MAX_TAPS = 3;

  final Browser b;
  final String task;
  private final List<String> problems;
  int taps;
  double scroll;
  private int step;

  Walk(Browser b, String task, List<String> problems) {
    this.b = b;
    this.task = task;
    this.problems = problems;
    // Where the walk starts (home once its parts have loaded). A viewport picture: Chromium's
    // full-page capture drops the larger text setting for the rest of the page's life.
    b.until("home's parts", d -> b.all("main .loading, main [aria-busy='true']").isEmpty());
    b.screenshot("journey-" + task + "-0-start");
  }

  /** The distance the page must scroll to bring e fully into view below any sticky header, then scrolled there. */
  double reach(WebElement e) {
    Number d = (Number) b.js("""
        const e = arguments[0];
        const header = document.getElementById('site-header');
        const pos = header ? getComputedStyle(header).position : '';
        const top = header && (pos === 'sticky' || pos === 'fixed') ? header.getBoundingClientRect().bottom : 0;
        const r = e.getBoundingClientRect();
        let d = 0;
        if (r.bottom > window.innerHeight) d = Math.min(r.bottom - window.innerHeight, r.top - top);
        else if (r.top < top) d = r.top - top;
        window.scrollBy(0, d);
        return Math.abs(d);""", e);
    scroll += d.doubleValue();
    return d.doubleValue();
  }

  void shot() {
    b.screenshot("journey-" + task + "-" + (++step));
  }

  /** Taps e (scrolled to first, as a thumb would) and waits for the next view if it navigates. */
  void tap(WebElement e, boolean navigates) {
    reach(e);
    shot();
    taps++;
    if (navigates) {
      WebElement before = b.view();
      e.click();
      b.replaced(before);
      b.js("window.scrollTo(0, 0)");
    } else {
      e.click();
    }
  }

  /** Something to read on the way (a list, a number): reached and pictured, no tap. */
  void see(WebElement e) {
    reach(e);
    shot();
  }

  /** The action itself: reached and counted as one tap. */
  void act(WebElement e) {
    reach(e);
    shot();
    taps++;
  }

  /** axe-core on the screen the walk is on: nothing serious or critical. */
  void axe() {
    Axe.blocking(Axe.run(b)).forEach(v -> problems.add(task + " at " + b.driver.getCurrentUrl() + ": axe " + v));
  }

  /**
   * Checks the walk against the limits (≤ 3 taps, at most one screen of scrolling) and the text size
   * asked for, runs axe-core on the last screen, and answers the tab-separated line of its numbers:
   * task, text size, taps, scroll (px), screen height (px).
   */
  String report(String scale) {
    // The text size asked for is the one in effect (else the 200 % numbers would be 100 % ones).
    Number px = (Number) b.js("return parseFloat(getComputedStyle(document.documentElement).fontSize)");
    double want = 16.0 * Integer.parseInt(scale.replace("%", "")) / 100;
    if (Math.abs(px.doubleValue() - want) > 0.5) {
      problems.add(task + " at " + scale + ": the page's text is " + px + " px, not " + want);
    }
    axe();
    double screen = ((Number) b.js("return window.innerHeight")).doubleValue();
    if (taps > MAX_TAPS) {
      problems.add(task + " at " + scale + ": " + taps + " taps, more than " + MAX_TAPS);
    }
    if (scroll > screen) {
      problems.add(task + " at " + scale + ": " + Math.round(scroll) + " px of scrolling, more than a screen (" + Math.round(screen) + ")");
    }
    return String.join("\t", task, scale, String.valueOf(taps), String.valueOf(Math.round(scroll)),
        String.valueOf(Math.round(screen)));
  }

  /** A link or button of the current view by its text (or the start of its accessible name), wherever it is on the page. */
  static WebElement target(Browser b, String text) {
    return b.until("“" + text + "”", d -> (WebElement) b.js("""
        const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
        for (const a of document.querySelectorAll('a[href], button')) {
          if (!a.getClientRects().length) continue;
          if (norm(a.textContent) === arguments[0] || norm(a.getAttribute('aria-label')).startsWith(arguments[0])) return a;
        }
        return null;""", text));
  }

  /** The header's link to a section: behind the menu button when the header is folded. */
  void navTo(String label) {
    List<WebElement> menu = b.all("#menu-toggle");
    if (!menu.isEmpty() && menu.get(0).isDisplayed() && "false".equals(menu.get(0).getDomAttribute("aria-expanded"))) {
      tap(menu.get(0), false);
    }
    tap(target(b, label), true);
  }
}
