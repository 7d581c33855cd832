// One round: what it is about, the centers taking part, the pairing board, the scheduling (once
// the pairs are published: candidate times, availability, licences, the plan and the sessions)
// and the network map. Coordinators change the centers (until the pairs are published) and work
// the board; everyone else sees the pairs, their sessions and the map once they are published.

import { h, append, clear } from '../dom.js';
import { t, tn, formatNumber, formatDateRange, regionName } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, details, formErrors, busy, confirmDialog, setFlash, describeError } from '../ui.js';
import {
  PUBLISHED, OPEN, roundStatusTag, labelText, centerDirectory, boardErrorText,
} from '../round-common.js';
import { centerPicker } from '../center-picker.js';
import { pairingBoard } from '../pairing-board.js';
import { networkMap } from '../network-map.js';
import { roundSchedule } from '../round-schedule.js';
import { formatSpan } from '../time.js';

export async function render(root, ctx) {
  const { id } = ctx.params;
  const title = heading(t('round.title'));
  const titleRow = h('div', { class: 'title-row' }, title);
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back' }, h('a', { href: '#/rounds', text: t('round.backToList') })), titleRow, body);

  let round;
  const centers = centerDirectory();
  try {
    round = await api.get(`/api/rounds/${encodeURIComponent(id)}`);
    await centers.need(round.centerIds || []);
  } catch (err) {
    // Trying again helps when the connection failed, not when the round is not there for this viewer.
    const final = err instanceof ApiError && (err.status === 403 || err.status === 404);
    clear(body, errorBox(err, final ? null : () => ctx.rerender()));
    return;
  }
  round.centerIds = round.centerIds || [];
  title.textContent = round.title;
  ctx.setTitle(round.title);
  if (ctx.isCoordinator) {
    titleRow.append(h('a', { class: 'btn btn-secondary', href: `#/rounds/${encodeURIComponent(round.id)}/edit`,
      text: t('round.edit'), 'aria-label': `${t('round.edit')}: ${round.title}` }));
    titleRow.append(h('a', { class: 'btn btn-secondary', href: `#/rounds/${encodeURIComponent(round.id)}/programme`, text: t('progTpl.link') })); // #17
    titleRow.append(h('a', { class: 'btn btn-secondary', href: `#/rounds/${encodeURIComponent(round.id)}/case-template`, text: t('caseTpl.link') })); // #17
  }

  const published = PUBLISHED.has(round.status);
  const facilitates = (ctx.me.roles || []).includes('facilitator');
  const staffView = !ctx.isCoordinator && !facilitates;
  const mapState = { pairs: null, others: [], othersState: 'loading' };
  const map = ctx.isCoordinator || (published && !staffView) ? networkMap({ round }) : null;
  const drawMap = () => map && map.update({ centers, ...mapState });
  let hasPairs = false;
  let lastBoard = null;
  const schedule = published ? roundSchedule({ round, centers, ctx }) : null;

  const board = pairingBoard({
    round, centers, coordinator: ctx.isCoordinator, me: ctx.me,
    onBoard(b) {
      lastBoard = b;
      hasPairs = Boolean(b && b.pairs && b.pairs.length);
      mapState.pairs = b && b.pairs ? b.pairs.map((p) => p.centerIds) : null;
      drawMap();
    },
    onPublished() {
      setFlash(t('board.publishedFlash'));
      ctx.rerender();
    },
  });

  // After the sessions: what the participants wrote, and the network of cities that learned together.
  const reflections = published && (ctx.isCoordinator || facilitates) ? h('p', { class: 'row-actions' },
    h('a', { class: 'btn btn-secondary', href: `#/rounds/${encodeURIComponent(round.id)}/summary`, text: t('round.reflectionSummary') }),
    ctx.isCoordinator ? h('a', { class: 'btn btn-secondary', href: `#/network?round=${encodeURIComponent(round.id)}`, text: t('home.network') }) : null) : null;

  // The page in parts, each with an address of its own, so that a link from home or an e-mail
  // lands where the action is (README, "The web UI"): pairs, dates and answers, sessions, reflections.
  // While the coordinator works the pairs (round status "pairing"), the board comes first: its totals
  // and the button that publishes them are then on the first screen, the round's facts after (#16).
  const about = [summary(round), staffView ? null : centersSection(round, centers, ctx, () => hasPairs)];
  const parts = {
    pairs: ctx.isCoordinator && round.status === 'pairing'
      ? [board.el, about, map ? map.el : null]
      : [about, board.el, map ? map.el : null],
    answers: schedule ? [schedule.answersEl] : null,
    sessions: schedule ? [schedule.sessionsEl] : null,
    reflections: published ? [reflections, staffView ? myReflections(round) : null] : null,
  };
  const shown = ROUND_PARTS.filter((p) => parts[p]);
  const links = new Map(shown.map((p) => [p, h('a', {
    href: `#/rounds/${encodeURIComponent(round.id)}/${p}`, text: t(`round.part.${p}`),
  })]));
  const els = new Map(shown.map((p) => [p, h('div', { class: 'round-part', id: `round-part-${p}`, hidden: true }, parts[p])]));
  const nav = h('nav', { class: 'round-parts', 'aria-label': t('round.parts') }, h('ul', {},
    shown.map((p) => h('li', {}, links.get(p)))));
  const open = (part) => {
    for (const p of shown) {
      els.get(p).hidden = p !== part;
      if (p === part) links.get(p).setAttribute('aria-current', 'page');
      else links.get(p).removeAttribute('aria-current');
    }
  };
  const asked = parts[ctx.params.part] ? ctx.params.part : null;
  // Without a part in the address, staff and facilitators of a round being scheduled go where the
  // round is for them: its sessions once there are any, else the dates to answer. That needs the
  // sessions first, so the parts stay hidden (and the page says "loading") until they are known.
  const waitForSessions = !asked && schedule && round.status === 'scheduling' && !ctx.isCoordinator;
  const wait = waitForSessions ? loading() : null;
  clear(body, nav, wait, [...els.values()]);
  if (!waitForSessions) open(asked || defaultPart(round, ctx));
  await board.load();
  if (schedule) {
    const scheduled = schedule.load(lastBoard);
    if (waitForSessions) {
      await scheduled;
      wait.remove();
      open(schedule.sessionCount() > 0 ? 'sessions' : 'answers');
    }
  }
  if (map) loadOthers(round, centers, mapState, drawMap);
}

