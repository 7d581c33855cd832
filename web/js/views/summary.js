// What facilitators read after a session (#/sessions/{id}/summary) or over a round
// (#/rounds/{id}/summary): the response rate with who has not written (and a reminder to them),
// the words that came up most, a few representative sentences, the same per topic, room and center,
// and what each center took from its partner city. Filters by topic, room and center; prints on
// plain paper; the round's notes download as CSV. Each key phrase opens the sentences that use it
// (its evidence, highlighted); the session's facilitator can leave a phrase out of the session's printed
// summary, a coordinator out of the round's (each summary keeps its own). When the network has few notes
// yet, a notice says the ranking leans on a topped-up background (README, "How reflections are summarised").
// Anonymous notes show no name, center or room, and where a part holds fewer than three of them
// their words are only counted (README, "Security", anonymous notes).

import { h, svg, append, clear, focusOn, uid } from '../dom.js';
import { t, tn, formatNumber } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice, busy, describeError, field } from '../ui.js';
import { labelText, centerDirectory } from '../round-common.js';
import { formatSpan } from '../time.js';
import { rateText, promptText, canMarkHeld, heldButton } from '../reflection-common.js';
import { runs } from '../session-access.js';

const enc = encodeURIComponent;
const ROOM_BOARDS = 40; // room names are looked up on at most this many sessions' boards

