package org.kakehashi.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;

/** The JSON of cases and templates (plain JSON values only, so an error body can carry them too). Pure. */
final class CaseJson {

  private CaseJson() {
  }

  static JsonObject of(CaseStore.CaseRow c, CaseTemplate t) {
    return new JsonObject().put("id", c.id()).put("sessionId", c.sessionId()).put("centerId", c.centerId())
        .put("center", new JsonObject().put("id", c.centerId()).put("name", c.centerName()).put("city", c.city())
            .put("prefecture", c.prefecture()).put("region", c.region()))
        .put("title", c.title()).put("summary", c.summary()).put("sections", ordered(c.sections(), t))
        .put("presenters", c.presenters()).put("minutes", c.minutes()).put("topics", new JsonArray(c.topics()))
        .put("status", c.status()).put("submittedAt", text(c.submittedAt())).put("sharedAt", text(c.sharedAt()))
        .put("shared", c.sharedAt() != null).put("version", c.version()).put("updatedAt", text(c.updatedAt()))
        .put("updatedBy", c.updatedByName());
  }

  /** A case the reader may not read yet (the partner's draft): its status only, no id, text or names. */
  static JsonObject statusOnly(CaseStore.CaseRow c) {
    return new JsonObject().put("status", c.status()).put("centerId", c.centerId()).put("readable", false);
  }

  /** The fields someone sent (shown beside the saved case on a version conflict). */
  static JsonObject fields(CaseStore.Fields f) {
    return new JsonObject().put("title", f.title()).put("summary", f.summary()).put("sections", f.sections().copy())
        .put("presenters", new JsonArray(List.copyOf(f.presenters()))).put("minutes", f.minutes())
        .put("topics", new JsonArray(List.copyOf(f.topics())));
  }

  /** The sections in the template's order (text of sections the template no longer has is kept at the end). */
  static JsonObject ordered(JsonObject sections, CaseTemplate t) {
    JsonObject out = new JsonObject();
    for (String key : t.keys()) {
      if (sections.containsKey(key)) {
        out.put(key, sections.getString(key));
      }
    }
    sections.forEach(e -> {
      if (!out.containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    });
    return out;
  }

  static JsonObject template(CaseTemplate t) {
    JsonArray sections = new JsonArray();
    t.sections().forEach(s -> sections.add(new JsonObject().put("key", s.key()).put("ja", s.ja()).put("en", s.en())));
    return new JsonObject().put("sections", sections).put("dueDays", t.dueDays());
  }

  /** When a session's cases are due: the template's days before the session starts. */
  static OffsetDateTime due(CaseStore.SessionInfo s, CaseTemplate t) {
    return s.startsAt().minusDays(t.dueDays());
  }

  /** The text the library's search indexes: title, summary, sections, and where the center is. */
  static String searchText(CaseStore.Fields f, String where) {
    StringBuilder b = new StringBuilder(f.title()).append('\n').append(f.summary());
    f.sections().forEach(e -> b.append('\n').append(e.getValue()));
    if (where != null) {
      b.append('\n').append(where);
    }
    return b.toString();
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toString();
  }
}
