// The coordinator's learning network (#/network, #/network?round={id}): which cities have learned
// from each other — over all rounds or in one — with how many sessions were held and how many of
// their participants wrote a reflection. A map (../network-map.js) and, always, the same as a table.

import { h, append, clear, focusOn } from '../dom.js';
import { t, tn, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import { heading, loading, errorBox, notice, field, details } from '../ui.js';
import { networkMap } from '../network-map.js';
import { rateText } from '../reflection-common.js';

const enc = encodeURIComponent;
const cityKey = (x) => `${x.prefecture || ''}|${x.city || ''}`;

export async function render(root, ctx) {
  ctx.setTitle(t('network.title'));
  const body = h('div', {}, loading());
  append(root, heading(t('network.title')), h('p', { class: 'lead', text: t('network.lead') }), body);
  if (!ctx.isCoordinator) {
    clear(body, notice('error', t('network.forbidden')));
    return;
  }
  let data;
  let places;
  try {
    [data, places] = await Promise.all([api.get('/api/reflections/network'), cityPlaces()]);
  } catch (err) {
    clear(body, errorBox(err, () => ctx.rerender()));
    return;
  }
  const rounds = data.rounds || [];
  let chosen = ctx.query.get('round') || '';
  if (chosen && !rounds.some((r) => String(r.roundId) === chosen)) chosen = '';

  const scope = field({
    name: 'network-round', label: t('network.scope'), kind: 'select', value: chosen,
    options: [{ value: '', label: t('network.overall') }, ...rounds.map((r) => ({ value: String(r.roundId), label: r.title }))],
  });
  const show = h('button', { type: 'submit', class: 'btn btn-primary', text: t('network.show') });
  const form = h('form', { class: 'filters no-print', novalidate: true, 'aria-label': t('network.scope') },
    h('div', { class: 'filter-fields' }, scope.el), h('div', { class: 'actions' }, show));
  const content = h('div', {});
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    chosen = scope.input.value;
    ctx.replaceQuery({ round: chosen });
    draw();
    focusOn(content.querySelector('h2'));
  });

  function draw() {
    const round = rounds.find((r) => String(r.roundId) === chosen) || null;
    const part = round || data.overall || { heldSessions: 0, responses: 0, expected: 0, cityPairs: [] };
    clear(content, view(part, round, rounds, places));
  }

  clear(body, form, content);
  draw();
}

/** Every city of the directory with a place to draw it: the first of its centers that has coordinates. */
async function cityPlaces() {
  const out = new Map();
  let offset = 0;
  for (;;) {
    const page = await api.get('/api/centers', { limit: 5000, offset });
    for (const c of page.centers || []) {
      const key = cityKey(c);
      if (!out.has(key) || (!Number.isFinite(out.get(key).latitude) && Number.isFinite(c.latitude))) {
        out.set(key, { name: c.city, city: c.city, prefecture: c.prefecture, latitude: c.latitude, longitude: c.longitude });
      }
    }
    offset += (page.centers || []).length;
    if (!(page.centers || []).length || offset >= page.total) break;
  }
  return out;
}

const cityName = (x) => [x.prefecture, x.city].filter(Boolean).join('');

function view(part, round, rounds, places) {
  const pairs = part.cityPairs || [];
  const title = round ? round.title : t('network.overall');
  return [
    h('h2', { tabindex: '-1', text: title }),
    details([
      [t('network.heldSessions'), formatNumber(part.heldSessions || 0)],
      [t('network.responses'), rateText(part.responses || 0, part.expected || 0)],
      [t('network.cityPairCount'), formatNumber(pairs.length)],
    ]),
    round ? h('p', { class: 'row-actions' },
      h('a', { class: 'btn btn-secondary btn-small', href: `#/rounds/${enc(round.roundId)}/summary`, text: t('network.roundSummary') }),
      h('a', { class: 'btn btn-secondary btn-small', href: `#/rounds/${enc(round.roundId)}`, text: t('network.roundPage') })) : null,
    pairs.length ? [mapOf(pairs, title, places), pairTable(pairs, !round)] : h('p', { class: 'empty', text: t('network.noPairs') }),
    round ? null : roundsTable(rounds),
  ];
}

