// Who may do what with a session: the browser's copy of the server's one rule
// (org.kakehashi.sessions.SessionAccess; README "Who sees what"). The server decides; this only
// chooses what to show, so a view never offers what the API would refuse.

const same = (a, b) => a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);

export const isCoordinator = (me) => Boolean(me && (me.roles || []).includes('coordinator'));

/** The viewer is the session's facilitator. */
export const facilitates = (me, s) => Boolean(me && s) && same(s.facilitatorId, me.id);

/** The viewer runs the session: its facilitator or a coordinator (rooms, held, summaries). */
export const runs = (me, s) => isCoordinator(me) || facilitates(me, s);

/** The viewer works at one of the session's two centers. */
export const ownCenter = (me, s) => Boolean(me && s) && (s.centerIds || []).some((id) => same(id, me.centerId));

/** The viewer may sign themselves up: staff of its centers, anyone when it is open to all. */
export const mayJoin = (me, s) => ownCenter(me, s) || Boolean(s && s.openToAll);
