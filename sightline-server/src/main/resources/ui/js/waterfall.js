// The waterfall: one row per visible span on a shared time axis, drawn as a virtualised list. Only the
// rows in (or just around) the viewport exist in the DOM, so a 10,000-span trace costs ~60 rows.
import {el, formatDuration, niceStep, serviceColor} from './format.js';
import {visibleRows} from './tracemodel.js';

const ROW_HEIGHT = 26;
const OVERSCAN = 10;
const MAX_INDENT_LEVELS = 24;

export class Waterfall {
  /**
   * @param host where to draw
   * @param model from buildModel
   * @param onSelect called with the selected node (or null) whenever the selection changes
   */
  constructor(host, model, {onSelect = () => {}, selectedId = null} = {}) {
    this.model = model;
    this.onSelect = onSelect;
    this.collapsed = new Set();
    this.rows = visibleRows(model, this.collapsed);
    this.selected = selectedId ? model.byId.get(selectedId) ?? null : null;
    this.pending = false;
    this.matches = null; // ids of the spans that match the find box, or null when it is empty

    this.minimap = el('canvas', {class: 'wf-minimap-canvas'});
    this.viewport = el('div', {class: 'wf-minimap-view'});
    this.minimapBox = el('div', {class: 'wf-minimap', 'aria-hidden': 'true',
      title: 'Minimap: every span of the trace; click or drag to scroll'}, this.minimap, this.viewport);
    this.axis = el('div', {class: 'wf-axis', 'aria-hidden': 'true'});
    this.grid = el('div', {class: 'wf-grid', 'aria-hidden': 'true'});
    this.rowLayer = el('div', {class: 'wf-rows'});
    this.spacer = el('div', {class: 'wf-spacer'}, this.grid, this.rowLayer);
    this.scroller = el('div', {class: 'wf-scroll', role: 'tree', tabindex: '0',
      'aria-label': `Spans of the trace, ${model.nodes.length} in all. Arrow keys move, left and right collapse and expand.`},
    this.spacer);
    this.root = el('section', {class: 'wf', 'aria-label': 'Waterfall'},
      this.minimapBox,
      el('div', {class: 'wf-head'}, el('div', {class: 'wf-head-label'}, 'Service · operation'), this.axis),
      this.scroller);
    host.append(this.root);

    this.scroller.addEventListener('scroll', () => this.schedule());
    this.scroller.addEventListener('keydown', e => this.onKey(e));
    this.rowLayer.addEventListener('click', e => this.onClick(e));
    this.bindMinimap();
    this.resizeObserver = new ResizeObserver(() => {
      this.drawAxis();
      this.drawMinimap();
      this.render();
    });
    this.resizeObserver.observe(this.scroller);
    this.relayout();
    if (this.selected) this.select(this.selected, {scroll: true, notify: false});
  }

  destroy() {
    this.resizeObserver.disconnect();
  }

  /** The fraction of the trace's duration at `nanos`, as a CSS percentage. */
  pct(nanos) {
    const total = this.model.total || 1;
    return `${Math.max(0, Math.min(100, nanos / total * 100))}%`;
  }

  relayout() {
    this.rows = visibleRows(this.model, this.collapsed);
    this.spacer.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    this.minimapBox.hidden = this.rows.length <= 30;
    this.drawAxis();
    this.drawMinimap();
    this.render();
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  render() {
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) frag.append(this.row(this.rows[i], i));
    this.rowLayer.replaceChildren(frag);
    const sel = this.selected && this.rowLayer.querySelector(`[data-index="${this.indexOf(this.selected)}"]`);
    if (sel) this.scroller.setAttribute('aria-activedescendant', sel.id);
    else this.scroller.removeAttribute('aria-activedescendant');
    this.drawViewport();
  }

