package org.kakehashi.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The guarantees a benchmark computes (no overbooking, every center placed once, …). Each check is
 * printed; {@link #verify()} (called after the tables are printed, so the numbers are never lost)
 * fails the benchmark naming every broken one.
 */
final class Guarantees {

  private final String bench;
  private final List<String> broken = new ArrayList<>();
  private int checked;

  Guarantees(String bench) {
    this.bench = bench;
  }

  /** Records one guarantee; {@code what} says what should hold, with {@code args} formatted in. */
  void hold(boolean held, String what, Object... args) {
    String text = String.format(what, args);
    checked++;
    System.out.println(bench + ": guarantee " + (held ? "holds" : "BROKEN") + ": " + text);
    if (!held) {
      broken.add(text);
    }
  }

  /** Fails with every broken guarantee. */
  void verify() {
    if (!broken.isEmpty()) {
      throw new AssertionError(bench + ": " + broken.size() + " of " + checked + " guarantees broken:\n  "
          + String.join("\n  ", broken));
    }
    System.out.println(bench + ": all " + checked + " guarantees hold");
  }
}
