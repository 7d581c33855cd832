// The address of one session (#/sessions/{id}), as e-mails and calendar entries link to it: the
// session is shown where it lives, on its round's page, scrolled to and focused there.

import { h, append, clear } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox } from '../ui.js';

export async function render(root, ctx) {
  ctx.setTitle(t('session.title'));
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back' }, h('a', { href: '#/rounds', text: t('round.backToList') })), heading(t('session.title')), body);
  let session;
  try {
    session = await api.get(`/api/sessions/${encodeURIComponent(ctx.params.id)}`);
  } catch (err) {
    const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
    clear(body, errorBox(err, final ? null : () => ctx.rerender()));
    return;
  }
  if (ctx.isCoordinator && ctx.query.has('zoom')) return (await import('../zoom-state.js')).mount(body, session, ctx);
  // Replaced rather than added: "back" should not land here and be sent forward again.
  history.replaceState(null, '', `${location.pathname}#/rounds/${encodeURIComponent(session.roundId)}?session=${encodeURIComponent(session.id)}`);
  ctx.rerender();
}
