package org.kakehashi.cases;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The case routes (cases, questions, programmes, templates, attachments, the library, reading ahead) under hostile input,
 * as the case's own staff, a stranger center's staff and a coordinator: malformed JSON, bodies in the wrong
 * encoding, control and direction characters, oversized bodies and fields, unknown fields, wrong types,
 * unknown ids and someone else's ids, file names and contents an upload must refuse. Never a 500, never a
 * stack trace, every refusal the error JSON, and a refused request changes none of the cases' tables.
 * Seeded; a failure names the seed's request.
 */
class CaseFuzzTest {

  @RegisterExtension
  static TestServer server = new TestServer(json -> json.getJsonObject("database").put("connectTimeoutMillis", 20000));

  static final String PW = "case-fuzz-password";
  static long natori;
  static long matsue;
  static long kobe;
  static long round;
  static long held;
  static long natoriCase;
  static long matsueCase;
  static long otherCase;
  static long question;
  static long attachment;
  static Api[] as;

  @BeforeAll
  static void seed() {
    natori = CaseApiTestSeed.center(server, "natori-z", "名取市生涯学習センター", "名取市", "宮城県");
    matsue = CaseApiTestSeed.center(server, "matsue-z", "松江市公民館", "松江市", "島根県");
    kobe = CaseApiTestSeed.center(server, "kobe-z", "神戸市公民館", "神戸市", "兵庫県");
    long f = server.person("fz@example.jp", null, PW, "facilitator");
    server.person("nz@example.jp", natori, PW);
    server.person("mz@example.jp", matsue, PW);
    server.person("kz@example.jp", kobe, PW);
    server.person("cz@example.jp", null, PW, "coordinator");
    round = CaseApiTestSeed.round(server, "ファズの研修", natori, matsue, kobe);
    held = CaseApiTestSeed.session(server, round, f, natori, matsue, -2, "held");
    long other = CaseApiTestSeed.session(server, CaseApiTestSeed.round(server, "別の研修", matsue, kobe), f, matsue, kobe, 9, "scheduled");
    as = new Api[] {server.signedIn("nz@example.jp", PW), server.signedIn("kz@example.jp", PW), server.signedIn("cz@example.jp", PW)};
    Api m = server.signedIn("mz@example.jp", PW);
    natoriCase = write(as[0], held, natori, "地域ぐるみの防災訓練");
    matsueCase = write(m, held, matsue, "多文化共生の料理教室");
    otherCase = write(as[1], other, kobe, "神戸の読書会");
    assertThat(as[0].post("/api/cases/" + natoriCase + "/submit", null).status()).isEqualTo(200);
    question = m.post("/api/cases/" + natoriCase + "/questions", new JsonObject().put("text", "参加者はどう集めましたか")).json().getLong("id");
    byte[] png = java.util.Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    Api.Res up = as[0].send(HttpMethod.POST, "/api/cases/" + natoriCase + "/attachments?name=photo.png", png, "image/png");
    assertThat(up.status()).as(up.toString()).isEqualTo(201);
    attachment = up.json().getLong("id");
  }

