package org.kakehashi.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Problems;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The centers CSV of API.md: its columns (English or Japanese headers) and the rules of each row. Pure. */
public final class CenterCsv {

  static final List<CsvTable.Column> COLUMNS = List.of(
      new CsvTable.Column("code", true, "コード", "センターコード"),
      new CsvTable.Column("name", true, "名称", "センター名", "施設名"),
      new CsvTable.Column("city", true, "市区町村"),
      new CsvTable.Column("prefecture", true, "都道府県"),
      new CsvTable.Column("region", false, "地方"),
      new CsvTable.Column("time_zone", false, "タイムゾーン", "timezone"),
      new CsvTable.Column("latitude", false, "緯度"),
      new CsvTable.Column("longitude", false, "経度"),
      new CsvTable.Column("topics", false, "関心テーマ"),
      new CsvTable.Column("languages", false, "言語"),
      new CsvTable.Column("contact_email", false, "連絡先メール"));

  private CenterCsv() {
  }

  /** Every row as a validated center, or a 422 listing every problem by line and field. */
  public static List<CenterInput> read(byte[] file) {
    CsvTable table = CsvTable.parse(file, COLUMNS);
    if (table.rows().isEmpty()) {
      throw new ApiError(422, "no_rows", "The file has a header row but no data rows.", "file", null);
    }
    List<CenterInput> centers = new ArrayList<>();
    JsonArray errors = new JsonArray();
    Map<String, Long> lineByCode = new HashMap<>();
    for (CsvTable.Row row : table.rows()) {
      Problems p = new Problems();
      CenterInput c = new CenterInput(row.get("code"), row.get("name"), row.get("city"), row.get("prefecture"),
          row.get("region"), row.get("time_zone"), number(p, "latitude", row.get("latitude")),
          number(p, "longitude", row.get("longitude")), list(row.get("topics")), list(row.get("languages")),
          row.get("contact_email")).validated(p);
      if (c.code() != null) {
        Long earlier = lineByCode.putIfAbsent(c.code(), row.line());
        if (earlier != null) {
          p.add("code", "duplicate", "The code " + c.code() + " is also on line " + earlier + ".");
        }
      }
      for (Problems.Problem problem : p.list()) {
        errors.add(new JsonObject().put("line", row.line()).put("field", csvName(problem.field()))
            .put("code", problem.code())
            .put("message", problem.message()));
      }
      centers.add(c);
    }
    if (!errors.isEmpty()) {
      throw ApiError.rows("Nothing was imported: " + errors.size() + " problem(s) in the file.", errors);
    }
    return centers;
  }

  /** A {@code ;}-separated list cell (full-width ； and 、 accepted too). */
  static List<String> list(String cell) {
    if (cell == null) {
      return List.of();
    }
    return Arrays.stream(cell.split("[;；、]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  static Double number(Problems p, String field, String cell) {
    if (cell == null) {
      return null;
    }
    try {
      return Double.parseDouble(java.text.Normalizer.normalize(cell, java.text.Normalizer.Form.NFKC));
    } catch (NumberFormatException e) {
      p.add(field, "not_a_number", "Not a number: " + cell);
      return null;
    }
  }

  private static String csvName(String field) {
    return switch (field) {
      case "timeZone" -> "time_zone";
      case "contactEmail" -> "contact_email";
      default -> field;
    };
  }
}