function mapOf(pairs, title, places) {
  const keys = [...new Set(pairs.flatMap((p) => [cityKey(p.a), cityKey(p.b)]))];
  const lookup = {
    get: (key) => places.get(key) || null,
    name: (key) => key.split('|').join(''),
    city: (key) => key.split('|')[1],
  };
  const map = networkMap({
    round: { title, centerIds: keys },
    showOthers: false,
    describe: (c) => cityName(c),
    labels: {
      heading: 'network.map.heading', lead: 'network.map.lead', legendCenter: 'network.map.legendCity', legendPair: 'network.map.legendPair',
      svgTitle: 'network.map.svgTitle', descCenters: 'network.map.descCities', descPairs: 'network.map.descPairs',
      descNoPairs: 'network.noPairs', descList: 'network.map.descList', listTitle: 'network.map.listTitle',
      nothingToDraw: 'network.map.nothingToDraw', unplaced: 'network.map.unplaced',
    },
  });
  map.update({ centers: lookup, pairs: pairs.map((p) => [cityKey(p.a), cityKey(p.b)]), others: [], othersState: 'done' });
  return map.el;
}

function pairTable(pairs, overall) {
  return h('section', { class: 'section', 'aria-labelledby': 'network-table-title' },
    h('h2', { id: 'network-table-title', text: t('network.tableTitle') }),
    h('table', { class: 'data-table cards-on-phone', 'aria-labelledby': 'network-table-title' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('network.col.cities') }),
        h('th', { scope: 'col', class: 'num', text: t('network.col.sessions') }),
        h('th', { scope: 'col', class: 'num', text: t('network.col.notes') }),
        overall ? h('th', { scope: 'col', class: 'num', text: t('network.col.rounds') }) : null)),
      h('tbody', {}, pairs.map((p) => h('tr', {},
        h('th', { scope: 'row', 'data-label': t('network.col.cities'), text: t('network.pair', { a: cityName(p.a), b: cityName(p.b) }) }),
        h('td', { class: 'num', 'data-label': t('network.col.sessions'), text: formatNumber(p.sessions || 0) }),
        h('td', { class: 'num', 'data-label': t('network.col.notes'), text: formatNumber(p.notes || 0) }),
        overall ? h('td', { class: 'num', 'data-label': t('network.col.rounds'), text: formatNumber(p.rounds || 0) }) : null)))));
}

function roundsTable(rounds) {
  if (!rounds.length) return null;
  return h('section', { class: 'section', 'aria-labelledby': 'network-rounds-title' },
    h('h2', { id: 'network-rounds-title', text: t('network.roundsTitle') }),
    h('table', { class: 'data-table cards-on-phone', 'aria-labelledby': 'network-rounds-title' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: t('network.col.round') }),
        h('th', { scope: 'col', class: 'num', text: t('network.heldSessions') }),
        h('th', { scope: 'col', text: t('network.responses') }),
        h('th', { scope: 'col', class: 'num', text: t('network.cityPairCount') }))),
      h('tbody', {}, rounds.map((r) => h('tr', {},
        h('th', { scope: 'row', 'data-label': t('network.col.round') },
          h('a', { href: `#/rounds/${enc(r.roundId)}/summary`, text: r.title, 'aria-label': t('network.summaryOf', { title: r.title }) })),
        h('td', { class: 'num', 'data-label': t('network.heldSessions'), text: formatNumber(r.heldSessions || 0) }),
        h('td', { 'data-label': t('network.responses'), text: rateText(r.responses || 0, r.expected || 0) }),
        h('td', { class: 'num', 'data-label': t('network.cityPairCount'), text: tn('network.pairsCount', (r.cityPairs || []).length) }))))));
}
