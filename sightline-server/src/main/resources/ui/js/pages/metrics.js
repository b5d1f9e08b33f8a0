// /metrics?query=...: a PromQL box, a uPlot chart of the range result with legend and hover values,
// a table view, and the same query as an API URL. The query and the time range live in the URL.
import {getJson} from '../api.js';
import {el, formatTime, serviceColor} from '../format.js';
import {readRange} from '../timerange.js';

const UPLOT = '/ui/vendor/uplot/1.6.30/dist'; // the WebJar's version, as in the parent POM
const MAX_POINTS = 300;

export async function render(main, params, ctx) {
  document.title = 'Metrics · Sightline';
  const q = new URLSearchParams(location.search);
  const query = q.get('query') ?? '';
  const view = q.get('view') === 'table' ? 'table' : 'chart';
  main.append(el('h1', null, 'Metrics'));
  const input = el('textarea', {id: 'promql', name: 'query', rows: 2, spellcheck: 'false', 'aria-label': 'PromQL query',
    placeholder: 'sum by (code) (rate(http_requests_total[5m]))'}, query);
  const form = el('form', {class: 'promql-form', role: 'search'}, input,
    el('button', {type: 'submit', class: 'primary', id: 'run-query'}, 'Run'));
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey) { // Enter runs, Shift+Enter breaks the line
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = new URLSearchParams(location.search);
    p.set('query', input.value.trim());
    ctx.navigate(`/metrics?${p}`);
  });
  main.append(form);
  const out = el('section', {class: 'metric-results', 'aria-live': 'polite'});
  main.append(out);
  if (!query) {
    out.append(el('p', {class: 'muted'}, 'Write a PromQL expression and press Enter.'));
    return;
  }

  const range = readRange();
  // Whole seconds: the server evaluates at start + k·step, and the chart's x grid is built the same way.
  const start = Math.floor(range.start / 1000);
  const end = Math.ceil(range.end / 1000);
  const step = Math.max(1, Math.ceil((end - start) / MAX_POINTS));
  const api = `/api/v1/query_range?${new URLSearchParams({query, start: String(start), end: String(end), step: String(step)})}`;
  const abort = new AbortController();
  out.append(el('p', {class: 'muted'}, 'Running…'));
  let body;
  let uPlot;
  try {
    [body, uPlot] = await Promise.all([getJson(api, abort.signal), loadUplot()]);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.isCurrent()) return;
    out.replaceChildren(el('p', {class: 'error-box', role: 'alert', id: 'query-error'}, e.message),
      el('p', {class: 'small'}, el('a', {href: api}, 'API URL')));
    return () => abort.abort();
  }
  if (!ctx.isCurrent()) return;
  const series = body.data?.result ?? [];
  const tabs = el('div', {class: 'tabs', role: 'group', 'aria-label': 'View'},
    tab('Chart', 'chart', view), tab('Table', 'table', view),
    el('a', {href: api, class: 'small api-link', id: 'api-link'}, 'API URL'));
  out.replaceChildren(el('h2', {id: 'series-count'}, `${series.length} series`,
    el('span', {class: 'muted small'}, ` · step ${step}s · ${formatTime(range.start)} – ${formatTime(range.end)}`)), tabs);
  for (const w of body.warnings ?? []) out.append(el('p', {class: 'muted small'}, `Warning: ${w}`));
  if (!series.length) {
    out.append(el('p', {class: 'muted'}, 'No data in this time range.'));
    return () => abort.abort();
  }
  let plot = null;
  const onResize = () => plot && plot.setSize({width: chartBox.clientWidth, height: 320});
  const chartBox = el('div', {class: 'chart', id: 'chart'});
  if (view === 'chart') {
    out.append(chartBox);
    plot = chart(uPlot, chartBox, series, start, end, step);
    window.addEventListener('resize', onResize);
  } else {
    out.append(table(series));
  }
  return () => {
    abort.abort();
    window.removeEventListener('resize', onResize);
    if (plot) plot.destroy();
  };
}

function tab(label, value, current) {
  const p = new URLSearchParams(location.search);
  p.set('view', value);
  return el('a', {href: `/metrics?${p}`, class: 'tab', 'aria-current': value === current ? 'true' : null}, label);
}

let uplotPromise = null;

export function loadUplot() {
  if (!uplotPromise) {
    document.head.append(el('link', {rel: 'stylesheet', href: `${UPLOT}/uPlot.min.css`}));
    uplotPromise = import(`${UPLOT}/uPlot.esm.js`).then(m => m.default);
  }
  return uplotPromise;
}

/** A series' name as Prometheus prints it: name{a="b", c="d"}. */
export function seriesName(metric) {
  const {__name__: name, ...labels} = metric ?? {};
  const inner = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}="${v}"`).join(', ');
  return `${name ?? ''}{${inner}}`;
}

function chart(uPlot, host, series, start, end, step) {
  // One x grid for every series (a range result has points at start + k·step); missing points stay null.
  const xs = [];
  for (let t = start; t <= end; t += step) xs.push(t);
  const index = new Map(xs.map((t, i) => [t.toFixed(3), i]));
  const data = [xs];
  for (const s of series) {
    const ys = new Array(xs.length).fill(null);
    for (const [t, v] of s.values ?? []) {
      let i = index.get(Number(t).toFixed(3));
      if (i === undefined) {
        i = xs.findIndex(x => x >= Number(t));
        if (i < 0) continue;
      }
      ys[i] = Number(v);
    }
    data.push(ys);
  }
  const opts = {
    width: host.clientWidth || 800,
    height: 320,
    scales: {x: {time: true}},
    series: [{}, ...series.map(s => {
      const name = seriesName(s.metric);
      return {label: name, stroke: serviceColor(name), width: 1.5, spanGaps: false,
        value: (u, v) => (v === null || v === undefined ? '–' : formatValue(v))};
    })],
    axes: [{}, {values: (u, ticks) => ticks.map(formatValue), size: 70}],
    legend: {live: true},
  };
  return new uPlot(opts, data, host);
}

function formatValue(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.001 || a >= 1e6)) return v.toExponential(2);
  return String(Math.round(v * 1000) / 1000);
}

function table(series) {
  return el('table', {class: 'traces', id: 'series-table'},
    el('thead', null, el('tr', null, el('th', null, 'Series'), el('th', {class: 'num'}, 'Last'),
      el('th', {class: 'num'}, 'Min'), el('th', {class: 'num'}, 'Max'), el('th', {class: 'num hide-narrow'}, 'Points'))),
    el('tbody', null, series.map(s => {
      const vs = (s.values ?? []).map(([, v]) => Number(v)).filter(Number.isFinite);
      const last = vs.length ? vs[vs.length - 1] : null;
      return el('tr', null, el('td', {class: 'mono wrap'}, seriesName(s.metric)),
        el('td', {class: 'num mono'}, last === null ? '–' : formatValue(last)),
        el('td', {class: 'num mono'}, vs.length ? formatValue(Math.min(...vs)) : '–'),
        el('td', {class: 'num mono'}, vs.length ? formatValue(Math.max(...vs)) : '–'),
        el('td', {class: 'num mono hide-narrow'}, String(vs.length)));
    })));
}
