// Writing one's center's case (#/sessions/{id}/cases/{centerId}/edit; README, "Case studies"): saved as
// one types (case-autosave.js keeps the text on the device and sends it again when the connection is
// back), the save state in words, files once the case exists, and the conflict view when someone else
// saved in between: both texts, and the choice to keep mine, take theirs or merge by hand.

import { h, append, clear, focusOn } from '../dom.js';
import { t, tn, formatNumber, intlLocale } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { heading, loading, errorBox, notice, field, choiceGroup, describeError, localizeProblem, busy } from '../ui.js';
import { formatInstant } from '../time.js';
import { autosave, draftKey, readDraft, dropDraft, sameFields, merge3 } from '../case-autosave.js';
import { caseStyles, sectionLabel, topicLabel } from '../case-common.js';
import { files } from './case.js';

const enc = encodeURIComponent;
const MAX_SUMMARY = 400;
/** "19:21": when the last save went through, short enough for the save bar on a phone. */
const clock = (date) => new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit' }).format(date);

/** A case as the server has it, in the shape the editor sends (empty sections left out, text trimmed). */
export function fieldsOf(c) {
  if (!c) return { title: '', summary: '', sections: {}, presenters: [], minutes: null, topics: [] };
  return normalise({
    title: c.title, summary: c.summary, sections: c.sections || {},
    presenters: (c.presenters || []).map((p) => (typeof p === 'object' ? p.id : p)),
    minutes: c.minutes ?? null, topics: c.topics || [],
  });
}

function normalise(f) {
  const sections = {};
  for (const [k, v] of Object.entries(f.sections || {})) {
    const text = String(v ?? '').trim();
    if (text) sections[k] = text;
  }
  return {
    title: String(f.title ?? '').trim(), summary: String(f.summary ?? '').trim(), sections,
    presenters: (f.presenters || []).map(Number), minutes: f.minutes === '' || f.minutes === null || f.minutes === undefined ? null : Number(f.minutes),
    topics: [...(f.topics || [])],
  };
}

