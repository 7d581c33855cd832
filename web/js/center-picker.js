// Choosing the centers of a round: search the directory by name, city or prefecture, tick the
// ones that take part, "select all shown". The choice is kept across searches and pages; the
// chosen centers can be reviewed (and unticked) in a list of their own.
//
// It lives inside a <form>, so it has no form of its own: Enter in its search box searches
// instead of submitting the surrounding form.

import { h, clear, uid } from './dom.js';
import { t, tn, formatNumber } from './i18n.js';
import { api } from './api.js';
import { loading, errorBox, pager } from './ui.js';
import { placeOf } from './round-common.js';

const LIMIT = 50;

/**
 * initial: ids already chosen; known(id): the center for an id, if already looked up (to name
 * the chosen ones before they turn up in a search). Same interface as the fields of ui.js:
 * {name, label, el, value, setError, focus}.
 */
export function centerPicker({ name = 'centerIds', legend, hint, initial = [], known = () => null }) {
  const id = uid('picker');
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const chosen = new Map(); // id → center (or null until seen)
  for (const cid of initial) chosen.set(String(cid), known(cid));
  let q = '';
  let offset = 0;
  let shown = [];

  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const chosenCount = h('p', { class: 'picker-count', 'aria-live': 'polite' });
  const searchInput = h('input', { type: 'search', id: `${id}-q`, autocomplete: 'off', 'aria-describedby': `${id}-q-hint` });
  const searchButton = h('button', { type: 'button', class: 'btn btn-secondary', text: t('common.search'), onClick: () => search() });
  const resultCount = h('p', { class: 'muted', 'aria-live': 'polite' });
  const results = h('div', { class: 'picker-results' });
  const selectShown = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('picker.selectShown'),
    onClick: () => setShown(true) });
  const clearShown = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('picker.clearShown'),
    onClick: () => setShown(false) });
  const chosenList = h('div', {});
  const chosenSummary = h('summary', {});
  const chosenDetails = h('details', { class: 'picker-chosen' }, chosenSummary, chosenList);
  chosenDetails.addEventListener('toggle', () => { if (chosenDetails.open) renderChosen(); });

  searchInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      search();
    }
  });

  const fieldset = h('fieldset', { class: 'field choices picker', id, 'aria-describedby': hint ? hintId : null },
    h('legend', { text: legend }),
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null,
    error,
    chosenCount,
    h('div', { class: 'picker-search' },
      h('div', { class: 'field' },
        h('label', { for: searchInput.id }, h('span', { class: 'label-text', text: t('picker.search') })),
        h('p', { class: 'hint', id: `${id}-q-hint`, text: t('picker.searchHint') }),
        searchInput),
      searchButton),
    resultCount,
    h('div', { class: 'row-actions' }, selectShown, clearShown),
    results,
    chosenDetails);

  /** rerenderChosen false: a change made in the list of chosen centers itself (keeps its rows and focus). */
  function updateCount(rerenderChosen = true) {
    clear(chosenCount, tn('picker.chosenCount', chosen.size));
    chosenSummary.textContent = t('picker.chosenList', { count: formatNumber(chosen.size) });
    if (rerenderChosen && chosenDetails.open) renderChosen();
  }

  function toggle(center, on, rerenderChosen = true) {
    if (on) chosen.set(String(center.id), center);
    else chosen.delete(String(center.id));
    updateCount(rerenderChosen);
  }

  function row(center, checked, onChange) {
    const input = h('input', { type: 'checkbox', id: uid(`${id}-c`), value: String(center.id), checked });
    input.addEventListener('change', () => onChange(input.checked));
    return h('li', {}, h('label', { class: 'choice', for: input.id }, input,
      h('span', {},
        h('span', { class: 'strong', text: center.name }), ' ',
        h('span', { class: 'muted', text: placeOf(center) }))));
  }

  function renderResults() {
    selectShown.disabled = !shown.length;
    clearShown.disabled = !shown.length;
    if (!shown.length) {
      clear(results, h('p', { class: 'empty', text: q ? t('centers.noMatch') : t('centers.empty') }));
      return;
    }
    clear(results, h('ul', { class: 'picker-list', 'aria-label': t('picker.resultsLabel') },
      shown.map((c) => row(c, chosen.has(String(c.id)), (on) => toggle(c, on)))));
  }

  function renderChosen() {
    const list = [...chosen].map(([cid, c]) => c || { id: cid, name: t('round.unknownCenter', { id: cid }) });
    if (!list.length) {
      clear(chosenList, h('p', { class: 'muted', text: t('picker.noneChosen') }));
      return;
    }
    clear(chosenList, h('ul', { class: 'picker-list' }, list.map((c) => row(c, true, (on) => {
      // An unticked row stays until the list is opened again, so it can be ticked back.
      toggle(c, on, false);
      const box = results.querySelector(`input[value="${CSS.escape(String(c.id))}"]`);
      if (box) box.checked = on;
    }))));
  }

  function setShown(on) {
    for (const c of shown) {
      if (on) chosen.set(String(c.id), c);
      else chosen.delete(String(c.id));
    }
    results.querySelectorAll('input[type="checkbox"]').forEach((box) => { box.checked = on; });
    updateCount();
  }

  async function load(focusAfter = false) {
    clear(results, loading());
    clear(resultCount);
    let page;
    try {
      page = await api.get('/api/centers', { q, limit: LIMIT, offset });
    } catch (err) {
      shown = [];
      clear(results, errorBox(err, () => load()));
      return;
    }
    shown = page.centers;
    for (const c of shown) if (chosen.has(String(c.id))) chosen.set(String(c.id), c);
    clear(resultCount, q ? tn('centers.countMatching', page.total, { q }) : tn('centers.count', page.total));
    renderResults();
    const paging = pager({
      offset, limit: LIMIT, total: page.total, shown: shown.length,
      onPage: (next) => { offset = next; load(true); },
    });
    if (paging) results.append(paging);
    if (focusAfter) results.querySelector('input')?.focus();
  }

  function search() {
    q = searchInput.value.trim();
    offset = 0;
    load();
  }

  updateCount();
  load();

  return {
    name,
    label: legend,
    el: fieldset,
    get value() {
      return [...chosen.keys()].map(Number);
    },
    setError(message) {
      error.hidden = !message;
      clear(error, message ? h('span', { class: 'vh', text: `${t('form.errorPrefix')} ` }) : null, message || '');
      fieldset.classList.toggle('has-error', Boolean(message));
      fieldset.setAttribute('aria-describedby', [hint ? hintId : null, message ? errorId : null].filter(Boolean).join(' '));
    },
    focus() {
      searchInput.focus();
    },
  };
}
