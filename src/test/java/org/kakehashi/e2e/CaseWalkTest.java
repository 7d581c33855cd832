package org.kakehashi.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.demo.DemoData;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #17's "done when", in a real browser on the demo data: a staff member of center A writes the
 * case on a 360×740 phone (saved as they type; the connection lost and back, the editor left while offline
 * and opened again, a colleague saving in between: the conflict view), adds a photo (a real JPEG)
 * and submits; the partner center's staff read it and ask a question; A answers; the facilitator opens
 * the run sheet from the session's card and prints it (Chromium's PDF, read back with PDFBox: A4, the
 * clock times, presenters, the question, no site header); the session is held; B's reflection names
 * what it took from A; A opens the case to the network; a staff member of a third center finds it in
 * the library by a word from inside a compound (共生 in 多文化共生). axe-core finds nothing serious or
 * critical on each new screen. Screenshots: target/e2e/case-walk-*.
 */
@Tag("e2e")
@DisplayName("issue #17: a case written on a phone, questioned by the partner, printed, presented, taken away and found in the library")
class CaseWalkTest {

  static final String PW = "case-walk-password";
  static final String D = "@" + DemoData.DOMAIN;
  static final Dimension PHONE = new Dimension(360, 740);
  static final String TITLE = "外国人住民と取り組む多文化共生の防災訓練";
  static final String SUMMARY = "日本語が母語でない住民と一緒に、避難所の受付と炊き出しを練習しました。やさしい日本語の案内板も作りました。";
  static final String BACKGROUND = "地区の住民の一割が外国にルーツを持ち、昨年の避難訓練には一人も来ませんでした。";
  static final String APPROACH_OFFLINE = "通訳ボランティアと一緒に、三か国語の呼びかけを録音して防災無線で流しました。";
  static final String INGENUITY_RELOAD = "受付の用紙を絵で描き、名前だけ書けば済むようにしました。";
  static final String COLLEAGUE_TITLE = "多文化防災訓練（同僚の案）";
  static final String COLLEAGUE_SUMMARY = "外国にルーツのある住民と、避難所の受付と炊き出しを一緒に練習しました。";
  static final String CHALLENGES = "言葉の壁より、声をかける人がいないことが課題でした。";
  static final String QUESTION = "通訳ボランティアはどのように集めましたか？";
  static final String ANSWER = "国際交流協会に声をかけ、留学生にも手伝ってもらいました。";
  static final String TAKEAWAY = "多文化共生の防災訓練から、やさしい日本語の案内板を私たちのセンターでも作ることにしました。";

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static Strings ja() {
    return Strings.of("ja");
  }

  record Person(long id, String email, String name) {
  }

  @Test
  void writtenReadQuestionedPrintedHeldSharedFound() throws Exception {
    // An upcoming demo session of two centers without cases yet, with seats left for B's participant.
    Row s = server.sql("""
        SELECT s.id, f.email::text AS facilitator FROM session s JOIN person f ON f.id = s.facilitator_id
         WHERE s.status = 'scheduled' AND s.starts_at > now() + interval '3 days' AND s.seats_taken < s.capacity
           AND NOT EXISTS (SELECT 1 FROM case_study c WHERE c.session_id = s.id)
           AND (SELECT count(*) FROM pair_member m WHERE m.pair_id = s.pair_id) = 2
         ORDER BY s.starts_at, s.id LIMIT 1""").iterator().next();
    long session = s.getLong("id");
    String facilitator = s.getString("facilitator");
    List<Long> centers = new java.util.ArrayList<>();
    server.sql("SELECT m.center_id FROM session s JOIN pair_member m ON m.pair_id = s.pair_id WHERE s.id = $1 ORDER BY m.center_id",
        session).forEach(r -> centers.add(r.getLong(0)));
    long centerA = centers.get(0);
    long centerB = centers.get(1);
    Person a = staff(centerA, 0);
    Person colleague = staff(centerA, 1);
    Person b = staff(centerB, 0);
    Row other = server.sql("""
        SELECT p.id, p.email::text AS email, p.name FROM person p WHERE p.center_id IS NOT NULL AND NOT p.center_id = ANY ($1)
           AND 'staff' = ANY (p.roles) ORDER BY p.email LIMIT 1""", (Object) centers.toArray(Long[]::new)).iterator().next();
    Person third = new Person(other.getLong("id"), other.getString("email"), other.getString("name"));
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        new String[] {a.email(), colleague.email(), b.email(), third.email(), facilitator, "coordinator" + D});
    // B's staff member takes part in the session (only participants write a reflection on it).
    Api bApi = server.signedIn(b.email(), PW);
    JsonArray topics = bApi.get("/api/sessions/" + session + "/cases").json().getJsonArray("topics");
    Api.Res signup = bApi.post("/api/sessions/" + session + "/registrations", new JsonObject()
        .put("topics", new JsonArray().add(topics.getJsonObject(0).getString("key"))));
    assertThat(signup.status()).as(signup.toString()).isIn(200, 201);
    assertThat(server.sql("SELECT status FROM registration WHERE session_id = $1 AND person_id = $2", session, b.id())
        .iterator().next().getString(0)).isEqualTo("confirmed");
    Path photo = photo();

