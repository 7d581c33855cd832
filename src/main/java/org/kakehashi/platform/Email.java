package org.kakehashi.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** An e-mail as it waits in the outbox: plain text, optionally with attachments (an .ics invitation). */
public record Email(String to, String subject, String text, List<Attachment> attachments) {

  /** A file attached to an e-mail; {@code content} is the text of the file. */
  public record Attachment(String name, String contentType, String content) {
  }

  /** A mailbox: a display name (any Unicode, or null) and an address. */
  public record Address(String name, String address) {

    /** Parses {@code 表示名 <addr>} or a bare address (RFC 5322, strictly); a bad one is a configuration error. */
    public static Address parse(String mailbox) {
      try {
        InternetAddress a = new InternetAddress(mailbox, true);
        a.validate();
        return new Address(a.getPersonal(), a.getAddress());
      } catch (AddressException e) {
        throw new IllegalArgumentException("not an e-mail address: " + mailbox, e);
      }
    }
  }

  /**
   * The domain of the public address (host without port): every Message-ID and calendar UID lives
   * under it, so two installations never use the same identifiers.
   */
  public static String domain(String publicUrl) {
    String host = URI.create(publicUrl).getHost();
    return host == null || host.isBlank() ? "localhost" : host.toLowerCase(Locale.ROOT);
  }

  public Email(String to, String subject, String text) {
    this(to, subject, text, List.of());
  }

  JsonObject toJson() {
    JsonArray files = new JsonArray();
    for (Attachment a : attachments) {
      files.add(new JsonObject().put("name", a.name()).put("contentType", a.contentType()).put("content", a.content()));
    }
    return new JsonObject().put("to", to).put("subject", subject).put("text", text).put("attachments", files);
  }

  static Email fromJson(JsonObject json) {
    JsonArray files = json.getJsonArray("attachments", new JsonArray());
    List<Attachment> attachments = files.stream().map(o -> (JsonObject) o)
        .map(o -> new Attachment(o.getString("name"), o.getString("contentType"), o.getString("content")))
        .toList();
    return new Email(json.getString("to"), json.getString("subject"), json.getString("text"), attachments);
  }
}
