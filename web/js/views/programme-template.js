// The round's programme template (進行表のひな形, #/rounds/{id}/programme; README, "The programme" and the
// API's `/api/rounds/{id}/programme-template`): the run of show every session of the round starts from —
// opening, each center's case and its questions, breakout rooms by topic, share-back, closing. The
// coordinator changes minutes and titles (Japanese first, English optional), adds, removes and reorders
// steps, sees the total against the sessions' length and how many sessions follow the template, saves it
// (PUT) or goes back to the default (DELETE). Others who see the round read it.

import { h, append, clear, uid } from '../dom.js';
import { t, tn, formatNumber } from '../i18n.js';
import { api, ApiError } from '../api.js';
import {
  heading, loading, errorBox, notice, field, formErrors, busy, confirmDialog, localizeProblem, setFlash,
} from '../ui.js';
import { caseStyles } from '../case-common.js';

const enc = encodeURIComponent;
const CASE_KINDS = new Set(['caseA', 'caseB']);

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

function kindLabel(kind) {
  return t(`progTpl.kind.${kind}`);
}

/** A step's title for reading: its own, else the kind's (a case step shows the center's case). */
function stepTitle(step) {
  return step.ja || kindLabel(step.kind);
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
  const rows = [];
  const list = h('ol', { class: 'label-rows programme-steps' });
  const listError = h('p', { class: 'field-error', id: uid('pt-steps-error'), hidden: true });
  const stepsGroup = {
    name: 'steps',
    label: t('progTpl.steps'),
    el: null,
    setError(message) {
      listError.hidden = !message;
      clear(listError, message ? h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }) : null, message || '');
    },
    focus() { (rows[0] ? rows[0].fields.minutes : addKind).focus(); },
  };
  fields.steps = stepsGroup;
  const total = h('p', { class: 'programme-total strong', 'data-part': 'total', role: 'status' });
  const fit = h('p', { 'data-part': 'fit' });
  const addKind = h('select', { id: uid('pt-add-kind') });
  const addButton = h('button', { type: 'button', class: 'btn btn-secondary', text: t('progTpl.add') });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', text: t('progTpl.save') });
  const reset = h('button', { type: 'button', class: 'btn btn-danger-outline', text: t('progTpl.reset'), disabled: !tpl.edited });
  const form = h('form', { class: 'form form-wide', novalidate: true },
    h('section', { class: 'section', 'aria-labelledby': 'pt-steps' },
      h('h2', { id: 'pt-steps', text: t('progTpl.steps') }),
      h('p', { class: 'hint', id: 'pt-steps-hint', text: t('progTpl.stepsHint', { minutes: String(tpl.defaultCaseMinutes) }) }),
      listError, list,
      h('div', { class: 'field programme-add' },
        h('label', { for: addKind.id }, h('span', { class: 'label-text', text: t('progTpl.addKind') })),
        h('div', { class: 'row-actions' }, addKind, addButton))),
    h('div', { class: 'panel programme-sum' }, total, fit),
    h('div', { class: 'actions' }, save, reset));
  const errors = formErrors(form, fields, { failedTitle: t('progTpl.saveFailed') });

  function minutesOf(row) {
    const v = row.fields.minutes.value;
    if (v === '') return CASE_KINDS.has(row.kind) ? tpl.defaultCaseMinutes : 0;
    const n = Number(v);
    return Number.isFinite(n) ? n : 0;
  }

  function update() {
    const sum = rows.reduce((a, r) => a + minutesOf(r), 0);
    total.textContent = t('progTpl.total', { total: formatNumber(sum) });
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

  function refreshKinds() {
    const used = new Set(rows.map((r) => r.kind));
    clear(addKind, (tpl.kinds || []).filter((k) => k === 'custom' || !used.has(k))
      .map((k) => h('option', { value: k, text: kindLabel(k) })));
    addButton.disabled = rows.length >= 30;
  }

  function renumber() {
    for (const name of Object.keys(fields)) if (name.startsWith('steps[')) delete fields[name];
    rows.forEach((row, i) => {
      const item = t('progTpl.item', { n: String(i + 1), kind: kindLabel(row.kind) });
      row.legend.textContent = item;
      row.up.disabled = i === 0;
      row.down.disabled = i === rows.length - 1;
      row.up.setAttribute('aria-label', t('progTpl.upItem', { item }));
      row.down.setAttribute('aria-label', t('progTpl.downItem', { item }));
      row.remove.setAttribute('aria-label', t('progTpl.removeItem', { item }));
      for (const part of ['ja', 'en', 'minutes']) {
        row.fields[part].label = `${item}: ${t(`progTpl.part.${part}`)}`;
        fields[`steps[${i}].${part}`] = row.fields[part];
      }
      fields[`steps[${i}].kind`] = { ...row.fields.ja, label: item, setError: row.fields.ja.setError };
      row.el.dataset.index = String(i);
    });
    refreshKinds();
    update();
  }

  function move(row, by) {
    const at = rows.indexOf(row);
    const to = at + by;
    if (to < 0 || to >= rows.length) return;
    rows.splice(at, 1);
    rows.splice(to, 0, row);
    list.insertBefore(row.el, by < 0 ? rows[to + 1].el : rows[to - 1].el.nextSibling);
    renumber();
    (by < 0 ? (row.up.disabled ? row.down : row.up) : (row.down.disabled ? row.up : row.down)).focus();
  }

  function addRow(step, focus) {
    const caseStep = CASE_KINDS.has(step.kind);
    const parts = {
      ja: field({ name: 'ja', label: t('progTpl.part.ja'), value: step.ja || '', required: !caseStep,
        hint: caseStep ? t('progTpl.caseTitleHint') : null, attrs: { lang: 'ja', maxlength: 100 } }),
      en: field({ name: 'en', label: t('progTpl.part.en'), value: step.en || '', attrs: { lang: 'en', maxlength: 100 } }),
      minutes: field({ name: 'minutes', label: t('progTpl.part.minutes'), type: 'number', value: step.minutes ?? '',
        required: !caseStep, hint: caseStep ? t('progTpl.caseMinutesHint', { minutes: String(tpl.defaultCaseMinutes) }) : null,
        attrs: { inputmode: 'numeric', min: 1, max: 240, step: 1, class: 'minutes-input' } }),
    };
    const legend = h('legend', {});
    const up = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('progTpl.up') });
    const down = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('progTpl.down') });
    const remove = h('button', { type: 'button', class: 'btn btn-danger-outline btn-small', text: t('progTpl.remove') });
    const row = { kind: step.kind, fields: parts, legend, up, down, remove };
    row.el = h('li', { 'data-kind': step.kind }, h('fieldset', { class: 'label-row programme-step' }, legend,
      h('div', { class: 'label-row-fields' }, parts.ja.el, parts.en.el, parts.minutes.el),
      h('div', { class: 'row-actions' }, up, down, remove)));
    parts.minutes.input.addEventListener('input', update);
    up.addEventListener('click', () => move(row, -1));
    down.addEventListener('click', () => move(row, 1));
    remove.addEventListener('click', () => {
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      row.el.remove();
      renumber();
      const next = rows[at] || rows[at - 1];
      (next ? next.fields.ja : addKind).focus();
    });
    rows.push(row);
    list.append(row.el);
    renumber();
    if (focus) parts.ja.focus();
  }

  addButton.addEventListener('click', () => {
    if (!addKind.value) return;
    addRow({ kind: addKind.value }, true);
  });
  tpl.steps.forEach((s) => addRow(s, false));
  renumber();

  function collect(problems) {
    if (!rows.length) problems.push({ field: 'steps', message: t('progTpl.error.required') });
    return rows.map((row, i) => {
      const out = { kind: row.kind };
      const ja = row.fields.ja.value;
      const en = row.fields.en.value;
      const m = row.fields.minutes.value;
      if (ja) out.ja = ja;
      if (en) out.en = en;
      if (m !== '') {
        if (!/^\d+$/.test(m)) problems.push({ field: `steps[${i}].minutes`, message: t('progTpl.error.minutes') });
        else out.minutes = Number(m);
      }
      return out;
    });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const problems = [];
    const steps = collect(problems);
    if (problems.length) {
      errors.show(problems);
      return;
    }
    busy(save, async () => {
      try {
        await api.put(`/api/rounds/${enc(roundId)}/programme-template`, { steps });
        setFlash(t('progTpl.saved'));
        ctx.rerender();
      } catch (err) {
        if (err instanceof ApiError && err.problems && err.problems.length) {
          errors.show(err.problems.map((p) => ({ field: p.field, message: problemText(p) })));
        } else {
          errors.showError(err);
        }
      }
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

/** A problem of the server's 422 in the viewer's language, by its code (README, the programme template's route). */
function problemText(p) {
  switch (p.code) {
    case 'out_of_range': return t('progTpl.error.minutes');
    case 'duplicate': return t('progTpl.error.duplicate');
    case 'too_many': return t('progTpl.error.tooMany');
    case 'invalid': return p.field && p.field.endsWith('.kind') ? t('progTpl.error.kind') : localizeProblem(p.message);
    case 'required': return p.field === 'steps' ? t('progTpl.error.required') : t('form.error.required');
    default: return localizeProblem(p.message);
  }
}
