// Who attended a held session, for its facilitator on the rooms page: every confirmed participant
// (rooms assigned or not) attended unless marked absent here; people marked absent are offered no
// credential for the session.

import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { loading, errorBox } from './ui.js';

const enc = encodeURIComponent;

/** The attendance section of a held session (null for any other session). */
export function attendanceSection(session) {
  if (!session || session.status !== 'held') return null;
  const body = h('div', {}, loading());
  load(body, session.id);
  return h('section', { class: 'attendance-section', id: 'attendance', 'aria-labelledby': 'attendance-title' },
    h('h2', { id: 'attendance-title', text: t('credentials.absent') }),
    h('p', { class: 'hint', text: t('credentials.absentHint') }), body);
}

async function load(body, sessionId) {
  let data;
  try {
    data = await api.get(`/api/sessions/${enc(sessionId)}/absences`);
  } catch (err) {
    clear(body, errorBox(err, () => load(body, sessionId)));
    return;
  }
  const people = data.participants || [];
  if (!people.length) {
    clear(body, h('p', { class: 'empty', text: t('credentials.noParticipants') }));
    return;
  }
  clear(body, h('ul', { class: 'fact-list attendance-list' }, people.map((m) => {
    const label = m.absent ? t('credentials.markPresent') : t('credentials.markAbsent');
    const button = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-action': 'absence',
      'aria-label': `${label}: ${m.name}`, text: label });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api.put(`/api/sessions/${enc(sessionId)}/absences/${enc(m.personId)}`, { absent: !m.absent });
        await load(body, sessionId);
      } catch (err) {
        button.disabled = false;
        button.after(errorBox(err));
      }
    });
    return h('li', { 'data-person-id': String(m.personId), 'data-absent': String(Boolean(m.absent)) },
      h('span', { text: m.name }), m.centerName ? h('span', { class: 'muted', text: ` (${m.centerName})` }) : null, ' ',
      m.absent ? h('span', { class: 'tag tag-session-cancelled', text: t('credentials.absent') }) : null, ' ', button);
  })));
}
