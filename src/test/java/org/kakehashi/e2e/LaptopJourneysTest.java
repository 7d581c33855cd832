package org.kakehashi.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.demo.DemoData;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16: the coordinator's and the facilitator's main tasks on the demo data, on a laptop
 * (1280 × 900), measured from their home page as {@link StaffJourneysTest} measures staff's: the
 * taps (the action's own included) and the scroll distance to the action, at most 3 taps and one
 * screen of scrolling each. The numbers are printed and appended to target/e2e/journeys.tsv; every
 * step is a screenshot (journey-{task}-{step}-ja-laptop.png).
 */
@Tag("e2e")
@DisplayName("issue #16: the coordinator and the facilitator finish their tasks from home in ≤ 3 taps and ≤ one screen")
class LaptopJourneysTest {

  static final String PW = "demo-laptop-password";
  static final String D = "@" + DemoData.DOMAIN;
  static final String COORDINATOR = "coordinator" + D;
  static final String FACILITATOR = "facilitator1" + D;

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static final List<String> results = new ArrayList<>();
  static final List<String> problems = new ArrayList<>();
  static String draftTitle;
  static String startedId;
  static long heldId;
  static String unplacedName;

  @BeforeAll
  static void seed() {
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = ANY ($2)", Passwords.hashNow(PW),
        new String[] {COORDINATOR, FACILITATOR});
    // Five people added to the directory and not yet invited (the demo's people can all sign in).
    long center = server.sql("SELECT id FROM center ORDER BY id LIMIT 1").iterator().next().getLong("id");
    for (int i = 1; i <= 5; i++) {
      server.sql("INSERT INTO person (email, name, center_id, roles) VALUES ($1, $2, $3, '{staff}')",
          "new-" + i + "@example.jp", "新任 職員" + i, center);
    }
    // A second round whose pairing has been run, waiting to be published.
    Api api = server.signedIn(COORDINATOR, PW);
    JsonArray centers = new JsonArray();
    server.sql("SELECT DISTINCT ON (city) id FROM center ORDER BY city, id LIMIT 4").forEach(r -> centers.add(r.getLong("id")));
    draftTitle = "2027年度 春の地域間合同研修";
    Api.Res round = api.post("/api/rounds", new JsonObject().put("title", draftTitle)
        .put("startsOn", LocalDate.now().plusMonths(3).toString()).put("endsOn", LocalDate.now().plusMonths(5).toString())
        .put("topics", new JsonArray().add(new JsonObject().put("ja", "ふりかえりと気づき")))
        .put("prompts", new JsonArray().add(new JsonObject().put("ja", "今日の研修で気づいたこと")))
        .put("centerIds", centers));
    assertThat(round.status()).as("the spring round: %s", round).isEqualTo(201);
    Api.Res pairing = api.post("/api/rounds/" + round.json().getLong("id") + "/pairing", new JsonObject());
    assertThat(pairing.status()).as("its pairing: %s", pairing).isEqualTo(200);
    // One of facilitator1's sessions under way (begun 20 minutes ago), to be marked held.
    Row s = server.sql("""
        UPDATE session SET starts_at = now() - interval '20 minutes', ends_at = now() + interval '70 minutes'
         WHERE id = (SELECT s.id FROM session s JOIN person p ON p.id = s.facilitator_id
                      WHERE p.email::text = $1 AND s.status = 'scheduled' ORDER BY s.starts_at DESC LIMIT 1)
         RETURNING id""", FACILITATOR).iterator().next();
    startedId = String.valueOf(s.getLong("id"));
    // A center of the demo round whose coordinates nobody entered: the map must say it could not place it.
    unplacedName = server.sql("""
        UPDATE center SET latitude = NULL, longitude = NULL
         WHERE id = (SELECT max(center_id) FROM round_center WHERE round_id = (SELECT min(id) FROM round)) RETURNING name""")
        .iterator().next().getString("name");
    heldId = server.sql("SELECT id FROM session WHERE status = 'held' ORDER BY starts_at LIMIT 1").iterator().next().getLong("id");
  }

  @AfterAll
  static void write() throws IOException {
    Files.createDirectories(Browser.SHOTS);
    Files.write(Browser.SHOTS.resolve("journeys.tsv"), results, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    results.forEach(System.out::println);
  }

  static Browser laptop() {
    return new Browser(server.port(), Browser.DESKTOP, "laptop");
  }

  /** The link of home's "next" list whose line says {@code says}. */
  static WebElement step(Browser b, String says) {
    return b.until("home's step “" + says + "”", d -> (WebElement) b.js("""
        for (const li of document.querySelectorAll('.home-steps li')) {
          if (li.textContent.replace(/\\s+/g, ' ').includes(arguments[0])) return li.querySelector('a[href]');
        }
        return null;""", says));
  }

  @Test
  @DisplayName("coordinator: the pairs without a session and a reminder to those who have not answered; publishing; inviting everyone")
  void coordinatorTasks() {
    try (Browser b = laptop()) {
      b.signIn(COORDINATOR, PW);

      // From home to the pairs without a session (read), then the one reminder to everyone who has not answered.
      Walk remind = new Walk(b, "coordinator-remind", problems);
      List<WebElement> onHome = b.all(".home-remind button");
      if (onHome.isEmpty()) {
        // Before #16's home button: through the round's list of what still needs doing.
        remind.tap(Walk.target(b, b.t("home.step.remind")), true);
        remind.see(b.css(".unplaced-list"));
        remind.act(b.css(".progress-panel button.btn-primary"));
      } else {
        remind.act(onHome.get(0));
      }
      results.add(remind.report("100%"));

      // From home to the list of the pairs without a session and why.
      b.open("/");
      Walk unplaced = new Walk(b, "coordinator-unplaced", problems);
      unplaced.tap(step(b, b.t("home.step.unscheduled.other", "count", "")), true);
      unplaced.see(b.css(".unplaced-list li"));
      results.add(unplaced.report("100%"));

      // Publishing the pairs of a round whose pairing has been run.
      b.open("/");
      Walk publish = new Walk(b, "coordinator-publish", problems);
      publish.tap(step(b, b.t("home.step.publish")), true);
      publish.act(b.button(b.t("board.publish")));
      results.add(publish.report("100%"));

      // Inviting everyone not yet invited.
      b.open("/");
      Walk invite = new Walk(b, "coordinator-invite", problems);
      if (b.all(".home-invite .bulk-invite button").isEmpty()) {
        invite.navTo(b.t("nav.people"));
      }
      invite.act(b.withText(".bulk-invite button", "5"));
      results.add(invite.report("100%"));
    }
    assertThat(problems).as("journeys over the limits").isEmpty();
  }

  @Test
  @DisplayName("the network map: Japan's outline, a label per city none overlapping another, the center without coordinates listed")
  void networkMap() throws IOException {
    try (Browser b = laptop()) {
      b.signIn(COORDINATOR, PW);
      long round = server.sql("SELECT min(id) AS id FROM round").iterator().next().getLong("id");
      b.open("/#/rounds/" + round + "/pairs");
      WebElement map = b.css(".map-svg");
      b.until("the map's labels", d -> !b.all(".map-label").isEmpty());
      b.scrollTo(b.css(".network-map"));
      b.screenshot("map-round");
      Files.write(Browser.SHOTS.resolve("map-round-only-ja-laptop.png"), map.getScreenshotAs(OutputType.BYTES));
      @SuppressWarnings("unchecked")
      Map<String, Object> drawn = (Map<String, Object>) b.js("""
          const boxes = [...document.querySelectorAll('.map-label')].map((e) => [e.textContent, e.getBBox()]);
          let overlaps = 0;
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i][1], c = boxes[j][1];
            if (a.x < c.x + c.width && c.x < a.x + a.width && a.y < c.y + c.height && c.y < a.y + a.height) overlaps++;
          }
          const land = document.querySelector('.map-land');
          return { labels: boxes.map((x) => x[0]), overlaps, land: land ? land.getAttribute('d').length : 0,
                   landWidth: land ? land.getBBox().width : 0,
                   unplaced: (document.querySelector('.map-unplaced') || { textContent: '' }).textContent };""");
      Set<String> cities = new HashSet<>();
      server.sql("SELECT c.city FROM center c JOIN round_center rc ON rc.center_id = c.id WHERE rc.round_id = $1", round)
          .forEach(r -> cities.add(r.getString("city")));
      @SuppressWarnings("unchecked")
      List<String> labels = (List<String>) drawn.get("labels");
      System.out.println("network map: " + labels.size() + " city labels of " + cities.size() + " cities, land path of "
          + drawn.get("land") + " characters, not placed: " + drawn.get("unplaced"));
      assertThat(((Number) drawn.get("land")).intValue()).as("the outline of Japan").isGreaterThan(1000);
      assertThat(((Number) drawn.get("landWidth")).doubleValue()).as("the outline's width").isGreaterThan(100);
      assertThat(labels).as("city labels").hasSizeGreaterThan(10).doesNotHaveDuplicates().allMatch(cities::contains);
      assertThat(((Number) drawn.get("overlaps")).intValue()).as("labels overlapping").isZero();
      assertThat((String) drawn.get("unplaced")).as("the center without coordinates").contains(unplacedName);
      assertThat(Axe.blocking(Axe.run(b))).as("axe-core on the round's map").isEmpty();
      b.open("/#/network");
      b.css(".map-land");
      b.screenshot("map-network");
      assertThat(Axe.blocking(Axe.run(b))).as("axe-core on the network page").isEmpty();
    }
  }

  @Test
  @DisplayName("facilitator: the next session's rooms board, marking a session held, reading a summary")
  void facilitatorTasks() {
    try (Browser b = laptop()) {
      b.signIn(FACILITATOR, PW);

      // The rooms board of the next session (the one under way comes first: the one after it).
      Walk rooms = new Walk(b, "facilitator-rooms", problems);
      List<WebElement> boards = b.all("#home-facilitating ~ div a[href$='/rooms']");
      rooms.tap(boards.get(Math.min(1, boards.size() - 1)), true);
      rooms.act(b.button(b.t("rooms.assign")));
      results.add(rooms.report("100%"));

      // Marking the session under way held.
      b.open("/");
      Walk held = new Walk(b, "facilitator-held", problems);
      List<WebElement> direct = b.all("#home-facilitating ~ div button");
      WebElement button = direct.stream().filter(e -> e.getText().trim().equals(b.t("held.button"))).findFirst().orElse(null);
      if (button == null) {
        held.tap(b.css("#home-facilitating ~ div a[href='#/sessions/" + startedId + "/rooms']"), true);
        button = b.button(b.t("held.button"));
      }
      held.act(button);
      results.add(held.report("100%"));

      // Reading the summary of the session held last week.
      b.open("/");
      Walk summary = new Walk(b, "facilitator-summary", problems);
      String link = "#home-facilitating ~ div a[href='#/sessions/" + heldId + "/summary']";
      if (b.all(link).stream().noneMatch(WebElement::isDisplayed)) {
        summary.tap(b.css("#home-facilitating ~ div details > summary"), false);
      }
      summary.tap(b.css(link), true);
      summary.see(b.css(".rate-text"));
      results.add(summary.report("100%"));
    }
    assertThat(problems).as("journeys over the limits").isEmpty();
  }
}
