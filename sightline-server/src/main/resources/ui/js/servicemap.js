// The service map: a layered SVG graph of who calls whom, from the service-graph metrics. Layers are the
// longest call path from a caller nobody calls, so requests flow left to right; edges carry their rate
// and turn red when some of their requests failed.
import {svg} from './format.js';
import {formatPercent, formatRate} from './promql.js';

const NODE_W = 150;
const NODE_H = 34;
const COL = 330;
const ROW = 64;

/** `edges`: [{client, server, rate, failed}]. Returns the SVG, or null when there are no edges. */
export function serviceMap(edges, hrefFor) {
  if (!edges.length) return null;
  const names = [...new Set(edges.flatMap(e => [e.client, e.server]))].sort();
  const layer = new Map(names.map(n => [n, 0]));
  // Longest-path layering, bounded by the node count so a cycle cannot loop forever.
  for (let round = 0; round < names.length; round++) {
    let changed = false;
    for (const e of edges) {
      if (e.client !== e.server && layer.get(e.server) < layer.get(e.client) + 1 && layer.get(e.client) + 1 < names.length) {
        layer.set(e.server, layer.get(e.client) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = [];
  for (const n of names) (columns[layer.get(n)] ??= []).push(n);
  const pos = new Map();
  columns.forEach((col, x) => col.forEach((n, y) => pos.set(n, {x: 10 + x * COL, y: 10 + y * ROW})));
  const width = 20 + (columns.length - 1) * COL + NODE_W;
  const height = 20 + (Math.max(...columns.map(c => c.length)) - 1) * ROW + NODE_H;
  const edgeEls = edges.map(e => {
    const a = pos.get(e.client);
    const b = pos.get(e.server);
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    const errorRatio = e.rate > 0 ? (e.failed ?? 0) / e.rate : 0;
    const label = `${formatRate(e.rate)}${errorRatio > 0 ? ` · ${formatPercent(errorRatio)} err` : ''}`;
    return svg('g', {class: `edge-group${errorRatio > 0 ? ' has-error' : ''}`, 'data-client': e.client, 'data-server': e.server},
      svg('path', {class: `edge${errorRatio > 0 ? ' error' : ''}`, d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`,
        'stroke-width': errorRatio > 0 ? 2 : 1.5, 'marker-end': 'url(#arrow)'}),
      svg('title', null, `${e.client} → ${e.server}: ${label}`));
  });
  // Rates go on top of everything so neither nodes nor other edges hide them.
  const labels = edges.map(e => {
    const a = pos.get(e.client);
    const b = pos.get(e.server);
    const errorRatio = e.rate > 0 ? (e.failed ?? 0) / e.rate : 0;
    return svg('text', {class: `rate${errorRatio > 0 ? ' error' : ''}`, x: (a.x + NODE_W + b.x) / 2,
      y: (a.y + b.y + NODE_H) / 2 - 6, 'text-anchor': 'middle'},
    `${formatRate(e.rate)}${errorRatio > 0 ? ` · ${formatPercent(errorRatio)} err` : ''}`);
  });
  const nodeEls = names.map(n => {
    const p = pos.get(n);
    return svg('a', {href: hrefFor(n), class: 'node', 'data-service': n},
      svg('rect', {x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: 6}),
      svg('text', {x: p.x + NODE_W / 2, y: p.y + NODE_H / 2 + 4, 'text-anchor': 'middle'},
        n.length > 20 ? `${n.slice(0, 19)}…` : n),
      svg('title', null, n));
  });
  return svg('svg', {class: 'service-map', id: 'service-map', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Service map: ${names.length} services, ${edges.length} connections`,
    style: `max-width: ${width}px`},
  svg('defs', null, svg('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6,
    orient: 'auto-start-reverse'}, svg('path', {d: 'M0,0 L10,5 L0,10 z', fill: 'currentColor'}))),
  edgeEls, nodeEls, labels);
}
