// The breakout rooms of one session, for its facilitator and coordinators: run the assignment
// (room sizes, rooms per topic), then adjust by hand — drag a person to another room, or use
// "Move…" from the keyboard; a moved person is locked so that a new run keeps them. Also the Zoom
// pre-assignment CSV, who has not confirmed their Zoom e-mail, who is in no room, and what was
// sent to Zoom. Every change answers with the whole state, which is drawn again.

import { h, clear, focusOn } from './dom.js';
import { t, tn, formatNumber } from './i18n.js';
import { api, ApiError } from './api.js';
import { loading, errorBox, notice, field, formErrors, busy, confirmDialog, describeError } from './ui.js';
import { labelText, roomName, serverDetail } from './round-common.js';
import { formatInstant } from './time.js';

const DEFAULT_MIN = 3;
const DEFAULT_MAX = 6;
const MAX_SIZE = 100;
const MAX_ROOMS = 100;
const PUSH_STATES = new Set(['pending', 'sent', 'failed']);
const WHY = new Set(['first_choice', 'second_choice', 'third_choice', 'unranked', 'locked', 'moved']);

/** session: the session; topics: its round's topics [{key, ja, en}] (the board's own list wins once loaded). */
export function roomsBoard({ session, topics: roundTopics }) {
  let topics = roundTopics || [];
  const url = `/api/sessions/${encodeURIComponent(session.id)}/rooms`;
  const status = h('div', { class: 'status-area' });
  const content = h('div', {}, loading());
  const el = h('div', { class: 'rooms-board' }, status, content);
  let data = null;
  let dragging = null; // personId being dragged with a pointer

  /** The board names its topics ({key, ja, en}); a member's and a room's topic is a key into them. */
  function takeTopics(board) {
    if (board && Array.isArray(board.topics) && board.topics.length) topics = board.topics;
  }
  const topicLabel = (key) => labelText(topics.find((x) => x.key === key)) || key || t('rooms.noTopic');
  const sel = (personId, action) => `[data-person-id="${CSS.escape(String(personId))}"] [data-action="${action}"]`;

  async function load() {
    clear(content, loading());
    try {
      data = await api.get(url);
      takeTopics(data);
    } catch (err) {
      const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
      clear(content, errorBox(err, final ? null : load));
      return;
    }
    draw();
  }

  /** Draws a new state; message: what just happened; focusSelector: where the keyboard goes next. */
  function show(next, { message, focusSelector } = {}) {
    data = next;
    takeTopics(next);
    draw();
    const box = message ? notice('success', message) : null;
    clear(status, box);
    const target = focusSelector ? content.querySelector(focusSelector) : null;
    if (target) target.focus();
    else if (box) focusOn(box);
  }

  function fail(err, where = status) {
    const box = notice('error', h('p', { text: errorText(err) }), err instanceof ApiError && err.status === 422 ? serverDetail(err) : null);
    clear(where, box);
    focusOn(box);
  }

  function errorText(err) {
    if (err instanceof ApiError && err.code === 'no_participants') return t('rooms.error.noParticipants');
    if (err instanceof ApiError && err.status === 404) return t('rooms.error.gone');
    return describeError(err);
  }

  const rooms = () => [...(data.rooms || [])].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const settings = () => ({ min: data.settings?.minSize ?? DEFAULT_MIN, max: data.settings?.maxSize ?? DEFAULT_MAX });

  function draw() {
    const list = rooms();
    const placed = list.reduce((n, r) => n + (r.members || []).length, 0);
    const unplaced = data.unplaced || [];
    const unconfirmed = data.zoomEmails?.unconfirmed || [];
    clear(content,
      h('p', { class: 'lead', text: list.length
        ? tn('rooms.summary', list.length, { placed: tn('rooms.people', placed), unplaced: formatNumber(unplaced.length) })
        : t('rooms.emptyLead') }),
      assignForm(list.length > 0),
      list.length ? roomsByTopic(list) : null,
      list.length ? unplacedSection(unplaced, list) : waitingSection(unconfirmed.length + (data.zoomEmails?.confirmed ?? 0)),
      emailsSection(unconfirmed, data.zoomEmails?.confirmed ?? 0),
      zoomSection(list.length > 0));
  }

  // ---- running the assignment ----

  function assignForm(again) {
    const { min, max } = settings();
    const num = (name, label, value, hint) => field({
      name, label, type: 'number', value: value === null ? '' : String(value), hint,
      attrs: { min: 1, max: name.startsWith('rpt-') ? MAX_ROOMS : MAX_SIZE, step: 1, inputmode: 'numeric' },
    });
    const fields = {
      minSize: num('minSize', t('rooms.minSize'), min, null),
      maxSize: num('maxSize', t('rooms.maxSize'), max, null),
    };
    const perTopic = topics.map((x) => {
      const f = num(`rpt-${x.key}`, topicLabel(x.key), null, null);
      fields[`roomsPerTopic.${x.key}`] = f;
      return [x.key, f];
    });
    if (perTopic.length) fields.roomsPerTopic = perTopic[0][1];
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: again ? t('rooms.rerun') : t('rooms.assign') });
    const form = h('form', { class: 'run-form rooms-form', novalidate: true, 'aria-labelledby': 'rooms-assign-title' },
      h('h2', { id: 'rooms-assign-title', text: t('rooms.assignTitle') }),
      h('p', { class: 'hint', text: again ? t('rooms.rerunHint') : t('rooms.assignHint') }),
      h('div', { class: 'slot-row-fields' }, fields.minSize.el, fields.maxSize.el),
      perTopic.length ? h('details', { class: 'options' },
        h('summary', { text: t('rooms.perTopic') }),
        h('p', { class: 'hint', text: t('rooms.perTopicHint') }),
        h('div', { class: 'slot-row-fields' }, perTopic.map(([, f]) => f.el))) : null,
      h('div', { class: 'actions' }, submit));
    const errors = formErrors(form, fields, { failedTitle: t('rooms.error.assignFailed') });
    const openOptions = () => { const d = form.querySelector('details'); if (d) d.open = true; };

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const problems = [];
      const whole = (f, top) => f.value === '' || (Number.isInteger(Number(f.value)) && Number(f.value) >= 1 && Number(f.value) <= top);
      if (fields.minSize.value === '' || !whole(fields.minSize, MAX_SIZE)) problems.push({ field: 'minSize', message: t('form.error.range', { min: 1, max: MAX_SIZE }) });
      if (fields.maxSize.value === '' || !whole(fields.maxSize, MAX_SIZE)) problems.push({ field: 'maxSize', message: t('form.error.range', { min: 1, max: MAX_SIZE }) });
      if (!problems.length && Number(fields.minSize.value) > Number(fields.maxSize.value)) {
        problems.push({ field: 'maxSize', message: t('rooms.error.maxBelowMin') });
      }
      const roomsPerTopic = {};
      for (const [key, f] of perTopic) {
        if (!whole(f, MAX_ROOMS)) problems.push({ field: `roomsPerTopic.${key}`, message: t('form.error.range', { min: 1, max: MAX_ROOMS }) });
        else if (f.value !== '') roomsPerTopic[key] = Number(f.value);
      }
      if (problems.length) {
        if (problems.some((p) => p.field.startsWith('roomsPerTopic'))) openOptions();
        errors.show(problems);
        return;
      }
      errors.clear();
      if (again && !(await confirmDialog({
        title: t('rooms.rerunTitle'), message: t('rooms.rerunBody'), confirmLabel: t('rooms.rerun'),
      }))) return;
      const body = { minSize: Number(fields.minSize.value), maxSize: Number(fields.maxSize.value) };
      if (Object.keys(roomsPerTopic).length) body.roomsPerTopic = roomsPerTopic;
      clear(status, h('p', { class: 'loading', role: 'status', text: t('rooms.running') }));
      try {
        const next = await busy(submit, () => api.post(`${url}/assign`, body));
        const count = (next.rooms || []).length;
        show(next, { message: tn('rooms.assigned', count, { unplaced: formatNumber((next.unplaced || []).length) }) });
      } catch (err) {
        clear(status);
        if (err instanceof ApiError && err.field) {
          if (String(err.field).startsWith('roomsPerTopic')) openOptions();
          const sizes = err.field === 'minSize' || err.field === 'maxSize';
          errors.show([{ field: fields[err.field] ? err.field : 'roomsPerTopic', message: sizes ? t('rooms.error.sizes') : t('rooms.error.perTopic') }]);
        } else {
          errors.show([], errorText(err));
        }
      }
    });
    return form;
  }

  // ---- the rooms, grouped by topic ----

  function roomsByTopic(list) {
    const keys = [...new Set([...topics.map((x) => x.key), ...list.map((r) => r.topic)])]
      .filter((key) => list.some((r) => r.topic === key));
    return h('section', { class: 'section', 'aria-labelledby': 'rooms-title' },
      h('h2', { id: 'rooms-title', text: tn('rooms.roomsTitle', list.length) }),
      h('p', { class: 'hint', text: t('rooms.dragHint') }),
      keys.map((key, i) => {
        const group = list.filter((r) => r.topic === key);
        const people = group.reduce((n, r) => n + (r.members || []).length, 0);
        const id = `rooms-topic-${i}`;
        return h('section', { class: 'rooms-topic', 'aria-labelledby': id },
          h('h3', { id }, h('span', { text: topicLabel(key) }),
            h('span', { class: 'muted topic-count', text: tn('rooms.topicCount', group.length, { people: tn('rooms.people', people) }) })),
          h('ol', { class: 'room-list' }, group.map(roomCard)));
      }));
  }

  function roomCard(room) {
    const { min, max } = settings();
    const members = room.members || [];
    const size = members.length;
    const outOfBounds = size < min || size > max;
    const titleId = `room-${room.id}-title`;
    const warnings = [
      outOfBounds ? h('span', { class: 'tag tag-warn', text: size < min ? t('rooms.tooSmall', { min: formatNumber(min) }) : t('rooms.tooBig', { max: formatNumber(max) }) }) : null,
      room.singleCity ? h('span', { class: 'tag tag-warn-strong', text: t('rooms.singleCity') })
        : room.mixed === false ? h('span', { class: 'tag tag-warn', text: t('rooms.notMixed') }) : null,
    ].filter(Boolean);
    const card = h('li', {
      class: ['room-card', warnings.length ? 'has-warning' : null, room.singleCity ? 'is-single-city' : null],
      'data-room-id': String(room.id), 'aria-labelledby': titleId,
    },
    h('h4', { class: 'room-title', id: titleId },
      h('span', { text: roomName(room, topics) }),
      h('span', { class: ['room-size', outOfBounds ? 'is-out' : null], text: tn('rooms.people', size) })),
    warnings.length ? h('p', { class: 'room-warnings' }, warnings) : null,
    size ? h('ul', { class: 'member-list' }, members.map((m) => memberItem(m, room)))
      : h('p', { class: 'muted', text: t('rooms.emptyRoom') }));
    dropTarget(card, room);
    return card;
  }

  function memberItem(m, room) {
    // Why the person is in this room, as the API says it (a stable code), in words.
    const why = room ? whyTag(m) : null;
    const tool = h('div', { class: 'member-tool', hidden: true });
    const lockText = m.locked ? t('rooms.unlock') : t('rooms.lock');
    const item = h('li', { class: ['member', m.locked ? 'is-locked' : null], 'data-person-id': String(m.personId), draggable: 'true' },
      h('p', { class: 'member-name' },
        h('span', { class: 'strong', text: m.name }),
        m.locked ? h('span', { class: 'tag tag-locked', text: t('rooms.locked') }) : null,
        why),
      h('p', { class: 'muted member-place', text: [m.centerName, m.city].filter(Boolean).join(t('round.placeSeparator')) }),
      h('div', { class: 'row-actions' },
        room ? h('button', {
          type: 'button', class: 'btn btn-secondary btn-small', 'data-action': 'lock', text: lockText, 'aria-label': `${lockText}: ${m.name}`,
          onClick: (e) => change(e.currentTarget, { action: m.locked ? 'unlock' : 'lock', personId: m.personId }, {
            message: t(m.locked ? 'rooms.unlocked' : 'rooms.lockedDone', { name: m.name }), focusSelector: sel(m.personId, 'lock'),
          }),
        }) : null,
        (data.rooms || []).length > (room ? 1 : 0) ? moveOpener(m, room, tool) : null),
      tool);
    item.addEventListener('dragstart', (e) => {
      if (e.target !== item) return; // a drag that began on a control inside the card
      dragging = { personId: m.personId, name: m.name, roomId: room ? room.id : null };
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', m.name);
      item.classList.add('is-dragging');
      content.classList.add('is-dragging');
    });
    item.addEventListener('dragend', () => {
      dragging = null;
      item.classList.remove('is-dragging');
      content.classList.remove('is-dragging');
      content.querySelectorAll('.is-drop').forEach((x) => x.classList.remove('is-drop'));
    });
    return item;
  }

  function whyTag(m) {
    const code = WHY.has(m.why) ? m.why : null;
    // Without a code (an older server): the rank, as before.
    const text = code ? t(`rooms.why.${code}`) : m.rank >= 1 && m.rank <= 3 ? t(`signup.rank${m.rank}`) : t('rooms.notRanked');
    // "locked" says the same as the lock tag beside it; the rank is the more useful word then.
    if (code === 'locked' && m.locked) {
      return m.rank >= 1 && m.rank <= 3 ? h('span', { class: 'tag tag-rank', text: t(`signup.rank${m.rank}`) }) : null;
    }
    const unranked = code ? code === 'unranked' : !(m.rank >= 1 && m.rank <= 3);
    return h('span', { class: ['tag', unranked ? 'tag-unranked' : code === 'moved' ? 'tag-moved' : 'tag-rank'], text });
  }

  function dropTarget(card, room) {
    card.addEventListener('dragover', (e) => {
      if (!dragging || String(dragging.roomId) === String(room.id)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      card.classList.add('is-drop');
    });
    card.addEventListener('dragleave', (e) => {
      if (!card.contains(e.relatedTarget)) card.classList.remove('is-drop');
    });
    card.addEventListener('drop', (e) => {
      e.preventDefault();
      card.classList.remove('is-drop');
      const who = dragging;
      if (!who || String(who.roomId) === String(room.id)) return;
      move(null, who, room);
    });
  }

  function moveOpener(m, room, tool) {
    const text = t('rooms.move');
    const button = h('button', {
      type: 'button', class: 'btn btn-secondary btn-small', 'data-action': 'move', 'aria-expanded': 'false', text, 'aria-label': `${text}: ${m.name}`,
    });
    const close = () => {
      tool.hidden = true;
      clear(tool);
      button.setAttribute('aria-expanded', 'false');
    };
    button.addEventListener('click', () => {
      if (!tool.hidden) {
        close();
        return;
      }
      clear(tool, moveForm(m, room, () => { close(); button.focus(); }));
      tool.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      tool.querySelector('select')?.focus();
    });
    return button;
  }

  function moveForm(m, room, close) {
    const target = field({ name: `to-${m.personId}`, label: t('rooms.moveTo', { name: m.name }), kind: 'select', hint: t('rooms.moveHint') });
    const list = rooms();
    const keys = [...new Set(list.map((r) => r.topic))];
    for (const key of keys) {
      const options = list.filter((r) => r.topic === key && (!room || String(r.id) !== String(room.id)))
        .map((r) => h('option', { value: String(r.id), text: t('rooms.optionLabel', { name: roomName(r, topics), people: tn('rooms.people', (r.members || []).length) }) }));
      if (options.length) target.input.append(h('optgroup', { label: topicLabel(key) }, options));
    }
    const problem = h('div', {});
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small', text: t('rooms.moveSubmit') });
    const form = h('form', { class: 'tool-form', novalidate: true }, target.el, problem,
      h('div', { class: 'row-actions' }, submit,
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('common.cancel'), onClick: close })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const to = list.find((r) => String(r.id) === target.input.value);
      if (to) move(submit, { personId: m.personId, name: m.name }, to, problem);
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); close(); }
    });
    return form;
  }

  async function move(button, who, room, where) {
    const body = { action: 'move', personId: who.personId, roomId: room.id };
    await change(button, body, {
      message: t('rooms.moved', { name: who.name, room: roomName(room, topics), topic: topicLabel(room.topic) }),
      focusSelector: sel(who.personId, 'move'),
    }, where);
  }

  async function change(button, body, outcome, where) {
    clear(status);
    if (!button) clear(status, h('p', { class: 'loading', role: 'status', text: t('rooms.saving') }));
    try {
      const next = await (button ? busy(button, () => api.patch(url, body)) : api.patch(url, body));
      show(next, outcome);
    } catch (err) {
      fail(err, where || status);
    }
  }

  // ---- who is in no room; who has not confirmed their Zoom e-mail ----

  /** Before any room exists: how many confirmed participants the assignment will place (#16: no "everyone is placed"). */
  function waitingSection(count) {
    return h('section', { class: 'section', 'aria-labelledby': 'rooms-unplaced-title' },
      h('h2', { id: 'rooms-unplaced-title', text: t('rooms.waitingTitle', { count: formatNumber(count) }) }),
      h('p', { class: count ? 'hint' : 'muted', text: count ? t('rooms.waitingSome', { count: formatNumber(count) }) : t('rooms.waitingNone') }));
  }

  function unplacedSection(unplaced, list) {
    return h('section', { class: 'section', 'aria-labelledby': 'rooms-unplaced-title' },
      h('h2', { id: 'rooms-unplaced-title', text: t('rooms.unplacedTitle', { count: formatNumber(unplaced.length) }) }),
      unplaced.length
        ? [h('p', { class: 'hint', text: list.length ? t('rooms.unplacedHint') : t('rooms.unplacedBefore') }),
          h('ul', { class: 'member-list unplaced' }, unplaced.map((m) => memberItem(m, null)))]
        : h('p', { class: 'muted', text: t('rooms.unplacedNone') }));
  }

  function emailsSection(unconfirmed, confirmed) {
    return h('section', { class: 'section panel', 'aria-labelledby': 'rooms-emails-title' },
      h('h2', { id: 'rooms-emails-title', text: t('rooms.emailsTitle', { count: formatNumber(unconfirmed.length) }) }),
      h('p', { text: t('rooms.emailsLead') }),
      h('p', { class: 'strong', text: t('rooms.emailsConfirmed', { count: formatNumber(confirmed) }) }),
      unconfirmed.length
        ? h('ul', { class: 'plain-list' }, unconfirmed.map((p) => h('li', { text: p.name })))
        : h('p', { class: 'muted', text: t('rooms.emailsAllConfirmed') }));
  }

  // ---- Zoom: the CSV and what was pushed ----

  function zoomSection(hasRooms) {
    const zoom = data.zoom || {};
    const advice = h('p', { class: 'csv-advice', id: 'rooms-csv-advice', text: t('rooms.csvAdvice') });
    const push = zoom.lastPush;
    let state;
    // More rooms or people than Zoom pre-assigns: neither the CSV nor a push can carry them.
    const limit = zoom.error && zoom.error.code === 'zoom_limit' ? notice('error', zoomLimitText(zoom.error.message)) : null;
    if (!zoom.configured) state = h('p', { text: t('rooms.zoomNotConfigured') });
    else if (!zoom.meeting) state = h('p', { text: t('rooms.zoomNoMeeting') });
    else if (!push || !PUSH_STATES.has(push.state)) state = h('p', { text: t('rooms.pushNone') });
    else {
      state = h('div', { class: push.state === 'failed' ? 'notice notice-error' : null },
        h('p', { text: t(`rooms.push.${push.state}`, { time: push.at ? formatInstant(push.at) : '' }) }),
        push.state === 'failed' && push.error ? h('p', { class: 'server-detail' },
          h('span', { class: 'strong', text: `${t('board.serverSays')} ` }), h('span', { lang: 'en', text: push.error })) : null);
    }
    return h('section', { class: 'section', 'aria-labelledby': 'rooms-zoom-title' },
      h('h2', { id: 'rooms-zoom-title', text: t('rooms.zoomTitle') }),
      limit,
      hasRooms ? h('div', { class: 'csv-box' },
        h('a', {
          class: 'btn btn-secondary', href: `${url}.csv`, download: `kakehashi-session-${session.id}-rooms.csv`,
          'aria-describedby': 'rooms-csv-advice', text: t('rooms.csv'),
        }),
        advice) : h('p', { class: 'muted', text: t('rooms.csvAfterAssign') }),
      h('h3', { text: t('rooms.pushTitle') }),
      state);
  }

  return { el, load };
}

/** The server's zoom_limit message ("… at most 100 breakout rooms; these are 130.") in the viewer's language. */
function zoomLimitText(message) {
  const m = /at most ([\d,]+) (breakout rooms|participants); these are ([\d,]+)/.exec(message || '');
  if (!m) return t('rooms.zoomLimit');
  const num = (x) => formatNumber(Number(x.replace(/,/g, '')));
  return t(m[2] === 'participants' ? 'rooms.zoomLimitPeople' : 'rooms.zoomLimitRooms', { max: num(m[1]), count: num(m[3]) });
}
