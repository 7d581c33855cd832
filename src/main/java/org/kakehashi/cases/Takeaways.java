package org.kakehashi.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.kakehashi.reflections.ReflectionStore;

import java.util.List;

/**
 * What the partner center wrote it took away from a case (README, "Case library"): the answers of the
 * partner center's staff to the reflections' {@code partner} prompt for the case's session, within each
 * note's visibility — coordinators and the session's facilitator read every note, the pair's staff the
 * {@code partners} and {@code network} notes, everyone else {@code network} notes only; an anonymous note
 * carries no name. Pure.
 */
final class Takeaways {

  static final String PROMPT = "partner";

  private Takeaways() {
  }

  enum Reader { ALL, PAIR, NETWORK }

  static JsonArray of(List<ReflectionStore.NoteRow> notes, long caseCenterId, Reader reader) {
    JsonArray out = new JsonArray();
    for (ReflectionStore.NoteRow n : notes) {
      String text = n.answers() == null ? null : n.answers().get(PROMPT);
      if (text == null || text.isBlank() || n.centerId() == null || n.centerId() == caseCenterId) {
        continue;
      }
      boolean readable = switch (reader) {
        case ALL -> true;
        case PAIR -> "partners".equals(n.visibility()) || "network".equals(n.visibility());
        case NETWORK -> "network".equals(n.visibility());
      };
      if (readable) {
        out.add(new JsonObject().put("text", text.strip())
            .put("author", "anonymous".equals(n.quoteAs()) ? null : n.author()));
      }
    }
    return out;
  }
}
