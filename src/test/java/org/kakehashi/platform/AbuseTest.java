package org.kakehashi.platform;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The privacy and abuse promises of the README's "Security" section, tried as an attacker would:
 * searches that would read a hidden field, control characters and spoofed names, malformed addresses.
 */
class AbuseTest {

  @RegisterExtension
  static TestServer server = new TestServer();

  static Api coord;
  static Api staff;
  static long center;

  @BeforeAll
  static void seed() {
    coord = server.coordinator();
    center = server.center("ab-1", "名取市");
    server.person("abuse-staff@example.jp", center, "staff-password-1");
    long colleague = server.person("zq.secret.colleague@hidden-domain.example.jp", center, "colleague-password");
    server.sql("UPDATE person SET name = 'テスト 同僚' WHERE id = $1", colleague);
    staff = server.signedIn("abuse-staff@example.jp", "staff-password-1");
  }

  @Test
  @DisplayName("staff searching people match names only: an e-mail fragment finds nobody (coordinators still find it)")
  void searchOnlyWhatOneSees() {
    Api.Res byStaff = staff.get("/api/people?q=hidden-domain");
    assertThat(byStaff.status()).isEqualTo(200);
    assertThat(byStaff.json().getLong("total")).isZero();
    assertThat(staff.get("/api/people?q=zq.secret").json().getLong("total")).isZero();
    // One character at a time: no single letter of the address alone narrows the list below the names' own matches.
    long byName = staff.get("/api/people?q=%E3%83%86%E3%82%B9%E3%83%88").json().getLong("total"); // テスト
    assertThat(byName).isEqualTo(2);
    assertThat(coord.get("/api/people?q=hidden-domain").json().getLong("total")).isEqualTo(1);
  }

  @Test
  @DisplayName("a NUL or other control character anywhere in a body or query is a 422 invalid, the Zoom e-mail included")
  void controlCharacters() {
    String before = FuzzTest.fingerprintOf(server);
    for (String bad : List.of("a\u0000b@example.jp", "x\u0007y", "\u001b[31m", "a\u007fb", "\ud800", "\u0085z")) {
      Api.Res zoom = staff.put("/api/sessions/1/registrations/me/zoom-email", new JsonObject().put("email", bad));
      assertThat(zoom.status()).as("zoom e-mail %s", bad).isEqualTo(422);
      assertThat(zoom.errorCode()).isEqualTo("invalid");
      assertThat(zoom.json().getJsonObject("error").getString("field")).isEqualTo("email");
      assertThat(coord.post("/api/centers", new JsonObject().put("code", "cc-" + bad).put("name", "N").put("city", "名取市")
          .put("prefecture", "宮城県")).status()).isEqualTo(422);
      assertThat(coord.put("/api/sessions/1/reflections/me", new JsonObject()
          .put("answers", new JsonObject().put("learned" + bad, "ok")).put("visibility", "network")).status()).isEqualTo(422);
      assertThat(coord.post("/api/rounds", new JsonObject().put("title", "T").put("topics", new JsonArray().add(bad)))
          .status()).isEqualTo(422);
    }
    Api.Res query = coord.get("/api/people?q=a%00b");
    assertThat(query.status()).isEqualTo(422);
    assertThat(query.errorCode()).isEqualTo("invalid");
    assertThat(coord.get("/api/centers?q=%00").status()).isEqualTo(422);
    // Tabs and line breaks are text, not control: a multi-line field keeps them.
    assertThat(Json.hasControlCharacter("一行目\n二行目\tと\r\n")).isFalse();
    assertThat(FuzzTest.fingerprintOf(server)).isEqualTo(before);
  }

