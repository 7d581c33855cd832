package org.kakehashi.platform;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static Api coord;

  @BeforeAll
  static void seed() {
    server.person("coord@example.jp", null, "coordinator-pass", "coordinator");
    server.person("coord2@example.jp", null, "coordinator-pass", "coordinator");
    coord = server.signedIn("coord@example.jp", "coordinator-pass");
  }

  static JsonObject center(String code) {
    return new JsonObject().put("code", code).put("name", "名取市中央公民館").put("city", "名取市").put("prefecture", "宮城県");
  }

  Api.Res post(Api api, String key, JsonObject body) {
    api.get("/api/me");
    return api.send(HttpMethod.POST, "/api/centers", body.toBuffer(), "application/json", key);
  }

  @Test
  @DisplayName("the same Idempotency-Key and body twice: one center, the same answer replayed")
  void replay() {
    Api.Res first = post(coord, "k-1", center("idem-1"));
    Api.Res second = post(coord, "k-1", center("idem-1"));
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.json()).isEqualTo(first.json());
    assertThat(second.headers().get("Idempotent-Replayed")).isEqualTo("true");
    assertThat(server.sql("SELECT count(*) AS n FROM center WHERE code = 'idem-1'").iterator().next().getLong("n")).isEqualTo(1);
  }

  @Test
  @DisplayName("the same key with another body is a 422; a failed request frees its key for a corrected retry")
  void reuseAndRetry() {
    assertThat(post(coord, "k-2", center("idem-2")).status()).isEqualTo(201);
    Api.Res other = post(coord, "k-2", center("idem-3"));
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.errorCode()).isEqualTo("idempotency_key_reused");
    Api.Res bad = post(coord, "k-3", center("idem-4").put("prefecture", ""));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(post(coord, "k-3", center("idem-4").put("prefecture", "")).status()).as("a retry is not blocked").isEqualTo(422);
  }

  @Test
  @DisplayName("keys belong to a person: another coordinator's same key creates their own center")
  void perPerson() {
    Api other = server.signedIn("coord2@example.jp", "coordinator-pass");
    assertThat(post(coord, "shared", center("idem-5")).status()).isEqualTo(201);
    Api.Res theirs = post(other, "shared", center("idem-6"));
    assertThat(theirs.status()).isEqualTo(201);
    assertThat(theirs.json().getString("code")).isEqualTo("idem-6");
  }

  @Test
  @DisplayName("twenty simultaneous double clicks with one key create exactly one center")
  void concurrent() throws Exception {
    // Twenty browser tabs of one signed-in coordinator, each with its own CSRF token, clicking at once.
    List<Api> tabs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Api tab = server.api();
      tab.setCookie("kakehashi_session", coord.cookie("kakehashi_session"));
      tab.get("/api/me");
      tabs.add(tab);
    }
    List<CompletableFuture<Api.Res>> all = new ArrayList<>();
    for (Api tab : tabs) {
      all.add(CompletableFuture.supplyAsync(() -> tab.send(HttpMethod.POST, "/api/centers", center("idem-burst").toBuffer(),
          "application/json", "burst")));
    }
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<Api.Res> f : all) {
      statuses.add(f.get().status());
    }
    assertThat(statuses).isSubsetOf(201, 409).contains(201);
    assertThat(server.sql("SELECT count(*) AS n FROM center WHERE code = 'idem-burst'").iterator().next().getLong("n")).isEqualTo(1);
  }
}
