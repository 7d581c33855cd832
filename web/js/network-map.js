// The network of a round, drawn by the app as SVG (no map tiles, nothing loaded from elsewhere):
// over the outline of Japan (Natural Earth, public domain: ./japan-outline.js), a dot per center at
// its latitude/longitude labelled with its city, a strong line per pair of this round, faint lines
// for the pairs of other published rounds. Equirectangular with the x axis scaled by cos 36°,
// which is close enough for Japan. A text alternative lists the pairs; centers without
// coordinates are listed under the map.

import { h, svg, clear, uid } from './dom.js';
import { t, tn } from './i18n.js';
import { cityOf, placeOf } from './round-common.js';
import { JAPAN_RINGS } from './japan-outline.js';

// Japan, roughly: what lies outside is not drawn (a center abroad would shrink Japan to a dot).
const BOX = { west: 122, east: 154, south: 24, north: 46 };
const KX = Math.cos((36 * Math.PI) / 180);
const UNIT = 100; // viewBox units per degree of latitude
const PAD = 0.6; // degrees around the outermost centers
const MIN_SPAN = 4; // degrees: a round in one prefecture is not blown up to fill the screen

function hasCoordinates(c) {
  return Boolean(c) && Number.isFinite(c.latitude) && Number.isFinite(c.longitude)
    && c.latitude >= BOX.south && c.latitude <= BOX.north && c.longitude >= BOX.west && c.longitude <= BOX.east;
}

/** Every two members of a pair or trio: the lines to draw. */
function links(group) {
  const out = [];
  for (let i = 0; i < group.length; i += 1) for (let j = i + 1; j < group.length; j += 1) out.push([group[i], group[j]]);
  return out;
}

/**
 * round: {title, centerIds}. labels: map.* keys to use instead (heading, lead, legendCenter, legendPair,
 * svgTitle, descCenters, descPairs, descNoPairs, descList, listTitle, nothingToDraw, unplaced), for a map of
 * something other than one round's centers; showOthers: false leaves out the other rounds' lines;
 * describe(center): a dot's name.
 */
