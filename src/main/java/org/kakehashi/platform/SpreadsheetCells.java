package org.kakehashi.platform;

/** Cells of CSV files people open in a spreadsheet. */
public final class SpreadsheetCells {

  private SpreadsheetCells() {
  }

  /**
   * Neutralises formula injection: a cell a spreadsheet would run as a formula (starting with =, +,
   * -, @, tab or CR) gets a leading apostrophe; null becomes empty.
   */
  public static String safe(String cell) {
    if (cell == null) {
      return "";
    }
    if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
      return "'" + cell;
    }
    return cell;
  }
}
