package org.kakehashi.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading ahead (予習, issue #17, README "Case studies") on a 360×740 phone, in a round whose coordinator renamed
 * the case sections: the partner center's staff member finds 相手センターの事例 on the home page, first as "not yet
 * submitted" with the due date; a colleague of the presenting center has the editor open when the case is submitted
 * elsewhere, goes on typing, is told 提出されました and keeps the text; the partner's home then shows the case's
 * title and summary, "ask a question" lands in the question box of the case page (which names the sections as the
 * round does), and the question sent shows on the home. axe-core finds nothing serious or critical on each screen,
 * in Japanese and English. Screenshots: target/e2e/reading-ahead-*.
 */
@Tag("e2e")
@DisplayName("issue #17: the partner's case on the staff home before the session, on a phone")
class ReadingAheadTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 20000));
  static final Fixtures fixtures = new Fixtures(server);

  static final String PW = "reading-ahead-password";
  static final Dimension PHONE = new Dimension(360, 740);
  static final String TITLE = "外国人住民と取り組む多文化共生の防災訓練";
  static final String SUMMARY = "日本語が母語でない住民と一緒に、避難所の受付と炊き出しを練習しました。";
  static final String BACKGROUND = "地区の住民の一割が外国にルーツを持っています。";
  static final String RESULT_TYPED = "翌月の訓練には外国にルーツのある住民が12人参加しました。";
  static final String QUESTION = "やさしい日本語の案内板は、誰が作りましたか？";

  static long natori;
  static long matsue;
  static long session;

  @BeforeAll
  static void seed() {
    Axe.source();
    natori = fixtures.center("natori-ra", "名取市生涯学習センター", "名取市", "宮城県");
    matsue = fixtures.center("matsue-ra", "松江市公民館", "松江市", "島根県");
    long facilitator = server.person("fra@example.jp", null, PW, "facilitator");
    server.person("a1ra@example.jp", natori, PW);
    server.person("a2ra@example.jp", natori, PW);
    server.person("b1ra@example.jp", matsue, PW);
    long round = fixtures.round("2026年度 冬の地域間合同研修").dates("2026-01-01", "2027-12-31").status("running")
        .topic("disaster", "防災", "Disaster readiness").centers(natori, matsue).create();
    // The coordinator renames the sections for this round: the case page and the editor must use these names.
    Api.Res template = server.coordinator().put("/api/rounds/" + round + "/case-template", new JsonObject().put("dueDays", 7)
        .put("sections", new JsonArray()
            .add(new JsonObject().put("key", "background").put("ja", "地域の背景").put("en", "Local background"))
            .add(new JsonObject().put("key", "result").put("ja", "成果と変化").put("en", "Results and change"))));
    assertThat(template.status()).as(template.toString()).isEqualTo(200);
    session = fixtures.session(round, fixtures.pair(round, natori, matsue)).inMinutes(10 * 24 * 60L, 120).facilitator(facilitator)
        .create();
  }

  static Strings ja() {
    return Strings.of("ja");
  }

  @Test
  @DisplayName("not yet submitted (due …), then the case with read and ask; a colleague's open editor is told it was submitted and keeps the text")
  void partnerCaseOnTheHome() {
    Api a1 = server.signedIn("a1ra@example.jp", PW);
    Api.Res draft = a1.put("/api/sessions/" + session + "/cases/" + natori, new JsonObject().put("title", TITLE).put("summary", SUMMARY)
        .put("sections", new JsonObject().put("background", BACKGROUND)).put("topics", new JsonArray().add("disaster")).put("version", 0));
    assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
    long caseId = draft.json().getLong("id");
    String card = "li.home-partner[data-session='" + session + "'][data-center='" + natori + "']";

    try (Browser partner = new Browser(server.port(), PHONE, "phone");
         Browser colleague = new Browser(server.port(), PHONE, "phone")) {
      // 1. Before submission: the partner's home says it is not submitted yet, and when it is due (a draft stays hidden).
      partner.signIn("b1ra@example.jp", PW);
      partner.withText("#home-partner", ja().t("home.partner.title"));
      WebElement missing = partner.css(card + " .home-partner-missing");
      String due = ja().t("home.partner.notYet", "time", "");
      assertThat(missing.getText()).startsWith(due.substring(0, due.indexOf('（')));
      assertThat(partner.css(card).getText()).contains("名取市生涯学習センター").doesNotContain(TITLE);
      partner.scrollTo(partner.css("#home-partner"));
      partner.screenshot("reading-ahead-1-not-yet");
      noBlockingViolations(partner, "the home before the partner's case is submitted");

      // 2. A colleague of Natori has the editor open (the round's section names on it) when the case is submitted elsewhere.
      colleague.signIn("a2ra@example.jp", PW);
      colleague.open("/#/sessions/" + session + "/cases/" + natori + "/edit");
      colleague.until("the editor", d -> !colleague.all("#case-save-state").isEmpty());
      WebElement result = colleague.field("成果と変化");
      assertThat(colleague.field("地域の背景").getDomProperty("value")).isEqualTo(BACKGROUND);
      assertThat(colleague.all("textarea[name='section-background'], textarea[name='section-result']")).hasSize(2);
      Api.Res submitted = a1.post("/api/cases/" + caseId + "/submit", null);
      assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
      colleague.type(result, RESULT_TYPED);
      WebElement told = colleague.withText("main .notice", prefix(ja().t("caseEditor.submittedMeanwhile", "time", "")));
      assertThat(colleague.all("#case-conflict")).as("no conflict view: only the submission happened in between").isEmpty();
      // The notice is drawn once the text has been saved on top of the submitted case.
      assertThat(colleague.css("#case-save-state").getDomAttribute("data-state")).isIn("idle", "saved");
      assertThat(colleague.field("成果と変化").getDomProperty("value")).isEqualTo(RESULT_TYPED);
      Row stored = server.sql("SELECT status, sections->>'result' AS result, sections->>'background' AS background FROM case_study"
          + " WHERE id = $1", caseId).iterator().next();
      assertThat(stored.getString("status")).as("it stays submitted").isEqualTo("submitted");
      assertThat(stored.getString("result")).as("the colleague's text is saved").isEqualTo(RESULT_TYPED);
      assertThat(stored.getString("background")).isEqualTo(BACKGROUND);
      assertThat(colleague.all("main button").stream().map(WebElement::getText).toList()).doesNotContain(ja().t("cases.submit"));
      colleague.scrollTo(told);
      colleague.screenshot("reading-ahead-2-submitted-meanwhile");
      noBlockingViolations(colleague, "the editor told the case was submitted");

      // 3. The partner's home now shows the case: title, summary, read it, ask a question.
      partner.open("/");
      partner.withText(card + " .home-partner-title", TITLE);
      assertThat(partner.css(card + " .home-partner-summary").getText()).isEqualTo(SUMMARY);
      assertThat(partner.all(card + " .home-partner-missing")).isEmpty();
      assertThat(partner.css(card + " a.btn-primary").getDomAttribute("href")).isEqualTo("#/cases/" + caseId);
      partner.scrollTo(partner.css("#home-partner"));
      partner.screenshot("reading-ahead-3-home");
      noBlockingViolations(partner, "the home with the partner's case");

      // 4. "Ask a question" opens the case page at the question box; the page names the sections as the round does.
      WebElement home = partner.view();
      partner.click(partner.css(card + " a[href='#/cases/" + caseId + "?ask=1']"));
      partner.replaced(home);
      partner.until("the question box focused", d -> "case-ask".equals(partner.js("return document.activeElement && document.activeElement.id")));
      List<String> headings = partner.all("main .case-section h2").stream().map(WebElement::getText).toList();
      assertThat(headings).containsExactly("地域の背景", "成果と変化");
      assertThat(partner.css("main").getText()).contains(RESULT_TYPED).doesNotContain("背景・ねらい");
      partner.screenshot("reading-ahead-4-ask");
      noBlockingViolations(partner, "the case page opened to ask");
      partner.type(partner.css("#case-ask"), QUESTION);
      partner.click(partner.button(ja().t("cases.ask")));
      partner.withText(".case-questions li", QUESTION);

      // 5. Home again: the question sent is counted; in English too.
      partner.open("/");
      partner.withText(card + " .hint", prefix(ja().t("home.partner.questions.other", "count", "1")));
      partner.switchLanguage("en");
      partner.withText("#home-partner", Strings.of("en").t("home.partner.title"));
      partner.withText(card + " a.btn-primary", Strings.of("en").t("home.partner.read"));
      partner.scrollTo(partner.css("#home-partner"));
      partner.screenshot("reading-ahead-5-home-en");
      noBlockingViolations(partner, "the home in English");
    }
  }

  /** The text before its first placeholder's position (a date the browser formats). */
  static String prefix(String text) {
    int cut = text.indexOf('（');
    return cut > 0 ? text.substring(0, cut) : text;
  }

  private static void noBlockingViolations(Browser browser, String where) {
    assertThat(Axe.blocking(Axe.run(browser))).as("axe on " + where).isEmpty();
  }
}
