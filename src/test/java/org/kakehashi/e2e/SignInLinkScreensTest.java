package org.kakehashi.e2e;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Smtp;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15: an older staff member on a phone signs in by a one-time link (README, "Security"): asks
 * for it on the sign-in page, opens it from the e-mail (read from GreenMail), chooses "keep me signed
 * in" and lands signed in at home. Screenshots at 360 × 740: target/e2e/signin-link-*-{lang}-phone.png.
 */
@Tag("e2e")
@DisplayName("issue #15: signing in by a link from the e-mail, on a 360 × 740 phone")
class SignInLinkScreensTest {

  static final Dimension PHONE = new Dimension(360, 740);
  static final String EMAIL = "sato.hanako@natori.example.jp";
  static final Pattern LINK = Pattern.compile("https?://\\S+?(/signin/[A-Za-z0-9_-]{20,})");

  static final Smtp smtp = new Smtp().start();

  @RegisterExtension
  static TestServer server = new TestServer(smtp.config().andThen(json ->
      json.getJsonObject("database").put("connectTimeoutMillis", 10_000)));

  static Browser browser;
  static long person;

  @BeforeAll
  static void start() {
    Axe.source(); // fails at once when axe-core is missing
    long center = server.center("natori-link", "名取市");
    person = server.person(EMAIL, center, Data.PASSWORD);
    browser = new Browser(server.port(), PHONE, "phone");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    smtp.stop();
  }

  @Test
  @DisplayName("ask for a link (the same neutral answer for an unknown address), open it from the e-mail, keep signed in,"
      + " land at home; the link works once")
  void signInByLink() {
    browser.open("/");
    browser.until("the sign-in page", d -> browser.t("signin.title").equals(browser.css("main h1").getText().trim()));
    assertThat(browser.mainText()).contains(browser.t("signin.keep")).contains(browser.t("signin.link.request"));
    List<String> problems = new ArrayList<>();
    check("signin-link-form", problems);

    // An address nobody has: the same answer, and no e-mail.
    askForLink("nobody@natori.example.jp");
    String neutral = browser.css("main .notice-success").getText();
    assertThat(neutral).contains(browser.t("signin.link.sent"));
    askForLink(EMAIL);
    assertThat(browser.css("main .notice-success").getText()).isEqualTo(neutral);
    check("signin-link-sent", problems);

    assertThat(smtp.await(30_000, 1)).as("the link's e-mail arrives").isTrue();
    List<MimeMessage> mails = Arrays.stream(smtp.received()).toList();
    assertThat(mails).hasSize(1);
    String text = Smtp.text(mails.get(0));
    assertThat(recipients(mails.get(0))).containsExactly(EMAIL);
    Matcher link = LINK.matcher(text);
    assertThat(link.find()).as("a /signin/ link in: " + text).isTrue();
    String path = link.group(1);

    browser.open(path);
    browser.until("the link's page", d -> browser.t("signin.link.pageTitle").equals(browser.css("main h1").getText().trim()));
    WebElement keep = browser.css("main input[type=checkbox][name=remember]");
    assertThat(keep.isSelected()).as("keeping signed in is a choice, not the default").isFalse();
    assertThat(browser.mainText()).contains(browser.t("signin.keepHint", "days", 30));
    check("signin-link-page", problems);
    browser.click(keep);
    WebElement before = browser.view();
    browser.click(browser.button(browser.t("signin.link.use")));
    browser.until("signed in", d -> !browser.driver.findElements(By.cssSelector("header .me-link")).isEmpty());
    browser.replaced(before);
    browser.until("the home page", d -> browser.t("home.title").equals(browser.css("main h1").getText().trim()));
    assertThat((String) browser.js("return location.pathname")).as("the token leaves the address bar").isEqualTo("/");
    check("signin-link-home", problems);
    assertThat(server.sql("SELECT count(*) AS n FROM web_session WHERE person_id = $1 AND keep", person).iterator().next()
        .getLong("n")).as("the session kept, as chosen").isEqualTo(1);

    // Opened again while signed in: home, and the token leaves the address bar and the history.
    browser.open(path);
    browser.until("the home page", d -> browser.t("home.title").equals(browser.css("main h1").getText().trim()));
    assertThat((String) browser.js("return location.pathname + location.hash")).isEqualTo("/#/");

    // Once only: after signing out, the same link says so and points back to the sign-in page.
    browser.signOut();
    browser.open(path);
    browser.click(browser.button(browser.t("signin.link.use")));
    browser.until("the refusal", d -> !browser.driver.findElements(By.cssSelector("main .notice-error")).isEmpty());
    assertThat(browser.css("main .notice-error").getText()).contains(browser.t("signin.link.notValid"));
    assertThat(browser.link(browser.t("signin.link.backToSignIn")).getDomAttribute("href")).isEqualTo("/#/");
    check("signin-link-used", problems);

    // The sign-in page in English too.
    browser.open("/");
    browser.switchLanguage("en");
    assertThat(browser.mainText()).contains(browser.t("signin.keep")).contains(browser.t("signin.link.request"));
    check("signin-link-form", problems);
    assertThat(problems).as("axe serious/critical and sideways scroll on the link screens").isEmpty();
  }

  private void askForLink(String email) {
    WebElement field = browser.field(browser.t("field.email"));
    field.clear();
    browser.type(field, email);
    List<WebElement> old = browser.driver.findElements(By.cssSelector("main .notice-success"));
    browser.click(browser.button(browser.t("signin.link.request")));
    browser.until("the answer", d -> {
      List<WebElement> now = d.findElements(By.cssSelector("main .notice-success"));
      return !now.isEmpty() && (old.isEmpty() || !now.get(0).equals(old.get(0)));
    });
  }

  /** A screenshot at 360 × 740, axe's serious and critical findings, and nothing wider than the phone. */
  private void check(String name, List<String> problems) {
    browser.screenshot(name);
    Axe.blocking(Axe.run(browser)).forEach(v -> problems.add(name + " (" + browser.lang() + "): " + v));
    long scroll = ((Number) browser.js("return document.documentElement.scrollWidth")).longValue();
    long inner = ((Number) browser.js("return window.innerWidth")).longValue();
    if (scroll > inner) {
      problems.add(name + ": scrolls sideways (" + scroll + " > " + inner + ")");
    }
  }

  private static List<String> recipients(MimeMessage m) {
    try {
      return Arrays.stream(m.getAllRecipients()).map(a -> ((jakarta.mail.internet.InternetAddress) a).getAddress()).toList();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
