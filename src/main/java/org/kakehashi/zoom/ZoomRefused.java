package org.kakehashi.zoom;

import org.kakehashi.platform.GiveUp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Zoom refused a request for good: a 4xx other than 401 and 429, or one of the codes that no retry
 * changes (3001 meeting not found, 3002 meeting in progress, 3007 meeting already ended or deleted,
 * 1001 user not found). The outbox stops retrying; the message keeps Zoom's code and message, which the
 * coordinator sees on the session (README, "Zoom") and can retry once the cause is fixed.
 */
public final class ZoomRefused extends GiveUp {

  /** Zoom's codes that are permanent whatever the HTTP status they come with. */
  static final java.util.Set<Integer> PERMANENT = java.util.Set.of(3001, 3002, 3007, 1001);

  private static final Pattern STORED = Pattern.compile("^Zoom (.+?) answered (\\d{3}) \\(code (-?\\d+)\\): (.*)$", Pattern.DOTALL);

  private final int status;
  private final Integer code;
  private final String zoomMessage;

  public ZoomRefused(String what, int status, Integer code, String zoomMessage) {
    super("Zoom " + what + " answered " + status + " (code " + (code == null ? -1 : code) + "): "
        + (zoomMessage == null ? "" : zoomMessage));
    this.status = status;
    this.code = code;
    this.zoomMessage = zoomMessage;
  }

  public int status() {
    return status;
  }

  public Integer code() {
    return code;
  }

  public String zoomMessage() {
    return zoomMessage;
  }

  /**
   * Zoom's status, code and message read back from a stored error text (the outbox keeps the
   * message's text), as {@code {status, code, message}}; null when the text is not one of these.
   */
  public static io.vertx.core.json.JsonObject parse(String stored) {
    if (stored == null) {
      return null;
    }
    Matcher m = STORED.matcher(stored);
    if (!m.matches()) {
      return null;
    }
    int code = Integer.parseInt(m.group(3));
    return new io.vertx.core.json.JsonObject().put("status", Integer.parseInt(m.group(2)))
        .put("code", code < 0 ? null : code).put("message", m.group(4));
  }
}
