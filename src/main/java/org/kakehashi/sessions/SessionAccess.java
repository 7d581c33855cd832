package org.kakehashi.sessions;

import org.kakehashi.platform.Principal;

import java.util.Collection;

/**
 * Who may do what with a session — the one rule every capability asks (scheduling, sign-up, rooms,
 * reflections), mirrored once for the browser in {@code web/js/session-access.js}. Pure.
 *
 * <ul>
 *   <li>{@link #runs}: the session's facilitator or a coordinator (rooms, marking it held, summaries,
 *       reminders, the join link).</li>
 *   <li>{@link #canSee}: whoever sees its round (see {@code rounds.RoundAccess}), and everyone when
 *       the session is open to all.</li>
 *   <li>{@link #mayJoin}: who may sign themselves up — staff of one of its two centers, anyone
 *       when it is open to all (a coordinator, besides, signs anyone up, past every rule).</li>
 * </ul>
 */
public final class SessionAccess {

  private SessionAccess() {
  }

  public static boolean runs(Principal me, Long facilitatorId) {
    return me.isCoordinator() || (facilitatorId != null && facilitatorId == me.personId());
  }

  public static boolean runs(Principal me, Session s) {
    return runs(me, s.facilitatorId());
  }

  /** {@code seesRound}: {@code RoundAccess.canSee} for the session's round. */
  public static boolean canSee(Principal me, boolean seesRound, boolean openToAll) {
    return seesRound || openToAll;
  }

  public static boolean mayJoin(Principal me, Collection<Long> sessionCenterIds, boolean openToAll) {
    return openToAll || (me.centerId() != null && sessionCenterIds.contains(me.centerId()));
  }

  /** The join link: those who run the session and those with a confirmed seat. */
  public static boolean seesJoinUrl(Principal me, Session s, boolean confirmed) {
    return confirmed || runs(me, s);
  }
}
