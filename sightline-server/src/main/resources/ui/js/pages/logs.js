// /logs?query=...: the logs explorer. A query bar for the Sightline query language (errors point at the
// place in the input), a histogram of matches over time, a virtualised table of rows whose JSON expands,
// trace ids as links, live tail, a table and chart for GROUP BY queries, and a pasted trace id's story.
import {ApiError} from '../api.js';
import {el, formatDuration, formatTime, nanosStringToMillis} from '../format.js';
import {readRange, withRange} from '../timerange.js';
import {barChart, lineChart} from '../charts.js';
import {VirtualRows} from '../virtualrows.js';

const LIMIT = 1000;
// Histogram bucket widths, smallest first; the first giving at most ~60 buckets over the range is used.
const STEPS = [['1s', 1e3], ['5s', 5e3], ['10s', 10e3], ['30s', 30e3], ['1m', 60e3], ['5m', 300e3], ['10m', 600e3],
  ['30m', 1800e3], ['1h', 3600e3], ['3h', 3 * 3600e3], ['6h', 6 * 3600e3], ['12h', 12 * 3600e3], ['1d', 86400e3]];

/** POST /api/query; a 400 keeps the parser's position and expectations on the error. */
async function runQuery(query, range, signal, limit = LIMIT) {
  const res = await fetch('/api/query', {method: 'POST', signal,
    headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify({query, start: String(Math.floor(range.start)), end: String(Math.ceil(range.end)), limit})});
  let body = null;
  try {
    body = await res.json();
  } catch {
    // reported below
  }
  if (!res.ok || !body) {
    const e = new ApiError(res.status, body?.error ?? `${res.status} ${res.statusText}`);
    e.position = body?.position;
    e.expected = body?.expected;
    throw e;
  }
  return body;
}

/** A row's timestamp (epoch ns as a number or, beyond 2^53, a string) to epoch ms. */
export function rowMillis(v) {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'string') return /^-?\d+$/.test(v) ? nanosStringToMillis(v) : Date.parse(v);
  return Math.abs(v) > 1e14 ? v / 1e6 : v;
}

export async function render(main, params, ctx) {
  document.title = 'Logs · Sightline';
  main.classList.add('wide');
  const q = new URLSearchParams(location.search);
  const query = (q.get('query') ?? '').trim();
  const tailOn = q.get('tail') === '1';
  main.append(el('h1', null, 'Logs'));

  const input = el('textarea', {id: 'log-query', name: 'query', rows: 2, spellcheck: 'false',
    'aria-label': 'Query', 'aria-describedby': 'query-help',
    placeholder: "level = 'ERROR' AND service = 'payment'"}, query);
  const tailButton = el('button', {type: 'button', id: 'tail-toggle', 'aria-pressed': String(tailOn)},
    tailOn ? 'Stop live tail' : 'Live tail');
  const form = el('form', {class: 'promql-form', role: 'search'}, input,
    el('button', {type: 'submit', class: 'primary', id: 'run-query'}, 'Run'), tailButton);
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey) { // Enter runs, Shift+Enter breaks the line
      e.preventDefault();
      form.requestSubmit();
    }
  });
  const go = extra => {
    const p = new URLSearchParams(location.search);
    p.set('query', input.value.trim());
    for (const [k, v] of Object.entries(extra)) {
      if (v === null) p.delete(k);
      else p.set(k, v);
    }
    ctx.navigate(`/logs?${p}`);
  };
  form.addEventListener('submit', e => {
    e.preventDefault();
    go({});
  });
  tailButton.addEventListener('click', () => go({tail: tailOn ? null : '1'}));
  main.append(form, el('p', {id: 'query-help', class: 'small muted'},
    "A condition (level = 'ERROR' AND service = 'payment'), a phrase ('order 77'), a trace id, or ",
    el('code', null, 'SELECT … FROM logs WHERE … GROUP BY …'), '. Enter runs; Shift+Enter adds a line.'));

  const out = el('section', {class: 'log-results', 'aria-live': 'polite'});
  main.append(out);
  if (!query) {
    out.append(el('p', {class: 'muted'}, 'Write a query and press Enter.'));
    return;
  }
  const range = readRange();
  const abort = new AbortController();
  const cleanups = [() => abort.abort()];
  const cleanup = () => cleanups.forEach(f => f());
  out.append(el('p', {class: 'muted'}, 'Running…'));
  let body;
  try {
    body = await runQuery(query, range, abort.signal);
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.isCurrent()) return cleanup;
    out.replaceChildren(errorView(e, query, input));
    return cleanup;
  }
  if (!ctx.isCurrent()) return cleanup;
  out.replaceChildren(stats(body));

  if (body.kind === 'correlation') {
    if (body.trace) out.append(traceSummary(body.trace));
    const list = new VirtualRows(body.rows ?? [], logRow, {correlation: true});
    out.append(list.element);
    cleanups.push(() => list.destroy());
  } else if (body.kind === 'search') {
    const histo = el('div', {id: 'histogram', class: 'histogram'}, el('p', {class: 'muted small'}, 'Counting…'));
    const list = new VirtualRows(body.rows ?? [], logRow, {});
    out.append(histo, list.element);
    cleanups.push(() => list.destroy());
    histogram(histo, query, range, abort.signal);
    if (tailOn) cleanups.push(tail(query, list, out));
  } else if (isAggregated(body)) {
    out.append(groupView(body));
  } else {
    const list = new VirtualRows(body.rows ?? [], logRow, {});
    out.append(list.element);
    cleanups.push(() => list.destroy());
  }
  return cleanup;
}

