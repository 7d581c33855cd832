package org.kakehashi.reflections;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's held session's summary as facilitator1 reads it (README, "How reflections are summarised"):
 * each language ranked among its own notes (no English word in the Japanese list), every place name of
 * the network on the setting line rather than in the ranking, the evidence of the top phrase, and a
 * phrase hidden from print stays hidden for the next reader.
 */
class DemoSummaryTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static final String PW = "demo-test-password";

  @Test
  @DisplayName("the demo's held session: Japanese phrases without English words or other cities, evidence marked, hide from print")
  void heldSession() {
    String email = "facilitator1@demo.kakehashi.example";
    server.sql("UPDATE person SET password_hash = $1 WHERE email::text = $2", Passwords.hashNow(PW), email);
    Api f = server.signedIn(email, PW);
    long held = server.sql("SELECT id FROM session WHERE status = 'held'").iterator().next().getLong("id");
    String base = "/api/sessions/" + held + "/reflections";
    JsonObject s = f.get(base + "/summary").json();
    List<JsonObject> phrases = s.getJsonArray("keyPhrases").stream().map(o -> (JsonObject) o).toList();
    List<String> ja = phrases.stream().filter(p -> "ja".equals(p.getString("lang"))).map(p -> p.getString("phrase")).toList();
    List<String> en = phrases.stream().filter(p -> "en".equals(p.getString("lang"))).map(p -> p.getString("phrase")).toList();
    System.out.println("demo held session, top 10 (ja): " + ja.subList(0, Math.min(10, ja.size())) + "; en: " + en);
    assertThat(ja).hasSizeGreaterThanOrEqualTo(10);
    assertThat(ja).as("no English word in the Japanese ranking").noneMatch(p -> p.chars().allMatch(c -> c < 128));
    assertThat(en).as("the English notes' phrases in their own list").isNotEmpty().allMatch(p -> p.chars().allMatch(c -> c < 128));
    // Every place of the network is the setting: 那覇市 (a guest's city, not of the pair) included.
    List<String> cities = server.sql("SELECT DISTINCT city FROM center").stream().map(r -> r.getString("city")).toList();
    assertThat(phrases).noneMatch(p -> cities.contains(p.getString("phrase")));
    assertThat(s.getJsonArray("contextPhrases").stream().map(o -> ((JsonObject) o).getString("phrase")).toList())
        .contains("名取市", "松江市", "那覇市");

    // The evidence of the top phrase: the sentences that use it, the phrase marked where it stands.
    JsonObject top = phrases.get(0);
    JsonObject ev = f.get(base + "/evidence?key=" + java.net.URLEncoder.encode(top.getString("key"),
        java.nio.charset.StandardCharsets.UTF_8)).json();
    assertThat(ev.getInteger("count")).isEqualTo(top.getInteger("count"));
    assertThat(ev.getJsonArray("notes")).isNotEmpty();
    for (Object o : ev.getJsonArray("notes")) {
      for (Object x : ((JsonObject) o).getJsonArray("sentences")) {
        JsonObject sentence = (JsonObject) x;
        assertThat(sentence.getJsonArray("marks")).isNotEmpty();
        for (Object m : sentence.getJsonArray("marks")) {
          io.vertx.core.json.JsonArray mark = (io.vertx.core.json.JsonArray) m;
          assertThat(sentence.getString("text").substring(mark.getInteger(0), mark.getInteger(1))).isEqualTo(top.getString("phrase"));
        }
      }
    }
    assertThat(f.get(base + "/evidence").status()).isEqualTo(422);

    // Hide the top phrase from print: the summary marks it for every reader, until shown again.
    Api.Res hide = f.put(base + "/hidden", new JsonObject().put("key", top.getString("key")).put("hidden", true));
    assertThat(hide.status()).as(hide.toString()).isEqualTo(200);
    assertThat(hide.json().getJsonArray("hidden")).contains(top.getString("key"));
    JsonObject after = server.coordinator().get(base + "/summary").json();
    assertThat(after.getJsonArray("keyPhrases").getJsonObject(0).getBoolean("hidden")).isTrue();
    assertThat(f.put(base + "/hidden", new JsonObject().put("hidden", true)).status()).isEqualTo(422);
    assertThat(f.put(base + "/hidden", new JsonObject().put("key", "x\u0000").put("hidden", true)).status()).isEqualTo(422);
    assertThat(f.put(base + "/hidden", new JsonObject().put("key", top.getString("key")).put("hidden", false)).json()
        .getJsonArray("hidden")).isEmpty();
    assertThat(f.get(base + "/summary").json().getJsonArray("keyPhrases").getJsonObject(0).getBoolean("hidden")).isFalse();

    // A phrase hidden from print is marked wherever the summary lists it (by topic, room, center, what each
    // center took), not only in the main list: the printed page leaves it out of every line.
    List<JsonObject> listed = new java.util.ArrayList<>();
    for (String part : List.of("byTopic", "byRoom", "byCenter", "pairs")) {
      phraseObjects(s.getValue(part), listed);
    }
    assertThat(listed).as("phrases listed outside the main list").isNotEmpty();
    String elsewhere = listed.get(0).getString("key");
    assertThat(f.put(base + "/hidden", new JsonObject().put("key", elsewhere).put("hidden", true)).status()).isEqualTo(200);
    JsonObject hiddenOne = f.get(base + "/summary").json();
    List<JsonObject> again = new java.util.ArrayList<>();
    for (String part : List.of("byTopic", "byRoom", "byCenter", "pairs")) {
      phraseObjects(hiddenOne.getValue(part), again);
    }
    assertThat(again.stream().filter(p -> elsewhere.equals(p.getString("key"))))
        .as("every listing of the hidden phrase").isNotEmpty().allMatch(p -> p.getBoolean("hidden"));
    assertThat(again.stream().filter(p -> !elsewhere.equals(p.getString("key")))).noneMatch(p -> p.getBoolean("hidden"));

    // What the session was about leads, not the words every note of the network uses.
    assertThat(ja.subList(0, 3)).as("the demo's top 3").doesNotContain("公民館", "地域", "職員", "一緒", "場所");
  }

  /** Every phrase object ({key, phrase, hidden}) anywhere in a part of the summary. */
  private static void phraseObjects(Object v, List<JsonObject> out) {
    if (v instanceof JsonObject o) {
      if (o.containsKey("key") && o.containsKey("phrase") && o.containsKey("hidden")) {
        out.add(o);
      }
      o.forEach(e -> phraseObjects(e.getValue(), out));
    } else if (v instanceof io.vertx.core.json.JsonArray a) {
      a.forEach(x -> phraseObjects(x, out));
    }
  }
}
