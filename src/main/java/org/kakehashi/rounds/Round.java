package org.kakehashi.rounds;

import java.time.LocalDate;
import java.util.List;

/** A training round as the API shows it. */
public record Round(long id, String title, String description, LocalDate startsOn, LocalDate endsOn, String status,
                    List<Label> topics, List<Label> prompts, List<Long> centerIds) {

  /** A discussion topic or reflection prompt: a stable key and its Japanese and English labels. */
  public record Label(String key, String ja, String en) {
  }

  /** True once the pairs are published: the centers and the pairing are then fixed. */
  public boolean pairsPublished() {
    return RoundStatus.of(status).pairsPublished();
  }
}
