package org.kakehashi.directory;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import static org.assertj.core.api.Assertions.assertThat;

class FirstCoordinatorTest {

  @Nested
  class WithoutAdminSettings {

    @RegisterExtension
    static TestServer server = new TestServer();

    @Test
    @DisplayName("with no coordinator and no admin settings, the printed one-time link creates the first coordinator")
    void setupLink() {
      String token = server.app().setupToken();
      assertThat(token).isNotNull();
      assertThat(server.count("person")).isZero();
      Api browser = server.api();
      JsonObject status = browser.get("/api/invitations/" + token).json();
      assertThat(status.getBoolean("setup")).isTrue();
      Api.Res res = browser.post("/api/invitations/" + token + "/accept", new JsonObject()
          .put("email", "kanri@npo.example.jp").put("name", "事務局 山田").put("password", "first-heron-canyon-9"));
      assertThat(res.status()).isEqualTo(200);
      assertThat(browser.get("/api/me").json().getJsonArray("roles")).containsExactly("coordinator");
      assertThat(server.api().post("/api/invitations/" + token + "/accept", new JsonObject()
          .put("email", "evil@example.jp").put("password", "second-badger-glacier")).status()).isEqualTo(410);
      assertThat(server.count("person")).isEqualTo(1);
    }
  }

  @Nested
  class WithAdminSettings {

    @RegisterExtension
    static TestServer server = new TestServer(json -> json.put("admin",
        new JsonObject().put("email", "admin@npo.example.jp").put("password", "env-puffin-savanna-4")));

    @Test
    @DisplayName("KAKEHASHI_ADMIN_EMAIL and _PASSWORD create the first coordinator, and no set-up link is printed")
    void fromEnvironment() {
      assertThat(server.app().setupToken()).isNull();
      Api api = server.signedIn("admin@npo.example.jp", "env-puffin-savanna-4");
      assertThat(api.get("/api/me").json().getJsonArray("roles")).containsExactly("coordinator");
      assertThat(server.count("invitation")).isZero();
    }
  }
}
