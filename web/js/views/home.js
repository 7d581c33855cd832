// The page after sign-in (#/): what matters now, by role. Coordinators see each round's state and
// what it needs next; facilitators their sessions with the rooms and the reflection summaries;
// staff their next session (join link, room), the availability they still owe, and their history.
// Everything is derived from the rounds and sessions the viewer may read; each part loads alone.

import { h, append, clear, focusOn } from '../dom.js';
import { t, tn, formatNumber, formatDateRange, getLang } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice, confirmDialog, busy, describeError } from '../ui.js';
import { bulkInvite } from '../bulk-invite.js';
import { canMarkHeld, heldButton } from '../reflection-common.js';
import { roundStatusTag, labelText, roomName, PUBLISHED, centerDirectory } from '../round-common.js';
import { formatSpan, formatInstant, daysFromToday, formatTimeOfDay } from '../time.js';

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
    roles.has('facilitator') ? part('home-facilitating', t('home.facilitator.title'), () => facilitatorPart(data, me, ctx)) : null,
    hasCenter ? part('home-next', t('home.staff.title'), () => staffPart(data, me)) : null,
    // Reading ahead (予習, #17): the partner center's case of each session ahead, or when it is due.
    hasCenter ? part('home-partner', t('home.partner.title'), partnerPart) : null,
  ].filter(Boolean);
  if (!parts.length) parts.push(part('home-links', t('home.links'), async () => h('p', {}, h('a', { href: '#/rounds', text: t('nav.rounds') }))));
  append(root, parts.map((p) => p.el));
  // The heading is focusable at once; the parts fill in as their answers come.
  await Promise.all(parts.map((p) => p.load()));
}

/** A section with its own loading message and error (with "try again"); hidden when build gives null. */
function part(id, title, build) {
  const body = h('div', {}, loading());
  const el = h('section', { class: 'section home-part', 'aria-labelledby': id }, h('h2', { id, text: title }), body);
  async function load() {
    clear(body, loading());
    el.hidden = false;
    try {
      const content = await build();
      el.hidden = content === null;
      clear(body, content);
    } catch (err) {
      clear(body, errorBox(err, load));
    }
  }
  return { el, load };
}

/** The rounds and each round's sessions, slots, pairs and progress, asked once per page and shared by the parts. */
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
    // The round's standing "still to do" (#16): who owes answers and which cases are missing; null when it cannot be read.
    progress: (r) => once(`g${r.id}`, () => api.get(`/api/rounds/${enc(r.id)}/progress`, { preview: 'false' }).catch(() => null)),
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
  const [cards, invite] = await Promise.all([each(open, async (r) => roundCard(r, await nextSteps(r, data))), invitePart()]);
  const closed = rounds.length - open.length;
  return [
    invite,
    h('ul', { class: 'home-list' }, cards),
    h('p', {}, h('a', { href: '#/rounds', text: closed ? tn('home.rounds.allWithClosed', closed) : t('home.rounds.all') })),
    h('p', {}, h('a', { href: '#/network', text: t('home.network') })),
    h('p', {}, h('a', { href: '#/credentials', text: t('credentials.admin.link') })),
  ];
}

/** People who cannot sign in yet because nobody invited them: the one button that invites them all (#16). */
async function invitePart() {
  const count = await api.get('/api/people/invitations').then((x) => x.uninvited || 0, () => 0);
  if (!count) return null;
  const invite = bulkInvite({});
  invite.refresh();
  return h('div', { class: 'home-invite' }, h('h3', { text: t('home.invite.title') }), h('p', { text: tn('home.uninvited', count) }), invite.el);
}

