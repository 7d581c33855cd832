// A session's case studies (#/sessions/{id}/cases; README, "Case studies"): each center of the pair with
// its case's state and due date, where one writes one's own center's case and reads the partner's, and
// the programme with its clock times and the link to the printable run sheet.

import { h, append, clear } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api } from '../api.js';
import { heading, loading, errorBox, notice } from '../ui.js';
import { formatInstant, formatSpan } from '../time.js';
import { caseStyles } from '../case-common.js';

const enc = encodeURIComponent;

/** not_started, draft or submitted: a center's case as the coordinator and the pair see it. */
export function caseState(c) {
  if (!c) return 'not_started';
  return c.status === 'submitted' ? 'submitted' : 'draft';
}

export async function render(root, ctx) {
  await caseStyles();
  const id = ctx.params.id;
  ctx.setTitle(t('caseSession.title'));
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back' }, h('a', { href: `#/sessions/${enc(id)}`, text: t('caseSession.toSession') })),
    heading(t('caseSession.title')), body);
  let data;
  let programme = null;
  try {
    [data, programme] = await Promise.all([api.get(`/api/sessions/${enc(id)}/cases`),
      api.get(`/api/sessions/${enc(id)}/programme`).catch(() => null)]);
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  const late = Date.now() > new Date(data.dueAt).getTime();
  clear(body,
    h('p', { class: 'lead', text: `${data.roundTitle || ''} · ${formatSpan(data.startsAt, programme ? programme.endsAt : data.startsAt)}` }),
    h('p', { class: late ? 'strong due-late' : 'strong', text: t('caseSession.due', { time: formatInstant(data.dueAt) }) }),
    // Coordinators change the sections and the due days in the round's case template (README, "Case studies").
    data.canEditTemplate ? h('p', {}, h('a', { href: `#/rounds/${enc(data.roundId)}/case-template`, text: t('caseTpl.link') })) : null,
    data.status === 'cancelled' ? notice('error', t('caseSession.cancelled')) : null,
    h('ul', { class: 'case-centers' }, data.centers.map((c) => centerCard(data, c, late))),
    programme ? programmePart(id, programme) : null);
}

function centerCard(data, center, late) {
  const c = center.case;
  const state = caseState(c);
  const mine = center.canEdit;
  return h('li', { class: ['case-center', mine ? 'is-mine' : null], 'data-center-id': String(center.id), 'data-case-state': state },
    h('h2', { text: center.name }),
    h('p', { class: 'session-tags' },
      h('span', { class: ['tag', `tag-case-${state}`], text: t(`caseSession.state.${state}`) }),
      mine ? h('span', { class: 'tag tag-mine', text: t('caseSession.yours') }) : null,
      h('span', { class: 'muted', text: `${center.prefecture} ${center.city}` })),
    c && c.title ? h('p', { class: 'strong', text: c.title }) : null,
    c && c.summary ? h('p', { text: c.summary }) : null,
    c && c.updatedAt ? h('p', { class: 'hint', text: t('caseSession.updated', { time: formatInstant(c.updatedAt), name: c.updatedBy || '' }) }) : null,
    mine && state !== 'submitted' && late ? notice('warning', t('caseSession.overdue')) : null,
    h('div', { class: 'row-actions' },
      mine && data.status !== 'cancelled' ? h('a', { class: 'btn btn-primary btn-small', href: `#/sessions/${enc(data.sessionId)}/cases/${enc(center.id)}/edit`,
        text: t(c ? 'caseSession.edit' : 'caseSession.write'), 'aria-label': `${t(c ? 'caseSession.edit' : 'caseSession.write')}: ${center.name}` }) : null,
      c && c.id ? h('a', { class: 'btn btn-secondary btn-small', href: `#/cases/${enc(c.id)}`, text: t('caseSession.read'),
        'aria-label': `${t('caseSession.read')}: ${center.name}` }) : null));
}

function programmePart(id, p) {
  const en = getLang() === 'en';
  return h('section', { class: 'section', 'aria-labelledby': 'programme-title' },
    h('h2', { id: 'programme-title', text: t('runSheet.programme') }),
    p.fits ? null : notice('warning', t('runSheet.tooLong', { minutes: String(p.overBy) })),
    h('ol', { class: 'programme-list' }, p.items.map((i) => h('li', {},
      h('span', { class: 'programme-time', text: `${i.starts}–${i.ends}` }),
      h('span', { class: 'strong', text: en ? i.en : i.ja }),
      (en ? i.detailEn : i.detailJa) ? h('span', { class: 'block hint', text: en ? i.detailEn : i.detailJa }) : null))),
    h('p', { class: 'row-actions' },
      p.canEdit && p.status !== 'cancelled' ? h('a', { class: 'btn btn-secondary', href: `#/sessions/${enc(id)}/programme`, text: t('sessProg.link') }) : null,
      h('a', { class: 'btn btn-secondary', href: `#/sessions/${enc(id)}/run-sheet`, text: t('runSheet.open') })));
}
