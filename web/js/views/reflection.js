// A participant's reflection on one session (#/sessions/{id}/reflection, the link in the e-mail
// sent when the session is marked held): one text box per prompt of the round with a running count,
// who may read it, how it may be quoted, and until when it can be changed. After that it is shown
// read-only. Made for a phone first: one column, large controls, errors next to each box.

import { h, append, clear, uid, focusOn } from '../dom.js';
import { t, tn, formatNumber } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice, formErrors, busy, choiceGroup, describeError, localizeProblem } from '../ui.js';
import { labelText } from '../round-common.js';
import { formatSpan, formatInstant } from '../time.js';
import {
  VISIBILITIES, QUOTE_AS, MAX_ANSWER, charCount, visibilityLabel, quoteAsLabel, readOnly,
} from '../reflection-common.js';

const enc = encodeURIComponent;
const WARN_AT = MAX_ANSWER - 200;

export async function render(root, ctx) {
  const { id } = ctx.params;
  ctx.setTitle(t('reflect.title'));
  const sub = h('p', { class: 'lead' });
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back' }, h('a', { href: '#/history', text: t('reflect.backToHistory') })),
    heading(t('reflect.title')), sub, body);

  let form;
  try {
    form = await api.get(`/api/sessions/${enc(id)}/reflections/form`);
  } catch (err) {
    const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
    clear(body, errorBox(err, final ? null : () => ctx.rerender()));
    return;
  }
  const span = formatSpan(form.startsAt, form.endsAt);
  clear(sub, h('span', { class: 'strong block', text: form.roundTitle }), h('span', { class: 'block', text: span }));
  ctx.setTitle(`${t('reflect.title')} ${span}`);
  clear(body, content(form, ctx));
}

function content(form, ctx) {
  const summaryLink = ctx.isCoordinator
    ? h('p', {}, h('a', { href: `#/sessions/${enc(form.sessionId)}/summary`, text: t('home.summary') })) : null;
  if (form.status === 'cancelled') return notice('error', t('reflect.cancelled'));
  if (!form.participant) return [notice('info', t('reflect.notParticipant')), summaryLink];
  if (form.status !== 'held') {
    return notice('info', t('reflect.notHeld', { time: formatInstant(form.endsAt) }));
  }
  if (!form.canWrite) return frozen(form);
  return editor(form);
}

/** After the edit window: the note as written (or that none was), read-only. */
function frozen(form) {
  const note = form.reflection;
  return [
    notice('info', form.editableUntil ? t('reflect.closedAt', { time: formatInstant(form.editableUntil) }) : t('reflect.closed')),
    note ? readOnly(note, form.prompts) : h('p', { class: 'empty', text: t('reflect.noneWritten') }),
  ];
}