/** One reminder e-mail to everyone of the round's paired centers who has answered no time (README, reminders). */
function remindButton(r, due) {
  const button = h('button', { type: 'button', class: 'btn btn-primary btn-small', text: tn('progress.remind', due) });
  const out = h('span', { class: 'home-remind' }, button);
  button.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: tn('progress.remindTitle', due), message: t('progress.remindBody'), confirmLabel: t('progress.remindConfirm'),
    });
    if (!ok) return;
    let box;
    try {
      const sent = await busy(button, () => api.post(`/api/rounds/${enc(r.id)}/reminders`));
      box = notice('success', tn('progress.reminded', sent.reminded));
    } catch (err) {
      box = notice('error', describeError(err));
    }
    clear(out, box);
    focusOn(box);
  });
  return out;
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
  if (!slots.length) steps.push([t('home.step.slots'), `${at}/answers`]);
  const planned = new Set(active.map((s) => String(s.pairId)));
  const missing = pairs.filter((p) => !planned.has(String(p.id))).length;
  if (slots.length && !active.length) steps.push([t('home.step.schedule'), `${at}/answers`]);
  else if (missing) steps.push([tn('home.step.unscheduled', missing), `${at}/answers`]);
  // Who still owes answers, from the round's standing "still to do" (#16), where the reminder is one tap away.
  if (slots.length && missing && r.status !== 'closed') {
    const progress = await data.progress(r);
    const owing = progress ? progress.unanswered || [] : [];
    // Those who can sign in and were not reminded in the last day: the server's own rule for a reminder.
    const due = owing.filter((p) => p.canSignIn && (!p.remindedAt || Date.now() - new Date(p.remindedAt).getTime() > 24 * 3600 * 1000)).length;
    if (owing.length) steps.push([tn('home.step.unanswered', owing.length), `${at}/answers`, t('home.step.who'), due ? remindButton(r, due) : null]);
  }
  const ahead = active.filter(upcoming);
  const noLink = ahead.filter((s) => !s.joinUrl).length;
  if (noLink) steps.push([tn('home.step.noJoinUrl', noLink), `${at}/sessions`]);
  const noFacilitator = ahead.filter((s) => s.facilitatorId === null || s.facilitatorId === undefined).length;
  if (noFacilitator) steps.push([tn('home.step.noFacilitator', noFacilitator), `${at}/sessions`]);
  // #17: centers whose case for a scheduled session is missing or a draft (the round's "still to do" lists them).
  const due = ahead.length ? ((await data.progress(r)) || {}).cases || [] : [];
  if (due.length) steps.push([tn('home.step.casesMissing', due.reduce((n, x) => n + x.centers.length, 0)), due.length === 1 ? `#/sessions/${enc(due[0].sessionId)}/cases` : `${at}/answers`, t('home.step.casesLook')]);
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
      ? h('ul', { class: 'home-steps' }, steps.map(([text, href, linkText, action]) => h('li', {},
        h('span', { text }), ' ', h('a', { href, text: linkText || t('home.step.go'), 'aria-label': `${linkText || t('home.step.go')}: ${text}` }),
        action ? [' ', action] : null)))
      : h('p', { class: 'muted', text: t('home.nothingToDo') }));
}

// ---- facilitator: my sessions ----

