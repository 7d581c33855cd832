package org.kakehashi.cases;

import org.apache.tika.Tika;

import java.util.Map;

/**
 * What an attachment is, decided by its first bytes with Apache Tika (README, "Case attachments"): PDF,
 * JPEG and PNG photos, Word, Excel and PowerPoint files are taken; anything else (SVG, HTML, scripts,
 * executables, archives) is refused, and so is a file whose name claims another type than its bytes (a PDF
 * named .jpg). The name only tells apart the Office formats inside a ZIP or OLE2 container, which Tika's
 * magic alone reports as the container; the container's parts then have to agree ({@link #checkContainer}:
 * a JAR named .docx is refused). Pure but for {@link #checkContainer}, which reads the file it is given.
 */
final class FileTypes {

  /** How many first bytes are read before deciding (Tika's magic looks no further for these types). */
  static final int SNIFF_BYTES = 64 * 1024;

  /** The accepted types and the short name the UI shows for each. */
  static final Map<String, String> ACCEPTED = Map.of(
      "application/pdf", "PDF",
      "image/jpeg", "JPEG",
      "image/png", "PNG",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint",
      "application/msword", "Word",
      "application/vnd.ms-excel", "Excel",
      "application/vnd.ms-powerpoint", "PowerPoint");

  private static final Tika TIKA = new Tika();

  private FileTypes() {
  }

  /** The outcome: the detected type, and a refusal code (null when accepted). */
  record Verdict(String type, String refusal) {
    boolean accepted() {
      return refusal == null;
    }
  }

  static Verdict decide(byte[] prefix, String name) {
    String detected = TIKA.detect(prefix, name);
    if (!ACCEPTED.containsKey(detected)) {
      return new Verdict(detected, "unsupported_type");
    }
    String byName = TIKA.detect(name);
    if (!"application/octet-stream".equals(byName) && !byName.equals(detected)) {
      return new Verdict(detected, "type_mismatch");
    }
    return new Verdict(detected, null);
  }

  /** The folder of an Office Open XML package's main part, by its type (README, "Case attachments"). */
  private static final Map<String, String> OOXML_FOLDER = Map.of(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/");

  /** The stream an OLE2 (Office 97–2003) file of the type holds: any one of them. */
  private static final Map<String, java.util.List<String>> OLE2_STREAMS = Map.of(
      "application/msword", java.util.List.of("WordDocument"),
      "application/vnd.ms-excel", java.util.List.of("Workbook", "Book"),
      "application/vnd.ms-powerpoint", java.util.List.of("PowerPoint Document"));

  /**
   * An Office type whose container (a ZIP or OLE2 file) the name chose among, so its parts are checked once
   * the whole file is there ({@link #checkContainer}): Tika's magic (tika-core, without the parser modules
   * and their container detectors) sees only the container, so any ZIP named .docx would otherwise pass.
   */
  static boolean container(String type) {
    return OOXML_FOLDER.containsKey(type) || OLE2_STREAMS.containsKey(type);
  }

  /** A central directory larger than this is refused unread (an Office file's lists a few hundred parts). */
  static final int MAX_DIRECTORY = 1024 * 1024;

  /**
   * Whether the whole file (on disk) is the Office file its type says: for Office Open XML, a ZIP whose central
   * directory (at most {@link #MAX_DIRECTORY}) lists {@code [Content_Types].xml} and parts under the type's
   * folder ({@code word/}, {@code xl/} or {@code ppt/}); for Office 97–2003, an OLE2 file whose directory holds
   * the type's stream ({@code WordDocument}, {@code Workbook} or {@code Book}, {@code PowerPoint Document}).
   * Reads the directory only, never the whole file into memory. Null when it is; else what is wrong, in words.
   */
  static String checkContainer(java.nio.file.Path file, String type) {
    try {
      if (OOXML_FOLDER.containsKey(type)) {
        return ooxml(file, OOXML_FOLDER.get(type));
      }
      if (OLE2_STREAMS.containsKey(type)) {
        return Ole2.holdsAny(file, OLE2_STREAMS.get(type)) ? null : "an OLE2 file without the " + ACCEPTED.get(type) + " stream";
      }
      return null;
    } catch (java.io.IOException | RuntimeException e) {
      return "not a readable " + ACCEPTED.get(type) + " file";
    }
  }

  private static String ooxml(java.nio.file.Path file, String folder) throws java.io.IOException {
    long directory = ZipDirectory.size(file);
    if (directory < 0) {
      return "not a ZIP file";
    }
    if (directory > MAX_DIRECTORY) {
      return "a ZIP file with too many parts";
    }
    boolean types = false;
    boolean main = false;
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        String n = entries.nextElement().getName();
        types |= "[Content_Types].xml".equals(n);
        main |= n.startsWith(folder) && n.length() > folder.length();
      }
    }
    if (!types) {
      return "a ZIP file without [Content_Types].xml (not an Office file)";
    }
    return main ? null : "an Office package without " + folder + " parts";
  }

  /** Photos and PDFs get a preview image. */
  static boolean previewable(String type) {
    return "application/pdf".equals(type) || "image/jpeg".equals(type) || "image/png".equals(type);
  }
}
