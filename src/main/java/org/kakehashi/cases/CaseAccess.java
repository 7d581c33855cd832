package org.kakehashi.cases;

import org.kakehashi.platform.Principal;

/**
 * Who may see and edit a case (README, "Case studies"): the pair's staff, the session's facilitator
 * and coordinators see a session's cases, but the partner center sees a draft's status only until it is
 * submitted; once a center opens its case to the network, every signed-in person sees it; only staff of
 * the case's own center edit it. Pure.
 */
final class CaseAccess {

  private CaseAccess() {
  }

  static boolean facilitates(Principal me, CaseStore.SessionInfo s) {
    return s.facilitatorId() != null && s.facilitatorId() == me.personId();
  }

  /** Sees the session's cases (whether shared or not). */
  static boolean seesSession(Principal me, CaseStore.SessionInfo s) {
    return me.isCoordinator() || facilitates(me, s) || (me.centerId() != null && s.centerIds().contains(me.centerId()));
  }

  /**
   * Reads the case itself (its text, files and questions): a draft only its own center's staff, the session's
   * facilitator and coordinators; once submitted, everyone who sees the session (the partner too); once opened
   * to the network, every signed-in person.
   */
  static boolean sees(Principal me, CaseStore.SessionInfo s, CaseStore.CaseRow c) {
    return c.sharedAt() != null || (seesSession(me, s) && ("submitted".equals(c.status()) || readsDraft(me, s, c.centerId())));
  }

  /** Reads a center's draft: its own staff, the session's facilitator, coordinators. */
  static boolean readsDraft(Principal me, CaseStore.SessionInfo s, long centerId) {
    return me.isCoordinator() || facilitates(me, s) || me.belongsTo(centerId);
  }

  /** Asks the presenting center in advance: staff of the pair's other center. */
  static boolean asks(Principal me, CaseStore.SessionInfo s, long caseCenterId) {
    return me.centerId() != null && me.centerId() != caseCenterId && s.centerIds().contains(me.centerId());
  }

  static boolean edits(Principal me, CaseStore.SessionInfo s, long centerId) {
    return me.belongsTo(centerId) && s.centerIds().contains(centerId);
  }
}