export async function render(root, ctx) {
  const { id, scope } = ctx.params;
  const bySession = scope === 'session';
  ctx.setTitle(t('summary.title'));
  const back = h('p', { class: 'back no-print' }, h('a', { href: '#/rounds', text: t('round.backToList') }));
  const sub = h('p', { class: 'lead' });
  const body = h('div', {}, loading());
  append(root, back, heading(t('summary.title')), sub, body);

  const roles = new Set(ctx.me.roles || []);
  if (!ctx.isCoordinator && !roles.has('facilitator')) {
    clear(body, notice('error', t('summary.forbidden')));
    return;
  }

  const centers = centerDirectory();
  const rooms = new Map(); // room id → name
  let session = null;
  let round;
  let sessions = [];
  try {
    if (bySession) {
      session = await api.get(`/api/sessions/${enc(id)}`);
      round = await api.get(`/api/rounds/${enc(session.roundId)}`);
    } else {
      round = await api.get(`/api/rounds/${enc(id)}`);
      sessions = (await api.get(`/api/rounds/${enc(id)}/sessions`).catch(() => ({ sessions: [] }))).sessions || [];
    }
    await centers.need(bySession ? session.centerIds || [] : round.centerIds || []);
  } catch (err) {
    const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
    clear(body, errorBox(err, final ? null : () => ctx.rerender()));
    return;
  }
  const span = session ? formatSpan(session.startsAt, session.endsAt) : null;
  clear(back, h('a', {
    href: session ? `#/rounds/${enc(round.id)}?session=${enc(session.id)}` : `#/rounds/${enc(round.id)}`,
    text: session ? t('rooms.backToSession') : t('summary.backToRound'),
  }));
  clear(sub, h('span', { class: 'strong block', text: round.title }),
    h('span', { class: 'block', text: span || t('summary.wholeRound') }));
  ctx.setTitle(`${t('summary.title')} ${span || round.title}`);

  // Room names: from the boards of the sessions in view (the summary itself carries room ids only).
  const boardsOf = session ? [session] : sessions.filter((s) => s.status === 'held'
    && runs(ctx.me, s)).slice(0, ROOM_BOARDS);
  await Promise.all(boardsOf.map((s) => api.get(`/api/sessions/${enc(s.id)}/rooms`)
    .then((b) => (b.rooms || []).forEach((r) => rooms.set(String(r.id), r.name)))
    .catch(() => {})));
  const sessionSpan = (sid) => {
    const s = session && String(session.id) === String(sid) ? session : sessions.find((x) => String(x.id) === String(sid));
    return s ? formatSpan(s.startsAt, s.endsAt) : t('summary.sessionN', { id: sid });
  };
  const names = {
    topic: (key) => labelText((round.topics || []).find((x) => x.key === key)) || key,
    room: (rid) => rooms.get(String(rid)) || t('summary.roomN', { id: rid }),
    center: (cid) => centers.name(cid),
    session: sessionSpan,
  };

  const status = h('div', { class: 'status-area' });
  const results = h('div', { class: 'summary-results' }, loading());
  const filterArea = h('div', { class: 'no-print' });
  const filterLine = h('p', { class: 'filter-line' });
  const csvId = uid('csv');
  const tools = h('div', { class: 'row-actions summary-tools no-print' },
    h('button', { type: 'button', class: 'btn btn-secondary', text: t('summary.print'), onClick: () => window.print() }),
    h('a', {
      class: 'btn btn-secondary', href: `/api/rounds/${enc(round.id)}/reflections.csv`, download: `kakehashi-reflections-round-${round.id}.csv`,
      text: t('summary.csv'), 'aria-describedby': csvId,
    }),
    session ? h('a', { class: 'btn btn-secondary', href: `#/rounds/${enc(round.id)}/summary`, text: t('summary.toRound') }) : null);
  const held = session && canMarkHeld(session, ctx) ? heldButton(session, {
    label: span, small: false,
    onDone: (text) => { clear(status, notice('success', text)); focusOn(status.firstChild); session.status = 'held'; held.remove(); load(); },
    onFail: (text) => { clear(status, notice('error', text)); focusOn(status.firstChild); },
  }) : null;

  clear(body,
    session && session.status === 'scheduled' ? notice('info', t('summary.notHeld')) : null,
    session && session.status === 'cancelled' ? notice('error', t('rooms.cancelled')) : null,
    !session && !ctx.isCoordinator ? h('p', { class: 'hint', text: t('summary.facilitatorScope') }) : null,
    tools,
    h('p', { class: 'hint no-print', id: csvId, text: t('summary.csvHint') }),
    held ? h('div', { class: 'row-actions no-print' }, held) : null,
    status,
    filterArea,
    filterLine,
    results);

  const filters = { topic: ctx.query.get('topic') || '', room: ctx.query.get('room') || '', center: ctx.query.get('center') || '' };
  const url = session ? `/api/sessions/${enc(session.id)}/reflections/summary` : `/api/rounds/${enc(round.id)}/reflections/summary`;
  let filterForm = null;

  async function load() {
    clear(results, loading());
    let data;
    try {
      data = await api.get(url, filters);
    } catch (err) {
      const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
      clear(results, errorBox(err, final ? null : load));
      return;
    }
    Object.keys(data.byRoom || {}).forEach((rid) => { if (!rooms.has(rid)) rooms.set(rid, names.room(rid)); });
    if (!filterForm) {
      filterForm = filterPanel();
      clear(filterArea, filterForm);
    }
    const active = [
      filters.topic ? t('summary.filter.topicIs', { name: names.topic(filters.topic) }) : null,
      filters.room ? t('summary.filter.roomIs', { name: names.room(filters.room) }) : null,
      filters.center ? t('summary.filter.centerIs', { name: names.center(filters.center) }) : null,
    ].filter(Boolean);
    filterLine.textContent = active.length ? t('summary.filter.active', { list: active.join(t('list.separator')) }) : t('summary.filter.none');
    clear(results, summaryContent(data, { round, session, names, byRound: !session, canHideInRound: ctx.isCoordinator, reload: load }));
  }

  function filterPanel() {
    const select = (name, label, options) => field({
      name: `summary-${name}`, label, kind: 'select', value: filters[name],
      options: [{ value: '', label: t('summary.filter.all') }, ...options],
    });
    const topic = select('topic', t('summary.filter.topic'), (round.topics || []).map((x) => ({ value: x.key, label: labelText(x) })));
    const room = select('room', t('summary.filter.room'), [...rooms.keys()].map((rid) => ({ value: rid, label: names.room(rid) })));
    const center = select('center', t('summary.filter.center'),
      (session ? session.centerIds || [] : round.centerIds || []).map((cid) => ({ value: String(cid), label: names.center(cid) })));
    const apply = h('button', { type: 'submit', class: 'btn btn-primary', text: t('summary.filter.apply') });
    const reset = h('button', { type: 'button', class: 'btn btn-secondary', text: t('summary.filter.reset') });
    const form = h('form', { class: 'filters summary-filters', novalidate: true, 'aria-label': t('summary.filter.label') },
      h('div', { class: 'filter-fields' }, topic.el, rooms.size ? room.el : null, center.el),
      h('div', { class: 'actions' }, apply, reset));
    const run = async (button) => {
      filters.topic = topic.input.value;
      filters.room = rooms.size ? room.input.value : '';
      filters.center = center.input.value;
      ctx.replaceQuery(filters);
      await busy(button, load);
      focusOn(filterLine);
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); run(apply); });
    reset.addEventListener('click', () => {
      topic.input.value = '';
      room.input.value = '';
      center.input.value = '';
      run(reset);
    });
    return form;
  }

  await load();
}

