package org.kakehashi.e2e;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.demo.DemoData;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #18 in a real browser on the demo data: the facilitator of the held Natori–Matsue session opens
 * its summary, opens a phrase's evidence and sees the notes that use it with the phrase marked where it
 * stands, then leaves another phrase out of print: the page still shows it (marked), print media does
 * not, and the next reader's summary keeps it hidden; each center's card of what it took from its partner
 * says its stand-out phrases. axe-core finds nothing serious or critical with the evidence open. Screenshots: target/e2e/summary-evidence-*.
 *
 * <p>The demo is a new installation (ten notes): the session's and the round's summaries say the ranking fell back
 * on a topped-up background. A coordinator leaves a phrase out of the round's print (a second session of the round
 * is held and written about here, so the round's phrases recur across sessions): the printed round summary has it in
 * none of its lines, the session's summary keeps printing it. Screenshots: target/e2e/summary-round-* (phone 360×740
 * and laptop).
 */
@Tag("e2e")
@DisplayName("issue #18: a facilitator opens a phrase's evidence (marked) and leaves a phrase out of the printed summary")
class SummaryEvidenceTest {

  static final String PW = "summary-evidence-password";
  static final String FACILITATOR = "facilitator1@" + DemoData.DOMAIN;

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static Strings ja() {
    return Strings.of("ja");
  }

