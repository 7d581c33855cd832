// My credentials, a section of the learning history (#/history): for each held session I attended,
// the Open Badges 3.0 credentials I may accept ("合同研修 参加", and "事例発表" when I presented a case), optionally with my "what I will try"
// answer as evidence; then its downloads (the VC-JWT, the PNG badge with it baked in), the choice to
// show or hide my name on the public verification page, and a link to that page.

import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { loading, errorBox, notice } from './ui.js';
import { formatSpan, formatInstant } from './time.js';

const enc = encodeURIComponent;

/** The section; it loads its own data and never holds up the rest of the history page. */
export function credentialsSection() {
  const body = h('div', {}, loading());
  const section = h('section', { class: 'credentials-section', id: 'credentials', 'aria-labelledby': 'credentials-title' },
    h('h2', { id: 'credentials-title', text: t('credentials.section') }),
    h('p', { class: 'hint', text: t('credentials.sectionLead') }),
    body);
  load(body);
  return section;
}

async function load(body, message) {
  let data;
  try {
    data = await api.get('/api/me/credentials');
  } catch (err) {
    clear(body, errorBox(err, () => load(body)));
    return;
  }
  const offers = data.offers || [];
  if (!offers.length && !(data.other || []).length) {
    clear(body, h('p', { class: 'empty', text: t('credentials.none') }));
    return;
  }
  clear(body, message ? notice('success', message) : null,
    h('ul', { class: 'credential-list' }, offers.flatMap((o) => (o.achievements || []).map((a) => offerItem(body, o, a))),
      (data.other || []).map((c) => h('li', { class: 'credential-card' }, issued(body, c, t(`credentials.kind.${c.achievement}`))))));
}

function offerItem(body, o, a) {
  const label = `${t(`credentials.kind.${a.achievement}`)} — ${formatSpan(o.startsAt, o.endsAt)}`;
  const titleId = `credential-${o.sessionId}-${a.achievement}`;
  return h('li', { class: 'credential-card', 'aria-labelledby': titleId, 'data-session': String(o.sessionId) },
    h('h3', { id: titleId, text: label }),
    h('p', { text: [o.roundTitle, (o.cities || []).join(' × ')].filter(Boolean).join(' / ') }),
    (o.topics || []).length ? h('p', { class: 'muted', text: t('credentials.topics', { topics: o.topics.join('、') }) }) : null,
    (o.cases || []).length ? h('p', { class: 'muted', text: t('credentials.cases', { cases: o.cases.join('、') }) }) : null,
    a.credential ? issued(body, a.credential, label) : acceptForm(body, o, a, label));
}

function acceptForm(body, o, a, label) {
  const evidenceId = `credential-evidence-${o.sessionId}`;
  // A note written anonymously gives no evidence: a credential carries its holder's name (README, "Credentials").
  const evidence = o.tryAnswer && !o.tryAnonymous ? h('input', { type: 'checkbox', id: evidenceId, name: 'withEvidence' }) : null;
  const button = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'accept-credential',
    'aria-label': `${t('credentials.accept')}: ${label}`, text: t('credentials.accept') });
  const status = h('div', { 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api.post(`/api/sessions/${enc(o.sessionId)}/credentials`,
        { achievement: a.achievement, withEvidence: Boolean(evidence && evidence.checked) });
      await load(body, t('credentials.accepted'));
    } catch (err) {
      button.disabled = false;
      clear(status, errorBox(err));
    }
  });
  return h('div', { class: 'credential-accept' },
    evidence ? h('p', { class: 'check-row' }, evidence,
      h('label', { for: evidenceId, text: t('credentials.withEvidence') }),
      h('span', { class: 'block muted', text: `「${o.tryAnswer}」` })) : null,
    o.tryAnswer && o.tryAnonymous ? h('p', { class: 'muted', 'data-note': 'try-anonymous', text: t('credentials.tryAnonymous') }) : null,
    h('p', {}, button), status);
}

function issued(body, c, label) {
  const base = `/api/credentials/${enc(c.id)}`;
  const publishId = `credential-published-${c.id}`;
  const publish = h('input', { type: 'checkbox', id: publishId, checked: Boolean(c.published), 'data-action': 'publish-credential' });
  const status = h('div', { 'aria-live': 'polite' });
  publish.addEventListener('change', async () => {
    publish.disabled = true;
    try {
      await api.patch(base, { published: publish.checked });
      clear(status, h('p', { class: 'muted', text: publish.checked ? t('credentials.nowPublished') : t('credentials.nowHidden') }));
    } catch (err) {
      publish.checked = !publish.checked;
      clear(status, errorBox(err));
    } finally {
      publish.disabled = false;
    }
  });
  return h('div', { class: 'credential-issued', 'data-credential': c.id },
    h('p', { class: 'session-tags' },
      h('span', { class: ['tag', c.revokedAt ? 'tag-session-cancelled' : 'tag-session-held'],
        text: c.revokedAt ? t('credentials.revoked') : t('credentials.issuedAt', { time: formatInstant(c.issuedAt) }) })),
    c.revokedAt ? h('p', { class: 'muted', text: t('credentials.revokedNote', { time: formatInstant(c.revokedAt), reason: c.revokeReason || '' }) }) : null,
    h('ul', { class: 'link-list' },
      h('li', {}, h('a', { href: `${base}/badge.png`, download: `kakehashi-credential-${c.id}.png`, 'data-action': 'download-png',
        'aria-label': `${t('credentials.downloadPng')}: ${label}`, text: t('credentials.downloadPng') })),
      h('li', {}, h('a', { href: `${base}/credential.jwt`, download: `kakehashi-credential-${c.id}.jwt`, 'data-action': 'download-jwt',
        'aria-label': `${t('credentials.downloadJwt')}: ${label}`, text: t('credentials.downloadJwt') })),
      h('li', {}, h('a', { href: `#/verify/${enc(c.id)}`, 'data-action': 'verify-page',
        'aria-label': `${t('credentials.verifyPage')}: ${label}`, text: t('credentials.verifyPage') }))),
    h('p', { class: 'check-row' }, publish, h('label', { for: publishId, text: t('credentials.published') })),
    status);
}
