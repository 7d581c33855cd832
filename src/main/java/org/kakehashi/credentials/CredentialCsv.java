package org.kakehashi.credentials;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.kakehashi.platform.SpreadsheetCells;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A round's credentials for the municipality (pure): UTF-8 with a BOM (so Excel reads Japanese), one
 * row per credential, cells a spreadsheet would run as formulas neutralised — as every CSV we write.
 */
public final class CredentialCsv {

  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private CredentialCsv() {
  }

  static byte[] write(List<CredentialStore.Listed> rows, String verifyBase) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
         CSVPrinter csv = new CSVPrinter(w, CSVFormat.EXCEL)) {
      csv.printRecord(List.of("証明ID", "セッション", "日時", "氏名", "センター", "市区町村", "種類", "発行日時", "状態",
          "失効日時", "失効理由", "検証ページ"));
      for (CredentialStore.Listed r : rows) {
        OpenBadge.Kind kind = OpenBadge.Kind.of(r.achievement());
        csv.printRecord(List.of(r.id().toString(), String.valueOf(r.sessionId()), when(r.startsAt()),
            r.personName(), nz(r.centerName()), nz(r.city()), kind == null ? r.achievement() : kind.ja,
            when(r.issuedAt()), r.revokedAt() == null ? "有効" : "失効", when(r.revokedAt()), nz(r.revokeReason()),
            verifyBase + r.id()).stream().map(SpreadsheetCells::safe).toList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String when(OffsetDateTime t) {
    return t == null ? "" : t.atZoneSameInstant(TOKYO).format(WHEN);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
