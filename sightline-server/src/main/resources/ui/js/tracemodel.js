// A trace as the waterfall needs it: a tree in display order, skew-corrected times relative to the
// trace's start, and the analysis (gaps, critical path, self times) attached to the spans it is about.

/**
 * @param trace the body of GET /api/traces/{id}
 * @param analysis the body of GET /api/traces/{id}/analysis, or null when it is unavailable
 */
export function buildModel(trace, analysis) {
  const spans = trace.spans ?? [];
  const byId = new Map();
  const nodes = [];
  for (const s of spans) {
    if (byId.has(s.spanId)) continue; // a duplicate id: the first one wins, as in the analysis
    const node = {span: s, children: [], parent: null, depth: 0, start: 0, end: 0, offset: 0,
      error: s.status?.code === 'ERROR', gaps: [], critical: [], selfNanos: null, descendants: 0};
    byId.set(s.spanId, node);
    nodes.push(node);
  }
  // Exact relative times: epoch nanoseconds exceed 2^53, so subtract as BigInt first.
  let base = null;
  for (const n of nodes) {
    const t = toBig(n.span.startTimeUnixNano);
    if (base === null || t < base) base = t;
  }
  base = base ?? 0n;
  for (const n of nodes) {
    n.rawStart = Number(toBig(n.span.startTimeUnixNano) - base);
  }
  const roots = [];
  for (const n of nodes) {
    const p = n.span.parentSpanId ? byId.get(n.span.parentSpanId) : undefined;
    if (p && p !== n) {
      n.parent = p;
      p.children.push(n);
    } else {
      roots.push(n);
    }
  }
  // A parent cycle leaves spans unreachable from any root: adopt them as roots so none is lost.
  const reached = new Set();
  walk(roots, n => reached.add(n));
  for (const n of nodes) {
    if (!reached.has(n)) {
      if (n.parent) n.parent.children = n.parent.children.filter(c => c !== n);
      n.parent = null;
      roots.push(n);
      walk([n], m => reached.add(m));
    }
  }

  // Clock-skew corrections shift a server span's subtree; shifts accumulate down the tree.
  const delta = new Map((analysis?.skewCorrections ?? []).map(c => [c.spanId, Number(c.offsetNanos)]));
  const order = [];
  const byStart = (a, b) => a.rawStart - b.rawStart || String(a.span.name).localeCompare(String(b.span.name));
  roots.sort(byStart);
  walk(roots, n => {
    n.offset = (n.parent ? n.parent.offset : 0) + (delta.get(n.span.spanId) ?? 0);
    n.start = n.rawStart + n.offset;
    n.end = n.start + Math.max(0, Number(n.span.durationNanos) || 0);
    n.depth = n.parent ? n.parent.depth + 1 : 0;
  });
  for (const n of nodes) n.children.sort((a, b) => a.start - b.start || byStart(a, b));
  walk([...roots].sort((a, b) => a.start - b.start), n => order.push(n));
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    if (n.parent) n.parent.descendants += n.descendants + 1;
  }

  let origin = Infinity;
  let last = -Infinity;
  for (const n of nodes) {
    origin = Math.min(origin, n.start);
    last = Math.max(last, n.end);
  }
  if (!Number.isFinite(origin)) {
    origin = 0;
    last = 0;
  }
  for (const n of nodes) {
    n.start -= origin;
    n.end -= origin;
  }
  const originEpochNanos = Number(base) + origin; // for the analysis' epoch times (±1 µs is fine to draw)

  if (analysis) {
    const rel = epoch => Number(epoch) - originEpochNanos;
    for (const g of analysis.gaps ?? []) {
      const n = byId.get(g.spanId);
      if (n) n.gaps.push({...g, start: rel(g.startEpochNanos), end: rel(g.startEpochNanos) + Number(g.durationNanos)});
    }
    for (const c of analysis.criticalPathSegments ?? []) {
      const n = byId.get(c.spanId);
      if (n) n.critical.push({start: rel(c.startEpochNanos), end: rel(c.startEpochNanos) + Number(c.durationNanos)});
    }
    for (const s of analysis.selfTimes ?? []) {
      const n = byId.get(s.spanId);
      if (n) n.selfNanos = Number(s.selfNanos);
    }
  }
  const services = [...new Set(nodes.map(n => n.span.service))].sort();
  return {nodes: order, byId, roots, total: Math.max(0, last - origin), originEpochNanos, services};
}

/** The rows to show: display order, skipping the descendants of collapsed spans. */
export function visibleRows(model, collapsed) {
  const rows = [];
  const order = model.nodes;
  for (let i = 0; i < order.length; i++) {
    const n = order[i];
    rows.push(n);
    if (collapsed.has(n.span.spanId)) i += n.descendants; // pre-order: the subtree follows contiguously
  }
  return rows;
}

function walk(roots, visit) {
  // Iterative pre-order: a 10,000-deep chain must not overflow the call stack.
  const stack = [...roots].reverse();
  while (stack.length) {
    const n = stack.pop();
    visit(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

function toBig(s) {
  try {
    return BigInt(s);
  } catch {
    return BigInt(Math.round(Number(s) || 0));
  }
}