export function networkMap({ round, labels = {}, showOthers = true, describe = null }) {
  const id = uid('map');
  const k = (name) => labels[name] || `map.${name}`;
  const nameOf = describe || ((c) => t('board.optionLabel', { name: c.name, place: placeOf(c) }));
  const figure = h('div', { class: 'map-figure' });
  const othersNote = h('p', { class: 'muted map-others-note', 'aria-live': 'polite' });
  const el = h('section', { class: 'section network-map', 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading`, text: t(k('heading')) }),
    h('p', { class: 'lead', text: t(k('lead')) }),
    legend(k, showOthers),
    figure,
    showOthers ? othersNote : null);

  /**
   * centers: a centerDirectory(); pairs: this round's groups of ids (null: none to show yet);
   * others: groups of other published rounds; othersState: "loading", "done" or "failed".
   */
  function update({ centers, pairs, others = [], othersState = 'done' }) {
    const inRound = new Set(round.centerIds.map(String));
    const roundCenters = round.centerIds.map((cid) => ({ id: cid, c: centers.get(cid) }));
    const placed = roundCenters.filter((x) => hasCoordinates(x.c));
    const unplaced = roundCenters.filter((x) => !hasCoordinates(x.c));
    const otherIds = [...new Set(others.flat().map(String))].filter((cid) => !inRound.has(cid));
    const otherPlaced = otherIds.map((cid) => ({ id: cid, c: centers.get(cid) })).filter((x) => hasCoordinates(x.c));
    const all = [...placed, ...otherPlaced];

    if (!all.length) {
      clear(figure, h('p', { class: 'empty', text: t(k('nothingToDraw')) }), unplacedList(unplaced, centers, k, nameOf));
      setOthersNote(othersState, 0);
      return;
    }

    // The window: the centers drawn, padded, at least MIN_SPAN wide and high, inside Japan's box.
    const lats = all.map((x) => x.c.latitude);
    const lons = all.map((x) => x.c.longitude);
    const span = (lo, hi, min, max) => {
      let a = lo - PAD;
      let b = hi + PAD;
      if (b - a < MIN_SPAN) {
        const mid = (a + b) / 2;
        a = mid - MIN_SPAN / 2;
        b = mid + MIN_SPAN / 2;
      }
      return [Math.max(min, a), Math.min(max, b)];
    };
    const [south, north] = span(Math.min(...lats), Math.max(...lats), BOX.south, BOX.north);
    const [west, east] = span(Math.min(...lons), Math.max(...lons), BOX.west, BOX.east);
    const width = (east - west) * KX * UNIT;
    const height = (north - south) * UNIT;
    const round1 = (n) => Math.round(n * 10) / 10;
    const at = (c) => [round1((c.longitude - west) * KX * UNIT), round1((north - c.latitude) * UNIT)];
    const r = round1(Math.max(width, height) * 0.009);

    const line = (a, b, cls) => {
      const ca = centers.get(a);
      const cb = centers.get(b);
      if (!hasCoordinates(ca) || !hasCoordinates(cb)) return null;
      const [x1, y1] = at(ca);
      const [x2, y2] = at(cb);
      return svg('line', { x1, y1, x2, y2, class: cls, 'vector-effect': 'non-scaling-stroke' });
    };
    const dot = (x, cls) => {
      const [cx, cy] = at(x.c);
      return svg('circle', { cx, cy, r, class: cls }, svg('title', { text: nameOf(x.c) }));
    };

    // "Natori – Matsue": a center by its city, or by its name where its city has two centers in the round.
    const perCity = new Map();
    for (const x of roundCenters) if (x.c) perCity.set(cityOf(x.c), (perCity.get(cityOf(x.c)) || 0) + 1);
    const shortName = (cid) => {
      const c = centers.get(cid);
      return c && perCity.get(cityOf(c)) === 1 ? cityOf(c) : centers.name(cid);
    };

    const ownPairs = pairs || [];
    const otherLinks = others.flatMap(links).filter(([a, b]) => !(inRound.has(String(a)) && inRound.has(String(b))
      && ownPairs.some((p) => p.map(String).includes(String(a)) && p.map(String).includes(String(b)))));
    const titleId = `${id}-title`;
    const descId = `${id}-desc`;
    const drawnPairs = ownPairs.filter((p) => p.filter((cid) => hasCoordinates(centers.get(cid))).length >= 2).length;
    const labelLayer = svg('g', { class: 'map-labels' });
    const picture = svg('svg', {
      class: 'map-svg', viewBox: `0 0 ${round1(width)} ${round1(height)}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`,
      preserveAspectRatio: 'xMidYMid meet', focusable: 'false',
    },
    svg('title', { id: titleId, text: t(k('svgTitle'), { title: round.title }) }),
    svg('desc', {
      id: descId,
      text: [
        tn(k('descCenters'), placed.length),
        pairs ? tn(k('descPairs'), drawnPairs) : t(k('descNoPairs')),
        otherLinks.length ? tn('map.descOthers', otherLinks.length) : null,
        t(k('descList')),
      ].filter(Boolean).join(' '),
    }),
    svg('rect', { x: 0, y: 0, width: round1(width), height: round1(height), class: 'map-sea' }),
    svg('path', { d: landPath(west, east, south, north, at), class: 'map-land' }),
    svg('g', { class: 'map-layer-others' }, otherLinks.map(([a, b]) => line(a, b, 'map-line-other'))),
    svg('g', { class: 'map-layer-pairs' }, ownPairs.flatMap(links).map(([a, b]) => line(a, b, 'map-line'))),
    svg('g', { class: 'map-layer-other-dots' }, otherPlaced.map((x) => dot(x, 'map-dot-other'))),
    svg('g', { class: 'map-layer-dots' }, placed.map((x) => dot(x, 'map-dot'))),
    labelLayer);
    drawn = { placed, at, r, width, height, layer: labelLayer, fs: 0 };
    relabel();

    clear(figure,
      h('div', { class: 'map-frame' }, picture),
      // The same content in words, for screen readers: the pairs by city.
      h('div', { class: 'vh' },
        h('p', { text: t(k('listTitle')) }),
        pairs && pairs.length
          ? h('ul', {}, pairs.map((p) => h('li', { text: p.map(shortName).join(' – ') })))
          : h('p', { text: t(k('descNoPairs')) })),
      unplacedList(unplaced, centers, k, nameOf));
    setOthersNote(othersState, others.length);
  }

  // The city labels are drawn at about 0.8 of the reader's text size whatever the map's scale on this
  // screen (an SVG's font size is in its own units), so again whenever the map's width changes (laid
  // out at last, a part of the page opened, the window turned); until then at a share of its size.
  let drawn = null;
  function relabel() {
    if (!drawn) return;
    const { width, height } = drawn;
    const shown = figure.getBoundingClientRect().width;
    const scale = shown > 0 ? Math.min(shown / width, (0.8 * window.innerHeight) / height) : 0;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const fs = Math.round((scale > 0 ? Math.min((0.8125 * rem) / scale, Math.max(width, height) * 0.08)
      : Math.max(width, height) * 0.03) * 10) / 10;
    if (fs === drawn.fs) return;
    drawn.fs = fs;
    clear(drawn.layer, cityLabels(drawn.placed, drawn.at, drawn.r, fs, width, height));
  }
  if (typeof ResizeObserver === 'function') new ResizeObserver(() => relabel()).observe(figure);

  function setOthersNote(state, count) {
    if (state === 'loading') othersNote.textContent = t('map.othersLoading');
    else if (state === 'failed') othersNote.textContent = t('map.othersFailed');
    else othersNote.textContent = count ? tn('map.othersShown', count) : t('map.noOthers');
  }

  return { el, update };
}

/** The coast of the islands that reach into the window, as one path in the map's units. */
function landPath(west, east, south, north, at) {
  const near = ([lon, lat]) => lon >= west - 1 && lon <= east + 1 && lat >= south - 1 && lat <= north + 1;
  return JAPAN_RINGS.filter((ring) => ring.some(near))
    .map((ring) => `M${ring.map(([longitude, latitude]) => at({ longitude, latitude }).join(',')).join('L')}Z`)
    .join('');
}

/**
 * One label per city (the first of its centers), placed right, left, above or below its dot where it
 * overlaps no label placed before and stays inside the map; a city with no such place goes without
 * (every center is named in the text alternative and in the dot's own title).
 */
function cityLabels(placed, at, r, fs, width, height) {
  const seen = new Set();
  const boxes = [];
  const out = [];
  // Generous estimates (a CJK character is 1 em wide, bold Latin about 0.65 em; a line box from 1 em
  // above the baseline to 0.3 em below), so that labels placed apart are apart on screen.
  const textWidth = (text) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 1.05 : 0.65), 0) * fs;
  const free = (b) => b.x0 >= 0 && b.y0 >= 0 && b.x1 <= width && b.y1 <= height
    && boxes.every((o) => b.x1 <= o.x0 || b.x0 >= o.x1 || b.y1 <= o.y0 || b.y0 >= o.y1);
  // The dots are not to be covered either.
  for (const x of placed) {
    const [cx, cy] = at(x.c);
    boxes.push({ x0: cx - r, x1: cx + r, y0: cy - r, y1: cy + r });
  }
  const ordered = [...placed].sort((a, b) => b.c.latitude - a.c.latitude || a.c.longitude - b.c.longitude);
  for (const x of ordered) {
    const city = cityOf(x.c);
    if (!city || seen.has(city)) continue;
    seen.add(city);
    const [cx, cy] = at(x.c);
    const w = textWidth(city);
    const gap = r * 1.6;
    const label = (lx, ly, anchor) => {
      const x0 = anchor === 'start' ? lx : anchor === 'end' ? lx - w : lx - w / 2;
      return { x: lx, y: ly, anchor, box: { x0, x1: x0 + w, y0: ly - fs, y1: ly + fs * 0.3 } };
    };
    const tries = [
      label(cx + gap, cy + fs * 0.35, 'start'),
      label(cx - gap, cy + fs * 0.35, 'end'),
      label(cx, cy - gap - fs * 0.3, 'middle'),
      label(cx, cy + gap + fs, 'middle'),
    ];
    const spot = tries.find((c) => free(c.box));
    if (!spot) continue;
    boxes.push(spot.box);
    out.push(svg('text', {
      x: Math.round(spot.x * 10) / 10, y: Math.round(spot.y * 10) / 10, 'text-anchor': spot.anchor, 'font-size': fs, 'stroke-width': Math.round(fs * 2.5) / 10, class: 'map-label', text: city,
    }));
  }
  return out;
}

function legend(k, showOthers) {
  const sample = (cls) => svg('svg', { class: 'legend-sample', viewBox: '0 0 40 12', 'aria-hidden': 'true', focusable: 'false' },
    cls === 'map-dot'
      ? svg('circle', { cx: 20, cy: 6, r: 5, class: cls })
      : svg('line', { x1: 2, y1: 6, x2: 38, y2: 6, class: cls, 'vector-effect': 'non-scaling-stroke' }));
  return h('ul', { class: 'map-legend', 'aria-label': t('map.legend') },
    h('li', {}, sample('map-dot'), h('span', { text: t(k('legendCenter')) })),
    h('li', {}, sample('map-line'), h('span', { text: t(k('legendPair')) })),
    showOthers ? h('li', {}, sample('map-line-other'), h('span', { text: t('map.legendOther') })) : null);
}

function unplacedList(unplaced, centers, k, nameOf) {
  if (!unplaced.length) return null;
  return h('div', { class: 'map-unplaced' },
    h('p', { class: 'strong', text: tn(k('unplaced'), unplaced.length) }),
    h('ul', { class: 'inline-list' }, unplaced.map((x) => h('li', { text: x.c ? nameOf(x.c) : centers.name(x.id) }))));
}
