package org.kakehashi.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import org.kakehashi.platform.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A benchmark's table on stdout and its JSON under {@code target/bench/}. */
final class BenchReport {

  private final String name;
  private final String[] columns;
  private final List<Object[]> rows = new ArrayList<>();

  BenchReport(String name, String... columns) {
    this.name = name;
    this.columns = columns;
  }

  void row(Object... values) {
    rows.add(values);
    System.out.println(name + ": " + String.join(" | ", java.util.Arrays.stream(values).map(String::valueOf).toList()));
  }

  /** Prints the table and writes {@code target/bench/<name>.json}. */
  void finish() {
    StringBuilder sb = new StringBuilder("\n== " + name + " ==\n");
    int[] width = new int[columns.length];
    for (int c = 0; c < columns.length; c++) {
      width[c] = columns[c].length();
      for (Object[] r : rows) {
        width[c] = Math.max(width[c], String.valueOf(r[c]).length());
      }
    }
    for (int c = 0; c < columns.length; c++) {
      sb.append(String.format("%-" + (width[c] + 2) + "s", columns[c]));
    }
    sb.append('\n');
    for (Object[] r : rows) {
      for (int c = 0; c < columns.length; c++) {
        sb.append(String.format("%-" + (width[c] + 2) + "s", r[c]));
      }
      sb.append('\n');
    }
    System.out.println(sb);
    List<java.util.Map<String, Object>> json = new ArrayList<>();
    for (Object[] r : rows) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      for (int c = 0; c < columns.length; c++) {
        m.put(columns[c], r[c]);
      }
      json.add(m);
    }
    write(name + ".json", java.util.Map.of("benchmark", name, "rows", json));
  }

  static void write(String file, Object value) {
    try {
      Path dir = Path.of("target", "bench");
      Files.createDirectories(dir);
      Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(file).toFile(), value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
