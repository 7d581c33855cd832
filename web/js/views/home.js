// The page after sign-in (#/): what matters now, by role. Coordinators see each round's state and
// what it needs next; facilitators their sessions with the rooms and the reflection summaries;
// staff their next session (join link, room), the availability they still owe, and their history.
// Everything is derived from the rounds and sessions the viewer may read; each part loads alone.

import { h, append, clear } from '../dom.js';
import { t, tn, formatNumber, formatDateRange } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice } from '../ui.js';
import { roundStatusTag, labelText, PUBLISHED } from '../round-common.js';
import { formatSpan } from '../time.js';

const enc = encodeURIComponent;
const byStart = (a, b) => String(a.startsAt).localeCompare(String(b.startsAt));

export async function render(root, ctx) {
  const me = ctx.me;
  const roles = new Set(me.roles || []);
  const hasCenter = me.centerId !== null && me.centerId !== undefined;
  ctx.setTitle(t('home.title'));
  append(root, heading(t('home.title')), h('p', { class: 'lead', text: t('home.hello', { name: me.name }) }));

  const data = loader();
  const parts = [
    roles.has('coordinator') ? part('home-rounds', t('home.rounds.title'), () => coordinatorPart(data)) : null,
    roles.has('facilitator') ? part('home-facilitating', t('home.facilitator.title'), () => facilitatorPart(data, me)) : null,
    hasCenter ? part('home-next', t('home.staff.title'), () => staffPart(data, me)) : null,
  ].filter(Boolean);
  if (!parts.length) parts.push(part('home-links', t('home.links'), async () => h('p', {}, h('a', { href: '#/rounds', text: t('nav.rounds') }))));
  append(root, parts.map((p) => p.el));
  // The heading is focusable at once; the parts fill in as their answers come.
  await Promise.all(parts.map((p) => p.load()));
}

/** A section with its own loading message and error (with "try again"). */
function part(id, title, build) {
  const body = h('div', {}, loading());
  const el = h('section', { class: 'section home-part', 'aria-labelledby': id }, h('h2', { id, text: title }), body);
  async function load() {
    clear(body, loading());
    try {
      clear(body, await build());
    } catch (err) {
      clear(body, errorBox(err, load));
    }
  }
  return { el, load };
}

/** The rounds and each round's sessions, slots and pairs, asked once per page and shared by the parts. */
function loader() {
  const cache = new Map();
  const once = (key, fetch) => {
    if (!cache.has(key)) cache.set(key, fetch().catch((err) => { cache.delete(key); throw err; }));
    return cache.get(key);
  };
  const optional = (promise, fallback) => promise.catch((err) => {
    if (err instanceof ApiError && (err.status === 403 || err.status === 404 || err.status === 409)) return fallback;
    throw err;
  });
  return {
    rounds: () => once('rounds', async () => (await api.get('/api/rounds')).rounds || []),
    sessions: (r) => once(`s${r.id}`, async () => (await optional(api.get(`/api/rounds/${enc(r.id)}/sessions`), { sessions: [] })).sessions || []),
    slots: (r) => once(`t${r.id}`, async () => (await optional(api.get(`/api/rounds/${enc(r.id)}/slots`), { slots: [] })).slots || []),
    pairs: (r) => once(`p${r.id}`, async () => (await optional(api.get(`/api/rounds/${enc(r.id)}/pairs`), { pairs: [] })).pairs || []),
  };
}

/** Runs fn over items, four at a time (a coordinator may have many rounds). */
async function each(items, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return out;
}

const live = (s) => s.status !== 'cancelled';
const upcoming = (s) => live(s) && new Date(s.endsAt).getTime() > Date.now();

// ---- coordinator: rounds and what each needs next ----

async function coordinatorPart(data) {
  const rounds = [...(await data.rounds())].sort((a, b) => String(b.startsOn).localeCompare(String(a.startsOn)));
  const open = rounds.filter((r) => r.status !== 'closed');
  if (!open.length) {
    return [h('p', { class: 'empty', text: t('home.rounds.none') }), h('p', {}, h('a', { class: 'btn btn-primary', href: '#/rounds/new', text: t('rounds.add') })),
      h('p', {}, h('a', { href: '#/network', text: t('home.network') }))];
  }
  const cards = await each(open, async (r) => roundCard(r, await nextSteps(r, data)));
  const closed = rounds.length - open.length;
  return [
    h('ul', { class: 'home-list' }, cards),
    h('p', {}, h('a', { href: '#/rounds', text: closed ? tn('home.rounds.allWithClosed', closed) : t('home.rounds.all') })),
    h('p', {}, h('a', { href: '#/network', text: t('home.network') })),
    h('p', {}, h('a', { href: '#/credentials', text: t('credentials.admin.link') })),
  ];
}