  @Test
  void evidenceAndHideFromPrint() throws Exception {
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = $2", Passwords.hashNow(PW), FACILITATOR);
    long session = server.sql("SELECT s.id FROM session s JOIN person f ON f.id = s.facilitator_id"
        + " WHERE s.status = 'held' AND f.email = $1 ORDER BY s.id LIMIT 1", FACILITATOR).iterator().next().getLong("id");
    JsonObject summary = server.signedIn(FACILITATOR, PW).get("/api/sessions/" + session + "/reflections/summary").json();
    List<JsonObject> phrases = summary.getJsonArray("keyPhrases").stream().map(o -> (JsonObject) o).toList();
    assertThat(phrases).as("the held session's summary has phrases").hasSizeGreaterThanOrEqualTo(3);
    JsonObject evidenceOf = phrases.get(0);
    JsonObject hidden = phrases.get(1);
    JsonObject evidence = server.signedIn(FACILITATOR, PW).get("/api/sessions/" + session + "/reflections/evidence?key="
        + URLEncoder.encode(evidenceOf.getString("key"), StandardCharsets.UTF_8)).json();
    int listed = evidence.getJsonArray("notes").size();
    assertThat(listed).isPositive();

    try (Browser b = new Browser(server.port(), Browser.DESKTOP, "desktop")) {
      b.signIn(FACILITATOR, PW);
      b.open("/#/sessions/" + session + "/summary");
      WebElement list = b.css("section[aria-labelledby=summary-phrases-title] ol.bar-list");
      assertThat(list.getText()).contains(evidenceOf.getString("phrase")).contains(hidden.getString("phrase"));
      assertSmallBackgroundNotice(b, summary);

      // 1. The evidence of the top phrase: the notes that use it, every mark the phrase itself.
      WebElement open = b.button(ja().t("summary.evidenceFor", "phrase", evidenceOf.getString("phrase")));
      b.click(open);
      b.until("the evidence of " + evidenceOf.getString("phrase"), d -> !b.all(".evidence .quote-list mark").isEmpty());
      assertThat(open.getDomAttribute("aria-expanded")).isEqualTo("true");
      WebElement shown = b.css(".evidence");
      assertThat(shown.findElements(By.cssSelector(".quote-list > li"))).hasSize(listed);
      List<WebElement> marks = shown.findElements(By.cssSelector("mark"));
      assertThat(marks).isNotEmpty().allSatisfy(m -> assertThat(m.getText()).isEqualTo(evidenceOf.getString("phrase")));
      int expectedMarks = 0;
      for (Object n : evidence.getJsonArray("notes")) {
        for (Object s : ((JsonObject) n).getJsonArray("sentences")) {
          expectedMarks += ((JsonObject) s).getJsonArray("marks").size();
        }
      }
      assertThat(marks).as("one mark per use of the phrase in the listed sentences").hasSize(expectedMarks);
      assertThat(shown.getText()).contains(ja().tn("summary.evidenceCount", evidence.getInteger("count")
          - evidence.getInteger("withheld")));
      b.scrollTo(shown);
      Path shot = b.screenshot("summary-evidence-1-marked");
      assertThat(Files.size(shot)).isGreaterThan(10_000);
      assertThat(Axe.blocking(Axe.run(b))).as("axe on the summary with the evidence open").isEmpty();

      // 2. Leave the second phrase out of print: marked on screen, gone from print media, kept for the next reader.
      String label = ja().t("summary.hide") + ": " + hidden.getString("phrase");
      b.click(b.button(label));
      b.until("the phrase marked as not printed", d -> !b.all("ol.bar-list li.phrase-hidden").isEmpty());
      WebElement item = b.css("ol.bar-list li.phrase-hidden");
      assertThat(item.getText()).contains(hidden.getString("phrase")).contains(ja().t("summary.hiddenTag"));
      assertThat(server.sql("SELECT key FROM summary_hidden_phrase WHERE session_id = $1", session).iterator().next()
          .getString("key")).isEqualTo(hidden.getString("key"));
      b.button(ja().t("summary.unhide") + ": " + hidden.getString("phrase")); // offered the way back
      b.fullScreenshot("summary-evidence-2-hidden");

      b.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
      try {
        b.until("print media", d -> Boolean.TRUE.equals(b.js("return matchMedia('print').matches")));
        String printed = phraseListText(b);
        assertThat(printed).as("the printed phrase list").contains(evidenceOf.getString("phrase"))
            .doesNotContain(hidden.getString("phrase"));
        assertThat(item.isDisplayed()).isFalse();
        // Nor in any other printed list of phrases (by topic, room, center; what each center took).
        // Each listed phrase on its own ("震災当時（1）" is another phrase than 震災).
        String lines = String.valueOf(b.js("return [...document.querySelectorAll('.took-phrases, td')]"
            + ".map(e => e.innerText).join('\\n')"));
        assertThat(java.util.Arrays.stream(lines.split("[、：\\n]")).map(x -> x.replaceAll("（[0-9,]+）$", "").trim()))
            .as("the printed phrase lines and tables").isNotEmpty().doesNotContain(hidden.getString("phrase"));
        assertThat(b.all(".evidence").stream().filter(WebElement::isDisplayed)).as("no evidence or buttons in print").isEmpty();
        b.fullScreenshot("summary-evidence-3-print");
      } finally {
        b.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
      }
      assertThat(phraseListText(b)).as("the screen still lists it").contains(hidden.getString("phrase"));

      // 3. What each center took from its partner: each card says its stand-out phrases, as the summary ranks them.
      List<WebElement> cards = b.all("ul.took-list > li.took-card");
      var pairs = summary.getJsonArray("pairs");
      assertThat(cards).hasSize(pairs.size());
      int withPhrases = 0;
      for (int i = 0; i < pairs.size(); i++) {
        // Its chosen sentences only (the answers open through each phrase's evidence).
        assertThat(cards.get(i).findElements(By.cssSelector(".quote-list > li"))).as("the card's quotes")
            .hasSize(pairs.getJsonObject(i).getJsonArray("tookAway").size());
        var took = pairs.getJsonObject(i).getJsonArray("keyPhrases");
        if (took.isEmpty()) {
          continue;
        }
        withPhrases++;
        String line = cards.get(i).findElement(By.cssSelector(".took-phrases")).getText();
        assertThat(line).startsWith(ja().t("summary.tookPhrases"));
        for (Object x : took) {
          assertThat(line).contains(((JsonObject) x).getString("phrase"));
        }
      }
      assertThat(withPhrases).as("the held session's centers said what they took").isPositive();

      // The next reader (the coordinator) sees it marked too.
      JsonObject again = server.coordinator().get("/api/sessions/" + session + "/reflections/summary").json();
      assertThat(again.getJsonArray("keyPhrases").stream().map(o -> (JsonObject) o)
          .filter(p -> p.getString("key").equals(hidden.getString("key"))).findFirst().orElseThrow().getBoolean("hidden")).isTrue();
    }
  }

