// A case study's page (#/cases/{id}): the case, its files (previews, downloads; the center's staff add
// files with a progress bar), questions in advance, opening it to the network after the session, and
// what the partner center took away (README, "Case studies").

import { h, append, clear } from '../dom.js';
import { t, getLang, formatDateTime } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice, describeError } from '../ui.js';
import { caseStyles, sectionLabel } from '../case-common.js';

const enc = encodeURIComponent;

export async function render(root, ctx) {
  await caseStyles();
  const body = h('div', {}, loading());
  append(root, body);
  let c;
  let questions = null;
  try {
    c = await api.get(`/api/cases/${enc(ctx.params.id)}`);
    questions = await api.get(`/api/cases/${enc(ctx.params.id)}/questions`).catch((err) => {
      if (err instanceof ApiError && err.status === 404) return null; // a reader from the network: no questions
      throw err;
    });
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  ctx.setTitle(c.title || t('cases.untitled'));
  const en = getLang() === 'en';
  clear(body,
    heading(c.title || t('cases.untitled')),
    h('p', { class: 'session-tags' },
      h('span', { class: 'tag', text: t(`cases.status.${c.status === 'submitted' ? 'submitted' : 'draft'}`) }),
      c.shared ? h('span', { class: 'tag', text: t('cases.shared') }) : null,
      h('span', { text: `${c.center.name}（${c.center.prefecture} ${c.center.city}）· ${c.roundTitle || ''} · ${formatDateTime(c.startsAt)}` })),
    h('p', { class: 'lead', text: c.summary }),
    (c.presenters || []).length ? h('p', { text: `${t('cases.presenters')}: ${c.presenters.map((p) => p.name).join(en ? ', ' : '、')}` }) : null,
    Object.entries(c.sections || {}).map(([key, text]) => h('section', { class: 'case-section' },
      h('h2', { text: sectionLabel(key, c.template) }), h('p', { class: 'prewrap', text }))),
    h('section', { class: 'section' }, h('h2', { text: t('cases.files') }), files(c, ctx)),
    takeaways(c),
    questions ? questionList(c, questions, ctx) : null,
    c.canEdit ? actions(c, ctx) : null,
    h('p', { class: 'case-links' },
      c.canEdit ? h('a', { href: `#/sessions/${enc(c.sessionId)}/cases/${enc(c.centerId)}/edit`, text: t('caseEditor.edit') }) : null,
      questions ? h('a', { href: `#/sessions/${enc(c.sessionId)}/cases`, text: t('caseSession.link') }) : null,
      h('a', { href: '#/library', text: t('library.title') })));
  // From the home's "ask a question" (#/cases/{id}?ask=1): straight to the question box, once the app has
  // moved focus to the page's heading (it does so when render resolves).
  const ask = ctx.query && ctx.query.get('ask') === '1' ? body.querySelector('#case-ask') : null;
  if (ask) {
    setTimeout(() => {
      if (!ask.isConnected) return;
      ask.scrollIntoView({ block: 'center' });
      ask.focus({ preventScroll: true });
    }, 0);
  }
}

/**
 * The case's files: previews, downloads, and for its center's staff adding (with a progress bar) and
 * removing. onChange(list): called with the new list instead of drawing the page again (the editor).
 */
export function files(c, ctx, onChange) {
  const list = c.attachments || [];
  const status = h('div', { 'aria-live': 'polite' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': t('cases.uploading') });
  const fail = (err) => clear(status, notice('error', describeError(err)));
  const input = h('input', { type: 'file', accept: '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.ppt,.pptx,image/*', hidden: true,
    'aria-label': t('cases.addFile'), 'data-action': 'case-file',
    onchange: () => {
      const file = input.files[0];
      input.value = ''; // the same file chosen again is a new choice
      if (!file) return;
      clear(status);
      // Refused here rather than after sending 20 MB over a phone's connection (README, "Case attachments").
      if (file.size > MAX_FILE_BYTES) {
        clear(status, notice('error', t('cases.fileTooLarge', { name: file.name, mb: (file.size / 1048576).toFixed(1) })));
        return;
      }
      upload(c.id, file, progress).then((added) => (onChange ? onChange([...list, added]) : ctx.rerender())).catch(fail);
    } });
  return h('div', { class: 'case-files' },
    list.length ? h('ul', { class: 'file-list' }, list.map((f) => h('li', {},
      f.previewUrl ? h('img', { src: f.previewUrl, alt: t('cases.previewOf', { name: f.name }), width: 160, loading: 'lazy' }) : null,
      h('span', { class: 'file-name' }, h('a', { href: f.url, download: f.name, text: f.name })),
      h('span', { class: 'hint', text: ` ${f.kind} · ${Math.max(1, Math.round(f.size / 1024))} KB` }),
      c.canEdit ? h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('cases.removeFile'),
        'aria-label': `${t('cases.removeFile')}: ${f.name}`,
        onclick: () => api.del(f.url).then(() => (onChange ? onChange(list.filter((x) => x.id !== f.id)) : ctx.rerender())).catch(fail) }) : null)))
      : h('p', { class: 'empty', text: t('cases.noFiles') }),
    c.canEdit && list.length < 5 ? h('div', { class: 'file-add' },
      h('button', { type: 'button', class: 'btn btn-secondary', text: t('cases.addFile'), onclick: () => input.click() }), input, progress,
      h('p', { class: 'hint', text: t('cases.fileHint') })) : null,
    status);
}

/** The server's limit for one file (README, "Case attachments"). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Uploads a file as the request's raw body with XMLHttpRequest, whose upload events drive the progress bar. */
function upload(caseId, file, progress) {
  return new Promise((resolve, reject) => {
    const token = (document.cookie.split('; ').find((x) => x.startsWith('XSRF-TOKEN=')) || '').slice('XSRF-TOKEN='.length);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/cases/${enc(caseId)}/attachments?name=${enc(file.name)}`);
    xhr.setRequestHeader('X-XSRF-TOKEN', decodeURIComponent(token));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    progress.hidden = false;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100); };
    xhr.onload = () => {
      progress.hidden = true;
      if (xhr.status === 201) {
        try { resolve(JSON.parse(xhr.responseText)); } catch { resolve({}); }
        return;
      }
      let error = {};
      try { error = JSON.parse(xhr.responseText).error || {}; } catch { /* not JSON */ }
      reject(new ApiError(xhr.status, error, null));
    };
    xhr.onerror = () => { progress.hidden = true; reject(new ApiError(0, { message: t('cases.uploadFailed') }, null)); };
    xhr.send(file);
  });
}

function takeaways(c) {
  const withheld = c.takeawaysWithheld || 0;
  if (!(c.takeaways || []).length && !withheld) return null;
  return h('section', { class: 'case-takeaways' },
    h('h2', { text: t('cases.takeaways') }),
    // Anonymous takeaways of a center with fewer than 3 anonymous notes are counted, never shown (README, "Security").
    withheld ? h('p', { class: 'hint', 'data-note': 'takeaways-withheld', text: t('cases.takeawaysWithheld', { n: withheld }) }) : null,
    h('ul', {}, c.takeaways.map((x) => h('li', {}, h('blockquote', { class: 'prewrap', text: x.text }),
      h('p', { class: 'hint', text: x.author || t('cases.anonymous') })))));
}

function questionList(c, q, ctx) {
  const status = h('div', { 'aria-live': 'polite' });
  const ask = h('textarea', { name: 'question', id: 'case-ask', maxlength: 2000, rows: 3 });
  return h('section', { class: 'case-questions' },
    h('h2', { text: t('cases.questions') }),
    q.questions.length ? h('ol', {}, q.questions.map((x) => h('li', {},
      h('p', { class: 'prewrap', text: x.text }), h('p', { class: 'hint', text: `${x.askedBy || ''} · ${formatDateTime(x.askedAt)}` }),
      x.answer ? h('p', { class: 'prewrap answer', text: `${t('cases.answer')}: ${x.answer}` })
        : q.canAnswer ? answerForm(c, x, ctx) : h('p', { class: 'hint', text: t('cases.unanswered') }))))
      : h('p', { class: 'empty', text: t('cases.noQuestions') }),
    q.canAsk ? h('form', { onsubmit: (e) => {
      e.preventDefault();
      api.post(`/api/cases/${enc(c.id)}/questions`, { text: ask.value }).then(() => ctx.rerender())
        .catch((err) => clear(status, notice('error', describeError(err))));
    } }, h('label', { for: 'case-ask', text: t('cases.askLabel') }), ask, h('button', { type: 'submit', class: 'btn btn-primary', text: t('cases.ask') })) : null,
    status);
}

function answerForm(c, x, ctx) {
  const text = h('textarea', { maxlength: 4000, rows: 3, 'aria-label': t('cases.answerLabel') });
  const status = h('div', { 'aria-live': 'polite' });
  return h('form', { class: 'answer-form', onsubmit: (e) => {
    e.preventDefault();
    api.put(`/api/cases/${enc(c.id)}/questions/${enc(x.id)}/answer`, { answer: text.value }).then(() => ctx.rerender())
      .catch((err) => clear(status, notice('error', describeError(err))));
  } }, text, h('button', { type: 'submit', class: 'btn btn-primary btn-small', text: t('cases.answerButton') }), status);
}

function actions(c, ctx) {
  const status = h('div', { 'aria-live': 'polite' });
  const run = (p) => p.then(() => ctx.rerender()).catch((err) => clear(status, notice('error', describeError(err))));
  return h('section', { class: 'section actions case-actions' },
    c.status !== 'submitted' ? h('button', { type: 'button', class: 'btn btn-primary', text: t('cases.submit'),
      onclick: () => run(api.post(`/api/cases/${enc(c.id)}/submit`)) }) : null,
    c.status === 'submitted' && c.sessionStatus === 'held' ? h('button', { type: 'button', class: c.shared ? 'btn btn-secondary' : 'btn btn-primary', text: c.shared ? t('cases.unshare') : t('cases.share'),
      onclick: () => run(api.put(`/api/cases/${enc(c.id)}/sharing`, { shared: !c.shared })) }) : null,
    status);
}