  @Test
  @DisplayName("names with right-to-left overrides, direction marks or nothing visible are refused; ordinary names pass")
  void spoofedNames() {
    for (String bad : List.of("佐藤\u202Egnp.exe", "\u2067admin\u2069", "Tanaka\u200F", "\u200B\u200B", "\u3164", "\u3000 \u200D",
        "\u2800\u2800")) {
      Api.Res me = staff.patch("/api/me", new JsonObject().put("name", bad));
      assertThat(me.status()).as("name %s", bad.codePoints().mapToObj(Integer::toHexString).toList()).isEqualTo(422);
      assertThat(me.errorCode()).isEqualTo("invalid");
      assertThat(coord.post("/api/people", new JsonObject().put("email", "spoof@example.jp").put("name", bad)
          .put("centerId", center)).status()).isEqualTo(422);
    }
    for (String good : List.of("佐藤 花子", "José Ñúñez", "김민준", "Nguyễn Văn An", "محمد", "👩‍🌾 Hana")) {
      assertThat(staff.patch("/api/me", new JsonObject().put("name", good)).status()).as("name %s", good).isEqualTo(200);
    }
    assertThat(staff.patch("/api/me", new JsonObject().put("name", "テスト abuse-staff")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("e-mail fields take only the address form SMTP and Zoom accept")
  void emailForm() {
    for (String bad : List.of("a\"b,c@example.jp", "\"quoted\"@example.jp", "a b@example.jp", "a..b@example.jp", ".a@example.jp",
        "a.@example.jp", "a@b@example.jp", "a@example", "a@-x.example.jp", "a@x_y.example.jp", "<a@example.jp>",
        "a@example.jp,b@example.jp", "a(comment)@example.jp", "あ@example.jp", "a@example.jp.", "x".repeat(65) + "@example.jp")) {
      assertThat(Problems.isEmailAddress(bad)).as(bad).isFalse();
      Api.Res zoom = staff.put("/api/sessions/1/registrations/me/zoom-email", new JsonObject().put("email", bad));
      assertThat(zoom.status()).as("zoom e-mail %s", bad).isEqualTo(422);
      assertThat(coord.post("/api/people", new JsonObject().put("email", bad).put("name", "N").put("centerId", center))
          .status()).as("person e-mail %s", bad).isEqualTo(422);
    }
    for (String good : List.of("hanako.sato@example.jp", "o'brien+zoom@mail.example.co.jp", "a@xn--eckwd4c7c.xn--zckzah",
        "staff@名取市.jp", "A_B-c@EXAMPLE.JP")) {
      assertThat(Problems.isEmailAddress(good)).as(good).isTrue();
    }
  }

  @Test
  @DisplayName("new passwords: under 12 characters, common, breached-list, keyboard-row, repeated or one's own name are refused; passphrases pass")
  void weakPasswords() {
    Api api = server.signedIn("abuse-staff@example.jp", "staff-password-1");
    for (String weak : List.of("12345678", "1234567890ab", "password1234", "qwertyuiop12", "iloveyou1234", "abcabcabcabc",
        "aaaaaaaaaaaaaaaa", "abuse-staff-2026", "kakehashi-2026", "Password123!", "P@ssw0rd1234")) {
      Api.Res res = api.put("/api/me/password", new JsonObject().put("currentPassword", "staff-password-1").put("newPassword", weak));
      assertThat(res.status()).as(weak).isEqualTo(422);
      assertThat(res.json().getJsonObject("error").getString("field")).isEqualTo("newPassword");
    }
    Api.Res tooShort = api.put("/api/me/password", new JsonObject().put("currentPassword", "staff-password-1")
        .put("newPassword", "Zq8#vLp2!w"));
    assertThat(tooShort.json().getJsonObject("error").getString("message")).startsWith("The password must have at least 12");
    Api.Res common = api.put("/api/me/password", new JsonObject().put("currentPassword", "staff-password-1")
        .put("newPassword", "password1234"));
    assertThat(common.json().getJsonObject("error").getString("message")).startsWith("The password is too easy to guess");
    assertThat(common.json().getJsonObject("error").getJsonArray("problems").getJsonObject(0).getString("code"))
        .isEqualTo("weak_password");
    // None of those changed anything: the old password still signs in.
    assertThat(server.signedIn("abuse-staff@example.jp", "staff-password-1")).isNotNull();
  }

  @Test
  @DisplayName("the current password on a password change is throttled like sign-in: the 6th guess is a 429 unchecked, even when right")
  void currentPasswordThrottled() {
    long center2 = server.center("ab-2", "岩沼市");
    server.person("change-guess@example.jp", center2, "change-guess-right-1");
    Api api = server.signedIn("change-guess@example.jp", "change-guess-right-1");
    JsonObject wrong = new JsonObject().put("currentPassword", "not-it").put("newPassword", "glacier-otter-bramble-41");
    for (int i = 0; i < 5; i++) {
      assertThat(api.put("/api/me/password", wrong).status()).isEqualTo(422);
    }
    Api.Res sixth = api.put("/api/me/password", wrong.copy().put("currentPassword", "change-guess-right-1"));
    assertThat(sixth.status()).isEqualTo(429);
    assertThat(sixth.headers().get("Retry-After")).isNotNull();
    assertThat(server.signedIn("change-guess@example.jp", "change-guess-right-1")).as("the password is unchanged").isNotNull();
  }
}