/** What a round needs next, in words, each with where to do it. */
async function nextSteps(r, data) {
  const at = `#/rounds/${enc(r.id)}`;
  const steps = [];
  if (r.status === 'draft' || r.status === 'pairing') {
    if ((r.centerIds || []).length < 2) steps.push([t('home.step.centers'), at]);
    else steps.push([t(r.status === 'draft' ? 'home.step.pairing' : 'home.step.publish'), at]);
    return steps;
  }
  if (!PUBLISHED.has(r.status) || r.status === 'closed') return steps;
  const [slots, pairs, sessions] = await Promise.all([data.slots(r), data.pairs(r), data.sessions(r)]);
  const active = sessions.filter(live);
  if (!slots.length) steps.push([t('home.step.slots'), at]);
  const planned = new Set(active.map((s) => String(s.pairId)));
  const missing = pairs.filter((p) => !planned.has(String(p.id))).length;
  if (slots.length && !active.length) steps.push([t('home.step.schedule'), at]);
  else if (missing) steps.push([tn('home.step.unscheduled', missing), at]);
  const ahead = active.filter(upcoming);
  const noLink = ahead.filter((s) => !s.joinUrl).length;
  if (noLink) steps.push([tn('home.step.noJoinUrl', noLink), at]);
  const noFacilitator = ahead.filter((s) => s.facilitatorId === null || s.facilitatorId === undefined).length;
  if (noFacilitator) steps.push([tn('home.step.noFacilitator', noFacilitator), at]);
  const next = ahead.sort(byStart)[0];
  if (next) steps.push([t('home.step.nextSession', { time: formatSpan(next.startsAt, next.endsAt) }), `#/sessions/${enc(next.id)}/rooms`, t('home.step.rooms')]);
  return steps;
}

function roundCard(r, steps) {
  return h('li', { class: 'home-card' },
    h('h3', {}, h('a', { href: `#/rounds/${enc(r.id)}`, text: r.title })),
    h('p', { class: 'home-meta' }, roundStatusTag(r.status), h('span', { class: 'muted', text: formatDateRange(r.startsOn, r.endsOn) })),
    h('p', { class: 'strong', text: t('home.next') }),
    steps.length
      ? h('ul', { class: 'home-steps' }, steps.map(([text, href, linkText]) => h('li', {},
        h('span', { text }), ' ', h('a', { href, text: linkText || t('home.step.go'), 'aria-label': `${linkText || t('home.step.go')}: ${text}` }))))
      : h('p', { class: 'muted', text: t('home.nothingToDo') }));
}

// ---- facilitator: my sessions ----

async function facilitatorPart(data, me) {
  const rounds = (await data.rounds()).filter((r) => PUBLISHED.has(r.status));
  const lists = await each(rounds, async (r) => (await data.sessions(r))
    .filter((s) => live(s) && String(s.facilitatorId) === String(me.id)).map((s) => ({ s, r })));
  const mine = lists.flat().sort((a, b) => byStart(a.s, b.s));
  if (!mine.length) return h('p', { class: 'empty', text: t('home.facilitator.none') });
  const ahead = mine.filter(({ s }) => upcoming(s));
  const past = mine.filter(({ s }) => !upcoming(s)).reverse();
  const item = ({ s, r }) => {
    const span = formatSpan(s.startsAt, s.endsAt);
    const started = new Date(s.startsAt).getTime() <= Date.now();
    return h('li', { class: 'home-card' },
      h('h3', { text: span }),
      h('p', { class: 'muted', text: r.title }),
      h('div', { class: 'row-actions' },
        h('a', { class: 'btn btn-primary btn-small', href: `#/sessions/${enc(s.id)}/rooms`, text: t('sessions.rooms'), 'aria-label': `${t('sessions.rooms')}: ${span}` }),
        started || s.status === 'held'
          ? h('a', { class: 'btn btn-secondary btn-small', href: `#/sessions/${enc(s.id)}/summary`, text: t('home.summary'), 'aria-label': `${t('home.summary')}: ${span}` }) : null,
        h('a', { class: 'btn btn-secondary btn-small', href: `#/sessions/${enc(s.id)}`, text: t('home.sessionPage'), 'aria-label': `${t('home.sessionPage')}: ${span}` })));
  };
  return [
    ahead.length ? h('ul', { class: 'home-list' }, ahead.map(item)) : h('p', { class: 'muted', text: t('home.facilitator.noneAhead') }),
    past.length ? h('details', { class: 'columns' }, h('summary', { text: tn('home.facilitator.past', past.length) }),
      h('ul', { class: 'home-list' }, past.map(item))) : null,
  ];
}

// ---- staff: my next session, what I must answer, my history ----

