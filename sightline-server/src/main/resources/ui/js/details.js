// The span details panel: identity, timing, status, attributes, events, resource, scope and links.
import {el, formatDuration, serviceColor} from './format.js';
import {withRange} from './timerange.js';

export function renderDetails(host, node, model, traceId, {onClose, onSelectSpan}) {
  host.replaceChildren();
  if (!node) {
    host.hidden = true;
    return;
  }
  host.hidden = false;
  const s = node.span;
  const status = s.status ?? {};
  const close = el('button', {type: 'button', class: 'close', 'aria-label': 'Close span details'}, '×');
  close.addEventListener('click', onClose);
  const parent = node.parent
    ? el('button', {type: 'button', class: 'linklike mono'}, node.parent.span.spanId)
    : el('span', {class: 'mono'}, s.parentSpanId || '— (root)');
  if (node.parent) parent.addEventListener('click', () => onSelectSpan(node.parent));

  host.append(...[
    el('div', {class: 'details-head'},
      el('h2', {id: 'details-title'}, el('span', {class: 'wf-dot', style: {background: serviceColor(s.service)}}),
        ` ${s.service} · `, el('span', {class: 'details-name'}, s.name)),
      close),
    el('p', null, el('a', {href: withRange('/logs', {query: traceId}), class: 'logs-link'}, 'Logs of this trace →')),
    table([
      ['Span ID', el('span', {class: 'mono'}, s.spanId)],
      ['Parent', parent],
      ['Kind', s.kind ?? '—'],
      ['Starts at', el('span', {class: 'mono'}, `+${formatDuration(node.start)}`)],
      ['Duration', el('span', {class: 'mono'}, formatDuration(s.durationNanos))],
      node.selfNanos !== null ? ['Self time', el('span', {class: 'mono'}, formatDuration(node.selfNanos))] : null,
      node.offset ? ['Clock skew', el('span', {class: 'mono'}, `shifted ${formatDuration(node.offset)} to fit its caller`)] : null,
      ['Status', el('span', {class: status.code === 'ERROR' ? 'status-error' : ''},
        status.code ?? 'UNSET', status.message ? `: ${status.message}` : '')],
      node.critical.length ? ['Critical path', el('span', {class: 'mono'},
        formatDuration(node.critical.reduce((a, c) => a + (c.end - c.start), 0)))] : null,
    ]),
    node.gaps.length ? section('Gaps', node.gaps.map(g => el('p', {class: 'gap-note'},
      el('span', {class: 'swatch gap-swatch'}), ` ${formatDuration(g.durationNanos)} at +${formatDuration(g.start)}: `,
      g.description ?? '', g.kind ? ` (${String(g.kind).toLowerCase().replaceAll('_', ' ')})` : ''))) : null,
    section('Attributes', kv(s.attributes)),
    section(`Events (${(s.events ?? []).length})`, (s.events ?? []).length ? el('ol', {class: 'events'},
      s.events.map(ev => el('li', null,
        el('span', {class: 'mono'}, `+${formatDuration(relEvent(ev, s, node))}`), ' ', el('strong', null, ev.name),
        Object.keys(ev.attributes ?? {}).length ? kv(ev.attributes) : null))) : el('p', {class: 'muted'}, 'none')),
    section('Resource', kv(s.resource)),
    s.scope?.name ? section('Instrumentation scope', table([['Name', s.scope.name], ['Version', s.scope.version || '—']])) : null,
    section(`Links (${(s.links ?? []).length})`, (s.links ?? []).length ? el('ul', {class: 'links'},
      s.links.map(l => el('li', {class: 'mono'},
        el('a', {href: withRange(`/traces/${l.traceId}`, {span: l.spanId})}, `${l.traceId} / ${l.spanId}`),
        Object.keys(l.attributes ?? {}).length ? kv(l.attributes) : null))) : el('p', {class: 'muted'}, 'none')),
  ].filter(Boolean));
}

function relEvent(ev, s, node) {
  try {
    return Number(BigInt(ev.timeUnixNano) - BigInt(s.startTimeUnixNano));
  } catch {
    return 0;
  }
}

function section(title, body) {
  return el('section', {class: 'details-section'}, el('h3', null, title), body);
}

function table(rows) {
  return el('table', {class: 'kv'}, el('tbody', null, rows.filter(Boolean).map(([k, v]) =>
    el('tr', null, el('th', {scope: 'row'}, k), el('td', null, v)))));
}

function kv(obj) {
  const entries = Object.entries(obj ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return el('p', {class: 'muted'}, 'none');
  return table(entries.map(([k, v]) => [el('span', {class: 'mono'}, k),
    el('span', {class: 'mono wrap'}, typeof v === 'object' ? JSON.stringify(v) : String(v))]));
}