function summaryContent(data, { round, session, names, byRound, canHideInRound, reload }) {
  const responses = data.responses || 0;
  const expected = data.expected || 0;
  const evidenceUrl = session ? `/api/sessions/${enc(session.id)}/reflections/evidence`
    : `/api/rounds/${enc(round.id)}/reflections/evidence`;
  // Where a phrase is left out of print: the session's own list, or (coordinators only) the round's.
  const hideUrl = session ? `/api/sessions/${enc(session.id)}/reflections/hidden`
    : canHideInRound ? `/api/rounds/${enc(round.id)}/reflections/hidden` : null;
  return [
    rateSection(data, { session, names, byRound }),
    h('p', { class: 'hint', text: data.withheld
      ? tn('summary.withheld', data.withheld) : t('summary.anonymityHint') }),
    responses ? phrasesSection(data, { evidenceUrl, hideUrl, byRound, reload }) : null,
    responses && (data.contextPhrases || []).length ? h('p', { class: 'muted' },
      t('summary.contextPhrases'), ' ', (data.contextPhrases || []).map((p) => p.phrase).join(t('list.separator'))) : null,
    responses ? quotesSection(data.quotes || []) : null,
    tookSection(data, round, names, byRound, evidenceUrl),
    byRound ? acrossSection(data.acrossSessions, names) : null,
    groupSection('topic', data.byTopic, names.topic, t('summary.byTopic')),
    groupSection('room', data.byRoom, names.room, t('summary.byRoom')),
    groupSection('center', data.byCenter, names.center, t('summary.byCenter')),
    !responses && expected ? h('p', { class: 'empty', text: t('summary.noneYet') }) : null,
    !expected && !responses ? h('p', { class: 'empty', text: byRound ? t('summary.noHeldSessions') : t('summary.noParticipants') }) : null,
  ];
}

/** A bar for a share of a whole, drawn as SVG (no inline styles); the number is always in words beside it. */
function bar(value, max, cls = '') {
  const width = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return svg('svg', { class: `bar ${cls}`, viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { class: 'bar-track', x: 0, y: 0, width: 100, height: 10 }),
    svg('rect', { class: 'bar-fill', x: 0, y: 0, width: Math.round(width * 10) / 10, height: 10 }));
}

function rateSection(data, { session, names, byRound }) {
  const missing = data.missing || [];
  const bySession = new Map();
  for (const m of missing) {
    const key = String(m.sessionId);
    if (!bySession.has(key)) bySession.set(key, []);
    bySession.get(key).push(m);
  }
  const groups = [...bySession.entries()];
  return h('section', { class: 'section summary-rate', 'aria-labelledby': 'summary-rate-title' },
    h('h2', { id: 'summary-rate-title', text: t('summary.rateTitle') }),
    h('p', { class: 'rate-text', text: rateText(data.responses || 0, data.expected || 0) }),
    data.expected ? bar(data.responses || 0, data.expected, 'bar-rate') : null,
    missing.length ? [
      h('h3', { text: tn('summary.missingTitle', missing.length) }),
      h('p', { class: 'hint no-print', text: t('summary.remindHint') }),
      groups.map(([sid, people]) => h('div', { class: 'missing-group' },
        byRound ? h('h4', { text: names.session(sid) }) : null,
        h('ul', { class: 'inline-list missing-list' }, people.map((m) => h('li', { text: m.name }))),
        !session || session.status === 'held' ? remindButton(sid, byRound ? names.session(sid) : null) : null)),
    ] : data.expected ? h('p', { class: 'strong', text: t('summary.everyoneWrote') }) : null);
}

