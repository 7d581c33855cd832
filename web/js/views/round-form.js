// A new round (#/rounds/new) and the edit of one (#/rounds/{id}/edit): title, description, the
// period, its discussion topics and reflection prompts (each a key with Japanese and English
// wording), and, for a new round, the centers taking part. Coordinators only.

import { h, append, clear, uid } from '../dom.js';
import { t, tn, formatNumber } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice, field, formErrors, busy, setFlash, localizeProblem } from '../ui.js';
import { centerPicker } from '../center-picker.js';

// The server's rules (rounds/RoundInput.java), checked here first so mistakes are shown at once.
const KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const LISTS = {
  topics: { max: 20, maxLength: 100, multiline: false },
  prompts: { max: 10, maxLength: 500, multiline: true },
};

export async function render(root, ctx) {
  const { mode, id } = ctx.params;
  if (!ctx.isCoordinator) {
    ctx.setTitle(t('error.forbiddenTitle'));
    append(root, heading(t('error.forbiddenTitle')), notice('error', t('error.forbidden')));
    return;
  }
  if (mode === 'new') {
    ctx.setTitle(t('roundForm.newTitle'));
    append(root, backLink('#/rounds', t('round.backToList')), heading(t('roundForm.newTitle')),
      h('p', { class: 'lead', text: t('roundForm.newLead') }), roundForm(null));
    return;
  }
  const title = heading(t('round.title'));
  const body = h('div', {}, loading());
  append(root, backLink(`#/rounds/${encodeURIComponent(id)}`, t('round.backToRound')), title, body);
  let round;
  try {
    round = await api.get(`/api/rounds/${encodeURIComponent(id)}`);
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  title.textContent = t('roundForm.editTitle', { title: round.title });
  ctx.setTitle(title.textContent);
  clear(body, h('p', { class: 'hint', text: t('roundForm.editCentersHint') }), roundForm(round));
}

function backLink(href, text) {
  return h('p', { class: 'back' }, h('a', { href, text }));
}

/** "Reflection on practice" → "reflection-on-practice": a key proposed from the English wording. */
function slug(text) {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

/**
 * An editable list of {key, ja, en}: one group of three fields per entry, "add" and "remove".
 * Each field is registered in `fields` under the name the API uses in its errors
 * ("topics[2].key"), so server problems land next to the right box.
 */
function labelList(kind, items, fields) {
  const rule = LISTS[kind];
  const rows = [];
  const listId = uid(kind);
  const error = h('p', { class: 'field-error', id: `${listId}-error`, hidden: true });
  const list = h('ol', { class: 'label-rows' });
  const empty = h('p', { class: 'muted', text: t(`roundForm.${kind}.empty`) });
  const add = h('button', { type: 'button', class: 'btn btn-secondary', text: t(`roundForm.${kind}.add`) });
  const fieldset = h('fieldset', { class: 'field label-list', id: listId, 'aria-describedby': `${listId}-hint` },
    h('legend', { text: t(`roundForm.${kind}.legend`) }),
    h('p', { class: 'hint', id: `${listId}-hint`, text: t(`roundForm.${kind}.hint`, { max: rule.max }) }),
    error, empty, list, add);

  const group = {
    name: kind,
    label: t(`roundForm.${kind}.legend`),
    el: fieldset,
    setError(message) {
      error.hidden = !message;
      clear(error, message ? h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }) : null, message || '');
      fieldset.classList.toggle('has-error', Boolean(message));
      fieldset.setAttribute('aria-describedby', [`${listId}-hint`, message ? `${listId}-error` : null].filter(Boolean).join(' '));
    },
    focus() {
      (rows[0] ? rows[0].key : add).focus();
    },
  };
  fields[kind] = group;

  function renumber() {
    for (const name of Object.keys(fields)) if (name.startsWith(`${kind}[`)) delete fields[name];
    rows.forEach((row, i) => {
      const n = i + 1;
      const itemName = t(`roundForm.${kind}.item`, { n });
      row.legend.textContent = itemName;
      row.remove.textContent = t('roundForm.remove');
      row.remove.setAttribute('aria-label', t('roundForm.removeItem', { item: itemName }));
      for (const part of ['ja', 'en', 'key']) {
        row.fields[part].label = t('roundForm.partLabel', { item: itemName, part: t(`roundForm.part.${part}`) });
        fields[`${kind}[${i}].${part}`] = row.fields[part];
      }
    });
    empty.hidden = rows.length > 0;
    add.disabled = rows.length >= rule.max;
  }

  function addRow(item, focus) {
    const text = rule.multiline ? { kind: 'textarea', attrs: { rows: 2, maxlength: rule.maxLength } } : { attrs: { maxlength: rule.maxLength } };
    // Japanese first; English optional; the key (what answers and rooms are joined on) is made by
    // the server when left empty, so it waits folded away (#16). A saved key stays as it is.
    const saved = Boolean(item.key);
    const parts = {
      ja: field({ name: 'ja', label: t('roundForm.part.ja'), value: item.ja, required: true, ...text,
        attrs: { ...text.attrs, lang: 'ja' } }),
      en: field({ name: 'en', label: t('roundForm.part.enOptional'), value: item.en, ...text,
        attrs: { ...text.attrs, lang: 'en' } }),
      key: field({ name: 'key', label: t('roundForm.part.key'), value: item.key, hint: t(`roundForm.${kind}.keyHint`),
        attrs: { autocapitalize: 'none', spellcheck: 'false', autocomplete: 'off', maxlength: 40, readonly: saved } }),
    };
    parts.en.input.addEventListener('blur', () => {
      if (!saved && !parts.key.value && parts.en.value) parts.key.input.placeholder = slug(parts.en.value);
    });
    const keyBox = h('details', { class: 'key-details' }, h('summary', { text: saved ? t('roundForm.keySaved', { key: item.key }) : t('roundForm.keyAuto') }),
      parts.key.el);
    const legend = h('legend', {});
    const remove = h('button', { type: 'button', class: 'btn btn-danger-outline btn-small' });
    const row = { fields: parts, legend, remove, key: parts.ja.input, keyBox };
    row.el = h('li', {}, h('fieldset', { class: 'label-row' }, legend,
      h('div', { class: 'label-row-fields' }, parts.ja.el, parts.en.el),
      keyBox,
      h('div', { class: 'row-actions' }, remove)));
    remove.addEventListener('click', () => {
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      row.el.remove();
      renumber();
      // Keep the keyboard in the list: the next entry, else the previous one, else "add".
      const next = rows[at] || rows[at - 1];
      (next ? next.key : add).focus();
    });
    rows.push(row);
    list.append(row.el);
    renumber();
    if (focus) parts.ja.focus();
  }

  add.addEventListener('click', () => addRow({}, true));
  for (const item of items || []) addRow(item, false);
  renumber();

  // Topics: what the centers wrote as their interests (関心テーマ), most common first, one tap each (#16).
  const suggestions = kind === 'topics' ? h('div', { class: 'topic-suggestions', hidden: true }) : null;
  if (suggestions) {
    fieldset.insertBefore(suggestions, add.nextSibling);
    centerTopics().then((counted) => {
      const taken = () => new Set(rows.map((r) => r.fields.ja.value));
      const offer = counted.filter(([name]) => !taken().has(name)).slice(0, 12);
      if (!offer.length) return;
      clear(suggestions, h('p', { class: 'hint', id: `${listId}-suggest`, text: t('roundForm.topics.suggestLead') }),
        h('ul', { class: 'inline-list suggestion-list', 'aria-labelledby': `${listId}-suggest` }, offer.map(([name, n]) => {
          const b = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('roundForm.topics.suggestion', { name, count: formatNumber(n) }),
            'aria-label': tn('roundForm.topics.suggestionLabel', n, { name }) });
          b.addEventListener('click', () => {
            if (rows.length >= rule.max) return;
            addRow({ ja: name }, false);
            b.closest('li').remove();
            rows[rows.length - 1].fields.en.focus();
          });
          return h('li', {}, b);
        })));
      suggestions.hidden = false;
    }, () => {});
  }

  return {
    el: fieldset,
    /** The entries as the API takes them, and what is wrong with them in words. */
    collect(problems) {
      const seen = new Set();
      if (rows.length > rule.max) problems.push({ field: kind, message: t('form.error.tooManyEntries', { max: rule.max }) });
      return rows.map((row, i) => {
        const at = `${kind}[${i}]`;
        const key = row.fields.key.value;
        const wrongKey = key && (!KEY.test(key) || seen.has(key));
        if (key && !KEY.test(key)) problems.push({ field: `${at}.key`, message: t('roundForm.error.key') });
        else if (key && seen.has(key)) problems.push({ field: `${at}.key`, message: t('roundForm.error.keyTwice', { key }) });
        if (wrongKey) row.keyBox.open = true;
        if (key) seen.add(key);
        for (const part of ['ja', 'en']) {
          const value = row.fields[part].value;
          if (!value && part === 'ja') problems.push({ field: `${at}.${part}`, message: t('form.error.required') });
          else if ([...value].length > rule.maxLength) problems.push({ field: `${at}.${part}`, message: t('form.error.tooLong', { max: rule.maxLength }) });
        }
        // Empty key and English: left out, the server makes the key and shows the Japanese.
        const out = { ja: row.fields.ja.value };
        if (key) out.key = key;
        if (row.fields.en.value) out.en = row.fields.en.value;
        return out;
      });
    },
  };
}