  static long write(Api api, long session, long center, String title) {
    Api.Res r = api.put("/api/sessions/" + session + "/cases/" + center, new JsonObject().put("title", title)
        .put("summary", title + "の概要です。").put("sections", new JsonObject().put("approach", "取り組みの説明"))
        .put("topics", new JsonArray().add("disaster")).put("version", 0));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  static final String[] FIELDS = {"title", "summary", "sections", "presenters", "minutes", "topics", "version", "text", "answer",
      "shared", "steps", "dueDays", "kind", "ja", "en", "approach", "background", "extra"};

  static Object value(Random r) {
    return switch (r.nextInt(22)) {
      case 0 -> null;
      case 1 -> r.nextLong();
      case 2 -> -1;
      case 3 -> 1e308;
      case 4 -> "a\u0000b";
      case 5 -> "x\u0007\u001b[2J\u007f\u0085";
      case 6 -> "\u202e\u2066佐藤\u2069\u200f";
      case 7 -> "x".repeat(r.nextInt(12000));
      case 8 -> "' OR 1=1; DROP TABLE case_study; --";
      case 9 -> "<script>alert(1)</script>";
      case 10 -> new JsonArray().add(r.nextInt()).add("a").addNull();
      case 11 -> new JsonObject().put("$gt", "").put("approach", "x\u0000");
      case 12 -> r.nextBoolean();
      case 13 -> new JsonArray().add(new JsonObject().put("kind", r.nextBoolean() ? "caseA" : "../x").put("minutes", r.nextInt(500) - 100));
      case 14 -> new JsonObject().put("background", "あ".repeat(6000));
      case 15 -> new JsonArray().add(natori).add(-5).add("x");
      case 16 -> "\ud800";
      case 17 -> 0;
      case 18 -> new JsonArray().add(new JsonObject().put("key", "Bad Key").put("ja", "背景"));
      default -> "名取市の防災訓練";
    };
  }

  static byte[] body(Random r) {
    switch (r.nextInt(12)) {
      case 0:
        return new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b, (byte) 0x80};
      case 1:
        return "[".repeat(3000).getBytes(StandardCharsets.UTF_8);
      case 2:
        return "{\"title\":".getBytes(StandardCharsets.UTF_8);
      case 3:
        return "null".getBytes(StandardCharsets.UTF_8);
      case 4: // Shift_JIS bytes sent as UTF-8 JSON
        return "{\"title\":\"防災訓練\",\"version\":1}".getBytes(Charset.forName("Shift_JIS"));
      case 5: // UTF-16 with a BOM
        return "{\"text\":\"質問\"}".getBytes(StandardCharsets.UTF_16);
      case 6: // over the JSON body limit (256 KiB)
        return ("{\"summary\":\"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
      default:
        JsonObject o = new JsonObject();
        for (int i = r.nextInt(6); i > 0; i--) {
          o.put(FIELDS[r.nextInt(FIELDS.length)], value(r));
        }
        return o.toBuffer().getBytes();
    }
  }

  record Route(HttpMethod method, String path, boolean upload) {
  }

  static List<Route> routes() {
    String[] caseIds = {String.valueOf(natoriCase), String.valueOf(matsueCase), String.valueOf(otherCase), "0", "-1", "abc",
        "99999999999999999999", "%00", "1%27"};
    String[] sessionIds = {String.valueOf(held), "0", "abc", "99999999999"};
    String[] centerIds = {String.valueOf(natori), String.valueOf(matsue), String.valueOf(kobe), "0", "x"};
    String[] names = {"photo.png", "../../etc/passwd.png", "a%2Fb.pdf", "nul%00.pdf", "evil%E2%80%AEfdp.exe", "x".repeat(300) + ".pdf",
        "", ".hidden.png", "%FF%FE.pdf", "page.html", "%E4%BA%8B%E4%BE%8B.pdf"};
    List<Route> routes = new ArrayList<>();
    for (String id : caseIds) {
      routes.add(new Route(HttpMethod.POST, "/api/cases/" + id + "/submit", false));
      routes.add(new Route(HttpMethod.PUT, "/api/cases/" + id + "/sharing", false));
      routes.add(new Route(HttpMethod.POST, "/api/cases/" + id + "/questions", false));
      routes.add(new Route(HttpMethod.PUT, "/api/cases/" + id + "/questions/" + question + "/answer", false));
      routes.add(new Route(HttpMethod.PUT, "/api/cases/" + id + "/questions/" + id + "/answer", false));
      routes.add(new Route(HttpMethod.GET, "/api/cases/" + id, false));
      routes.add(new Route(HttpMethod.GET, "/api/attachments/" + id, false));
      routes.add(new Route(HttpMethod.DELETE, "/api/attachments/" + id, false));
      for (String name : names) {
        routes.add(new Route(HttpMethod.POST, "/api/cases/" + id + "/attachments?name=" + name, true));
      }
    }
    routes.add(new Route(HttpMethod.POST, "/api/cases/" + natoriCase + "/attachments", true));
    routes.add(new Route(HttpMethod.DELETE, "/api/attachments/" + attachment, false));
    for (String s : sessionIds) {
      for (String c : centerIds) {
        routes.add(new Route(HttpMethod.PUT, "/api/sessions/" + s + "/cases/" + c, false));
      }
      routes.add(new Route(HttpMethod.PUT, "/api/sessions/" + s + "/programme", false));
      routes.add(new Route(HttpMethod.DELETE, "/api/sessions/" + s + "/programme", false));
      routes.add(new Route(HttpMethod.GET, "/api/sessions/" + s + "/cases", false));
    }
    for (String r : new String[] {String.valueOf(round), "0", "abc", "99999999999"}) {
      routes.add(new Route(HttpMethod.PUT, "/api/rounds/" + r + "/case-template", false));
      routes.add(new Route(HttpMethod.PUT, "/api/rounds/" + r + "/programme-template", false));
      routes.add(new Route(HttpMethod.DELETE, "/api/rounds/" + r + "/programme-template", false));
    }
    for (String q : new String[] {"%00", "%E2%80%AE", "'%20%7C%20!", "a:*%20%26%20b", "%FF", "x".repeat(300), "防災&limit=0",
        "防災&offset=-1", "防災&year=99999", "防災&topic=" + "t".repeat(100)}) {
      routes.add(new Route(HttpMethod.GET, "/api/library?q=" + q, false));
    }
    for (String q : new String[] {"", "?center=" + kobe, "?x=%00", "?" + "y".repeat(3000)}) {
      routes.add(new Route(HttpMethod.GET, "/api/me/partner-cases" + q, false));
    }
    return routes;
  }

  /** What a file upload sends: a real PNG, HTML, an SVG with script, an empty file, an executable, random bytes. */
  static byte[] file(Random r) {
    return switch (r.nextInt(7)) {
      case 0 -> java.util.Base64.getDecoder().decode(
          "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
      case 1 -> "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8);
      case 2 -> "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
      case 3 -> new byte[0];
      case 4 -> new byte[] {0x4d, 0x5a, (byte) 0x90, 0, 3, 0, 0, 0};
      case 5 -> "%PDF-1.7\n%broken".getBytes(StandardCharsets.US_ASCII);
      default -> {
        byte[] b = new byte[r.nextInt(4096)];
        r.nextBytes(b);
        yield b;
      }
    };
  }

  /** A digest of every table the cases package writes (and the outbox, which a submission writes to). */
  static String fingerprint() {
    String[] tables = {"(SELECT id, session_id, center_id, title, summary, sections, presenters, minutes, topics, status,"
        + " submitted_at, shared_at, version, search_tokens, search_version FROM case_study)",
        "(SELECT id, case_id, name, content_type, size, sha256, md5(preview) FROM case_attachment)",
        "(SELECT attachment_id, seq, md5(data) FROM case_attachment_chunk)", "case_question", "session_programme", "round_programme",
        "case_template", "case_reminder", "(SELECT id, kind, payload, ref FROM outbox)"};
    StringBuilder sql = new StringBuilder("SELECT md5(");
    for (int i = 0; i < tables.length; i++) {
      sql.append(i == 0 ? "" : " || ").append("coalesce((SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM ")
          .append(tables[i]).append(" t), '-')");
    }
    return server.sql(sql.append(") AS f").toString()).iterator().next().getString("f");
  }

  @Test
  @DisplayName("1,500 hostile requests over the case routes as owner, stranger and coordinator: never a 500, every refusal the error JSON, nothing changed")
  void noServerErrors() {
    List<Route> routes = routes();
    Random r = new Random(20261203);
    String before = fingerprint();
    int refused = 0;
    for (int i = 0; i < 1500; i++) {
      Route route = routes.get(r.nextInt(routes.size()));
      int who = r.nextInt(as.length);
      byte[] body = route.upload() ? file(r) : route.method() == HttpMethod.GET || route.method() == HttpMethod.DELETE ? null : body(r);
      String type = route.upload() ? (r.nextBoolean() ? "application/octet-stream" : "image/png")
          : switch (r.nextInt(8)) {
            case 0 -> "text/plain";
            case 1 -> "application/json; charset=Shift_JIS";
            case 2 -> null;
            default -> "application/json";
          };
      Api.Res res = as[who].send(route.method(), route.path(), body, type);
      String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      String what = "request " + i + " as " + new String[] {"owner", "stranger", "coordinator"}[who] + ": " + route.method() + " "
          + route.path() + " " + text.substring(0, Math.min(160, text.length())) + " → " + res.status() + " "
          + res.text().substring(0, Math.min(300, res.text().length()));
      assertThat(res.status()).as(what).isLessThan(500);
      assertThat(res.text()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
      if (res.status() >= 400) {
        assertThat(res.errorCode()).as(what).isNotNull();
        assertThat(fingerprint()).as("a refused request changed the database: " + what).isEqualTo(before);
        refused++;
      } else {
        before = fingerprint();
      }
    }
    assertThat(refused).as("most hostile requests are refused").isGreaterThan(1000);
    // The server still serves the owner's case afterwards (no connection or state left broken).
    assertThat(as[0].get("/api/cases/" + natoriCase).status()).isEqualTo(200);
  }
}
