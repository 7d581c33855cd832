// The public verification page of a credential (#/verify/{id}, no sign-in): the server checks the
// VC-JWT's signature against the issuer's published keys, its issuer and form, its dates and the
// revocation status list; this page says what was checked, in Japanese and in English. A hidden
// credential shows only whether it is valid, never whose it is.

import { h, append, clear } from '../dom.js';
import { t, getLang, formatDate } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox } from '../ui.js';

const enc = encodeURIComponent;
const CHECKS = ['signature', 'issuer', 'format', 'validFrom', 'validUntil', 'status'];
const STATES = new Set(['valid', 'revoked', 'expired', 'not_yet_valid']);

export async function render(root, ctx) {
  ctx.setTitle(t('credentials.verify.title'));
  const body = h('div', {}, loading());
  append(root, heading(t('credentials.verify.title')), h('p', { class: 'lead', text: t('credentials.verify.lead') }), body);
  let v;
  try {
    v = await api.get(`/api/credentials/${enc(ctx.params.id)}/verification`, undefined, { allow401: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      clear(body, h('div', { class: 'notice notice-error', role: 'alert', id: 'verify-state', 'data-state': 'unknown' },
        h('p', { class: 'strong', text: t('credentials.verify.unknown') })));
      return;
    }
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  const other = getLang() === 'ja' ? 'en' : 'ja';
  let otherDict = null;
  try {
    const res = await fetch(`/i18n/${other}.json`, { credentials: 'same-origin' });
    if (res.ok) otherDict = await res.json();
  } catch {
    // the page stays in one language
  }
  const tt = (key, params) => {
    let s = otherDict && otherDict[key] !== undefined ? otherDict[key] : key;
    for (const [k, val] of Object.entries(params || {})) s = s.split(`{${k}}`).join(String(val));
    return s;
  };
  const state = STATES.has(v.state) ? v.state : 'invalid';
  clear(body,
    h('div', {
      class: ['notice', state === 'valid' ? 'notice-success' : 'notice-error', 'verify-state'],
      role: 'status', id: 'verify-state', 'data-state': state,
    },
    h('p', { class: 'strong', text: t(`credentials.state.${state}`) }),
    otherDict ? h('p', { lang: other, text: tt(`credentials.state.${state}`) }) : null),
    v.credential ? details(v) : h('p', { class: 'muted', text: t('credentials.verify.hidden') }),
    checks(v, (key, p) => t(key, p), getLang()),
    otherDict ? checks(v, tt, other) : null);
}

function details(v) {
  const c = v.credential;
  const row = (label, value) => (value ? h('div', {}, h('dt', { text: label }), h('dd', { text: value })) : null);
  return h('dl', { class: 'session-facts', id: 'verify-details' },
    row(t('credentials.recipient'), c.recipient),
    row(t('credentials.achievement'), c.achievement),
    row(t('credentials.description'), c.description),
    row(t('credentials.activityDate'), c.activityStartDate ? formatDate(c.activityStartDate.slice(0, 10)) : null),
    row(t('credentials.issuer'), v.issuer && v.issuer.name));
}

function checks(v, tr, lang) {
  const byCode = new Map((v.checks || []).map((c) => [c.code, c.ok]));
  return h('section', { class: 'verify-checks', lang, 'aria-labelledby': `verify-checks-${lang}` },
    h('h2', { id: `verify-checks-${lang}`, text: tr('credentials.verify.checked') }),
    h('ul', { class: 'fact-list' }, CHECKS.map((code) => {
      const ok = byCode.get(code);
      const mark = ok === undefined ? tr('credentials.check.skipped') : ok ? tr('credentials.check.ok') : tr('credentials.check.failed');
      return h('li', { 'data-check': code, 'data-ok': ok === undefined ? 'skipped' : String(ok) },
        h('span', { class: 'strong', text: `${mark}: ` }),
        h('span', { text: tr(`credentials.check.${code}`, { issuer: (v.issuer && v.issuer.name) || '' }) }));
    })));
}
