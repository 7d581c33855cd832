// The breakout rooms of one session (#/sessions/{id}/rooms): for the session's facilitator and
// coordinators. The board itself is ../rooms-board.js; this page names the session and its round.

import { h, append, clear, focusOn } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice } from '../ui.js';
import { formatSpan } from '../time.js';
import { roomsBoard } from '../rooms-board.js';
import { canMarkHeld, heldButton } from '../reflection-common.js';
import { attendanceSection } from '../credential-attendance.js';
import { runs } from '../session-access.js';

export async function render(root, ctx) {
  const { id } = ctx.params;
  ctx.setTitle(t('rooms.title'));
  const back = h('p', { class: 'back' }, h('a', { href: '#/rounds', text: t('round.backToList') }));
  const sub = h('p', { class: 'lead' });
  const body = h('div', {}, loading());
  append(root, back, heading(t('rooms.title')), sub, body);

  let session;
  let round;
  try {
    session = await api.get(`/api/sessions/${encodeURIComponent(id)}`);
    round = await api.get(`/api/rounds/${encodeURIComponent(session.roundId)}`);
  } catch (err) {
    const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
    clear(body, errorBox(err, final ? null : () => ctx.rerender()));
    return;
  }
  const span = formatSpan(session.startsAt, session.endsAt);
  clear(back, h('a', {
    href: `#/rounds/${encodeURIComponent(session.roundId)}?session=${encodeURIComponent(session.id)}`, text: t('rooms.backToSession'),
  }));
  clear(sub, h('span', { class: 'strong block', text: round.title }), h('span', { class: 'block', text: span }));
  ctx.setTitle(`${t('rooms.title')} ${span}`);

  const allowed = runs(ctx.me, session);
  if (!allowed) {
    clear(body, notice('error', t('rooms.forbidden')));
    return;
  }
  const board = roomsBoard({ session, topics: round.topics || [] });
  // Once the session has started, it can be marked held here (reflections open); then its summary.
  const news = h('div', { class: 'status-area' });
  const say = (kind, text) => { const box = notice(kind, text); clear(news, box); focusOn(box); };
  const summary = h('a', { class: 'btn btn-secondary', href: `#/sessions/${encodeURIComponent(session.id)}/summary`, text: t('home.summary') });
  const held = canMarkHeld(session, ctx) ? heldButton(session, {
    label: span, small: false,
    onDone: (text) => { held.remove(); say('success', text); },
    onFail: (text) => say('error', text),
  }) : null;
  const started = new Date(session.startsAt).getTime() <= Date.now();
  clear(body, session.status === 'cancelled' ? notice('error', t('rooms.cancelled')) : null,
    session.status !== 'cancelled' && (held || started) ? h('div', { class: 'row-actions' }, held, summary) : null,
    news,
    board.el,
    attendanceSection(session));
  await board.load();
}
