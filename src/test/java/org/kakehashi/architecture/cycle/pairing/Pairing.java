package org.kakehashi.architecture.cycle.pairing;

import org.kakehashi.architecture.cycle.rounds.Rounds;

/** Pairing using rounds: the right arrow of ArchitectureTest's cycle. */
public final class Pairing {

  public static int clear() {
    return Rounds.status() - 1;
  }
}
