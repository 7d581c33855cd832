package org.kakehashi.cases;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.kakehashi.reflections.ReflectionStore;
import org.kakehashi.reflections.Summarizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the partner center wrote it took away from a case (README, "Case library"): the answers of the
 * partner center's staff to the reflections' {@code partner} prompt for the case's session, within each
 * note's visibility — coordinators and the session's facilitator read every note, the pair's staff the
 * {@code partners} and {@code network} notes, everyone else {@code network} notes only. Pure.
 *
 * <p>The list names the writers' side (not the case's center), and the two cases of a pair list each other's
 * center, so an anonymous note here would point to its writer's center. Its text therefore shows only when
 * its writer's center holds at least {@link Summarizer#MIN_ANONYMOUS} anonymous notes in the session; otherwise
 * it is counted ({@code withheld}). The answers come in the order of their text, never of center or person
 * (README, "Security", anonymous notes).
 */
final class Takeaways {

  static final String PROMPT = "partner";

  private Takeaways() {
  }

  enum Reader { ALL, PAIR, NETWORK }

  /** The answers shown and how many anonymous ones were counted but not shown. */
  record Result(JsonArray takeaways, int withheld) {
  }

  static Result of(List<ReflectionStore.NoteRow> notes, long caseCenterId, Reader reader) {
    Map<Long, Integer> anonymousByCenter = new HashMap<>();
    for (ReflectionStore.NoteRow n : notes) {
      if (!"name".equals(n.quoteAs()) && n.centerId() != null) {
        anonymousByCenter.merge(n.centerId(), 1, Integer::sum);
      }
    }
    JsonArray out = new JsonArray();
    int withheld = 0;
    for (ReflectionStore.NoteRow n : ReflectionStore.unattributable(notes)) {
      String text = n.answers() == null ? null : n.answers().get(PROMPT);
      if (text == null || text.isBlank() || n.centerId() == null || n.centerId() == caseCenterId) {
        continue;
      }
      boolean readable = switch (reader) {
        case ALL -> true;
        case PAIR -> "partners".equals(n.visibility()) || "network".equals(n.visibility());
        case NETWORK -> "network".equals(n.visibility());
      };
      if (!readable) {
        continue;
      }
      boolean named = "name".equals(n.quoteAs());
      if (!named && anonymousByCenter.getOrDefault(n.centerId(), 0) < Summarizer.MIN_ANONYMOUS) {
        withheld++;
        continue;
      }
      out.add(new JsonObject().put("text", text.strip()).put("author", named ? n.author() : null));
    }
    return new Result(out, withheld);
  }
}
