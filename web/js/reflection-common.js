// Shared by the reflection views (form, summary, history, network) and the session cards: who may
// read a note in words, response rates, prompt labels, and the "mark as held" button.

import { h } from './dom.js';
import { t, tn, formatNumber } from './i18n.js';
import { api, ApiError } from './api.js';
import { busy, confirmDialog, describeError } from './ui.js';
import { labelText } from './round-common.js';
import { formatInstant } from './time.js';
import { runs } from './session-access.js';

export const VISIBILITIES = ['facilitators', 'partners', 'network'];
export const QUOTE_AS = ['name', 'anonymous'];
export const MAX_ANSWER = 5000;

/** The length the server counts: code points, so an emoji is one character. */
export function charCount(text) {
  return [...(text || '')].length;
}

export function visibilityLabel(v) {
  return VISIBILITIES.includes(v) ? t(`reflect.vis.${v}`) : String(v || '');
}

export function quoteAsLabel(q) {
  return QUOTE_AS.includes(q) ? t(`reflect.quote.${q}`) : String(q || '');
}

/** "4 of 6 (67%)"; "no one expected" when nobody took part. */
export function rateText(responses, expected) {
  if (!expected) return tn('summary.rateNone', responses || 0);
  const percent = Math.round(((responses || 0) / expected) * 100);
  return t('summary.rate', { responses: formatNumber(responses || 0), expected: formatNumber(expected), percent: formatNumber(percent) });
}

/** A prompt's text in the viewer's language, or its key when the round no longer has it. */
export function promptText(prompts, key) {
  return labelText((prompts || []).find((p) => p.key === key)) || key;
}

/** Answers in the order of the round's prompts, then any others: [[key, text]…], blanks left out. */
export function orderedAnswers(answers, prompts) {
  const keys = [...(prompts || []).map((p) => p.key), ...Object.keys(answers || {})];
  return [...new Set(keys)].filter((k) => answers && answers[k] && String(answers[k]).trim()).map((k) => [k, answers[k]]);
}

/** A note as written: each answer under its prompt, who may read it, how it is quoted, when saved. */
export function readOnly(note, prompts) {
  return h('div', { class: 'reflection-note' },
    h('dl', { class: 'answers' }, orderedAnswers(note.answers, prompts).map(([key, text]) => h('div', { class: 'answer' },
      h('dt', { text: promptText(prompts, key) }),
      h('dd', { class: 'prewrap', text })))),
    h('p', { class: 'muted' }, h('span', { class: 'block', text: t('reflect.readBy', { who: VISIBILITIES.includes(note.visibility) ? t(`reflect.visShort.${note.visibility}`) : String(note.visibility || '') }) }),
      h('span', { class: 'block', text: t('reflect.quotedAs', { how: quoteAsLabel(note.quoteAs) }) }),
      note.updatedAt ? h('span', { class: 'block', text: t('reflect.savedAt', { time: formatInstant(note.updatedAt) }) }) : null));
}

/** The session has started and is not marked held yet, and the viewer runs it. */
export function canMarkHeld(s, ctx) {
  const leads = runs(ctx.me, s);
  return leads && s.status === 'scheduled' && new Date(s.startsAt).getTime() <= Date.now();
}

/**
 * "Mark as held": asks first (it e-mails every participant), then POST /held. onDone(text) with
 * what happened in words, onFail(text) with why not; label names the session for screen readers.
 */
export function heldButton(s, { label, onDone, onFail, small = true }) {
  const button = h('button', {
    type: 'button', class: ['btn', 'btn-secondary', small ? 'btn-small' : null], text: t('held.button'),
    'aria-label': label ? `${t('held.button')}: ${label}` : null,
  });
  button.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: t('held.confirmTitle'), message: t('held.confirmBody'), confirmLabel: t('held.button') });
    if (!ok) return;
    try {
      const result = await busy(button, () => api.post(`/api/sessions/${encodeURIComponent(s.id)}/held`));
      onDone(result.editableUntil ? t('held.done', { time: formatInstant(result.editableUntil) }) : t('held.doneShort'), result);
    } catch (err) {
      onFail(heldError(err));
    }
  });
  return button;
}