async function facilitatorPart(data, me, ctx) {
  const rounds = (await data.rounds()).filter((r) => PUBLISHED.has(r.status));
  const lists = await each(rounds, async (r) => (await data.sessions(r))
    .filter((s) => live(s) && String(s.facilitatorId) === String(me.id)).map((s) => ({ s, r })));
  const mine = lists.flat().sort((a, b) => byStart(a.s, b.s));
  if (!mine.length) return h('p', { class: 'empty', text: t('home.facilitator.none') });
  // The pair's centers by name on each card (#16): a facilitator prepares for people, not a date.
  const centers = centerDirectory();
  try {
    await centers.need([...new Set(mine.flatMap(({ s }) => s.centerIds || []))]);
  } catch {
    // the cards show without the names
  }
  const ahead = mine.filter(({ s }) => upcoming(s));
  const past = mine.filter(({ s }) => !upcoming(s)).reverse();
  const item = ({ s, r }) => {
    const span = formatSpan(s.startsAt, s.endsAt);
    const started = new Date(s.startsAt).getTime() <= Date.now();
    // Under way: marked held from here (reflections open and participants get the link), #16.
    const news = h('div', { class: 'status-area' });
    const say = (kind, text) => { const box = notice(kind, text); clear(news, box); focusOn(box); };
    const held = canMarkHeld(s, ctx) ? heldButton(s, {
      label: span, onDone: (text) => { held.remove(); say('success', text); }, onFail: (text) => say('error', text),
    }) : null;
    return h('li', { class: 'home-card' },
      h('h3', { text: span }),
      h('p', { class: 'muted', text: r.title }),
      (s.centerIds || []).length ? h('p', { text: (s.centerIds || []).map((id) => centers.name(id)).join(t('home.staff.centerJoin')) }) : null,
      h('p', { text: t('home.facilitator.counts', {
        taken: formatNumber(s.seatsTaken ?? 0), capacity: formatNumber(s.capacity ?? 0), waiting: formatNumber(s.waitlisted ?? 0),
      }) }),
      news,
      h('div', { class: 'row-actions' },
        h('a', { class: 'btn btn-primary btn-small', href: `#/sessions/${enc(s.id)}/rooms`, text: t('sessions.rooms'), 'aria-label': `${t('sessions.rooms')}: ${span}` }),
        held,
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

// ---- staff: what I owe, then every session I am signed up or waiting for (any center), next first ----

async function staffPart(data, me) {
  const rounds = (await data.rounds()).filter((r) => (r.centerIds || []).some((id) => String(id) === String(me.centerId)));
  const [mine, owed, history] = await Promise.all([
    api.get('/api/me/sessions').then((x) => x.sessions || []),
    // Answers are owed while one's pair has no session yet (a running round may still wait for some pairs).
    each(rounds.filter((r) => r.status === 'scheduling' || r.status === 'running'), async (r) => {
      const [slots, sessions] = await Promise.all([data.slots(r), data.sessions(r)]);
      const planned = sessions.some((s) => live(s) && (s.centerIds || []).some((id) => String(id) === String(me.centerId)));
      const open = slots.filter((x) => !x.myAnswer && new Date(x.startsAt).getTime() > Date.now());
      return { r, count: planned ? 0 : open.length };
    }),
    // Reflections still to write (held sessions one took part in, while they are open).
    api.get('/api/me/history').then((x) => x.sessions || [], () => []),
  ]);
  const writable = new Set(history.filter((s) => s.canWrite && !s.reflection).map((s) => String(s.sessionId)));
  const topicsOf = new Map((await data.rounds()).map((r) => [String(r.id), r.topics || []]));
  const todo = owed.filter((o) => o.count > 0);
  const notes = history.filter((s) => writable.has(String(s.sessionId)));
  const ahead = mine.filter((s) => s.status !== 'cancelled' && new Date(s.endsAt).getTime() > Date.now());
  const steps = [
    // The action first, what it is about after it: at 200 % text the button is then on the first screen (#16).
    ...notes.map((s) => h('li', { class: 'home-owed' },
      h('a', { class: 'btn btn-primary', href: `#/sessions/${enc(s.sessionId)}/reflection`, text: t('home.staff.reflectLink'), 'aria-label': `${t('home.staff.reflectLink')}: ${s.roundTitle}` }),
      ' ', h('span', { class: 'home-owed-text', text: t('home.staff.reflect', { round: s.roundTitle, time: formatSpan(s.startsAt, s.endsAt) }) }))),
    ...todo.map(({ r, count }) => h('li', { class: 'home-owed' },
      h('a', { class: 'btn btn-primary', href: `#/rounds/${enc(r.id)}/answers`, text: t('home.staff.answerLink'), 'aria-label': `${t('home.staff.answerLink')}: ${r.title}` }),
      ' ', h('span', { class: 'home-owed-text', text: tn('home.staff.answer', count, { round: r.title }) }))),
  ];
  return [
    steps.length ? h('ul', { class: 'home-steps home-owed-list', 'aria-label': t('home.staff.todoTitle') }, steps) : null,
    ahead.length
      ? h('ul', { class: 'home-list' }, ahead.map((s) => sessionCard(s, topicsOf.get(String(s.roundId)) || [])))
      : [h('p', { class: 'empty', text: t('home.staff.noSession') }), await openSessions(rounds, data, mine)],
    steps.length ? null : h('p', { class: 'muted', text: t('home.staff.nothingOwed') }),
    h('p', {}, h('a', { class: 'btn btn-secondary', href: '#/history', text: t('home.staff.history') })),
  ];
}

/**
 * With no session ahead: the sessions open to every center that one may still sign up for, one tap from
 * the round's list of sessions (they are not one's own center's, so home does not list them). Null without any.
 */
async function openSessions(rounds, data, mine) {
  const taken = new Set(mine.map((s) => String(s.sessionId)));
  const now = Date.now();
  const lists = await each(rounds.filter((r) => PUBLISHED.has(r.status) && r.status !== 'closed'), async (r) => ({
    r,
    open: (await data.sessions(r)).filter((s) => s.status === 'scheduled' && s.openToAll && !taken.has(String(s.id))
      && new Date(s.startsAt).getTime() > now && (!s.signupClosesAt || new Date(s.signupClosesAt).getTime() > now)),
  }));
  const found = lists.filter((x) => x.open.length);
  if (!found.length) return null;
  return h('ul', { class: 'home-steps', 'data-part': 'open-sessions' }, found.map(({ r, open }) => h('li', {},
    h('span', { text: tn('home.staff.openSessions', open.length, { round: r.title }) }), ' ',
    h('a', { class: 'btn btn-primary', href: `#/rounds/${enc(r.id)}/sessions`, text: t('home.staff.openSessionsLink'),
      'aria-label': `${t('home.staff.openSessionsLink')}: ${r.title}` }))));
}

/**
 * On the day (or the day before), in words next to the date: under way now, today at …, tomorrow at … —
 * a date alone is easy to misread on the day one has to join. Null on other days.
 */
function whenLine(s) {
  const now = Date.now();
  const start = new Date(s.startsAt).getTime();
  const end = new Date(s.endsAt).getTime();
  let text = null;
  if (start <= now && now < end) text = t('home.staff.when.now', { until: formatTimeOfDay(s.endsAt) });
  else if (start > now && daysFromToday(s.startsAt) === 0) text = t('home.staff.when.today', { time: formatTimeOfDay(s.startsAt) });
  else if (start > now && daysFromToday(s.startsAt) === 1) text = t('home.staff.when.tomorrow', { time: formatTimeOfDay(s.startsAt) });
  return text ? h('p', { class: 'home-when', 'data-part': 'when' }, h('span', { class: 'tag tag-today', text })) : null;
}

/** One session of mine: when, whose, my place, my room, the join link, or signing up. */
function sessionCard(s, topics) {
  const span = formatSpan(s.startsAt, s.endsAt);
  const confirmed = s.registration === 'confirmed';
  const room = confirmed ? s.room : null;
  const topicText = room ? labelText(topics.find((x) => x.key === room.topic)) || room.topic : null;
  let place;
  if (!s.registration) place = t('home.staff.notSignedUp');
  else if (confirmed) place = t('signup.confirmed');
  else place = t('home.staff.waitlisted', { n: formatNumber(s.position || 1) });
  const centers = (s.centers || []).join(t('home.staff.centerJoin'));
  return h('li', { class: 'home-card home-next' },
    h('h3', { text: span }),
    whenLine(s),
    // The join link and the room first, the rest after: at 200 % text they are on the first screen (#16).
    confirmed && s.joinUrl ? h('div', { class: 'row-actions' }, h('a', {
      class: 'btn btn-primary', href: s.joinUrl, rel: 'noopener noreferrer', target: '_blank',
      text: t('signup.joinZoom'), 'aria-label': `${t('signup.joinZoom')}: ${span} ${t('sessions.newWindow')}`,
    })) : null,
    confirmed ? h('p', {}, room
      ? [h('span', { class: 'strong', text: `${t('myRoom.yourRoom')} ` }), h('span', { class: 'tag tag-room', text: roomName(room, topics) }),
        topicText ? h('span', { class: 'block', text: t('myRoom.topic', { topic: topicText }) }) : null]
      : h('span', { class: 'muted', text: t('myRoom.notYet') })) : null,
    confirmed && !s.joinUrl ? notice('info', t('signup.joinLater')) : null,
    h('p', { class: 'muted', text: s.roundTitle }),
    centers ? h('p', { text: centers }) : null,
    h('p', {}, h('span', { class: 'strong', text: `${t('signup.yourPlace')} ` }), h('span', { text: place })),
    h('div', { class: 'row-actions' },
      h('a', {
        class: s.registration ? 'btn btn-secondary' : 'btn btn-primary', href: `#/sessions/${enc(s.sessionId)}`,
        text: s.registration ? t('home.sessionPage') : t('home.staff.signUp'),
        'aria-label': `${s.registration ? t('home.sessionPage') : t('home.staff.signUp')}: ${span}`,
      })));
}

// ---- staff: reading ahead, the partner center's case before the session (#17) ----

/** Each session ahead of my center's pairs with its partner's case, or "not yet submitted (due …)"; null without any. */
async function partnerPart() {
  const partners = (await api.get('/api/me/partner-cases')).partners || [];
  if (!partners.length) return null;
  return h('ul', { class: 'home-list' }, partners.map(partnerCard));
}

function partnerCard(p) {
  const span = formatSpan(p.startsAt, p.endsAt);
  const where = [p.center.prefecture, p.center.city].filter(Boolean).join(' ');
  const c = p.case;
  const overdue = new Date(p.dueAt).getTime() < Date.now();
  return h('li', { class: 'home-card home-partner', 'data-session': p.sessionId, 'data-center': p.center.id },
    h('h3', { text: !where ? p.center.name : getLang() === 'en' ? `${p.center.name} (${where})` : `${p.center.name}（${where}）` }),
    h('p', { class: 'muted', text: `${span} · ${p.roundTitle}` }),
    c ? [
      h('p', { class: 'strong home-partner-title', text: c.title }),
      c.summary ? h('p', { class: 'prewrap home-partner-summary', text: c.summary }) : null,
      c.questions ? h('p', { class: 'hint', text: tn('home.partner.questions', c.questions) }) : null,
      h('div', { class: 'row-actions' },
        h('a', { class: 'btn btn-primary', href: `#/cases/${enc(c.id)}`, text: t('home.partner.read'), 'aria-label': `${t('home.partner.read')}: ${c.title}` }),
        h('a', { class: 'btn btn-secondary', href: `#/cases/${enc(c.id)}?ask=1`, text: t('home.partner.ask'), 'aria-label': `${t('home.partner.ask')}: ${c.title}` })),
    ] : [
      h('p', { class: 'home-partner-missing strong', text: t(overdue ? 'home.partner.overdue' : 'home.partner.notYet', { time: formatInstant(p.dueAt) }) }),
      h('p', { class: 'hint', text: t('home.partner.notYetHint') }),
    ]);
}
