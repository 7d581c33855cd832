// Credentials for coordinators (#/credentials, #/credentials?round=ID): how many Open Badges each
// round produced, a round's list with revocation (a reason is required) and its CSV for the
// municipality.

import { h, append, clear } from '../dom.js';
import { t, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import { heading, loading, errorBox, notice, field } from '../ui.js';
import { formatInstant } from '../time.js';

const enc = encodeURIComponent;

export async function render(root, ctx) {
  ctx.setTitle(t('credentials.admin.title'));
  const body = h('div', {}, loading());
  append(root, heading(t('credentials.admin.title')), h('p', { class: 'lead', text: t('credentials.admin.lead') }), body);
  if (!ctx.isCoordinator) {
    clear(body, notice('error', t('error.forbidden')));
    return;
  }
  const roundId = ctx.query.get('round');
  try {
    if (roundId) await roundList(body, roundId, ctx);
    else await counts(body);
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
  }
}

async function counts(body) {
  const { rounds } = await api.get('/api/credentials/rounds');
  const head = ['credentials.admin.round', 'credentials.admin.held', 'credentials.admin.attended', 'credentials.admin.issued',
    'credentials.admin.revoked'];
  clear(body, h('div', { class: 'table-wrap' }, h('table', { class: 'table', id: 'credential-counts' },
    h('thead', {}, h('tr', {}, head.map((k) => h('th', { scope: 'col', text: t(k) })))),
    h('tbody', {}, (rounds || []).map((r) => h('tr', { 'data-round': String(r.roundId) },
      h('th', { scope: 'row' }, h('a', { href: `#/credentials?round=${enc(r.roundId)}`, text: r.title })),
      h('td', { text: formatNumber(r.heldSessions) }), h('td', { text: formatNumber(r.attended) }),
      h('td', { text: formatNumber(r.issued) }), h('td', { text: formatNumber(r.revoked) })))))));
}

async function roundList(body, roundId, ctx, message) {
  const data = await api.get(`/api/rounds/${enc(roundId)}/credentials`);
  const list = data.credentials || [];
  clear(body,
    message ? notice('success', message) : null,
    h('p', {}, h('a', { href: '#/credentials', text: t('credentials.admin.back') })),
    h('p', {}, h('a', { class: 'btn btn-secondary', href: `/api/rounds/${enc(roundId)}/credentials.csv`, download: '',
      text: t('credentials.admin.csv') })),
    list.length ? h('ul', { class: 'credential-list', id: 'credential-admin-list' }, list.map((c) => item(body, roundId, ctx, c)))
      : h('p', { class: 'empty', text: t('credentials.admin.none') }));
}

function item(body, roundId, ctx, c) {
  const label = `${c.personName} (${c.centerName || ''}) ${formatInstant(c.startsAt)}`;
  const li = h('li', { class: 'credential-card', 'data-credential': c.id },
    h('h2', { class: 'h3', text: label }),
    h('p', {}, h('span', { text: t(`credentials.kind.${c.achievement}`) }), ' — ',
      h('span', { text: c.revokedAt ? t('credentials.revokedNote', { time: formatInstant(c.revokedAt), reason: c.revokeReason || '' })
        : t('credentials.issuedAt', { time: formatInstant(c.issuedAt) }) })),
    h('p', {}, h('a', { href: `#/verify/${enc(c.id)}`, text: t('credentials.verifyPage'), 'aria-label': `${t('credentials.verifyPage')}: ${label}` })));
  if (!c.revokedAt) {
    const reason = field({ name: 'reason', label: t('credentials.admin.reason'), required: true, attrs: { maxlength: 500 } });
    const status = h('div', { 'aria-live': 'polite' });
    const form = h('form', { class: 'revoke-form', novalidate: true }, reason.el,
      h('button', { type: 'submit', class: 'btn btn-danger', 'data-action': 'revoke', text: t('credentials.admin.revoke'),
        'aria-label': `${t('credentials.admin.revoke')}: ${label}` }), status);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!reason.value) {
        reason.setError(t('credentials.admin.reasonNeeded'));
        reason.focus();
        return;
      }
      try {
        await api.post(`/api/credentials/${enc(c.id)}/revoke`, { reason: reason.value });
        await roundList(body, roundId, ctx, t('credentials.admin.revokedDone', { name: c.personName }));
      } catch (err) {
        clear(status, errorBox(err));
      }
    });
    li.append(form);
  }
  return li;
}
