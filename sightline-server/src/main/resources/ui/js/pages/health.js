// /health: each probed service's liveness and readiness now (from /api/health/targets) and over the
// time range (PromQL over probe_success), so "was it down at 03:10?" has an answer on one screen.
import {getJson} from '../api.js';
import {el, formatTime} from '../format.js';
import {readRange} from '../timerange.js';
import {grid, formatSeconds, range} from '../promql.js';

const KINDS = ['live', 'ready'];

export async function render(main, params, ctx) {
  document.title = 'Health · Sightline';
  main.append(el('h1', null, 'Health'),
    el('p', {class: 'small muted'}, 'Liveness: is the process alive? Readiness: can it serve? From Sightline\'s own probes.'));
  const now = el('section', {'aria-live': 'polite', id: 'health-now'}, el('p', {class: 'muted'}, 'Loading…'));
  const over = el('section', {id: 'health-over-time'});
  main.append(now, el('h2', null, 'Over time'), over);
  const abort = new AbortController();
  const r = readRange();
  // Grid points end now, not on the next step: each point's [step] window then holds the latest attempts.
  const step = grid(r, 90).step;
  const end = Math.ceil(r.end / 1000);
  const g = {step, end, start: end - Math.floor((end - Math.floor(r.start / 1000)) / step) * step};
  try {
    const [body, series] = await Promise.all([getJson('/api/health/targets', abort.signal),
      range(`min by (service, kind) (min_over_time(probe_success[${g.step}s]))`, g.start, g.end, g.step, abort.signal)
        .catch(() => [])]);
    if (!ctx.isCurrent()) return;
    const targets = body.targets ?? [];
    if (!targets.length) {
      now.replaceChildren(el('p', null, 'No probes are configured. Add them under ', el('code', null, 'probes:'),
        ' in the config, e.g. ', el('code', null, "{name: inventory, url: 'http://inventory:8080/health/ready', kind: ready}"), '.'));
    } else {
      now.replaceChildren(currentTable(targets));
    }
    over.replaceChildren(overTime(targets, series, g));
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.isCurrent()) return;
    now.replaceChildren(el('p', {class: 'error-box', role: 'alert'}, e.message));
  }
  return () => abort.abort();
}

function byService(targets) {
  const m = new Map();
  for (const t of targets) {
    if (!m.has(t.name)) m.set(t.name, {});
    m.get(t.name)[t.kind] = t;
  }
  return [...m].sort(([a], [b]) => a.localeCompare(b));
}

function currentTable(targets) {
  return el('div', {class: 'table-scroll'}, el('table', {class: 'traces', id: 'health-table'},
    el('thead', null, el('tr', null, el('th', null, 'Service'), el('th', null, 'Liveness'), el('th', null, 'Readiness'))),
    el('tbody', null, byService(targets).map(([name, kinds]) => el('tr', {'data-service': name},
      el('th', {scope: 'row'}, name),
      KINDS.map(k => el('td', {class: `probe probe-${k}`}, kinds[k] ? probeCell(kinds[k]) : el('span', {class: 'muted'}, 'not probed'))))))));
}

function probeCell(t) {
  const last = t.last_status_code ? `HTTP ${t.last_status_code}` : (t.last_error ? 'no response' : '');
  const recent = (t.history ?? []).slice(-30);
  return [
    el('div', null, el('span', {class: `state state-${t.state}`}, t.state), ' ',
      el('span', {class: 'small muted'}, [last, Number.isFinite(t.last_duration_seconds) ? formatSeconds(t.last_duration_seconds) : '']
        .filter(Boolean).join(' · '))),
    t.last_error && t.state !== 'UP' ? el('div', {class: 'small status-error probe-error'}, t.last_error) : null,
    recent.length ? el('div', {class: 'strip', role: 'img', 'aria-label': `last ${recent.length} attempts: `
      + `${recent.filter(h => !h.success).length} failed`},
    recent.map(h => el('span', {class: h.success ? 'ok' : 'bad',
      title: `${h.time}: ${h.success ? 'ok' : 'failed'}${h.status_code ? ` (HTTP ${h.status_code})` : ''}${h.error ? ` ${h.error}` : ''}`}))) : null,
    el('div', {class: 'small muted wrap'}, el('a', {href: t.url, rel: 'noopener'}, t.url),
      t.last_checked ? ` · checked ${formatTime(Date.parse(t.last_checked))}` : ''),
  ];
}

/** One strip per service and kind over the range: green where every attempt succeeded, red where one failed. */
function overTime(targets, series, g) {
  const keys = new Map();
  for (const t of targets) keys.set(`${t.name}\u0000${t.kind}`, {service: t.name, kind: t.kind});
  for (const s of series) keys.set(`${s.metric.service}\u0000${s.metric.kind}`, {service: s.metric.service, kind: s.metric.kind});
  if (!keys.size) return el('p', {class: 'muted'}, 'No probe results in this range.');
  const cells = Math.round((g.end - g.start) / g.step) + 1;
  const rows = [...keys.values()].sort((a, b) => a.service.localeCompare(b.service) || a.kind.localeCompare(b.kind));
  return el('div', null, el('table', {class: 'traces', id: 'health-history'},
    el('tbody', null, rows.map(({service, kind}) => {
      const s = series.find(x => x.metric.service === service && x.metric.kind === kind);
      const at = new Map((s?.points ?? []).map(([t, v]) => [Math.round(t / 1000), v]));
      const strip = [];
      for (let i = 0; i < cells; i++) {
        const t = g.start + i * g.step;
        const v = at.get(t);
        strip.push(el('span', {class: v === undefined ? '' : v >= 1 ? 'ok' : 'bad',
          title: `${formatTime(t * 1000)}: ${v === undefined ? 'no data' : v >= 1 ? 'ok' : 'failed'}`}));
      }
      return el('tr', {'data-service': service, 'data-kind': kind},
        el('th', {scope: 'row', class: 'nowrap'}, `${service} `, el('span', {class: 'muted small'}, kind)),
        el('td', {style: {width: '80%'}}, el('div', {class: 'strip history-strip', role: 'img',
          'aria-label': `${service} ${kind} over time`}, strip)));
    }))),
  el('div', {class: 'chart-axis small muted'}, el('span', null, formatTime(g.start * 1000)),
    el('span', null, `one cell per ${g.step} s`), el('span', null, formatTime(g.end * 1000))));
}
