// /: the landing page. For each service the golden signals from span-derived metrics (traffic, error
// ratio, latency p50/p95/p99 — percentiles, never averages) with sparklines, then the service map.
import {getJson} from '../api.js';
import {el, serviceColor} from '../format.js';
import {readRange, withRange} from '../timerange.js';
import {sparkline} from '../charts.js';
import {serviceMap} from '../servicemap.js';
import {GRAPH, formatPercent, formatRate, formatSeconds, grid, instant, range, signalQueries} from '../promql.js';

export async function render(main, params, ctx) {
  document.title = 'Overview · Sightline';
  main.append(el('h1', null, 'Services'));
  const box = el('section', {'aria-live': 'polite', id: 'signals-box'}, el('p', {class: 'muted'}, 'Loading…'));
  const mapBox = el('section', {id: 'map-box'});
  main.append(box, el('h2', null, 'Service map'), mapBox, endpoints());
  const abort = new AbortController();
  const r = readRange();
  const now = Math.ceil(r.end / 1000);
  const g = grid(r);
  const q = signalQueries();
  try {
    const [services, traffic, errors, p50, p95, p99, trafficR, errorsR, p99R, edges, failed] = await Promise.all([
      getJson('/api/services', abort.signal).then(b => b.services ?? []),
      instant(q.traffic, now, abort.signal), instant(q.errors, now, abort.signal),
      instant(q.p50, now, abort.signal), instant(q.p95, now, abort.signal), instant(q.p99, now, abort.signal),
      range(q.traffic, g.start, g.end, g.step, abort.signal), range(q.errors, g.start, g.end, g.step, abort.signal),
      range(q.p99, g.start, g.end, g.step, abort.signal),
      instant(GRAPH.requests, now, abort.signal), instant(GRAPH.failed, now, abort.signal)]);
    if (!ctx.isCurrent()) return;
    const by = list => new Map(list.map(x => [x.metric.service_name, x]));
    const [t, e, l50, l95, l99, tR, eR, l99R] = [traffic, errors, p50, p95, p99, trafficR, errorsR, p99R].map(by);
    const names = [...new Set([...services, ...t.keys()])].filter(Boolean).sort();
    box.replaceChildren(names.length ? signalsTable(names, {t, e, l50, l95, l99, tR, eR, l99R})
      : el('p', null, 'No service has sent spans yet.'));
    const failedBy = new Map(failed.map(f => [`${f.metric.client}\u0000${f.metric.server}`, f.value]));
    const map = serviceMap(edges.filter(x => Number.isFinite(x.value)).map(x => ({client: x.metric.client,
      server: x.metric.server, rate: x.value, failed: failedBy.get(`${x.metric.client}\u0000${x.metric.server}`) ?? 0})),
    n => withRange(`/services/${encodeURIComponent(n)}`));
    mapBox.replaceChildren(map ? el('div', {class: 'map-scroll'}, map) : el('p', {class: 'muted'}, 'No calls between services in the last 5 minutes.'));
  } catch (err) {
    if (err.name === 'AbortError' || !ctx.isCurrent()) return;
    box.replaceChildren(el('p', {class: 'error-box', role: 'alert'}, err.message));
  }
  return () => abort.abort();
}

function signalsTable(names, s) {
  const value = (m, n) => m.get(n)?.value;
  return el('div', {class: 'table-scroll'}, el('table', {class: 'traces signals', id: 'signals'},
    el('caption', {class: 'small muted', style: {textAlign: 'left', captionSide: 'bottom', padding: '4px'}},
      'Server spans, rates over 5 minutes; sparklines over the chosen range.'),
    el('thead', null, el('tr', null, el('th', null, 'Service'), el('th', {class: 'num'}, 'Traffic'),
      el('th', {class: 'hide-narrow'}, ''), el('th', {class: 'num'}, 'Errors'), el('th', {class: 'hide-narrow'}, ''),
      el('th', {class: 'num hide-narrow'}, 'p50'), el('th', {class: 'num hide-narrow'}, 'p95'), el('th', {class: 'num'}, 'p99'),
      el('th', {class: 'hide-narrow'}, ''))),
    el('tbody', null, names.map(n => {
      const traffic = value(s.t, n);
      // No error series but traffic means no errors, not "unknown".
      const errors = value(s.e, n) ?? (traffic > 0 ? 0 : undefined);
      return el('tr', {'data-service': n},
        el('td', null, el('span', {class: 'wf-dot', style: {background: serviceColor(n)}}), ' ',
          el('a', {href: withRange(`/services/${encodeURIComponent(n)}`)}, n)),
        el('td', {class: 'num mono traffic'}, formatRate(traffic)),
        el('td', {class: 'hide-narrow'}, sparkline(s.tR.get(n)?.points ?? [], {label: `${n} traffic over time`})),
        el('td', {class: `num mono errors${errors > 0 ? ' status-error' : ''}`}, formatPercent(errors)),
        el('td', {class: 'hide-narrow'}, sparkline(s.eR.get(n)?.points ?? [], {color: 'var(--error)', label: `${n} errors over time`})),
        el('td', {class: 'num mono hide-narrow p50'}, formatSeconds(value(s.l50, n))),
        el('td', {class: 'num mono hide-narrow p95'}, formatSeconds(value(s.l95, n))),
        el('td', {class: 'num mono p99'}, formatSeconds(value(s.l99, n))),
        el('td', {class: 'hide-narrow'}, sparkline(s.l99R.get(n)?.points ?? [], {label: `${n} p99 latency over time`})));
    }))));
}

function endpoints() {
  let e = {};
  try {
    e = JSON.parse(document.getElementById('sightline-endpoints')?.textContent ?? '{}');
  } catch {
    // the page still works without the ports
  }
  const host = location.hostname;
  return el('section', {class: 'endpoints'}, el('h2', null, 'Send data'),
    el('ul', null,
      el('li', null, 'OTLP/gRPC: ', el('code', null, `${host}:${e.otlpGrpcPort ?? 4317}`)),
      el('li', null, 'OTLP/HTTP: ', el('code', null, `http://${host}:${e.otlpHttpPort ?? 4318}/v1/traces`)),
      el('li', null, 'Zipkin v2: ', el('code', null, `http://${host}:${e.zipkinPort ?? 9411}/api/v2/spans`)),
      el('li', null, 'APIs: ', el('a', {href: '/api/services'}, '/api/services'), ', ',
        el('a', {href: '/api/traces?limit=20'}, '/api/traces'), ', ',
        el('a', {href: '/health/ready'}, '/health/ready'))));
}
