// The step editor both programme screens share (README, "The programme"): the round's template
// (#/rounds/{id}/programme) and one session's own programme (#/sessions/{id}/programme). Steps of known
// kinds (each once) and custom ones, each with its minutes and titles (Japanese, English optional), added,
// removed and reordered; the running total as one types; the same checks and the server's 422 in the
// viewer's language. The server checks them again and computes the clock times.

import { h, clear, uid } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { field, localizeProblem } from './ui.js';
import { orderedRows } from './ordered-rows.js';

export const CASE_KINDS = new Set(['caseA', 'caseB']);

/** The kinds of step, as the round template's answer lists them (`kinds`), for when it is not at hand. */
export const KINDS = ['opening', 'caseA', 'questionsA', 'caseB', 'questionsB', 'rooms', 'shareBack', 'closing', 'custom'];

export function kindLabel(kind) {
  return t(`progTpl.kind.${kind}`);
}

/** A step's title for reading: its own, else the kind's (a case step shows the center's case). */
export function stepTitle(step) {
  return step.ja || kindLabel(step.kind);
}

/**
 * The editor of a list of steps. fields: the form's field map (the steps' fields are added to it as the
 * API names them, `steps`, `steps[i].minutes` …); defaultCaseMinutes: a case's minutes when it has none;
 * caseMinutes(kind): the minutes a case step without its own takes (for the total); onChange(total): after every change, with the running total.
 * Returns {el, total(), collect(problems)}: collect gives the steps to send, adding a problem per bad field.
 */
export function stepEditor({ steps, kinds = KINDS, defaultCaseMinutes, caseMinutes = () => defaultCaseMinutes, fields,
  onChange = () => {} }) {
  const listError = h('p', { class: 'field-error', id: uid('pt-steps-error'), hidden: true });
  const addKind = h('select', { id: uid('pt-add-kind') });
  const addButton = h('button', { type: 'button', class: 'btn btn-secondary', text: t('progTpl.add') });
  const rowsEditor = orderedRows({
    prefix: 'steps',
    fields,
    legendOf: (row, i) => t('progTpl.item', { n: String(i + 1), kind: kindLabel(row.data.kind) }),
    aliases: { kind: 'ja' },
    onChange: () => { refreshKinds(); onChange(total()); },
    fallback: () => addKind,
  });
  const { rows } = rowsEditor;
  fields.steps = {
    name: 'steps',
    label: t('progTpl.steps'),
    el: listError,
    setError(message) {
      listError.hidden = !message;
      clear(listError, message ? h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }) : null, message || '');
    },
    focus() { (rows[0] ? rows[0].fields.minutes : addKind).focus(); },
  };

  function minutesOf(row) {
    const v = row.fields.minutes.value;
    if (v === '') return CASE_KINDS.has(row.data.kind) ? caseMinutes(row.data.kind) : 0;
    const n = Number(v);
    return Number.isFinite(n) ? n : 0;
  }

  function total() {
    return rows.reduce((a, r) => a + minutesOf(r), 0);
  }

  function refreshKinds() {
    const used = new Set(rows.map((r) => r.data.kind));
    const chosen = addKind.value;
    clear(addKind, kinds.filter((k) => k === 'custom' || !used.has(k))
      .map((k) => h('option', { value: k, text: kindLabel(k), selected: k === chosen })));
    addButton.disabled = rows.length >= 30;
  }

  function addRow(step, focus) {
    const caseStep = CASE_KINDS.has(step.kind);
    const parts = {
      ja: field({ name: 'ja', label: t('progTpl.part.ja'), value: step.ja || '', required: !caseStep,
        hint: caseStep ? t('progTpl.caseTitleHint') : null, attrs: { lang: 'ja', maxlength: 100 } }),
      en: field({ name: 'en', label: t('progTpl.part.en'), value: step.en || '', attrs: { lang: 'en', maxlength: 100 } }),
      minutes: field({ name: 'minutes', label: t('progTpl.part.minutes'), type: 'number', value: step.minutes ?? '',
        required: !caseStep, hint: caseStep ? t('progTpl.caseMinutesHint', { minutes: String(defaultCaseMinutes) }) : null,
        attrs: { inputmode: 'numeric', min: 1, max: 240, step: 1, class: 'minutes-input' } }),
    };
    parts.minutes.input.addEventListener('input', () => onChange(total()));
    rowsEditor.add({ parts, data: { kind: step.kind }, attrs: { 'data-kind': step.kind }, focus });
  }

  addButton.addEventListener('click', () => {
    if (!addKind.value) return;
    addRow({ kind: addKind.value }, true);
  });
  steps.forEach((s) => addRow(s, false));
  rowsEditor.renumber();

  function collect(problems) {
    if (!rows.length) problems.push({ field: 'steps', message: t('progTpl.error.required') });
    return rows.map((row, i) => {
      const out = { kind: row.data.kind };
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

  const el = h('section', { class: 'section', 'aria-labelledby': 'pt-steps' },
    h('h2', { id: 'pt-steps', text: t('progTpl.steps') }),
    h('p', { class: 'hint', id: 'pt-steps-hint', text: t('progTpl.stepsHint', { minutes: String(defaultCaseMinutes) }) }),
    listError, rowsEditor.list,
    h('div', { class: 'field programme-add' },
      h('label', { for: addKind.id }, h('span', { class: 'label-text', text: t('progTpl.addKind') })),
      h('div', { class: 'row-actions' }, addKind, addButton)));
  return { el, total, collect };
}

/** The running total's line. */
export function totalText(total) {
  return t('progTpl.total', { total: formatNumber(total) });
}

/** A problem of the server's 422 in the viewer's language, by its code (README, the programme routes). */
export function problemText(p) {
  switch (p.code) {
    case 'out_of_range': return t('progTpl.error.minutes');
    case 'duplicate': return t('progTpl.error.duplicate');
    case 'too_many': return t('progTpl.error.tooMany');
    case 'invalid': return p.field && p.field.endsWith('.kind') ? t('progTpl.error.kind') : localizeProblem(p.message);
    case 'required': return p.field === 'steps' ? t('progTpl.error.required') : t('form.error.required');
    default: return localizeProblem(p.message);
  }
}
