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
 * The people CSV (README "CSV files"): its columns and the rules of each row. Pure; whether each center code
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
          CenterCsv.list(row.get("roles")), row.get("locale")).validated(p);
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

  /** Adds a problem for every row whose center code is not in {@code existing}. */
  public static void unknownCenters(Result result, Set<String> existing) {
    result.linesByCenter().forEach((code, lines) -> {
      if (!existing.contains(code)) {
        for (Long line : lines) {
          result.errors().add(new JsonObject().put("line", line).put("field", "center_code")
              .put("code", "unknown_center").put("message", "No center has the code " + code + " (import the centers first)."));
        }
      }
    });
  }
}