function remindButton(sessionId, label) {
  const result = h('div', { class: 'remind-result' });
  const button = h('button', {
    type: 'button', class: 'btn btn-secondary btn-small', text: t('summary.remind'),
    'aria-label': label ? `${t('summary.remind')}: ${label}` : null,
  });
  button.addEventListener('click', async () => {
    clear(result);
    let box;
    try {
      const answer = await busy(button, () => api.post(`/api/sessions/${enc(sessionId)}/reflections/remind`));
      box = notice('success', tn('summary.reminded', answer.reminded || 0));
    } catch (err) {
      const known = err instanceof ApiError && ['reminded_recently', 'not_held', 'reflection_frozen'].includes(err.code);
      box = notice('error', known ? t(`summary.remindError.${err.code}`) : describeError(err));
    }
    clear(result, box);
    focusOn(box);
  });
  return h('div', { class: 'no-print' }, h('div', { class: 'row-actions' }, button), result);
}

function phrasesSection(data, { evidenceUrl, hideUrl, byRound, reload }) {
  const phrases = data.keyPhrases || [];
  const max = Math.max(1, ...phrases.map((p) => p.count));
  const langs = [...new Set(phrases.map((p) => p.lang || 'ja'))];
  const list = (items) => h('ol', { class: 'bar-list' }, items.map((p) => phraseItem(p, max, { evidenceUrl, hideUrl, reload })));
  const ranking = data.ranking || {};
  return h('section', { class: 'section', 'aria-labelledby': 'summary-phrases-title' },
    h('h2', { id: 'summary-phrases-title', text: t('summary.phrasesTitle') }),
    h('p', { class: 'hint', text: t('summary.phrasesHint') }),
    // The ranking fell back on a topped-up background: said once, on screen and on paper.
    ranking.smallBackground ? h('div', { class: 'small-background' }, notice('info',
      t('summary.smallBackground', { count: formatNumber(ranking.backgroundNotes || 0) }))) : null,
    h('p', { class: 'hint no-print', text: !hideUrl ? t('summary.evidenceHint')
      : byRound ? t('summary.evidenceHideRoundHint') : t('summary.evidenceHideHint') }),
    !phrases.length ? h('p', { class: 'empty', text: t('summary.noPhrases') })
      : langs.length === 1 ? list(phrases)
        : langs.map((lang) => [h('h3', { text: t(`summary.phrasesIn.${lang === 'en' ? 'en' : 'ja'}`) }),
          list(phrases.filter((p) => (p.lang || 'ja') === lang))]));
}

/**
 * The button that opens a phrase's evidence (the sentences of the readable notes that use it, loaded on
 * demand from the evidence route) and the place it opens in.
 */
function evidenceToggle(p, evidenceUrl) {
  const evidence = h('div', { class: 'evidence no-print' });
  const open = h('button', {
    type: 'button', class: 'btn btn-link btn-small no-print', 'aria-expanded': 'false',
    text: t('summary.evidence'), 'aria-label': t('summary.evidenceFor', { phrase: p.phrase }),
  });
  open.addEventListener('click', async () => {
    if (open.getAttribute('aria-expanded') === 'true') {
      open.setAttribute('aria-expanded', 'false');
      clear(evidence);
      return;
    }
    open.setAttribute('aria-expanded', 'true');
    clear(evidence, loading());
    try {
      const data = await busy(open, () => api.get(evidenceUrl, { key: p.key }));
      clear(evidence, evidenceList(data));
    } catch (err) {
      clear(evidence, notice('error', describeError(err)));
    }
  });
  return { open, evidence };
}

