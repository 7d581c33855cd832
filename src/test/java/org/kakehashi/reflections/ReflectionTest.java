package org.kakehashi.reflections;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.Fixtures;
import org.kakehashi.support.TestServer;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writing reflection notes and reading them back as each role: the writer, staff of the writer's own
 * center, staff of the partner center, a stranger of another center, the session's facilitator, the
 * facilitator of another session of the round, the facilitator of another round, and a coordinator.
 */
class ReflectionTest {

  @RegisterExtension
  static TestServer server = new TestServer();
  static final Fixtures fixtures = new Fixtures(server);

  static final String PW = "reflect-password";
  static final String PROMPTS = "[{\"key\":\"aware\",\"ja\":\"気づいたこと\",\"en\":\"What you noticed\"},"
      + "{\"key\":\"partner\",\"ja\":\"相手の市から持ち帰ること\",\"en\":\"What you take home from the partner city\"}]";
  static final String TOPICS = "[{\"key\":\"youth\",\"ja\":\"若者の参加\",\"en\":\"Youth\"},"
      + "{\"key\":\"staff\",\"ja\":\"目指す職員像\",\"en\":\"The staff we want to become\"}]";

  static long natori;
  static long matsue;
  static long kobe;
  static long sendai;
  static long round;
  static long otherRound;
  static long session;
  static long secondSession;
  static long otherRoundSession;
  static long room;
  static long writerA;
  static long writerB;
  static long writerC;
  static long silent;

  @BeforeAll
  static void seed() {
    natori = center("natori-r", "名取市生涯学習センター", "名取市", "宮城県");
    matsue = center("matsue-r", "松江市公民館", "松江市", "島根県");
    kobe = center("kobe-r", "神戸市公民館", "神戸市", "兵庫県");
    sendai = center("sendai-r", "仙台市市民センター", "仙台市", "宮城県");
    server.person("coord@example.jp", null, PW, "coordinator");
    long f1 = server.person("f1@example.jp", null, PW, "facilitator");
    long f2 = server.person("f2@example.jp", null, PW, "facilitator");
    long f3 = server.person("f3@example.jp", null, PW, "facilitator");
    writerA = server.person("a1@example.jp", natori, PW);
    writerB = server.person("a2@example.jp", natori, PW);
    writerC = server.person("b1@example.jp", matsue, PW);
    silent = server.person("b2@example.jp", matsue, PW);
    server.person("a3@example.jp", natori, PW);
    server.person("b3@example.jp", matsue, PW);
    server.person("k1@example.jp", kobe, PW);
    server.person("s1@example.jp", sendai, PW);
    server.sql("UPDATE person SET name = '佐藤 花子' WHERE id = $1", writerA);
    server.sql("UPDATE person SET name = '匿名希望 太郎' WHERE id = $1", writerB);
    server.sql("UPDATE person SET name = 'Emily Clark', locale = 'en' WHERE id = $1", writerC);

    round = round("春の合同研修", natori, matsue, kobe, sendai);
    session = heldSession(round, f1, natori, matsue);
    secondSession = heldSession(round, f2, kobe, sendai);
    otherRound = round("秋の合同研修", natori, matsue);
    otherRoundSession = heldSession(otherRound, f3, natori, matsue);
    for (long p : new long[] {writerA, writerB, writerC, silent}) {
      confirm(session, p, "youth");
    }
    confirm(secondSession, server.sql("SELECT id FROM person WHERE email = 'k1@example.jp'").iterator().next().getLong("id"), "staff");
    room = fixtures.room(session, "staff", "ルーム1", writerA, writerC);
  }

  static long center(String code, String name, String city, String prefecture) {
    return fixtures.center(code, name, city, prefecture);
  }

  static long round(String title, long... centers) {
    return fixtures.round(title).dates("2026-01-01", "2026-12-31").status("running").topics(TOPICS).prompts(PROMPTS)
        .centers(java.util.Arrays.stream(centers).boxed().toArray(Long[]::new)).create();
  }

  static int seq;

