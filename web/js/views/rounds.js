// Training rounds: title, period, status and how many centers take part. Everyone signed in sees
// the rounds the server lets them see (staff: their own center's); coordinators open new ones.

import { h, append, clear } from '../dom.js';
import { t, tn, formatNumber, formatDateRange } from '../i18n.js';
import { api } from '../api.js';
import { heading, loading, errorBox } from '../ui.js';
import { roundStatusTag } from '../round-common.js';

export async function render(root, ctx) {
  ctx.setTitle(t('rounds.title'));
  const count = h('p', { class: 'count' });
  const body = h('div', {}, loading());
  append(root,
    h('div', { class: 'title-row' },
      heading(t('rounds.title')),
      ctx.isCoordinator ? h('a', { class: 'btn btn-primary', href: '#/rounds/new', text: t('rounds.add') }) : null),
    h('p', { class: 'lead', text: ctx.isCoordinator ? t('rounds.leadCoordinator') : t('rounds.lead') }),
    count,
    body);

  let rounds;
  try {
    rounds = (await api.get('/api/rounds')).rounds;
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  clear(count, tn('rounds.count', rounds.length));
  if (!rounds.length) {
    clear(body, h('p', { class: 'empty', text: ctx.isCoordinator ? t('rounds.emptyCoordinator') : t('rounds.empty') }));
    return;
  }
  // Newest period first: the round being prepared is the one people look for.
  const sorted = [...rounds].sort((a, b) => String(b.startsOn).localeCompare(String(a.startsOn)) || b.id - a.id);
  clear(body, table(sorted));
}

function table(rounds) {
  return h('table', { class: 'data-table cards-on-phone' },
    h('caption', { class: 'vh', text: t('rounds.tableCaption') }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: t('round.field.title') }),
      h('th', { scope: 'col', text: t('round.field.period') }),
      h('th', { scope: 'col', text: t('round.field.status') }),
      h('th', { scope: 'col', class: 'num', text: t('round.field.centerCount') }))),
    h('tbody', {}, rounds.map((r) => h('tr', {},
      h('th', { scope: 'row', 'data-label': t('round.field.title') },
        h('a', { href: `#/rounds/${encodeURIComponent(r.id)}`, text: r.title })),
      h('td', { 'data-label': t('round.field.period'), text: formatDateRange(r.startsOn, r.endsOn) }),
      h('td', { 'data-label': t('round.field.status') }, roundStatusTag(r.status)),
      h('td', { 'data-label': t('round.field.centerCount'), class: 'num',
        text: formatNumber((r.centerIds || []).length) })))));
}
