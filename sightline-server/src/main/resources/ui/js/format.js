// Formatting shared by every page: durations, times, ids, stable service colours, and a tiny DOM builder.

/** A duration in nanoseconds for people: 850 ns, 12.3 µs, 4.56 ms, 9.12 s, 2m 05s, 1h 02m. */
export function formatDuration(nanos) {
  const n = Number(nanos);
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a < 1e3) return `${Math.round(n)} ns`;
  if (a < 1e6) return `${sig(n / 1e3)} µs`;
  if (a < 1e9) return `${sig(n / 1e6)} ms`;
  if (a < 60e9) return `${sig(n / 1e9)} s`;
  const totalSeconds = Math.round(n / 1e9);
  if (a < 3600e9) return `${Math.floor(totalSeconds / 60)}m ${pad2(totalSeconds % 60)}s`;
  return `${Math.floor(totalSeconds / 3600)}h ${pad2(Math.floor(totalSeconds / 60) % 60)}m`;
}

function sig(x) {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function pad2(x) {
  return String(x).padStart(2, '0');
}

/** Epoch milliseconds as local date and time with milliseconds: 2026-11-23 20:11:52.123. */
export function formatTime(epochMillis) {
  const d = new Date(epochMillis);
  if (Number.isNaN(d.getTime())) return '–';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} `
    + `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Epoch nanoseconds given as a decimal string (exact) to epoch milliseconds (a Number). */
export function nanosStringToMillis(s) {
  try {
    return Number(BigInt(s) / 1000000n);
  } catch {
    return Number(s) / 1e6;
  }
}

// Quiet, distinguishable hues; a service keeps its colour on every page and every load.
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948',
  '#9c755f', '#ff9da7', '#6b8e23', '#8c6bb1', '#2a9d8f', '#d4a373'];

/** A colour for a service name, stable across pages and reloads (FNV-1a of the name). */
export function serviceColor(name) {
  let h = 0x811c9dc5;
  const s = String(name ?? '');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return PALETTE[h % PALETTE.length];
}

/**
 * Builds an element: el('a', {href: '/x', class: 'y'}, 'text', child). Attribute values are set as
 * attributes (never parsed as HTML); text children become text nodes, so data from spans is never markup.
 */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'style' && typeof v === 'object') Object.assign(e.style, v);
      else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(e, children);
  return e;
}

function append(parent, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** An SVG element with attributes. */
export function svg(tag, attrs, ...children) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

/** "Nice" tick step for a span of `range` units wanting about `count` ticks (1, 2, 5 × 10^k). */
export function niceStep(range, count) {
  if (!(range > 0)) return 1;
  const raw = range / Math.max(1, count);
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}
