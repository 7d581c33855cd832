// The Zoom meeting of one session, for coordinators (#/sessions/{id}?zoom): whether the meeting
// exists, what became of the last request to Zoom, Zoom's refusal (its code and message) in plain
// words, and a button to ask again once the cause is fixed (README, "Zoom").

import { h, clear, focusOn } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';
import { loading, errorBox, notice, details, busy, describeError } from './ui.js';
import { formatInstant, formatSpan } from './time.js';

// Zoom's codes with an explanation of our own (the README lists them); any other is shown as Zoom wrote it.
const KNOWN_CODES = new Set([1001, 3001, 3002, 3007, 124, 429]);
const STATES = new Set(['pending', 'sent', 'failed']);

/** Fills {@code root} with the session's Zoom state and keeps it up to date after a retry. */
export async function mount(root, session, ctx) {
  ctx.setTitle(t('zoomState.title'));
  const status = h('div', { class: 'zoom-state-status', 'aria-live': 'polite' });
  const panel = h('div', { class: 'zoom-state' }, loading());
  clear(root,
    h('p', { class: 'lead', text: formatSpan(session.startsAt, session.endsAt) }),
    h('section', { class: 'panel', 'aria-labelledby': 'zoom-state-title' },
      h('h2', { id: 'zoom-state-title', text: t('zoomState.title') }), panel, status),
    h('p', {}, h('a', { href: `#/rounds/${encodeURIComponent(session.roundId)}?session=${encodeURIComponent(session.id)}`,
      text: t('zoomState.backToSession') })));

  async function load() {
    try {
      draw(await api.get(`/api/sessions/${encodeURIComponent(session.id)}/zoom`));
    } catch (err) {
      clear(panel, errorBox(err, load));
    }
  }

  function draw(z) {
    const state = STATES.has(z.state) ? z.state : null;
    const rows = [
      [t('zoomState.meeting'), z.meetingId ? t('zoomState.meetingExists', { id: z.meetingId }) : t('zoomState.noMeeting')],
      [t('zoomState.lastRequest'), state ? t(`zoomState.state.${state}`) : t('zoomState.state.none')],
      z.at ? [t('zoomState.at'), formatInstant(z.at)] : null,
    ].filter(Boolean);
    const parts = [];
    if (!z.configured) parts.push(notice('info', t('zoomState.notConfigured')));
    parts.push(details(rows));
    if (z.zoom) {
      const code = z.zoom.code;
      parts.push(h('div', { class: 'notice notice-error', role: 'alert' },
        h('p', { class: 'strong', text: code !== null && code !== undefined
          ? t('zoomState.refusedCode', { code: String(code), status: String(z.zoom.status) })
          : t('zoomState.refused', { status: String(z.zoom.status) }) }),
        h('p', { text: KNOWN_CODES.has(code) ? t(`zoomState.code.${code}`) : t('zoomState.code.other') }),
        z.zoom.message ? h('p', {}, h('span', { text: t('zoomState.zoomSaid') }), ' ',
          h('q', { lang: 'en', text: z.zoom.message })) : null));
    } else if (z.error) {
      parts.push(notice('info', state === 'failed' ? t('zoomState.failedOther') : t('zoomState.retrying')));
    }
    // Asking again helps when the last request failed or has not created the meeting yet.
    if (z.configured && (state === 'failed' || z.error || !z.meetingId)) {
      const retry = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'zoom-retry', text: t('zoomState.retry') });
      retry.addEventListener('click', async () => {
        try {
          await busy(retry, () => api.post(`/api/sessions/${encodeURIComponent(session.id)}/zoom/retry`));
          clear(status, notice('success', t('zoomState.retried')));
          await load();
        } catch (err) {
          clear(status, notice('error', describeError(err)));
          focusOn(status.firstChild);
        }
      });
      parts.push(h('p', { class: 'hint', text: t('zoomState.retryHint') }), h('div', { class: 'actions' }, retry));
    }
    clear(panel, ...parts);
  }

  await load();
}
