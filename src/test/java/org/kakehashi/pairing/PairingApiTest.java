package org.kakehashi.pairing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PairingApiTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static Api coord;
  static Map<Long, String> cityOf = new HashMap<>();
  static List<Long> centers = new ArrayList<>();
  static long natoriStaff;

  static long center(String code, String city, String pref, String region, String topics) {
    long id = server.sql("INSERT INTO center (code, name, city, prefecture, region, topics) VALUES ($1, $2, $3, $4, $5, $6)"
        + " RETURNING id", code, city + "公民館", city, pref, region, topics.split(",")).iterator().next().getLong("id");
    cityOf.put(id, pref + city);
    return id;
  }

  @BeforeAll
  static void seed() {
    coord = server.coordinator();
    centers.add(center("natori", "名取市", "宮城県", "東北", "防災,子育て"));
    centers.add(center("sendai", "仙台市", "宮城県", "東北", "防災"));
    centers.add(center("sendai-2", "仙台市", "宮城県", "東北", "多文化"));
    centers.add(center("matsue", "松江市", "島根県", "中国", "防災,子育て"));
    centers.add(center("naha", "那覇市", "沖縄県", "九州・沖縄", "多文化"));
    centers.add(center("susono", "裾野市", "静岡県", "中部", "子育て"));
    centers.add(center("izumo", "出雲市", "島根県", "中国", "多文化"));
    natoriStaff = server.person("natori.staff@example.jp", centers.get(0), "staff-password");
    server.person("matsue.staff@example.jp", centers.get(3), "staff-password");
  }

  static JsonObject round(String title, List<Long> centerIds) {
    JsonObject body = new JsonObject().put("title", title).put("description", "名取市と松江市の学び合い")
        .put("startsOn", "2027-01-10").put("endsOn", "2027-02-28")
        .put("topics", new JsonArray()
            .add(new JsonObject().put("key", "awareness").put("ja", "ふりかえりと気づき").put("en", "Reflection and awareness"))
            .add(new JsonObject().put("key", "future-staff").put("ja", "目指したい職員像").put("en", "The staff we want to become")))
        .put("prompts", new JsonArray()
            .add(new JsonObject().put("key", "noticed").put("ja", "気づいたこと").put("en", "What I noticed")));
    if (centerIds != null) {
      body.put("centerIds", new JsonArray(new ArrayList<>(centerIds)));
    }
    return body;
  }

  static void assertValid(JsonArray pairs, int centerCount) {
    List<Long> seen = new ArrayList<>();
    for (Object o : pairs) {
      JsonArray ids = ((JsonObject) o).getJsonArray("centerIds");
      assertThat(ids.size()).isBetween(2, 3);
      for (int i = 0; i < ids.size(); i++) {
        seen.add(ids.getLong(i));
        for (int j = i + 1; j < ids.size(); j++) {
          assertThat(cityOf.get(ids.getLong(i))).as("never one city").isNotEqualTo(cityOf.get(ids.getLong(j)));
        }
      }
    }
    assertThat(seen).hasSize(centerCount).doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("a round is validated: end before start, duplicate topic keys, fewer than two centers")
  void roundValidation() {
    Api.Res backwards = coord.post("/api/rounds", round("逆", null).put("startsOn", "2027-03-01").put("endsOn", "2027-02-01"));
    assertThat(backwards.status()).isEqualTo(422);
    assertThat(backwards.json().getJsonObject("error").getString("field")).isEqualTo("endsOn");
    JsonObject dup = round("重複", null);
    dup.getJsonArray("topics").add(new JsonObject().put("key", "awareness").put("ja", "重複").put("en", "Dup"));
    assertThat(coord.post("/api/rounds", dup).json().getJsonObject("error").getString("field")).isEqualTo("topics[2].key");
    Api.Res one = coord.post("/api/rounds", round("一館", List.of(centers.get(0))));
    assertThat(one.status()).isEqualTo(422);
    assertThat(one.json().getJsonObject("error").getString("field")).isEqualTo("centerIds");
    Api.Res badDate = coord.post("/api/rounds", round("日付", null).put("startsOn", "2027-02-30"));
    assertThat(badDate.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("run, lock, forbid, re-run keeps the lock, swap, publish: the whole board flow")
  void boardFlow() {
    JsonObject created = coord.post("/api/rounds", round("2027年冬 合同研修", centers)).json();
    long round = created.getLong("id");
    assertThat(created.getString("status")).isEqualTo("draft");
    assertThat(created.getJsonArray("centerIds")).hasSize(7);

    JsonObject board = coord.post("/api/rounds/" + round + "/pairing", null).json();
    assertThat(board.getJsonArray("pairs")).hasSize(3);
    assertValid(board.getJsonArray("pairs"), 7);
    assertThat(board.getString("method")).isEqualTo("exact");
    JsonObject first = board.getJsonArray("pairs").getJsonObject(0);
    assertThat(first.getJsonArray("reasons")).isNotEmpty();
    assertThat(coord.get("/api/rounds/" + round).json().getString("status")).isEqualTo("pairing");

    // Lock the pair holding Natori; forbid a pair that is not locked.
    JsonObject natoriPair = find(board, centers.get(0));
    assertThat(coord.patch("/api/rounds/" + round + "/pairs", new JsonObject().put("action", "lock")
        .put("pairId", natoriPair.getLong("id"))).status()).isEqualTo(200);
    JsonObject other = board.getJsonArray("pairs").stream().map(o -> (JsonObject) o)
        .filter(p -> !ids(p).contains(centers.get(0))).findFirst().orElseThrow();
    JsonArray forbidden = new JsonArray().add(other.getJsonArray("centerIds").getLong(0)).add(other.getJsonArray("centerIds").getLong(1));
    JsonObject afterForbid = coord.patch("/api/rounds/" + round + "/pairs", new JsonObject().put("action", "forbid")
        .put("centerIds", forbidden)).json();
    assertValid(afterForbid.getJsonArray("pairs"), 7);
    assertThat(afterForbid.getJsonArray("forbidden")).hasSize(1);
    assertThat(afterForbid.getJsonArray("pairs").stream().map(o -> ids((JsonObject) o)))
        .as("the forbidden pair is taken apart").noneMatch(ids -> ids.contains(forbidden.getLong(0)) && ids.contains(forbidden.getLong(1)));
    JsonObject rerun = coord.post("/api/rounds/" + round + "/pairing", null).json();
    JsonObject kept = find(rerun, centers.get(0));
    assertThat(ids(kept)).isEqualTo(ids(natoriPair));
    assertThat(kept.getBoolean("locked")).isTrue();

    // A swap that would put two Sendai centers together is refused; a valid swap is kept and locked.
    long sendai = centers.get(1);
    long sendai2 = centers.get(2);
    JsonObject sendaiPair = find(rerun, sendai);
    JsonObject sendai2Pair = find(rerun, sendai2);
    if (sendaiPair.getLong("id").equals(sendai2Pair.getLong("id"))) {
      throw new AssertionError("two Sendai centers paired");
    }
    long partnerOfSendai = ids(sendaiPair).stream().filter(c -> c != sendai).findFirst().orElseThrow();
    Api.Res sameCity = coord.patch("/api/rounds/" + round + "/pairs", new JsonObject().put("action", "swap")
        .put("centerIds", new JsonArray().add(partnerOfSendai).add(sendai2)));
    assertThat(sameCity.status()).as(sameCity.text()).isEqualTo(422);
    assertThat(sameCity.errorCode()).isEqualTo("same_city");
    long naha = centers.get(4);
    JsonObject nahaPair = find(rerun, naha);
    if (!nahaPair.getLong("id").equals(sendaiPair.getLong("id"))) {
      long partnerOfNaha = ids(nahaPair).stream().filter(c -> c != naha).findFirst().orElseThrow();
      Api.Res swapped = coord.patch("/api/rounds/" + round + "/pairs", new JsonObject().put("action", "swap")
          .put("centerIds", new JsonArray().add(partnerOfSendai).add(partnerOfNaha)));
      if (swapped.status() == 200) {
        assertValid(swapped.json().getJsonArray("pairs"), 7);
        assertThat(find(swapped.json(), sendai).getBoolean("locked")).isTrue();
        assertThat(ids(find(swapped.json(), sendai))).contains(partnerOfNaha);
      } else {
        assertThat(swapped.status()).as("only a rule can refuse a swap: " + swapped.text()).isEqualTo(422);
      }
    }

    // Publish: staff are e-mailed their partner; the board is then fixed; staff can read it.
    Api staff = server.signedIn("natori.staff@example.jp", "staff-password");
    assertThat(staff.get("/api/rounds/" + round + "/pairs").status()).isEqualTo(403);
    long outboxBefore = server.count("outbox");
    JsonObject published = coord.post("/api/rounds/" + round + "/pairs/publish", null).json();
    assertThat(published.getBoolean("published")).isTrue();
    assertThat(server.count("outbox") - outboxBefore).isEqualTo(2);
    String mail = server.sql("SELECT payload->>'text' AS t FROM outbox WHERE payload->>'to' = 'natori.staff@example.jp'")
        .iterator().next().getString("t");
    assertThat(mail).contains("名取市公民館");
    assertThat(coord.get("/api/rounds/" + round).json().getString("status")).isEqualTo("scheduling");
    assertThat(coord.post("/api/rounds/" + round + "/pairing", null).status()).isEqualTo(409);
    assertThat(coord.patch("/api/rounds/" + round + "/pairs", new JsonObject().put("action", "unlock")
        .put("pairId", kept.getLong("id"))).status()).isEqualTo(409);
    assertThat(coord.put("/api/rounds/" + round + "/centers", new JsonObject().put("centerIds",
        new JsonArray().add(centers.get(0)).add(centers.get(3)))).status()).isEqualTo(409);
    assertThat(staff.get("/api/rounds/" + round + "/pairs").status()).isEqualTo(200);

    // Status by hand only forward from scheduling; never back to draft.
    JsonObject edit = round("2027年冬 合同研修", null);
    assertThat(coord.put("/api/rounds/" + round, edit.copy().put("status", "draft")).errorCode()).isEqualTo("status_change");
    assertThat(coord.put("/api/rounds/" + round, edit.copy().put("status", "running")).json().getString("status")).isEqualTo("running");
    assertThat(coord.put("/api/rounds/" + round, edit.copy().put("status", "closed")).json().getString("status")).isEqualTo("closed");
  }

  @Test
  @DisplayName("a later round discourages repeating an earlier round's published pairs")
  void historyDiscouragesRepeats() {
    List<Long> four = List.of(centers.get(0), centers.get(3), centers.get(4), centers.get(5));
    long r1 = coord.post("/api/rounds", round("第1回", four)).json().getLong("id");
    JsonObject b1 = coord.post("/api/rounds/" + r1 + "/pairing", null).json();
    coord.post("/api/rounds/" + r1 + "/pairs/publish", null);
    long r2 = coord.post("/api/rounds", round("第2回", four)).json().getLong("id");
    JsonObject b2 = coord.post("/api/rounds/" + r2 + "/pairing", null).json();
    for (Object o : b2.getJsonArray("pairs")) {
      JsonObject p = (JsonObject) o;
      assertThat(b1.getJsonArray("pairs").stream().map(x -> ids((JsonObject) x)))
          .as("no pair repeated").doesNotContain(ids(p));
    }
  }

  @Test
  @DisplayName("a round whose centers are all in one city cannot be paired: 422 naming the reason")
  void oneCityRound() {
    long a = center("sendai-x", "仙台市", "宮城県", "東北", "防災");
    long round = coord.post("/api/rounds", round("仙台だけ", List.of(centers.get(1), centers.get(2), a))).json().getLong("id");
    Api.Res res = coord.post("/api/rounds/" + round + "/pairing", null);
    assertThat(res.status()).isEqualTo(422);
    assertThat(res.errorCode()).isEqualTo("no_pairing");
    assertThat(res.json().getJsonObject("error").getString("reason")).isEqualTo("same_city");
    assertThat(res.json().getJsonObject("error").getString("message")).contains("仙台市");
  }

  static JsonObject find(JsonObject board, long center) {
    return board.getJsonArray("pairs").stream().map(o -> (JsonObject) o)
        .filter(p -> ids(p).contains(center)).findFirst().orElseThrow();
  }

  /** The center ids of a pair as longs (JSON numbers come back as Integer or Long). */
  static List<Long> ids(JsonObject pair) {
    return pair.getJsonArray("centerIds").stream().map(o -> ((Number) o).longValue()).toList();
  }
}
