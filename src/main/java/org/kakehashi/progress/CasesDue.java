package org.kakehashi.progress;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/**
 * The round's sessions whose case studies are missing or still drafts (README, "What still needs doing").
 * Cases sit after progress in the dependency order, so the app hands this reader in.
 */
@FunctionalInterface
public interface CasesDue {

  /** Nothing is due: for an app without case studies (and tests of the other parts). */
  CasesDue NONE = roundId -> Future.succeededFuture(new JsonArray());

  /**
   * {@code [{sessionId, startsAt, dueAt, overdue, centers:[{centerId, centerName, state, caseId}]}]}, next due first:
   * each scheduled session with at least one center whose case is not submitted ({@code state} not_started or draft).
   */
  Future<JsonArray> missing(long roundId);
}
