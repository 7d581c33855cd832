package org.kakehashi.cases;

import org.apache.tika.Tika;

import java.util.Map;

/**
 * What an attachment is, decided by its first bytes with Apache Tika (README, "Case attachments"): PDF,
 * JPEG and PNG photos, Word, Excel and PowerPoint files are taken; anything else (SVG, HTML, scripts,
 * executables, archives) is refused, and so is a file whose name claims another type than its bytes (a PDF
 * named .jpg). The name only tells apart the Office formats inside a ZIP or OLE2 container, which Tika's
 * magic alone reports as the container. Pure (Tika's detector reads the bytes given, nothing else).
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

  /** Photos and PDFs get a preview image. */
  static boolean previewable(String type) {
    return "application/pdf".equals(type) || "image/jpeg".equals(type) || "image/png".equals(type);
  }
}
