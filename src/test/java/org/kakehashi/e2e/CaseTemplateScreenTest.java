package org.kakehashi.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two #17 screens over routes that had no screen (README, "Case studies" and "The programme"), on the demo
 * data in real Chromium: the coordinator's case template of a round (#/rounds/{id}/case-template, from the
 * round's page, laptop) and a session's own programme (#/sessions/{id}/programme, from the session's cases,
 * by its facilitator on a 360×740 phone). Each shows the server's 422 next to its field with nothing saved,
 * saves, and the result is checked through the API and where it shows next: the new section in the case
 * editor of the pair's staff, the edited step with its clock times on the run sheet; "back to the round's
 * programme" asks first and returns the session to the round's steps. Only who may edit sees the links.
 * axe-core finds nothing serious or critical, in Japanese and English. Screenshots: target/e2e/case-template-*,
 * session-programme-*.
 */
@Tag("e2e")
@DisplayName("issue #17: the coordinator edits a round's case template; the facilitator edits a session's programme")
class CaseTemplateScreenTest {

  static final String PW = "case-template-password";
  static final Dimension PHONE = new Dimension(360, 740);
  static final String SECTION_JA = "地域との連携";
  static final String SECTION_EN = "Working with the neighbourhood";
  static final String OPENING_JA = "はじめのあいさつと自己紹介";
  static final String BREAK_JA = "休憩（カメラオフ可）";

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static long session;
  static long round;
  static long centerA;
  static String facilitator;
  static String staffA;

