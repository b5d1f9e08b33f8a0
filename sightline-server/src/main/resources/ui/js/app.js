// The app shell: history-API routing for every page, the nav bar and the shared time range.
import {renderPicker} from './timerange.js';
import {el} from './format.js';

const ROUTES = [
  [/^\/$/, () => import('./pages/overview.js')],
  [/^\/traces\/?$/, () => import('./pages/search.js')],
  [/^\/traces\/([^/]+)$/, () => import('./pages/trace.js'), ['traceId']],
  [/^\/services\/([^/]+)$/, () => import('./pages/service.js'), ['service']],
  [/^\/logs\/?$/, () => import('./pages/logs.js')],
  [/^\/metrics\/?$/, () => import('./pages/metrics.js')],
  [/^\/alerts\/?$/, () => import('./pages/alerts.js')],
  [/^\/health\/?$/, () => import('./pages/health.js')],
];

const main = document.getElementById('main');
let cleanup = null;
let generation = 0;

/** Goes to a local URL without reloading; `replace` keeps the history entry (filters, selections). */
export function navigate(url, {replace = false} = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

async function render() {
  const gen = ++generation;
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.error(e);
    }
    cleanup = null;
  }
  markNav();
  renderPicker(document.getElementById('timerange'), search => navigate(`${location.pathname}?${search}`));
  const path = location.pathname;
  for (const [re, load, names = [], options = {}] of ROUTES) {
    const m = re.exec(path);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    const page = await load();
    if (gen !== generation) return;
    main.replaceChildren();
    const ctx = {navigate, isCurrent: () => gen === generation, ...options};
    cleanup = (await page.render(main, params, ctx)) ?? null;
    return;
  }
  document.title = 'Not found · Sightline';
  main.replaceChildren(el('h1', null, 'Not found'), el('p', null, 'No page at ', el('code', null, path), '.'));
}

function markNav() {
  const path = location.pathname;
  for (const a of document.querySelectorAll('.mainnav a')) {
    const href = a.getAttribute('href');
    const here = href === '/' ? path === '/' || path.startsWith('/services/') : path.startsWith(href);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

// Same-origin links to UI pages navigate in place; APIs, assets, new tabs and modified clicks do not.
document.addEventListener('click', e => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href') ?? a.getAttribute('xlink:href');
  if (!href || !href.startsWith('/') || href.startsWith('//')) return;
  const url = new URL(href, location.origin);
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/ui/')) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
  main.focus({preventScroll: true});
});

window.addEventListener('popstate', render);
render();