/** The interests the centers wrote (関心テーマ), with how many centers wrote each, most common first. */
async function centerTopics() {
  const counts = new Map();
  for (let offset = 0; ; offset += 5000) {
    const page = await api.get('/api/centers', { limit: 5000, offset });
    const list = page.centers || [];
    for (const c of list) for (const x of new Set(c.topics || [])) counts.set(x, (counts.get(x) || 0) + 1);
    if (list.length < 5000) break;
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'ja'));
}

function roundForm(round) {
  const r = round || { topics: [], prompts: [] };
  const fields = {
    title: field({ name: 'title', label: t('round.field.title'), value: r.title, required: true, hint: t('roundForm.titleHint'),
      attrs: { maxlength: 200 } }),
    description: field({ name: 'description', label: t('round.field.description'), kind: 'textarea', value: r.description,
      hint: t('roundForm.descriptionHint'), attrs: { maxlength: 5000, rows: 4 } }),
    startsOn: field({ name: 'startsOn', label: t('round.field.startsOn'), type: 'date', value: r.startsOn, required: true,
      hint: t('roundForm.dateHint') }),
    endsOn: field({ name: 'endsOn', label: t('round.field.endsOn'), type: 'date', value: r.endsOn, required: true,
      hint: t('roundForm.dateHint') }),
  };
  const topics = labelList('topics', r.topics, fields);
  const prompts = labelList('prompts', r.prompts, fields);
  const picker = round ? null : centerPicker({ legend: t('round.centers'), hint: t('roundForm.centersHint') });
  if (picker) fields.centerIds = picker;

  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: round ? t('common.save') : t('roundForm.create') });
  const cancelHref = round ? `#/rounds/${encodeURIComponent(round.id)}` : '#/rounds';
  const form = h('form', { class: 'form form-wide', novalidate: true },
    fields.title.el, fields.description.el,
    h('div', { class: 'date-pair' }, fields.startsOn.el, fields.endsOn.el),
    topics.el, prompts.el,
    picker ? picker.el : null,
    h('div', { class: 'actions' }, submit, h('a', { class: 'btn btn-secondary', href: cancelHref, text: t('common.cancel') })));
  const errors = formErrors(form, fields);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = [];
    const title = fields.title.value;
    if (!title) problems.push({ field: 'title', message: t('form.error.required') });
    const startsOn = fields.startsOn.value;
    const endsOn = fields.endsOn.value;
    // Browsers without a date picker show a text box: the API wants 2027-01-10.
    for (const [name, value] of [['startsOn', startsOn], ['endsOn', endsOn]]) {
      if (!value) problems.push({ field: name, message: t('form.error.required') });
      else if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) problems.push({ field: name, message: t('roundForm.error.date') });
    }
    if (startsOn && endsOn && endsOn < startsOn) problems.push({ field: 'endsOn', message: t('roundForm.error.endBeforeStart') });
    const body = {
      title,
      description: fields.description.value,
      startsOn,
      endsOn,
      topics: topics.collect(problems),
      prompts: prompts.collect(problems),
    };
    if (picker) {
      const ids = picker.value;
      if (ids.length === 1) problems.push({ field: 'centerIds', message: t('roundForm.error.oneCenter') });
      if (ids.length) body.centerIds = ids;
    }
    if (problems.length) {
      errors.show(problems);
      return;
    }
    errors.clear();
    try {
      const saved = await busy(submit, () => (round
        ? api.put(`/api/rounds/${encodeURIComponent(round.id)}`, body)
        : api.post('/api/rounds', body)));
      setFlash(t(round ? 'roundForm.saved' : 'roundForm.created', { title: saved.title }));
      location.hash = `#/rounds/${encodeURIComponent(saved.id)}`;
    } catch (err) {
      showError(errors, err);
    }
  });
  return form;
}

