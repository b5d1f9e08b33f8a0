// /traces: search by service, operation, duration, tags and the shared time range; results as a
// scatter of duration over time and as a list. The filters live in the URL, so a search is a link.
import {getJson} from '../api.js';
import {el, formatDuration, formatTime, nanosStringToMillis, niceStep, serviceColor, svg} from '../format.js';
import {readRange, withRange} from '../timerange.js';

const FIELDS = ['service', 'operation', 'minDuration', 'maxDuration', 'tags', 'limit'];

export async function render(main, params, ctx) {
  document.title = 'Traces · Sightline';
  const q = new URLSearchParams(location.search);
  const abort = new AbortController();
  main.append(el('h1', null, 'Traces'));

  const service = el('select', {id: 'f-service', name: 'service'}, el('option', {value: ''}, 'All services'));
  const operation = el('select', {id: 'f-operation', name: 'operation'}, el('option', {value: ''}, 'All operations'));
  const min = el('input', {id: 'f-min', name: 'minDuration', placeholder: 'e.g. 250ms', value: q.get('minDuration') ?? '',
    size: 8, autocomplete: 'off'});
  const max = el('input', {id: 'f-max', name: 'maxDuration', placeholder: 'e.g. 5s', value: q.get('maxDuration') ?? '',
    size: 8, autocomplete: 'off'});
  const tags = el('input', {id: 'f-tags', name: 'tags', placeholder: 'http.status_code=500 region=eu',
    value: q.get('tags') ?? '', autocomplete: 'off'});
  const limit = el('select', {id: 'f-limit', name: 'limit'},
    ['20', '50', '100', '500'].map(v => el('option', {value: v, selected: (q.get('limit') ?? '50') === v}, v)));
  const form = el('form', {class: 'search-form', role: 'search'},
    field('Service', service), field('Operation', operation), field('Min duration', min),
    field('Max duration', max), field('Tags', tags, 'wide'), field('Limit', limit),
    el('div', {class: 'field'}, el('button', {type: 'submit', id: 'search-button', class: 'primary'}, 'Find traces')));
  main.append(form);
  const results = el('section', {class: 'results', 'aria-live': 'polite'});
  main.append(results);

  const loadOperations = async () => {
    operation.replaceChildren(el('option', {value: ''}, 'All operations'));
    if (!service.value) return;
    try {
      const ops = await getJson(`/api/services/${encodeURIComponent(service.value)}/operations`, abort.signal);
      for (const o of ops.operations ?? []) operation.append(el('option', {value: o, selected: q.get('operation') === o}, o));
    } catch (e) {
      if (e.name !== 'AbortError') results.prepend(el('p', {class: 'error-box', role: 'alert'}, e.message));
    }
  };
  service.addEventListener('change', () => {
    q.delete('operation');
    loadOperations();
  });
  form.addEventListener('submit', e => {
    e.preventDefault();
    const p = new URLSearchParams(location.search);
    for (const f of FIELDS) {
      const v = form.elements[f].value.trim();
      if (v) p.set(f, v);
      else p.delete(f);
    }
    ctx.navigate(`/traces?${p}`);
  });

  try {
    const services = await getJson('/api/services', abort.signal);
    for (const s of services.services ?? []) service.append(el('option', {value: s, selected: q.get('service') === s}, s));
    await loadOperations();
  } catch (e) {
    if (e.name !== 'AbortError') results.append(el('p', {class: 'error-box', role: 'alert'}, e.message));
  }
  if (!ctx.isCurrent()) return () => abort.abort();
  search(results, q, abort.signal, ctx);
  return () => abort.abort();
}

function field(label, input, cls) {
  return el('label', {class: `field ${cls ?? ''}`}, el('span', null, label), input);
}

