package org.kakehashi.scheduling;

import java.util.List;

/** Exhaustive optima for tiny scheduling instances. */
final class BruteForce {

  private BruteForce() {
  }

  /** Best total when each slot holds at most min(licences, facilitators free then) sessions (the bound). */
  static long relaxation(SlotPlanner.Input in) {
    return search(in, 0, new int[in.pairs().size()], false);
  }

  /** Best total with facilitators and licences over time. */
  static long optimum(SlotPlanner.Input in) {
    return search(in, 0, new int[in.pairs().size()], true);
  }

  private static long search(SlotPlanner.Input in, int p, int[] choice, boolean full) {
    if (p == choice.length) {
      return feasible(in, choice, full) ? total(in, choice) : Long.MIN_VALUE;
    }
    long best = Long.MIN_VALUE;
    for (int s = -1; s < in.slots().size(); s++) {
      if (s >= 0 && value(in, p, s) <= 0) {
        continue;
      }
      choice[p] = s;
      best = Math.max(best, search(in, p + 1, choice, full));
    }
    return best;
  }

  private static int value(SlotPlanner.Input in, int p, int s) {
    return SlotPlanner.value(in.pairs().get(p).halvesBySlot().get(in.slots().get(s).id()));
  }

  private static long total(SlotPlanner.Input in, int[] choice) {
    long t = 0;
    for (int p = 0; p < choice.length; p++) {
      if (choice[p] >= 0) {
        t += value(in, p, choice[p]);
      }
    }
    return t;
  }

  private static boolean feasible(SlotPlanner.Input in, int[] choice, boolean full) {
    int m = in.slots().size();
    if (!full) {
      int[] count = new int[m];
      for (int c : choice) {
        if (c >= 0) {
          long id = in.slots().get(c).id();
          long free = in.facilitators().stream().filter(f -> f.slotIds().contains(id)).count();
          if (++count[c] > Math.min(in.licences(), free)) {
            return false;
          }
        }
      }
      return true;
    }
    // Licences: at the start of every session, the overlapping sessions must fit.
    for (int a = 0; a < choice.length; a++) {
      if (choice[a] < 0) {
        continue;
      }
      SlotPlanner.Slot sa = in.slots().get(choice[a]);
      int running = 0;
      for (int b = 0; b < choice.length; b++) {
        if (choice[b] >= 0) {
          SlotPlanner.Slot sb = in.slots().get(choice[b]);
          if (sb.startEpochSecond() <= sa.startEpochSecond() && sa.startEpochSecond() < sb.endEpochSecond()) {
            running++;
          }
        }
      }
      if (running > in.licences()) {
        return false;
      }
    }
    // Facilitators: a matching of sessions to available facilitators without overlaps.
    return facilitate(in, choice, 0, new long[choice.length]);
  }

  private static boolean facilitate(SlotPlanner.Input in, int[] choice, int p, long[] fac) {
    if (p == choice.length) {
      return true;
    }
    if (choice[p] < 0) {
      return facilitate(in, choice, p + 1, fac);
    }
    SlotPlanner.Slot slot = in.slots().get(choice[p]);
    List<SlotPlanner.Facilitator> facs = in.facilitators();
    for (SlotPlanner.Facilitator f : facs) {
      if (!f.slotIds().contains(slot.id())) {
        continue;
      }
      boolean clash = false;
      for (int q = 0; q < p; q++) {
        if (choice[q] >= 0 && fac[q] == f.id() && in.slots().get(choice[q]).overlaps(slot)) {
          clash = true;
        }
      }
      if (!clash) {
        fac[p] = f.id();
        if (facilitate(in, choice, p + 1, fac)) {
          return true;
        }
      }
    }
    return false;
  }
}