function editor(form) {
  const prompts = form.prompts || [];
  let note = form.reflection;
  const answers = (note && note.answers) || {};
  const status = h('div', { class: 'status-area' });
  const announcer = h('p', { class: 'vh', 'aria-live': 'polite' });
  const untilId = uid('until');
  const until = h('p', { class: 'edit-until', id: untilId },
    h('span', { class: 'strong', text: t('reflect.editableUntil', { time: formatInstant(form.editableUntil) }) }),
    h('span', { class: 'block muted', text: t('reflect.editableHint') }));
  const saved = h('p', { class: 'muted saved-at', text: note && note.updatedAt ? t('reflect.savedAt', { time: formatInstant(note.updatedAt) }) : '' });

  const fields = {};
  const boxes = prompts.map((p) => {
    const box = answerBox(p, answers[p.key] || '', announcer);
    fields[`answers.${p.key}`] = box;
    return box;
  });
  // "Answer at least one question" belongs to the first box.
  if (boxes.length) fields.answers = boxes[0];
  fields.visibility = choiceGroup({
    name: 'visibility', legend: t('reflect.visLegend'), type: 'radio', value: note ? note.visibility : 'facilitators',
    hint: t('reflect.visHint'),
    choices: VISIBILITIES.map((v) => ({ value: v, label: visibilityLabel(v), hint: t(`reflect.visHint.${v}`) })),
  });
  fields.quoteAs = choiceGroup({
    name: 'quoteAs', legend: t('reflect.quoteLegend'), type: 'radio', value: note ? note.quoteAs : 'anonymous',
    hint: t('reflect.quoteHint'),
    choices: QUOTE_AS.map((q) => ({
      value: q, label: quoteAsLabel(q),
      // What "anonymous" protects, next to the choice (README, "Security", anonymous notes).
      hint: q === 'anonymous' ? `${t('reflect.quoteHint.anonymous')} ${t('reflect.anonymousProtects')}` : t(`reflect.quoteHint.${q}`),
    })),
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', text: t('reflect.save') });
  // The first box right under the title, what to know about answering after the boxes: on a phone at
  // 200 % text the first box is then within one screen of scrolling (#16).
  const formEl = h('form', { class: 'form reflection-form', novalidate: true, 'aria-describedby': untilId },
    boxes.map((b) => b.el),
    h('div', { class: 'reflect-notes' }, h('p', { class: 'hint', text: t('reflect.intro') }), until),
    fields.visibility.el,
    fields.quoteAs.el,
    h('div', { class: 'actions' }, submit),
    saved);
  const errors = formErrors(formEl, fields, { failedTitle: t('reflect.failedTitle') });

  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const problems = [];
    const body = { answers: {}, visibility: fields.visibility.value, quoteAs: fields.quoteAs.value };
    for (const p of prompts) {
      const text = fields[`answers.${p.key}`].text;
      body.answers[p.key] = text;
      if (charCount(text) > MAX_ANSWER) problems.push({ field: `answers.${p.key}`, message: tooLong(text) });
    }
    if (!Object.values(body.answers).some((x) => x.trim())) problems.push({ field: 'answers', message: t('reflect.error.required') });
    if (!body.visibility) problems.push({ field: 'visibility', message: t('reflect.error.visibility') });
    if (problems.length) {
      errors.show(problems);
      return;
    }
    errors.clear();
    clear(status);
    try {
      note = await busy(submit, () => api.put(`/api/sessions/${enc(form.sessionId)}/reflections/me`, body));
    } catch (err) {
      showError(err);
      return;
    }
    saved.textContent = note.updatedAt ? t('reflect.savedAt', { time: formatInstant(note.updatedAt) }) : '';
    const box = notice('success', t('reflect.saved', { time: formatInstant(note.editableUntil || form.editableUntil) }));
    clear(status, box);
    focusOn(box);
  });

  function showError(err) {
    if (err instanceof ApiError && err.status === 422 && (err.problems || err.field)) {
      const list = err.problems && err.problems.length ? err.problems : [{ field: err.field, code: err.code, message: err.serverMessage }];
      errors.show(list.map((p) => ({ field: fields[p.field] ? p.field : '', message: problemText(p, fields[p.field]) })));
      return;
    }
    if (err instanceof ApiError && err.code === 'reflection_frozen') {
      // Keep what was typed on screen (to copy elsewhere), but nothing can be sent any more.
      lock();
      errors.show([], t('reflect.error.reflection_frozen'));
      return;
    }
    if (err instanceof ApiError && ['not_held', 'session_cancelled', 'not_participant'].includes(err.code)) {
      errors.show([], t(`reflect.error.${err.code}`));
      return;
    }
    errors.show([], describeError(err));
  }

  function lock() {
    formEl.querySelectorAll('textarea').forEach((x) => { x.readOnly = true; });
    formEl.querySelectorAll('input').forEach((x) => { x.disabled = true; });
    submit.hidden = true;
    until.classList.add('is-closed');
  }

  return [status, formEl, announcer];
}

function tooLong(text) {
  return t('reflect.error.too_long', { max: formatNumber(MAX_ANSWER), count: formatNumber(charCount(text)) });
}

function problemText(p, box) {
  if (p.code === 'too_long') return box && box.text !== undefined ? tooLong(box.text) : t('reflect.error.too_long_short', { max: formatNumber(MAX_ANSWER) });
  if (['unknown_prompt', 'control_chars', 'required'].includes(p.code)) return t(`reflect.error.${p.code}`);
  if (p.field === 'visibility') return t('reflect.error.visibility');
  return localizeProblem(p.message);
}

/**
 * One prompt: its text box and a count against the limit below it, which is part of the box's
 * description. Crossing the limit (or nearing it) is announced once, not every key press.
 */
function answerBox(prompt, value, announcer) {
  const id = uid('answer');
  const errorId = `${id}-error`;
  const countId = `${id}-count`;
  const input = h('textarea', { id, name: `answers.${prompt.key}`, rows: 6, class: 'answer-box', spellcheck: 'true' });
  input.value = value;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const count = h('p', { class: 'char-count', id: countId });
  const wrap = h('div', { class: 'field' },
    h('label', { for: id }, h('span', { class: 'label-text', text: labelText(prompt) })),
    error, input, count);
  let zone = null;
  const describe = () => input.setAttribute('aria-describedby', [error.hidden ? null : errorId, countId].filter(Boolean).join(' '));

  function update() {
    const n = charCount(input.value);
    const over = n > MAX_ANSWER;
    count.textContent = over
      ? tn('reflect.countOver', n - MAX_ANSWER, { max: formatNumber(MAX_ANSWER) })
      : t('reflect.count', { count: formatNumber(n), max: formatNumber(MAX_ANSWER) });
    count.classList.toggle('is-over', over);
    const next = over ? 'over' : n >= WARN_AT ? 'near' : 'ok';
    if (zone !== null && next !== zone && next !== 'ok') {
      announcer.textContent = over ? count.textContent : tn('reflect.countNear', MAX_ANSWER - n);
    }
    zone = next;
  }
  input.addEventListener('input', update);
  update();
  describe();

  return {
    name: `answers.${prompt.key}`,
    label: labelText(prompt),
    el: wrap,
    input,
    get text() { return input.value; },
    get value() { return input.value.trim(); },
    setError(message) {
      error.hidden = !message;
      clear(error, message ? h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }) : null, message || '');
      wrap.classList.toggle('has-error', Boolean(message));
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      describe();
    },
    focus() { input.focus(); },
  };
}
