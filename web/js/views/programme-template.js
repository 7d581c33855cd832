// The round's programme template (進行表のひな形, #/rounds/{id}/programme; README, "The programme" and the
// API's `/api/rounds/{id}/programme-template`): the run of show every session of the round starts from —
// opening, each center's case and its questions, breakout rooms by topic, share-back, closing. The
// coordinator changes minutes and titles (Japanese first, English optional), adds, removes and reorders
// steps, sees the total against the sessions' length and how many sessions follow the template, saves it
// (PUT) or goes back to the default (DELETE). Others who see the round read it.

import { h, append, clear } from '../dom.js';
import { t, tn, formatNumber } from '../i18n.js';
import { api, ApiError } from '../api.js';
import {
  heading, loading, errorBox, notice, formErrors, busy, confirmDialog, setFlash, saveAndRedraw,
} from '../ui.js';
import { caseStyles } from '../case-common.js';
import { stepEditor, stepTitle, totalText, problemText } from '../programme-steps.js';

const enc = encodeURIComponent;

export async function render(root, ctx) {
  await caseStyles();
  const { id } = ctx.params;
  ctx.setTitle(t('progTpl.title'));
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back' }, h('a', { href: `#/rounds/${enc(id)}`, text: t('progTpl.back') })),
    heading(t('progTpl.title')), body);
  let tpl;
  let round;
  let sessions;
  try {
    [tpl, round, sessions] = await Promise.all([
      api.get(`/api/rounds/${enc(id)}/programme-template`),
      api.get(`/api/rounds/${enc(id)}`),
      api.get(`/api/rounds/${enc(id)}/sessions`).then((r) => r.sessions || []).catch(() => []),
    ]);
  } catch (err) {
    const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
    clear(body, errorBox(err, final ? null : () => ctx.rerender()));
    return;
  }
  ctx.setTitle(`${t('progTpl.title')} – ${round.title}`);
  const lengths = sessions.filter((s) => s.status !== 'cancelled' && s.startsAt && s.endsAt)
    .map((s) => Math.round((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60000));
  clear(body,
    h('p', { class: 'lead', text: round.title }),
    h('p', { text: t('progTpl.lead') }),
    sessionsPart(tpl),
    tpl.canEdit ? editor(id, tpl, lengths, ctx) : readOnly(tpl));
}

/** How many of the round's sessions the saved template concerns (the server's counts). */
function sessionsPart(tpl) {
  const s = tpl.sessions || { count: 0, following: 0, tooShort: 0 };
  return h('section', { class: 'panel programme-sessions', 'aria-labelledby': 'pt-sessions' },
    h('h2', { id: 'pt-sessions', text: t('progTpl.sessions.title') }),
    h('p', { 'data-part': 'saved-total', text: t(tpl.edited ? 'progTpl.savedEdited' : 'progTpl.savedDefault', { total: formatNumber(tpl.totalMinutes) }) }),
    s.count ? h('p', { 'data-part': 'following', text: t('progTpl.sessions.following', { count: formatNumber(s.count), following: formatNumber(s.following) }) })
      : h('p', { class: 'muted', text: t('progTpl.sessions.none') }),
    s.tooShort ? notice('warning', tn('progTpl.sessions.tooShort', s.tooShort, { total: formatNumber(tpl.totalMinutes) }))
      : (s.following ? h('p', { 'data-part': 'fits', text: t('progTpl.sessions.allFit') }) : null));
}

function readOnly(tpl) {
  return h('section', { class: 'section', 'aria-labelledby': 'pt-steps' },
    h('h2', { id: 'pt-steps', text: t('progTpl.steps') }),
    h('ol', { class: 'programme-list' }, tpl.steps.map((s) => h('li', {},
      h('span', { class: 'strong', text: stepTitle(s) }),
      h('span', { text: ` ${s.minutes ? t('runSheet.minutesValue', { minutes: String(s.minutes) }) : t('progTpl.caseOwnMinutes', { minutes: String(tpl.defaultCaseMinutes) })}` })))),
    h('p', { class: 'hint', text: t('progTpl.readOnly') }));
}

function editor(roundId, tpl, lengths, ctx) {
  const fields = {};
  const total = h('p', { class: 'programme-total strong', 'data-part': 'total', role: 'status' });
  const fit = h('p', { 'data-part': 'fit' });
  const steps = stepEditor({ steps: tpl.steps, kinds: tpl.kinds, defaultCaseMinutes: tpl.defaultCaseMinutes, fields, onChange: update });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', text: t('progTpl.save') });
  const reset = h('button', { type: 'button', class: 'btn btn-danger-outline', text: t('progTpl.reset'), disabled: !tpl.edited });
  const form = h('form', { class: 'form form-wide', novalidate: true },
    steps.el,
    h('div', { class: 'panel programme-sum' }, total, fit),
    h('div', { class: 'actions' }, save, reset));
  const errors = formErrors(form, fields, { failedTitle: t('progTpl.saveFailed') });

  function update(sum) {
    total.textContent = totalText(sum);
    if (!lengths.length) {
      fit.textContent = t('progTpl.noSessionLength');
      fit.className = 'muted';
      return;
    }
    const min = Math.min(...lengths);
    const max = Math.max(...lengths);
    const short = lengths.filter((l) => l < sum).length;
    const span = min === max ? t('progTpl.length', { minutes: formatNumber(min) })
      : t('progTpl.lengthRange', { min: formatNumber(min), max: formatNumber(max) });
    fit.textContent = short ? `${span} ${tn('progTpl.overLength', short, { over: formatNumber(sum - min) })}` : `${span} ${t('progTpl.fitsLength')}`;
    fit.className = short ? 'notice notice-warning' : '';
  }
  update(steps.total());

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const problems = [];
    const body = { steps: steps.collect(problems) };
    if (problems.length) {
      errors.show(problems);
      return;
    }
    saveAndRedraw(save, errors, {
      send: () => api.put(`/api/rounds/${enc(roundId)}/programme-template`, body), flash: t('progTpl.saved'), redraw: () => ctx.rerender(), problemText,
    });
  });

  reset.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: t('progTpl.resetTitle'), message: t('progTpl.resetMessage'), confirmLabel: t('progTpl.resetConfirm'), danger: true,
    });
    if (!ok) return;
    busy(reset, async () => {
      try {
        await api.del(`/api/rounds/${enc(roundId)}/programme-template`);
        setFlash(t('progTpl.wasReset'));
        ctx.rerender();
      } catch (err) {
        errors.showError(err);
      }
    });
  });

  return form;
}
