// /traces/{traceId}: where the time went, the legend, the waterfall and the span details.
import {getJson} from '../api.js';
import {el, formatDuration, formatTime, nanosStringToMillis, serviceColor} from '../format.js';
import {buildModel} from '../tracemodel.js';
import {Waterfall} from '../waterfall.js';
import {renderDetails} from '../details.js';
import {withRange} from '../timerange.js';

export async function render(main, {traceId}, ctx) {
  document.title = `Trace ${traceId.slice(0, 8)}… · Sightline`;
  main.append(el('p', {class: 'muted'}, 'Loading trace…'));
  const abort = new AbortController();
  let trace;
  let analysis = null;
  try {
    [trace, analysis] = await Promise.all([
      getJson(`/api/traces/${encodeURIComponent(traceId)}`, abort.signal),
      getJson(`/api/traces/${encodeURIComponent(traceId)}/analysis`, abort.signal).catch(() => null),
    ]);
  } catch (e) {
    if (!ctx.isCurrent()) return;
    main.replaceChildren(el('h1', null, 'Trace ', el('span', {class: 'mono'}, traceId)),
      el('p', {class: 'error-box', role: 'alert'}, e.message),
      el('p', null, el('a', {href: withRange('/traces')}, 'Search traces')));
    return () => abort.abort();
  }
  if (!ctx.isCurrent()) return;
  const model = buildModel(trace, analysis);
  const root = model.roots[0]?.span;
  main.replaceChildren();
  main.classList.add('wide');

  main.append(el('header', {class: 'trace-head'},
    el('h1', null, root ? `${root.service}: ${root.name}` : 'Trace'),
    el('dl', {class: 'facts'},
      fact('Trace', el('span', {class: 'mono', id: 'trace-id'}, trace.traceId)),
      fact('Started', el('span', {class: 'mono'}, formatTime(nanosStringToMillis(trace.startTimeUnixNano)))),
      fact('Duration', el('span', {class: 'mono'}, formatDuration(trace.durationNanos))),
      fact('Spans', el('span', {class: 'mono', id: 'span-count'}, String(trace.spanCount))),
      fact('Errors', el('span', {class: trace.errorCount ? 'mono status-error' : 'mono'}, String(trace.errorCount))),
      fact('Logs', el('a', {href: withRange('/logs', {query: trace.traceId})}, 'of this trace →')))));

  if (trace.sampling?.tailSampling) {
    // The server keeps only what its tail-sampling policies choose: say so, and which policy kept this one.
    main.append(el('p', {class: 'notice', id: 'sampling-notice', role: 'note'},
      'Tail sampling is in effect: traces are kept by policy' +
      (trace.sampling.policy ? ` — this one by "${trace.sampling.policy}".` : '.')));
  }
  main.append(summary(analysis, model, node => waterfall.select(node)));
  main.append(legend(model));

  const layout = el('div', {class: 'trace-layout'});
  const wfHost = el('div', {class: 'trace-main'});
  const details = el('aside', {class: 'details', id: 'span-details', 'aria-labelledby': 'details-title', hidden: true});
  layout.append(wfHost, details);
  main.append(layout);

  const url = new URL(location.href);
  const showDetails = node => {
    renderDetails(details, node, model, trace.traceId, {
      onClose: () => waterfall.select(null),
      onSelectSpan: n => waterfall.select(n),
    });
    const u = new URL(location.href);
    if (node) u.searchParams.set('span', node.span.spanId);
    else u.searchParams.delete('span');
    history.replaceState(null, '', u.pathname + u.search);
  };
  const findBox = el('input', {type: 'search', id: 'find-span', placeholder: 'Find spans: name, service, id, attribute',
    'aria-label': 'Find spans in this trace', autocomplete: 'off'});
  const findCount = el('span', {class: 'muted small', id: 'find-count', 'aria-live': 'polite'});
  wfHost.append(el('div', {class: 'find-bar'}, findBox, findCount,
    el('span', {class: 'muted small hide-narrow'}, 'Enter: next match · / to find · arrows move in the waterfall')));
  const waterfall = new Waterfall(wfHost, model, {onSelect: showDetails, selectedId: url.searchParams.get('span')});
  if (waterfall.selected) showDetails(waterfall.selected);
  findBox.addEventListener('input', () => {
    const n = waterfall.find(findBox.value);
    findCount.textContent = findBox.value.trim() ? `${n} match${n === 1 ? '' : 'es'}` : '';
  });
  findBox.addEventListener('keydown', e => {
    if (e.key === 'Enter') {
      e.preventDefault();
      waterfall.nextMatch(e.shiftKey);
    }
  });
  // "/" jumps to the find box from anywhere on the page but a text field.
  const slash = e => {
    if (e.key === '/' && !e.target.closest('input, textarea, select')) {
      e.preventDefault();
      findBox.focus();
    }
  };
  document.addEventListener('keydown', slash);
  return () => {
    abort.abort();
    document.removeEventListener('keydown', slash);
    waterfall.destroy();
    main.classList.remove('wide');
  };
}

