package org.kakehashi.rooms;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.kakehashi.platform.SpreadsheetCells;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Zoom's breakout-room pre-assignment CSV: header {@code Pre-assign Room Name,Email Address}, one
 * row per participant, UTF-8 without a BOM (Zoom's own guidance; re-saving it from Excel breaks the
 * Japanese). Each participant's e-mail is the one they sign in to Zoom with. Pure.
 */
public final class RoomsCsv {

  private RoomsCsv() {
  }

  public static byte[] write(List<RoomBoard.Filled> rooms) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
        .setHeader("Pre-assign Room Name", "Email Address").setRecordSeparator("\r\n").get())) {
      for (RoomBoard.Filled f : rooms) {
        for (RoomStore.Participant p : f.members()) {
          csv.printRecord(SpreadsheetCells.safe(f.room().name()), SpreadsheetCells.safe(p.zoomEmail()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
