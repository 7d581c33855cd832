// Scheduling of a round whose pairs are published: the candidate times (coordinators propose
// them), each person's availability (staff of paired centers and facilitators answer on their
// phone, one tap per time), the Zoom host licences, planning the sessions, and the sessions.

import { h, append, clear, focusOn } from './dom.js';
import { t, tn, formatNumber, intlLocale } from './i18n.js';
import { api, ApiError, NetworkError, idempotencyKey } from './api.js';
import { loading, errorBox, notice, field, formErrors, busy, confirmDialog, describeError, localizeProblem } from './ui.js';
import { groupName, serverDetail } from './round-common.js';
import { formatSpan, minutesBetween, localIso, addDays, zoneHint } from './time.js';
import { sessionList } from './session-list.js';
import { availabilityGrid } from './availability-grid.js';
import { roundProgress } from './round-progress.js';

const ANSWERS = ['yes', 'maybe', 'no'];
const MARKS = { yes: '○', maybe: '△', no: '×' };
const UNPLACED = new Set(['no_common_slot', 'no_free_slot', 'no_facilitator', 'no_licence']);
const DEFAULT_MINUTES = 90; // the server's default (scheduling/SchedulingRoutes.java)
const MIN_MINUTES = 15;
const MAX_MINUTES = 480;
const MAX_SLOTS = 100; // per request

