package org.kakehashi.e2e;

import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.demo.DemoData;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.TestServer;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff's home on a 360 × 740 phone, on the demo data, for an older staff member on the day and for one with
 * nothing ahead. On the day the card of one's session says it in words next to the date ("today, from 19:00",
 * "under way now, until 20:30"), the join link right under it: one tap from home. With no session ahead,
 * home says so and points to the sessions any center may still sign up for (the demo's session open to all),
 * one tap to the round's list. Signing up from home lands on the session's sign-up form: the first choice
 * is on the screen, the button within one more (before, the card's facts came first: at 200 % text the button
 * was three screens down). Japanese headings wrap between phrases. In Japanese and in English.
 * Screenshots: target/e2e/staff-home-*.
 */
@Tag("e2e")
@DisplayName("staff's home on the day of a session, and with no session ahead")
class StaffHomeScreenTest {

  static final String PW = "staff-home-password";
  static final String D = "@" + DemoData.DOMAIN;
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static long session;
  static String joiner;
  static String idle;
  static Browser browser;

  @BeforeAll
  static void seed() {
    // The demo's session open to all, with its confirmed participants; one of them joins on the day.
    Row s = server.sql("""
        SELECT s.id FROM session s WHERE s.status = 'scheduled' AND s.open_to_all AND s.starts_at > now()
         ORDER BY s.seats_taken DESC, s.id LIMIT 1""").iterator().next();
    session = s.getLong("id");
    joiner = server.sql("""
        SELECT p.email::text AS email FROM person p JOIN registration g ON g.person_id = p.id
         WHERE g.session_id = $1 AND g.status = 'confirmed' ORDER BY p.email LIMIT 1""", session).iterator().next().getString("email");
    // Staff with no session ahead: not signed up for any, and their center's pair has none ahead.
    idle = server.sql("""
        SELECT p.email::text AS email FROM person p
         WHERE 'staff' = ANY (p.roles) AND p.email::text LIKE '%' || $1
           AND NOT EXISTS (SELECT 1 FROM registration g JOIN session s ON s.id = g.session_id WHERE g.person_id = p.id AND s.ends_at > now())
           AND NOT EXISTS (SELECT 1 FROM session s JOIN pair_member m ON m.pair_id = s.pair_id
                            WHERE m.center_id = p.center_id AND s.ends_at > now() AND s.status <> 'cancelled')
         ORDER BY p.email LIMIT 1""", D).iterator().next().getString("email");
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW), new String[] {joiner, idle});
    server.sql("UPDATE session SET join_url = 'https://zoom.example/j/' || id WHERE id = $1", session);
    browser = new Browser(server.port(), StaffJourneysTest.PHONE, "phone");
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @DisplayName("on the day: 'today, from …' and then 'under way now' next to the date, the join link one tap from home")
  void onTheDay() {
    signedOut();
    OffsetDateTime start = OffsetDateTime.now(JAPAN).plusMinutes(5).withSecond(0).withNano(0);
    move(start, start.plusMinutes(90));
    browser.signIn(joiner, PW);
    String when = whenText();
    String time = start.atZoneSameInstant(JAPAN).format(DateTimeFormatter.ofPattern("H:mm"));
    // Started a few minutes before midnight, it is tomorrow's.
    boolean today = start.atZoneSameInstant(JAPAN).toLocalDate().equals(java.time.LocalDate.now(JAPAN));
    assertThat(when).isEqualTo(browser.t(today ? "home.staff.when.today" : "home.staff.when.tomorrow", "time", time));
    Walk join = new Walk(browser, "staff-home-today", new java.util.ArrayList<>());
    join.act(browser.css(".home-next a[href='https://zoom.example/j/" + session + "']"));
    assertThat(join.taps).as("taps from home to the join link").isEqualTo(1);
    browser.screenshot("staff-home-today");

    OffsetDateTime begun = OffsetDateTime.now(JAPAN).minusMinutes(10).withSecond(0).withNano(0);
    move(begun, begun.plusMinutes(90));
    browser.open("/#/");
    assertThat(whenText()).isEqualTo(browser.t("home.staff.when.now", "until",
        begun.plusMinutes(90).atZoneSameInstant(JAPAN).format(DateTimeFormatter.ofPattern("H:mm"))));
    assertThat(browser.all(".home-next a[href='https://zoom.example/j/" + session + "']")).hasSize(1);
    browser.screenshot("staff-home-now");
    browser.switchLanguage("en");
    assertThat(whenText()).startsWith("Under way now (until ");
    browser.screenshot("staff-home-now");
    assertThat(Axe.blocking(Axe.run(browser))).as("axe on home under way (en)").isEmpty();
    browser.switchLanguage("ja");
    browser.signOut();
  }

  @Test
  @DisplayName("nothing ahead: home says so and points to the sessions open to every center, one tap away")
  void nothingAhead() {
    signedOut();
    browser.signIn(idle, PW);
    browser.until("home's parts", d -> browser.all("main .loading, main [aria-busy='true']").isEmpty());
    assertThat(browser.css("#home-next ~ div").getText()).contains(browser.t("home.staff.noSession"));
    String pointer = browser.css("[data-part=open-sessions]").getText();
    assertThat(pointer).contains(browser.t("home.staff.openSessionsLink"));
    // The section's heading wraps between phrases on a phone, never one character alone on its last line
    // ("あなたのセッションと、するこ / と" before).
    Number last = (Number) browser.js("""
        const h = document.getElementById('home-next');
        const range = document.createRange();
        range.selectNodeContents(h);
        const lines = [...range.getClientRects()];
        return lines[lines.length - 1].width / parseFloat(getComputedStyle(h).fontSize);""");
    assertThat(last.doubleValue()).as("the width of the heading's last line, in characters").isGreaterThan(1.5);
    browser.screenshot("staff-home-open");
    assertThat(Axe.blocking(Axe.run(browser))).as("axe on home with nothing ahead (ja)").isEmpty();
    browser.follow(browser.t("home.staff.openSessionsLink"));
    browser.until("the open session's card", d -> !browser.all("[data-session-id='" + session + "'] .signup form").isEmpty());
    browser.screenshot("staff-home-open-list");
    browser.signOut();
  }

  @Test
  @DisplayName("signing up from home: the tap lands on the session's form, topic and button within a screen")
  void signUpFromHome() {
    signedOut();
    String email = server.sql("""
        SELECT p.email::text AS email FROM person p
         WHERE 'staff' = ANY (p.roles) AND p.email::text LIKE '%' || $1
           AND EXISTS (SELECT 1 FROM session s JOIN pair_member m ON m.pair_id = s.pair_id
                        WHERE m.center_id = p.center_id AND s.status = 'scheduled' AND s.starts_at > now() + interval '2 days'
                          AND s.seats_taken < s.capacity)
           AND NOT EXISTS (SELECT 1 FROM registration g WHERE g.person_id = p.id)
         ORDER BY p.email LIMIT 1""", D).iterator().next().getString("email");
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = $2", Passwords.hashNow(PW), email);
    browser.signIn(email, PW);
    browser.js("window.scrollTo(0, 0)");
    java.util.List<String> problems = new java.util.ArrayList<>();
    Walk signup = new Walk(browser, "staff-signup", problems);
    // Home's link, tapped as Walk.tap would, but without its return to the top of the new page: where the
    // page lands is the point.
    org.openqa.selenium.WebElement link = Walk.target(browser, browser.t("home.staff.signUp"));
    signup.reach(link);
    signup.shot();
    signup.taps++;
    org.openqa.selenium.WebElement before = browser.view();
    link.click();
    browser.replaced(before);
    // Landed on the form (not the facts above it), its title focused.
    browser.until("the sign-up form's title focused", d -> Boolean.TRUE.equals(browser.js(
        "return document.activeElement && document.activeElement.matches('form.signup-form .signup-title')")));
    String cardOf = "[data-session-id='" + browser.css(".session-card.is-target").getDomAttribute("data-session-id") + "']";
    org.openqa.selenium.WebElement card = browser.css(cardOf);
    org.openqa.selenium.WebElement first = browser.field(card, browser.t("signup.rank1"));
    assertThat(signup.reach(first)).as("scrolling from the landing to the first choice").isZero();
    signup.tap(first, false);
    browser.choose(first, new org.openqa.selenium.support.ui.Select(first).getOptions().get(1).getText());
    org.openqa.selenium.WebElement submit = browser.button(card, browser.t("signup.submit"));
    signup.act(submit);
    submit.click();
    browser.until("signed up", d -> browser.css(cardOf).getText().contains(browser.t("signup.doneConfirmed")));
    browser.screenshot("staff-signup-done");
    String line = signup.report("100%");
    System.out.println(line + "\t(the option picked in the select is one more tap)");
    assertThat(signup.taps).as("home's link, the first choice, the button").isEqualTo(3);
    assertThat(problems).isEmpty();
    browser.signOut();
  }

  /** Starts signed out, whatever the test before left behind. */
  private static void signedOut() {
    browser.open("/");
    if (!browser.all("header .me-link").isEmpty()) {
      browser.signOut();
    }
  }

  private static void move(OffsetDateTime start, OffsetDateTime end) {
    server.sql("UPDATE session SET starts_at = $2, ends_at = $3, signup_closes_at = NULL WHERE id = $1", session, start, end);
  }

  private static String whenText() {
    browser.until("home's parts", d -> browser.all("main .loading, main [aria-busy='true']").isEmpty());
    return browser.css(".home-next [data-part=when]").getText().trim();
  }
}
