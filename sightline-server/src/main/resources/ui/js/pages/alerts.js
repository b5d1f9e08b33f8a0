// /alerts: firing and pending alerts with their annotations, silencing one from its row, acknowledging,
// the silences (expire them), the notification history over the time range, and the noise report.
import {getJson} from '../api.js';
import {el, formatTime} from '../format.js';
import {readRange} from '../timerange.js';

const OPS = {EQ: '=', NE: '!=', RE: '=~', NRE: '!~'};
const WHO_KEY = 'sightline.who';

async function send(method, path, body) {
  const res = await fetch(path, {method, headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body)});
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(data?.error ?? `${res.status} ${res.statusText}`);
  return data;
}

function labelsKey(labels) {
  return JSON.stringify(Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

function labelList(labels) {
  return el('span', {class: 'labels'}, Object.entries(labels ?? {}).filter(([k]) => k !== 'alertname')
    .map(([k, v]) => el('code', {class: 'label'}, `${k}="${v}"`)));
}

function time(v) {
  const t = typeof v === 'string' ? Date.parse(v) : v;
  return Number.isFinite(t) && t > 0 ? formatTime(t) : '–';
}

export async function render(main, params, ctx) {
  document.title = 'Alerts · Sightline';
  const who = el('input', {id: 'who', 'aria-label': 'Your name', placeholder: 'your name',
    value: localStorage.getItem(WHO_KEY) ?? '', autocomplete: 'nickname', size: 14});
  who.addEventListener('change', () => localStorage.setItem(WHO_KEY, who.value.trim()));
  main.append(el('h1', null, 'Alerts'), el('p', {class: 'small'}, el('label', {for: 'who'}, 'Acting as '), who,
    el('span', {class: 'muted'}, ' — recorded on silences and acknowledgements.')));
  const status = el('p', {class: 'small', role: 'status', id: 'alerts-status'});
  const alertsBox = el('section', {id: 'alerts-box', 'aria-live': 'polite'}, el('p', {class: 'muted'}, 'Loading…'));
  const formBox = el('section', {id: 'silence-form-box'});
  const silencesBox = el('section', {id: 'silences-box'});
  const historyBox = el('section', {id: 'history-box'});
  const noiseBox = el('section', {id: 'noise-box'});
  main.append(status, alertsBox, formBox, el('h2', null, 'Silences'), silencesBox,
    el('h2', null, 'History'), historyBox, el('h2', null, 'Noise report'), noiseBox);
  const abort = new AbortController();
  const r = readRange();
  const needWho = () => {
    const name = who.value.trim();
    if (!name) {
      who.setCustomValidity('say who you are first');
      who.reportValidity();
      who.focus();
      return null;
    }
    who.setCustomValidity('');
    localStorage.setItem(WHO_KEY, name);
    return name;
  };

  async function load() {
    const [alerts, silences, history, noise] = await Promise.all([
      getJson('/api/alerts', abort.signal), getJson('/api/silences', abort.signal),
      getJson(`/api/alerts/history?${new URLSearchParams({start: String(Math.floor(r.start)), end: String(Math.ceil(r.end)),
        limit: '200'})}`, abort.signal),
      getJson(`/api/alerts/noise?window=${Math.max(1, Math.round((r.end - r.start) / 60e3))}m`, abort.signal)]);
    if (!ctx.isCurrent()) return;
    alertsBox.replaceChildren(alertsTable(alerts));
    silencesBox.replaceChildren(silencesTable(silences));
    historyBox.replaceChildren(historyTable(history.events ?? []));
    noiseBox.replaceChildren(noiseTable(noise));
  }

  function alertsTable(body) {
    // Notified alerts (with fingerprints, silences and acks) by their labels; rule alerts add pending ones.
    const notified = new Map();
    for (const g of body.groups ?? []) for (const a of g.alerts ?? []) notified.set(labelsKey(a.labels), a);
    const rows = (body.rules ?? []).map(a => ({rule: a, view: notified.get(labelsKey(a.labels))}));
    for (const [k, v] of notified) {
      if (!rows.some(x => labelsKey(x.rule.labels) === k)) rows.push({rule: null, view: v});
    }
    if (!rows.length) return el('p', {class: 'muted', id: 'no-alerts'}, 'No alerts are firing or pending.');
    return el('div', {class: 'table-scroll'}, el('table', {class: 'traces', id: 'alerts-table'},
      el('thead', null, el('tr', null, el('th', null, 'State'), el('th', null, 'Alert'), el('th', {class: 'hide-narrow'}, 'Since'),
        el('th', null, ''))),
      el('tbody', null, rows.map(({rule, view}) => {
        const labels = rule?.labels ?? view.labels;
        const annotations = rule?.annotations ?? view.annotations ?? {};
        const state = rule?.state ?? view.status;
        const silenced = (view?.silencedBy ?? []).length > 0;
        const badges = [silenced ? el('span', {class: 'badge silenced'}, `silenced`) : null,
          view?.inhibited ? el('span', {class: 'badge'}, 'inhibited') : null,
          view?.ackedBy ? el('span', {class: 'badge acked'}, `acked by ${view.ackedBy}`) : null];
        return el('tr', {'data-alertname': labels.alertname ?? '', 'data-fingerprint': view?.fingerprint ?? ''},
          el('td', null, el('span', {class: `badge state-${state}`}, state), ' ', badges),
          el('td', null, el('strong', null, labels.alertname ?? '(no name)'), ' ', labelList(labels),
            Object.entries(annotations).map(([k, v]) => el('div', {class: `annotation small${k === 'summary' ? '' : ' muted'}`},
              k === 'summary' ? v : `${k}: ${v}`))),
          el('td', {class: 'hide-narrow small'}, time(rule?.activeAt ?? view?.startsAt)),
          el('td', {class: 'actions'},
            el('button', {type: 'button', class: 'silence-button', onclick: () => silenceForm(labels)}, 'Silence…'),
            view?.fingerprint && !view.ackedBy ? el('button', {type: 'button', class: 'ack-button', onclick: async () => {
              const by = needWho();
              if (!by) return;
              await act(() => send('POST', `/api/alerts/${encodeURIComponent(view.fingerprint)}/ack`, {by, comment: ''}),
                `Acknowledged ${labels.alertname}.`);
            }}, 'Ack') : null));
      }))));
  }

  function silenceForm(labels) {
    const matchers = el('textarea', {id: 'silence-matchers', rows: 3, spellcheck: 'false', 'aria-label': 'Matchers, one name=value a line'},
      Object.entries(labels).map(([k, v]) => `${k}=${v}`).join('\n'));
    const duration = el('select', {id: 'silence-duration', 'aria-label': 'For'},
      [['1h', 3600e3], ['2h', 7200e3], ['4h', 4 * 3600e3], ['1d', 86400e3], ['30m', 1800e3]]
        .map(([k, ms]) => el('option', {value: ms}, k)));
    const comment = el('input', {id: 'silence-comment', 'aria-label': 'Comment', placeholder: 'why (e.g. deploy in progress)', size: 30});
    const form = el('form', {class: 'search-form', id: 'silence-form', 'aria-label': 'New silence'},
      el('label', null, 'Matchers', matchers), el('label', null, 'For', duration), el('label', null, 'Comment', comment),
      el('button', {type: 'submit', class: 'primary', id: 'create-silence'}, 'Create silence'),
      el('button', {type: 'button', onclick: () => formBox.replaceChildren()}, 'Cancel'));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const by = needWho();
      if (!by) return;
      const list = matchers.value.split('\n').map(s => s.trim()).filter(Boolean).map(s => {
        const i = s.indexOf('=');
        return {name: s.slice(0, i).trim(), op: '=', value: s.slice(i + 1).trim()};
      });
      if (list.some(m => !m.name)) {
        matchers.setCustomValidity('each line is name=value');
        matchers.reportValidity();
        return;
      }
      const now = Date.now();
      await act(() => send('POST', '/api/silences', {matchers: list, startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + Number(duration.value)).toISOString(), createdBy: by, comment: comment.value.trim() || 'silenced from the UI'}),
      'Silence created.');
      formBox.replaceChildren();
    });
    formBox.replaceChildren(el('h2', null, 'New silence'), form);
    comment.focus();
  }

  function silencesTable(list) {
    const rows = (Array.isArray(list) ? list : []).slice().sort((a, b) => String(b.startsAt).localeCompare(String(a.startsAt)));
    if (!rows.length) return el('p', {class: 'muted'}, 'No silences.');
    return el('div', {class: 'table-scroll'}, el('table', {class: 'traces', id: 'silences-table'},
      el('thead', null, el('tr', null, el('th', null, 'State'), el('th', null, 'Matchers'), el('th', {class: 'hide-narrow'}, 'Until'),
        el('th', {class: 'hide-narrow'}, 'By'), el('th', null, ''))),
      el('tbody', null, rows.map(s => {
        const state = s.status?.state ?? '';
        return el('tr', {'data-silence-id': s.id, 'data-state': state},
          el('td', null, el('span', {class: `badge silence-${state}`}, state)),
          el('td', null, (s.matchers ?? []).map(m => el('code', {class: 'label'}, `${m.name}${OPS[m.op] ?? m.op}"${m.value}"`)),
            s.comment ? el('div', {class: 'small muted'}, s.comment) : null),
          el('td', {class: 'hide-narrow small'}, time(s.endsAt)),
          el('td', {class: 'hide-narrow small'}, s.createdBy ?? ''),
          el('td', null, state !== 'expired' ? el('button', {type: 'button', class: 'expire-button', onclick: () =>
            act(() => send('DELETE', `/api/silences/${encodeURIComponent(s.id)}`), 'Silence expired.')}, 'Expire') : null));
      }))));
  }

  async function act(fn, done) {
    try {
      await fn();
      status.textContent = done;
      status.className = 'small';
      await load();
    } catch (e) {
      status.textContent = e.message;
      status.className = 'small error-box';
    }
  }

  try {
    await load();
  } catch (e) {
    if (e.name === 'AbortError' || !ctx.isCurrent()) return;
    alertsBox.replaceChildren(el('p', {class: 'error-box', role: 'alert'}, e.message));
  }
  return () => abort.abort();
}