const ROUND_PARTS = ['pairs', 'answers', 'sessions', 'reflections'];

/** The part a round's own address opens: where the work of its present stage is. */
function defaultPart(round, ctx) {
  if (!PUBLISHED.has(round.status)) return 'pairs';
  if (round.status === 'scheduling') return 'answers';
  if (round.status === 'closed') return 'reflections';
  return ctx.isCoordinator ? 'answers' : 'sessions';
}

/** Staff: the sessions of this round they took part in, with the way to their reflection. */
function myReflections(round) {
  const list = h('div', {}, loading());
  api.get('/api/me/sessions').then((x) => {
    const held = (x.sessions || []).filter((s) => String(s.roundId) === String(round.id) && s.status === 'held'
      && s.registration === 'confirmed');
    clear(list, held.length
      ? h('ul', { class: 'home-steps' }, held.map((s) => h('li', {},
        h('span', { text: `${formatSpan(s.startsAt, s.endsAt)} ` }),
        h('a', { class: 'btn btn-primary', href: `#/sessions/${encodeURIComponent(s.sessionId)}/reflection`,
          text: s.reflected ? t('round.reflectionEdit') : t('home.staff.reflectLink') }))))
      : h('p', { class: 'empty', text: t('round.noReflections') }));
  }, (err) => clear(list, errorBox(err)));
  return h('section', { class: 'section', 'aria-labelledby': 'round-reflections-title' },
    h('h2', { id: 'round-reflections-title', text: t('round.part.reflections') }), list);
}

function summary(round) {
  return details([
    [t('round.field.status'), roundStatusTag(round.status)],
    [t('round.field.period'), formatDateRange(round.startsOn, round.endsOn)],
    [t('round.field.description'), round.description ? h('p', { class: 'prewrap', text: round.description }) : null],
    [t('round.field.topics'), round.topics && round.topics.length
      ? h('ul', { class: 'inline-list' }, round.topics.map((l) => h('li', { text: labelText(l) }))) : null],
    [t('round.field.prompts'), round.prompts && round.prompts.length
      ? h('ul', { class: 'prompt-list' }, round.prompts.map((l) => h('li', { text: labelText(l) }))) : null],
    [t('round.field.centerCount'), formatNumber(round.centerIds.length)],
  ]);
}