function fact(k, v) {
  return el('div', null, el('dt', null, k), el('dd', null, v));
}

/** "Where the time went": the explanation sentence and the largest contributors to the critical path. */
function summary(analysis, model, select) {
  const box = el('section', {class: 'summary', 'aria-labelledby': 'summary-title'},
    el('h2', {id: 'summary-title'}, 'Where the time went'));
  if (!analysis) {
    box.append(el('p', {class: 'muted'}, 'The analysis is not available for this trace.'));
    return box;
  }
  box.append(el('p', {class: 'explanation', id: 'explanation'}, analysis.explanation?.text ?? ''));
  const top = (analysis.criticalPath ?? []).slice(0, 5);
  if (top.length) {
    const list = el('ol', {class: 'contributors'});
    for (const c of top) {
      const node = model.byId.get(c.spanId);
      const gapsHere = node ? node.gaps.reduce((a, g) => a + Number(g.criticalPathNanos ?? 0), 0) : 0;
      const btn = el('button', {type: 'button', class: 'linklike'}, `${c.service} · ${c.name}`);
      btn.addEventListener('click', () => node && select(node));
      list.append(el('li', null,
        el('span', {class: 'fraction-bar', 'aria-hidden': 'true'},
          el('span', {style: {width: `${Math.round(c.fraction * 100)}%`, background: serviceColor(c.service)}})),
        el('span', {class: 'mono pct'}, `${(c.fraction * 100).toFixed(1)}%`), ' ',
        el('span', {class: 'mono'}, formatDuration(c.contributionNanos)), ' ', btn,
        gapsHere ? el('span', {class: 'muted'}, ` (of which ${formatDuration(gapsHere)} is a gap)`) : null));
    }
    box.append(el('p', {class: 'muted small'}, 'Largest contributors to the critical path:'), list);
  }
  const t = analysis.totals ?? {};
  const notes = [];
  if (t.criticalPathGapNanos) notes.push(`${formatDuration(t.criticalPathGapNanos)} of the critical path is waiting no span covers`);
  if ((analysis.skewCorrections ?? []).length) notes.push(`${analysis.skewCorrections.length} clock-skew correction(s) applied`);
  if (t.orphanCount) notes.push(`${t.orphanCount} span(s) whose parent is missing`);
  if (t.duplicateSpanCount) notes.push(`${t.duplicateSpanCount} duplicate span(s) ignored`);
  if (notes.length) box.append(el('p', {class: 'muted small'}, notes.join(' · ')));
  return box;
}

function legend(model) {
  return el('div', {class: 'legend', 'aria-label': 'Legend'},
    model.services.map(s => el('span', {class: 'legend-item'},
      el('span', {class: 'swatch', style: {background: serviceColor(s)}}), s)),
    el('span', {class: 'legend-item'}, el('span', {class: 'swatch gap-swatch'}), 'gap: waiting, no span running'),
    el('span', {class: 'legend-item'}, el('span', {class: 'swatch cp-swatch'}), 'critical path'),
    el('span', {class: 'legend-item'}, el('span', {class: 'swatch err-swatch'}), 'error'));
}
