// The pairing board of a round. Coordinators run the pairing, then adjust it by hand: lock a pair
// so that a new run keeps it, forbid a pair, swap two centers between pairs, move a center out of
// a trio; then publish, which fixes the pairs and e-mails the staff. Everyone else sees the pairs
// once they are published. Every change answers with the whole board, which is drawn again.

import { h, clear, focusOn } from './dom.js';
import { t, tn, formatNumber, formatPoints, formatList, regionName, languageName } from './i18n.js';
import { api, ApiError } from './api.js';
import { loading, errorBox, notice, details, field, formErrors, busy, confirmDialog } from './ui.js';
import { groupName, placeOf, boardErrorNotice } from './round-common.js';

const REASON_CODES = new Set(['shared_topics', 'cross_region', 'same_region', 'same_prefecture', 'shared_language',
  'no_shared_language', 'repeat']);
const METHODS = new Set(['exact', 'greedy', 'edited']);
const DEFAULT_CANDIDATES = 12; // the server's default (pairing/PairingInput.java)

/**
 * round: the round; centers: a centerDirectory() that already knows the round's centers;
 * onBoard(board): called with every new board (the map follows it); onPublished(): after publishing.
 */
export function pairingBoard({ round, centers, coordinator, me, onBoard = () => {}, onPublished = () => {} }) {
  const url = `/api/rounds/${encodeURIComponent(round.id)}`;
  const status = h('div', { class: 'status-area' });
  const content = h('div', {}, loading());
  const el = h('section', { class: 'section board', 'aria-labelledby': 'board-title' },
    h('h2', { id: 'board-title', text: t('board.title') }),
    status,
    content);
  let board = null;
  const staffView = !coordinator && me && me.centerId !== null && me.centerId !== undefined;
  const isMine = (pair) => pair.centerIds.some((id) => String(id) === String(me.centerId));

  async function load() {
    clear(content, loading());
    try {
      board = await api.get(`${url}/pairs`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'not_published') {
        clear(content, h('p', { class: 'empty', text: t('board.notPublishedYet') }));
        onBoard(null);
        return;
      }
      clear(content, errorBox(err, load));
      return;
    }
    draw();
  }

  /** Draws a new board; message: what just happened; focusSelector: where the keyboard goes next. */
  function show(next, { message, focusSelector, extra } = {}) {
    board = next;
    draw();
    const box = message ? notice('success', message) : null;
    clear(status, box, extra || null);
    const target = focusSelector ? content.querySelector(focusSelector) : null;
    if (target) target.focus();
    else if (box) focusOn(box);
  }

  function fail(err) {
    const box = boardErrorNotice(err);
    clear(status, box);
    focusOn(box);
  }

  function draw() {
    onBoard(board);
    const editable = coordinator && !board.published;
    const all = board.pairs || [];
    // Staff see their own center's pair only: the others' scores mean nothing to them (#16).
    const pairs = staffView ? all.filter(isMine) : all;
    clear(content,
      board.published
        ? notice('success', coordinator ? t('board.publishedCoordinator') : t('board.publishedStaff'))
        : h('p', { class: 'lead', text: t('board.lead') }),
      editable ? runForm(pairs.length > 0) : null,
      pairs.length && coordinator ? summary(pairs) : null,
      // Publishing right under the totals, not after every pair's card: with the demo's 27 pairs the
      // button was 10,000 px down (#16). The cards below are what it publishes.
      editable && pairs.length ? publishPanel() : null,
      pairs.length
        ? [staffView ? null : h('h3', { text: tn('board.pairsTitle', pairs.length) }),
          h('ol', { class: 'pair-list' }, pairs.map((p) => pairCard(p, all.indexOf(p), editable)))]
        : h('p', { class: 'empty', text: editable ? t('board.empty') : t('board.emptyPublished') }),
      staffView && all.length > pairs.length ? h('p', { class: 'muted', text: tn('board.otherPairs', all.length - pairs.length) }) : null,
      editable ? forbiddenList() : null);
  }

  // ---- running the pairing ----

  function runForm(again) {
    const candidates = field({
      name: 'candidates', label: t('board.candidates'), type: 'number', value: String(DEFAULT_CANDIDATES),
      hint: t('board.candidatesHint', { default: DEFAULT_CANDIDATES }), attrs: { min: 1, max: 200, step: 1, inputmode: 'numeric' },
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: again ? t('board.runAgain') : t('board.run') });
    const form = h('form', { class: 'run-form', novalidate: true },
      again ? h('p', { class: 'hint', text: t('board.runAgainHint') }) : null,
      h('details', { class: 'options' }, h('summary', { text: t('board.options') }), candidates.el),
      h('div', { class: 'actions' }, submit));
    const errors = formErrors(form, { candidates });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const n = Number(candidates.value);
      if (!Number.isInteger(n) || n < 1 || n > 200) {
        form.querySelector('details').open = true;
        errors.show([{ field: 'candidates', message: t('form.error.range', { min: 1, max: 200 }) }]);
        return;
      }
      errors.clear();
      clear(status, h('p', { class: 'loading', role: 'status', text: t('board.running') }));
      try {
        const next = await busy(submit, () => api.post(`${url}/pairing`, n === DEFAULT_CANDIDATES ? {} : { candidates: n }));
        show(next, { message: tn('board.ran', next.pairs.length, { total: formatNumber(next.total ?? 0) }) });
      } catch (err) {
        if (err instanceof ApiError && err.field === 'candidates') {
          clear(status);
          form.querySelector('details').open = true;
          errors.showError(err);
        } else {
          fail(err);
        }
      }
    });
    return form;
  }

  function summary(pairs) {
    const trios = pairs.filter((p) => p.centerIds.length === 3).length;
    const method = board.method;
    return details([
      [t('board.total'), board.total === null || board.total === undefined ? null : formatNumber(board.total)],
      [t('board.pairCount'), trios ? t('board.pairCountWithTrios', { pairs: formatNumber(pairs.length), trios: formatNumber(trios) })
        : formatNumber(pairs.length)],
      [t('board.method'), method ? h('span', {},
        METHODS.has(method) ? t(`board.method.${method}`) : method,
        METHODS.has(method) ? h('span', { class: 'muted block', text: t(`board.methodHint.${method}`) }) : null) : null],
      [t('board.candidateEdges'), board.candidateEdges ? formatNumber(board.candidateEdges) : null],
      board.note ? [t('board.note'), h('span', { lang: 'en', text: board.note })] : null,
    ].filter(Boolean));
  }

  // ---- one pair ----

  function pairTitle(pair, index) {
    return t(pair.centerIds.length === 3 ? 'board.trioN' : 'board.pairN', { n: index + 1 });
  }

  function pairCard(pair, index, editable) {
    const title = pairTitle(pair, index);
    const names = groupName(pair.centerIds, centers);
    const mine = me && me.centerId !== null && me.centerId !== undefined
      && pair.centerIds.some((id) => String(id) === String(me.centerId));
    const titleId = `pair-${pair.id}-title`;
    const tool = h('div', { class: 'pair-tool', hidden: true });
    const locked = pair.locked && !board.published; // once published every pair is fixed: "locked" says nothing
    return h('li', { class: ['pair-card', locked ? 'is-locked' : null, mine ? 'is-mine' : null], 'data-pair-id': String(pair.id),
      'aria-labelledby': titleId },
      h('h4', { class: 'pair-title', id: titleId },
        h('span', { text: title }),
        locked ? h('span', { class: 'tag tag-locked', text: t('board.locked') }) : null,
        mine ? h('span', { class: 'tag tag-mine', text: t('board.yourCenter') }) : null),
      h('ul', { class: 'pair-members' }, pair.centerIds.map((id) => {
        const c = centers.get(id);
        return h('li', {},
          h('a', { class: 'strong', href: `#/centers/${encodeURIComponent(id)}`, text: centers.name(id) }),
          c ? h('span', { class: 'muted block', text: placeOf(c) }) : null);
      })),
      staffView ? null : h('p', { class: 'pair-score' }, h('span', { text: `${t('board.score')} ` }), h('strong', { text: formatNumber(pair.score) })),
      staffView ? null : reasonsList(pair.reasons),
      editable ? pairActions(pair, index, names, tool) : null,
      tool);
  }

  function reasonsList(reasons) {
    if (!reasons || !reasons.length) return null;
    return h('ul', { class: 'reasons', 'aria-label': t('board.reasons') }, reasons.map((r) => {
      const detail = reasonDetail(r);
      return h('li', {},
        h('span', { class: ['points', r.points < 0 ? 'points-minus' : null], text: formatPoints(r.points) }),
        h('span', {},
          h('span', { text: REASON_CODES.has(r.code) ? t(`board.reason.${r.code}`) : r.code }),
          detail ? h('span', { class: 'muted reason-detail', lang: detail.lang, text: detail.text }) : null));
    }));
  }

  function pairActions(pair, index, names, tool) {
    const label = (text) => `${text}: ${names}`;
    const lockText = pair.locked ? t('board.unlock') : t('board.lock');
    const buttons = [
      h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', 'data-action': 'lock', text: lockText, 'aria-label': label(lockText),
        onClick: (e) => change(e.currentTarget, { action: pair.locked ? 'unlock' : 'lock', pairId: pair.id }, {
          message: t(pair.locked ? 'board.unlocked' : 'board.lockedDone', { names }),
          focusSelector: `[data-pair-id="${CSS.escape(String(pair.id))}"] [data-action="lock"]`,
        }),
      }),
    ];
    const opener = (action, text, build) => {
      const button = h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', 'data-action': action, 'aria-expanded': 'false', text,
        'aria-label': label(text),
      });
      button.addEventListener('click', () => {
        const open = button.getAttribute('aria-expanded') === 'true';
        closeTool(tool);
        if (!open) {
          clear(tool, build(() => { closeTool(tool); button.focus(); }));
          tool.hidden = false;
          button.setAttribute('aria-expanded', 'true');
          tool.querySelector('select')?.focus();
        }
      });
      return button;
    };
    const pairs = board.pairs;
    if (pairs.length > 1) buttons.push(opener('swap', t('board.swap'), (close) => swapTool(pair, index, close)));
    if (pair.centerIds.length === 3 && pairs.some((p) => p.centerIds.length === 2)) {
      buttons.push(opener('move', t('board.move'), (close) => moveTool(pair, close)));
    }
    if (pair.centerIds.length === 2 && !pair.locked) {
      buttons.push(h('button', {
        type: 'button', class: 'btn btn-danger-outline btn-small', text: t('board.forbid'), 'aria-label': label(t('board.forbid')),
        onClick: (e) => forbid(e.currentTarget, pair, names),
      }));
    }
    return h('div', { class: 'row-actions pair-actions' }, buttons);
  }

  function closeTool(tool) {
    tool.hidden = true;
    clear(tool);
    tool.closest('.pair-card')?.querySelectorAll('[aria-expanded]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
  }

  function optionLabel(id) {
    const c = centers.get(id);
    return c ? t('board.optionLabel', { name: c.name, place: placeOf(c) }) : centers.name(id);
  }

  /** A small form inside the card: selects, an error area next to them, the action and "cancel". */
  function toolForm(titleText, selects, submitText, onSubmit, close, explain = () => null) {
    const problem = h('div', {});
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-small', text: submitText });
    const form = h('form', { class: 'tool-form', novalidate: true },
      h('p', { class: 'strong', text: titleText }),
      selects.map((s) => s.el),
      problem,
      h('div', { class: 'row-actions' }, submit,
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('common.cancel'), onClick: close })));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clear(problem);
      clear(status);
      try {
        await busy(submit, onSubmit);
      } catch (err) {
        const text = explain(err);
        const box = text ? notice('error', h('p', { text })) : boardErrorNotice(err);
        clear(problem, box);
        focusOn(box);
      }
    });
    return form;
  }

  function swapTool(pair, index, close) {
    const from = field({
      name: 'from', label: t('board.swapFrom'), kind: 'select',
      options: pair.centerIds.map((id) => ({ value: String(id), label: optionLabel(id) })),
    });
    const to = field({ name: 'to', label: t('board.swapTo'), kind: 'select', hint: t('board.swapHint') });
    board.pairs.forEach((other, i) => {
      if (other.id === pair.id) return;
      to.input.append(h('optgroup', { label: `${pairTitle(other, i)}: ${groupName(other.centerIds, centers, true)}` },
        other.centerIds.map((id) => h('option', { value: String(id), text: optionLabel(id) }))));
    });
    return toolForm(t('board.swapTitle', { pair: pairTitle(pair, index) }), [from, to], t('board.swapSubmit'), async () => {
      const x = from.input.value;
      const y = to.input.value;
      const before = board.total;
      const next = await api.patch(`${url}/pairs`, { action: 'swap', centerIds: [Number(x), Number(y)] });
      show(next, { message: t('board.swapped', { a: centers.name(x), b: centers.name(y) }), extra: scoreChange(before, next.total, x, y) });
    }, close, (err) => swapRefusal(err, from.input.value, to.input.value));
  }

  /**
   * A swap that lowers the total score says so, with the way back (#16): 116 → 72 is a worse
   * pairing, which the coordinator may still want, but should not get without noticing.
   */
  function scoreChange(before, after, x, y) {
    if (before === null || before === undefined || after === null || after === undefined || after >= before) return null;
    const undo = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('board.swapUndo') });
    undo.addEventListener('click', () => change(undo, { action: 'swap', centerIds: [Number(x), Number(y)] },
      { message: t('board.swapUndone', { total: formatNumber(before) }) }));
    return notice('warning', h('p', { text: t('board.scoreDown', { before: formatNumber(before), after: formatNumber(after) }) }),
      h('div', { class: 'row-actions' }, undo));
  }

  /** Why a swap of x and y was refused, naming the two centers that may not be together, in the viewer's language. */
  function swapRefusal(err, x, y) {
    if (!(err instanceof ApiError) || (err.code !== 'same_city' && err.code !== 'forbidden')) return null;
    const groupOf = (id) => (board.pairs || []).find((p) => p.centerIds.some((c) => String(c) === String(id)));
    const gx = groupOf(x);
    const gy = groupOf(y);
    if (!gx || !gy) return null;
    // After the swap x sits with the rest of y's pair, and y with the rest of x's.
    const meets = [[x, gy.centerIds.filter((c) => String(c) !== String(y))], [y, gx.centerIds.filter((c) => String(c) !== String(x))]];
    const forbidden = (a, b) => (board.forbidden || []).some((f) => f.some((c) => String(c) === String(a)) && f.some((c) => String(c) === String(b)));
    for (const [a, others] of meets) {
      for (const b of others) {
        const ca = centers.get(a);
        const cb = centers.get(b);
        if (err.code === 'same_city' && ca && cb && ca.city === cb.city && ca.prefecture === cb.prefecture) {
          return t('board.swapSameCity', { a: centers.name(a), b: centers.name(b), city: ca.city });
        }
        if (err.code === 'forbidden' && forbidden(a, b)) return t('board.swapForbidden', { a: centers.name(a), b: centers.name(b) });
      }
    }
    return null;
  }

  function moveTool(pair, close) {
    const who = field({
      name: 'center', label: t('board.moveWho'), kind: 'select',
      options: pair.centerIds.map((id) => ({ value: String(id), label: optionLabel(id) })),
    });
    const target = field({
      name: 'toPair', label: t('board.moveTo'), kind: 'select', hint: t('board.moveHint'),
      options: board.pairs.map((p, i) => [p, i]).filter(([p]) => p.centerIds.length === 2)
        .map(([p, i]) => ({ value: String(p.id), label: `${pairTitle(p, i)}: ${groupName(p.centerIds, centers, true)}` })),
    });
    return toolForm(t('board.moveTitle'), [who, target], t('board.moveSubmit'), async () => {
      const id = who.input.value;
      const next = await api.patch(`${url}/pairs`, { action: 'move', centerId: Number(id), toPairId: Number(target.input.value) });
      show(next, { message: t('board.moved', { name: centers.name(id) }) });
    }, close);
  }

  async function change(button, body, outcome) {
    clear(status);
    try {
      const next = await busy(button, () => api.patch(`${url}/pairs`, body));
      show(next, outcome);
    } catch (err) {
      fail(err);
    }
  }

  async function forbid(button, pair, names) {
    const ok = await confirmDialog({
      title: t('board.forbidTitle', { names }),
      message: t('board.forbidBody'),
      confirmLabel: t('board.forbid'),
      danger: true,
    });
    if (!ok) return;
    clear(status, h('p', { class: 'loading', role: 'status', text: t('board.running') }));
    await change(button, { action: 'forbid', centerIds: pair.centerIds.map(Number) }, { message: t('board.forbidden', { names }) });
  }

  // ---- forbidden pairs ----

  function forbiddenList() {
    const list = board.forbidden || [];
    return h('section', { class: 'subsection', 'aria-labelledby': 'forbidden-title' },
      h('h3', { id: 'forbidden-title', text: t('board.forbiddenTitle') }),
      list.length
        ? h('ul', { class: 'plain-list forbidden-list' }, list.map((two) => {
          const names = groupName(two, centers);
          return h('li', {},
            h('span', { text: names }),
            h('button', {
              type: 'button', class: 'btn btn-secondary btn-small', text: t('board.allow'), 'aria-label': `${t('board.allow')}: ${names}`,
              onClick: (e) => change(e.currentTarget, { action: 'allow', centerIds: two.map(Number) }, { message: t('board.allowed', { names }) }),
            }));
        }))
        : h('p', { class: 'muted', text: t('board.noForbidden') }));
  }

  // ---- publishing ----

  function publishPanel() {
    const button = h('button', { type: 'button', class: 'btn btn-primary', text: t('board.publish') });
    button.addEventListener('click', async () => {
      const ok = await confirmDialog({
        title: t('board.publishTitle'),
        message: t('board.publishBody', { count: formatNumber(round.centerIds.length) }),
        confirmLabel: t('board.publishConfirm'),
      });
      if (!ok) return;
      clear(status);
      try {
        const next = await busy(button, () => api.post(`${url}/pairs/publish`));
        board = next;
        onPublished(next);
      } catch (err) {
        fail(err);
      }
    });
    return h('section', { class: 'panel publish-panel', 'aria-labelledby': 'publish-title' },
      h('h3', { id: 'publish-title', text: t('board.publishHeading') }),
      h('p', { text: t('board.publishLead') }),
      button);
  }

  return { el, load };
}

/** The details of a reason without its English lead-in ("Shared topics: 防災, 子育て" → "防災, 子育て"). */
function reasonDetail(reason) {
  const text = reason.text || '';
  if (!text || reason.code === 'no_shared_language') return null;
  const parts = text.split(' / ').map((part) => {
    const m = /^[A-Z][^:]*: (.+)$/.exec(part);
    return m ? localizeDetail(reason.code, m[1]) : null;
  });
  if (parts.every(Boolean)) return { text: parts.join(' / '), lang: null };
  return { text, lang: 'en' };
}

/** The data inside a reason in the viewer's language: region names ("東北 – 中国"), language codes ("ja, en"). */
function localizeDetail(code, detail) {
  if (code === 'cross_region') return detail.split(' – ').map(regionName).join(' – ');
  if (code === 'shared_language') return formatList(detail.split(', ').map((x) => languageName(x.trim())));
  return detail;
}