async function search(results, q, signal, ctx) {
  const range = readRange();
  const api = new URLSearchParams();
  for (const f of FIELDS) {
    if (q.get(f)) api.set(f, q.get(f));
  }
  if (!api.has('limit')) api.set('limit', '50');
  api.set('start', String(Math.floor(range.start)));
  api.set('end', String(Math.ceil(range.end)));
  results.replaceChildren(el('p', {class: 'muted'}, 'Searching…'));
  let body;
  try {
    body = await getJson(`/api/traces?${api}`, signal);
  } catch (e) {
    if (e.name === 'AbortError') return;
    results.replaceChildren(el('p', {class: 'error-box', role: 'alert'}, e.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const traces = body.traces ?? [];
  results.replaceChildren(el('h2', {id: 'result-count'},
    `${traces.length} trace${traces.length === 1 ? '' : 's'}`,
    el('span', {class: 'muted small'}, ` · ${formatTime(range.start)} – ${formatTime(range.end)}`)));
  if (!traces.length) {
    results.append(el('p', {class: 'muted'}, 'No traces match. Widen the time range or remove a filter.'));
    return;
  }
  results.append(scatter(traces, range, results.clientWidth), list(traces));
}

/** Duration (y) over start time (x): one dot per trace, a link to it; errors in red. */
function scatter(traces, range, width) {
  // Drawn at the width it is shown at, so text and dots keep their shape on a phone.
  const W = Math.max(280, Math.round(width || 1000));
  const H = W < 600 ? 180 : 220;
  const pad = {l: 64, r: 12, t: 10, b: 26};
  const maxDur = Math.max(...traces.map(t => Number(t.durationNanos)), 1);
  const yStep = niceStep(maxDur, 4);
  const yMax = Math.ceil(maxDur / yStep) * yStep;
  const x = ms => pad.l + (ms - range.start) / Math.max(1, range.end - range.start) * (W - pad.l - pad.r);
  const y = d => H - pad.b - d / yMax * (H - pad.t - pad.b);
  const g = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'scatter', role: 'img', height: H,
    'aria-label': `Duration over time of ${traces.length} traces`});
  for (let d = 0; d <= yMax + 1e-9; d += yStep) {
    g.append(svg('line', {x1: pad.l, x2: W - pad.r, y1: y(d), y2: y(d), class: 'gridline'}));
    g.append(svg('text', {x: pad.l - 6, y: y(d) + 4, 'text-anchor': 'end', class: 'axis-label'}, formatDuration(d)));
  }
  const span = range.end - range.start;
  const xStep = timeStep(span, W < 600 ? 3 : 6);
  for (let t = Math.ceil(range.start / xStep) * xStep; t <= range.end; t += xStep) {
    const d = new Date(t);
    const label = span > 2 * 86400e3 ? `${d.getMonth() + 1}/${d.getDate()}`
      : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
        + (span < 600e3 ? `:${String(d.getSeconds()).padStart(2, '0')}` : '');
    g.append(svg('text', {x: x(t), y: H - 8, 'text-anchor': 'middle', class: 'axis-label'}, label));
  }
  for (const t of traces) {
    const ms = nanosStringToMillis(t.startTimeUnixNano);
    const a = svg('a', {href: withRange(`/traces/${t.traceId}`), class: 'dot-link', 'data-trace-id': t.traceId},
      svg('title', null, `${t.rootService}: ${t.rootOperation} · ${formatDuration(t.durationNanos)} · ${formatTime(ms)}`),
      svg('circle', {cx: x(ms), cy: y(Number(t.durationNanos)), r: 5,
        fill: t.errorCount ? '#d62728' : serviceColor(t.rootService), class: 'dot'}));
    g.append(a);
  }
  return el('figure', {class: 'scatter-box'}, g,
    el('figcaption', {class: 'muted small'}, 'Duration over time; red dots had errors. Select a dot to open its trace.'));
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  172800, 604800].map(s => s * 1000);

/** A clock-friendly tick step (1 s … 7 d) giving about `count` ticks over `span` milliseconds. */
function timeStep(span, count) {
  return TIME_STEPS.find(s => span / s <= count) ?? TIME_STEPS[TIME_STEPS.length - 1];
}

function list(traces) {
  return el('table', {class: 'traces', id: 'trace-list'},
    el('thead', null, el('tr', null,
      el('th', null, 'Started'), el('th', null, 'Root'), el('th', {class: 'num'}, 'Duration'),
      el('th', {class: 'num'}, 'Spans'), el('th', {class: 'num'}, 'Errors'), el('th', {class: 'hide-narrow'}, 'Services'))),
    el('tbody', null, traces.map(t => el('tr', {'data-trace-id': t.traceId},
      el('td', {class: 'mono'}, formatTime(nanosStringToMillis(t.startTimeUnixNano))),
      el('td', null, el('a', {href: withRange(`/traces/${t.traceId}`), class: 'trace-link'},
        el('span', {class: 'wf-dot', style: {background: serviceColor(t.rootService)}}),
        ` ${t.rootService}: ${t.rootOperation}`)),
      el('td', {class: 'num mono'}, formatDuration(t.durationNanos)),
      el('td', {class: 'num mono'}, String(t.spanCount)),
      el('td', {class: t.errorCount ? 'num mono status-error' : 'num mono'}, String(t.errorCount)),
      el('td', {class: 'hide-narrow small'}, (t.services ?? []).join(', '))))));
}
