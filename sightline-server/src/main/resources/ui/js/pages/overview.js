// /: the landing page. Until the service-metrics API lands, it lists the services that sent spans and
// says where to send data.
import {getJson} from '../api.js';
import {el, serviceColor} from '../format.js';
import {withRange} from '../timerange.js';

export async function render(main) {
  document.title = 'Sightline';
  main.append(el('h1', null, 'Services'));
  const box = el('section', {'aria-live': 'polite'}, el('p', {class: 'muted'}, 'Loading…'));
  main.append(box, endpoints());
  try {
    const body = await getJson('/api/services');
    const services = body.services ?? [];
    box.replaceChildren(services.length
      ? el('ul', {class: 'service-list'}, services.map(s => el('li', null,
        el('span', {class: 'wf-dot', style: {background: serviceColor(s)}}), ' ',
        el('a', {href: withRange(`/services/${encodeURIComponent(s)}`)}, s), ' ',
        el('a', {class: 'small', href: withRange('/traces', {service: s})}, 'traces →'))))
      : el('p', null, 'No service has sent spans yet.'));
  } catch (e) {
    box.replaceChildren(el('p', {class: 'error-box', role: 'alert'}, e.message));
  }
}

function endpoints() {
  let e = {};
  try {
    e = JSON.parse(document.getElementById('sightline-endpoints')?.textContent ?? '{}');
  } catch {
    // the page still works without the ports
  }
  const host = location.hostname;
  return el('section', {class: 'endpoints'}, el('h2', null, 'Send data'),
    el('ul', null,
      el('li', null, 'OTLP/gRPC: ', el('code', null, `${host}:${e.otlpGrpcPort ?? 4317}`)),
      el('li', null, 'OTLP/HTTP: ', el('code', null, `http://${host}:${e.otlpHttpPort ?? 4318}/v1/traces`)),
      el('li', null, 'Zipkin v2: ', el('code', null, `http://${host}:${e.zipkinPort ?? 9411}/api/v2/spans`)),
      el('li', null, 'APIs: ', el('a', {href: '/api/services'}, '/api/services'), ', ',
        el('a', {href: '/api/traces?limit=20'}, '/api/traces'), ', ',
        el('a', {href: '/health/ready'}, '/health/ready'))));
}
