// PromQL over the Prometheus HTTP API, and the golden-signal queries on span-derived metrics that the
// overview and service pages share. Latency is always a percentile from the histogram, never a mean.
import {getJson} from './api.js';

/** An instant query at `time` (epoch s): the result vector as [{metric, value: number}]. */
export async function instant(query, time, signal) {
  const body = await getJson(`/api/v1/query?${new URLSearchParams({query, time: String(time)})}`, signal);
  return (body.data?.result ?? []).map(r => ({metric: r.metric ?? {}, value: Number(r.value?.[1])}));
}

/** A range query: [{metric, points: [[epoch ms, number]]}]. */
export async function range(query, start, end, step, signal) {
  const body = await getJson(`/api/v1/query_range?${new URLSearchParams({query, start: String(start),
    end: String(end), step: String(step)})}`, signal);
  return (body.data?.result ?? []).map(r => ({metric: r.metric ?? {},
    points: (r.values ?? []).map(([t, v]) => [Number(t) * 1000, Number(v)])}));
}

const CALLS = 'traces_span_metrics_calls_total';
const BUCKETS = 'traces_span_metrics_duration_seconds_bucket';

/** Label matchers for server spans, optionally of one service (its name quoted for PromQL). */
export function serverSpans(service, extra = '') {
  const svc = service === undefined ? '' : `,service_name=${JSON.stringify(service)}`;
  return `{span_kind="SPAN_KIND_SERVER"${svc}${extra}}`;
}

/** The golden-signal queries by service_name (or by `by`, e.g. "span_name"), over `window` (e.g. "5m"). */
export function signalQueries(service, window = '5m', by = 'service_name') {
  const sel = serverSpans(service);
  const errSel = serverSpans(service, ',status_code="STATUS_CODE_ERROR"');
  const q = p => `histogram_quantile(${p}, sum by (le, ${by}) (rate(${BUCKETS}${sel}[${window}])))`;
  return {
    traffic: `sum by (${by}) (rate(${CALLS}${sel}[${window}]))`,
    errors: `sum by (${by}) (rate(${CALLS}${errSel}[${window}])) / sum by (${by}) (rate(${CALLS}${sel}[${window}]))`,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
  };
}

export const GRAPH = {
  requests: 'sum by (client, server) (rate(traces_service_graph_request_total[5m]))',
  failed: 'sum by (client, server) (rate(traces_service_graph_request_failed_total[5m]))',
};

/** A range's step (whole seconds) for about `points` points, and its end rounded up to the step. */
export function grid(rangeMs, points = 60) {
  const start = Math.floor(rangeMs.start / 1000);
  const step = Math.max(15, Math.ceil((Math.ceil(rangeMs.end / 1000) - start) / points));
  // Ending on the step after now keeps the newest samples (written every 15 s) in the last point.
  const end = Math.ceil(rangeMs.end / 1000 / step) * step;
  return {start, end, step};
}

/** Seconds as a latency for people: 850 µs, 12.3 ms, 1.20 s. */
export function formatSeconds(s) {
  if (!Number.isFinite(s)) return '–';
  if (s < 1e-3) return `${(s * 1e6).toFixed(0)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(s < 0.01 ? 2 : 1)} ms`;
  return `${s.toFixed(2)} s`;
}

export function formatRate(r) {
  if (!Number.isFinite(r)) return '–';
  return r >= 100 ? `${r.toFixed(0)}/s` : r >= 1 ? `${r.toFixed(1)}/s` : `${r.toFixed(3)}/s`;
}

export function formatPercent(x) {
  if (!Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(x < 0.01 && x > 0 ? 2 : 1)}%`;
}
