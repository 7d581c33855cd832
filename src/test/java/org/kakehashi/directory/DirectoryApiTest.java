package org.kakehashi.directory;

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

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryApiTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static Api coord;

  @BeforeAll
  static void seed() {
    coord = server.coordinator();
  }

  static JsonObject center(String code, String city) {
    return new JsonObject().put("code", code).put("name", city + "中央公民館").put("city", city).put("prefecture", "島根県")
        .put("topics", new JsonArray().add("防災").add("子育て支援")).put("latitude", 35.468).put("longitude", 133.048);
  }

  @Test
  @DisplayName("a coordinator creates, reads, edits and deletes a center; defaults are filled in")
  void centerCrud() {
    Api.Res created = coord.post("/api/centers", center("matsue-9", "松江市"));
    assertThat(created.status()).isEqualTo(201);
    JsonObject c = created.json();
    assertThat(c.getString("region")).isEqualTo("中国");
    assertThat(c.getString("timeZone")).isEqualTo("Asia/Tokyo");
    assertThat(c.getJsonArray("languages")).containsExactly("ja");
    long id = c.getLong("id");
    assertThat(coord.get("/api/centers/" + id).json().getString("name")).isEqualTo("松江市中央公民館");
    JsonObject edit = center("matsue-9", "松江市").put("name", "松江市 宍道公民館").put("timeZone", "Europe/London");
    Api.Res updated = coord.put("/api/centers/" + id, edit);
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().getString("timeZone")).isEqualTo("Europe/London");
    assertThat(coord.delete("/api/centers/" + id).status()).isEqualTo(204);
    assertThat(coord.get("/api/centers/" + id).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a duplicate center code is a 409 naming the field; invalid values are a 422 listing each")
  void centerConflictsAndValidation() {
    assertThat(coord.post("/api/centers", center("dup-1", "松江市")).status()).isEqualTo(201);
    Api.Res dup = coord.post("/api/centers", center("dup-1", "出雲市"));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().getJsonObject("error").getString("field")).isEqualTo("code");
    Api.Res bad = coord.post("/api/centers", center("bad-1", "松江市").put("latitude", 123.0).put("timeZone", "Nowhere/City")
        .put("contactEmail", "not mail"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().getJsonObject("error").getJsonArray("problems").stream()
        .map(o -> ((JsonObject) o).getString("field"))).containsExactly("timeZone", "latitude", "contactEmail");
  }

  @Test
  @DisplayName("a center with people cannot be deleted (409), and stays")
  void centerInUse() {
    long id = coord.post("/api/centers", center("used-1", "松江市")).json().getLong("id");
    server.person("member@example.jp", id, "member-password");
    Api.Res res = coord.delete("/api/centers/" + id);
    assertThat(res.status()).isEqualTo(409);
    assertThat(res.errorCode()).isEqualTo("center_in_use");
    assertThat(coord.get("/api/centers/" + id).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("re-importing the same centers file updates instead of duplicating")
  void reimportUpdates() {
    String csv = "コード,名称,市区町村,都道府県\nre-1,名取市中央公民館,名取市,宮城県\nre-2,那覇市中央公民館,那覇市,沖縄県\n";
    Api.Res first = coord.postCsv("/api/centers/import", csv.getBytes(Charset.forName("windows-31j")));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json()).isEqualTo(new JsonObject().put("created", 2).put("updated", 0));
    Api.Res second = coord.postCsv("/api/centers/import", csv.replace("那覇市中央公民館", "那覇市若狭公民館").getBytes(StandardCharsets.UTF_8));
    assertThat(second.json()).isEqualTo(new JsonObject().put("created", 0).put("updated", 2));
    assertThat(server.sql("SELECT name FROM center WHERE code = 're-2'").iterator().next().getString("name"))
        .isEqualTo("那覇市若狭公民館");
    assertThat(server.sql("SELECT count(*) AS n FROM center WHERE code LIKE 're-%'").iterator().next().getLong("n")).isEqualTo(2);
  }

  @Test
  @DisplayName("one bad row rejects the whole file: 422 with every problem, and the database unchanged")
  void allOrNothing() {
    long before = server.count("center");
    String csv = "code,name,city,prefecture\nok-1,Fine,名取市,宮城県\nok-2,,名取市,宮城県\n";
    Api.Res res = coord.postCsv("/api/centers/import", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(res.status()).isEqualTo(422);
    JsonArray rows = res.json().getJsonObject("error").getJsonArray("rows");
    assertThat(rows).hasSize(1);
    assertThat(rows.getJsonObject(0).getInteger("line")).isEqualTo(3);
    assertThat(rows.getJsonObject(0).getString("field")).isEqualTo("name");
    assertThat(server.count("center")).isEqualTo(before);
  }

  @Test
  @DisplayName("10,000 centers and 10,000 people import in one request each, and again as updates")
  void tenThousandRows() {
    StringBuilder centers = new StringBuilder("code,name,city,prefecture,topics\n");
    StringBuilder people = new StringBuilder("email,name,center_code,roles\n");
    for (int i = 0; i < 10_000; i++) {
      centers.append("big-").append(i).append(",センター").append(i).append(",市").append(i % 700).append(",県")
          .append(i % 47).append(",防災;子育て\n");
      people.append("p").append(i).append("@big.example.jp,職員 ").append(i).append(",big-").append(i).append(",staff\n");
    }
    long started = System.nanoTime();
    Api.Res c = coord.postCsv("/api/centers/import", centers.toString().getBytes(StandardCharsets.UTF_8));
    Api.Res p = coord.postCsv("/api/people/import", people.toString().getBytes(StandardCharsets.UTF_8));
    long ms = (System.nanoTime() - started) / 1_000_000;
    assertThat(c.json()).isEqualTo(new JsonObject().put("created", 10_000).put("updated", 0));
    assertThat(p.json()).isEqualTo(new JsonObject().put("created", 10_000).put("updated", 0));
    assertThat(coord.postCsv("/api/people/import", people.toString().getBytes(StandardCharsets.UTF_8)).json())
        .isEqualTo(new JsonObject().put("created", 0).put("updated", 10_000));
    System.out.println("imported 10,000 centers + 10,000 people in " + ms + " ms");
  }

  @Test
  @DisplayName("people: a duplicate e-mail is a 409; an unknown center is a 422 on centerId")
  void peopleConflicts() {
    long id = coord.post("/api/centers", center("pc-1", "松江市")).json().getLong("id");
    JsonObject person = new JsonObject().put("email", "same@example.jp").put("name", "山田 花子").put("centerId", id);
    assertThat(coord.post("/api/people", person).status()).isEqualTo(201);
    Api.Res dup = coord.post("/api/people", person.copy().put("email", "SAME@example.jp"));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.errorCode()).isEqualTo("email_taken");
    Api.Res noCenter = coord.post("/api/people", person.copy().put("email", "other@example.jp").put("centerId", 999999));
    assertThat(noCenter.status()).isEqualTo(422);
    assertThat(noCenter.json().getJsonObject("error").getString("field")).isEqualTo("centerId");
  }

  @Test
  @DisplayName("people CSV with a duplicate e-mail and an unknown center code: 422 listing both, nobody added")
  void peopleCsvProblems() {
    long before = server.count("person");
    String csv = "メール,氏名,センターコード\na@x.example.jp,A,nowhere\nb@x.example.jp,B,\nA@x.example.jp,C,\n";
    Api.Res res = coord.postCsv("/api/people/import", csv.getBytes(StandardCharsets.UTF_8));
    assertThat(res.status()).isEqualTo(422);
    assertThat(res.json().getJsonObject("error").getJsonArray("rows").stream()
        .map(o -> ((JsonObject) o).getInteger("line") + ":" + ((JsonObject) o).getString("field")))
        .containsExactly("2:center_code", "4:email");
    assertThat(server.count("person")).isEqualTo(before);
  }

  @Test
  @DisplayName("the last coordinator cannot be deleted or demoted")
  void lastCoordinator() {
    long me = coord.get("/api/me").json().getLong("id");
    assertThat(coord.delete("/api/people/" + me).errorCode()).isEqualTo("last_coordinator");
    Api.Res demote = coord.put("/api/people/" + me, new JsonObject().put("email", "coord@example.jp").put("name", "X")
        .put("roles", new JsonArray().add("staff")));
    assertThat(demote.status()).isEqualTo(409);
    assertThat(coord.get("/api/me").json().getJsonArray("roles")).containsExactly("coordinator");
  }
}