export async function render(root, ctx) {
  await caseStyles();
  const sessionId = ctx.params.id;
  const centerId = ctx.params.centerId;
  const body = h('div', {}, loading());
  append(root, h('p', { class: 'back' }, h('a', { href: `#/sessions/${enc(sessionId)}/cases`, text: t('caseSession.back') })),
    heading(t('caseEditor.title')), body);
  ctx.setTitle(t('caseEditor.title'));
  let data;
  try {
    data = await api.get(`/api/sessions/${enc(sessionId)}/cases`);
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  const center = (data.centers || []).find((c) => String(c.id) === String(centerId));
  if (!center || !center.canEdit) {
    clear(body, notice('error', t(center ? 'caseEditor.notYours' : 'error.notFound')));
    return;
  }
  const key = draftKey(sessionId, centerId, ctx.me.id);
  const server = center.case;
  const local = readDraft(key);
  const serverFields = fieldsOf(server);
  const serverVersion = server ? server.version : 0;
  if (local && sameFields(normalise(local.fields), serverFields)) dropDraft(key);
  const kept = local && !sameFields(normalise(local.fields), serverFields) ? local : null;
  if (kept && kept.version !== serverVersion) {
    // Written on this device from an older version, and someone saved since.
    resolve({ body, ctx, data, center, key, theirs: server, yours: normalise(kept.fields),
      base: kept.base ? normalise(kept.base) : null, reason: 'device', seen: { at: kept.at } });
    return;
  }
  editor({ body, ctx, data, center, key, start: kept ? normalise(kept.fields) : serverFields, version: serverVersion,
    saved: serverFields, restored: Boolean(kept) });
}

/** The form itself. start: the fields to show; saved: what the server has at `version`. */
function editor({ body, ctx, data, center, key, start, version, saved, restored, merging, combinedWith, submittedAt }) {
  const sessionId = data.sessionId;
  let theCase = center.case;
  const state = h('p', { class: 'save-state', id: 'case-save-state', role: 'status', 'aria-live': 'polite', 'data-state': 'saved' });
  const retry = h('button', { type: 'button', class: 'btn btn-secondary btn-small', hidden: true, text: t('caseEditor.retryNow') });
  const problems = h('div', { 'aria-live': 'assertive' });

  const title = field({ name: 'title', label: t('caseEditor.field.title'), value: start.title, attrs: { maxlength: 200, autocomplete: 'off' } });
  const summary = field({ name: 'summary', label: t('caseEditor.field.summary'), kind: 'textarea', value: start.summary,
    hint: t('caseEditor.summaryHint', { max: formatNumber(MAX_SUMMARY) }), attrs: { maxlength: MAX_SUMMARY, rows: 4 } });
  const counter = h('p', { class: 'hint char-count', 'aria-live': 'off' });
  const count = () => counter.replaceChildren(t('caseEditor.count', { count: formatNumber([...summary.input.value].length), max: formatNumber(MAX_SUMMARY) }));
  count();
  const sectionFields = (data.template.sections || []).map((s) => ({
    key: s.key,
    f: field({ name: `section-${s.key}`, label: sectionLabel(s.key, data.template), kind: 'textarea',
      value: (start.sections || {})[s.key] || '', attrs: { maxlength: 5000, rows: 6 } }),
  }));
  const presenters = (data.staff || []).length ? choiceGroup({ name: 'presenters', legend: t('caseEditor.field.presenters'),
    choices: data.staff.map((p) => ({ value: String(p.id), label: p.name })), value: (start.presenters || []).map(String),
    hint: t('caseEditor.presentersHint') }) : null;
  const minutes = field({ name: 'minutes', label: t('caseEditor.field.minutes'), type: 'number',
    value: start.minutes === null || start.minutes === undefined ? '' : String(start.minutes),
    hint: t('caseEditor.minutesHint'), attrs: { min: 1, max: 180, step: 1, inputmode: 'numeric' } });
  const topics = (data.topics || []).length ? choiceGroup({ name: 'topics', legend: t('caseEditor.field.topics'),
    choices: data.topics.map((x) => ({ value: x.key, label: topicLabel(x.key, data.topics) })), value: start.topics || [] }) : null;
  const byName = { title, summary, minutes, presenters, topics };
  sectionFields.forEach(({ key: k, f }) => { byName[`sections.${k}`] = f; });

  const read = () => normalise({
    title: title.input.value, summary: summary.input.value,
    sections: Object.fromEntries(sectionFields.map(({ key: k, f }) => [k, f.input.value])),
    presenters: presenters ? presenters.value : (start.presenters || []), minutes: minutes.input.value,
    topics: topics ? topics.value : (start.topics || []),
  });

  const show = (name, detail = {}) => {
    state.dataset.state = name;
    retry.hidden = name !== 'failed';
    if (name === 'idle') clear(state, theCase ? t('caseEditor.state.savedBy', { time: formatInstant(theCase.updatedAt), name: theCase.updatedBy || '' }) : t('caseEditor.state.idle'));
    else if (name === 'pending') clear(state, t('caseEditor.state.pending'));
    else if (name === 'saving') clear(state, t('caseEditor.state.saving'));
    else if (name === 'saved') clear(state, detail.at ? t('caseEditor.state.savedAt', { time: clock(detail.at) }) : t('caseEditor.state.saved'));
    else if (name === 'failed') clear(state, t('caseEditor.state.failed'), ' ', h('span', { class: 'hint', text: t('caseEditor.state.kept') }));
    else if (name === 'invalid') {
      clear(state, t('caseEditor.state.invalid'));
      showProblems(detail.error);
    } else if (name === 'conflict') clear(state, t('caseEditor.state.conflict'));
    if (name === 'saved' || name === 'saving') clear(problems);
  };

  function showProblems(err) {
    Object.values(byName).forEach((f) => f && f.setError(null));
    if (err instanceof ApiError && err.problems && err.problems.length) {
      err.problems.forEach((p) => { if (byName[p.field]) byName[p.field].setError(localizeProblem(p.message)); });
    } else if (err instanceof ApiError && err.field && byName[err.field]) {
      byName[err.field].setError(localizeProblem(err.serverMessage));
    }
    clear(problems, notice('error', describeError(err)));
  }

  const saver = autosave({
    key, version, saved,
    alive: () => body.isConnected,
    save: async (fields, v) => {
      const res = await api.put(`/api/sessions/${enc(sessionId)}/cases/${enc(center.id)}`, { ...fields, version: v });
      // Two people creating the case at once: the server keeps the first; the second must see both.
      if (v === 0 && !sameFields(fieldsOf(res), fields)) {
        throw new ApiError(409, { code: 'version_conflict', message: 'created meanwhile' });
      }
      return res;
    },
    onState: (name, detail) => {
      show(name, detail);
      if (name === 'conflict') {
        refetch(sessionId, center.id).then(({ fresh, c }) => resolve({ body, ctx, data: fresh, center: c, key, theirs: c.case,
          yours: detail.yours, base: detail.base, reason: 'save', seen: { status: theCase ? theCase.status : 'draft' } }))
          .catch((err) => clear(problems, errorBox(err, () => ctx.rerender())));
      }
    },
    onSaved: (res) => {
      const first = !theCase;
      theCase = res;
      if (first) drawFiles(); // files can be added once the case exists
      drawActions();
    },
  });
  retry.addEventListener('click', () => saver.now());
  const changed = () => saver.change(read());
  const form = h('form', { class: 'form form-wide case-editor', novalidate: true, onSubmit: (e) => { e.preventDefault(); saver.now(); } },
    title.el, summary.el, counter, sectionFields.map(({ f }) => f.el), presenters ? presenters.el : null, minutes.el,
    topics ? topics.el : null);
  form.addEventListener('input', (e) => {
    if (e.target === summary.input) count();
    changed();
  });
  form.addEventListener('change', changed);
  // Leaving the page: what is typed is already on the device; send it too if we can.
  const leave = () => { if (!body.isConnected) window.removeEventListener('hashchange', leave); else saver.now(); };
  window.addEventListener('hashchange', leave);
  window.addEventListener('pagehide', () => saver.now(), { once: true });

  const filesBox = h('div', {});
  const actionsBox = h('div', {});
  function drawFiles() {
    clear(filesBox, theCase ? files({ ...theCase, canEdit: true, attachments: theCase.attachments || [] }, ctx, (list) => {
      theCase = { ...theCase, attachments: list };
      drawFiles();
    }) : h('p', { class: 'hint', text: t('caseEditor.filesLater') }));
  }
  function drawActions() {
    const status = h('div', { 'aria-live': 'polite' });
    const submit = theCase && theCase.status !== 'submitted' ? h('button', { type: 'button', class: 'btn btn-primary', text: t('cases.submit') }) : null;
    if (submit) {
      submit.addEventListener('click', async () => {
        try {
          await busy(submit, async () => {
            const s = await saver.now();
            if (s !== 'saved') throw new Error('unsaved');
            await api.post(`/api/cases/${enc(theCase.id)}/submit`);
          });
          location.hash = `#/cases/${enc(theCase.id)}`;
        } catch (err) {
          const box = notice('error', err instanceof ApiError ? describeError(err) : t('caseEditor.submitUnsaved'));
          clear(status, box);
          focusOn(box);
        }
      });
    }
    clear(actionsBox, h('div', { class: 'actions' },
      submit,
      theCase ? h('a', { class: 'btn btn-secondary', href: `#/cases/${enc(theCase.id)}`, text: t('caseEditor.view') }) : null),
    submit ? h('p', { class: 'hint', text: t('caseEditor.submitHint') }) : null,
    theCase && theCase.status === 'submitted' ? h('p', { class: 'hint', text: t('caseEditor.submittedHint') }) : null,
    status);
  }
  drawFiles();
  drawActions();

  clear(body,
    h('p', { class: 'lead', text: t('caseEditor.lead', { center: center.name }) }),
    h('p', { class: 'strong', text: t('caseSession.due', { time: formatInstant(data.dueAt) }) }),
    merging ? notice('warning', t('caseEditor.mergingNotice')) : null,
    submittedAt ? notice('info', t('caseEditor.submittedMeanwhile', { time: formatInstant(submittedAt) })) : null,
    combinedWith ? notice('success', t('caseEditor.combined', { name: combinedWith })) : null,
    restored ? notice('warning', t('caseEditor.restored')) : null,
    h('div', { class: 'save-bar' }, state, retry),
    h('p', { class: 'hint', text: t('caseEditor.autosaveHint') }),
    problems,
    form,
    h('section', { class: 'section' }, h('h2', { text: t('cases.files') }), filesBox),
    h('section', { class: 'section' }, actionsBox));
  if (merging) merging(byName);
  show('idle');
  if (restored || merging) changed(); // the text kept on the device (or the merge) goes to the server now
}

async function refetch(sessionId, centerId) {
  const fresh = await api.get(`/api/sessions/${enc(sessionId)}/cases`);
  return { fresh, c: (fresh.centers || []).find((x) => String(x.id) === String(centerId)) };
}

const put = (data, center, fields, version) => api.put(`/api/sessions/${enc(data.sessionId)}/cases/${enc(center.id)}`, { ...fields, version });

/**
 * Someone saved the case after the version this device started from. What only one side changed is
 * combined at once (merge3) and saved; what both changed is shown side by side for the person to choose.
 */
async function resolve(o, depth = 0) {
  const theirs = fieldsOf(o.theirs);
  const { merged, conflicts } = merge3(o.base, o.yours, theirs);
  const who = (o.theirs && o.theirs.updatedBy) || t('caseEditor.conflict.someone');
  // Submitting raises the version without changing the text: then the text is simply saved on top and the
  // person is told the case was submitted, not that someone's changes were combined with theirs.
  const submittedAt = submittedSince(o.theirs, o.seen) ? o.theirs.submittedAt : null;
  const theyChanged = !o.base || !sameFields(o.base, theirs);
  if (conflicts.length) {
    conflictView({ ...o, merged, conflicts, who, submittedAt });
    return;
  }
  try {
    const res = sameFields(merged, theirs) ? o.theirs : await put(o.data, o.center, merged, o.theirs ? o.theirs.version : 0);
    dropDraft(o.key);
    editor({ body: o.body, ctx: o.ctx, data: o.data, center: { ...o.center, case: res }, key: o.key, start: merged,
      version: res.version, saved: merged, restored: false, combinedWith: theyChanged || !submittedAt ? who : null, submittedAt });
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && depth < 3) {
      const { fresh, c } = await refetch(o.data.sessionId, o.center.id);
      await resolve({ ...o, data: fresh, center: c, theirs: c.case }, depth + 1);
      return;
    }
    // The text is still on this device: trying again later picks it up.
    clear(o.body, errorBox(err, () => o.ctx.rerender()));
  }
}

