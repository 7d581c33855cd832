// The coordinator's overview of the answers: per pair, one table with a row per person (grouped
// by center) and a column per candidate time, the centers' closed days, each center's own clock
// when it is not the viewer's, and the expected number of participants per time.

import { h, clear, uid } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { api } from './api.js';
import { loading, errorBox } from './ui.js';
import { shortSpan, formatInZone, viewerZone } from './time.js';

const MARKS = { yes: '○', maybe: '△', no: '×' };
const NO_ANSWER = '–';
const FOLD_FROM = 4; // pairs shown open up to this many

/** url: the round's API address; pairName(pairId): "ペア 3：名取市… – 松江市…". */
export function availabilityGrid({ url, pairName }) {
  const content = h('div', {}, loading());
  const section = h('section', { class: 'section availability-grid', 'aria-labelledby': 'grid-title' },
    h('h2', { id: 'grid-title', text: t('grid.title') }),
    h('p', { class: 'lead', text: t('grid.lead') }),
    legend(),
    content);
  let seq = 0;

  async function load() {
    seq += 1;
    const mine = seq;
    clear(content, loading());
    let grid;
    try {
      grid = await api.get(`${url}/availability`);
    } catch (err) {
      if (mine === seq) clear(content, errorBox(err, load));
      return;
    }
    if (mine !== seq) return; // a newer load is under way
    draw(grid || {});
  }

  function draw(grid) {
    const slots = grid.slots || [];
    const pairs = grid.pairs || [];
    if (!slots.length) {
      clear(content, h('p', { class: 'empty', text: t('grid.noSlots') }));
      return;
    }
    if (!pairs.length) {
      clear(content, h('p', { class: 'empty', text: t('grid.noPairs') }));
      return;
    }
    // Many pairs (the demo's 27 made the page 16,000 px tall on a phone): each folded under its name
    // and how many of its people have answered, with one button to open them all (#16).
    const fold = pairs.length > FOLD_FROM;
    const tables = pairs.map((pair) => pairTable(pair, slots, fold));
    const toggle = fold ? h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'aria-expanded': 'false', text: t('grid.openAll') }) : null;
    if (toggle) {
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        tables.forEach((x) => { x.open = open; });
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? t('grid.closeAll') : t('grid.openAll');
      });
    }
    clear(content,
      h('p', { class: 'hint', text: t('grid.expectedHint') }),
      toggle ? h('p', {}, toggle) : null,
      tables);
  }

  function pairTable(pair, slots, fold) {
    const name = pairName(pair.pairId);
    const titleId = uid('grid-pair');
    const width = slots.length + 1;
    const here = viewerZone();
    const halves = pair.halves || {};

    const head = h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'grid-corner', text: t('grid.person') }),
      slots.map((slot) => {
        const span = shortSpan(slot.startsAt, slot.endsAt);
        return h('th', { scope: 'col', class: 'grid-slot' },
          h('span', { class: 'block', text: span.day }),
          h('span', { class: 'block grid-time', text: span.time }),
          slot.holiday ? h('span', { class: 'tag tag-holiday', text: t('grid.holiday', { name: slot.holiday }) }) : null);
      })));

    const bodies = (pair.centers || []).map((center) => {
      const closed = new Set((center.closedSlots || []).map(String));
      const rows = [h('tr', { class: 'grid-center' },
        h('th', { scope: 'rowgroup', colspan: width }, h('span', { class: 'grid-center-name', text: center.name })))];
      if (center.timeZone && center.timeZone !== here) {
        rows.push(h('tr', { class: 'grid-local' },
          h('th', { scope: 'row', class: 'grid-name', text: t('grid.localTime', { zone: center.timeZone }) }),
          slots.map((slot) => h('td', {
            text: formatInZone((center.localStarts || {})[String(slot.id)] || slot.startsAt, center.timeZone),
          }))));
      }
      const people = center.people || [];
      if (!people.length) {
        rows.push(h('tr', {}, h('td', { colspan: width, class: 'muted', text: t('grid.noPeople') })));
      }
      for (const person of people) {
        const answers = person.answers || {};
        rows.push(h('tr', {},
          h('th', { scope: 'row', class: 'grid-name', text: person.name }),
          slots.map((slot) => answerCell(answers[String(slot.id)], closed.has(String(slot.id))))));
      }
      return h('tbody', {}, rows);
    });

    const foot = h('tfoot', {}, h('tr', { class: 'grid-total' },
      h('th', { scope: 'row', class: 'grid-name', text: t('grid.expected') }),
      slots.map((slot) => h('td', { class: 'num', text: formatNumber((Number(halves[String(slot.id)]) || 0) / 2) }))));

    const table = h('div', { class: 'table-scroll grid-scroll', role: 'region', tabindex: '0', 'aria-label': t('grid.scrollLabel', { pair: name }) },
      h('table', { class: 'data-table compact grid-table' },
        h('caption', { class: 'vh', text: name }),
        head, bodies, foot));
    if (!fold) return h('div', { class: 'grid-pair' }, h('h3', { id: titleId, text: name }), table);
    const people = (pair.centers || []).flatMap((c) => c.people || []);
    const answered = people.filter((p) => Object.keys(p.answers || {}).length > 0).length;
    return h('details', { class: 'grid-pair grid-fold' },
      h('summary', {}, h('span', { class: 'strong', text: name }), ' ',
        h('span', { class: answered < people.length ? 'grid-owing' : 'muted',
          text: t('grid.answeredOf', { answered: formatNumber(answered), total: formatNumber(people.length) }) })),
      table);
  }

  function answerCell(answer, closed) {
    const known = Object.prototype.hasOwnProperty.call(MARKS, answer || '');
    return h('td', { class: ['grid-cell', known ? `grid-${answer}` : 'grid-none', closed ? 'grid-closed' : null] },
      h('span', { class: 'grid-mark', 'aria-hidden': 'true', text: known ? MARKS[answer] : NO_ANSWER }),
      h('span', { class: 'vh', text: known ? t(`availability.answer.${answer}`) : t('grid.noAnswer') }),
      closed ? h('span', { class: 'tag tag-closed', text: t('grid.closed') }) : null);
  }

  function legend() {
    return h('ul', { class: 'grid-legend', 'aria-label': t('grid.legend') },
      ['yes', 'maybe', 'no'].map((a) => h('li', {},
        h('span', { class: 'grid-mark', 'aria-hidden': 'true', text: MARKS[a] }), ' ', t(`availability.answer.${a}`))),
      h('li', {}, h('span', { class: 'grid-mark', 'aria-hidden': 'true', text: NO_ANSWER }), ' ', t('grid.noAnswer')),
      h('li', {}, h('span', { class: 'tag tag-closed', text: t('grid.closed') }), ' ', t('grid.closedHint')));
  }

  return { el: section, load };
}
