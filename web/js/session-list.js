// The sessions of a round: when (in the viewer's time zone), which two centers, how full, a link
// to put it in one's calendar and, for those who may have it, the join link. Coordinators edit a
// session in place (time, seats, facilitator, host licence, join link).

import { caseLinks } from './case-common.js';
import { h, clear, focusOn } from './dom.js';
import { t, tn, formatNumber } from './i18n.js';
import { api, ApiError } from './api.js';
import { loading, errorBox, notice, field, formErrors, busy, describeError, localizeProblem } from './ui.js';
import { formatSpan, formatInstant, minutesBetween, localIso, localParts, toLocalIso, zoneHint } from './time.js';
import { sessionSignup, seatsText } from './session-signup.js';
import { canMarkHeld, heldButton } from './reflection-common.js';
import { runs, facilitates, ownCenter } from './session-access.js';

const STATUSES = new Set(['scheduled', 'held', 'cancelled']);
const PAGE = 20;
const MAX_CAPACITY = 1000;
const MIN_MINUTES = 15;
const MAX_MINUTES = 480;

/** pairs(): the round's published pairs, to name a session's pair ("ペア 3"). */
export function sessionList({ round, centers, ctx, pairs = () => [] }) {
  const url = `/api/rounds/${encodeURIComponent(round.id)}`;
  const coordinator = ctx.isCoordinator;
  const me = ctx.me || {};
  const content = h('div', {}, loading());
  const status = h('div', { class: 'status-area' });
  const title = h('h2', { id: 'sessions-title', text: t('sessions.title') });
  const el = h('section', { class: 'section sessions', 'aria-labelledby': 'sessions-title' }, title, status, content);
  let sessions = null;
  let shown = PAGE;
  // The held sessions the viewer took part in (their learning history): only those offer "write your
  // reflection" — a session open to all is held for every center, but the note is its participants' only.
  // null: not known (no history asked, or it failed), and then the button shows for one's center's sessions.
  let tookPart = null;
  // For coordinators: who the facilitators and host licences are, to name them and pick others.
  const directory = { facilitators: null, hosts: null };
  // "#/rounds/1?session=4" (a session's own address): that session is brought into view once.
  let target = ctx.query ? ctx.query.get('session') : null;
  // Signing up (staff of the session's centers, anyone when it is open to all): one's place, the form.
  const signup = sessionSignup({ round, ctx, onSession: replaceSession });

  /** A session fetched again (after signing up or cancelling): its card drawn anew in place. */
  function replaceSession(fresh) {
    if (!sessions) return;
    sessions = sessions.map((x) => (String(x.id) === String(fresh.id) ? { ...x, ...fresh } : x));
    const old = content.querySelector(`[data-session-id="${CSS.escape(String(fresh.id))}"]`);
    const now = sessions.find((x) => String(x.id) === String(fresh.id));
    if (old && now) old.replaceWith(card(now));
  }

  async function load() {
    clear(content, loading());
    try {
      const [list, , history] = await Promise.all([
        api.get(`${url}/sessions`),
        coordinator ? loadDirectory() : null,
        withCenter() ? api.get('/api/me/history').catch(() => null) : null,
      ]);
      sessions = list.sessions || [];
      tookPart = history ? new Set((history.sessions || []).map((x) => String(x.sessionId))) : null;
    } catch (err) {
      clear(content, errorBox(err, load));
      return;
    }
    draw();
    if (target) reveal(target);
    target = null;
  }

  /** Shows one session's card (paging on as far as needed), marks it and moves focus to it. */
  function reveal(id) {
    const index = ordered().findIndex((x) => String(x.id) === String(id));
    if (index < 0) {
      clear(status, notice('error', t('sessions.notInList')));
      return;
    }
    if (index >= shown) {
      shown = Math.ceil((index + 1) / PAGE) * PAGE;
      draw();
    }
    const cardEl = content.querySelector(`[data-session-id="${CSS.escape(String(id))}"]`);
    if (!cardEl) return;
    cardEl.classList.add('is-target');
    cardEl.scrollIntoView({ block: 'start' });
    focusOn(cardEl.querySelector('h3'));
    toSignupForm(cardEl);
  }

  /**
   * Someone sent to a session they may still sign up for (home's "sign up", the e-mail's link) lands on its
   * form, not on the facts above it: on a phone at 200 % text the facts are more than a screen, the form's
   * button three screens down. The form comes once one's place is known (no registration yet), so it is
   * awaited a few seconds; one already signed up stays at the card's heading.
   */
  function toSignupForm(cardEl) {
    const go = () => {
      const title = cardEl.querySelector('form.signup-form .signup-title');
      if (!title) return false;
      title.scrollIntoView({ block: 'start' });
      focusOn(title);
      return true;
    };
    if (go() || !cardEl.querySelector('[data-signup-for] > *')) return; // not one to sign up for
    const watch = new MutationObserver(() => {
      if (go() || cardEl.querySelector('[data-signup-for] .signup-status, [data-signup-for] .notice-error')) watch.disconnect();
    });
    watch.observe(cardEl, { childList: true, subtree: true });
    setTimeout(() => watch.disconnect(), 8000);
  }

  async function loadDirectory() {
    // Names are a convenience: without them the list still shows, with ids.
    const [people, hosts] = await Promise.allSettled([
      api.get('/api/people', { role: 'facilitator', limit: 5000 }),
      api.get('/api/hosts'),
    ]);
    directory.facilitators = people.status === 'fulfilled' ? people.value.people || [] : null;
    directory.hosts = hosts.status === 'fulfilled' ? hosts.value.hosts || [] : null;
  }

  /** A new list from planning: drawn at once, the names of a licence just added looked up again. */
  async function show(list) {
    sessions = list;
    shown = PAGE;
    clear(status);
    if (coordinator) {
      try {
        await loadDirectory();
      } catch {
        // the list shows with ids
      }
    }
    draw();
  }

  const isMine = (s) => ownCenter(me, s) || facilitates(me, s);
  const withCenter = () => me.centerId !== null && me.centerId !== undefined;

  function ordered() {
    // One's own sessions first and cancelled ones last (the API sorts by time, which stays the
    // order within each part).
    // Staff see their own pair's sessions and those open to everyone, not every pair's (#16).
    const list = (sessions || []).filter((s) => coordinator || isMine(s) || s.openToAll || !(me.centerId !== null && me.centerId !== undefined));
    const rank = (s) => (s.status === 'cancelled' ? 2 : 0) + (!coordinator && !isMine(s) ? 1 : 0);
    return list.map((s, i) => [s, i]).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([s]) => s);
  }

  function draw() {
    const list = ordered();
    const active = list.filter((s) => s.status !== 'cancelled').length;
    title.textContent = list.length ? t('sessions.titleWithCount', { count: formatNumber(active) }) : t('sessions.title');
    if (!list.length) {
      clear(content, h('p', { class: 'empty', text: t('sessions.empty') }));
      return;
    }
    // Staff whose pair has no session yet are told so, rather than left to search the list.
    const hasCenter = me.centerId !== null && me.centerId !== undefined;
    const noneOfMine = !coordinator && hasCenter && !list.some((x) => isMine(x) && x.status !== 'cancelled');
    const more = list.length - shown;
    const moreButton = more > 0 ? h('button', {
      type: 'button', class: 'btn btn-secondary', text: t('sessions.showMore', { count: formatNumber(Math.min(PAGE, more)), rest: formatNumber(more) }),
      onClick: () => {
        const first = shown;
        shown += PAGE;
        draw();
        focusOn(content.querySelectorAll('.session-card h3')[first]);
      },
    }) : null;
    clear(content,
      noneOfMine ? notice('info', t('sessions.noneForYou')) : null,
      h('p', { class: 'hint', text: coordinator ? t('sessions.leadCoordinator')
        : hasCenter ? t('sessions.lead') : t('sessions.leadFacilitator') }),
      h('ol', { class: 'session-list' }, list.slice(0, shown).map(card)),
      moreButton ? h('div', { class: 'actions' }, moreButton) : null);
  }

  /** Marked held: the card drawn again from the server, the news said above the list. */
  async function afterHeld(s, text) {
    let fresh = { ...s, status: 'held' };
    try {
      fresh = await api.get(`/api/sessions/${encodeURIComponent(s.id)}`);
    } catch {
      // the card shows it held anyway; the server said so
    }
    replaceSession(fresh);
    const box = notice('success', text);
    clear(status, box);
    focusOn(box);
  }

  function pairLabel(pairId) {
    const list = pairs();
    const index = list.findIndex((p) => String(p.id) === String(pairId));
    if (index < 0) return null;
    return t(list[index].centerIds.length === 3 ? 'board.trioN' : 'board.pairN', { n: index + 1 });
  }

  function facilitatorName(id) {
    if (id === null || id === undefined) return null;
    if (String(id) === String(me.id)) return t('sessions.you');
    const p = (directory.facilitators || []).find((x) => String(x.id) === String(id));
    return p ? p.name : t('sessions.personId', { id });
  }

  function hostName(id) {
    if (id === null || id === undefined) return null;
    const host = (directory.hosts || []).find((x) => String(x.id) === String(id));
    return host ? host.name : t('sessions.hostId', { id });
  }

  function card(s) {
    const span = formatSpan(s.startsAt, s.endsAt);
    const titleId = `session-${s.id}-title`;
    const tool = h('div', { class: 'session-tool', hidden: true });
    const mine = !coordinator && isMine(s);
    const cancelled = s.status === 'cancelled';
    const pair = pairLabel(s.pairId);
    const facts = [
      [t('sessions.seats'), tn('sessions.seatsValue', s.capacity ?? 0, { taken: formatNumber(s.seatsTaken ?? 0) }) + (s.waitlisted ? t('sessions.waitlisted', { count: formatNumber(s.waitlisted) }) : '')],
      cancelled ? null : [t('signup.seatsFact'), seatsText(s)],
      s.centerQuota ? [t('sessions.centerQuota'), tn('sessions.centerQuotaValue', s.centerQuota)] : null,
      s.signupClosesAt ? [t('sessions.signupCloses'), formatInstant(s.signupClosesAt)] : null,
      s.facilitatorId !== null && s.facilitatorId !== undefined && runs(me, s)
        ? [t('sessions.facilitator'), facilitatorName(s.facilitatorId)] : null,
      coordinator ? [t('sessions.host'), hostName(s.hostId) || t('common.none')] : null,
    ].filter(Boolean);

    const calendar = h('a', {
      class: 'btn btn-secondary btn-small', href: `/api/sessions/${encodeURIComponent(s.id)}/calendar.ics`, download: `kakehashi-session-${s.id}.ics`,
      text: t('sessions.addToCalendar'), 'aria-label': `${t('sessions.addToCalendar')}: ${span}`,
    });
    // Those who may sign up see the link with their place (prominent once their seat is confirmed).
    const canSignUp = signup.eligible(s);
    const join = s.joinUrl && !cancelled && !canSignUp ? h('a', {
      class: 'btn btn-primary btn-small', href: s.joinUrl, rel: 'noopener noreferrer', target: '_blank',
      text: t('sessions.join'), 'aria-label': `${t('sessions.join')}: ${span} ${t('sessions.newWindow')}`,
    }) : null;
    // The breakout rooms: the session's facilitator and coordinators arrange them.
    const leads = runs(me, s);
    const rooms = leads && !cancelled ? h('a', {
      class: 'btn btn-secondary btn-small', href: `#/sessions/${encodeURIComponent(s.id)}/rooms`,
      text: t('sessions.rooms'), 'aria-label': `${t('sessions.rooms')}: ${span}`,
    }) : null;
    // After it has started: the facilitator or a coordinator marks it held (reflections open), then
    // reads the summary; its participants write their reflection.
    const held = !cancelled && canMarkHeld(s, ctx) ? heldButton(s, {
      label: span,
      onDone: (text) => afterHeld(s, text),
      onFail: (text) => { clear(status, notice('error', text)); focusOn(status.firstChild); },
    }) : null;
    const started = new Date(s.startsAt).getTime() <= Date.now();
    const summary = leads && !cancelled && (started || s.status === 'held') ? h('a', {
      class: 'btn btn-secondary btn-small', href: `#/sessions/${encodeURIComponent(s.id)}/summary`,
      text: t('home.summary'), 'aria-label': `${t('home.summary')}: ${span}`,
    }) : null;
    const reflect = s.status === 'held' && withCenter()
      && (tookPart ? tookPart.has(String(s.id)) : (s.centerIds || []).some((id) => String(id) === String(me.centerId))) ? h('a', {
        class: 'btn btn-primary btn-small', href: `#/sessions/${encodeURIComponent(s.id)}/reflection`,
        text: t('sessions.reflect'), 'aria-label': `${t('sessions.reflect')}: ${span}`,
      }) : null;
    // #14: coordinators see whether Zoom has the meeting and can ask again (web/js/zoom-state.js).
    const zoomState = coordinator && !cancelled ? h('a', {
      class: 'btn btn-secondary btn-small', href: `#/sessions/${encodeURIComponent(s.id)}?zoom`,
      text: t('sessions.zoomState'), 'aria-label': `${t('sessions.zoomState')}: ${span}`,
    }) : null;
    // A cancelled session comes back only by planning again; there is nothing to edit in it.
    const edit = coordinator && !cancelled ? h('button', {
      type: 'button', class: 'btn btn-secondary btn-small', 'data-action': 'edit', 'aria-expanded': 'false',
      text: t('sessions.edit'), 'aria-label': `${t('sessions.edit')}: ${span}`,
    }) : null;
    if (edit) {
      edit.addEventListener('click', () => {
        if (!tool.hidden) {
          closeTool();
          return;
        }
        clear(tool, h('p', { class: 'strong', id: `session-${s.id}-form-title`, text: t('sessions.editTitle') }), editForm(s, closeTool));
        tool.hidden = false;
        edit.setAttribute('aria-expanded', 'true');
        tool.querySelector('input, select')?.focus();
      });
    }
    function closeTool() {
      tool.hidden = true;
      clear(tool);
      edit.setAttribute('aria-expanded', 'false');
      edit.focus();
    }

    return h('li', { class: ['session-card', mine ? 'is-mine' : null, cancelled ? 'is-cancelled' : null], 'data-session-id': String(s.id),
      'aria-labelledby': titleId },
      h('h3', { class: 'session-time', id: titleId, text: span }),
      h('p', { class: 'session-tags' },
        h('span', { class: ['tag', `tag-session-${STATUSES.has(s.status) ? s.status : 'other'}`],
          text: STATUSES.has(s.status) ? t(`sessions.status.${s.status}`) : String(s.status || '') }),
        mine ? h('span', { class: 'tag tag-mine', text: t('sessions.yours') }) : null,
        pair ? h('span', { class: 'muted', text: pair }) : null),
      h('ul', { class: 'pair-members' }, (s.centerIds || []).map((id) => h('li', {},
        h('a', { class: 'strong', href: `#/centers/${encodeURIComponent(id)}`, text: centers.name(id) })))),
      h('dl', { class: 'session-facts' }, facts.map(([label, value]) => h('div', {}, h('dt', { text: label }), h('dd', { text: value })))),
      cancelled ? null : h('div', { class: 'row-actions' }, reflect, calendar, join, rooms, held, summary, zoomState, edit),
      cancelled || !(mine || leads) ? null : caseLinks(s.id, leads), // #17: the session's case studies and run sheet
      canSignUp ? signup.block(s) : null,
      tool);
  }

  // ---- editing one session (coordinator) ----

  function editForm(s, close) {
    const start = localParts(s.startsAt);
    const length = minutesBetween(s.startsAt, s.endsAt) || 90;
    const option = (value, label, selected) => ({ value: String(value), label, selected });
    const facilitatorOptions = [option(0, t('sessions.noneChosen'))]
      .concat((directory.facilitators || []).map((p) => option(p.id, p.name)));
    if (s.facilitatorId && !facilitatorOptions.some((o) => o.value === String(s.facilitatorId))) {
      facilitatorOptions.push(option(s.facilitatorId, t('sessions.personId', { id: s.facilitatorId })));
    }
    const hostOptions = [option(0, t('sessions.noneChosen'))].concat((directory.hosts || []).map((x) => option(x.id, x.name)));
    if (s.hostId && !hostOptions.some((o) => o.value === String(s.hostId))) {
      hostOptions.push(option(s.hostId, t('sessions.hostId', { id: s.hostId })));
    }
    const key = `s${s.id}`;
    const fields = {
      day: field({ name: `${key}-day`, label: t('slots.date'), type: 'date', value: start.day, required: true }),
      startsAt: field({ name: `${key}-time`, label: t('slots.time'), type: 'time', value: start.time, required: true, attrs: { step: 300 } }),
      endsAt: field({ name: `${key}-minutes`, label: t('slots.duration'), type: 'number', value: String(length), required: true,
        attrs: { min: MIN_MINUTES, max: MAX_MINUTES, step: 5, inputmode: 'numeric' } }),
      capacity: field({ name: `${key}-capacity`, label: t('sessions.capacity'), type: 'number', value: String(s.capacity ?? ''), required: true,
        hint: t('sessions.capacityHint', { max: MAX_CAPACITY }), attrs: { min: 0, max: MAX_CAPACITY, step: 1, inputmode: 'numeric' } }),
      centerQuota: field({ name: `${key}-quota`, label: t('sessions.centerQuota'), type: 'number', value: s.centerQuota ? String(s.centerQuota) : '',
        hint: t('sessions.centerQuotaHint', { max: MAX_CAPACITY }), attrs: { min: 1, max: MAX_CAPACITY, step: 1, inputmode: 'numeric' } }),
      facilitatorId: field({ name: `${key}-facilitator`, label: t('sessions.facilitator'), kind: 'select', options: facilitatorOptions,
        value: String(s.facilitatorId || 0), hint: directory.facilitators ? null : t('sessions.namesUnavailable') }),
      hostId: field({ name: `${key}-host`, label: t('sessions.host'), kind: 'select', options: hostOptions, value: String(s.hostId || 0),
        hint: directory.hosts ? null : t('sessions.namesUnavailable') }),
      joinUrl: field({ name: `${key}-join`, label: t('sessions.joinUrl'), type: 'url', value: s.joinUrl || '', hint: t('sessions.joinUrlHint'),
        attrs: { maxlength: 2000, autocapitalize: 'none', spellcheck: 'false', inputmode: 'url' } }),
    };
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small', text: t('common.save') });
    const result = h('div', {});
    const formTitleId = `session-${s.id}-form-title`;
    const form = h('form', { class: 'tool-form session-form', novalidate: true, 'aria-labelledby': formTitleId },
      h('p', { class: 'hint', text: zoneHint() }),
      h('p', { class: 'hint', text: t('sessions.durationHint', { min: MIN_MINUTES, max: MAX_MINUTES }) }),
      h('div', { class: 'slot-row-fields' }, fields.day.el, fields.startsAt.el, fields.endsAt.el),
      fields.capacity.el, fields.centerQuota.el, fields.facilitatorId.el, fields.hostId.el, fields.joinUrl.el,
      result,
      h('div', { class: 'row-actions' }, submit,
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('common.cancel'), onClick: close })));
    const errors = formErrors(form, fields);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clear(result);
      const problems = [];
      const minutes = Number(fields.endsAt.value);
      const capacity = Number(fields.capacity.value);
      const joinUrl = fields.joinUrl.value;
      if (!fields.day.value) problems.push({ field: 'day', message: t('slots.error.date') });
      if (!fields.startsAt.value) problems.push({ field: 'startsAt', message: t('slots.error.time') });
      const startsAt = fields.day.value && fields.startsAt.value ? localIso(fields.day.value, fields.startsAt.value) : null;
      if (fields.day.value && fields.startsAt.value && !startsAt) problems.push({ field: 'day', message: t('slots.error.noSuchDay') });
      if (!Number.isInteger(minutes) || minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
        problems.push({ field: 'endsAt', message: t('form.error.range', { min: MIN_MINUTES, max: MAX_MINUTES }) });
      }
      if (fields.capacity.value === '' || !Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY) {
        problems.push({ field: 'capacity', message: t('form.error.range', { min: 0, max: MAX_CAPACITY }) });
      }
      const quota = fields.centerQuota.value === '' ? null : Number(fields.centerQuota.value);
      if (quota !== null && (!Number.isInteger(quota) || quota < 1 || quota > MAX_CAPACITY)) {
        problems.push({ field: 'centerQuota', message: t('sessions.error.centerQuota', { max: MAX_CAPACITY }) });
      }
      if (joinUrl && (!/^https:\/\/\S{3,}$/.test(joinUrl) || joinUrl.length > 2000)) {
        problems.push({ field: 'joinUrl', message: t('sessions.error.joinUrl') });
      }
      if (problems.length) {
        errors.show(problems);
        return;
      }
      errors.clear();

      // Only what changed is sent; times as instants with the viewer's offset.
      const body = {};
      const newStart = new Date(startsAt).getTime();
      const newEnd = newStart + minutes * 60000;
      if (newStart !== new Date(s.startsAt).getTime() || newEnd !== new Date(s.endsAt).getTime()) {
        body.startsAt = startsAt;
        body.endsAt = toLocalIso(new Date(newEnd));
      }
      if (capacity !== s.capacity) body.capacity = capacity;
      if (quota !== (s.centerQuota ?? null)) body.centerQuota = quota;
      const facilitatorId = Number(fields.facilitatorId.input.value);
      if (facilitatorId !== Number(s.facilitatorId || 0)) body.facilitatorId = facilitatorId;
      const hostId = Number(fields.hostId.input.value);
      if (hostId !== Number(s.hostId || 0)) body.hostId = hostId;
      if (joinUrl !== (s.joinUrl || '')) body.joinUrl = joinUrl;
      if (!Object.keys(body).length) {
        const box = notice('info', t('sessions.nothingChanged'));
        clear(result, box);
        focusOn(box);
        return;
      }
      try {
        const saved = await busy(submit, () => api.patch(`/api/sessions/${encodeURIComponent(s.id)}`, body));
        sessions = sessions.map((x) => (String(x.id) === String(s.id) ? { ...x, ...saved } : x));
        draw();
        const box = notice('success', t('sessions.saved', { time: formatSpan(saved.startsAt, saved.endsAt) }));
        clear(status, box);
        // Back to the session's edit button, with the message read out from the top of the list.
        const button = content.querySelector(`[data-session-id="${CSS.escape(String(s.id))}"] [data-action="edit"]`);
        if (button) button.focus();
        else focusOn(box);
      } catch (err) {
        showPatchError(err, errors);
      }
    });
    return form;
  }

  function showPatchError(err, errors) {
    if (err instanceof ApiError && err.status === 409 && err.code === 'busy') {
      // "That facilitator is already booked at that time." / "That host licence is …"
      const facilitator = /facilitator/i.test(err.serverMessage || '');
      errors.show([{ field: facilitator ? 'facilitatorId' : 'hostId', message: t(facilitator ? 'sessions.error.facilitatorBusy' : 'sessions.error.hostBusy') }]);
      return;
    }
    if (err instanceof ApiError && err.status === 409 && err.code === 'overlap') {
      errors.show([], t('sessions.error.overlap'));
      return;
    }
    if (err instanceof ApiError && (err.problems || err.field)) {
      const list = err.problems && err.problems.length ? err.problems : [{ field: err.field, message: err.serverMessage, code: err.code }];
      errors.show(list.map((p) => ({ field: p.field, message: problemText(p) })));
      return;
    }
    errors.show([], describeError(err));
  }

  function problemText(p) {
    if (p.field === 'joinUrl') return t('sessions.error.joinUrl');
    if (p.field === 'endsAt') return t('sessions.error.endsAt');
    if (p.field === 'capacity' && p.code === 'out_of_range') return t('form.error.range', { min: 0, max: MAX_CAPACITY });
    if (p.field === 'centerQuota') return t('sessions.error.centerQuota', { max: MAX_CAPACITY });
    return localizeProblem(p.message);
  }

  return {
    el,
    load,
    show,
    count: () => (sessions || []).filter((s) => s.status !== 'cancelled').length,
  };
}