    long caseId;
    try (Browser phone = new Browser(server.port(), PHONE, "phone")) {
      // 1. A writes the case on a phone, from the session's card: saved as they type.
      phone.signIn(a.email(), PW);
      int taps = 0;
      phone.open("/#/sessions/" + session);
      phone.click(phone.css("li.session-card[data-session-id='" + session + "'] .case-links a[href$='/cases']"));
      taps++;
      phone.ready();
      phone.click(phone.css("li.case-center[data-center-id='" + centerA + "'] a.btn"));
      taps++;
      phone.ready();
      phone.until("the editor", d -> !phone.all("#case-save-state").isEmpty());
      noBlockingViolations(phone, "the empty editor");
      phone.type(phone.field(ja().t("caseEditor.field.title")), TITLE);
      long typed = System.nanoTime();
      saved(phone);
      long firstSaveMs = (System.nanoTime() - typed) / 1_000_000;
      phone.type(phone.field(ja().t("caseEditor.field.summary")), SUMMARY);
      phone.type(phone.field(section("background")), BACKGROUND);
      phone.click(phone.css("input[name=presenters][value='" + a.id() + "']"));
      taps++;
      saved(phone);
      JsonObject stored = caseOf(session, centerA);
      assertThat(stored.getString("title")).isEqualTo(TITLE);
      assertThat(stored.getJsonObject("sections").getString("background")).isEqualTo(BACKGROUND);
      assertThat(stored.getJsonArray("presenters").getList()).containsExactly(a.id());
      phone.screenshot("case-walk-1-editor");

      // 1b. The connection drops: the text stays on the phone, "could not save, retrying", then saved once back.
      phone.driver.executeCdpCommand("Network.enable", Map.of());
      network(phone, true);
      phone.type(phone.field(section("approach")), APPROACH_OFFLINE);
      phone.until("the failed state", d -> "failed".equals(state(phone)));
      assertThat(phone.css("#case-save-state").getText()).contains(ja().t("caseEditor.state.failed"));
      assertThat(String.valueOf(phone.js("return Object.keys(localStorage).filter((k) => k.startsWith('kakehashi.caseDraft.'))"
          + ".map((k) => localStorage.getItem(k)).join('')"))).contains(APPROACH_OFFLINE);
      assertThat(caseOf(session, centerA).getJsonObject("sections").containsKey("approach")).isFalse();
      phone.screenshot("case-walk-1b-offline");
      network(phone, false);
      long back = System.nanoTime();
      saved(phone);
      long offlineResaveMs = (System.nanoTime() - back) / 1_000_000;
      assertThat(caseOf(session, centerA).getJsonObject("sections").getString("approach")).isEqualTo(APPROACH_OFFLINE);
      assertThat(phone.js("return Object.keys(localStorage).filter((k) => k.startsWith('kakehashi.caseDraft.')).length"))
          .isEqualTo(0L);

      // 1c. Still offline, A leaves the editor before it could save; opened again once back online, the text
      // kept on the phone comes back and is saved.
      network(phone, true);
      phone.type(phone.field(section("ingenuity")), INGENUITY_RELOAD);
      phone.until("the failed state", d -> "failed".equals(state(phone)));
      phone.click(phone.link(ja().t("caseSession.back")));
      phone.until("the session's cases (offline)", d -> d.getCurrentUrl().endsWith("/sessions/" + session + "/cases"));
      phone.until("no editor", d -> phone.all("#case-save-state").isEmpty());
      network(phone, false);
      assertThat(caseOf(session, centerA).getJsonObject("sections").containsKey("ingenuity")).isFalse();
      phone.open("/#/sessions/" + session + "/cases/" + centerA + "/edit");
      phone.withText("main .notice", ja().t("caseEditor.restored"));
      assertThat(phone.field(section("ingenuity")).getDomProperty("value")).isEqualTo(INGENUITY_RELOAD);
      saved(phone);
      assertThat(caseOf(session, centerA).getJsonObject("sections").getString("ingenuity")).isEqualTo(INGENUITY_RELOAD);
      phone.screenshot("case-walk-1c-restored");

      // 1d. A colleague saves in between (the title and the summary); A has changed the title and a section meanwhile:
      // what only one of them changed is combined, the title both changed is shown side by side; A keeps theirs own.
      Api colleagueApi = server.signedIn(colleague.email(), PW);
      JsonObject current = caseOf(session, centerA);
      Api.Res put = colleagueApi.put("/api/sessions/" + session + "/cases/" + centerA, new JsonObject()
          .put("title", COLLEAGUE_TITLE).put("summary", COLLEAGUE_SUMMARY).put("sections", current.getJsonObject("sections"))
          .put("presenters", current.getJsonArray("presenters")).put("version", current.getInteger("version")));
      assertThat(put.status()).as(put.toString()).isEqualTo(200);
      phone.type(phone.field(ja().t("caseEditor.field.title")), TITLE + "（名取）");
      phone.type(phone.field(section("challenges")), CHALLENGES);
      WebElement conflict = phone.css("#case-conflict");
      assertThat(phone.all("#case-conflict li.conflict-row")).as("only the title was changed by both").hasSize(1);
      assertThat(phone.css("#case-conflict li.conflict-row").getDomAttribute("data-field")).isEqualTo("title");
      assertThat(conflict.getText()).contains(TITLE + "（名取）").contains(COLLEAGUE_TITLE).contains(colleague.name());
      phone.screenshot("case-walk-1d-conflict");
      noBlockingViolations(phone, "the conflict view");
      phone.click(phone.css("#case-conflict button[data-action=keep-mine]"));
      phone.until("the editor again", d -> !phone.all("#case-save-state").isEmpty() && phone.all("#case-conflict").isEmpty());
      JsonObject combined = caseOf(session, centerA);
      assertThat(combined.getString("title")).isEqualTo(TITLE + "（名取）");
      assertThat(combined.getString("summary")).as("the colleague's summary is kept").isEqualTo(COLLEAGUE_SUMMARY);
      assertThat(combined.getJsonObject("sections").getString("challenges")).isEqualTo(CHALLENGES);
      // Back to the title the rest of the walk looks for.
      phone.type(phone.field(ja().t("caseEditor.field.title")), TITLE);
      saved(phone);
      assertThat(caseOf(session, centerA).getString("title")).isEqualTo(TITLE);

      // 1e. A photo from the phone (a real JPEG), with its preview.
      WebElement file = phone.css("input[type=file][data-action=case-file]");
      phone.js("arguments[0].hidden = false", file);
      phone.upload(file, photo);
      taps++;
      phone.scrollTo(phone.css(".file-list img"));
      phone.until("the photo's preview", d -> Boolean.TRUE.equals(phone.js(
          "const i = document.querySelector('.file-list img'); return Boolean(i && i.complete && i.naturalWidth > 0)")));
      assertThat(server.sql("SELECT count(*) FROM case_attachment a JOIN case_study c ON c.id = a.case_id"
          + " WHERE c.session_id = $1 AND c.center_id = $2", session, centerA).iterator().next().getLong(0)).isEqualTo(1);
      phone.scrollTo(phone.css(".file-list"));
      phone.screenshot("case-walk-1e-photo");
      noBlockingViolations(phone, "the editor with a photo");

      // 1e, again: a file over 20 MB is refused on the phone before a byte is sent, saying why.
      Path big = Files.createDirectories(Browser.SHOTS).resolve("case-walk-too-large.pdf");
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
        f.setLength(21L * 1024 * 1024);
      }
      WebElement bigInput = phone.css("input[type=file][data-action=case-file]");
      phone.js("arguments[0].hidden = false", bigInput);
      phone.upload(bigInput, big);
      phone.js("arguments[0].hidden = true", bigInput);
      String refusal = phone.until("the size refusal", d -> phone.all(".case-files .notice-error").stream().map(WebElement::getText)
          .filter(x -> x.contains("case-walk-too-large.pdf")).findFirst().orElse(null));
      assertThat(refusal).contains("21.0MB").contains("20MB");
      assertThat(server.sql("SELECT count(*) FROM case_attachment a JOIN case_study c ON c.id = a.case_id"
          + " WHERE c.session_id = $1 AND c.center_id = $2", session, centerA).iterator().next().getLong(0))
          .as("nothing stored, nothing sent").isEqualTo(1);
      phone.screenshot("case-walk-1e-too-large");

