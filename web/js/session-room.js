// What a signed-up participant needs for the breakout rooms, on their session's card: their room
// and its topic once assigned, and the e-mail they sign in to Zoom with (Zoom's pre-assignment only
// works when they use that address), confirmed or changed in a small form.

import { h, clear, focusOn } from './dom.js';
import { t } from './i18n.js';
import { api, ApiError } from './api.js';
import { notice, field, formErrors, busy, describeError } from './ui.js';
import { labelText, roomName } from './round-common.js';

/**
 * session, reg: the registration; topics: the round's; me: the viewer; rooms: a Map kept by the
 * caller (session id → room or null) so redraws do not ask again; onReg(reg): a changed registration.
 */
export function participantRoom({ session, reg, topics, me, rooms, onReg }) {
  const base = `/api/sessions/${encodeURIComponent(session.id)}`;
  const confirmed = reg.status === 'confirmed';
  const roomArea = h('div', { class: 'my-room' });
  const emailArea = h('div', { class: 'zoom-email' });
  const el = h('div', { class: 'participant-room' }, confirmed ? roomArea : null, emailArea);

  function drawRoom(room) {
    if (room === undefined) {
      clear(roomArea, h('p', { class: 'loading', role: 'status', text: t('myRoom.loading') }));
    } else if (room && room.failed) {
      clear(roomArea, h('p', { class: 'hint', text: `${t('myRoom.loadFailed')} ${describeError(room.failed)}` }));
    } else if (room) {
      const topic = labelText(topics.find((x) => x.key === room.topic)) || room.topic;
      clear(roomArea, h('p', { class: 'my-room-line' },
        h('span', { class: 'strong', text: `${t('myRoom.yourRoom')} ` }),
        h('span', { class: 'tag tag-room', text: roomName(room, topics) }),
        topic ? h('span', { class: 'block', text: t('myRoom.topic', { topic }) }) : null));
    } else {
      clear(roomArea, h('p', { class: 'hint', text: t('myRoom.notYet') }));
    }
  }

  async function loadRoom() {
    const key = String(session.id);
    if (rooms.has(key)) {
      drawRoom(rooms.get(key));
      return;
    }
    drawRoom(undefined);
    let room;
    try {
      room = await api.get(`${base}/rooms/me`);
    } catch (err) {
      room = err instanceof ApiError && err.status === 404 ? null : { failed: err };
    }
    if (!room || !room.failed) rooms.set(key, room);
    drawRoom(room);
  }

  function drawEmail(current, message) {
    const address = current.zoomEmail || me.email || '';
    const box = message ? notice('success', message) : null;
    if (current.zoomEmailConfirmed) {
      const change = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'aria-expanded': 'false', text: t('zoomEmail.change') });
      const slot = h('div', {});
      change.addEventListener('click', () => {
        if (slot.firstChild) {
          clear(slot);
          change.setAttribute('aria-expanded', 'false');
          return;
        }
        clear(slot, form(current, address, () => { clear(slot); change.setAttribute('aria-expanded', 'false'); change.focus(); }));
        change.setAttribute('aria-expanded', 'true');
        slot.querySelector('input')?.focus();
      });
      clear(emailArea, box,
        h('p', {}, h('span', { class: 'strong', text: `${t('zoomEmail.label')} ` }), h('span', { class: 'break', text: address }),
          h('span', { class: 'tag tag-signup-confirmed', text: t('zoomEmail.confirmed') })),
        h('div', { class: 'row-actions' }, change), slot);
    } else {
      clear(emailArea, box,
        h('p', { class: 'strong', text: t('zoomEmail.notConfirmed') }),
        h('p', { class: 'hint', text: t('zoomEmail.why') }),
        form(current, address, null));
    }
    if (box) focusOn(box);
  }

  function form(current, address, close) {
    const email = field({
      name: `zoom-email-${session.id}`, label: t('zoomEmail.field'), type: 'email', value: address, required: true,
      hint: t('zoomEmail.hint', { email: me.email || '' }), attrs: { autocomplete: 'email', maxlength: 320, spellcheck: 'false' },
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small', text: current.zoomEmailConfirmed ? t('common.save') : t('zoomEmail.confirm') });
    const f = h('form', { class: 'tool-form', novalidate: true }, email.el,
      h('div', { class: 'row-actions' }, submit,
        close ? h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('common.cancel'), onClick: close }) : null));
    const errors = formErrors(f, { email });
    f.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = email.value;
      if (!/^[^@\s]+@[^@\s]+$/.test(value)) {
        errors.show([{ field: 'email', message: value ? t('form.error.email') : t('zoomEmail.error.required') }]);
        return;
      }
      errors.clear();
      try {
        const saved = await busy(submit, () => api.put(`${base}/registrations/me/zoom-email`, { email: value }));
        onReg(saved);
        drawEmail(saved, t('zoomEmail.saved', { email: saved.zoomEmail || value }));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) errors.show([], t('zoomEmail.error.notSignedUp'));
        else errors.showError(err);
      }
    });
    return f;
  }

  if (confirmed) loadRoom();
  drawEmail(reg);
  return el;
}
