package org.kakehashi.directory;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.kakehashi.platform.ApiError;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file from a coordinator's spreadsheet, decoded and keyed by column: the encoding is
 * detected (UTF-8 with or without BOM, UTF-16 with BOM, else Shift_JIS as Japanese Excel writes
 * it), and header names in English or Japanese map to one field name. Pure: no I/O.
 */
public record CsvTable(List<Row> rows) {

  /** One data row: its line in the file (the header is line 1) and its cells by field name. */
  public record Row(long line, Map<String, String> cells) {
    /** The trimmed cell, or null when the column is absent or the cell empty. */
    public String get(String field) {
      String v = cells.get(field);
      if (v == null) {
        return null;
      }
      v = v.strip();
      return v.isEmpty() ? null : v;
    }
  }

  /** A column: its field name and the header spellings that mean it. */
  public record Column(String field, boolean required, String... headers) {
  }

  private static final Charset SHIFT_JIS = Charset.forName("windows-31j");
  public static final int MAX_ROWS = 100_000;

  /** Decodes and parses {@code bytes}; a 422 lists missing or unknown columns. */
  public static CsvTable parse(byte[] bytes, List<Column> columns) {
    String text = decode(bytes);
    CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      var records = parser.iterator();
      if (!records.hasNext()) {
        throw new ApiError(422, "empty_file", "The file is empty: it needs a header row and at least one data row.", "file", null);
      }
      Map<Integer, String> fieldByIndex = header(records.next(), columns);
      List<Row> rows = new ArrayList<>();
      int[] breaks = lineBreaks(text);
      while (records.hasNext()) {
        CSVRecord record = records.next();
        long line = lineOf(breaks, record.getCharacterPosition());
        if (isBlank(record)) {
          continue;
        }
        if (rows.size() >= MAX_ROWS) {
          throw new ApiError(413, "too_many_rows", "A file may have at most " + MAX_ROWS + " rows.");
        }
        Map<String, String> cells = new HashMap<>();
        for (int i = 0; i < record.size(); i++) {
          String field = fieldByIndex.get(i);
          if (field != null) {
            cells.put(field, record.get(i));
          }
        }
        rows.add(new Row(line, cells));
      }
      return new CsvTable(rows);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      // The parser's own words (where it stopped), never a class name.
      throw new ApiError(422, "not_csv", "The file is not valid CSV: " + root.getMessage(), "file", null);
    }
  }

  /** Offsets of every line feed, to turn a record's character position into its line number. */
  private static int[] lineBreaks(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        n++;
      }
    }
    int[] breaks = new int[n];
    for (int i = 0, k = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        breaks[k++] = i;
      }
    }
    return breaks;
  }

  private static long lineOf(int[] breaks, long position) {
    int idx = java.util.Arrays.binarySearch(breaks, (int) position);
    return 1 + (idx >= 0 ? idx : -idx - 1);
  }

  private static Map<Integer, String> header(CSVRecord header, List<Column> columns) {
    Map<String, String> fieldByHeader = new HashMap<>();
    for (Column c : columns) {
      fieldByHeader.put(norm(c.field()), c.field());
      for (String h : c.headers()) {
        fieldByHeader.put(norm(h), c.field());
      }
    }
    Map<Integer, String> fieldByIndex = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i);
      if (norm(name).isEmpty()) {
        continue;
      }
      String field = fieldByHeader.get(norm(name));
      if (field == null) {
        unknown.add(name.strip());
      } else if (fieldByIndex.containsValue(field)) {
        throw new ApiError(422, "duplicate_column", "The column " + field + " appears twice in the header row.", field, null);
      } else {
        fieldByIndex.put(i, field);
      }
    }
    List<String> missing = columns.stream().filter(Column::required).map(Column::field)
        .filter(f -> !fieldByIndex.containsValue(f)).toList();
    if (!missing.isEmpty()) {
      throw new ApiError(422, "missing_columns", "Required column(s) missing from the header row: " + String.join(", ", missing)
          + (unknown.isEmpty() ? "" : " (unrecognised columns: " + String.join(", ", unknown) + ")"), missing.get(0),
          new io.vertx.core.json.JsonObject().put("columns", missing));
    }
    if (!unknown.isEmpty()) {
      throw new ApiError(422, "unknown_columns", "Unrecognised column(s) in the header row: " + String.join(", ", unknown), null,
          new io.vertx.core.json.JsonObject().put("columns", unknown));
    }
    return fieldByIndex;
  }

  /** Header names compare without case, spaces, underscores or a full-width/half-width difference. */
  private static String norm(String s) {
    return java.text.Normalizer.normalize(s == null ? "" : s, java.text.Normalizer.Form.NFKC)
        .replace("\uFEFF", "").replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
  }

  private static boolean isBlank(CSVRecord record) {
    for (String v : record) {
      if (v != null && !v.isBlank()) {
        return false;
      }
    }
    return true;
  }

  /** UTF-8 (BOM or not) when the bytes are valid UTF-8, UTF-16 with a BOM, else Shift_JIS (Windows-31J). */
  static String decode(byte[] bytes) {
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
      return strict(StandardCharsets.UTF_8, bytes, 3);
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
      return strict(StandardCharsets.UTF_16LE, bytes, 2);
    }
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
      return strict(StandardCharsets.UTF_16BE, bytes, 2);
    }
    String utf8 = tryDecode(StandardCharsets.UTF_8, bytes, 0);
    if (utf8 != null) {
      return utf8;
    }
    String sjis = tryDecode(SHIFT_JIS, bytes, 0);
    if (sjis != null) {
      return sjis;
    }
    throw new ApiError(422, "unknown_encoding", "The file's encoding was not recognised: save it as CSV UTF-8 or as CSV (Shift_JIS).", "file", null);
  }

  private static String strict(Charset charset, byte[] bytes, int offset) {
    String s = tryDecode(charset, bytes, offset);
    if (s == null) {
      throw new ApiError(422, "unknown_encoding", "The file claims to be " + charset.name() + " but contains invalid bytes.", "file", null);
    }
    return s;
  }

  private static String tryDecode(Charset charset, byte[] bytes, int offset) {
    try {
      return charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