/** One key phrase: its bar, the button that opens its evidence, and (for who may) hide from print. */
function phraseItem(p, max, { evidenceUrl, hideUrl, reload }) {
  const { open, evidence } = evidenceToggle(p, evidenceUrl);
  let hide = null;
  if (hideUrl) {
    hide = h('button', {
      type: 'button', class: 'btn btn-secondary btn-small no-print',
      text: p.hidden ? t('summary.unhide') : t('summary.hide'), 'aria-label': `${p.hidden ? t('summary.unhide') : t('summary.hide')}: ${p.phrase}`,
    });
    hide.addEventListener('click', async () => {
      try {
        await busy(hide, () => api.put(hideUrl, { key: p.key, hidden: !p.hidden }));
        await reload();
      } catch (err) {
        clear(evidence, notice('error', describeError(err)));
      }
    });
  }
  return h('li', { class: p.hidden ? 'no-print phrase-hidden' : null },
    h('span', { class: 'bar-label' }, h('span', { class: 'strong', text: p.phrase }), ' ',
      h('span', { class: 'muted', text: tn('summary.notes', p.count) }),
      p.hidden ? [' ', h('span', { class: 'tag', text: t('summary.hiddenTag') })] : null),
    bar(p.count, max),
    h('div', { class: 'row-actions no-print' }, open, hide),
    evidence);
}

/** The sentences that use a phrase, the phrase marked; anonymous notes as 匿名 only. */
function evidenceList(data) {
  const notes = data.notes || [];
  return [
    // Counted over every readable note that uses it (the list stops at 50); withheld anonymous ones are said below.
    h('p', { class: 'muted', role: 'status', text: tn('summary.evidenceCount', Math.max(notes.length, (data.count ?? notes.length) - (data.withheld || 0))) }),
    data.withheld ? h('p', { class: 'hint', text: tn('summary.evidenceWithheld', data.withheld) }) : null,
    h('ul', { class: 'quote-list' }, notes.map((n) => h('li', {}, h('figure', { class: 'quote' },
      h('blockquote', {}, (n.sentences || []).map((x) => h('p', { class: 'prewrap' }, marked(x.text, x.marks || [])))),
      h('figcaption', { text: n.author ? t('summary.by', { name: n.author }) : t('summary.anonymous') }))))),
  ];
}

function marked(text, marks) {
  const out = [];
  let at = 0;
  for (const [start, end] of [...marks].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    out.push(text.slice(at, start), h('mark', { text: text.slice(start, end) }));
    at = end;
  }
  out.push(text.slice(at));
  return out;
}

function quoteItem(q) {
  return h('figure', { class: 'quote' },
    h('blockquote', {}, h('p', { class: 'prewrap', text: q.text })),
    h('figcaption', { text: q.author ? t('summary.by', { name: q.author }) : t('summary.anonymous') }));
}

function quotesSection(quotes) {
  return h('section', { class: 'section', 'aria-labelledby': 'summary-quotes-title' },
    h('h2', { id: 'summary-quotes-title', text: t('summary.quotesTitle') }),
    quotes.length ? h('ul', { class: 'quote-list' }, quotes.map((q) => h('li', {}, quoteItem(q))))
      : h('p', { class: 'empty', text: t('summary.noQuotes') }));
}

/**
 * What each center took from its partner: its distinctive phrases (each opening its evidence) and the few
 * sentences of its answers chosen as quotes; the answers themselves are not sent with the summary.
 */
function tookSection(data, round, names, byRound, evidenceUrl) {
  const pairs = data.pairs || [];
  if (!pairs.length) return null;
  return h('section', { class: 'section', 'aria-labelledby': 'summary-took-title' },
    h('h2', { id: 'summary-took-title', text: t('summary.tookTitle') }),
    data.tookAwayPrompt ? h('p', { class: 'hint', text: t('summary.tookHint', { prompt: promptText(round.prompts, data.tookAwayPrompt) }) }) : null,
    h('p', { class: 'hint no-print', text: t('summary.tookEvidenceHint') }),
    h('ul', { class: 'took-list' }, pairs.map((p) => h('li', { class: 'took-card' },
      h('h3', { text: t('summary.tookFrom', { center: p.centerName || names.center(p.centerId), city: p.partnerCity || t('common.none') }) }),
      byRound ? h('p', { class: 'muted', text: names.session(p.sessionId) }) : null,
      (p.keyPhrases || []).length ? [
        h('p', { class: 'took-phrases' }, h('span', { class: 'strong', text: t('summary.tookPhrases') }), ' ',
          phraseLine(p.keyPhrases, (x) => x.phrase)),
        h('ul', { class: 'inline-list took-evidence no-print' }, p.keyPhrases.map((x) => {
          const { open, evidence } = evidenceToggle(x, evidenceUrl);
          open.textContent = t('summary.evidenceOf', { phrase: x.phrase });
          open.setAttribute('aria-label', t('summary.evidenceOf', { phrase: x.phrase }));
          return h('li', {}, open, evidence);
        })),
      ] : null,
      p.count
        ? [h('p', { class: 'muted', text: tn('summary.notes', p.count) }),
          (p.tookAway || []).length ? h('ul', { class: 'quote-list' }, p.tookAway.map((q) => h('li', {}, quoteItem(q)))) : null]
        : h('p', { class: 'muted', text: t('summary.tookNone') }),
      p.withheld ? h('p', { class: 'hint', text: tn('summary.withheld', p.withheld) }) : null))));
}

