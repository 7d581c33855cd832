// Inviting everyone not yet invited (or one center's) at once (#16): how many, one confirmation,
// then batches of 50 with a progress bar until none remain. Used by the people list and after an import.

import { h, clear, focusOn } from './dom.js';
import { t, tn, formatNumber } from './i18n.js';
import { api } from './api.js';
import { notice, confirmDialog, describeError } from './ui.js';

/** centerId(): the center to invite (null: everyone); centerName(id): its name, for the button. */
export function bulkInvite({ centerId = () => null, centerName = () => '' }) {
  const el = h('div', { class: 'bulk-invite' });

  async function refresh() {
    const id = centerId();
    let count;
    try {
      count = (await api.get('/api/people/invitations', id ? { centerId: id } : {})).uninvited;
    } catch (err) {
      clear(el, notice('error', describeError(err)));
      return;
    }
    if (!count) {
      clear(el, h('p', { class: 'muted', text: id ? t('invite.bulk.noneAtCenter', { center: centerName(id) }) : t('invite.bulk.none') }));
      return;
    }
    const label = id ? tn('invite.bulk.center', count, { center: centerName(id) }) : tn('invite.bulk.everyone', count);
    const button = h('button', { type: 'button', class: 'btn btn-primary', text: label, onClick: () => run(id, count, button) });
    clear(el, h('p', {}, button));
  }

  async function run(id, total, button) {
    const ok = await confirmDialog({
      title: t('invite.bulk.confirmTitle'), message: tn('invite.bulk.confirmBody', total), confirmLabel: t('invite.bulk.confirm'),
    });
    if (!ok) return;
    button.disabled = true;
    const bar = h('progress', { max: String(total), value: '0', 'aria-label': t('invite.bulk.progressLabel') });
    const text = h('p', { role: 'status', text: t('invite.bulk.progress', { done: formatNumber(0), total: formatNumber(total) }) });
    clear(el, bar, text);
    let done = 0;
    try {
      for (;;) {
        const answer = await api.post('/api/people/invitations', id ? { centerId: Number(id) } : {});
        done += answer.invited;
        bar.value = Math.min(done, total);
        clear(text, t('invite.bulk.progress', { done: formatNumber(done), total: formatNumber(Math.max(total, done)) }));
        if (!answer.remaining || !answer.invited) break;
      }
    } catch (err) {
      const box = notice('error', tn('invite.bulk.partly', done), describeError(err));
      clear(el, box);
      focusOn(box);
      return;
    }
    const box = notice('success', tn('invite.bulk.done', done));
    clear(el, box);
    focusOn(box);
  }

  return { el, refresh };
}
