// One session's own programme (進行表の編集, #/sessions/{id}/programme; README, "The programme" and the API's
// `/api/sessions/{id}/programme`): the session's facilitator or a coordinator changes the steps the
// session starts from (its own, else the round's template, else the default) with the same step editor as
// the round's template, sees the running total against the session's length, saves them (PUT; the server
// computes the clock times shown above the editor) or returns the session to the round's programme (DELETE,
// after a confirmation). Anyone else who sees the session's cases reads the programme, and so does everyone
// once the session is cancelled (a notice says why there is no editor).

import { h, append, clear } from '../dom.js';
import { t, getLang, formatNumber } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice, formErrors, busy, confirmDialog, setFlash, saveAndRedraw } from '../ui.js';
import { formatSpan } from '../time.js';
import { caseStyles } from '../case-common.js';
import { stepEditor, totalText, problemText, CASE_KINDS, KINDS } from '../programme-steps.js';

const enc = encodeURIComponent;
const DEFAULT_CASE_MINUTES = 15;

export async function render(root, ctx) {
  await caseStyles();
  const { id } = ctx.params;
  ctx.setTitle(t('sessProg.title'));
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back' }, h('a', { href: `#/sessions/${enc(id)}/cases`, text: t('caseSession.back') })),
    heading(t('sessProg.title')), body);
  let p;
  try {
    p = await api.get(`/api/sessions/${enc(id)}/programme`);
  } catch (err) {
    const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
    clear(body, errorBox(err, final ? null : () => ctx.rerender()));
    return;
  }
  // The kinds and a case's default minutes come with the round's template, where the viewer sees the round.
  const cancelled = p.status === 'cancelled';
  const tpl = p.canEdit && !cancelled ? await api.get(`/api/rounds/${enc(p.roundId)}/programme-template`).catch(() => null) : null;
  ctx.setTitle(`${t('sessProg.title')} – ${p.roundTitle || ''}`);
  clear(body,
    h('p', { class: 'lead', text: `${p.roundTitle || ''} · ${formatSpan(p.startsAt, p.endsAt)}` }),
    // A cancelled session's programme stays as it was (the server refuses a change with 409
    // session_cancelled): said first, then the programme with no editor.
    cancelled ? h('div', { 'data-part': 'cancelled' }, notice('warning', t('sessProg.cancelled'))) : null,
    h('p', { 'data-part': 'source', class: 'strong', text: t(`sessProg.source.${p.source}`) }),
    planPart(p),
    cancelled ? null : p.canEdit ? editor(id, p, tpl, ctx) : h('p', { class: 'hint', text: t('sessProg.readOnly') }));
}

/** The saved programme with the clock times the server computed, and its warning when it runs too long. */
function planPart(p) {
  const en = getLang() === 'en';
  return h('section', { class: 'section', 'aria-labelledby': 'sp-plan' },
    h('h2', { id: 'sp-plan', text: t('sessProg.saved') }),
    p.fits ? null : notice('warning', t('runSheet.tooLong', { minutes: String(p.overBy) })),
    h('ol', { class: 'programme-list', 'data-part': 'plan' }, p.items.map((i) => h('li', { 'data-kind': i.kind },
      h('span', { class: 'programme-time', text: `${i.starts}–${i.ends}` }),
      h('span', { class: 'strong', text: en ? i.en : i.ja }),
      h('span', { text: ` ${t('runSheet.minutesValue', { minutes: String(i.minutes) })}` }),
      (en ? i.detailEn : i.detailJa) ? h('span', { class: 'block hint', text: en ? i.detailEn : i.detailJa }) : null))),
    h('p', { class: 'hint', 'data-part': 'saved-total',
      text: t('runSheet.total', { total: String(p.totalMinutes), session: String(p.sessionMinutes) }) }));
}

function editor(sessionId, p, tpl, ctx) {
  const fields = {};
  const defaultCaseMinutes = tpl ? tpl.defaultCaseMinutes : DEFAULT_CASE_MINUTES;
  // A case step left without minutes takes the case's planned minutes: as planned now (the server's items).
  const planned = Object.fromEntries(p.items.filter((i) => CASE_KINDS.has(i.kind)).map((i) => [i.kind, i.minutes]));
  const total = h('p', { class: 'programme-total strong', 'data-part': 'total', role: 'status' });
  const fit = h('p', { 'data-part': 'fit' });
  const steps = stepEditor({
    steps: p.steps, kinds: tpl ? tpl.kinds : KINDS, defaultCaseMinutes,
    caseMinutes: (kind) => planned[kind] ?? defaultCaseMinutes, fields, onChange: update,
  });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', text: t('sessProg.save') });
  const reset = h('button', { type: 'button', class: 'btn btn-danger-outline', text: t('sessProg.reset'), disabled: p.source !== 'session' });
  const form = h('form', { class: 'form form-wide', novalidate: true },
    h('p', { text: t('sessProg.lead') }),
    steps.el,
    h('div', { class: 'panel programme-sum' }, total, fit),
    h('div', { class: 'actions' }, save, reset));
  const errors = formErrors(form, fields, { failedTitle: t('sessProg.saveFailed') });

  function update(sum) {
    total.textContent = totalText(sum);
    const over = sum - p.sessionMinutes;
    fit.textContent = over > 0 ? t('sessProg.over', { session: formatNumber(p.sessionMinutes), over: formatNumber(over) })
      : t('sessProg.fits', { session: formatNumber(p.sessionMinutes) });
    fit.className = over > 0 ? 'notice notice-warning' : '';
  }
  update(steps.total());

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const problems = [];
    const sent = { steps: steps.collect(problems) };
    if (problems.length) {
      errors.show(problems);
      return;
    }
    saveAndRedraw(save, errors, {
      send: () => api.put(`/api/sessions/${enc(sessionId)}/programme`, sent), flash: t('sessProg.wasSaved'), redraw: () => ctx.rerender(), problemText,
    });
  });

  reset.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: t('sessProg.resetTitle'), message: t('sessProg.resetMessage'), confirmLabel: t('sessProg.resetConfirm'), danger: true,
    });
    if (!ok) return;
    busy(reset, async () => {
      try {
        await api.del(`/api/sessions/${enc(sessionId)}/programme`);
        setFlash(t('sessProg.wasReset'));
        ctx.rerender();
      } catch (err) {
        errors.showError(err);
      }
    });
  });

  return form;
}
