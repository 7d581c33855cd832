// Signing up for a session, on its card: one's place (confirmed, or where on the waitlist), the
// topics one ranked, the join link for confirmed participants, cancelling, and the sign-up form
// (the round's topics ranked 1 to 3 in three selects, which work the same on a phone).

import { h, clear, focusOn } from './dom.js';
import { mayJoin } from './session-access.js';
import { t, tn, formatNumber, intlLocale } from './i18n.js';
import { api, ApiError, NetworkError, idempotencyKey } from './api.js';
import { notice, field, formErrors, busy, confirmDialog, describeError, localizeProblem } from './ui.js';
import { labelText } from './round-common.js';
import { formatInstant, formatSpan } from './time.js';
import { participantRoom } from './session-room.js';

const RANKS = 3; // the server takes 1 to 3 ranked topics

/** Seats in words for everyone: "残り 12 席" or "満席・キャンセル待ち 5 人". */
export function seatsText(s) {
  const left = Math.max(0, (s.capacity ?? 0) - (s.seatsTaken ?? 0));
  return left > 0 ? tn('signup.seatsLeft', left) : t('signup.full', { count: formatNumber(s.waitlisted ?? 0) });
}

/** "Waitlist: 3rd" (English ordinals by the language's rules), "キャンセル待ち 3番目". */
function waitlistPlace(position) {
  const rule = new Intl.PluralRules(intlLocale(), { type: 'ordinal' }).select(position);
  return t(`signup.waitlistPlace.${rule}`, { n: formatNumber(position) });
}

/**
 * round: the round (its topics); ctx: the view's; onSession(session): a session fetched again after
 * signing up or cancelling (new seat counts, the join link), for the list to draw its card anew.
 */