function centersSection(round, centers, ctx, hasPairs) {
  const editable = ctx.isCoordinator && OPEN.has(round.status);
  const panel = h('div', { class: 'panel', hidden: true });
  const list = centerTable(round.centerIds, centers);
  const open = editable ? h('button', {
    type: 'button', class: 'btn btn-secondary', 'aria-expanded': 'false', text: t('round.changeCenters'),
  }) : null;

  function close() {
    panel.hidden = true;
    clear(panel);
    open.setAttribute('aria-expanded', 'false');
    open.focus();
  }

  if (open) {
    open.addEventListener('click', () => {
      if (!panel.hidden) {
        close();
        return;
      }
      clear(panel, centersForm(round, centers, hasPairs, ctx, close));
      panel.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      panel.querySelector('input[type="search"]')?.focus();
    });
  }

  return h('section', { class: 'section', 'aria-labelledby': 'round-centers-title' },
    h('h2', { id: 'round-centers-title', text: t('round.centersWithCount', { count: formatNumber(round.centerIds.length) }) }),
    ctx.isCoordinator && !editable ? h('p', { class: 'hint', text: t('round.centersFixed') }) : null,
    open ? h('p', {}, open) : null,
    panel,
    list);
}

function centerTable(ids, centers) {
  if (!ids.length) return h('p', { class: 'empty', text: t('round.noCenters') });
  const table = h('table', { class: 'data-table cards-on-phone' },
    h('caption', { class: 'vh', text: t('round.centers') }),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: t('field.centerName') }),
      h('th', { scope: 'col', text: t('field.city') }),
      h('th', { scope: 'col', text: t('field.prefecture') }),
      h('th', { scope: 'col', text: t('field.region') }))),
    h('tbody', {}, ids.map((cid) => {
      const c = centers.get(cid);
      return h('tr', {},
        h('th', { scope: 'row', 'data-label': t('field.centerName') },
          h('a', { href: `#/centers/${encodeURIComponent(cid)}`, text: centers.name(cid) })),
        h('td', { 'data-label': t('field.city'), text: c ? c.city || '' : '' }),
        h('td', { 'data-label': t('field.prefecture'), text: c ? c.prefecture || '' : '' }),
        h('td', { 'data-label': t('field.region'), text: c ? regionName(c.region) : '' }));
    })));
  // A long list is folded so the board below stays within reach.
  if (ids.length <= 8) return table;
  return h('details', { class: 'columns' }, h('summary', { text: tn('round.showCenters', ids.length) }), table);
}

function centersForm(round, centers, hasPairs, ctx, close) {
  const picker = centerPicker({
    legend: t('round.centers'), hint: t('round.centersEditHint'), initial: round.centerIds, known: (cid) => centers.get(cid),
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('round.saveCenters') });
  const form = h('form', { class: 'form form-wide', novalidate: true },
    picker.el,
    h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.cancel'), onClick: close })));
  const errors = formErrors(form, { centerIds: picker });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const ids = picker.value;
    if (ids.length < 2) {
      errors.show([{ field: 'centerIds', message: t('roundForm.error.oneCenter') }]);
      return;
    }
    errors.clear();
    if (hasPairs()) {
      const ok = await confirmDialog({
        title: t('round.changeCentersTitle'), message: t('round.changeCentersBody'), confirmLabel: t('round.saveCenters'), danger: true,
      });
      if (!ok) return;
    }
    try {
      const saved = await busy(submit, () => api.put(`/api/rounds/${encodeURIComponent(round.id)}/centers`, { centerIds: ids }));
      setFlash(tn('round.centersSaved', saved.centerIds.length));
      ctx.rerender();
    } catch (err) {
      const text = boardErrorText(err);
      if (text) errors.show([], text);
      else if (err.field === 'centerIds') errors.show([{ field: 'centerIds', message: t('roundForm.error.oneCenter') }]);
      else errors.show([], describeError(err));
    }
  });
  return form;
}

/**
 * The pairs of the other published rounds, for the faint lines of the map. Rounds whose pairs
 * the viewer may not read are skipped; this never holds up the page.
 */
async function loadOthers(round, centers, mapState, drawMap) {
  mapState.othersState = 'loading';
  drawMap();
  try {
    const rounds = (await api.get('/api/rounds')).rounds
      .filter((r) => String(r.id) !== String(round.id) && PUBLISHED.has(r.status));
    const groups = [];
    let next = 0;
    const worker = async () => {
      while (next < rounds.length) {
        const r = rounds[next];
        next += 1;
        try {
          const b = await api.get(`/api/rounds/${encodeURIComponent(r.id)}/pairs`);
          if (b.published) for (const p of b.pairs) groups.push(p.centerIds);
        } catch {
          // not visible to this viewer (403), or gone: the map does without it
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    await centers.need([...new Set(groups.flat())]);
    mapState.others = groups;
    mapState.othersState = 'done';
  } catch {
    mapState.othersState = 'failed';
  }
  drawMap();
}
