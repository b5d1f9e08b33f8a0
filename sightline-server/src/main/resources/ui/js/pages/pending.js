// Pages whose APIs are still being built: a stable route now, so links made today keep working.
import {el} from '../format.js';
import {withRange} from '../timerange.js';

export function render(main, params, ctx) {
  document.title = `${ctx.title} · Sightline`;
  const q = new URLSearchParams(location.search).get('query');
  main.append(el('h1', null, ctx.title),
    el('p', null, `The ${ctx.title.toLowerCase()} page is not built yet.`),
    q ? el('p', null, 'Query: ', el('code', {id: 'pending-query'}, q)) : null,
    el('p', null, el('a', {href: withRange('/traces')}, 'Search traces instead →')));
}
