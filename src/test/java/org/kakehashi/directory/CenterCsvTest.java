package org.kakehashi.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kakehashi.platform.ApiError;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CenterCsvTest {

  static final String JAPANESE = """
      コード,名称,市区町村,都道府県,関心テーマ,緯度,経度,休館日
      natori-1,名取市館腰公民館,名取市,宮城県,防災;子育て支援,38.171,140.891,月
      matsue-1,"松江市立 中央公民館, 本館",松江市,島根県,多文化共生,35.468,133.048,
      """;

  private static byte[] withBom(String s) {
    byte[] body = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[body.length + 3];
    out[0] = (byte) 0xEF;
    out[1] = (byte) 0xBB;
    out[2] = (byte) 0xBF;
    System.arraycopy(body, 0, out, 3, body.length);
    return out;
  }

  @Test
  @DisplayName("Japanese headers in UTF-8 with a BOM, quoted commas and ;-lists are read as written")
  void utf8WithBom() {
    List<CenterInput> centers = CenterCsv.read(withBom(JAPANESE));
    assertThat(centers).hasSize(2);
    CenterInput natori = centers.get(0);
    assertThat(natori.code()).isEqualTo("natori-1");
    assertThat(natori.name()).isEqualTo("名取市館腰公民館");
    assertThat(natori.topics()).containsExactly("防災", "子育て支援");
    assertThat(natori.latitude()).isEqualTo(38.171);
    assertThat(natori.region()).as("region filled in from the prefecture").isEqualTo("東北");
    assertThat(natori.timeZone()).isEqualTo("Asia/Tokyo");
    assertThat(natori.languages()).containsExactly("ja");
    assertThat(natori.closedWeekdays()).containsExactly(1);
    assertThat(centers.get(1).name()).isEqualTo("松江市立 中央公民館, 本館");
    assertThat(centers.get(1).region()).isEqualTo("中国");
  }

  @Test
  @DisplayName("the same file saved by Excel as Shift_JIS reads the same as UTF-8")
  void shiftJis() {
    byte[] sjis = JAPANESE.replace("\n", "\r\n").getBytes(Charset.forName("windows-31j"));
    assertThat(CenterCsv.read(sjis)).isEqualTo(CenterCsv.read(JAPANESE.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("English headers in any order, without BOM")
  void englishHeaders() {
    String csv = "prefecture,city,name,code,time_zone,languages,closed_weekdays\n"
        + "Shimane,Matsue,Matsue Center,m-1,Europe/London,en;ja,mon;Sunday\n";
    CenterInput c = CenterCsv.read(csv.getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(c.closedWeekdays()).containsExactly(1, 7);
    assertThat(c.code()).isEqualTo("m-1");
    assertThat(c.timeZone()).isEqualTo("Europe/London");
    assertThat(c.languages()).containsExactly("en", "ja");
    assertThat(c.region()).isEqualTo("中国");
  }

  @Test
  @DisplayName("a missing required column is named")
  void missingColumn() {
    ApiError e = catchThrowableOfType(ApiError.class,
        () -> CenterCsv.read("code,name,city\nx,y,z\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.getMessage()).contains("prefecture");
  }

  @Test
  @DisplayName("every bad row is listed by line and field, and nothing is returned")
  void everyProblemListed() {
    String csv = """
        code,name,city,prefecture,latitude,contact_email,time_zone
        a-1,Good,名取市,宮城県,38.1,a@example.jp,Asia/Tokyo
        a-2,,名取市,宮城県,north,not-an-email,Mars/Base
        a-1,Again,松江市,島根県,,,
        """;
    ApiError e = catchThrowableOfType(ApiError.class, () -> CenterCsv.read(csv.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.status()).isEqualTo(422);
    JsonArray rows = e.toJson().getJsonObject("error").getJsonArray("rows");
    assertThat(rows.stream().map(o -> ((JsonObject) o).getLong("line") + ":" + ((JsonObject) o).getString("field")))
        .containsExactlyInAnyOrder("3:name", "3:latitude", "3:contact_email", "3:time_zone", "4:code");
  }

  @Test
  @DisplayName("a cell with an embedded line break keeps later line numbers right")
  void lineNumbersWithEmbeddedNewline() {
    String csv = "code,name,city,prefecture\n"
        + "a-1,\"Two\nlines\",名取市,宮城県\n"
        + "a-2,Fine,名取市,\n";
    ApiError e = catchThrowableOfType(ApiError.class, () -> CenterCsv.read(csv.getBytes(StandardCharsets.UTF_8)));
    JsonArray rows = e.toJson().getJsonObject("error").getJsonArray("rows");
    assertThat(rows.stream().map(o -> ((JsonObject) o).getLong("line") + ":" + ((JsonObject) o).getString("field")))
        .as("a name must be one line; the next record starts on line 4")
        .containsExactly("2:name", "4:prefecture");
  }

  @Test
  @DisplayName("bytes that are neither UTF-8 nor Shift_JIS are refused with a clear message")
  void unknownEncoding() {
    byte[] junk = {(byte) 0x80, (byte) 0xFF, (byte) 0xFD, 0x0A};
    ApiError e = catchThrowableOfType(ApiError.class, () -> CenterCsv.read(junk));
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.getMessage()).contains("encoding");
  }
}
