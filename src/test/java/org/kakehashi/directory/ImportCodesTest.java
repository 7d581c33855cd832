package org.kakehashi.directory;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16: the CSV import speaks the UI's language. The API keeps stable codes; every code a row or a
 * refused file can carry (read from the sources, so a new one cannot slip by) is listed in the import
 * view and has a string in ja.json and en.json. Role names as the member list shows them are accepted.
 */
class ImportCodesTest {

  static final Path MAIN = Path.of("src/main/java/org/kakehashi");
  static final Path VIEW = Path.of("web/js/views/import.js");

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Set<String> all(Pattern pattern, String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static List<Path> sources() throws IOException {
    List<Path> files = new ArrayList<>(List.of(MAIN.resolve("platform/Problems.java")));
    try (Stream<Path> s = Files.list(MAIN.resolve("directory"))) {
      s.filter(p -> p.getFileName().toString().matches("(CsvTable|CenterCsv|PeopleCsv|CenterInput|PersonInput)\\.java"))
          .forEach(files::add);
    }
    return files;
  }

  @Test
  @DisplayName("every row and file code of the import has a string in both languages (no English inside the Japanese UI)")
  void everyCodeTranslated() throws IOException {
    Set<String> rowCodes = new TreeSet<>();
    Set<String> fileCodes = new TreeSet<>();
    for (Path p : sources()) {
      String src = read(p);
      rowCodes.addAll(all(Pattern.compile("\\badd\\([^,()]+(?:\\([^)]*\\))?,\\s*\"([a-z_]+)\""), src));
      rowCodes.addAll(all(Pattern.compile("put\\(\"code\",\\s*\"([a-z_]+)\"\\)"), src));
      fileCodes.addAll(all(Pattern.compile("new ApiError\\(\\d+,\\s*\"([a-z_]+)\""), src));
    }
    assertThat(rowCodes).as("codes found in the sources").contains("required", "unknown_center", "unknown_role", "duplicate");
    assertThat(fileCodes).contains("missing_columns", "not_csv");

    String view = read(VIEW);
    Set<String> listedRows = all(Pattern.compile("'([a-z_]+)'"), section(view, "ROW_CODES"));
    Set<String> listedFiles = all(Pattern.compile("'([a-z_]+)'"), section(view, "FILE_CODES"));
    assertThat(listedRows).as("ROW_CODES in import.js").containsAll(rowCodes);
    assertThat(listedFiles).as("FILE_CODES in import.js").containsAll(fileCodes);

    for (String lang : List.of("ja", "en")) {
      JsonObject strings = new JsonObject(read(Path.of("web/i18n/" + lang + ".json")));
      List<String> missing = new ArrayList<>();
      listedRows.forEach(c -> {
        if (!strings.containsKey("import.problem." + c)) {
          missing.add("import.problem." + c);
        }
      });
      listedFiles.forEach(c -> {
        if (!strings.containsKey("import.error." + c)) {
          missing.add("import.error." + c);
        }
      });
      assertThat(missing).as("untranslated import codes in " + lang + ".json").isEmpty();
    }
  }

  private static String section(String view, String name) {
    int start = view.indexOf("export const " + name + " = [");
    assertThat(start).as(name + " in import.js").isGreaterThanOrEqualTo(0);
    return view.substring(start, view.indexOf("];", start));
  }

  @Test
  @DisplayName("Japanese role names (職員, 進行役, コーディネーター) are read as the roles the member list shows")
  void japaneseRoles() {
    String csv = "メール,氏名,センターコード,役割\r\n"
        + "a@example.jp,佐藤 花子,natori-1,職員\r\n"
        + "b@example.jp,田中 太郎,,進行役;コーディネーター\r\n"
        + "c@example.jp,鈴木 明,,ファシリテーター\r\n"
        + "d@example.jp,高橋 健,,館長\r\n";
    PeopleCsv.Result r = PeopleCsv.read(csv.getBytes(Charset.forName("windows-31j")));
    assertThat(r.people().get(0).roles()).containsExactly("staff");
    assertThat(r.people().get(1).roles()).containsExactly("facilitator", "coordinator");
    assertThat(r.people().get(2).roles()).containsExactly("facilitator");
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().getJsonObject(0).getString("code")).isEqualTo("unknown_role");
    assertThat(r.errors().getJsonObject(0).getLong("line")).isEqualTo(5);
    PeopleCsv.unknownCenters(r, Set.of());
    JsonObject unknown = r.errors().getJsonObject(1);
    assertThat(unknown.getString("code")).isEqualTo("unknown_center");
    assertThat(unknown.getString("value")).isEqualTo("natori-1");
  }
}