async function staffPart(data, me) {
  const rounds = (await data.rounds()).filter((r) => (r.centerIds || []).some((id) => String(id) === String(me.centerId)));
  const mineOf = (s) => (s.centerIds || []).some((id) => String(id) === String(me.centerId));
  const [sessionLists, owed, past] = await Promise.all([
    each(rounds.filter((r) => PUBLISHED.has(r.status)), async (r) => (await data.sessions(r)).filter((s) => upcoming(s) && mineOf(s)).map((s) => ({ s, r }))),
    each(rounds.filter((r) => r.status === 'scheduling'), async (r) => ({ r, count: (await data.slots(r)).filter((x) => !x.myAnswer).length })),
    // Reflections still to write (held sessions one took part in, while they are open).
    api.get('/api/me/history').then((x) => (x.sessions || []).filter((s) => s.canWrite && !s.reflection), () => []),
  ]);
  const ahead = sessionLists.flat().sort((a, b) => byStart(a.s, b.s)).slice(0, 3);
  // The first upcoming session one is signed up for; else the first one to sign up for.
  const regs = await Promise.all(ahead.map(({ s }) => api.get(`/api/sessions/${enc(s.id)}/registrations/me`)
    .catch((err) => { if (err instanceof ApiError && err.status === 404) return null; throw err; })));
  const index = regs.findIndex(Boolean);
  const pick = index >= 0 ? index : 0;
  const todo = owed.filter((o) => o.count > 0);
  const notes = past.map((s) => h('li', {},
    h('span', { text: t('home.staff.reflect', { round: s.roundTitle, time: formatSpan(s.startsAt, s.endsAt) }) }), ' ',
    h('a', { href: `#/sessions/${enc(s.sessionId)}/reflection`, text: t('home.staff.reflectLink'), 'aria-label': `${t('home.staff.reflectLink')}: ${s.roundTitle}` })));
  return [
    ahead.length ? await nextSession(ahead[pick], regs[pick]) : h('p', { class: 'empty', text: t('home.staff.noSession') }),
    h('h3', { text: t('home.staff.todoTitle') }),
    todo.length || notes.length
      ? h('ul', { class: 'home-steps' }, notes, todo.map(({ r, count }) => h('li', {},
        h('span', { text: tn('home.staff.answer', count, { round: r.title }) }), ' ',
        h('a', { href: `#/rounds/${enc(r.id)}`, text: t('home.staff.answerLink'), 'aria-label': `${t('home.staff.answerLink')}: ${r.title}` }))))
      : h('p', { class: 'muted', text: t('home.staff.nothingOwed') }),
    h('p', {}, h('a', { class: 'btn btn-secondary', href: '#/history', text: t('home.staff.history') })),
  ];
}

async function nextSession({ s, r }, reg) {
  const span = formatSpan(s.startsAt, s.endsAt);
  const confirmed = reg && reg.status === 'confirmed';
  let room = null;
  if (confirmed) {
    try {
      room = await api.get(`/api/sessions/${enc(s.id)}/rooms/me`);
    } catch {
      room = null; // not assigned yet (404), or not answered: the session page says more
    }
  }
  const topicText = room ? labelText((r.topics || []).find((x) => x.key === room.topic)) || room.topic : null;
  let place;
  if (!reg) place = t('home.staff.notSignedUp');
  else if (confirmed) place = t('signup.confirmed');
  else place = t('home.staff.waitlisted', { n: formatNumber(reg.position || 1) });
  return h('div', { class: 'home-card home-next' },
    h('h3', { text: span }),
    h('p', { class: 'muted', text: r.title }),
    h('p', {}, h('span', { class: 'strong', text: `${t('signup.yourPlace')} ` }), h('span', { text: place })),
    confirmed ? h('p', {}, room
      ? [h('span', { class: 'strong', text: `${t('myRoom.yourRoom')} ` }), h('span', { class: 'tag tag-room', text: room.name }),
        topicText ? h('span', { class: 'block', text: t('myRoom.topic', { topic: topicText }) }) : null]
      : h('span', { class: 'muted', text: t('myRoom.notYet') })) : null,
    confirmed && !s.joinUrl ? notice('info', t('signup.joinLater')) : null,
    h('div', { class: 'row-actions' },
      confirmed && s.joinUrl ? h('a', {
        class: 'btn btn-primary', href: s.joinUrl, rel: 'noopener noreferrer', target: '_blank',
        text: t('signup.joinZoom'), 'aria-label': `${t('signup.joinZoom')}: ${span} ${t('sessions.newWindow')}`,
      }) : null,
      h('a', { class: 'btn btn-secondary', href: `#/sessions/${enc(s.id)}`, text: reg ? t('home.sessionPage') : t('home.staff.signUp') })));
}