function heldError(err) {
  if (err instanceof ApiError && ['not_started', 'session_cancelled'].includes(err.code)) return t(`held.error.${err.code}`);
  return describeError(err);
}

/**
 * "Notes shared with you" of one session: a disclosure that, when first opened, loads
 * GET /api/sessions/{id}/reflections and shows every note the viewer may read that is not their
 * own — who wrote it (or "Anonymous"), each answer under its prompt, and whom it is shared with.
 * label tells the sessions apart for screen readers (the summary is named "…: label").
 */
export function sharedNotes(sessionId, { label } = {}) {
  const body = h('div', { class: 'shared-notes-body' });
  const summary = h('summary', { text: t('shared.title'), 'aria-label': label ? `${t('shared.title')}: ${label}` : null });
  const box = h('details', { class: 'shared-notes' }, summary, body);
  const centers = new Map();
  let loaded = false;

  async function centerName(id) {
    if (id === null || id === undefined) return null;
    const key = String(id);
    if (!centers.has(key)) {
      centers.set(key, api.get(`/api/centers/${encodeURIComponent(key)}`).then((c) => c.name || null).catch(() => null));
    }
    return centers.get(key);
  }

  async function load() {
    loaded = true;
    body.replaceChildren(h('p', { class: 'loading', role: 'status', text: t('common.loading') }));
    let data;
    try {
      data = await api.get(`/api/sessions/${encodeURIComponent(sessionId)}/reflections`);
    } catch (err) {
      body.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' },
        h('p', { text: describeError(err) }),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('common.retry'), onClick: () => load() })));
      return;
    }
    const prompts = data.prompts || [];
    const notes = (data.notes || []).filter((n) => !n.mine && orderedAnswers(n.answers, prompts).length);
    // Anonymous notes whose text the server withholds (fewer than 3 anonymous in the session).
    const withheld = data.withheld ? h('p', { class: 'hint', text: tn('shared.withheld', data.withheld) }) : null;
    if (!notes.length) {
      body.replaceChildren(h('p', { class: 'empty', role: 'status', text: t('shared.none') }), withheld || '');
      return;
    }
    // An anonymous note carries no center (the server leaves it out): it shows as 匿名 only.
    const names = await Promise.all(notes.map((n) => (n.author ? centerName(n.centerId) : null)));
    body.replaceChildren(
      h('p', { class: 'muted', role: 'status', text: tn('shared.count', notes.length) }),
      withheld || '',
      h('ul', { class: 'shared-note-list' }, notes.map((n, i) => sharedNote(n, prompts, names[i]))));
  }

  box.addEventListener('toggle', () => {
    if (box.open && !loaded) load();
  });
  return box;
}

function sharedNote(note, prompts, center) {
  const author = note.author ? String(note.author) : t('shared.anonymous');
  return h('li', { class: 'shared-note' },
    h('p', { class: 'shared-note-by' },
      h('span', { class: 'strong', text: center ? t('shared.from', { author, center }) : author }), ' ',
      h('span', { class: ['tag', 'tag-vis', `tag-vis-${VISIBILITIES.includes(note.visibility) ? note.visibility : 'other'}`],
        text: t('shared.visTag', { who: VISIBILITIES.includes(note.visibility) ? t(`shared.vis.${note.visibility}`) : String(note.visibility || '') }) })),
    h('dl', { class: 'answers' }, orderedAnswers(note.answers, prompts).map(([key, text]) => h('div', { class: 'answer' },
      h('dt', { text: promptText(prompts, key) }),
      h('dd', { class: 'shared-answer', text: String(text) })))),
    note.updatedAt ? h('p', { class: 'muted', text: t('shared.updatedAt', { time: formatInstant(note.updatedAt) }) }) : null);
}