  row(n, index) {
    const s = n.span;
    const color = serviceColor(s.service);
    const hasChildren = n.children.length > 0;
    const collapsed = this.collapsed.has(s.spanId);
    const classes = ['wf-row'];
    if (n === this.selected) classes.push('selected');
    if (n.error) classes.push('error');
    if (n.critical.length) classes.push('on-critical-path');
    if (this.matches && this.matches.has(s.spanId)) classes.push('match');
    const depth = Math.min(n.depth, MAX_INDENT_LEVELS);
    const label = el('div', {class: 'wf-label', style: {paddingLeft: `calc(${depth} * var(--indent) + 4px)`}},
      hasChildren
        ? el('span', {class: 'wf-toggle', 'data-toggle': '', title: collapsed ? 'Expand' : 'Collapse'}, collapsed ? '▸' : '▾')
        : el('span', {class: 'wf-toggle leaf'}),
      el('span', {class: 'wf-dot', style: {background: color}}),
      el('span', {class: 'wf-svc'}, s.service),
      el('span', {class: 'wf-name'}, s.name),
      n.error ? el('span', {class: 'wf-err', title: s.status?.message || 'error'}, 'error') : null,
      collapsed ? el('span', {class: 'wf-hidden-count'}, `+${n.descendants}`) : null);
    const track = el('div', {class: 'wf-track'});
    track.append(el('div', {class: 'wf-bar', style: {left: this.pct(n.start), width: this.pct(n.end - n.start),
      background: color}}));
    for (const g of n.gaps) {
      track.append(el('div', {class: 'wf-gap', 'data-gap-nanos': g.durationNanos,
        title: `Gap of ${formatDuration(g.durationNanos)}: ${g.description ?? ''}`,
        style: {left: this.pct(g.start), width: this.pct(g.end - g.start)}}));
    }
    for (const c of n.critical) {
      track.append(el('div', {class: 'wf-cp', style: {left: this.pct(c.start), width: this.pct(c.end - c.start)}}));
    }
    // After the bar's end: the track keeps a right margin wide enough for the longest label.
    track.append(el('span', {class: 'wf-dur', style: {left: `calc(${this.pct(n.end)} + 4px)`}},
      formatDuration(s.durationNanos)));
    const a11y = `${s.service} ${s.name}, ${formatDuration(s.durationNanos)}${n.error ? ', error' : ''}`
      + `${n.critical.length ? ', on the critical path' : ''}${n.gaps.length ? `, ${n.gaps.length} gap(s)` : ''}`;
    return el('div', {class: classes.join(' '), role: 'treeitem', id: `wf-row-${s.spanId}`,
      'data-span-id': s.spanId, 'data-index': index, 'aria-level': n.depth + 1, 'aria-label': a11y,
      'aria-selected': n === this.selected ? 'true' : 'false',
      'aria-expanded': hasChildren ? String(!collapsed) : null, style: {top: `${index * ROW_HEIGHT}px`}},
    label, track);
  }

  indexOf(node) {
    // Selection moves are local; a linear scan of the visible rows is cheap next to a DOM build.
    return this.rows.indexOf(node);
  }

  onClick(e) {
    const rowEl = e.target.closest('.wf-row');
    if (!rowEl) return;
    const node = this.model.byId.get(rowEl.dataset.spanId);
    if (e.target.closest('[data-toggle]')) this.toggle(node);
    else this.select(node);
    this.scroller.focus({preventScroll: true});
  }

  /**
   * Marks the spans whose service, name, id, status message or attribute values contain `text` (case-insensitive) and
   * returns how many match; an empty text clears the marks.
   */
  find(text) {
    const needle = text.trim().toLowerCase();
    if (!needle) {
      this.matches = null;
      this.render();
      return 0;
    }
    const hit = v => String(v).toLowerCase().includes(needle);
    this.matches = new Set();
    for (const n of this.model.nodes) {
      const s = n.span;
      if (hit(s.service) || hit(s.name) || hit(s.spanId) || (s.status?.message && hit(s.status.message))
          || Object.values(s.attributes ?? {}).some(hit)) {
        this.matches.add(s.spanId);
      }
    }
    this.render();
    return this.matches.size;
  }

  /** Selects the next (or previous) matching span after the selection, in display order. */
  nextMatch(backwards = false) {
    if (!this.matches || !this.matches.size) return;
    const order = this.model.nodes;
    const from = this.selected ? order.indexOf(this.selected) : -1;
    for (let k = 1; k <= order.length; k++) {
      const i = ((backwards ? from - k : from + k) % order.length + order.length) % order.length;
      if (this.matches.has(order[i].span.spanId)) {
        this.select(order[i]);
        return;
      }
    }
  }

  toggle(node, expand) {
    const id = node.span.spanId;
    const collapse = expand === undefined ? !this.collapsed.has(id) : !expand;
    if (collapse) this.collapsed.add(id);
    else this.collapsed.delete(id);
    this.relayout();
  }