function stats(body) {
  const s = body.stats ?? {};
  const n = (body.rows ?? []).length;
  return el('p', {class: 'small muted', id: 'result-stats'},
    `${n} row${n === 1 ? '' : 's'}${s.truncated ? ' (truncated)' : ''} · ${s.rowsMatched ?? '?'} matched of `
    + `${s.rowsScanned ?? '?'} scanned · ${s.elapsedMillis ?? '?'} ms · ${body.kind}`);
}

function errorView(e, query, input) {
  const box = el('div', {class: 'error-box', role: 'alert', id: 'query-error'}, el('p', {class: 'error-msg'}, e.message));
  const pos = e.position;
  if (pos && Number.isInteger(pos.offset)) {
    const at = Math.min(Math.max(0, pos.offset), query.length);
    // The input with the offending place marked: people find a column number hard to count.
    box.append(el('pre', {class: 'error-mark mono', id: 'error-mark'}, query.slice(0, at),
      el('mark', null, query.slice(at, at + 1) || ' '), query.slice(at + 1)));
    input.focus();
    input.setSelectionRange(at, Math.min(query.length, at + 1));
    input.setAttribute('aria-invalid', 'true');
  }
  if (Array.isArray(e.expected) && e.expected.length) {
    box.append(el('p', {class: 'small'}, 'Expected: ', e.expected.join(', ')));
  }
  return box;
}

