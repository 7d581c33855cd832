package org.kakehashi.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Eventually;
import org.kakehashi.support.TestServer;
import org.kakehashi.support.ZoomStandIn;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's Zoom screen of a session (#/sessions/{id}?zoom) in the browser, with WireMock as Zoom:
 * Zoom refused the meeting (code 1001, its host's user does not exist), the screen says so in plain words
 * with Zoom's code and message, in Japanese and in English, without a serious or critical axe-core
 * violation; the retry button asks again and the meeting then exists. Screenshots under target/e2e/.
 */
@Tag("e2e")
@DisplayName("issue #14: the Zoom state of a session and its retry, for coordinators")
class ZoomStateScreenTest {

  static final WireMockServer zoom = ZoomStandIn.start();
  static final String MEETINGS = "/v2/users/host1%40npo.example.jp/meetings";

  @RegisterExtension
  static TestServer server = new TestServer(ZoomStandIn.config(zoom)
      .andThen(json -> json.getJsonObject("database").put("connectTimeoutMillis", 10_000)));

  static Browser browser;
  static long session;
  static long round;

  @BeforeAll
  static void seed() {
    Axe.source();
    zoom.stubFor(post(urlPathEqualTo("/oauth/token"))
        .willReturn(okJson("{\"access_token\":\"token-1\",\"token_type\":\"bearer\",\"expires_in\":3599}")));
    zoom.stubFor(get(urlPathEqualTo(MEETINGS)).willReturn(okJson("{\"meetings\":[]}")));
    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
        .withBody("{\"code\":1001,\"message\":\"User does not exist: host1@npo.example.jp.\"}")));
    Api coord = server.coordinator();
    long a = server.center("zs-a", "名取市");
    long b = server.sql("INSERT INTO center (code, name, city, prefecture) VALUES ('zs-b', '松江市公民館', '松江市', '島根県') RETURNING id")
        .iterator().next().getLong("id");
    long sa = server.person("zsa@example.jp", a, "staff-password");
    long sb = server.person("zsb@example.jp", b, "staff-password");
    long f = server.person("zsf@example.jp", null, "facil-password", "facilitator");
    round = coord.post("/api/rounds", new JsonObject().put("title", "冬の合同研修").put("startsOn", "2027-01-01")
        .put("endsOn", "2027-03-31").put("centerIds", new JsonArray().add(a).add(b))).json().getLong("id");
    coord.post("/api/rounds/" + round + "/pairing", null);
    coord.post("/api/rounds/" + round + "/pairs/publish", null);
    long slot = coord.post("/api/rounds/" + round + "/slots", new JsonObject().put("startsAt", "2027-02-10T19:00:00+09:00"))
        .json().getJsonArray("slots").getJsonObject(0).getLong("id");
    server.sql("INSERT INTO availability (slot_id, person_id, answer) VALUES ($1, $2, 'yes'), ($1, $3, 'yes'), ($1, $4, 'yes')",
        slot, sa, sb, f);
    coord.post("/api/hosts", new JsonObject().put("name", "Zoom 1").put("zoomUserId", "host1@npo.example.jp"));
    session = coord.post("/api/rounds/" + round + "/schedule", null).json().getJsonArray("sessions").getJsonObject(0).getLong("id");
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      assertThat(coord.get("/api/sessions/" + session + "/zoom").json().getString("state")).isEqualTo("failed");
    });
    browser = new Browser(server.port(), Browser.DESKTOP, "desktop");
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    zoom.stop();
  }

  @Test
  @DisplayName("Zoom's refusal in words (ja, en), no serious axe violation; the retry creates the meeting")
  void refusalShownAndRetried() {
    browser.signIn("coord@example.jp", "coordinator-pass");
    // Reached from the round's list of sessions: the card's own link, not a typed address.
    browser.open("/#/rounds/" + round + "/sessions");
    WebElement card = browser.css("li.session-card[data-session-id='" + session + "']");
    WebElement before = browser.view();
    WebElement link = card.findElement(By.cssSelector("a[href$='?zoom']"));
    assertThat(link.getText()).isEqualTo(browser.t("sessions.zoomState"));
    browser.click(link);
    browser.replaced(before);
    assertThat(browser.driver.getCurrentUrl()).endsWith("#/sessions/" + session + "?zoom");
    for (String lang : new String[] {"ja", "en"}) {
      browser.switchLanguage(lang);
      String text = browser.css("#main").getText();
      assertThat(text).contains(browser.t("zoomState.title")).contains(browser.t("zoomState.noMeeting"))
          .contains(browser.t("zoomState.state.failed"))
          .contains(browser.t("zoomState.refusedCode", "code", "1001", "status", "404"))
          .contains(browser.t("zoomState.code.1001"))
          .contains("User does not exist: host1@npo.example.jp.");
      browser.screenshot("zoom-state-refused");
      assertThat(Axe.blocking(Axe.run(browser))).as("serious or critical axe-core violations in " + lang).isEmpty();
    }

    zoom.stubFor(post(urlPathEqualTo(MEETINGS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
        .withBody("{\"id\":901,\"join_url\":\"https://zoom.example/j/901\"}")));
    browser.click(browser.button(browser.t("zoomState.retry")));
    browser.until("the retry confirmed", d -> browser.css("#main").getText().contains(browser.t("zoomState.retried")));
    assertThat(browser.css("#main").getText()).contains(browser.t("zoomState.state.pending"))
        .doesNotContain(browser.t("zoomState.code.1001"));
    Eventually.holds(() -> {
      server.app().outbox().poll().await();
      assertThat(server.sql("SELECT zoom_meeting_id FROM session WHERE id = $1", session).iterator().next()
          .getString("zoom_meeting_id")).isEqualTo("901");
    });
    browser.open("/#/sessions/" + session + "?zoom");
    browser.until("the meeting shown", d -> browser.css("#main").getText().contains(browser.t("zoomState.state.sent")));
    assertThat(browser.css("#main").getText()).contains(browser.t("zoomState.meetingExists", "id", "901"))
        .contains(browser.t("zoomState.state.sent"));
    assertThat(browser.driver.findElements(By.cssSelector("[role=alert]"))).isEmpty();
    assertThat(browser.driver.findElements(By.cssSelector("[data-action=zoom-retry]"))).as("nothing to retry").isEmpty();
    browser.screenshot("zoom-state-created");
    assertThat(Axe.blocking(Axe.run(browser))).isEmpty();
  }
}
