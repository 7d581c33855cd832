package org.kakehashi.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** An e-mail as it waits in the outbox: plain text, optionally with attachments (an .ics invitation). */
public record Email(String to, String subject, String text, List<Attachment> attachments) {

  /** A file attached to an e-mail; {@code content} is the text of the file. */
  public record Attachment(String name, String contentType, String content) {
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