  /** A session of two centers that ended an hour ago and was held. */
  static long heldSession(long roundId, long facilitator, long a, long b) {
    int days = ++seq;
    return fixtures.session(roundId, fixtures.pair(roundId, a, b)).inMinutes(-(days * 24 * 60L + 120), 60)
        .facilitator(facilitator).held().create();
  }

  static void confirm(long sessionId, long person, String topic) {
    assertThat(fixtures.register(sessionId, person, topic).status()).isEqualTo("confirmed");
  }

  static Api as(String who) {
    return server.signedIn(who + "@example.jp", PW);
  }

  static JsonObject note(String aware, String partner, String visibility, String quoteAs) {
    JsonObject answers = new JsonObject();
    if (aware != null) {
      answers.put("aware", aware);
    }
    if (partner != null) {
      answers.put("partner", partner);
    }
    return new JsonObject().put("answers", answers).put("visibility", visibility).put("quoteAs", quoteAs);
  }

  static synchronized void writeTheThreeNotes() {
    if (server.sql("SELECT 1 FROM reflection WHERE session_id = $1 AND person_id = $2", session, writerB).size() > 0) {
      return;
    }
    assertThat(as("a1").put("/api/sessions/" + session + "/reflections/me", note(
        "名取市の公民館では地域の人がオンラインで集まり、生涯学習センターの職員と話しました。若者の参加が少ないことが課題だと気づきました。",
        "松江市の公民館の取り組みから、子育て支援のアイデアを学びました。", "facilitators", "name")).status()).isEqualTo(200);
    assertThat(as("a2").put("/api/sessions/" + session + "/reflections/me", note(
        "オンラインでも地域の公民館どうしがつながれると実感しました。若者の参加を増やす工夫を続けたいです。",
        "松江市の公民館が高校生と一緒に講座を作っていることを持ち帰ります。", "partners", "anonymous")).status()).isEqualTo(200);
    assertThat(as("b1").put("/api/sessions/" + session + "/reflections/me", note(
        "The community centers in Natori listen to young people. Our community center should try that too.",
        "=HYPERLINK(\"http://evil.example\") Natori's youth council is something we will copy.", "network", "name")).status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("a participant writes, reads back with the prompts and the edit deadline, edits; text is stored as written")
  void writeAndEdit() {
    Api a = as("a1");
    String path = "/api/sessions/" + otherRoundSession + "/reflections/me";
    confirm(otherRoundSession, server.sql("SELECT id FROM person WHERE email = 'a3@example.jp'").iterator().next().getLong("id"), "youth");
    Api a3 = as("a3");
    Api.Res none = a3.get(path);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.json().getJsonObject("error").getJsonArray("prompts")).hasSize(2);
    assertThat(none.json().getJsonObject("error").getBoolean("canWrite")).isTrue();
    String text = "  改行も\n絵文字も😊そのまま。Mixed 日本語 and English.  ";
    Api.Res put = a3.put(path, note(text, null, "partners", "anonymous"));
    assertThat(put.status()).as(put.text()).isEqualTo(200);
    JsonObject got = a3.get(path).json();
    assertThat(got.getJsonObject("answers").getString("aware")).isEqualTo(text);
    assertThat(got.getString("visibility")).isEqualTo("partners");
    assertThat(got.getString("quoteAs")).isEqualTo("anonymous");
    assertThat(got.getString("editableUntil")).isNotBlank();
    assertThat(got.getBoolean("editable")).isTrue();
    assertThat(got.getJsonArray("prompts")).extracting(o -> ((JsonObject) o).getString("key")).containsExactly("aware", "partner");
    Api.Res again = a3.put(path, note("書き直しました。", "持ち帰ります。", "network", "name"));
    assertThat(again.status()).as(again.text()).isEqualTo(200);
    got = a3.get(path).json();
    assertThat(got.getJsonObject("answers").getMap()).containsEntry("aware", "書き直しました。").containsEntry("partner", "持ち帰ります。");
    assertThat(got.getString("visibility")).isEqualTo("network");
    JsonObject form = a3.get("/api/sessions/" + otherRoundSession + "/reflections/form").json();
    assertThat(form.getBoolean("canWrite")).isTrue();
    assertThat(form.getJsonObject("reflection").getString("visibility")).isEqualTo("network");
    // Someone else's GET sees their own (none), not this one.
    assertThat(a.get(path).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("5,000 characters per answer counted in code points (5,000 emoji pass); 5,001 is a 422 naming the field and nothing is saved")
  void sizeLimit() {
    long s = heldSession(round("上限", natori, matsue),
        server.sql("SELECT id FROM person WHERE email = 'f3@example.jp'").iterator().next().getLong("id"), natori, matsue);
    long p = server.person("limit@example.jp", natori, PW);
    confirm(s, p, "youth");
    Api me = as("limit");
    String path = "/api/sessions/" + s + "/reflections/me";
    String emoji = "😊".repeat(5000);
    assertThat(emoji.length()).isEqualTo(10_000);
    Api.Res ok = me.put(path, note(emoji, "ok", "network", "name"));
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(me.get(path).json().getJsonObject("answers").getString("aware")).isEqualTo(emoji);
    Api.Res tooLong = me.put(path, note("短い答え", "あ".repeat(5001), "facilitators", "anonymous"));
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.errorCode()).as("the one validation path: 422 invalid, like every route").isEqualTo("invalid");
    assertThat(tooLong.json().getJsonObject("error").getString("field")).isEqualTo("answers.partner");
    assertThat(tooLong.json().getJsonObject("error").getJsonArray("problems").getJsonObject(0).getMap())
        .containsEntry("field", "answers.partner").containsEntry("code", "too_long");
    JsonObject kept = me.get(path).json();
    assertThat(kept.getJsonObject("answers").getString("aware")).as("nothing half-saved").isEqualTo(emoji);
    assertThat(kept.getString("visibility")).isEqualTo("network");
    Api.Res unknown = me.put(path, new JsonObject().put("answers", new JsonObject().put("nope", "x")).put("visibility", "network"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().getJsonObject("error").getString("field")).isEqualTo("answers.nope");
    assertThat(me.put(path, note("x", null, "everyone", "name")).json().getJsonObject("error").getString("field")).isEqualTo("visibility");
    assertThat(me.put(path, note("x", null, "network", "nickname")).status()).isEqualTo(422);
    assertThat(me.put(path, note("NUL\u0000here", null, "network", "name")).status()).isEqualTo(422);
    assertThat(me.put(path, new JsonObject().put("answers", new JsonObject().put("aware", 5)).put("visibility", "network")).status())
        .isEqualTo(400);
    assertThat(me.put(path, note("x", null, "network", "name").put("extra", 1)).status()).isEqualTo(400);
    Api.Res blank = me.put(path, note("   ", null, "network", "name"));
    assertThat(blank.errorCode()).isEqualTo("invalid");
    assertThat(blank.json().getJsonObject("error").getJsonArray("problems").getJsonObject(0).getString("code"))
        .isEqualTo("required");
    assertThat(me.get(path).json().getJsonObject("answers").getString("aware")).isEqualTo(emoji);
  }

  @Test
  @DisplayName("only confirmed participants of a held session write, within the edit window; then the note is frozen (409)")
  void whoWritesAndWhen() {
    long f3 = server.sql("SELECT id FROM person WHERE email = 'f3@example.jp'").iterator().next().getLong("id");
    long s = heldSession(round("期限", natori, matsue), f3, natori, matsue);
    long p = server.person("window@example.jp", natori, PW);
    long waiting = server.person("waiting@example.jp", natori, PW);
    confirm(s, p, "youth");
    server.sql("INSERT INTO registration (session_id, person_id, status, waitlist_seq) VALUES ($1, $2, 'waitlisted', nextval('registration_waitlist'))",
        s, waiting);
    String path = "/api/sessions/" + s + "/reflections/me";
    Api me = as("window");
    assertThat(as("waiting").put(path, note("x", null, "network", "name")).errorCode()).isEqualTo("not_participant");
    assertThat(as("a3").put(path, note("x", null, "network", "name")).errorCode()).isEqualTo("not_participant");
    assertThat(as("f3").put(path, note("x", null, "network", "name")).status()).isEqualTo(403);
    assertThat(me.put("/api/sessions/999999/reflections/me", note("x", null, "network", "name")).status()).isEqualTo(404);

    server.sql("UPDATE session SET status = 'scheduled', held_at = NULL WHERE id = $1", s);
    assertThat(me.put(path, note("まだ", null, "network", "name")).errorCode()).isEqualTo("not_held");
    server.sql("UPDATE session SET status = 'held', held_at = now() - interval '6 days 23 hours' WHERE id = $1", s);
    assertThat(me.put(path, note("間に合った", null, "network", "name")).status()).isEqualTo(200);
    server.sql("UPDATE session SET held_at = now() - interval '7 days 1 minute' WHERE id = $1", s);
    Api.Res frozen = me.put(path, note("遅すぎた", null, "network", "name"));
    assertThat(frozen.status()).isEqualTo(409);
    assertThat(frozen.errorCode()).isEqualTo("reflection_frozen");
    JsonObject after = me.get(path).json();
    assertThat(after.getJsonObject("answers").getString("aware")).isEqualTo("間に合った");
    assertThat(after.getBoolean("editable")).isFalse();
  }

  /** The writers whose notes a person sees in the session's listing, and whether any anonymous name leaked. */
  static List<String> readers(Api api) {
    Api.Res res = api.get("/api/sessions/" + session + "/reflections");
    assertThat(res.status()).as(res.text()).isEqualTo(200);
    assertThat(res.text()).doesNotContain("匿名希望").doesNotContain(String.valueOf("\"personId\":" + writerB));
    return res.json().getJsonArray("notes").stream().map(o -> (JsonObject) o)
        .map(n -> n.getString("author", "anonymous:" + n.getString("visibility"))).sorted().toList();
  }

  @Test
  @DisplayName("each role reads exactly the notes its visibility allows, and an anonymous note never carries a name")
  void visibilityAcrossRoles() {
    writeTheThreeNotes();
    List<String> all = List.of("Emily Clark", "anonymous:partners", "佐藤 花子");
    assertThat(readers(as("coord"))).as("coordinator").isEqualTo(all);
    assertThat(readers(as("f1"))).as("the session's facilitator").isEqualTo(all);
    assertThat(readers(as("f2"))).as("another session's facilitator").containsExactly("Emily Clark");
    assertThat(readers(as("f3"))).as("another round's facilitator").containsExactly("Emily Clark");
    assertThat(readers(as("a3"))).as("own center's staff").containsExactly("Emily Clark", "anonymous:partners");
    assertThat(readers(as("b3"))).as("partner center's staff").containsExactly("Emily Clark", "anonymous:partners");
    assertThat(readers(as("k1"))).as("a stranger of another center").containsExactly("Emily Clark");
    assertThat(readers(as("a1"))).as("the writer").isEqualTo(all);
    assertThat(readers(as("a2"))).as("the anonymous writer: their own note, still without a name; not a1's facilitators-only note")
        .containsExactly("Emily Clark", "anonymous:partners");
  }

  @Test
  @DisplayName("summaries: coordinators and the session's facilitator only; counts, key phrases, quotes, groups, missing, pairs")
  void sessionSummary() {
    writeTheThreeNotes();
    String path = "/api/sessions/" + session + "/reflections/summary";
    for (String who : List.of("a1", "a3", "b3", "k1", "f2", "f3")) {
      assertThat(as(who).get(path).status()).as(who).isEqualTo(403);
    }
    assertThat(server.api().get(path).status()).isEqualTo(401);
    Api.Res res = as("f1").get(path);
    assertThat(res.status()).as(res.text()).isEqualTo(200);
    assertThat(res.text()).doesNotContain("匿名希望");
    JsonObject s = res.json();
    assertThat(s.getInteger("responses")).isEqualTo(3);
    assertThat(s.getInteger("expected")).isEqualTo(4);
    Map<String, Integer> phrases = s.getJsonArray("keyPhrases").stream().map(o -> (JsonObject) o)
        .collect(Collectors.toMap(o -> o.getString("phrase"), o -> o.getInteger("count")));
    // a2's note is the session's only anonymous one: counted, but its words do not show (README, "Anonymous notes").
    assertThat(s.getInteger("withheld")).isEqualTo(1);
    assertThat(phrases).containsEntry("公民館", 1).doesNotContainKeys("高校生", "工夫")
        .containsKeys("生涯学習センター").doesNotContainKeys("Natori's", "の", "私", "松江市", "Natori");
    assertThat(res.text()).doesNotContain("つながれる").doesNotContain("高校生と一緒に");
    // The pair's place names are the setting, on their own line (README, "Reflection summaries").
    Map<String, Integer> setting = s.getJsonArray("contextPhrases").stream().map(o -> (JsonObject) o)
        .collect(Collectors.toMap(o -> o.getString("phrase"), o -> o.getInteger("count")));
    assertThat(setting).containsEntry("松江市", 1).containsKey("Natori");
    assertThat(s.getJsonObject("ranking").getBoolean("smallBackground")).isTrue();
    JsonArray quotes = s.getJsonArray("quotes");
    assertThat(quotes).isNotEmpty();
    assertThat(quotes.size()).isLessThanOrEqualTo(5);
    String everything = String.join("\n", List.of(
        "名取市の公民館では地域の人がオンラインで集まり、生涯学習センターの職員と話しました。若者の参加が少ないことが課題だと気づきました。",
        "松江市の公民館の取り組みから、子育て支援のアイデアを学びました。",
        "オンラインでも地域の公民館どうしがつながれると実感しました。若者の参加を増やす工夫を続けたいです。",
        "松江市の公民館が高校生と一緒に講座を作っていることを持ち帰ります。",
        "The community centers in Natori listen to young people. Our community center should try that too.",
        "=HYPERLINK(\"http://evil.example\") Natori's youth council is something we will copy."));
    for (Object o : quotes) {
      JsonObject q = (JsonObject) o;
      assertThat(everything).as("a quote is a sentence of a note, never invented").contains(q.getString("text"));
      if (q.containsKey("author")) {
        assertThat(q.getString("author")).isIn("佐藤 花子", "Emily Clark");
      }
      if (q.getString("text").contains("つながれる") || q.getString("text").contains("工夫")) {
        assertThat(q.containsKey("author")).as("anonymous quote has no author field").isFalse();
      }
    }
    assertThat(s.getJsonObject("byTopic").getJsonObject("youth").getInteger("responses")).isEqualTo(1);
    assertThat(s.getJsonObject("byTopic").getJsonObject("staff").getInteger("responses")).as("room topic wins").isEqualTo(2);
    assertThat(s.getJsonObject("byRoom").getJsonObject(String.valueOf(room)).getInteger("expected")).isEqualTo(2);
    assertThat(s.getJsonObject("byCenter").getJsonObject(String.valueOf(natori)).getInteger("responses")).isEqualTo(2);
    assertThat(s.getJsonObject("byCenter").getJsonObject(String.valueOf(matsue)).getInteger("expected")).isEqualTo(2);
    assertThat(s.getJsonArray("missing")).extracting(o -> ((JsonObject) o).getLong("personId")).containsExactly(silent);
    assertThat(s.getString("tookAwayPrompt")).isEqualTo("partner");
    JsonObject natoriTook = s.getJsonArray("pairs").stream().map(o -> (JsonObject) o)
        .filter(p -> p.getLong("centerId") == natori).findFirst().orElseThrow();
    assertThat(natoriTook.getString("partnerCity")).isEqualTo("松江市");
    assertThat(natoriTook.getString("centerName")).isEqualTo("名取市生涯学習センター");
    assertThat(natoriTook.getInteger("count")).isEqualTo(2);
    assertThat(natoriTook.getInteger("withheld")).isEqualTo(1);
    assertThat(natoriTook.getJsonArray("tookAway")).hasSize(1);
    assertThat(natoriTook.getJsonArray("tookAway").getJsonObject(0).getString("author")).isEqualTo("佐藤 花子");
    assertThat(s.getJsonObject("byCenter").getJsonObject(String.valueOf(natori)).getInteger("withheld")).isEqualTo(1);

    JsonObject filtered = as("coord").get(path + "?center=" + matsue).json();
    assertThat(filtered.getInteger("responses")).isEqualTo(1);
    assertThat(filtered.getInteger("expected")).isEqualTo(2);
    assertThat(as("coord").get(path + "?topic=youth").json().getInteger("responses")).isEqualTo(1);
    assertThat(as("coord").get(path + "?room=" + room).json().getInteger("responses")).isEqualTo(2);
    assertThat(as("coord").get(path + "?room=abc").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a round summary for a facilitator counts only the sessions they facilitate; another round's facilitator and staff get 403")
  void roundSummaryScope() {
    writeTheThreeNotes();
    long k1 = server.sql("SELECT id FROM person WHERE email = 'k1@example.jp'").iterator().next().getLong("id");
    server.sql("INSERT INTO reflection (session_id, person_id, answers, visibility, quote_as) VALUES ($1, $2,"
        + " '{\"aware\":\"神戸市の公民館の話を聞けてよかった。\"}', 'facilitators', 'name') ON CONFLICT DO NOTHING", secondSession, k1);
    String path = "/api/rounds/" + round + "/reflections/summary";
    JsonObject coord = as("coord").get(path).json();
    assertThat(coord.getInteger("responses")).isEqualTo(4);
    assertThat(coord.getInteger("expected")).isEqualTo(5);
    JsonObject f1 = as("f1").get(path).json();
    assertThat(f1.getInteger("responses")).isEqualTo(3);
    assertThat(f1.encode()).doesNotContain("神戸市の公民館の話");
    JsonObject f2 = as("f2").get(path).json();
    assertThat(f2.getInteger("responses")).isEqualTo(1);
    assertThat(f2.encode()).doesNotContain("佐藤 花子").doesNotContain("Natori");
    assertThat(as("f3").get(path).status()).isEqualTo(403);
    assertThat(as("a1").get(path).status()).isEqualTo(403);
    assertThat(as("coord").get("/api/rounds/999999/reflections/summary").status()).isEqualTo(404);
  }

  @Test
  @DisplayName("CSV export: BOM, one row per readable note, 匿名 for anonymous notes, formulas neutralised, same viewer rules")
  void csvExport() throws Exception {
    writeTheThreeNotes();
    String path = "/api/rounds/" + round + "/reflections.csv";
    Api.Res res = as("f1").get(path);
    assertThat(res.status()).isEqualTo(200);
    assertThat(res.headers().get("Content-Type")).startsWith("text/csv");
    assertThat(res.headers().get("Content-Disposition")).startsWith("attachment; filename=\"kakehashi-reflections-round-");
    byte[] bytes = res.raw().getBytes();
    assertThat(bytes[0]).isEqualTo((byte) 0xEF);
    assertThat(bytes[1]).isEqualTo((byte) 0xBB);
    assertThat(bytes[2]).isEqualTo((byte) 0xBF);
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("匿名希望").doesNotContain("神戸市の公民館の話");
    List<CSVRecord> rows = CSVFormat.EXCEL.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text)).getRecords();
    assertThat(rows).hasSize(3);
    assertThat(rows).extracting(r -> r.get("記入者")).containsExactlyInAnyOrder("佐藤 花子", "匿名", "Emily Clark");
    CSVRecord emily = rows.stream().filter(r -> r.get("記入者").equals("Emily Clark")).findFirst().orElseThrow();
    assertThat(emily.get("相手の市から持ち帰ること")).startsWith("'=HYPERLINK(");
    assertThat(emily.get("市区町村")).isEqualTo("松江市");
    assertThat(emily.get("相手の市区町村")).isEqualTo("名取市");
    assertThat(emily.get("テーマ")).isEqualTo("目指す職員像");
    assertThat(emily.get("ルーム")).isEqualTo("ルーム1");
    assertThat(emily.get("公開範囲")).isEqualTo("network");
    assertThat(emily.get("気づいたこと")).startsWith("The community centers");
    assertThat(as("a1").get(path).status()).isEqualTo(403);
    assertThat(as("f3").get(path).status()).isEqualTo(403);
    String coordCsv = new String(as("coord").get(path).raw().getBytes(), StandardCharsets.UTF_8);
    assertThat(coordCsv).doesNotContain("匿名希望");
  }

  @Test
  @DisplayName("learning history: the person's sessions with partner cities, ranked topics, room and own reflection")
  void history() {
    writeTheThreeNotes();
    JsonObject h = as("a1").get("/api/me/history").json();
    JsonObject s = h.getJsonArray("sessions").stream().map(o -> (JsonObject) o)
        .filter(x -> x.getLong("sessionId") == session).findFirst().orElseThrow();
    assertThat(s.getString("roundTitle")).isEqualTo("春の合同研修");
    assertThat(s.getString("status")).isEqualTo("held");
    assertThat(s.getJsonArray("partners")).extracting(o -> ((JsonObject) o).getString("city")).containsExactly("松江市");
    assertThat(s.getJsonArray("partners")).extracting(o -> ((JsonObject) o).getString("name")).containsExactly("松江市公民館");
    assertThat(s.getJsonArray("topics")).extracting(o -> ((JsonObject) o).getString("ja")).containsExactly("若者の参加");
    assertThat(s.getJsonObject("room").getString("name")).isEqualTo("ルーム1");
    assertThat(s.getJsonObject("reflection").getJsonObject("answers").getString("partner")).contains("子育て支援");
    JsonObject b = as("b1").get("/api/me/history").json();
    assertThat(b.getJsonArray("sessions").getJsonObject(0).getJsonArray("partners"))
        .extracting(o -> ((JsonObject) o).getString("city")).containsExactly("名取市");
    assertThat(as("k1").get("/api/me/history").json().getJsonArray("sessions")).hasSize(1);
    assertThat(as("s1").get("/api/me/history").json().getJsonArray("sessions")).isEmpty();
    assertThat(server.api().get("/api/me/history").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("the network of cities: coordinators see which cities learned from each other, per round and overall")
  void network() {
    writeTheThreeNotes();
    assertThat(as("f1").get("/api/reflections/network").status()).isEqualTo(403);
    assertThat(as("a1").get("/api/reflections/network").status()).isEqualTo(403);
    JsonObject n = as("coord").get("/api/reflections/network").json();
    JsonObject spring = n.getJsonArray("rounds").stream().map(o -> (JsonObject) o)
        .filter(r -> r.getLong("roundId") == round).findFirst().orElseThrow();
    assertThat(spring.getLong("heldSessions")).isEqualTo(2);
    assertThat(spring.getLong("expected")).isEqualTo(5);
    List<java.util.Set<String>> cities = spring.getJsonArray("cityPairs").stream().map(o -> (JsonObject) o)
        .map(ReflectionTest::cities).toList();
    assertThat(cities).containsExactlyInAnyOrder(java.util.Set.of("名取市", "松江市"), java.util.Set.of("神戸市", "仙台市"));
    JsonObject overallPair = n.getJsonObject("overall").getJsonArray("cityPairs").stream().map(o -> (JsonObject) o)
        .filter(p -> cities(p).equals(java.util.Set.of("名取市", "松江市"))).findFirst().orElseThrow();
    assertThat(overallPair.getLong("sessions")).isGreaterThanOrEqualTo(2);
    assertThat(overallPair.getLong("rounds")).isGreaterThanOrEqualTo(2);
    assertThat(overallPair.getLong("notes")).isGreaterThanOrEqualTo(3);
  }

  static java.util.Set<String> cities(JsonObject pair) {
    return java.util.Set.of(pair.getJsonObject("a").getString("city"), pair.getJsonObject("b").getString("city"));
  }
}
