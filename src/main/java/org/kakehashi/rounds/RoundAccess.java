package org.kakehashi.rounds;

import org.kakehashi.platform.ApiError;
import org.kakehashi.platform.Principal;
import org.kakehashi.platform.Role;

/**
 * Who may see a round: coordinators and facilitators every round, staff the rounds their own center
 * takes part in. The one rule every capability asks (rounds, pairing, scheduling, reflections,
 * sessions), loaded by {@link RoundStore#visible} and {@link RoundStore#checkVisible}. Pure.
 */
public final class RoundAccess {

  private RoundAccess() {
  }

  public static boolean canSee(Principal me, boolean ownCenterTakesPart) {
    return me.isCoordinator() || me.is(Role.FACILITATOR) || ownCenterTakesPart;
  }

  /** Whether {@code me} sees every round (a list needs no center filter). */
  public static boolean seesAll(Principal me) {
    return me.isCoordinator() || me.is(Role.FACILITATOR);
  }

  /** 404 unless {@code me} may see the round: a round one may not see answers as one that does not exist (README, "Security"). */
  public static void requireSee(Principal me, boolean ownCenterTakesPart) {
    if (!canSee(me, ownCenterTakesPart)) {
      throw ApiError.notFound("This round");
    }
  }
}
