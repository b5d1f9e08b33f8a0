// The shared time range, kept in the URL so a link reproduces what a person sees:
// ?range=1h (relative to now, the default) or ?start=<epoch ms or RFC 3339>&end=<...> (absolute).
import {el} from './format.js';

export const RANGES = [
  ['5m', 'Last 5 minutes', 5 * 60e3],
  ['15m', 'Last 15 minutes', 15 * 60e3],
  ['1h', 'Last hour', 3600e3],
  ['6h', 'Last 6 hours', 6 * 3600e3],
  ['24h', 'Last 24 hours', 24 * 3600e3],
  ['7d', 'Last 7 days', 7 * 24 * 3600e3],
  ['30d', 'Last 30 days', 30 * 24 * 3600e3],
];
export const DEFAULT_RANGE = '1h';

function parseTime(v) {
  if (v === null || v === '') return null;
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/** The range in the URL: {start, end} in epoch ms, plus `key` when relative. `now` is injectable. */
export function readRange(search = location.search, now = Date.now()) {
  const p = new URLSearchParams(search);
  const start = parseTime(p.get('start'));
  const end = parseTime(p.get('end'));
  if (start !== null) {
    return {start, end: end ?? now, key: null};
  }
  const key = RANGES.some(r => r[0] === p.get('range')) ? p.get('range') : DEFAULT_RANGE;
  const ms = RANGES.find(r => r[0] === key)[2];
  return {start: now - ms, end: now, key};
}

/** The range's query parameters to carry into a link: range=1h, or start=&end=. */
export function rangeParams(search = location.search) {
  const p = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const k of ['range', 'start', 'end']) {
    if (p.has(k)) out.set(k, p.get(k));
  }
  return out;
}

/** A local path with the current range kept: withRange('/traces', {service: 'x'}). */
export function withRange(path, extra = {}) {
  const p = rangeParams();
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, v);
  }
  const q = p.toString();
  return q ? `${path}?${q}` : path;
}

function toLocalInput(ms) {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60e3);
  return d.toISOString().slice(0, 16);
}

/** Draws the picker into `host`; `onChange(search)` gets the new query string to navigate to. */
export function renderPicker(host, onChange) {
  host.replaceChildren();
  const current = readRange();
  const select = el('select', {id: 'range-select', 'aria-label': 'Time range'},
    RANGES.map(([k, label]) => el('option', {value: k, selected: current.key === k}, label)),
    el('option', {value: 'custom', selected: current.key === null}, 'Custom…'));
  const from = el('input', {type: 'datetime-local', 'aria-label': 'From', value: toLocalInput(current.start)});
  const to = el('input', {type: 'datetime-local', 'aria-label': 'To', value: toLocalInput(current.end)});
  const apply = el('button', {type: 'submit'}, 'Apply');
  const custom = el('span', {class: 'custom-range', hidden: current.key !== null}, from, to, apply);
  const form = el('form', {class: 'range-form'}, select, custom);
  select.addEventListener('change', () => {
    if (select.value === 'custom') {
      custom.hidden = false;
      from.focus();
      return;
    }
    const p = new URLSearchParams(location.search);
    p.delete('start');
    p.delete('end');
    p.set('range', select.value);
    onChange(p.toString());
  });
  form.addEventListener('submit', e => {
    e.preventDefault();
    const s = Date.parse(from.value);
    const t = Date.parse(to.value);
    if (Number.isNaN(s) || Number.isNaN(t) || s >= t) {
      from.setCustomValidity('choose a start before the end');
      from.reportValidity();
      return;
    }
    from.setCustomValidity('');
    const p = new URLSearchParams(location.search);
    p.delete('range');
    p.set('start', String(s));
    p.set('end', String(t));
    onChange(p.toString());
  });
  host.append(form);
}
