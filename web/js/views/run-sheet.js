// The facilitator's printable run sheet (#/sessions/{id}/run-sheet; README, "The programme"): the
// programme with its clock times, each case with its presenters and the questions sent in advance, and
// the breakout rooms with who is in each. Printed on A4 without the site's header (css/cases.css).

import { h, append, clear } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { heading, loading, errorBox, notice } from '../ui.js';
import { formatSpan } from '../time.js';
import { caseStyles, topicLabel } from '../case-common.js';

const enc = encodeURIComponent;

export async function render(root, ctx) {
  await caseStyles();
  const id = ctx.params.id;
  ctx.setTitle(t('runSheet.title'));
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back no-print' }, h('a', { href: `#/sessions/${enc(id)}/cases`, text: t('caseSession.back') })),
    heading(t('runSheet.title')), body);
  let p;
  let cases;
  let board = null;
  try {
    [p, cases, board] = await Promise.all([
      api.get(`/api/sessions/${enc(id)}/programme`),
      api.get(`/api/sessions/${enc(id)}/cases`),
      // The room board is the facilitator's and coordinators'; others print the room names only.
      api.get(`/api/sessions/${enc(id)}/rooms`).catch(() => null),
    ]);
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  const questions = await Promise.all(cases.centers.map((c) => (c.case
    ? api.get(`/api/cases/${enc(c.case.id)}/questions`).then((q) => q.questions).catch(() => [])
    : Promise.resolve([]))));
  root.classList.add('run-sheet');
  const en = getLang() === 'en';
  const sep = t('common.listSep');
  clear(body,
    h('p', { class: 'lead run-sheet-when', text: `${p.roundTitle || ''} · ${formatSpan(p.startsAt, p.endsAt)}` }),
    h('p', { class: 'run-sheet-pair', text: cases.centers.map((c) => `${c.name}（${c.prefecture} ${c.city}）`).join(' × ') }),
    h('div', { class: 'actions no-print' },
      h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'print', text: t('runSheet.print'), onClick: () => window.print() }),
      h('span', { class: 'hint', text: t('runSheet.printHint') })),
    p.fits ? null : notice('warning', t('runSheet.tooLong', { minutes: String(p.overBy) })),
    h('section', { class: 'run-sheet-part', 'aria-labelledby': 'rs-programme' },
      h('h2', { id: 'rs-programme', text: t('runSheet.programme') }),
      h('table', { class: 'data-table run-sheet-table' },
        h('caption', { class: 'vh', text: t('runSheet.programme') }),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col', text: t('runSheet.time') }), h('th', { scope: 'col', text: t('runSheet.item') }),
          h('th', { scope: 'col', text: t('runSheet.minutes') }))),
        h('tbody', {}, p.items.map((i) => h('tr', {},
          h('td', { class: 'rs-time', text: `${i.starts}–${i.ends}` }),
          h('td', {}, h('span', { class: 'strong block', text: en ? i.en : i.ja }),
            (en ? i.detailEn : i.detailJa) ? h('span', { class: 'block', text: en ? i.detailEn : i.detailJa }) : null),
          h('td', { class: 'num', text: t('runSheet.minutesValue', { minutes: String(i.minutes) }) }))))),
      h('p', { class: 'hint', text: t('runSheet.total', { total: String(p.totalMinutes), session: String(p.sessionMinutes) }) }),
      // Who may change the programme (the answer's canEdit: its facilitator, coordinators) finds the editor here.
      p.canEdit && p.status !== 'cancelled' ? h('p', { class: 'no-print' }, h('a', { class: 'btn btn-secondary', href: `#/sessions/${enc(id)}/programme`, text: t('sessProg.link') })) : null),
    h('section', { class: 'run-sheet-part', 'aria-labelledby': 'rs-cases' },
      h('h2', { id: 'rs-cases', text: t('runSheet.cases') }),
      h('ul', { class: 'plain-list run-sheet-cases' }, cases.centers.map((c, n) => h('li', {},
        h('h3', { text: c.name }),
        c.case ? h('p', { class: 'strong', text: c.case.title || t('cases.untitled') }) : h('p', { text: t('runSheet.noCase') }),
        c.case ? h('p', { text: t('runSheet.presenters', { names: (c.case.presenters || []).map((x) => x.name).join(sep) || t('runSheet.nobody') }) }) : null,
        c.case && c.case.minutes ? h('p', { text: t('runSheet.minutesValue', { minutes: String(c.case.minutes) }) }) : null,
        questions[n].length ? h('div', {}, h('p', { class: 'strong', text: t('runSheet.questions') }),
          h('ol', {}, questions[n].map((q) => h('li', {},
            h('span', { class: 'prewrap block', text: q.text }),
            h('span', { class: 'hint block', text: q.answer ? `${t('cases.answer')}: ${q.answer}` : t('cases.unanswered') }))))) : null)))),
    roomsPart(p, board, en, sep));
}

function roomsPart(p, board, en, sep) {
  const rooms = board ? board.rooms : (p.rooms || []).map((r) => ({ name: r.name, topic: r.topic, members: null }));
  const topics = board ? board.topics : [];
  return h('section', { class: 'run-sheet-part', 'aria-labelledby': 'rs-rooms' },
    h('h2', { id: 'rs-rooms', text: t('runSheet.rooms') }),
    rooms.length ? h('ol', { class: 'run-sheet-rooms' }, rooms.map((r) => h('li', {},
      h('span', { class: 'strong', text: r.name }),
      // Room names carry their topic already (防災・減災 1); the topic is named only when they do not.
      r.topic && topics.length && !String(r.name).startsWith(topicLabel(r.topic, topics)) ? h('span', { text: ` · ${topicLabel(r.topic, topics)}` }) : null,
      r.members ? h('span', { class: 'block', text: r.members.map((m) => (m.city ? `${m.name}（${m.city}）` : m.name)).join(sep) || t('runSheet.nobody') }) : null)))
      : h('p', { text: t('runSheet.noRooms') }));
}
