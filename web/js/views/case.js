// A case study's page (#/cases/{id}): the case, its files (previews, downloads; the center's staff add
// files with a progress bar), questions in advance, opening it to the network after the session, and
// what the partner center took away (README, "Case studies").

import { h, append, clear } from '../dom.js';
import { t, getLang, formatDateTime } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice, describeError } from '../ui.js';

const enc = encodeURIComponent;

export async function render(root, ctx) {
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
      h('h2', { text: sectionLabel(key, en) }), h('p', { class: 'prewrap', text }))),
    files(c, ctx),
    takeaways(c),
    questions ? questionList(c, questions, ctx) : null,
    c.canEdit ? actions(c, ctx) : null,
    h('p', {}, h('a', { href: '#/library', text: t('library.title') })));
}

const SECTIONS = {
  background: ['背景・ねらい', 'Background and aims'], approach: ['取り組み', 'What we did'],
  ingenuity: ['工夫したこと', 'What we found worked'], challenges: ['課題・悩み', 'Challenges and worries'],
  questions: ['相手センターに聞きたいこと', 'Questions for the partner center'],
};

function sectionLabel(key, en) {
  const s = SECTIONS[key];
  return s ? s[en ? 1 : 0] : key;
}

function files(c, ctx) {
  const list = c.attachments || [];
  const status = h('div', { 'aria-live': 'polite' });
  const progress = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': t('cases.uploading') });
  const input = h('input', { type: 'file', accept: '.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,.ppt,.pptx,image/*', hidden: true,
    onchange: () => {
      const file = input.files[0];
      if (!file) return;
      upload(c.id, file, progress).then(() => ctx.rerender()).catch((err) => clear(status, notice('error', describeError(err))));
    } });
  return h('section', { class: 'case-files' },
    h('h2', { text: t('cases.files') }),
    list.length ? h('ul', { class: 'file-list' }, list.map((f) => h('li', {},
      f.previewUrl ? h('img', { src: f.previewUrl, alt: '', width: 160, loading: 'lazy' }) : null,
      h('a', { href: f.url, download: f.name, text: f.name }),
      h('span', { text: ` ${f.kind} · ${Math.max(1, Math.round(f.size / 1024))} KB` }),
      c.canEdit ? h('button', { type: 'button', class: 'link', text: t('cases.removeFile'),
        onclick: () => api.del(f.url).then(() => ctx.rerender()).catch((err) => clear(status, notice('error', describeError(err)))) }) : null)))
      : h('p', { class: 'empty', text: t('cases.noFiles') }),
    c.canEdit && list.length < 5 ? h('p', {},
      h('button', { type: 'button', text: t('cases.addFile'), onclick: () => input.click() }), input, progress,
      h('span', { class: 'hint', text: t('cases.fileHint') })) : null,
    status);
}

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
      if (xhr.status === 201) { resolve(); return; }
      let error = {};
      try { error = JSON.parse(xhr.responseText).error || {}; } catch { /* not JSON */ }
      reject(new ApiError(xhr.status, error, null));
    };
    xhr.onerror = () => { progress.hidden = true; reject(new ApiError(0, { message: t('cases.uploadFailed') }, null)); };
    xhr.send(file);
  });
}

function takeaways(c) {
  if (!(c.takeaways || []).length) return null;
  return h('section', { class: 'case-takeaways' },
    h('h2', { text: t('cases.takeaways') }),
    h('ul', {}, c.takeaways.map((x) => h('li', {}, h('blockquote', { class: 'prewrap', text: x.text }),
      h('p', { class: 'hint', text: x.author || t('cases.anonymous') })))));
}

function questionList(c, q, ctx) {
  const status = h('div', { 'aria-live': 'polite' });
  const ask = h('textarea', { name: 'question', maxlength: 2000, rows: 3, 'aria-label': t('cases.askLabel') });
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
    } }, h('label', { text: t('cases.askLabel') }), ask, h('button', { type: 'submit', class: 'primary', text: t('cases.ask') })) : null,
    status);
}

function answerForm(c, x, ctx) {
  const text = h('textarea', { maxlength: 4000, rows: 2, 'aria-label': t('cases.answer') });
  return h('form', { onsubmit: (e) => {
    e.preventDefault();
    api.put(`/api/cases/${enc(c.id)}/questions/${enc(x.id)}/answer`, { answer: text.value }).then(() => ctx.rerender())
      .catch(() => {});
  } }, text, h('button', { type: 'submit', text: t('cases.answerButton') }));
}

function actions(c, ctx) {
  const status = h('div', { 'aria-live': 'polite' });
  const run = (p) => p.then(() => ctx.rerender()).catch((err) => clear(status, notice('error', describeError(err))));
  return h('section', { class: 'case-actions' },
    c.status !== 'submitted' ? h('button', { type: 'button', class: 'primary', text: t('cases.submit'),
      onclick: () => run(api.post(`/api/cases/${enc(c.id)}/submit`)) }) : null,
    c.status === 'submitted' && c.sessionStatus === 'held' ? h('button', { type: 'button', text: c.shared ? t('cases.unshare') : t('cases.share'),
      onclick: () => run(api.put(`/api/cases/${enc(c.id)}/sharing`, { shared: !c.shared })) }) : null,
    status);
}
