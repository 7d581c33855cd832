// Derives web/js/japan-outline.js (the outline of Japan behind the network map) from Natural Earth's
// 1:50m Admin 0 countries (public domain) as redistributed by the npm package world-atlas 2.0.2
// (countries-50m.json, TopoJSON), read with topojson-client 3.1.0. Run at development time only:
//   npm install --prefix /tmp/atlas world-atlas@2.0.2 topojson-client@3.1.0
//   node src/tools/japan-outline.mjs /tmp/atlas/node_modules > web/js/japan-outline.js
// The rings are simplified (Douglas–Peucker, 0.02°, about 2 km), islands under 0.003 square degrees
// are left out, and coordinates are rounded to 0.01°: about 10 KB, drawn at map scale only.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const modules = process.argv[2] || 'node_modules';
const require = createRequire(path.resolve(modules, 'x.js'));
const topojson = require('topojson-client');
const world = JSON.parse(readFileSync(path.join(modules, 'world-atlas', 'countries-50m.json'), 'utf8'));
const japan = topojson.feature(world, world.objects.countries).features.find((f) => f.id === '392');
if (!japan) throw new Error('no Japan (ISO 3166-1 392) in countries-50m.json');

const TOLERANCE = 0.02;
const MIN_AREA = 0.003;

function area(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(a / 2);
}

function simplify(points, tolerance) {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a];
    const [bx, by] = points[b];
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy) || 1e-12;
    let far = -1;
    let worst = tolerance;
    for (let i = a + 1; i < b; i += 1) {
      const d = Math.abs(dy * points[i][0] - dx * points[i][1] + bx * ay - by * ax) / len;
      if (d > worst) { worst = d; far = i; }
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push([a, far], [far, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

const polygons = japan.geometry.type === 'Polygon' ? [japan.geometry.coordinates] : japan.geometry.coordinates;
const rings = polygons.map((p) => p[0]).filter((ring) => area(ring) >= MIN_AREA)
  // A closed ring's ends are one point: simplified as two halves, so that no chord has zero length.
  .map((ring) => {
    const mid = Math.floor(ring.length / 2);
    return [...simplify(ring.slice(0, mid + 1), TOLERANCE), ...simplify(ring.slice(mid), TOLERANCE).slice(1)];
  })
  .map((ring) => ring.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100]))
  .filter((ring) => ring.length >= 4);

const out = [
  '// The outline of Japan for the network map: Natural Earth 1:50m Admin 0 countries (public domain,',
  '// https://www.naturalearthdata.com/), from the npm package world-atlas 2.0.2 (countries-50m.json),',
  '// simplified by src/tools/japan-outline.mjs (see there how to derive it again). Generated: do not edit.',
  '// Each ring is a closed list of [longitude, latitude] in degrees.',
  '',
  'export const JAPAN_RINGS = [',
  ...rings.map((ring) => `  ${JSON.stringify(ring)},`),
  '];',
  '',
];
process.stdout.write(out.join('\n'));
process.stderr.write(`${rings.length} rings, ${rings.reduce((n, r) => n + r.length, 0)} points\n`);
