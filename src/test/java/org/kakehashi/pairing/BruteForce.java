package org.kakehashi.pairing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.HashSet;

/** The best total over every valid partition (pairs, plus one trio when the count is odd); for tiny rounds. */
final class BruteForce {

  private final PairingInput in;
  private final List<PairingInput.Center> free = new ArrayList<>();
  private long best;
  private boolean found;

  private BruteForce(PairingInput in) {
    this.in = in;
  }

  /** The optimum, or null when no valid partition exists. */
  static Long optimum(PairingInput in) {
    BruteForce b = new BruteForce(in);
    Set<Long> locked = new HashSet<>();
    long lockedTotal = 0;
    for (List<Long> g : in.locked()) {
      locked.addAll(g);
      List<PairingInput.Center> members = in.centers().stream().filter(c -> g.contains(c.id())).toList();
      for (int i = 0; i < members.size(); i++) {
        for (int j = i + 1; j < members.size(); j++) {
          lockedTotal += b.score(members.get(i), members.get(j));
        }
      }
    }
    for (PairingInput.Center c : in.centers()) {
      if (!locked.contains(c.id())) {
        b.free.add(c);
      }
    }
    b.best = Long.MIN_VALUE;
    b.search(new boolean[b.free.size()], 0, b.free.size() % 2 == 1, 0);
    return b.found ? b.best + lockedTotal : null;
  }

  private int score(PairingInput.Center a, PairingInput.Center b) {
    return PairScore.score(a, b, in.history().getOrDefault(PairingInput.key(a.id(), b.id()), 0));
  }

  private boolean allowed(PairingInput.Center a, PairingInput.Center b) {
    return a.cityId() != b.cityId() && !in.forbidden().contains(PairingInput.key(a.id(), b.id()));
  }

  private void search(boolean[] used, int from, boolean trioLeft, long total) {
    int i = from;
    while (i < used.length && used[i]) {
      i++;
    }
    if (i == used.length) {
      if (!trioLeft) {
        found = true;
        best = Math.max(best, total);
      }
      return;
    }
    used[i] = true;
    PairingInput.Center a = free.get(i);
    for (int j = i + 1; j < used.length; j++) {
      if (used[j] || !allowed(a, free.get(j))) {
        continue;
      }
      used[j] = true;
      long pairTotal = total + score(a, free.get(j));
      search(used, i + 1, trioLeft, pairTotal);
      if (trioLeft) {
        for (int m = j + 1; m < used.length; m++) {
          if (!used[m] && allowed(a, free.get(m)) && allowed(free.get(j), free.get(m))) {
            used[m] = true;
            search(used, i + 1, false, pairTotal + score(a, free.get(m)) + score(free.get(j), free.get(m)));
            used[m] = false;
          }
        }
      }
      used[j] = false;
    }
    used[i] = false;
  }
}
