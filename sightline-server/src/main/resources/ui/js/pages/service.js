// /services/{service}: the service's golden signals over the time range (uPlot), its slowest operations
// by p95 of its server spans, and every operation it records, each a link to its traces.
import {getJson} from '../api.js';
import {el, serviceColor} from '../format.js';
import {readRange, withRange} from '../timerange.js';
import {loadUplot} from './metrics.js';
import {formatPercent, formatRate, formatSeconds, grid, instant, range, signalQueries} from '../promql.js';

export async function render(main, {service}, ctx) {
  document.title = `${service} · Sightline`;
  main.append(el('h1', null, el('span', {class: 'wf-dot', style: {background: serviceColor(service)}}), ` ${service}`));
  main.append(el('p', null, el('a', {href: withRange('/traces', {service})}, `Search the traces of ${service} →`), ' · ',
    el('a', {href: withRange('/logs', {query: `service = '${service.replaceAll("'", "''")}'`})}, 'Its logs →')));
  const charts = el('section', {class: 'service-charts', 'aria-live': 'polite'}, el('p', {class: 'muted'}, 'Loading…'));
  const slow = el('section', {id: 'slow-ops'});
  const box = el('section', {'aria-live': 'polite'}, el('p', {class: 'muted'}, 'Loading…'));
  main.append(charts, el('h2', null, 'Slowest operations'), slow, el('h2', null, 'Operations'), box);
  const abort = new AbortController();
  const plots = [];
  const cleanup = () => {
    abort.abort();
    plots.forEach(p => p.destroy());
  };
  operations(service, box, abort.signal);
  const r = readRange();
  const g = grid(r);
  const q = signalQueries(service);
  const window = `${Math.max(60, g.end - g.start)}s`;
  const byOp = signalQueries(service, window, 'span_name');
  try {
    const [uPlot, traffic, errors, p50, p95, p99, opsP95, opsP99, opsRate] = await Promise.all([loadUplot(),
      ...[q.traffic, q.errors, q.p50, q.p95, q.p99].map(x => range(x, g.start, g.end, g.step, abort.signal)),
      instant(`topk(10, ${byOp.p95})`, g.end, abort.signal), instant(byOp.p99, g.end, abort.signal),
      instant(byOp.traffic, g.end, abort.signal)]);
    if (!ctx.isCurrent()) return cleanup;
    const xs = [];
    for (let t = g.start; t <= g.end; t += g.step) xs.push(t);
    const align = s => {
      const m = new Map((s?.points ?? []).map(([t, v]) => [Math.round(t / 1000), v]));
      return xs.map(x => (m.has(x) && Number.isFinite(m.get(x)) ? m.get(x) : null));
    };
    charts.replaceChildren();
    const specs = [
      ['Traffic (requests/s)', [['traffic', traffic[0]]], formatRate],
      ['Errors (ratio of requests)', [['errors', errors[0]]], formatPercent],
      ['Latency', [['p50', p50[0]], ['p95', p95[0]], ['p99', p99[0]]], formatSeconds],
    ];
    for (const [title, series, fmt] of specs) {
      const host = el('div', {class: 'chart signal-chart'});
      charts.append(el('h2', null, title), host);
      if (series.every(([, s]) => !s)) {
        host.append(el('p', {class: 'muted small'}, 'No data in this range.'));
        continue;
      }
      const colors = {p50: '#59a14f', p95: '#f28e2b', p99: '#c62828', traffic: '#4e79a7', errors: '#c62828'};
      plots.push(new uPlot({width: host.clientWidth || 800, height: 180, scales: {x: {time: true}},
        series: [{}, ...series.map(([name]) => ({label: name, stroke: colors[name], width: 1.5,
          value: (u, v) => (v === null || v === undefined ? '–' : fmt(v))}))],
        axes: [{}, {values: (u, ticks) => ticks.map(fmt), size: 70}]}, [xs, ...series.map(([, s]) => align(s))], host));
    }
    const p99By = new Map(opsP99.map(x => [x.metric.span_name, x.value]));
    const rateBy = new Map(opsRate.map(x => [x.metric.span_name, x.value]));
    const rows = opsP95.filter(x => Number.isFinite(x.value)).sort((a, b) => b.value - a.value);
    slow.replaceChildren(rows.length ? el('table', {class: 'traces', id: 'slow-ops-table'},
      el('thead', null, el('tr', null, el('th', null, 'Operation'), el('th', {class: 'num'}, 'p95'),
        el('th', {class: 'num'}, 'p99'), el('th', {class: 'num hide-narrow'}, 'Traffic'))),
      el('tbody', null, rows.map(x => el('tr', null,
        el('td', null, el('a', {href: withRange('/traces', {service, operation: x.metric.span_name})}, x.metric.span_name)),
        el('td', {class: 'num mono'}, formatSeconds(x.value)),
        el('td', {class: 'num mono'}, formatSeconds(p99By.get(x.metric.span_name))),
        el('td', {class: 'num mono hide-narrow'}, formatRate(rateBy.get(x.metric.span_name)))))))
      : el('p', {class: 'muted'}, `No server spans of ${service} in this range.`));
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.isCurrent()) return cleanup;
    charts.replaceChildren(el('p', {class: 'error-box', role: 'alert'}, e.message));
  }
  return cleanup;
}

async function operations(service, box, signal) {
  try {
    const body = await getJson(`/api/services/${encodeURIComponent(service)}/operations`, signal);
    const ops = body.operations ?? [];
    box.replaceChildren(ops.length
      ? el('ul', {class: 'service-list'}, ops.map(o => el('li', null,
        el('a', {href: withRange('/traces', {service, operation: o})}, o))))
      : el('p', {class: 'muted'}, 'No operations recorded for this service.'));
  } catch (e) {
    if (e.name !== 'AbortError') box.replaceChildren(el('p', {class: 'error-box', role: 'alert'}, e.message));
  }
}