/**
 * Whether the case was submitted after the editor last saw it: seen.status is the status the open editor
 * had; seen.at when the text kept on this device was written (a page closed before it was saved).
 */
function submittedSince(theirs, seen) {
  if (!theirs || theirs.status !== 'submitted' || !theirs.submittedAt || !seen) return false;
  if (seen.status) return seen.status !== 'submitted';
  return Boolean(seen.at) && new Date(theirs.submittedAt).getTime() > new Date(seen.at).getTime();
}

/** The fields both changed, side by side (stacked on a phone), and three choices. */
function conflictView({ body, ctx, data, center, key, theirs, yours, merged, conflicts, who, reason, submittedAt }) {
  const mine = normalise(yours);
  const other = fieldsOf(theirs);
  const sep = t('common.listSep');
  const names = (ids) => ids.map((id) => ((data.staff || []).find((p) => String(p.id) === String(id)) || {}).name || `#${id}`).join(sep);
  const show = (name, f) => {
    if (name.startsWith('sections.')) return f.sections[name.slice('sections.'.length)] || '';
    if (name === 'presenters') return names(f.presenters);
    if (name === 'topics') return f.topics.map((k) => topicLabel(k, data.topics)).join(sep);
    return f[name] ?? '';
  };
  const label = (name) => (name.startsWith('sections.') ? sectionLabel(name.slice('sections.'.length), data.template)
    : t(`caseEditor.field.${name}`));
  const value = (name, f) => (name.startsWith('sections.') ? f.sections[name.slice('sections.'.length)] || '' : f[name]);
  const withChoice = (from) => {
    const out = { ...merged, sections: { ...merged.sections } };
    for (const name of conflicts) {
      const v = value(name, from);
      if (!name.startsWith('sections.')) out[name] = v;
      else if (v) out.sections[name.slice('sections.'.length)] = v;
      else delete out.sections[name.slice('sections.'.length)];
    }
    return out;
  };
  const version = theirs ? theirs.version : 0;
  const keepMine = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'keep-mine', text: t('caseEditor.conflict.keepMine') });
  const takeTheirs = h('button', { type: 'button', class: 'btn btn-secondary', 'data-action': 'take-theirs', text: t('caseEditor.conflict.takeTheirs') });
  const merge = h('button', { type: 'button', class: 'btn btn-secondary', 'data-action': 'merge', text: t('caseEditor.conflict.merge') });
  const status = h('div', { 'aria-live': 'polite' });
  const choose = async (button, fields) => {
    try {
      if (!sameFields(fields, other)) await busy(button, () => put(data, center, fields, version));
      dropDraft(key);
      ctx.rerender();
    } catch (err) {
      clear(status, notice('error', describeError(err)));
    }
  };
  keepMine.addEventListener('click', () => choose(keepMine, withChoice(mine)));
  takeTheirs.addEventListener('click', () => choose(takeTheirs, merged));
  merge.addEventListener('click', () => {
    // The editor shows their text where both changed, with mine under each of those fields to copy from.
    editor({ body, ctx, data, center: { ...center, case: theirs }, key, start: merged, version, saved: other, restored: false,
      merging: (byName) => {
        for (const name of conflicts) {
          const f = byName[name];
          if (!f || !f.el) continue;
          f.el.append(h('div', { class: 'conflict-mine' },
            h('p', { class: 'strong', text: t('caseEditor.conflict.yoursWere') }), h('p', { class: 'prewrap', text: String(show(name, mine)) })));
        }
      } });
    focusOn(body.querySelector('.notice'));
  });
  const box = h('section', { class: 'conflict', id: 'case-conflict', 'aria-labelledby': 'conflict-title' },
    h('h2', { id: 'conflict-title', text: t('caseEditor.conflict.title') }),
    submittedAt ? notice('info', t('caseEditor.submittedMeanwhileConflict', { time: formatInstant(submittedAt) })) : null,
    h('p', { text: t(reason === 'device' ? 'caseEditor.conflict.leadDevice' : 'caseEditor.conflict.lead', {
      name: who, time: theirs && theirs.updatedAt ? formatInstant(theirs.updatedAt) : '' }) }),
    h('p', { class: 'hint', text: tn('caseEditor.conflict.count', conflicts.length) }),
    h('ol', { class: 'conflict-list' }, conflicts.map((name) => h('li', { class: 'conflict-row', 'data-field': name },
      h('h3', { text: label(name) }),
      h('div', { class: 'conflict-pair' },
        h('div', { class: 'conflict-side conflict-side-mine' },
          h('p', { class: 'conflict-who', text: t('caseEditor.conflict.mine') }), h('p', { class: 'prewrap', text: String(show(name, mine)) || t('caseEditor.conflict.empty') })),
        h('div', { class: 'conflict-side conflict-side-theirs' },
          h('p', { class: 'conflict-who', text: t('caseEditor.conflict.theirs', { name: who }) }), h('p', { class: 'prewrap', text: String(show(name, other)) || t('caseEditor.conflict.empty') })))))),
    h('div', { class: 'actions conflict-actions' }, keepMine, takeTheirs, merge),
    h('ul', { class: 'hint conflict-help' },
      h('li', { text: t('caseEditor.conflict.keepMineHelp', { name: who }) }),
      h('li', { text: t('caseEditor.conflict.takeTheirsHelp') }),
      h('li', { text: t('caseEditor.conflict.mergeHelp') })),
    status);
  clear(body, box);
  focusOn(box.querySelector('h2'));
}
