// The round's case template (事例のひな形, #/rounds/{id}/case-template; README, "Case studies" and the API's
// `/api/rounds/{id}/case-template`): the sections every case of the round is written in — Japanese titles,
// English optional — added, removed and reordered, and how many days before its session a case is due
// (7 until changed). The coordinator saves it with PUT (a 422 shown next to its field); others who see the
// round read it. A section keeps its key when renamed or moved, so what centers already wrote stays with it.

import { h, append, clear } from '../dom.js';
import { t, getLang } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, field, formErrors, localizeProblem, saveAndRedraw } from '../ui.js';
import { caseStyles } from '../case-common.js';
import { orderedRows } from '../ordered-rows.js';

const enc = encodeURIComponent;
const MAX_SECTIONS = 12;

export async function render(root, ctx) {
  await caseStyles();
  const { id } = ctx.params;
  ctx.setTitle(t('caseTpl.title'));
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back' }, h('a', { href: `#/rounds/${enc(id)}`, text: t('progTpl.back') })),
    heading(t('caseTpl.title')), body);
  let tpl;
  let round;
  try {
    [tpl, round] = await Promise.all([api.get(`/api/rounds/${enc(id)}/case-template`), api.get(`/api/rounds/${enc(id)}`)]);
  } catch (err) {
    const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
    clear(body, errorBox(err, final ? null : () => ctx.rerender()));
    return;
  }
  ctx.setTitle(`${t('caseTpl.title')} – ${round.title}`);
  clear(body,
    h('p', { class: 'lead', text: round.title }),
    h('p', { text: t('caseTpl.lead') }),
    ctx.isCoordinator ? editor(id, tpl, ctx) : readOnly(tpl));
}

function readOnly(tpl) {
  const en = getLang() === 'en';
  return h('div', {},
    h('p', { class: 'strong', 'data-part': 'due', text: t('caseTpl.dueValue', { days: String(tpl.dueDays) }) }),
    h('section', { class: 'section', 'aria-labelledby': 'ct-sections' },
      h('h2', { id: 'ct-sections', text: t('caseTpl.sections') }),
      h('ol', { class: 'programme-list' }, tpl.sections.map((s) => h('li', { class: 'strong', text: en && s.en ? s.en : s.ja })))),
    h('p', { class: 'hint', text: t('caseTpl.readOnly') }));
}

/** A key for a new section, not yet used by the others (the server wants [a-z][a-z0-9_]*, each once). */
function freshKey(rows) {
  const used = new Set(rows.map((r) => r.data.key));
  let n = rows.length + 1;
  while (used.has(`section_${n}`)) n++;
  return `section_${n}`;
}

function editor(roundId, tpl, ctx) {
  const fields = {};
  const due = field({ name: 'dueDays', label: t('caseTpl.dueDays'), type: 'number', value: tpl.dueDays, required: true,
    hint: t('caseTpl.dueHint'), attrs: { inputmode: 'numeric', min: 0, max: 60, step: 1, class: 'due-days-input' } });
  fields.dueDays = due;
  const listError = h('p', { class: 'field-error', hidden: true });
  const addButton = h('button', { type: 'button', class: 'btn btn-secondary', text: t('caseTpl.add') });
  const count = h('p', { class: 'hint', 'data-part': 'count', role: 'status' });
  const sections = orderedRows({
    prefix: 'sections',
    fields,
    legendOf: (row, i) => t('caseTpl.item', { n: String(i + 1) }),
    aliases: { key: 'ja', '': 'ja' },
    onChange: () => {
      addButton.disabled = sections.rows.length >= MAX_SECTIONS;
      count.textContent = t('caseTpl.count', { count: String(sections.rows.length), max: String(MAX_SECTIONS) });
    },
    fallback: () => addButton,
  });
  fields.sections = {
    name: 'sections',
    label: t('caseTpl.sections'),
    el: listError,
    setError(message) {
      listError.hidden = !message;
      clear(listError, message ? h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }) : null, message || '');
    },
    focus() { (sections.rows[0] ? sections.rows[0].first : addButton).focus(); },
  };

  function addSection(s, focus) {
    sections.add({
      data: { key: s.key || freshKey(sections.rows) },
      attrs: { 'data-key': s.key || '' },
      parts: {
        ja: field({ name: 'ja', label: t('caseTpl.part.ja'), value: s.ja || '', required: true, attrs: { lang: 'ja', maxlength: 100 } }),
        en: field({ name: 'en', label: t('caseTpl.part.en'), value: s.en || '', attrs: { lang: 'en', maxlength: 100 } }),
      },
      focus,
    });
  }
  tpl.sections.forEach((s) => addSection(s, false));
  addButton.addEventListener('click', () => addSection({}, true));

  const save = h('button', { type: 'submit', class: 'btn btn-primary', text: t('caseTpl.save') });
  const form = h('form', { class: 'form form-wide', novalidate: true },
    due.el,
    h('section', { class: 'section', 'aria-labelledby': 'ct-sections' },
      h('h2', { id: 'ct-sections', text: t('caseTpl.sections') }),
      h('p', { class: 'hint', text: t('caseTpl.sectionsHint') }),
      listError, sections.list, count,
      h('div', { class: 'row-actions' }, addButton)),
    h('div', { class: 'actions' }, save));
  const errors = formErrors(form, fields, { failedTitle: t('caseTpl.saveFailed') });

  function collect(problems) {
    const d = due.value;
    if (!/^\d+$/.test(d)) problems.push({ field: 'dueDays', message: t('caseTpl.error.dueDays') });
    if (!sections.rows.length) problems.push({ field: 'sections', message: t('caseTpl.error.required') });
    const out = sections.rows.map((row, i) => {
      const s = { key: row.data.key, ja: row.fields.ja.value };
      if (!s.ja) problems.push({ field: `sections[${i}].ja`, message: t('form.error.required') });
      const en = row.fields.en.value;
      if (en) s.en = en;
      return s;
    });
    return { sections: out, dueDays: Number(d) };
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const problems = [];
    const sent = collect(problems);
    if (problems.length) {
      errors.show(problems);
      return;
    }
    saveAndRedraw(save, errors, {
      send: () => api.put(`/api/rounds/${enc(roundId)}/case-template`, sent), flash: t('caseTpl.wasSaved'), redraw: () => ctx.rerender(), problemText,
    });
  });
  return form;
}

/** A problem of the server's 422 in the viewer's language, by its code (README, the case template's route). */
function problemText(p) {
  switch (p.code) {
    case 'out_of_range': return t('caseTpl.error.dueDays');
    case 'too_many': return t('caseTpl.error.tooMany', { max: String(MAX_SECTIONS) });
    case 'duplicate': return t('caseTpl.error.duplicate');
    case 'required': return p.field === 'sections' ? t('caseTpl.error.required') : t('form.error.required');
    default: return localizeProblem(p.message);
  }
}
