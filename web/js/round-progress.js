// The coordinator's standing "what still needs doing" for a round whose pairs are published (#16,
// README "What still needs doing"): the pairs without a session and why, who has not answered any
// candidate time, one button that reminds exactly those (once a day at most, by e-mail), and what
// planning again would change; and (#17) the sessions whose case studies are missing or still drafts,
// each linking to the session's cases. Shown at the top of the round's dates-and-answers part.

import { h, clear, focusOn } from './dom.js';
import { t, tn, formatNumber } from './i18n.js';
import { api, ApiError } from './api.js';
import { loading, errorBox, notice, busy, confirmDialog, describeError } from './ui.js';
import { formatInstant } from './time.js';

const REASONS = new Set(['no_common_slot', 'no_free_slot', 'no_facilitator', 'no_licence', 'no_hosts', 'replan_places']);

/** url: the round's API address; pairName(pairId): "ペア 3：名取… – 松江…". */
export function roundProgress({ url, pairName }) {
  const content = h('div', {}, loading());
  const result = h('div', {});
  const el = h('section', { class: 'section panel progress-panel', 'aria-labelledby': 'progress-title' },
    h('h2', { id: 'progress-title', text: t('progress.title') }), result, content);
  let last = null;

  async function load() {
    clear(content, loading());
    try {
      last = await api.get(`${url}/progress`);
    } catch (err) {
      last = null;
      clear(content, errorBox(err, load));
      return null;
    }
    draw();
    return last;
  }

  function draw() {
    const pairs = last.pairsWithoutSession || [];
    const people = last.unanswered || [];
    const cases = last.cases || [];
    if (!pairs.length && !people.length && !cases.length) {
      clear(content, h('p', { class: 'strong', text: t('progress.nothing') }));
      return;
    }
    clear(content,
      pairs.length ? pairsPart(pairs) : h('p', { text: t('progress.everyPair') }),
      people.length ? peoplePart(people) : h('p', { text: t('progress.everyoneAnswered') }),
      cases.length ? casesPart(cases) : null);
  }

  /** Sessions with a center whose case is not submitted, next due first; each links to the session's cases. */
  function casesPart(sessions) {
    const centers = sessions.reduce((n, s) => n + s.centers.length, 0);
    return h('div', { class: 'progress-part', id: 'progress-cases' },
      h('h3', { text: tn('progress.casesTitle', centers) }),
      h('p', { class: 'hint', text: t('progress.casesLead') }),
      h('ul', { class: 'unplaced-list progress-cases' }, sessions.map((s) => h('li', { 'data-session-id': String(s.sessionId) },
        h('a', { class: 'strong block', href: `#/sessions/${encodeURIComponent(s.sessionId)}/cases`,
          text: t('progress.casesSession', { time: formatInstant(s.startsAt), pair: (s.pair || []).join(' – ') }) }),
        h('span', { class: s.overdue ? 'block strong' : 'block', text: t(s.overdue ? 'progress.casesOverdue' : 'progress.casesDue', { time: formatInstant(s.dueAt) }) }),
        h('ul', { class: 'inline-list' }, s.centers.map((c) => h('li', { 'data-center-id': String(c.centerId), 'data-case-state': c.state },
          h('span', { text: t('progress.caseCenter', { center: c.centerName, state: t(`caseSession.state.${c.state}`) }) }))))))));
  }

  function pairsPart(pairs) {
    return h('div', { class: 'progress-part' },
      h('h3', { text: tn('progress.pairsTitle', pairs.length) }),
      h('ul', { class: 'unplaced-list' }, pairs.map((p) => h('li', {},
        h('span', { class: 'strong block', text: pairName(p.pairId) }),
        h('span', { text: REASONS.has(p.reason) ? t(`progress.reason.${p.reason}`) : String(p.reason || '') })))));
  }

  function peoplePart(people) {
    const reachable = people.filter((p) => p.canSignIn);
    const unreachable = people.length - reachable.length;
    const due = reachable.filter((p) => !p.remindedAt || Date.now() - new Date(p.remindedAt).getTime() > 24 * 3600 * 1000);
    const byCenter = new Map();
    for (const p of people) {
      const key = p.centerName || '';
      if (!byCenter.has(key)) byCenter.set(key, []);
      byCenter.get(key).push(p);
    }
    const button = h('button', { type: 'button', class: 'btn btn-primary', text: tn('progress.remind', due.length), disabled: !due.length });
    button.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: tn('progress.remindTitle', due.length),
        message: t('progress.remindBody'),
        confirmLabel: t('progress.remindConfirm'),
      });
      if (!ok) return;
      try {
        const sent = await busy(button, () => api.post(`${url}/reminders`));
        const box = notice('success', tn('progress.reminded', sent.reminded),
          sent.recentlyReminded ? tn('progress.recentlyReminded', sent.recentlyReminded) : null);
        clear(result, box);
        await load();
        focusOn(box);
      } catch (err) {
        const box = notice('error', err instanceof ApiError && err.code === 'round_closed' ? t('progress.closed') : describeError(err));
        clear(result, box);
        focusOn(box);
      }
    });
    return h('div', { class: 'progress-part' },
      h('h3', { text: tn('progress.peopleTitle', people.length) }),
      h('p', { class: 'hint', text: t('progress.peopleLead') }),
      h('details', { class: 'columns' }, h('summary', { text: tn('progress.showPeople', people.length) }),
        h('ul', { class: 'plain-list progress-people' }, [...byCenter.entries()].map(([center, list]) => h('li', {},
          h('span', { class: 'strong block', text: t('progress.center', { center, count: formatNumber(list.length) }) }),
          h('ul', { class: 'inline-list' }, list.map((p) => h('li', {},
            h('span', { text: p.name }),
            !p.canSignIn ? h('span', { class: 'muted', text: ` ${t('progress.cannotSignIn')}` })
              : p.remindedAt ? h('span', { class: 'muted', text: ` ${t('progress.remindedAt', { time: formatInstant(p.remindedAt) })}` }) : null))))))),
      unreachable ? h('p', { class: 'hint', text: tn('progress.unreachable', unreachable) }) : null,
      h('div', { class: 'actions' }, button),
      !due.length && reachable.length ? h('p', { class: 'hint', text: t('progress.allRecentlyReminded') }) : null);
  }

  /** What planning again would change, in words for the confirmation (null when it is not known). */
  async function replanText() {
    const p = await load();
    const r = p && p.replan;
    if (!r || !r.possible) return null;
    return t('progress.replanPreview', {
      sessions: tn('progress.sessions', r.sessions), changed: formatNumber(r.changed),
      cancelled: formatNumber(r.cancelled), emails: tn('progress.emails', r.emails),
    });
  }

  return { el, load, replanText };
}
