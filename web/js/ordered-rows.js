// A list of rows that one adds, removes and reorders with buttons (large touch targets, the keyboard kept on
// the moved row), each row a fieldset of labelled fields. Each row's fields are registered in the form's
// field map under `${prefix}[i].${part}`, the names the API's 422 gives them (README, the programme and
// case template routes), so formErrors() shows a server problem next to its field. Used by the programme
// editors (programme-steps.js) and the round's case template.

import { h } from './dom.js';
import { t } from './i18n.js';

/** The move and remove buttons' words, the same wherever rows are ordered (each item named for screen readers). */
const BUTTON_TEXT = {
  get up() { return t('progTpl.up'); },
  get down() { return t('progTpl.down'); },
  get remove() { return t('progTpl.remove'); },
  upItem: (item) => t('progTpl.upItem', { item }),
  downItem: (item) => t('progTpl.downItem', { item }),
  removeItem: (item) => t('progTpl.removeItem', { item }),
};

/**
 * prefix: the API's name of the list ("steps", "sections"); fields: the form's field map (filled in here);
 * text: {up, down, remove, upItem(item), downItem(item), removeItem(item)} (the same words everywhere unless given); legendOf(row, i): the row's name
 * ("1. 開会"); aliases: other names of a row's problems and the part they are shown at ({kind: 'ja'}; '' is the
 * row itself, `${prefix}[i]`); onChange(): after every change of the list; fallback(): where the keyboard
 * goes when the last row is removed.
 */
export function orderedRows({ prefix, fields, text = BUTTON_TEXT, legendOf, aliases = {}, onChange = () => {}, fallback }) {
  const rows = [];
  const list = h('ol', { class: 'label-rows programme-steps' });

  function renumber() {
    for (const name of Object.keys(fields)) if (name.startsWith(`${prefix}[`)) delete fields[name];
    rows.forEach((row, i) => {
      const item = legendOf(row, i);
      row.legend.textContent = item;
      row.up.disabled = i === 0;
      row.down.disabled = i === rows.length - 1;
      row.up.setAttribute('aria-label', text.upItem(item));
      row.down.setAttribute('aria-label', text.downItem(item));
      row.remove.setAttribute('aria-label', text.removeItem(item));
      for (const [part, f] of Object.entries(row.fields)) {
        f.label = `${item}: ${f.partLabel}`;
        fields[`${prefix}[${i}].${part}`] = f;
      }
      for (const [alias, part] of Object.entries(aliases)) {
        const f = row.fields[part];
        fields[alias ? `${prefix}[${i}].${alias}` : `${prefix}[${i}]`] = {
          name: f.name, el: f.el, input: f.input, label: item, setError: f.setError, focus: f.focus,
        };
      }
      row.el.dataset.index = String(i);
    });
    onChange();
  }

  function move(row, by) {
    const at = rows.indexOf(row);
    const to = at + by;
    if (to < 0 || to >= rows.length) return;
    rows.splice(at, 1);
    rows.splice(to, 0, row);
    list.insertBefore(row.el, by < 0 ? rows[to + 1].el : rows[to - 1].el.nextSibling);
    renumber();
    (by < 0 ? (row.up.disabled ? row.down : row.up) : (row.down.disabled ? row.up : row.down)).focus();
  }

  /**
   * Adds a row at the end. parts: {name: field()} in the order shown (the first takes the keyboard);
   * data: what the caller keeps with the row (row.data); attrs: the list item's attributes.
   */
  function add({ parts, data = {}, attrs = {}, focus = false }) {
    for (const f of Object.values(parts)) f.partLabel = f.label;
    const legend = h('legend', {});
    const up = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: text.up });
    const down = h('button', { type: 'button', class: 'btn btn-secondary btn-small', text: text.down });
    const remove = h('button', { type: 'button', class: 'btn btn-danger-outline btn-small', text: text.remove });
    const first = Object.values(parts)[0];
    const row = { data, fields: parts, first, legend, up, down, remove };
    row.el = h('li', attrs, h('fieldset', { class: 'label-row programme-step' }, legend,
      h('div', { class: 'label-row-fields' }, Object.values(parts).map((f) => f.el)),
      h('div', { class: 'row-actions' }, up, down, remove)));
    up.addEventListener('click', () => move(row, -1));
    down.addEventListener('click', () => move(row, 1));
    remove.addEventListener('click', () => {
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      row.el.remove();
      renumber();
      const next = rows[at] || rows[at - 1];
      if (next) next.first.focus();
      else if (fallback) fallback().focus();
    });
    rows.push(row);
    list.append(row.el);
    renumber();
    if (focus) first.focus();
    return row;
  }

  return { list, rows, add, renumber };
}
