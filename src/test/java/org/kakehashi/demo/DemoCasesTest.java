package org.kakehashi.demo;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kakehashi.platform.Passwords;
import org.kakehashi.support.Api;
import org.kakehashi.support.TestServer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's cases: both centers of the held session (Natori and Matsue) have shared cases, so a staff
 * member of a third center finds them in the library by a word from inside a compound; upcoming sessions
 * have submitted and draft cases.
 */
class DemoCasesTest {

  @RegisterExtension
  static TestServer server = TestServer.demo();

  static final String PW = "demo-cases-password";

  @Test
  @DisplayName("the held Natori–Matsue session's cases are in the library for a third center; upcoming sessions have drafts")
  void demoCases() {
    long held = server.sql("SELECT id FROM session WHERE status = 'held'").iterator().next().getLong("id");
    var cities = server.sql("SELECT string_agg(ce.city, ',' ORDER BY ce.city) AS c FROM case_study c JOIN center ce ON ce.id = c.center_id"
        + " WHERE c.session_id = $1 AND c.shared_at IS NOT NULL", held).iterator().next().getString("c");
    assertThat(cities).contains("名取市").contains("松江市");
    assertThat(server.sql("SELECT count(*) FROM case_study WHERE status = 'draft'").iterator().next().getLong(0)).isPositive();

    String third = server.sql("SELECT p.email::text AS e FROM person p JOIN center ce ON ce.id = p.center_id"
        + " WHERE ce.city NOT IN ('名取市', '松江市') ORDER BY p.id LIMIT 1").iterator().next().getString("e");
    server.sql("UPDATE person SET password_hash = $1 WHERE email = $2", Passwords.hashNow(PW), third);
    Api api = server.signedIn(third, PW);
    var found = api.get("/api/library?q=" + URLEncoder.encode("名取", StandardCharsets.UTF_8)).json().getJsonArray("cases");
    assertThat(found).isNotEmpty();
    JsonObject first = found.getJsonObject(0);
    assertThat(first.getJsonObject("center").getString("city")).isEqualTo("名取市");
    // A word from inside a compound of the texts (避難所運営, 多文化共生, 放課後子ども教室, 高齢者サロン).
    long inside = 0;
    for (String w : new String[] {"避難所", "多文化", "子ども", "サロン"}) {
      inside += api.get("/api/library?q=" + URLEncoder.encode(w, StandardCharsets.UTF_8)).json().getJsonArray("cases").size();
    }
    assertThat(inside).isPositive();
    assertThat(api.get("/api/cases/" + first.getLong("id")).status()).isEqualTo(200);
  }
}
