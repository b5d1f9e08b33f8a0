// Small SVG charts (histogram bars, lines, sparklines) for the pages that need a glance rather than
// uPlot's interaction. They stretch to their box's width; labels stay HTML so they never stretch with them.
import {el, formatTime, serviceColor, svg} from './format.js';

const W = 1000; // viewBox width; the SVG is scaled to the box with preserveAspectRatio="none"

function short(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return String(Math.round(v * 1000) / 1000);
}

/** Bars for [[x, value]]: x is epoch ms when `time`, else a category label. Each bar's title tells its value. */
export function barChart(points, {time = false, label = '', id, height = 110} = {}) {
  const max = Math.max(1, ...points.map(p => p[1]));
  const n = Math.max(1, points.length);
  const bw = W / n;
  const bars = points.map(([x, v], i) => {
    const h = (v / max) * (height - 4);
    return svg('rect', {x: (i * bw + bw * 0.1).toFixed(2), y: (height - h).toFixed(2), width: (bw * 0.8).toFixed(2),
      height: h.toFixed(2), class: 'bar', 'data-value': v},
    svg('title', null, `${time ? formatTime(x) : x}: ${short(v)}`));
  });
  const chart = svg('svg', {viewBox: `0 0 ${W} ${height}`, preserveAspectRatio: 'none', class: 'bars', role: 'img',
    'aria-label': `${label}: ${points.length} bars, highest ${short(max)}`, id}, bars);
  const axis = time && points.length
    ? el('div', {class: 'chart-axis small muted'}, el('span', null, formatTime(points[0][0])),
      el('span', null, `${label} · max ${short(max)}`), el('span', null, formatTime(points[points.length - 1][0])))
    : el('div', {class: 'chart-axis small muted'}, el('span', null, `${label} · max ${short(max)}`));
  const names = !time && points.length <= 12
    ? el('div', {class: 'bar-names small'}, points.map(([x]) => el('span', {style: {width: `${100 / n}%`}}, String(x))))
    : null;
  return el('figure', {class: 'chart'}, chart, names, axis);
}

/** Lines for [{name, points: [[ms, value]]}] on a shared time axis, with a legend. */
export function lineChart(series, {id, height = 160} = {}) {
  const all = series.flatMap(s => s.points).filter(p => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  const x0 = Math.min(...all.map(p => p[0]));
  const x1 = Math.max(...all.map(p => p[0]));
  const max = Math.max(1e-9, ...all.map(p => p[1]));
  const sx = t => (x1 === x0 ? W / 2 : ((t - x0) / (x1 - x0)) * W);
  const sy = v => height - 2 - (v / max) * (height - 6);
  const lines = series.map(s => svg('polyline', {fill: 'none', stroke: serviceColor(s.name), 'stroke-width': 2,
    'vector-effect': 'non-scaling-stroke', points: s.points.map(([t, v]) => `${sx(t).toFixed(1)},${sy(v).toFixed(1)}`).join(' ')},
  svg('title', null, s.name)));
  return el('figure', {class: 'chart'},
    svg('svg', {viewBox: `0 0 ${W} ${height}`, preserveAspectRatio: 'none', class: 'lines', role: 'img', id,
      'aria-label': `${series.length} series, highest ${short(max)}`}, lines),
    el('div', {class: 'chart-axis small muted'}, el('span', null, all.length ? formatTime(x0) : ''),
      el('span', null, `max ${short(max)}`), el('span', null, all.length ? formatTime(x1) : '')),
    el('div', {class: 'legend'}, series.map(s => el('span', {class: 'legend-item'},
      el('span', {class: 'wf-dot', style: {background: serviceColor(s.name)}}), s.name))));
}

/** A word-sized line for a table cell: [[t, v]] → an SVG 120×28. */
export function sparkline(points, {color = 'currentColor', label = ''} = {}) {
  const pts = points.filter(p => Number.isFinite(p[1]));
  const w = 120;
  const h = 28;
  if (pts.length < 2) return el('span', {class: 'muted small'}, '–');
  const x0 = pts[0][0];
  const x1 = pts[pts.length - 1][0];
  const max = Math.max(1e-12, ...pts.map(p => p[1]));
  const d = pts.map(([t, v]) => `${(((t - x0) / (x1 - x0 || 1)) * w).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`);
  return svg('svg', {viewBox: `0 0 ${w} ${h}`, width: w, height: h, class: 'spark', role: 'img', 'aria-label': label},
    svg('polyline', {fill: 'none', stroke: color, 'stroke-width': 1.5, points: d.join(' ')}));
}
