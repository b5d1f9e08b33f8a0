// /services/{service}: the service's operations, each a link to its traces.
import {getJson} from '../api.js';
import {el, serviceColor} from '../format.js';
import {withRange} from '../timerange.js';

export async function render(main, {service}) {
  document.title = `${service} · Sightline`;
  main.append(el('h1', null, el('span', {class: 'wf-dot', style: {background: serviceColor(service)}}), ` ${service}`));
  main.append(el('p', null, el('a', {href: withRange('/traces', {service})}, `Search the traces of ${service} →`)));
  const box = el('section', {'aria-live': 'polite'}, el('p', {class: 'muted'}, 'Loading…'));
  main.append(el('h2', null, 'Operations'), box);
  try {
    const body = await getJson(`/api/services/${encodeURIComponent(service)}/operations`);
    const ops = body.operations ?? [];
    box.replaceChildren(ops.length
      ? el('ul', {class: 'service-list'}, ops.map(o => el('li', null,
        el('a', {href: withRange('/traces', {service, operation: o})}, o))))
      : el('p', {class: 'muted'}, 'No operations recorded for this service.'));
  } catch (e) {
    box.replaceChildren(el('p', {class: 'error-box', role: 'alert'}, e.message));
  }
}
