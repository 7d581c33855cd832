// My learning history (#/history): the sessions I took part in over time, newest first — the round,
// when, the partner centers and their cities, the topics I ranked, my room, and my reflection with a
// link to write or change it while that is still possible.

import { h, append, clear } from '../dom.js';
import { t, tn } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox } from '../ui.js';
import { labelText, roomName } from '../round-common.js';
import { formatSpan, formatInstant } from '../time.js';
import { readOnly, sharedNotes } from '../reflection-common.js';
import { credentialsSection } from '../credentials-history.js';

const enc = encodeURIComponent;
const STATUSES = new Set(['scheduled', 'held', 'cancelled']);

export async function render(root, ctx) {
  ctx.setTitle(t('history.title'));
  const body = h('div', {}, loading());
  append(root, heading(t('history.title')), h('p', { class: 'lead', text: t('history.lead') }), body,
    credentialsSection());

  let list;
  try {
    list = (await api.get('/api/me/history')).sessions || [];
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  if (!list.length) {
    clear(body, h('p', { class: 'empty', text: t('history.none') }), h('p', {}, h('a', { href: '#/rounds', text: t('nav.rounds') })));
    return;
  }
  list.sort((a, b) => String(b.startsAt).localeCompare(String(a.startsAt)));
  // The prompts of each round with a note, so each answer shows under its question.
  const prompts = new Map();
  const roundIds = [...new Set(list.filter((s) => s.reflection).map((s) => String(s.roundId)))];
  await Promise.all(roundIds.map((rid) => api.get(`/api/rounds/${enc(rid)}`)
    .then((r) => prompts.set(rid, r.prompts || []))
    .catch((err) => { if (!(err instanceof ApiError)) throw err; })))
    .catch(() => {}); // without them the answers show under their keys
  const attended = list.filter((s) => s.status === 'held');
  const cities = new Set(attended.flatMap((s) => (s.partners || []).map((p) => `${p.prefecture}|${p.city}`)));
  clear(body,
    attended.length ? h('p', { class: 'strong', text: tn('history.overview', attended.length, { cities: tn('history.cities', cities.size) }) }) : null,
    h('ol', { class: 'history-list' }, list.map((s) => item(s, prompts.get(String(s.roundId))))));
}

function item(s, prompts) {
  const span = formatSpan(s.startsAt, s.endsAt);
  const id = `history-${s.sessionId}`;
  const partners = s.partners || [];
  const topics = s.topics || [];
  return h('li', { class: 'history-card', 'aria-labelledby': id },
    h('h2', { class: 'history-time', id, text: span }),
    h('p', { class: 'session-tags' },
      h('span', { class: ['tag', `tag-session-${STATUSES.has(s.status) ? s.status : 'other'}`],
        text: STATUSES.has(s.status) ? t(`sessions.status.${s.status}`) : String(s.status || '') }),
      h('a', { href: `#/rounds/${enc(s.roundId)}`, text: s.roundTitle })),
    h('dl', { class: 'session-facts history-facts' },
      fact(t('history.partners'), partners.length
        ? h('ul', { class: 'fact-list' }, partners.map((p) => h('li', { text: t('history.partner', { name: p.name, place: [p.prefecture, p.city].filter(Boolean).join('') }) })))
        : null),
      fact(t('history.topics'), topics.length
        ? h('ol', { class: 'fact-list' }, topics.map((x, i) => h('li', { text: i < 3 ? t('signup.rankedTopic', { rank: t(`signup.rank${i + 1}`), topic: labelText(x) }) : labelText(x) })))
        : null),
      fact(t('history.room'), s.room ? [s.room.topicLabel ? roomName(s.room, [{ ...s.room.topicLabel, key: s.room.topic }]) : s.room.name, s.room.topicLabel ? t('history.roomTopic', { topic: labelText(s.room.topicLabel) }) : null].filter(Boolean).join(' ') : null)),
    reflection(s, prompts, span),
    // What the others of a held session chose to share (partners, network), read on demand.
    s.status === 'held' ? sharedNotes(s.sessionId, { label: span }) : null);
}

function fact(label, value) {
  return h('div', {}, h('dt', { text: label }),
    h('dd', {}, value === null || value === undefined || value === '' ? h('span', { class: 'muted', text: t('common.none') }) : value));
}

function reflection(s, prompts, span) {
  const href = `#/sessions/${enc(s.sessionId)}/reflection`;
  const until = s.editableUntil ? formatInstant(s.editableUntil) : null;
  const titleId = `history-${s.sessionId}-note`;
  let parts;
  if (s.reflection) {
    parts = [readOnly(s.reflection, prompts || []),
      s.canWrite ? h('p', {},
        h('a', { class: 'btn btn-secondary btn-small', href, text: t('history.edit'), 'aria-label': `${t('history.edit')}: ${span}` }),
        until ? h('span', { class: 'block muted', text: t('reflect.editableUntil', { time: until }) }) : null) : null];
  } else if (s.canWrite) {
    parts = h('p', {},
      h('a', { class: 'btn btn-primary', href, text: t('history.write'), 'aria-label': `${t('history.write')}: ${span}` }),
      until ? h('span', { class: 'block muted', text: t('reflect.editableUntil', { time: until }) }) : null);
  } else if (s.status === 'held') {
    parts = h('p', { class: 'muted', text: t('history.notWritten') });
  } else if (s.status === 'cancelled') {
    parts = h('p', { class: 'muted', text: t('history.cancelled') });
  } else {
    parts = h('p', { class: 'muted' }, h('span', { text: t('history.notYet') }), ' ',
      h('a', { href: `#/sessions/${enc(s.sessionId)}`, text: t('home.sessionPage'), 'aria-label': `${t('home.sessionPage')}: ${span}` }));
  }
  // Named with the session's time too: every card has a note section, each must be told apart.
  return h('section', { class: 'history-note', 'aria-labelledby': `${titleId} history-${s.sessionId}` },
    h('h3', { id: titleId, text: t('history.myNote') }), parts);
}