function isAggregated(body) {
  const rows = body.rows ?? [];
  return /\bGROUP\s+BY\b|\b(count|sum|avg|min|max|p\d+|percentile)\s*\(/i.test((body.queries ?? []).join(' '))
    || (rows.length > 0 && !('timestamp' in rows[0]));
}

function traceSummary(t) {
  return el('section', {class: 'summary', id: 'trace-summary'},
    el('h2', null, 'Trace ', el('code', null, t.traceId)),
    el('p', null, `${t.spanCount} spans · ${t.errorCount ?? 0} errors · ${formatDuration(t.durationNanos)} · `,
      (t.services ?? []).join(', ')),
    el('p', null, el('a', {href: withRange(`/traces/${encodeURIComponent(t.traceId)}`), id: 'waterfall-link'},
      'Open the waterfall →')));
}

const HIDDEN = new Set(['timestamp', 'level', 'service', 'message', 'trace_id', 'dataset', 'name', 'span_id']);

/** One row of the virtualised table: time, level, service, message, trace link; `open` adds its JSON. */
function logRow(row, open, options) {
  const t = rowMillis(row.timestamp);
  const trace = row.trace_id ?? row.traceId;
  const level = String(row.level ?? '');
  const message = row.message ?? row.name ?? row.body ?? '';
  const rest = Object.entries(row).filter(([k]) => !HIDDEN.has(k)).slice(0, 4)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
  return el('div', {class: 'log-row-head'},
    el('span', {class: 'log-time mono', title: Number.isNaN(t) ? null : formatTime(t)}, Number.isNaN(t) ? '–'
      : [el('span', {class: 'log-date'}, formatTime(t).slice(0, 11)), formatTime(t).slice(11)]),
    options.correlation ? el('span', {class: `log-dataset ds-${row.dataset}`}, row.dataset) : null,
    el('span', {class: `log-level lvl-${level.toLowerCase()}`}, level),
    el('span', {class: 'log-service'}, row.service ?? ''),
    el('span', {class: 'log-msg'}, String(message), rest ? el('span', {class: 'muted'}, ' ', rest) : null),
    trace ? el('a', {class: 'log-trace mono', href: withRange(`/traces/${encodeURIComponent(trace)}`),
      title: `Trace ${trace}`}, String(trace).slice(0, 8) + '…') : null);
}

async function histogram(host, query, range, signal) {
  const width = range.end - range.start;
  const [step, stepMs] = STEPS.find(([, ms]) => width / ms <= 60) ?? STEPS[STEPS.length - 1];
  const q = `SELECT count(*) AS n FROM logs WHERE ${query} GROUP BY bucket(timestamp, '${step}') AS t`;
  try {
    const body = await runQuery(q, range, signal, 10000);
    const counts = new Map();
    for (const r of body.rows ?? []) {
      const ms = rowMillis(r.t);
      if (!Number.isNaN(ms)) counts.set(Math.floor(ms / stepMs) * stepMs, Number(r.n));
    }
    const first = Math.floor(range.start / stepMs) * stepMs;
    const bars = [];
    for (let t = first; t < range.end; t += stepMs) bars.push([t, counts.get(t) ?? 0]);
    host.replaceChildren(barChart(bars, {time: true, label: `Matches per ${step}`, id: 'histogram-svg'}));
  } catch (e) {
    if (e.name === 'AbortError') return;
    host.replaceChildren(el('p', {class: 'small muted'}, `No histogram: ${e.message}`));
  }
}

/** Live tail as server-sent events: new matching rows go on top. Returns the function that stops it. */
function tail(query, list, out) {
  const status = el('p', {class: 'small', id: 'tail-status', role: 'status'}, 'Live tail: connecting…');
  out.insertBefore(status, out.firstChild);
  const source = new EventSource(`/api/logs/tail?${new URLSearchParams({query})}`);
  source.addEventListener('open', () => { status.textContent = 'Live tail: on — new lines appear at the top.'; });
  source.addEventListener('log', e => {
    try {
      list.prepend(JSON.parse(e.data));
    } catch {
      // a malformed event is skipped, the stream goes on
    }
  });
  source.addEventListener('dropped', () => { status.textContent = 'Live tail: too far behind, stopped by the server.'; });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) status.textContent = 'Live tail: disconnected.';
  });
  return () => source.close();
}

function groupView(body) {
  const rows = body.rows ?? [];
  const cols = body.columns?.length ? body.columns : Object.keys(rows[0] ?? {});
  const numeric = cols.filter(c => rows.length && rows.every(r => r[c] === null || typeof r[c] === 'number'));
  const timeCol = cols.find(c => /^(t|time|timestamp|bucket.*)$/i.test(c));
  const valueCol = numeric.find(c => c !== timeCol);
  const labelCols = cols.filter(c => c !== valueCol && c !== timeCol && !numeric.includes(c));
  let chart = null;
  if (valueCol && timeCol) {
    // One line per combination of the other keys.
    const series = new Map();
    for (const r of rows) {
      const key = labelCols.map(c => r[c]).join(', ') || valueCol;
      if (!series.has(key)) series.set(key, []);
      series.get(key).push([rowMillis(r[timeCol]), Number(r[valueCol])]);
    }
    chart = lineChart([...series].map(([name, pts]) => ({name, points: pts.sort((a, b) => a[0] - b[0])})),
      {id: 'group-chart'});
  } else if (valueCol) {
    chart = barChart(rows.slice(0, 50).map(r => [labelCols.map(c => r[c]).join(', ') || '(none)', Number(r[valueCol])]),
      {label: valueCol, id: 'group-chart'});
  }
  const table = el('div', {class: 'table-scroll'}, el('table', {class: 'traces', id: 'group-table'},
    el('thead', null, el('tr', null, cols.map(c => el('th', {class: numeric.includes(c) ? 'num' : null}, c)))),
    el('tbody', null, rows.map(r => el('tr', null, cols.map(c => el('td',
      {class: numeric.includes(c) ? 'num mono' : 'mono'},
      c === timeCol ? formatTime(rowMillis(r[c])) : cell(r[c]))))))));
  return el('div', {class: 'group-view'}, chart, table);
}

function cell(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return String(Math.round(v * 1000) / 1000);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