  @BeforeAll
  static void pick() {
    Axe.source();
    // An upcoming session of two centers without cases yet; its facilitator and a staff member of one center.
    Row s = server.sql("""
        SELECT s.id, s.round_id, f.email::text AS facilitator FROM session s JOIN person f ON f.id = s.facilitator_id
         WHERE s.status = 'scheduled' AND s.starts_at > now() + interval '10 days'
           AND NOT EXISTS (SELECT 1 FROM case_study c WHERE c.session_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM session_programme sp WHERE sp.session_id = s.id)
           AND (SELECT count(*) FROM pair_member m WHERE m.pair_id = s.pair_id) = 2
         ORDER BY s.starts_at, s.id LIMIT 1""").iterator().next();
    session = s.getLong("id");
    round = s.getLong("round_id");
    facilitator = s.getString("facilitator");
    centerA = server.sql("SELECT m.center_id FROM session s JOIN pair_member m ON m.pair_id = s.pair_id WHERE s.id = $1"
        + " ORDER BY m.center_id LIMIT 1", session).iterator().next().getLong(0);
    staffA = server.sql("SELECT email::text FROM person WHERE center_id = $1 AND 'staff' = ANY (roles) ORDER BY email LIMIT 1",
        centerA).iterator().next().getString(0);
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        new String[] {facilitator, staffA});
  }

  @Test
  @DisplayName("case template: a 422 at the due days, a section added in ja/en and moved, saved; the case editor shows it")
  void caseTemplateEditedAndUsed() {
    Api coord = server.coordinator();
    String path = "/api/rounds/" + round + "/case-template";
    JsonObject before = coord.get(path).json();
    int sections = before.getJsonArray("sections").size();
    assertThat(sections).isLessThan(12);
    int due = before.getInteger("dueDays") == 5 ? 6 : 5;

    try (Browser browser = new Browser(server.port(), Browser.DESKTOP, "laptop")) {
      browser.signIn("coord@example.jp", "coordinator-pass");
      browser.open("/#/rounds/" + round);
      browser.follow(browser.t("caseTpl.link"));
      assertThat(browser.css("main h1").getText()).isEqualTo(browser.t("caseTpl.title"));
      assertThat(browser.all("li[data-key]")).hasSize(sections);
      assertThat(Axe.blocking(Axe.run(browser))).as("serious or critical axe-core violations (ja)").isEmpty();

      // 61 days: the server's 422 next to the due days, in Japanese; nothing saved.
      WebElement dueDays = browser.field(browser.t("caseTpl.dueDays"));
      browser.type(dueDays, "61");
      browser.click(browser.button(browser.t("caseTpl.save")));
      browser.until("the due days' error", d -> browser.css(".has-error .field-error").isDisplayed());
      assertThat(browser.css(".has-error .field-error").getText()).contains(browser.t("caseTpl.error.dueDays"));
      assertThat(dueDays.getDomAttribute("aria-invalid")).isEqualTo("true");
      assertThat(browser.css(".error-summary").getText()).contains(browser.t("caseTpl.error.dueDays"));
      assertThat(coord.get(path).json()).isEqualTo(before);
      browser.screenshot("case-template-error");

      // A new section, Japanese and English, moved up one place; the due days fixed; saved.
      browser.type(dueDays, String.valueOf(due));
      browser.click(browser.button(browser.t("caseTpl.add")));
      WebElement added = browser.css("ol.programme-steps > li:last-child");
      assertThat(browser.js("return document.activeElement.closest('li') === arguments[0]", added)).isEqualTo(true);
      browser.type(browser.field(added, browser.t("caseTpl.part.ja")), SECTION_JA);
      browser.type(browser.field(added, browser.t("caseTpl.part.en")), SECTION_EN);
      String item = browser.t("caseTpl.item", "n", String.valueOf(sections + 1));
      browser.click(browser.button(browser.t("progTpl.upItem", "item", item)));
      browser.until("the new section moved up", d -> added.getDomAttribute("data-index").equals(String.valueOf(sections - 1)));
      browser.click(browser.button(browser.t("caseTpl.save")));
      browser.until("saved", d -> browser.css("#main").getText().contains(browser.t("caseTpl.wasSaved")));
      browser.fullScreenshot("case-template-saved");

      JsonObject saved = coord.get(path).json();
      assertThat(saved.getInteger("dueDays")).isEqualTo(due);
      JsonArray list = saved.getJsonArray("sections");
      assertThat(list).hasSize(sections + 1);
      JsonObject mine = list.getJsonObject(sections - 1);
      assertThat(mine.getString("ja")).isEqualTo(SECTION_JA);
      assertThat(mine.getString("en")).isEqualTo(SECTION_EN);
      assertThat(mine.getString("key")).matches("[a-z][a-z0-9_]*");
      // The sections before it keep their keys (what was written stays with them), the last one moved below it.
      for (int i = 0; i < sections - 1; i++) {
        assertThat(list.getJsonObject(i)).isEqualTo(before.getJsonArray("sections").getJsonObject(i));
      }
      assertThat(list.getJsonObject(sections)).isEqualTo(before.getJsonArray("sections").getJsonObject(sections - 1));

      // Opened afresh: kept, in English too.
      browser.open("/#/rounds/" + round + "/case-template");
      assertThat(browser.field(browser.t("caseTpl.dueDays")).getDomProperty("value")).isEqualTo(String.valueOf(due));
      browser.switchLanguage("en");
      assertThat(browser.css("li[data-index='" + (sections - 1) + "'] input[lang=en]").getDomProperty("value")).isEqualTo(SECTION_EN);
      browser.screenshot("case-template-saved");
      assertThat(Axe.blocking(Axe.run(browser))).as("serious or critical axe-core violations (en)").isEmpty();
      browser.switchLanguage("ja");
      // A session's cases link coordinators to the round's case template.
      browser.open("/#/sessions/" + session + "/cases");
      browser.follow(browser.t("caseTpl.link"));
      assertThat(browser.css("main h1").getText()).isEqualTo(browser.t("caseTpl.title"));
      browser.signOut();

      // The pair's staff member: the cases are due the new number of days before; the editor has the section.
      Api staff = server.signedIn(staffA, PW);
      JsonObject cases = staff.get("/api/sessions/" + session + "/cases").json();
      assertThat(OffsetDateTime.parse(cases.getString("dueAt")).toInstant())
          .isEqualTo(OffsetDateTime.parse(cases.getString("startsAt")).minusDays(due).toInstant());
      browser.signIn(staffA, PW);
      browser.open("/#/sessions/" + session + "/cases");
      // Not the facilitator: no link to edit the programme.
      assertThat(browser.all("a[href$='/programme']")).isEmpty();
      assertThat(staff.get("/api/sessions/" + session + "/programme").json().getBoolean("canEdit")).isFalse();
      browser.click(browser.css("li.case-center[data-center-id='" + centerA + "'] a.btn"));
      browser.ready();
      browser.until("the editor", d -> !browser.all("#case-save-state").isEmpty());
      WebElement section = browser.field(SECTION_JA);
      assertThat(section.getTagName()).isEqualTo("textarea");
      browser.js("arguments[0].scrollIntoView({block: 'center'})", section);
      browser.screenshot("case-template-in-editor");

      // Staff read the template; only coordinators save it (the server refuses them too).
      browser.open("/#/rounds/" + round + "/case-template");
      assertThat(browser.css("#main").getText()).contains(SECTION_JA).contains(browser.t("caseTpl.readOnly"))
          .contains(browser.t("caseTpl.dueValue", "days", String.valueOf(due)));
      assertThat(browser.all("main form")).isEmpty();
      assertThat(staff.put(path, saved).status()).isEqualTo(403);
    }

    // On a 360×740 phone: nothing wider than the screen, the buttons as large as a finger.
    try (Browser phone = new Browser(server.port(), PHONE, "phone")) {
      phone.signIn("coord@example.jp", "coordinator-pass");
      phone.open("/#/rounds/" + round + "/case-template");
      fitsThePhone(phone);
      bigEnough(phone);
      phone.screenshot("case-template-phone");
    }
  }

  @Test
  @DisplayName("session programme on a phone: a 422 at the minutes, a step renamed and timed, saved; on the run sheet; back to the round's")
  void sessionProgrammeEditedShownReset() {
    Api fac = server.signedIn(facilitator, PW);
    String path = "/api/sessions/" + session + "/programme";
    JsonObject before = fac.get(path).json();
    assertThat(before.getBoolean("canEdit")).isTrue();
    assertThat(before.getString("source")).isNotEqualTo("session");
    JsonObject opening = before.getJsonArray("items").getJsonObject(0);
    assertThat(opening.getString("kind")).isEqualTo("opening");
    int minutes = opening.getInteger("minutes") == 8 ? 9 : 8;
    int steps = before.getJsonArray("steps").size();
    int total = before.getInteger("totalMinutes") - opening.getInteger("minutes") + minutes + 5;

    try (Browser phone = new Browser(server.port(), PHONE, "phone")) {
      phone.signIn(facilitator, PW);
      phone.open("/#/sessions/" + session + "/cases");
      phone.follow(phone.t("sessProg.link"));
      assertThat(phone.css("main h1").getText()).isEqualTo(phone.t("sessProg.title"));
      assertThat(phone.css("[data-part=source]").getText()).isEqualTo(phone.t("sessProg.source." + before.getString("source")));
      assertThat(phone.css("[data-part=total]").getText()).isEqualTo(phone.t("progTpl.total", "total", String.valueOf(before.getInteger("totalMinutes"))));
      fitsThePhone(phone);
      bigEnough(phone);
      assertThat(Axe.blocking(Axe.run(phone))).as("serious or critical axe-core violations (ja)").isEmpty();

      // 0 minutes: the server's 422 next to the opening's minutes; nothing saved.
      phone.type(phone.css("li[data-kind=opening] input[name=ja]"), OPENING_JA);
      phone.type(minutesOf(phone, "opening"), "0");
      phone.click(phone.button(phone.t("sessProg.save")));
      phone.until("the minutes' error", d -> phone.css("li[data-kind=opening] .has-error .field-error").isDisplayed());
      assertThat(phone.css("li[data-kind=opening] .has-error .field-error").getText()).contains(phone.t("progTpl.error.minutes"));
      assertThat(minutesOf(phone, "opening").getDomAttribute("aria-invalid")).isEqualTo("true");
      assertThat(fac.get(path).json().getJsonArray("steps")).isEqualTo(before.getJsonArray("steps"));
      phone.screenshot("session-programme-error");

      // A real number, and a custom step of 5 minutes moved before the closing: the total follows as it is
      // typed; saved; the clock times are the server's.
      phone.type(minutesOf(phone, "opening"), String.valueOf(minutes));
      phone.choose(phone.field(phone.t("progTpl.addKind")), phone.t("progTpl.kind.custom"));
      phone.click(phone.button(phone.t("progTpl.add")));
      phone.type(phone.css("li[data-kind=custom] input[name=ja]"), BREAK_JA);
      phone.type(minutesOf(phone, "custom"), "5");
      String item = phone.t("progTpl.item", "n", String.valueOf(steps + 1), "kind", phone.t("progTpl.kind.custom"));
      phone.click(phone.button(phone.t("progTpl.upItem", "item", item)));
      phone.until("the custom step before the closing", d -> "closing".equals(phone.css("li[data-kind]:last-child").getDomAttribute("data-kind")));
      phone.until("the new total", d -> phone.css("[data-part=total]").getText()
          .equals(phone.t("progTpl.total", "total", String.valueOf(total))));
      phone.click(phone.button(phone.t("sessProg.save")));
      phone.until("saved", d -> phone.css("#main").getText().contains(phone.t("sessProg.wasSaved")));
      assertThat(phone.css("[data-part=source]").getText()).isEqualTo(phone.t("sessProg.source.session"));
      fitsThePhone(phone);
      phone.fullScreenshot("session-programme-saved");

      JsonObject saved = fac.get(path).json();
      assertThat(saved.getString("source")).isEqualTo("session");
      assertThat(saved.getInteger("totalMinutes")).isEqualTo(total);
      JsonObject first = saved.getJsonArray("items").getJsonObject(0);
      JsonObject second = saved.getJsonArray("items").getJsonObject(1);
      assertThat(first.getString("ja")).isEqualTo(OPENING_JA);
      assertThat(first.getInteger("minutes")).isEqualTo(minutes);
      assertThat(OffsetDateTime.parse(second.getString("startsAt")).toInstant())
          .isEqualTo(OffsetDateTime.parse(first.getString("startsAt")).plusMinutes(minutes).toInstant());
      assertThat(phone.css("[data-part=plan] li[data-kind=opening]").getText())
          .contains(first.getString("starts") + "–" + first.getString("ends")).contains(OPENING_JA);
      JsonArray items = saved.getJsonArray("items");
      JsonObject pause = items.getJsonObject(items.size() - 2);
      assertThat(pause.getString("kind")).isEqualTo("custom");
      assertThat(pause.getString("ja")).isEqualTo(BREAK_JA);
      assertThat(pause.getInteger("minutes")).isEqualTo(5);
      assertThat(items.getJsonObject(items.size() - 1).getString("kind")).isEqualTo("closing");
      assertThat(saved.getBoolean("fits")).isEqualTo(total <= saved.getInteger("sessionMinutes"));

      // The session's cases page shows the programme as edited.
      phone.open("/#/sessions/" + session + "/cases");
      assertThat(phone.css(".programme-list").getText()).contains(first.getString("starts") + "–" + first.getString("ends") + OPENING_JA)
          .contains(pause.getString("starts") + "–" + pause.getString("ends") + BREAK_JA);

      // The run sheet prints the edited step at its clock time, and links back to the editor.
      phone.open("/#/sessions/" + session + "/run-sheet");
      WebElement row = phone.withText(".run-sheet-table tbody tr", OPENING_JA);
      assertThat(row.getText()).contains(first.getString("starts") + "–" + first.getString("ends"))
          .contains(phone.t("runSheet.minutesValue", "minutes", String.valueOf(minutes)));
      assertThat(phone.withText(".run-sheet-table tbody tr", BREAK_JA).getText()).contains(pause.getString("starts"));
      phone.screenshot("session-programme-run-sheet");
      phone.follow(phone.t("sessProg.link"));

      phone.switchLanguage("en");
      assertThat(phone.css("[data-part=source]").getText()).isEqualTo(phone.t("sessProg.source.session"));
      fitsThePhone(phone);
      phone.screenshot("session-programme-saved");
      assertThat(Axe.blocking(Axe.run(phone))).as("serious or critical axe-core violations (en)").isEmpty();
      phone.switchLanguage("ja");

      // Back to the round's programme, after a confirmation.
      phone.click(phone.button(phone.t("sessProg.reset")));
      WebElement dialog = phone.dialog();
      assertThat(dialog.getText()).contains(phone.t("sessProg.resetTitle"));
      phone.click(phone.button(dialog, phone.t("sessProg.resetConfirm")));
      phone.until("reset", d -> phone.css("#main").getText().contains(phone.t("sessProg.wasReset")));
      JsonObject reset = fac.get(path).json();
      assertThat(reset.getString("source")).isEqualTo(before.getString("source"));
      assertThat(reset.getJsonArray("items").getJsonObject(0).getString("ja")).isEqualTo(opening.getString("ja"));
      assertThat(phone.css("li[data-kind=opening] input[name=ja]").getDomProperty("value"))
          .isEqualTo(before.getJsonArray("steps").getJsonObject(0).getString("ja") == null ? ""
              : before.getJsonArray("steps").getJsonObject(0).getString("ja"));
    }
  }

  private static WebElement minutesOf(Browser browser, String kind) {
    return browser.css("li[data-kind=" + kind + "] input[name=minutes]");
  }

  /** Every button and button-like link of the view at least 44 px high (app.css's --tap, the smallest tap target). */
  private static void bigEnough(Browser browser) {
    for (WebElement b : browser.all("main button, main a.btn, main input, main select")) {
      assertThat(b.getSize().getHeight()).as("the height of " + b.getText() + b.getDomAttribute("name")).isGreaterThanOrEqualTo(44);
    }
  }

  /** Nothing wider than the phone's screen (no sideways scrolling). */
  private static void fitsThePhone(Browser browser) {
    assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue())
        .as("the page's width at 360 px").isLessThanOrEqualTo(((Number) browser.js("return window.innerWidth")).intValue());
  }
}