function historyTable(events) {
  if (!events.length) return el('p', {class: 'muted'}, 'No alert events in this range.');
  return el('div', {class: 'table-scroll'}, el('table', {class: 'traces', id: 'history-table'},
    el('thead', null, el('tr', null, el('th', null, 'Time'), el('th', null, 'Event'), el('th', null, 'Alert'),
      el('th', {class: 'hide-narrow'}, 'Receiver'), el('th', {class: 'hide-narrow'}, 'Detail'))),
    el('tbody', null, events.slice().reverse().map(e => el('tr', null, el('td', {class: 'small mono'}, time(e.time)),
      el('td', null, e.kind), el('td', null, e.alertname), el('td', {class: 'hide-narrow'}, e.receiver),
      el('td', {class: 'hide-narrow small'}, e.detail ?? ''))))));
}

/** ISO-8601 durations (PT1H2M3.5S) for people. */
function isoDuration(d) {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(String(d ?? ''));
  if (!m) return String(d ?? '–');
  return [m[1] && `${m[1]}h`, m[2] && `${m[2]}m`, m[3] && `${Math.round(Number(m[3]))}s`].filter(Boolean).join(' ') || '0s';
}

function noiseTable(body) {
  const rows = body.rules ?? [];
  if (!rows.length) return el('p', {class: 'muted'}, `No alert fired in the last ${body.window ?? 'window'}.`);
  return el('div', {class: 'table-scroll'}, el('table', {class: 'traces', id: 'noise-table'},
    el('caption', {class: 'small muted', style: {textAlign: 'left', captionSide: 'bottom', padding: '4px'}},
      `Over the last ${body.window}: alerts that fire often, resolve fast or go unacknowledged are flagged.`),
    el('thead', null, el('tr', null, el('th', null, 'Alert'), el('th', {class: 'num'}, 'Fired'),
      el('th', {class: 'num hide-narrow'}, 'Median firing'), el('th', {class: 'num'}, 'Acked'), el('th', null, 'Verdict'))),
    el('tbody', null, rows.map(n => el('tr', {'data-alertname': n.alertname}, el('td', null, n.alertname),
      el('td', {class: 'num mono'}, String(n.timesFired)), el('td', {class: 'num mono hide-narrow'}, isoDuration(n.medianFiring)),
      el('td', {class: 'num mono'}, `${Math.round((n.fractionAcked ?? 0) * 100)}%`),
      el('td', {class: n.flagged ? 'status-error' : 'muted'}, n.flagged ? (n.reason || 'noisy') : 'ok'))))));
}
