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

/** The centers CSV (README "CSV files"): its columns (English or Japanese headers) and the rules of each row. Pure. */
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
      new CsvTable.Column("contact_email", false, "連絡先メール"),
      new CsvTable.Column("closed_weekdays", false, "休館日", "closed"));

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
          row.get("contact_email"), weekdays(p, row.get("closed_weekdays"))).validated(p);
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

  private static final List<String> JA_DAYS = List.of("月", "火", "水", "木", "金", "土", "日");
  private static final List<String> EN_DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** Closing weekdays written as 月;火, mon;tue or 1;2 (ISO: 1 = Monday). */
  static List<Integer> weekdays(Problems p, String cell) {
    List<Integer> out = new java.util.ArrayList<>();
    for (String d : list(cell)) {
      String v = d.strip().toLowerCase(java.util.Locale.ROOT).replace("曜日", "").replace("曜", "");
      int i = JA_DAYS.indexOf(v);
      if (i < 0 && v.length() >= 3) {
        i = EN_DAYS.indexOf(v.substring(0, 3));
      }
      if (i >= 0) {
        out.add(i + 1);
      } else if (v.matches("[1-7]")) {
        out.add(Integer.parseInt(v));
      } else {
        p.add("closedWeekdays", "not_a_weekday", "Not a weekday: " + d + " (use 月;火, mon;tue or 1;2).");
      }
    }
    return out;
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
      case "closedWeekdays" -> "closed_weekdays";
      default -> field;
    };
  }
}
