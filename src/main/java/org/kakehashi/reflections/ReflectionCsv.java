package org.kakehashi.reflections;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.kakehashi.platform.SpreadsheetCells;
import org.kakehashi.rounds.Round;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The export of a round's reflections: UTF-8 with a BOM (so Excel reads Japanese), one row per note the
 * viewer may read, one column per prompt. A cell that a spreadsheet would run as a formula (starting
 * with =, +, -, @, tab or CR) gets a leading apostrophe. Pure.
 */
public final class ReflectionCsv {

  /** 匿名: the author column of an anonymous note. */
  public static final String ANONYMOUS = "匿名";
  /** The cell of an anonymous answer not shown because its session holds too few anonymous notes. */
  public static final String WITHHELD = "（匿名のメモが少ないため非表示 / withheld: too few anonymous notes）";
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  /** One note as exported; {@code author} null for an anonymous note. */
  public record Row(long sessionId, OffsetDateTime startsAt, String center, String city, String partnerCity,
                    String topic, String room, String author, String visibility, Map<String, String> answers) {
  }

  private ReflectionCsv() {
  }

  public static byte[] write(List<Round.Label> prompts, List<Row> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    List<String> header = new ArrayList<>(List.of("セッション", "日時", "センター", "市区町村", "相手の市区町村", "テーマ", "ルーム",
        "記入者", "公開範囲"));
    prompts.forEach(p -> header.add(p.ja()));
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
         CSVPrinter csv = new CSVPrinter(w, CSVFormat.EXCEL)) {
      csv.printRecord(header.stream().map(ReflectionCsv::safe).toList());
      for (Row r : rows) {
        List<String> cells = new ArrayList<>(List.of(String.valueOf(r.sessionId()),
            r.startsAt().atZoneSameInstant(TOKYO).format(WHEN), nz(r.center()), nz(r.city()), nz(r.partnerCity()),
            nz(r.topic()), nz(r.room()), r.author() == null ? ANONYMOUS : r.author(), r.visibility()));
        prompts.forEach(p -> cells.add(nz(r.answers().get(p.key()))));
        csv.printRecord(cells.stream().map(ReflectionCsv::safe).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Neutralises formula injection (see {@link SpreadsheetCells#safe}). */
  static String safe(String cell) {
    return SpreadsheetCells.safe(cell);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