/**
 * A round's phrases shared by many sessions, and those of a single pair (with its session); a phrase left out
 * of print stays on screen, marked, and is not printed.
 */
function acrossSection(across, names) {
  if (!across || (across.sessions || 0) < 2) return null;
  const list = (items, text) => items.length
    ? h('ul', { class: 'inline-list across-list' }, items.map((x) => h('li', { class: x.hidden ? 'no-print phrase-hidden' : null },
      text(x), x.hidden ? [' ', h('span', { class: 'tag', text: t('summary.hiddenTag') })] : null)),
    items.every((x) => x.hidden) ? h('li', { class: 'print-only muted', text: t('common.none') }) : null)
    : h('p', { class: 'muted', text: t('common.none') });
  return h('section', { class: 'section', 'aria-labelledby': 'summary-across-title' },
    h('h2', { id: 'summary-across-title', text: t('summary.acrossTitle') }),
    h('p', { class: 'hint', text: t('summary.acrossHint', { count: formatNumber(across.sessions) }) }),
    h('h3', { text: t('summary.recurringTitle') }),
    list(across.recurring || [], (x) => t('summary.recurringItem', { phrase: x.phrase, sessions: formatNumber(x.sessions) })),
    h('h3', { text: t('summary.singlePairTitle') }),
    list(across.singlePair || [], (x) => t('summary.singlePairItem', { phrase: x.phrase, session: names.session(x.sessionId) })));
}

function groupSection(kind, groups, nameOf, title) {
  const entries = Object.entries(groups || {});
  if (!entries.length) return null;
  const id = `summary-by-${kind}`;
  return h('section', { class: 'section', 'aria-labelledby': id },
    h('h2', { id, text: title }),
    h('table', { class: 'data-table cards-on-phone summary-table', 'aria-labelledby': id },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t(`summary.col.${kind}`) }),
        h('th', { scope: 'col', text: t('summary.col.rate') }),
        h('th', { scope: 'col', text: t('summary.col.phrases') }))),
      h('tbody', {}, entries.map(([key, g]) => h('tr', {},
        h('th', { scope: 'row', 'data-label': t(`summary.col.${kind}`), text: nameOf(key) }),
        h('td', { 'data-label': t('summary.col.rate'), text: g.withheld
          ? `${rateText(g.responses || 0, g.expected || 0)} ${tn('summary.withheldShort', g.withheld)}`
          : rateText(g.responses || 0, g.expected || 0) }),
        h('td', { 'data-label': t('summary.col.phrases') }, phraseLine((g.keyPhrases || []).slice(0, 6),
          (p) => t('summary.phraseWithCount', { phrase: p.phrase, count: formatNumber(p.count) }))))))));
}

/**
 * A line of phrases joined by the list separator. Phrases the facilitator left out of print stay on screen
 * and are dropped from the printed line (two renderings, one for each medium), so a hidden phrase is printed
 * nowhere in the summary.
 */
function phraseLine(phrases, format) {
  const line = (list) => list.map(format).join(t('list.separator')) || t('common.none');
  if (!phrases.some((p) => p.hidden)) return line(phrases);
  return [h('span', { class: 'no-print', text: line(phrases) }),
    h('span', { class: 'print-only', text: line(phrases.filter((p) => !p.hidden)) })];
}