/** round: the round; centers: a centerDirectory() that knows the round's centers; ctx: the view's. */
export function roundSchedule({ round, centers, ctx }) {
  const url = `/api/rounds/${encodeURIComponent(round.id)}`;
  const coordinator = ctx.isCoordinator;
  const roles = (ctx.me && ctx.me.roles) || [];
  // A closed round is shown as it was; nothing is proposed, answered or planned any more.
  const active = round.status !== 'closed';
  const answers = roles.includes('staff') || roles.includes('facilitator');
  const state = { slots: null, pairs: [] };

  const sessions = sessionList({ round, centers, ctx, pairs: () => state.pairs });
  const availability = answers ? availabilitySection() : null;
  const slotsPart = coordinator ? slotsSection() : null;
  const gridPart = coordinator ? availabilityGrid({ url, pairName }) : null;
  const hostsPart = coordinator ? hostsSection() : null;
  const planPart = coordinator && active ? planSection() : null;
  const progress = coordinator && active ? roundProgress({ url, pairName }) : null;

  // Two parts the round page shows under their own addresses (#16): dates and answers, sessions.
  const answersEl = h('div', { class: 'schedule' },
    coordinator ? jumpLinks([[slotsPart, 'slots-title', 'slots.title'], [gridPart, 'grid-title', 'grid.title'],
      [hostsPart, 'hosts-title', 'hosts.title'], [planPart, 'plan-title', 'plan.title']]) : null,
    progress ? progress.el : null,
    availability ? availability.el : null,
    slotsPart ? slotsPart.el : null,
    gridPart ? gridPart.el : null,
    hostsPart ? hostsPart.el : null,
    planPart ? planPart.el : null);
  const sessionsEl = h('div', { class: 'schedule' }, sessions.el);

  async function loadSlots() {
    if (availability) availability.loading();
    if (slotsPart) slotsPart.loading();
    // The grid has its own request, alongside; it follows the times, so a newly proposed one shows up there too.
    if (gridPart) gridPart.load();
    try {
      state.slots = (await api.get(`${url}/slots`)).slots || [];
    } catch (err) {
      if (availability) availability.failed(err);
      if (slotsPart) slotsPart.failed(err);
      return;
    }
    if (availability) availability.draw();
    if (slotsPart) slotsPart.draw();
  }

  /** board: the pairing board already loaded above (its pairs name the unplaced pairs). */
  async function load(board) {
    state.pairs = (board && board.pairs) || [];
    await Promise.all([loadSlots(), hostsPart ? hostsPart.load() : null, sessions.load(), progress ? progress.load() : null]);
  }

  /** "ペア 3：名取市中央公民館 – 松江市中央公民館" for a pair id of this round. */
  function pairName(pairId) {
    const index = state.pairs.findIndex((p) => String(p.id) === String(pairId));
    if (index < 0) return t('plan.unknownPair', { id: pairId });
    const pair = state.pairs[index];
    return t('plan.pairName', {
      pair: t(pair.centerIds.length === 3 ? 'board.trioN' : 'board.pairN', { n: index + 1 }),
      names: groupName(pair.centerIds, centers),
    });
  }

  // ---- availability: one row per candidate time, three big buttons ----

  function availabilitySection() {
    const content = h('div', {}, loading());
    const count = h('p', { class: 'count' });
    // One polite live region for the whole list: "saved" is heard without moving focus.
    const live = h('p', { class: 'vh', role: 'status' });
    // The title and the count, then the times: what to do is said by the title and the buttons; the
    // lead goes after the list with how saving works, so the first answer is on the first screen at
    // 200 % text on a phone (#16).
    const section = h('section', { class: 'section availability', 'aria-labelledby': 'availability-title' },
      h('h2', { id: 'availability-title', text: t('availability.title') }),
      active ? null : h('p', { class: 'lead', text: t('availability.closed') }),
      count, live, content);

    function myCenterPaired() {
      if (!roles.includes('staff') || roles.includes('facilitator') || coordinator) return true;
      const mine = ctx.me.centerId;
      if (mine === null || mine === undefined) return false;
      // Without a board (it failed to load) the server decides, and says so if not.
      return !state.pairs.length || state.pairs.some((p) => p.centerIds.some((id) => String(id) === String(mine)));
    }

    // Times already begun cannot be answered usefully: they are listed, folded, after the others.
    const ahead = (slots) => slots.filter((x) => new Date(x.startsAt).getTime() > Date.now());

    function updateCount() {
      const slots = active && myCenterPaired() ? ahead(state.slots || []) : state.slots || [];
      const answered = slots.filter((s) => s.myAnswer).length;
      clear(count, slots.length ? t('availability.count', { answered: formatNumber(answered), total: formatNumber(slots.length) }) : '');
      count.hidden = !slots.length;
    }

    function draw() {
      const slots = state.slots || [];
      updateCount();
      if (!slots.length) {
        clear(content, h('p', { class: 'empty', text: t('availability.empty') }));
        return;
      }
      if (!myCenterPaired()) {
        clear(content, notice('info', t('availability.notPaired')), slotList(slots));
        return;
      }
      if (!active) {
        clear(content, slotList(slots, true));
        return;
      }
      // How to answer and how saving works come after the list, so the first answer is within reach at large text (#16).
      const open = ahead(slots);
      const past = slots.filter((x) => !open.includes(x));
      clear(content,
        open.length ? h('ol', { class: 'answer-list' }, open.map(answerRow)) : h('p', { class: 'empty', text: t('availability.noneAhead') }),
        open.length ? h('p', { class: 'hint', text: `${t('availability.lead')} ${t('availability.savedHint')}` }) : null,
        past.length ? h('details', { class: 'columns past-slots' }, h('summary', { text: tn('availability.pastSlots', past.length) }),
          slotList(past, true)) : null);
    }

    function answerRow(slot) {
      const titleId = `slot-${slot.id}-title`;
      const span = formatSpan(slot.startsAt, slot.endsAt);
      const note = h('div', { class: 'answer-note', hidden: true });
      const row = h('li', { class: ['answer-row', slot.myAnswer ? 'is-answered' : null] });
      const buttons = ANSWERS.map((answer) => h('button', {
        type: 'button', class: ['answer-btn', `answer-${answer}`], 'data-answer': answer, 'aria-pressed': String(slot.myAnswer === answer),
      },
      h('span', { class: 'answer-mark', 'aria-hidden': 'true', text: MARKS[answer] }),
      h('span', { class: 'answer-text', text: t(`availability.answer.${answer}`) })));
      const group = h('div', { class: 'answer-buttons', role: 'group', 'aria-labelledby': titleId }, buttons);
      let pending = false;

      const press = (value) => buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.answer === value)));

      buttons.forEach((button) => button.addEventListener('click', async () => {
        const answer = button.dataset.answer;
        if (pending || slot.myAnswer === answer) return;
        pending = true;
        const previous = slot.myAnswer;
        press(answer); // shown at once; put back if the server refuses
        group.setAttribute('aria-busy', 'true');
        note.hidden = false;
        note.className = 'answer-note';
        clear(note, h('span', { text: t('availability.saving') }));
        try {
          await api.put(`/api/slots/${encodeURIComponent(slot.id)}/availability`, { answer });
          slot.myAnswer = answer;
          row.classList.add('is-answered');
          clear(note, h('span', { text: t('availability.saved', { answer: t(`availability.answer.${answer}`) }) }));
          clear(live, t('availability.savedFor', { time: span, answer: t(`availability.answer.${answer}`) }));
        } catch (err) {
          press(previous);
          note.className = 'answer-note is-error';
          clear(note, h('p', { role: 'alert' },
            h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }),
            answerError(err)));
        } finally {
          pending = false;
          group.removeAttribute('aria-busy');
          updateCount();
        }
      }));

      // append() skips the missing holiday line (Element.append would write "null").
      append(row, h('h3', { class: 'slot-time', id: titleId, text: span }),
        // A national holiday is said on staff's own list too, as on the coordinator's grid (#16).
        slot.holiday ? h('p', {}, h('span', { class: 'tag tag-holiday', text: t('grid.holiday', { name: slot.holiday }) })) : null,
        group, note);
      return row;
    }

    function answerError(err) {
      if (err instanceof ApiError && err.status === 403) return t('availability.forbidden');
      if (err instanceof ApiError && err.status === 404) return t('availability.slotGone');
      return describeError(err);
    }

    return {
      el: section,
      draw,
      loading: () => clear(content, loading()),
      failed: (err) => clear(content, errorBox(err, loadSlots)),
    };
  }

  /** The candidate times as a plain list (the coordinator's view, or when answering is not possible). */
  function slotList(slots, withAnswer = false, onDelete = null) {
    return h('ol', { class: 'plain-list slot-list' }, slots.map((s) => h('li', {},
      h('span', { class: 'strong', text: formatSpan(s.startsAt, s.endsAt) }),
      h('span', { class: 'muted', text: ` ${t('slots.minutes', { minutes: formatNumber(minutesBetween(s.startsAt, s.endsAt)) })}` }),
      withAnswer && s.myAnswer ? h('span', { class: 'tag tag-answer', text: `${MARKS[s.myAnswer]} ${t(`availability.answer.${s.myAnswer}`)}` }) : null,
      onDelete ? [' ', h('button', { type: 'button', class: 'btn btn-danger-outline btn-small',
        text: t('slots.delete'), 'aria-label': t('slots.deleteLabel', { when: formatSpan(s.startsAt, s.endsAt) }),
        onclick: () => onDelete(s) })] : null)));
  }

  // Deleting a candidate time (coordinator): the answers given to it go with it; planned sessions keep their times.
  async function deleteSlot(slot, result) {
    const ok = await confirmDialog({
      title: t('slots.deleteTitle'),
      message: t('slots.deleteMessage', { when: formatSpan(slot.startsAt, slot.endsAt) }),
      confirmLabel: t('slots.deleteConfirm'),
      danger: true,
    });
    if (!ok) return;
    try {
      const res = await api.del(`/api/slots/${slot.id}`);
      clear(result, notice('success', tn('slots.deleted', res.answersRemoved || 0)));
      await loadSlots();
    } catch (err) {
      clear(result, errorBox(err));
    }
  }

  // ---- candidate times (coordinator) ----

  function slotsSection() {
    const content = h('div', {}, loading());
    const result = h('div', {});
    const section = h('section', { class: 'section', 'aria-labelledby': 'slots-title' },
      h('h2', { id: 'slots-title', text: t('slots.title') }),
      h('p', { class: 'lead', text: t('slots.lead') }),
      content,
      active ? proposeForm(result) : null,
      result);

    function draw() {
      const slots = state.slots || [];
      clear(content,
        slots.length
          ? [h('h3', { text: tn('slots.listTitle', slots.length) }), slotList(slots, false, active ? (slot) => deleteSlot(slot, result) : null)]
          : h('p', { class: 'empty', text: t('slots.empty') }));
    }

    return {
      el: section,
      draw,
      loading: () => clear(content, loading()),
      failed: (err) => clear(content, errorBox(err, loadSlots)),
    };
  }

  function proposeForm(result) {
    const rows = [];
    const fields = {}; // rebuilt from the rows before errors are shown: "[0].date", "[0].startsAt", …
    const list = h('ol', { class: 'slot-rows' });
    const add = h('button', { type: 'button', class: 'btn btn-secondary', text: t('slots.addRow') });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('slots.submit') });
    const form = h('form', { class: 'form form-wide slot-form', novalidate: true, 'aria-labelledby': 'slots-form-title' },
      h('h3', { id: 'slots-form-title', text: t('slots.formTitle') }),
      h('p', { class: 'hint', text: zoneHint() }),
      h('p', { class: 'hint', text: t('slots.durationHint', { min: MIN_MINUTES, max: MAX_MINUTES, default: DEFAULT_MINUTES }) }),
      list,
      h('div', { class: 'row-actions' }, add),
      h('div', { class: 'actions' }, submit));
    const errors = formErrors(form, fields);
    let key = idempotencyKey();
    let serial = 0;

    /** The label of a field in the error summary, with its row: "候補 2 – 開始時刻". */
    const labelled = (f, row) => ({
      get label() { return t('slots.fieldOfRow', { row: t('slots.rowN', { n: rows.indexOf(row) + 1 }), field: f.label }); },
      input: f.input, el: f.el, setError: f.setError, focus: f.focus,
    });

    function addRow(values = {}) {
      serial += 1;
      const date = field({ name: `slot-date-${serial}`, label: t('slots.date'), type: 'date', value: values.date || '', required: true });
      const time = field({ name: `slot-time-${serial}`, label: t('slots.time'), type: 'time', value: values.time || '19:00', required: true,
        attrs: { step: 300 } });
      const minutes = field({ name: `slot-minutes-${serial}`, label: t('slots.duration'), type: 'number',
        value: String(values.minutes || DEFAULT_MINUTES),
        attrs: { min: MIN_MINUTES, max: MAX_MINUTES, step: 5, inputmode: 'numeric' } });
      const legend = h('legend', {});
      const remove = h('button', { type: 'button', class: 'btn btn-danger-outline btn-small', text: t('slots.removeRow') });
      const row = { date, time, minutes, legend, remove };
      row.el = h('li', {}, h('fieldset', { class: 'slot-row' }, legend,
        h('div', { class: 'slot-row-fields' }, date.el, time.el, minutes.el),
        h('div', { class: 'row-actions' }, remove)));
      remove.addEventListener('click', () => {
        const i = rows.indexOf(row);
        rows.splice(i, 1);
        row.el.remove();
        renumber();
        const next = rows[Math.min(i, rows.length - 1)];
        next.date.focus();
      });
      rows.push(row);
      list.append(row.el);
      renumber();
      return row;
    }

    function renumber() {
      rows.forEach((row, i) => {
        const name = t('slots.rowN', { n: i + 1 });
        row.legend.textContent = name;
        row.remove.hidden = rows.length === 1;
        row.remove.setAttribute('aria-label', `${t('slots.removeRow')}: ${name}`);
      });
      add.hidden = rows.length >= MAX_SLOTS;
      for (const k of Object.keys(fields)) delete fields[k];
      rows.forEach((row, i) => {
        fields[`[${i}].date`] = labelled(row.date, row);
        fields[`[${i}].startsAt`] = labelled(row.time, row);
        fields[`[${i}].durationMinutes`] = labelled(row.minutes, row);
      });
    }

    add.addEventListener('click', () => {
      const last = rows[rows.length - 1];
      const row = addRow(last ? {
        date: last.date.value ? addDays(last.date.value, 1) : '', time: last.time.value, minutes: last.minutes.value,
      } : {});
      row.date.focus();
    });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clear(result);
      const problems = [];
      const body = [];
      const seen = new Map();
      rows.forEach((row, i) => {
        const minutes = Number(row.minutes.value);
        if (!row.date.value) problems.push({ field: `[${i}].date`, message: t('slots.error.date') });
        if (!row.time.value) problems.push({ field: `[${i}].startsAt`, message: t('slots.error.time') });
        if (!Number.isInteger(minutes) || minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
          problems.push({ field: `[${i}].durationMinutes`, message: t('form.error.range', { min: MIN_MINUTES, max: MAX_MINUTES }) });
        }
        if (!row.date.value || !row.time.value) return;
        const startsAt = localIso(row.date.value, row.time.value);
        if (!startsAt) {
          problems.push({ field: `[${i}].date`, message: t('slots.error.noSuchDay') });
          return;
        }
        const same = `${new Date(startsAt).getTime()}/${minutes}`;
        if (seen.has(same)) {
          problems.push({ field: `[${i}].startsAt`, message: t('slots.error.duplicate', { row: t('slots.rowN', { n: seen.get(same) + 1 }) }) });
        } else {
          seen.set(same, i);
        }
        body.push({ startsAt, durationMinutes: minutes });
      });
      if (problems.length) {
        errors.show(problems);
        return;
      }
      errors.clear();
      try {
        const known = new Set((state.slots || []).map((s) => String(s.id)));
        const created = await busy(submit, () => api.post(`${url}/slots`, body, { headers: { 'Idempotency-Key': key } }));
        key = idempotencyKey();
        // A time already proposed comes back as the slot it already is: said as such, not counted as added (#16).
        const returned = created && created.slots ? created.slots : [];
        const again = returned.filter((s) => known.has(String(s.id)));
        const count = returned.length ? returned.length - again.length : body.length;
        // A fresh form, starting the day after the last time just added.
        const last = rows[rows.length - 1];
        const next = { date: addDays(last.date.value, 1), time: last.time.value, minutes: last.minutes.value };
        rows.splice(0).forEach((row) => row.el.remove());
        addRow(next);
        const message = notice(count ? 'success' : 'info', count ? tn('slots.added', count) : null,
          again.length ? h('p', {}, tn('slots.alreadyProposed', again.length),
            h('span', { class: 'block', text: again.map((s) => formatSpan(s.startsAt, s.endsAt)).join(t('common.listSep')) })) : null);
        clear(result, message);
        focusOn(message);
        await loadSlots();
        if (progress) progress.load();
      } catch (err) {
        if (!(err instanceof NetworkError)) key = idempotencyKey();
        if (err instanceof ApiError && err.problems && err.problems.length) {
          errors.show(err.problems.map((p) => ({ field: p.field, message: slotProblem(p) })));
        } else {
          errors.showError(err);
        }
      }
    });

    addRow();
    return form;
  }

  /** The server's problem with a proposed time in the viewer's language ("[0].startsAt", "required"). */
  function slotProblem(p) {
    const name = String(p.field || '');
    if (name.endsWith('.durationMinutes')) return t('form.error.range', { min: MIN_MINUTES, max: MAX_MINUTES });
    if (name.endsWith('.startsAt') && p.code === 'required') return t('slots.error.time');
    if (name === 'slots') return t('slots.error.count', { max: MAX_SLOTS });
    return localizeProblem(p.message);
  }

  // ---- Zoom host licences (coordinator; shared by every round) ----

  function hostsSection() {
    const content = h('div', {}, loading());
    const result = h('div', {});
    const section = h('section', { class: 'section', 'aria-labelledby': 'hosts-title' },
      h('h2', { id: 'hosts-title', text: t('hosts.title') }),
      h('p', { class: 'lead', text: t('hosts.lead') }),
      content,
      hostForm(result),
      result);

    async function load() {
      clear(content, loading());
      let hosts;
      try {
        hosts = (await api.get('/api/hosts')).hosts || [];
      } catch (err) {
        clear(content, errorBox(err, load));
        return;
      }
      clear(content, hosts.length
        ? [h('h3', { text: tn('hosts.listTitle', hosts.length) }),
          h('ul', { class: 'plain-list host-list' }, hosts.map((host) => h('li', {},
            h('span', { class: 'strong', text: host.name }),
            host.zoomUserId ? h('span', { class: 'muted block break', text: t('hosts.zoomUser', { id: host.zoomUserId }) }) : null)))]
        : h('p', { class: 'empty', text: t('hosts.empty') }));
    }

    function hostForm(out) {
      const fields = {
        name: field({ name: 'host-name', label: t('hosts.name'), required: true, hint: t('hosts.nameHint'), attrs: { maxlength: 200 } }),
        zoomUserId: field({ name: 'host-zoom', label: t('hosts.zoomUserId'), hint: t('hosts.zoomUserIdHint'),
          attrs: { maxlength: 200, autocapitalize: 'none', spellcheck: 'false' } }),
      };
      const submit = h('button', { type: 'submit', class: 'btn btn-primary', text: t('hosts.submit') });
      const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': 'hosts-form-title' },
        h('h3', { id: 'hosts-form-title', text: t('hosts.formTitle') }),
        fields.name.el, fields.zoomUserId.el, h('div', { class: 'actions' }, submit));
      const errors = formErrors(form, fields);
      let key = idempotencyKey();
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clear(out);
        if (!fields.name.value) {
          errors.show([{ field: 'name', message: t('form.error.required') }]);
          return;
        }
        errors.clear();
        const body = { name: fields.name.value };
        if (fields.zoomUserId.value) body.zoomUserId = fields.zoomUserId.value;
        try {
          const host = await busy(submit, () => api.post('/api/hosts', body, { headers: { 'Idempotency-Key': key } }));
          key = idempotencyKey();
          fields.name.input.value = '';
          fields.zoomUserId.input.value = '';
          const message = notice('success', t('hosts.added', { name: host && host.name ? host.name : body.name }));
          clear(out, message);
          focusOn(message);
          await load();
          if (progress) progress.load();
        } catch (err) {
          if (!(err instanceof NetworkError)) key = idempotencyKey();
          errors.showError(err);
        }
      });
      return form;
    }

    return { el: section, load };
  }

  /**
   * The coordinator's dates-and-answers part is several screens long (the still-to-do list, the times, every
   * pair's answers, the licences) and "plan the sessions" comes last: one tap to each section, its heading
   * focused (a keyboard or screen reader lands there too).
   */
  function jumpLinks(items) {
    const present = items.filter(([part]) => part);
    if (!present.length) return null;
    return h('nav', { class: 'jump-links', 'aria-label': t('schedule.jumpTitle') }, h('ul', {}, present.map(([, id, key]) => h('li', {},
      // The arrow says "further down this page"; the name stays the section's (not the action's button).
      h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', 'data-jump': id,
        onClick: () => {
          const target = document.getElementById(id);
          if (!target) return;
          target.scrollIntoView({ block: 'start' });
          focusOn(target);
        },
      }, h('span', { 'aria-hidden': 'true', text: '↓' }), t(key))))));
  }

  // ---- planning (coordinator) ----

  function planSection() {
    const result = h('div', { class: 'plan-result' });
    const button = h('button', { type: 'button', class: 'btn btn-primary', text: t('plan.run') });
    const section = h('section', { class: 'section', 'aria-labelledby': 'plan-title' },
      h('h2', { id: 'plan-title', text: t('plan.title') }),
      h('div', { class: 'panel plan-panel' },
        h('p', { text: t('plan.lead') }),
        h('p', { class: 'hint', text: t('plan.replanHint') }),
        h('div', { class: 'actions' }, button),
        result));

    button.addEventListener('click', async () => {
      if (sessions.count() > 0) {
        // What re-planning would change is shown before anything is replaced or e-mailed (#16).
        const preview = progress ? await busy(button, () => progress.replanText().catch(() => null)) : null;
        const ok = await confirmDialog({
          title: t('plan.confirmTitle'), message: preview ? `${preview} ${t('plan.confirmBody')}` : t('plan.confirmBody'), confirmLabel: t('plan.confirm'),
        });
        if (!ok) return;
      }
      clear(result, h('p', { class: 'loading', role: 'status', text: t('plan.running') }));
      let plan;
      try {
        plan = await busy(button, () => api.post(`${url}/schedule`));
      } catch (err) {
        const box = notice('error', h('p', { text: planError(err) }), serverDetail(err));
        clear(result, box);
        focusOn(box);
        return;
      }
      const box = planSummary(plan);
      clear(result, box);
      focusOn(box);
      sessions.show(plan.sessions || []);
      if (progress) progress.load();
    });

    return { el: section };
  }

  function planError(err) {
    if (err instanceof ApiError) {
      if (err.code === 'pairs_not_published') return t('plan.error.pairs_not_published');
      if (err.code === 'no_hosts') return t('plan.error.no_hosts');
      if (err.status === 409 && (err.code === 'busy' || err.code === 'overlap')) return t('plan.error.busy');
      if (err.code === 'request_in_progress') return t('plan.error.busy');
    }
    return describeError(err);
  }

  function planSummary(plan) {
    const planned = (plan.sessions || []).filter((s) => s.status !== 'cancelled').length;
    const unplaced = plan.unplaced || [];
    const percent = new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 1 });
    return h('div', { class: 'notice notice-success', role: 'status' },
      h('h3', { text: tn('plan.planned', planned) }),
      h('p', { class: 'strong', text: t('plan.participants', {
        participants: formatNumber(plan.participants ?? 0),
        bound: formatNumber(plan.bound ?? 0),
        gap: percent.format(plan.gapPercent ?? 0),
      }) }),
      h('p', { class: 'hint', text: t('plan.boundHint') }),
      unplaced.length
        ? [h('h3', { text: tn('plan.unplacedTitle', unplaced.length) }),
          h('ul', { class: 'unplaced-list' }, unplaced.map((u) => h('li', {},
            h('span', { class: 'strong block', text: pairName(u.pairId) }),
            h('span', { text: UNPLACED.has(u.reason) ? t(`plan.reason.${u.reason}`) : u.reason }))))]
        : h('p', { text: t('plan.allPlaced') }));
  }

  return { answersEl, sessionsEl, load, sessionCount: () => sessions.count() };
}
