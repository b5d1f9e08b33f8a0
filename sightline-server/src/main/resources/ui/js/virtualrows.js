// A virtualised list of rows that expand to their JSON: only the rows in and near the viewport exist in
// the DOM, so a thousand log lines (or a live tail that keeps growing) cost the same as fifty.
import {el} from './format.js';

const ROW = 30; // collapsed row height in px, fixed so positions are arithmetic
const LINE = 17; // line height of the expanded JSON
const MAX_LINES = 24; // taller JSON scrolls inside its box
const OVERSCAN = 10;

/**
 * `rows` are plain objects; `head(row, open, options)` draws a row's one-line summary. Enter or a click
 * on a row toggles its JSON; the arrow keys move between rows.
 */
export class VirtualRows {
  constructor(rows, head, options = {}) {
    this.rows = rows.slice();
    this.head = head;
    this.options = options;
    this.open = new Set(); // rows (by identity) whose JSON is shown
    this.json = new WeakMap();
    this.spacer = el('div', {class: 'vr-spacer'});
    this.element = el('div', {class: 'vr', id: 'log-rows', role: 'list', 'aria-label': 'Rows', tabindex: '-1'},
      this.spacer);
    this.offsets = [];
    this.frame = 0;
    this.onScroll = () => this.schedule();
    this.element.addEventListener('scroll', this.onScroll, {passive: true});
    window.addEventListener('resize', this.onScroll);
    this.element.addEventListener('keydown', e => this.key(e));
    this.layout();
    // The container has no height until it is in the document; draw once it is.
    requestAnimationFrame(() => this.draw());
  }

  /** Puts a row at the top (live tail), keeping what the reader is looking at in place. */
  prepend(row) {
    this.rows.unshift(row);
    const wasTop = this.element.scrollTop < ROW;
    this.layout();
    if (!wasTop) this.element.scrollTop += ROW;
    this.schedule();
  }

  destroy() {
    window.removeEventListener('resize', this.onScroll);
    cancelAnimationFrame(this.frame);
  }

  text(row) {
    let t = this.json.get(row);
    if (t === undefined) {
      t = JSON.stringify(row, null, 2);
      this.json.set(row, t);
    }
    return t;
  }

  height(row) {
    if (!this.open.has(row)) return ROW;
    return ROW + Math.min(MAX_LINES, this.text(row).split('\n').length) * LINE + 14;
  }

  layout() {
    this.offsets = new Array(this.rows.length + 1);
    let y = 0;
    for (let i = 0; i < this.rows.length; i++) {
      this.offsets[i] = y;
      y += this.height(this.rows[i]);
    }
    this.offsets[this.rows.length] = y;
    this.spacer.style.height = `${y}px`;
    if (!this.rows.length) this.spacer.replaceChildren(el('p', {class: 'muted vr-empty'}, 'No rows match.'));
  }

  schedule() {
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  indexAt(y) {
    let lo = 0;
    let hi = this.rows.length - 1;
    while (lo < hi) { // the last row starting at or above y
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= y) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  draw() {
    if (!this.rows.length) return;
    const top = this.element.scrollTop;
    const bottom = top + (this.element.clientHeight || 600);
    const first = Math.max(0, this.indexAt(top) - OVERSCAN);
    const last = Math.min(this.rows.length - 1, this.indexAt(bottom) + OVERSCAN);
    const focused = document.activeElement?.closest?.('.vr-row')?.dataset.index;
    const out = [];
    for (let i = first; i <= last; i++) {
      const row = this.rows[i];
      const open = this.open.has(row);
      const item = el('div', {class: `vr-row${open ? ' open' : ''}`, role: 'listitem', 'data-index': i,
        style: {top: `${this.offsets[i]}px`, height: `${this.height(row)}px`}});
      const head = this.head(row, open, this.options);
      head.setAttribute('tabindex', '0');
      head.setAttribute('aria-expanded', String(open));
      head.classList.add('vr-head');
      head.addEventListener('click', e => {
        if (!e.target.closest('a')) this.toggle(i);
      });
      item.append(head);
      if (open) item.append(el('pre', {class: 'vr-json mono', style: {maxHeight: `${MAX_LINES * LINE}px`}}, this.text(row)));
      out.push(item);
    }
    this.spacer.replaceChildren(...out);
    if (focused !== undefined) this.spacer.querySelector(`[data-index="${focused}"] .vr-head`)?.focus({preventScroll: true});
  }

  toggle(i) {
    const row = this.rows[i];
    if (this.open.has(row)) this.open.delete(row);
    else this.open.add(row);
    this.layout();
    this.draw();
    this.spacer.querySelector(`[data-index="${i}"] .vr-head`)?.focus({preventScroll: true});
  }

  key(e) {
    const item = e.target.closest?.('.vr-row');
    if (!item || !e.target.classList.contains('vr-head')) return;
    const i = Number(item.dataset.index);
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.toggle(i);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const j = Math.min(this.rows.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)));
      const y = this.offsets[j];
      if (y < this.element.scrollTop) this.element.scrollTop = y;
      else if (y + ROW > this.element.scrollTop + this.element.clientHeight) this.element.scrollTop = y + ROW - this.element.clientHeight;
      this.draw();
      this.spacer.querySelector(`[data-index="${j}"] .vr-head`)?.focus({preventScroll: true});
    }
  }
}