  /** Selects a span, expanding its ancestors so it is visible, and scrolls it into view. */
  select(node, {scroll = true, notify = true} = {}) {
    if (node) {
      for (let p = node.parent; p; p = p.parent) {
        if (this.collapsed.has(p.span.spanId)) {
          this.collapsed.delete(p.span.spanId);
          this.rows = null;
        }
      }
      if (this.rows === null) this.relayout();
    }
    this.selected = node;
    if (node && scroll) this.scrollToIndex(this.indexOf(node));
    this.render();
    if (notify) this.onSelect(node);
  }

  scrollToIndex(i) {
    const top = i * ROW_HEIGHT;
    const h = this.scroller.clientHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + h) this.scroller.scrollTop = top + ROW_HEIGHT - h;
  }

  onKey(e) {
    const i = this.selected ? this.indexOf(this.selected) : -1;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    const go = j => this.select(this.rows[Math.max(0, Math.min(this.rows.length - 1, j))]);
    const n = this.selected;
    switch (e.key) {
      case 'ArrowDown': go(i + 1); break;
      case 'ArrowUp': go(i < 0 ? 0 : i - 1); break;
      case 'PageDown': go(i + page); break;
      case 'PageUp': go(i - page); break;
      case 'Home': go(0); break;
      case 'End': go(this.rows.length - 1); break;
      case 'ArrowRight':
        if (!n) go(0);
        else if (n.children.length && this.collapsed.has(n.span.spanId)) this.toggle(n, true);
        else if (n.children.length) go(i + 1);
        break;
      case 'ArrowLeft':
        if (n && n.children.length && !this.collapsed.has(n.span.spanId)) this.toggle(n, false);
        else if (n && n.parent) this.select(n.parent);
        break;
      case 'Enter':
      case ' ':
        if (n && n.children.length) this.toggle(n);
        break;
      case 'Escape':
        this.select(null);
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  drawAxis() {
    const total = this.model.total;
    const narrow = this.axis.clientWidth && this.axis.clientWidth < 400;
    const step = niceStep(total, narrow ? 2 : 6);
    const ticks = [];
    for (let t = 0; t <= total + 1e-9 && ticks.length < 20; t += step) ticks.push(t);
    this.axis.replaceChildren(...ticks.map(t => el('span', {class: 'wf-tick', style: {left: this.pct(t)}},
      formatDuration(t))));
    this.grid.replaceChildren(...ticks.map(t => el('span', {class: 'wf-gridline', style: {left: this.pct(t)}})));
  }

  drawMinimap() {
    if (this.minimapBox.hidden) return;
    const c = this.minimap;
    const w = c.clientWidth || 800;
    const h = c.clientHeight || 48;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    const g = c.getContext('2d');
    g.scale(dpr, dpr);
    g.clearRect(0, 0, w, h);
    const n = this.rows.length;
    const rowH = Math.max(1, h / n);
    const total = this.model.total || 1;
    for (let i = 0; i < n; i++) {
      const r = this.rows[i];
      g.fillStyle = r.error ? '#d62728' : serviceColor(r.span.service);
      g.fillRect(r.start / total * w, i * h / n, Math.max(1, (r.end - r.start) / total * w), rowH);
    }
  }

  drawViewport() {
    if (this.minimapBox.hidden) return;
    const n = this.rows.length || 1;
    const all = n * ROW_HEIGHT;
    const top = this.scroller.scrollTop / all;
    const size = Math.min(1, this.scroller.clientHeight / all);
    this.viewport.style.top = `${top * 100}%`;
    this.viewport.style.height = `${Math.max(size * 100, 4)}%`;
  }

  bindMinimap() {
    const jump = e => {
      const r = this.minimap.getBoundingClientRect();
      const f = Math.max(0, Math.min(1, (e.clientY - r.top) / r.height));
      this.scroller.scrollTop = f * this.rows.length * ROW_HEIGHT - this.scroller.clientHeight / 2;
    };
    this.minimapBox.addEventListener('pointerdown', e => {
      this.minimapBox.setPointerCapture(e.pointerId);
      jump(e);
      const move = ev => jump(ev);
      const up = () => {
        this.minimapBox.removeEventListener('pointermove', move);
        this.minimapBox.removeEventListener('pointerup', up);
      };
      this.minimapBox.addEventListener('pointermove', move);
      this.minimapBox.addEventListener('pointerup', up);
    });
  }
}
