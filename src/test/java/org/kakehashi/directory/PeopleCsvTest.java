package org.kakehashi.directory;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PeopleCsvTest {

  @Test
  @DisplayName("Japanese headers in Shift_JIS: roles and language default to staff and ja")
  void japaneseShiftJis() {
    String csv = "メール,氏名,センターコード,役割,言語\r\n"
        + "sato@example.jp,佐藤 花子,natori-1,,\r\n"
        + "tanaka@example.jp,田中 太郎,matsue-1,staff;facilitator,en\r\n";
    PeopleCsv.Result r = PeopleCsv.read(csv.getBytes(Charset.forName("windows-31j")));
    assertThat(r.errors()).isEmpty();
    assertThat(r.people()).extracting(PersonStore.Imported::name).containsExactly("佐藤 花子", "田中 太郎");
    assertThat(r.people().get(0).roles()).containsExactly("staff");
    assertThat(r.people().get(0).locale()).isEqualTo("ja");
    assertThat(r.people().get(1).roles()).containsExactly("staff", "facilitator");
    assertThat(r.people().get(1).locale()).isEqualTo("en");
  }

  @Test
  @DisplayName("the same e-mail twice (in any case) is reported on the second line")
  void duplicateEmail() {
    String csv = "email,name\nsato@example.jp,A\nSATO@example.jp,B\n";
    PeopleCsv.Result r = PeopleCsv.read(csv.getBytes(StandardCharsets.UTF_8));
    assertThat(r.errors()).hasSize(1);
    JsonObject e = r.errors().getJsonObject(0);
    assertThat(e.getLong("line")).isEqualTo(3);
    assertThat(e.getString("field")).isEqualTo("email");
    assertThat(e.getString("message")).contains("line 2");
  }

  @Test
  @DisplayName("an unknown role, a bad locale and an unknown center code are each reported")
  void badValues() {
    String csv = "email,name,center_code,roles,locale\na@example.jp,A,nowhere-1,chief,fr\n";
    PeopleCsv.Result r = PeopleCsv.read(csv.getBytes(StandardCharsets.UTF_8));
    PeopleCsv.unknownCenters(r, Set.of("natori-1"));
    assertThat(r.errors().stream().map(o -> ((JsonObject) o).getString("field")))
        .containsExactlyInAnyOrder("roles", "locale", "center_code");
  }
}