// The server's messages for rounds, in the viewer's language where we know them.
const ROUND_PROBLEMS = [
  [/^Required \(a date/, () => t('form.error.required')],
  [/^The round cannot end before it starts/, () => t('roundForm.error.endBeforeStart')],
  [/^Use lower-case letters, digits/, () => t('roundForm.error.key')],
  [/^The key (\S+) is used twice/, (m) => t('roundForm.error.keyTwice', { key: m[1] })],
  [/^A round needs at least two centers/, () => t('roundForm.error.oneCenter')],
];

function roundProblem(message) {
  for (const [pattern, text] of ROUND_PROBLEMS) {
    const m = pattern.exec(message || '');
    if (m) return text(m);
  }
  return localizeProblem(message);
}

function showError(errors, err) {
  if (err instanceof ApiError && err.code === 'wrong_type' && (err.field === 'startsOn' || err.field === 'endsOn')) {
    errors.show([{ field: err.field, message: t('roundForm.error.date') }]);
  } else if (err instanceof ApiError && err.problems && err.problems.length) {
    errors.show(err.problems.map((p) => ({ field: p.field, message: roundProblem(p.message) })));
  } else if (err instanceof ApiError && err.field && err.code === 'invalid') {
    errors.show([{ field: err.field, message: roundProblem(err.serverMessage) }]);
  } else {
    errors.showError(err);
  }
}