export function sessionSignup({ round, ctx, onSession }) {
  const me = ctx.me || {};
  const topics = round.topics || [];
  // Per session id: {state: 'loading'|'none'|'registered'|'failed', reg, error, message}; kept across
  // redraws of the list, so paging or editing does not ask the server again.
  const places = new Map();
  // The block element drawn for each session id (the latest card's).
  const blocks = new Map();
  // One's room per session id (null: not assigned yet), asked once per page.
  const rooms = new Map();

  /** Who the API lets sign up: staff of the session's centers, anyone when it is open to all. */
  function eligible(s) {
    return s.status === 'scheduled' && mayJoin(me, s);
  }

  /** The sign-up part of a session's card (an empty element when the viewer cannot sign up). */
  function block(s) {
    const el = h('div', { class: 'signup', 'data-signup-for': String(s.id) });
    if (!eligible(s)) return el;
    blocks.set(String(s.id), { el, s });
    if (!places.has(String(s.id))) load(s);
    else fill(String(s.id));
    return el;
  }

  async function load(s) {
    const id = String(s.id);
    places.set(id, { state: 'loading' });
    fill(id);
    try {
      const reg = await api.get(`/api/sessions/${encodeURIComponent(s.id)}/registrations/me`);
      places.set(id, { state: 'registered', reg });
    } catch (err) {
      places.set(id, err instanceof ApiError && err.status === 404 ? { state: 'none' } : { state: 'failed', error: err });
    }
    fill(id);
  }

  function fill(id) {
    const entry = blocks.get(id);
    if (!entry) return;
    const { el, s } = entry;
    const place = places.get(id) || { state: 'loading' };
    const message = place.message ? notice(place.message.kind, place.message.text) : null;
    if (message) message.setAttribute('tabindex', '-1');
    let content;
    if (place.state === 'loading') {
      content = h('p', { class: 'loading', role: 'status', text: t('signup.loading') });
    } else if (place.state === 'failed') {
      content = h('div', { class: 'notice notice-error', role: 'alert' },
        h('p', { text: `${t('signup.loadFailed')} ${describeError(place.error)}` }),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('common.retry'), onClick: () => load(s) }));
    } else if (place.state === 'registered') {
      content = registered(s, place.reg);
    } else {
      content = signupForm(s);
    }
    clear(el, message, content);
  }

  /** After a change: the session again from the server (seats, join link), then its card anew. */
  async function settle(s, message) {
    const id = String(s.id);
    places.set(id, { ...places.get(id), message });
    let fresh = s;
    try {
      fresh = await api.get(`/api/sessions/${encodeURIComponent(s.id)}`);
    } catch {
      // the card keeps the counts it had; the place itself is already known
    }
    onSession(fresh);
    const entry = blocks.get(id);
    if (entry && !entry.el.isConnected) return;
    fill(id);
    const box = entry && entry.el.querySelector('.notice');
    if (box) focusOn(box);
    // Said once: a later redraw of the list shows the place without the message.
    const now = places.get(id);
    if (now) delete now.message;
  }

  // ---- signed up: the place, the topics, the join link, cancelling ----

  function registered(s, reg) {
    const confirmed = reg.status === 'confirmed';
    const span = formatSpan(s.startsAt, s.endsAt);
    const ranked = (reg.topics || []).map((key) => topics.find((x) => x.key === key) || { key });
    const join = confirmed && s.joinUrl ? h('a', {
      class: 'btn btn-primary signup-join', href: s.joinUrl, rel: 'noopener noreferrer', target: '_blank',
      text: t('signup.joinZoom'), 'aria-label': `${t('signup.joinZoom')}: ${span} ${t('sessions.newWindow')}`,
    }) : null;
    const cancel = h('button', {
      type: 'button', class: 'btn btn-danger-outline btn-small', text: t('signup.cancel'),
      'aria-label': `${t('signup.cancel')}: ${span}`,
    });
    cancel.addEventListener('click', () => cancelSignup(s, reg, cancel));
    return h('div', { class: ['signup-place', confirmed ? 'is-confirmed' : 'is-waitlisted'] },
      h('p', { class: 'signup-status' },
        h('span', { class: 'signup-status-label', text: `${t('signup.yourPlace')} ` }),
        h('span', {
          class: ['tag', confirmed ? 'tag-signup-confirmed' : 'tag-signup-waitlisted'],
          text: confirmed ? t('signup.confirmed') : waitlistPlace(reg.position || 1),
        })),
      confirmed ? null : h('p', { class: 'hint', text: t('signup.waitlistHint') }),
      join,
      confirmed && !s.joinUrl ? h('p', { class: 'hint', text: t('signup.joinLater') }) : null,
      participantRoom({
        session: s, reg, topics, me, rooms,
        onReg: (saved) => {
          const place = places.get(String(s.id));
          if (place && place.reg) place.reg = { ...place.reg, ...saved };
        },
      }),
      ranked.length ? h('div', { class: 'signup-topics' },
        h('p', { class: 'strong', text: t('signup.yourTopics') }),
        h('ol', {}, ranked.map((x, i) => h('li', { text: t('signup.rankedTopic', { rank: t(`signup.rank${i + 1}`), topic: labelText(x) }) })))) : null,
      h('div', { class: 'row-actions' }, cancel));
  }

  async function cancelSignup(s, reg, button) {
    const confirmed = reg.status === 'confirmed';
    const ok = await confirmDialog({
      title: t('signup.cancelTitle'),
      message: t(confirmed ? 'signup.cancelConfirmedMessage' : 'signup.cancelWaitlistMessage'),
      confirmLabel: t('signup.cancelConfirm'),
      cancelLabel: t('signup.keep'),
      danger: true,
    });
    if (!ok) return;
    const id = String(s.id);
    try {
      await busy(button, () => api.del(`/api/sessions/${encodeURIComponent(s.id)}/registrations/me`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        places.set(id, { state: 'none' });
        await settle(s, { kind: 'info', text: t('signup.alreadyCancelled') });
        return;
      }
      const box = notice('error', describeError(err));
      const area = button.closest('.signup-place');
      area.querySelector('.notice')?.remove();
      area.prepend(box);
      focusOn(box);
      return;
    }
    places.set(id, { state: 'none' });
    await settle(s, { kind: 'success', text: confirmed ? t('signup.cancelledConfirmed') : t('signup.cancelledWaitlist') });
  }

  // ---- not signed up: the form ----

  function signupForm(s) {
    const span = formatSpan(s.startsAt, s.endsAt);
    const now = Date.now();
    const opens = s.signupOpensAt ? new Date(s.signupOpensAt).getTime() : null;
    const closes = s.signupClosesAt ? new Date(s.signupClosesAt).getTime() : null;
    if (opens && now < opens) return h('p', { class: 'hint', text: t('signup.opensAt', { time: formatInstant(s.signupOpensAt) }) });
    if (closes && now > closes) return h('p', { class: 'hint', text: t('signup.closedHint') });

    const full = (s.capacity ?? 0) - (s.seatsTaken ?? 0) <= 0;
    const key = `s${s.id}`;
    const fields = {};
    const choices = [];
    for (let rank = 1; rank <= RANKS && rank <= topics.length; rank += 1) {
      const options = [{ value: '', label: t(rank === 1 ? 'signup.chooseOne' : 'signup.noChoice') }]
        .concat(topics.map((x) => ({ value: x.key, label: labelText(x) })));
      const f = field({ name: `${key}-topic${rank}`, label: t(`signup.rank${rank}`), kind: 'select', options, required: rank === 1 });
      fields[`topic${rank}`] = f;
      choices.push(f);
    }
    // The server names the whole list "topics": its problems are shown at the first choice.
    if (choices.length) fields.topics = choices[0];
    fields.zoomEmail = field({
      // One Zoom e-mail step (#16): the account's address is filled in, and signing up confirms it.
      name: `${key}-zoom-email`, label: t('signup.zoomEmail'), type: 'email', value: me.email || '',
      hint: t('signup.zoomEmailHint', { email: me.email || '' }),
      attrs: { autocomplete: 'email', maxlength: 320, spellcheck: 'false' },
    });
    const titleId = `session-${s.id}-signup-title`;
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('signup.submit'), 'aria-label': `${t('signup.submit')}: ${span}` });
    const form = h('form', { class: 'tool-form signup-form', novalidate: true, 'aria-labelledby': titleId },
      h('h4', { class: 'signup-title', id: titleId, text: t('signup.title') }),
      h('p', { class: full ? 'strong' : 'hint', text: full ? t('signup.fullHint', { count: formatNumber(s.waitlisted ?? 0) }) : seatsText(s) }),
      s.centerQuota ? h('p', { class: 'hint', text: tn('signup.quotaHint', s.centerQuota) }) : null,
      choices.length ? h('fieldset', { class: 'choices signup-topics-field' },
        h('legend', { text: t('signup.topicsLegend') }),
        h('p', { class: 'hint', text: t('signup.topicsHint') }),
        choices.map((f) => f.el)) : null,
      fields.zoomEmail.el,
      h('div', { class: 'row-actions' }, submit));
    const errors = formErrors(form, fields, { failedTitle: t('signup.failedTitle') });
    // One key per choice of topics: a double click or a retry after a lost answer is one sign-up;
    // changed topics are a new request (the server would refuse a key reused for another body).
    let pending = null;

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      const picked = choices.map((f) => f.input.value);
      const problems = [];
      if (choices.length && !picked[0]) problems.push({ field: 'topic1', message: t('signup.error.topicRequired') });
      picked.forEach((value, i) => {
        if (value && picked.indexOf(value) < i) problems.push({ field: `topic${i + 1}`, message: t('signup.error.topicTwice') });
      });
      const zoomEmail = fields.zoomEmail.value || me.email || '';
      if (zoomEmail && !/^[^@\s]+@[^@\s]+$/.test(zoomEmail)) problems.push({ field: 'zoomEmail', message: t('form.error.email') });
      if (problems.length) {
        errors.show(problems);
        return;
      }
      errors.clear();
      const body = { topics: picked.filter(Boolean) };
      if (zoomEmail) body.zoomEmail = zoomEmail;
      const json = JSON.stringify(body);
      if (!pending || pending.json !== json) pending = { json, key: idempotencyKey() };
      let reg;
      try {
        reg = await busy(submit, () => api.post(`/api/sessions/${encodeURIComponent(s.id)}/registrations`, body,
          { headers: { 'Idempotency-Key': pending.key } }));
      } catch (err) {
        // A refused request frees its key on the server; a lost answer is retried with the same one.
        if (!(err instanceof NetworkError) && !(err instanceof ApiError && (err.status === 503 || err.code === 'request_in_progress'))) {
          pending = null;
        }
        showError(err, s, errors);
        return;
      }
      pending = null;
      places.set(String(s.id), { state: 'registered', reg });
      await settle(s, {
        kind: 'success',
        text: reg.status === 'confirmed' ? t('signup.doneConfirmed') : t('signup.doneWaitlisted'),
      });
    });
    return form;
  }

  function showError(err, s, errors) {
    if (err instanceof ApiError) {
      if (err.code === 'not_eligible') return errors.show([], t('signup.error.notEligible'));
      if (err.code === 'signup_closed') return errors.show([], t('signup.error.closed'));
      if (err.code === 'signup_not_open') {
        return errors.show([], s.signupOpensAt ? t('signup.opensAt', { time: formatInstant(s.signupOpensAt) }) : t('signup.error.notOpen'));
      }
      if (err.code === 'request_in_progress') return errors.show([], t('signup.error.inProgress'));
      if (err.problems || err.field) {
        const list = err.problems && err.problems.length ? err.problems : [{ field: err.field, message: err.serverMessage }];
        return errors.show(list.map((p) => ({ field: p.field === 'topics' && !topics.length ? '' : p.field, message: topicProblem(p.message) })));
      }
    }
    return errors.showError(err);
  }

  /** The server's words about topics (signup/SignupRoutes.java) in the viewer's language. */
  function topicProblem(message) {
    if (/^Rank one to three/.test(message || '')) return t('signup.error.topicRequired');
    if (/ranked twice/.test(message || '')) return t('signup.error.topicTwiceServer');
    if (/^Unknown topic/.test(message || '')) return t('signup.error.topicUnknown');
    return localizeProblem(message);
  }

  return { eligible, block };
}
