package org.kakehashi.architecture.cycle.rounds;

import org.kakehashi.architecture.cycle.pairing.Pairing;

/** The old wrong arrow, kept for ArchitectureTest: rounds calling pairing (as RoundRoutes called PairingStore.clear). */
public final class Rounds {

  public static int centersChanged() {
    return Pairing.clear();
  }

  public static int status() {
    return 1;
  }
}
