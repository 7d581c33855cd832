package org.kakehashi.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects what is wrong with one input (a JSON body or a CSV row), field by field, so a person sees
 * every problem at once. Pure: the checks shared by every capability's validation.
 */
public final class Problems {

  /**
   * One problem: the field it concerns, a stable code the UI translates (required, too_long,
   * one_line, control_chars, invalid_email, invalid_zone, out_of_range, too_many, duplicate, invalid)
   * and an English message.
   */
  public record Problem(String field, String code, String message) {
  }

  /**
   * The address form SMTP (RFC 5321 dot-atom, no quoted local part) and Zoom accept: ASCII letters, digits
   * and {@code !#$%&'*+/=?^_`{|}~-} in dot-separated atoms before the @, a domain of letters, digits and
   * hyphens in labels of 1–63 (non-ASCII domain names are checked by their ASCII form), with a TLD of letters.
   */
  private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern DOMAIN = Pattern.compile(
      "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})");
  /** Bidirectional embeddings, overrides and isolates, and the invisible marks: never in a name. */
  private static final Pattern BIDI = Pattern.compile("[\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cs}&&[^\\t\\n\\r]]");
  private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\t]");

  private final List<Problem> list = new ArrayList<>();

  public Problems add(String field, String message) {
    return add(field, "invalid", message);
  }

  public Problems add(String field, String code, String message) {
    list.add(new Problem(field, code, message));
    return this;
  }

  public List<Problem> list() {
    return list;
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** A single-line text: trimmed, at most {@code max} characters, no control characters; null when empty. */
  public String line(String field, String value, int max, boolean required) {
    String v = value == null ? null : value.strip();
    if (v == null || v.isEmpty()) {
      if (required) {
        add(field, "required", "Required.");
      }
      return null;
    }
    if (v.codePointCount(0, v.length()) > max) {
      add(field, "too_long", "At most " + max + " characters.");
    } else if (CONTROL.matcher(v).find() || LINE_BREAK.matcher(v).find()) {
      add(field, "one_line", "Must be a single line without control characters.");
    }
    return v;
  }

  /** A multi-line text (line breaks allowed). */
  public String text(String field, String value, int max, boolean required) {
    String v = value == null ? null : value.strip();
    if (v == null || v.isEmpty()) {
      if (required) {
        add(field, "required", "Required.");
      }
      return null;
    }
    if (v.codePointCount(0, v.length()) > max) {
      add(field, "too_long", "At most " + max + " characters.");
    } else if (CONTROL.matcher(v).find()) {
      add(field, "control_chars", "Must not contain control characters.");
    }
    return v;
  }

  /** An e-mail address, lower-case domain kept as written; null when empty. */
  public String email(String field, String value, boolean required) {
    String v = line(field, value, 254, required);
    if (v != null && !isEmailAddress(v)) {
      add(field, "invalid_email", "Not a valid e-mail address.");
    }
    return v;
  }

  /** Whether {@code v} is an address SMTP and Zoom accept (README, "Security"): see {@link #LOCAL_PART}. */
  public static boolean isEmailAddress(String v) {
    if (v == null || v.length() > 254) {
      return false;
    }
    int at = v.lastIndexOf('@');
    if (at < 1 || at > 64 || at == v.length() - 1) {
      return false;
    }
    String local = v.substring(0, at);
    String domain = v.substring(at + 1);
    if (!LOCAL_PART.matcher(local).matches()) {
      return false;
    }
    try {
      domain = java.net.IDN.toASCII(domain, java.net.IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return domain.length() <= 253 && DOMAIN.matcher(domain).matches();
  }

  /**
   * A person's (or a place's) display name: a {@link #line}, and also no bidirectional overrides or
   * invisible marks (a name that reads as someone else's), and at least one visible character
   * (README, "Security").
   */
  public String name(String field, String value, int max, boolean required) {
    int before = list.size();
    String v = line(field, value, max, required);
    if (v == null || list.size() > before) {
      return v;
    }
    if (BIDI.matcher(v).find()) {
      add(field, "invalid", "Must not contain right-to-left or other direction marks.");
    } else if (!hasVisible(v)) {
      add(field, "required", "Must contain visible characters.");
    }
    return v;
  }

  private static boolean hasVisible(String v) {
    return v.codePoints().anyMatch(c -> {
      int type = Character.getType(c);
      return !Character.isWhitespace(c) && !Character.isSpaceChar(c) && type != Character.FORMAT
          && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.CONTROL
          && c != 0x3164 && c != 0x115F && c != 0x1160 && c != 0xFFA0 && c != 0x2800 && c != 0x034F
          && !(c >= 0xFE00 && c <= 0xFE0F) && !(c >= 0xE0100 && c <= 0xE01EF);
    });
  }

  /** A time-zone id such as Asia/Tokyo or Europe/London; {@code dflt} when empty. */
  public String zone(String field, String value, String dflt) {
    String v = line(field, value, 64, false);
    if (v == null) {
      return dflt;
    }
    try {
      ZoneId.of(v);
    } catch (DateTimeException e) {
      add(field, "invalid_zone", "Not a known time zone (for example Asia/Tokyo).");
    }
    return v;
  }

  /** A number within bounds; null when absent. */
  public Double range(String field, Double value, double min, double max) {
    if (value != null && (value.isNaN() || value < min || value > max)) {
      add(field, "out_of_range", "Must be between " + min + " and " + max + ".");
    }
    return value;
  }

  /** A list of single-line texts: each trimmed, empty ones dropped, duplicates removed. */
  public List<String> lines(String field, List<String> values, int maxItems, int maxLength) {
    List<String> out = new ArrayList<>();
    if (values == null) {
      return out;
    }
    for (String s : values) {
      String v = line(field, s, maxLength, false);
      if (v != null && !out.contains(v)) {
        out.add(v);
      }
    }
    if (out.size() > maxItems) {
      add(field, "too_many", "At most " + maxItems + " entries.");
    }
    return out;
  }

  /** Throws a 422 naming the first problem and listing all of them. */
  public void throwIfAny() {
    if (list.isEmpty()) {
      return;
    }
    JsonArray all = new JsonArray();
    for (Problem p : list) {
      all.add(new JsonObject().put("field", p.field()).put("code", p.code()).put("message", p.message()));
    }
    Problem first = list.get(0);
    throw new ApiError(422, "invalid", first.field() + ": " + first.message(), first.field(),
        new JsonObject().put("problems", all));
  }
}
