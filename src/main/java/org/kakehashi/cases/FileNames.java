package org.kakehashi.cases;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Attachment file names (README, "Case attachments"): a name as uploaded is refused when it has path
 * parts, control characters, bidirectional overrides or more than {@link #MAX} characters; a download's
 * {@code Content-Disposition} is {@code attachment} with an ASCII fallback and the UTF-8 name in RFC 6266 /
 * RFC 5987 {@code filename*}, so Japanese names arrive intact. Pure.
 */
final class FileNames {

  static final int MAX = 200;

  private FileNames() {
  }

  /** Why a name is refused (a problem code), or null when it is fine. */
  static String problem(String name) {
    if (name == null || name.isBlank()) {
      return "required";
    }
    if (name.codePointCount(0, name.length()) > MAX) {
      return "too_long";
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.equals(".") || name.equals("..")) {
      return "path";
    }
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (Character.getType(c) == Character.CONTROL || bidi(c) || Character.getType(c) == Character.SURROGATE
          || Character.getType(c) == Character.UNASSIGNED) {
        return "control_chars";
      }
      i += Character.charCount(c);
    }
    if (name.strip().startsWith(".")) {
      return "hidden";
    }
    return null;
  }

  /** The name as stored: NFC, trimmed (after {@link #problem} found nothing). */
  static String clean(String name) {
    return Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
  }

  /** Bidirectional formatting characters (they can make "exe.pdf" read as "fdp.exe"). */
  static boolean bidi(int c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
  }

  /**
   * The Content-Disposition header for a download: {@code attachment; filename="ascii"; filename*=UTF-8''pct}.
   * Whatever slipped into the stored name, path parts, quotes and control characters do not reach the header.
   */
  static String contentDisposition(String name) {
    String safe = safe(name);
    StringBuilder ascii = new StringBuilder();
    safe.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
    String pct = URLEncoder.encode(safe, StandardCharsets.UTF_8).replace("+", "%20")
        // RFC 5987 attr-char allows these unencoded; URLEncoder encodes some of them.
        .replace("%21", "!").replace("%23", "#").replace("%24", "$").replace("%26", "&").replace("%2B", "+")
        .replace("%5E", "^").replace("%60", "`").replace("%7C", "|").replace("%7E", "~");
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + pct;
  }

  /** The last path part, without control or bidi characters; "file" when nothing is left. */
  static String safe(String name) {
    String n = name == null ? "" : name;
    int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    n = n.substring(cut + 1);
    StringBuilder b = new StringBuilder();
    n.codePoints().filter(c -> Character.getType(c) != Character.CONTROL && !bidi(c)).forEach(b::appendCodePoint);
    String out = b.toString().strip();
    return out.isEmpty() || out.equals(".") || out.equals("..") ? "file" : out;
  }
}