  /** The notice that the ranking fell back on a topped-up background, as the summary says (a new installation). */
  private static void assertSmallBackgroundNotice(Browser b, JsonObject summary) {
    JsonObject ranking = summary.getJsonObject("ranking");
    assertThat(ranking.getBoolean("smallBackground")).as("the demo is a new installation").isTrue();
    String text = ja().t("summary.smallBackground", "count", String.valueOf(ranking.getLong("backgroundNotes")));
    assertThat(text).startsWith("ネットワーク全体のふりかえりがまだ少ないため");
    WebElement notice = b.css("section[aria-labelledby=summary-phrases-title] .small-background .notice");
    assertThat(notice.isDisplayed()).isTrue();
    assertThat(notice.getText()).isEqualTo(text);
  }

  @Test
  void roundSummaryHidesFromPrint() throws Exception {
    String coordinator = "coordinator@" + DemoData.DOMAIN;
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = $2", Passwords.hashNow(PW), coordinator);
    var held = server.sql("SELECT id, round_id FROM session WHERE status = 'held' ORDER BY id LIMIT 1").iterator().next();
    long round = held.getLong("round_id");
    // The round's top Japanese phrase of the held session; a second session of the round is held and two of its
    // participants use that phrase too, so that it recurs across the round's sessions.
    Api coord = server.signedIn(coordinator, PW);
    JsonObject first = coord.get("/api/sessions/" + held.getLong("id") + "/reflections/summary").json();
    String phrase = first.getJsonArray("keyPhrases").stream().map(o -> (JsonObject) o)
        .filter(p -> "ja".equals(p.getString("lang"))).findFirst().orElseThrow().getString("phrase");
    long second = server.sql("SELECT s.id FROM session s WHERE s.round_id = $1 AND s.status = 'scheduled'"
        + " AND (SELECT count(*) FROM registration g WHERE g.session_id = s.id AND g.status = 'confirmed') >= 3"
        + " ORDER BY s.id LIMIT 1", round).iterator().next().getLong("id");
    new org.kakehashi.support.Fixtures(server).held(second);
    String prompt = server.sql("SELECT prompts -> 0 ->> 'key' AS k FROM round WHERE id = $1", round).iterator().next().getString("k");
    List<Long> writers = new java.util.ArrayList<>();
    server.sql("SELECT person_id FROM registration WHERE session_id = $1 AND status = 'confirmed' ORDER BY person_id LIMIT 3", second)
        .forEach(r -> writers.add(r.getLong("person_id")));
    String[] texts = {phrase + "について話しました。竹細工の講座も見学しました。", phrase + "のことを学びました。竹細工を始めたいです。",
        "盆踊りの準備を紹介しました。"};
    for (int i = 0; i < writers.size(); i++) {
      long person = writers.get(i);
      JsonObject answers = new JsonObject().put(prompt, texts[i]);
      assertThat(server.pool().withTransaction(tx -> org.kakehashi.reflections.ReflectionStore.save(tx, second, person,
          answers, "network", "name", 7)).await()).isTrue();
    }
    JsonObject summary = coord.get("/api/rounds/" + round + "/reflections/summary").json();
    List<String> recurring = summary.getJsonObject("acrossSessions").getJsonArray("recurring").stream()
        .map(o -> ((JsonObject) o).getString("phrase")).toList();
    assertThat(recurring).as("the phrase recurs across the round's two sessions").contains(phrase);
    String key = summary.getJsonArray("keyPhrases").stream().map(o -> (JsonObject) o)
        .filter(p -> phrase.equals(p.getString("phrase"))).findFirst().orElseThrow().getString("key");

    for (var size : List.of(Map.entry("phone", new org.openqa.selenium.Dimension(360, 740)), Map.entry("laptop", Browser.DESKTOP))) {
      try (Browser b = new Browser(server.port(), size.getValue(), size.getKey())) {
        b.signIn(coordinator, PW);
        b.open("/#/rounds/" + round + "/summary");
        b.until("the round's phrases", d -> !b.all("section[aria-labelledby=summary-phrases-title] ol.bar-list li").isEmpty());
        assertSmallBackgroundNotice(b, summary);
        WebElement across = b.css("section[aria-labelledby=summary-across-title]");
        assertThat(across.getText()).contains(ja().t("summary.recurringItem", "phrase", phrase, "sessions", "2"));
        String label = ja().t("summary.hide") + ": " + phrase;
        String unhide = ja().t("summary.unhide") + ": " + phrase;
        if (b.all("ol.bar-list li.phrase-hidden").isEmpty()) {
          b.click(b.button(label));
          b.until("the phrase marked as not printed", d -> !b.all("ol.bar-list li.phrase-hidden").isEmpty());
        }
        b.button(unhide); // offered the way back
        assertThat(server.sql("SELECT key FROM summary_hidden_round_phrase WHERE round_id = $1", round).iterator().next()
            .getString("key")).isEqualTo(key);
        assertThat(b.css("section[aria-labelledby=summary-across-title] li.phrase-hidden").getText())
            .contains(phrase).contains(ja().t("summary.hiddenTag"));
        b.screenshot("summary-round-1-hidden");
        b.fullScreenshot("summary-round-2-hidden-full");
        if (size.getKey().equals("laptop")) {
          assertThat(Axe.blocking(Axe.run(b))).as("axe on the round summary with a phrase hidden").isEmpty();
        }

        b.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
          b.until("print media", d -> Boolean.TRUE.equals(b.js("return matchMedia('print').matches")));
          // Every printed line that lists phrases: the main list, each center's took-away line, the tables, across sessions.
          // (innerText of what print renders: an element print does not render is left out, its text too.)
          String lines = String.valueOf(b.js("return [...document.querySelectorAll('ol.bar-list li .bar-label .strong,"
              + " .took-phrases, td, section[aria-labelledby=summary-across-title] li')]"
              + ".filter(e => e.checkVisibility()).map(e => e.innerText).join('\\n')"));
          List<String> printed = java.util.Arrays.stream(lines.split("[、：\n]"))
              .map(x -> x.replaceAll("（[^）]*）$", "").trim()).filter(x -> !x.isEmpty()).toList();
          assertThat(printed).as("the printed round summary's phrase lines").isNotEmpty().doesNotContain(phrase);
          assertThat(String.valueOf(b.js("return document.querySelector('section[aria-labelledby=summary-across-title]').innerText")))
              .as("the printed across-sessions lines").doesNotContain(phrase);
          b.fullScreenshot("summary-round-3-print");
        } finally {
          b.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
        if (size.getKey().equals("laptop")) {
          // The notice in English too.
          b.switchLanguage("en");
          String en = Strings.of("en").t("summary.smallBackground", "count",
              String.valueOf(summary.getJsonObject("ranking").getLong("backgroundNotes")));
          b.until("the notice in English", d -> b.all(".small-background .notice").stream().anyMatch(e -> en.equals(e.getText())));
          b.screenshot("summary-round-4-notice");
          b.switchLanguage("ja");
        }
      }
    }
    // The session's own summary still prints it where it lists it: the round's hidden phrases are the round's.
    // (With the second session's notes the network uses it more, so the session may now rank it lower.)
    JsonObject session = coord.get("/api/sessions/" + held.getLong("id") + "/reflections/summary").json();
    assertThat(session.getJsonArray("keyPhrases").stream().map(o -> (JsonObject) o)
        .filter(p -> key.equals(p.getString("key")))).allSatisfy(p -> assertThat(p.getBoolean("hidden")).isFalse());
    assertThat(server.sql("SELECT count(*) AS n FROM summary_hidden_phrase WHERE key = $1", key).iterator().next()
        .getLong("n")).isZero();
  }

  /** The phrase list as rendered now (innerText: what the current media shows). */
  private static String phraseListText(Browser b) {
    return String.valueOf(b.js("return document.querySelector('section[aria-labelledby=summary-phrases-title]').innerText"));
  }
}