      // 1f. Submitted: the partner's staff are e-mailed; the case page.
      phone.click(phone.button(ja().t("cases.submit")));
      taps++;
      phone.until("the case page", d -> d.getCurrentUrl().contains("#/cases/"));
      phone.ready();
      phone.until("the case's title", d -> TITLE.equals(phone.css("main h1").getText().trim()));
      caseId = caseOf(session, centerA).getLong("id");
      assertThat(caseOf(session, centerA).getString("status")).isEqualTo("submitted");
      assertThat(phone.css("main h1").getText()).isEqualTo(TITLE);
      phone.fullScreenshot("case-walk-1f-submitted");
      noBlockingViolations(phone, "the submitted case's page");
      System.out.printf("case walk: %d taps from the session's card to a submitted case with a photo (besides typing);"
          + " first save %d ms after typing; saved %d ms after the connection came back%n", taps, firstSaveMs, offlineResaveMs);

      // 2. B's staff read it and ask a question.
      try (Browser partner = new Browser(server.port(), PHONE, "phone")) {
        partner.signIn(b.email(), PW);
        partner.open("/#/sessions/" + session + "/cases");
        noBlockingViolations(partner, "the session's cases");
        partner.screenshot("case-walk-2-session-cases");
        WebElement list = partner.view();
        partner.click(partner.css("li.case-center[data-center-id='" + centerA + "'] a[href^='#/cases/']"));
        partner.replaced(list);
        assertThat(partner.css("main").getText()).contains(COLLEAGUE_SUMMARY).contains(BACKGROUND).contains(a.name());
        partner.type(partner.css("textarea[name=question]"), QUESTION);
        partner.click(partner.button(ja().t("cases.ask")));
        partner.withText(".case-questions li", QUESTION);
        partner.scrollTo(partner.css(".case-questions"));
        partner.screenshot("case-walk-2-question");
        noBlockingViolations(partner, "the partner's view of the case");

        // 3. A answers.
        phone.open("/#/cases/" + caseId);
        phone.type(phone.css(".answer-form textarea"), ANSWER);
        phone.click(phone.button(ja().t("cases.answerButton")));
        phone.withText(".case-questions .answer", ANSWER);
        phone.scrollTo(phone.css(".case-questions"));
        phone.screenshot("case-walk-3-answered");

        // 4. The facilitator opens the run sheet from the session's card and prints it.
        try (Browser desk = new Browser(server.port(), Browser.DESKTOP, "desktop")) {
          desk.signIn(facilitator, PW);
          desk.open("/#/sessions/" + session);
          desk.click(desk.css("li.session-card[data-session-id='" + session + "'] .case-links a[href$='/run-sheet']"));
          desk.ready();
          desk.withText(".run-sheet-cases", TITLE);
          noBlockingViolations(desk, "the run sheet");
          desk.fullScreenshot("case-walk-4-run-sheet");
          JsonObject programme = server.signedIn(facilitator, PW).get("/api/sessions/" + session + "/programme").json();
          Map<String, Object> pdf = desk.driver.executeCdpCommand("Page.printToPDF", Map.of("preferCSSPageSize", true));
          Path file4 = Browser.SHOTS.resolve("case-walk-4-run-sheet.pdf");
          Files.write(file4, Base64.getDecoder().decode((String) pdf.get("data")));
          try (PDDocument doc = Loader.loadPDF(file4.toFile())) {
            PDRectangle page = doc.getPage(0).getMediaBox();
            assertThat(page.getWidth()).as("A4 width in points").isCloseTo(PDRectangle.A4.getWidth(), org.assertj.core.data.Offset.offset(2f));
            assertThat(page.getHeight()).as("A4 height in points").isCloseTo(PDRectangle.A4.getHeight(), org.assertj.core.data.Offset.offset(2f));
            assertThat(doc.getNumberOfPages()).isBetween(1, 3);
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            for (Object o : programme.getJsonArray("items")) {
              JsonObject item = (JsonObject) o;
              assertThat(text).contains(item.getString("starts") + "–" + item.getString("ends"));
            }
            assertThat(text).contains(TITLE).contains(a.name()).contains(QUESTION)
                .doesNotContain(ja().t("nav.signOut")).doesNotContain(ja().t("runSheet.print"));
            ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 96), "png",
                Browser.SHOTS.resolve("case-walk-4-run-sheet-printed-page1.png").toFile());
          }
        }

        // 5. The session takes place (moved to now, as the coordinator would) and its facilitator marks it held.
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(9)).truncatedTo(ChronoUnit.MINUTES);
        Api.Res moved = server.signedIn("coordinator" + D, PW).patch("/api/sessions/" + session, new JsonObject()
            .put("startsAt", now.minusMinutes(30).toString()).put("endsAt", now.plusMinutes(60).toString()));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        Api.Res held = server.signedIn(facilitator, PW).post("/api/sessions/" + session + "/held", null);
        assertThat(held.status()).as(held.toString()).isIn(200, 204);

        // 6. B's reflection names what it took from A.
        partner.open("/#/sessions/" + session + "/reflection");
        for (WebElement box : partner.all("textarea.answer-box")) {
          partner.type(box, "画面越しでも、互いの地域の話から学べました。");
        }
        partner.type(partner.css("textarea[name='answers.partner']"), TAKEAWAY);
        partner.click(partner.css("label.choice:has(input[name=visibility][value=network])"));
        // Quoted by name: one anonymous note of a two-center session is never shown on a case (README, "Security").
        partner.click(partner.css("label.choice:has(input[name=quoteAs][value=name])"));
        partner.click(partner.button(ja().t("reflect.save")));
        partner.until("the reflection saved", d -> server.sql("SELECT count(*) FROM reflection WHERE session_id = $1 AND person_id = $2",
            session, b.id()).iterator().next().getLong(0) == 1);
        partner.screenshot("case-walk-6-reflection");
      }

      // 7. A opens the case to the network; the partner's takeaway is on it.
      phone.open("/#/cases/" + caseId);
      phone.click(phone.button(ja().t("cases.share")));
      phone.withText(".session-tags .tag", ja().t("cases.shared"));
      phone.withText(".case-takeaways", TAKEAWAY);
      assertThat(caseOf(session, centerA).getString("shared_at")).isNotNull();
      phone.scrollTo(phone.css(".case-takeaways"));
      phone.screenshot("case-walk-7-shared");
      noBlockingViolations(phone, "the shared case with its takeaway");
    }

    // 8. A staff member of a third center finds it in the library by a word inside a compound (共生 in 多文化共生).
    try (Browser reader = new Browser(server.port(), PHONE, "phone")) {
      reader.signIn(third.email(), PW);
      reader.open("/#/library");
      reader.type(reader.field(ja().t("library.words")), "共生");
      reader.click(reader.button(ja().t("library.search")));
      reader.until("the case in the results", d -> d.getCurrentUrl().contains("q=") && !reader.all(".library-list a[href='#/cases/" + caseId + "']").isEmpty());
      reader.screenshot("case-walk-8-library");
      noBlockingViolations(reader, "the library's results");
      WebElement results = reader.view();
      reader.click(reader.css(".library-list a[href='#/cases/" + caseId + "']"));
      reader.replaced(results);
      assertThat(reader.css("main h1").getText()).isEqualTo(TITLE);
      reader.withText(".case-takeaways", TAKEAWAY);
      assertThat(reader.all(".case-questions")).as("questions stay with the pair").isEmpty();
      reader.fullScreenshot("case-walk-8-found");
      noBlockingViolations(reader, "the case as the network reads it");
    }
  }

  private static Person staff(long center, int index) {
    Row r = server.sql("SELECT id, email::text AS email, name FROM person WHERE center_id = $1 AND 'staff' = ANY (roles)"
        + " ORDER BY email OFFSET $2 LIMIT 1", center, index).iterator().next();
    return new Person(r.getLong("id"), r.getString("email"), r.getString("name"));
  }

  /** The case of a center in a session as stored: title, summary, sections, presenters, version, status, shared_at. */
  private static JsonObject caseOf(long session, long center) {
    var rows = server.sql("SELECT id, title, summary, sections::text AS sections, presenters, version, status, shared_at::text AS shared_at"
        + " FROM case_study WHERE session_id = $1 AND center_id = $2", session, center);
    if (!rows.iterator().hasNext()) {
      return new JsonObject().put("sections", new JsonObject());
    }
    Row r = rows.iterator().next();
    return new JsonObject().put("id", r.getLong("id")).put("title", r.getString("title")).put("summary", r.getString("summary"))
        .put("sections", new JsonObject(r.getString("sections"))).put("presenters", new JsonArray(List.of(r.getArrayOfLongs("presenters"))))
        .put("version", r.getInteger("version")).put("status", r.getString("status")).put("shared_at", r.getString("shared_at"));
  }

  private static String section(String key) {
    return switch (key) {
      case "background" -> "背景・ねらい";
      case "approach" -> "取り組み";
      case "ingenuity" -> "工夫したこと";
      case "challenges" -> "課題・悩み";
      default -> "相手センターに聞きたいこと";
    };
  }

  private static String state(Browser b) {
    List<WebElement> el = b.all("#case-save-state");
    return el.isEmpty() ? null : el.get(0).getDomAttribute("data-state");
  }

  /** Waits until the editor says 保存しました (every change is on the server). */
  private static void saved(Browser b) {
    b.until("保存しました", d -> "saved".equals(state(b)));
    assertThat(b.css("#case-save-state").getText()).startsWith(ja().t("caseEditor.state.saved"));
  }

  private static void network(Browser b, boolean offline) {
    b.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
        "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** A small real photo: a JPEG drawn here (a hall, a roof and a sun), under target/e2e. */
  private static Path photo() throws Exception {
    BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0xBFDFFF));
    g.fillRect(0, 0, 640, 480);
    g.setColor(new Color(0x8B5A2B));
    g.fillRect(160, 220, 320, 200);
    g.setColor(new Color(0xA0302A));
    g.fillPolygon(new int[] {140, 320, 500}, new int[] {220, 100, 220}, 3);
    g.setColor(new Color(0xFFC83D));
    g.fillOval(520, 40, 80, 80);
    g.dispose();
    Path file = Files.createDirectories(Browser.SHOTS).resolve("case-walk-photo.jpg");
    ImageIO.write(img, "jpg", file.toFile());
    return file;
  }

  private static void noBlockingViolations(Browser browser, String where) {
    assertThat(Axe.blocking(Axe.run(browser))).as("axe on " + where).isEmpty();
  }
}
