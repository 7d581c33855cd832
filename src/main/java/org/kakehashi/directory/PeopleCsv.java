package org.kakehashi.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Problems;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The people CSV of the README ("CSV files"): its columns and the rules of each row. Pure; whether each center code
 * exists is checked afterwards against the database with {@link #unknownCenters}.
 */
public final class PeopleCsv {

  static final List<CsvTable.Column> COLUMNS = List.of(
      new CsvTable.Column("email", true, "メール", "メールアドレス", "e-mail"),
      new CsvTable.Column("name", true, "氏名", "名前"),
      new CsvTable.Column("center_code", false, "センターコード"),
      new CsvTable.Column("roles", false, "役割"),
      new CsvTable.Column("locale", false, "言語"));

  /** The validated rows, every problem found so far, and the lines naming each center code. */
  public record Result(List<PersonStore.Imported> people, JsonArray errors, Map<String, List<Long>> linesByCenter) {
  }

  private PeopleCsv() {
  }

  public static Result read(byte[] file) {
    CsvTable table = CsvTable.parse(file, COLUMNS);
    if (table.rows().isEmpty()) {
      throw new ApiError(422, "no_rows", "The file has a header row but no data rows.", "file", null);
    }
    List<PersonStore.Imported> people = new ArrayList<>();
    JsonArray errors = new JsonArray();
    Map<String, Long> lineByEmail = new HashMap<>();
    Map<String, List<Long>> linesByCenter = new LinkedHashMap<>();
    for (CsvTable.Row row : table.rows()) {
      Problems p = new Problems();
      PersonInput in = new PersonInput(row.get("email"), row.get("name"), null,
          CenterCsv.list(row.get("roles")).stream().map(PeopleCsv::roleKey).toList(), row.get("locale")).validated(p);
      if (in.email() != null) {
        Long earlier = lineByEmail.putIfAbsent(in.email().toLowerCase(Locale.ROOT), row.line());
        if (earlier != null) {
          p.add("email", "duplicate", "The e-mail " + in.email() + " is also on line " + earlier + ".");
        }
      }
      String center = p.line("center_code", row.get("center_code"), 64, false);
      if (center != null) {
        linesByCenter.computeIfAbsent(center, k -> new ArrayList<>()).add(row.line());
      }
      for (Problems.Problem problem : p.list()) {
        errors.add(new JsonObject().put("line", row.line()).put("field", problem.field()).put("code", problem.code())
            .put("message", problem.message()));
      }
      people.add(new PersonStore.Imported(in.email(), in.name(), center, in.roles(), in.locale()));
    }
    return new Result(people, errors, linesByCenter);
  }

  /**
   * Role names as the member list shows them in Japanese are accepted too (README, "CSV files"):
   * 職員, 進行役 or ファシリテーター, コーディネーター or 事務局; anything else is left for the check.
   */
  static final Map<String, String> JAPANESE_ROLES = Map.of("職員", "staff", "スタッフ", "staff", "進行役", "facilitator",
      "ファシリテーター", "facilitator", "コーディネーター", "coordinator", "事務局", "coordinator");

  static String roleKey(String name) {
    return name == null ? null : JAPANESE_ROLES.getOrDefault(name.strip(), name);
  }

  /** Adds a problem for every row whose center code is not in {@code existing}. */
  public static void unknownCenters(Result result, Set<String> existing) {
    result.linesByCenter().forEach((code, lines) -> {
      if (!existing.contains(code)) {
        for (Long line : lines) {
          result.errors().add(new JsonObject().put("line", line).put("field", "center_code")
              .put("code", "unknown_center").put("value", code)
              .put("message", "No center has the code " + code + " (import the centers first)."));
        }
      }
    });
  }
}
