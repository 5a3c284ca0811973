// The page's rendering: the form and its tabs, the error box, and the job's facts, counts, downloads, lane modes and summary.

import { $, el, fmt, fmtMs } from './dom.js';
import { integer } from './json.js';
import { Problem, api, download } from './api.js';
import { apiKey } from './key.js';
import { KINDS, WAIT_REASONS } from './kinds.js';
import { page } from './state.js';
import { drawTimeline } from './timeline.js';

export const MAX_ROWS = 5000;   // table rows kept in the page; the downloads hold everything

// ---------- the form ----------

const formValues = {}; // per kind, so switching tabs keeps what was typed

export function renderTabs() {
  const tabs = $('kinds');
  tabs.replaceChildren(...KINDS.map(k => {
    const tab = el('button', { type: 'button', role: 'tab', id: `tab-${k.id}`, 'data-testid': `tab-${k.id}`, 'aria-controls': 'job-form', 'aria-selected': String(k === page.kind), tabindex: k === page.kind ? '0' : '-1', text: k.label });
    tab.addEventListener('click', () => selectKind(k));
    tab.addEventListener('keydown', e => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (step) { const next = KINDS[(KINDS.indexOf(page.kind) + step + KINDS.length) % KINDS.length]; selectKind(next); $(`tab-${next.id}`).focus(); }
    });
    return tab;
  }));
  $('job-form').setAttribute('aria-labelledby', `tab-${page.kind.id}`);
}

function selectKind(k) {
  formValues[page.kind.id] = readForm();
  page.kind = k;
  renderTabs();
  renderFields();
}

export function renderFields() {
  const saved = formValues[page.kind.id] ?? {};
  $('kind-hint').textContent = page.kind.hint;
  $('fields').replaceChildren(...page.kind.fields.map(f => {
    const id = `f-${f.name}`;
    const value = f.name in saved ? saved[f.name] : f.value;
    let input;
    if (f.type === 'textarea') input = el('textarea', { id, name: f.name, rows: f.rows, placeholder: f.placeholder, spellcheck: 'false' });
    else if (f.type === 'select') input = el('select', { id, name: f.name }, ...f.choices.map(([v, text]) => el('option', { value: v, text })));
    else if (f.type === 'checkbox') input = el('input', { id, name: f.name, type: 'checkbox' });
    else input = el('input', { id, name: f.name, type: 'text', inputmode: f.type === 'integer' ? 'numeric' : undefined, placeholder: f.placeholder, autocomplete: 'off' });
    if (f.type === 'checkbox') input.checked = !!value;
    else if (value !== undefined) input.value = String(value);
    input.setAttribute('data-testid', `field-${f.name}`);
    const help = f.help ? el('small', { id: `${id}-help`, text: f.help }) : null;
    if (help) input.setAttribute('aria-describedby', help.id);
    const wrap = f.type === 'checkbox'
      ? el('div', { class: 'field check', 'data-field': f.name }, el('label', { for: id }, input, ` ${f.label}`), help)
      : el('div', { class: `field ${f.type === 'textarea' ? 'wide' : ''}`, 'data-field': f.name }, el('label', { for: id, text: f.label }), input, help);
    input.addEventListener('change', applyWhen);
    return wrap;
  }));
  applyWhen();
}

export function readForm() {
  const values = {};
  for (const f of page.kind.fields) {
    const input = $(`f-${f.name}`);
    if (!input) continue;
    values[f.name] = f.type === 'checkbox' ? input.checked : f.type === 'integer' ? integer(input.value) : input.value;
  }
  return values;
}

function applyWhen() {
  const values = readForm();
  for (const f of page.kind.fields) {
    if (f.when) document.querySelector(`[data-field="${f.name}"]`).hidden = !f.when(values);
  }
}

// ---------- errors: RFC 9457 problem details, shown as words ----------

export function showError(error) {
  const box = $('error');
  if (!error) { box.hidden = true; box.replaceChildren(); return; }
  const p = error instanceof Problem ? error : new Problem('Something went wrong', String(error?.message ?? error));
  box.replaceChildren(...[
    el('strong', { 'data-testid': 'error-title', text: p.title }),
    p.detail ? el('p', { 'data-testid': 'error-detail', text: p.detail }) : null,
    p.errors ? el('ul', { 'data-testid': 'error-fields' }, ...Object.entries(p.errors).map(([name, messages]) =>
      el('li', {}, el('code', { text: name }), `: ${[].concat(messages).join('; ')}`))) : null,
  ].filter(Boolean));
  box.hidden = false;
}

// ---------- the job's view ----------

export function startView(current) {
  const k = current.kind;
  for (const id of ['job', 'timeline-card', 'results-card']) $(id).hidden = false;
  $('summary-card').hidden = true;
  $('job-id').textContent = current.id;
  $('job').dataset.kind = k.id;
  setState(current, 'running');
  $('cancel').disabled = false;
  $('downloads').hidden = true;
  $('results-head').replaceChildren(...k.columns.map(c => el('th', { scope: 'col', text: c })));
  $('results-body').replaceChildren();
  $('results-note').hidden = true;
  renderLaneModes(current);
  renderFacts(current);
  renderCounts();
  drawTimeline(current);
}

export function setState(current, state) {
  if (page.job !== current) return;
  $('job').dataset.state = state;
  $('job-state').textContent = state === 'done' ? current.status.state : state;
}

export function renderFacts(current) {
  $('facts').replaceChildren(...current.kind.facts(current.status)
    .filter(([, , value]) => value !== undefined && value !== null && value !== '')
    .map(([key, label, value]) => el('div', { class: 'fact' },
      el('dt', { text: label }),
      el('dd', { 'data-testid': `fact-${key}`, 'data-value': typeof value === 'object' ? undefined : String(value), text: fmt(value) }))));
}

export function renderCounts() {
  if (!page.job) return;
  const { results, ok, failed, skipped } = page.job;
  const part = (key, label, n) => el('span', { class: `count ${key}`, 'data-testid': `count-${key}`, 'data-value': String(n) }, el('b', { text: fmt(n) }), ` ${label}`);
  $('counts').replaceChildren(part('total', 'results', results.length), part('ok', 'ok', ok), part('failed', 'failed', failed),
    ...(skipped ? [part('skipped', 'skipped', skipped)] : []));
  if (results.length > MAX_ROWS) {
    $('results-note').hidden = false;
    $('results-note').textContent = `Showing the first ${fmt(MAX_ROWS)} of ${fmt(results.length)} results; the downloads hold them all.`;
  }
}

export function renderDownloads(current) {
  $('download-links').replaceChildren(...current.kind.downloads(current.id, current.status).map(d => {
    const link = el('a', { href: d.href, download: '', 'data-testid': `download-${d.format}`, text: d.label });
    // With a key, the file is fetched with it; without one, the link is a plain link.
    link.addEventListener('click', event => {
      if (!apiKey()) return;
      event.preventDefault();
      download(d.href, `${current.id}-${d.format}`).catch(showError);
    });
    return el('li', {}, link);
  }));
  $('downloads').hidden = false;
}

function renderLaneModes(current) {
  const modes = Object.keys(current.kind.lanes);
  const box = $('lane-modes');
  box.replaceChildren(el('legend', { text: 'Lanes' }), ...modes.map(mode => {
    const input = el('input', { type: 'radio', name: 'lane-mode', value: mode, id: `lanes-${mode}`, 'data-testid': `lanes-${mode}` });
    input.checked = mode === current.laneMode;
    input.addEventListener('change', () => {
      current.laneMode = mode;
      drawTimeline(current);
      if (current.summary) loadSummary(current).catch(showError);
    });
    return el('label', { for: input.id }, input, ` per ${mode}`);
  }));
}

export async function loadSummary(current) {
  const summary = await api(current.kind.summaryUrl(current.id, current.laneMode), { signal: current.abort.signal });
  if (page.job !== current) return;
  current.summary = summary;
  renderSummary(current);
}

/** A lane's total wait and its largest reason, as '3.2 s (mostly batch limit)'. */
function mostHeld(waited) {
  const held = WAIT_REASONS.map(([key, , label]) => [label, waited?.[key] ?? 0]).filter(([, ms]) => ms > 0);
  if (held.length === 0) return '\u2014';
  const [label] = held.reduce((a, b) => (b[1] > a[1] ? b : a));
  return `${fmtMs(held.reduce((sum, [, ms]) => sum + ms, 0))} (mostly ${label})`;
}

const pct = p => `${fmtMs(p.p50)} · ${fmtMs(p.p90)} · ${fmtMs(p.p99)} · ${fmtMs(p.max)}`;

function renderSummary(current) {
  const s = current.summary;
  const stat = (key, label, value, raw) => el('div', { class: 'stat' },
    el('span', { class: 'label', text: label }), el('span', { class: 'value', 'data-testid': `summary-${key}`, 'data-value': raw === undefined ? undefined : String(raw), text: value }));
  const laneName = current.laneMode === 'silo' ? 'Silo' : 'Host';
  const reasons = WAIT_REASONS.filter(([key]) => (s.waited?.[key] ?? 0) > 0);
  $('summary').replaceChildren(
    el('div', { class: 'stats' },
      stat('items', 'Items', fmt(s.items), s.items),
      stat('wall', 'Wall time', fmtMs(s.wallMs), s.wallMs),
      stat('max-in-flight', 'Max in flight', fmt(s.maxInFlight), s.maxInFlight),
      stat('mean-in-flight', 'Mean in flight', s.meanInFlight.toFixed(2), s.meanInFlight),
      stat('speed-up', 'Speed-up over one at a time', `${s.speedUp.toFixed(2)}×`, s.speedUp)),
    el('table', { class: 'percentiles', 'data-testid': 'summary-percentiles' },
      el('thead', {}, el('tr', {}, ...['', 'p50', 'p90', 'p99', 'max'].map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {},
        el('tr', {}, el('th', { scope: 'row', text: 'Queue wait' }), ...['p50', 'p90', 'p99', 'max'].map(p => el('td', { text: fmtMs(s.queueWaitMs[p]) }))),
        el('tr', {}, el('th', { scope: 'row', text: 'Run time' }), ...['p50', 'p90', 'p99', 'max'].map(p => el('td', { text: fmtMs(s.runMs[p]) }))))),
    ...(reasons.length === 0 ? [] : [el('table', { class: 'waited', 'data-testid': 'summary-waited' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Held back by' }), el('th', { scope: 'col', text: 'Total' }), el('th', { scope: 'col', text: 'Mean per item' }))),
      el('tbody', {}, ...reasons.map(([key, reason, label, fill]) => el('tr', { 'data-testid': 'summary-reason', 'data-reason': reason, 'data-ms': s.waited[key] },
        el('th', { scope: 'row' }, el('i', { class: 'swatch', style: `background: ${fill}` }), ` ${label}`),
        el('td', { text: fmtMs(s.waited[key]) }), el('td', { text: fmtMs(s.waited[key] / Math.max(1, s.items)) })))))]),
    el('table', { class: 'lanes', 'data-testid': 'summary-lanes' },
      el('thead', {}, el('tr', {}, ...[laneName, 'Items', 'Max in flight', 'Busy', ...(reasons.length ? ['Held back (most)'] : [])].map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...s.lanes.map(l => el('tr', { 'data-testid': 'summary-lane', 'data-lane': l.lane },
        el('th', { scope: 'row', text: l.lane || '(none)' }), el('td', { text: fmt(l.items) }), el('td', { text: fmt(l.maxInFlight) }), el('td', { text: fmtMs(l.busyMs) }),
        ...(reasons.length ? [el('td', { text: mostHeld(l.waited) })] : [])))))
  );
  $('summary').title = `Queue wait / run time percentiles: ${pct(s.queueWaitMs)} / ${pct(s.runMs)}`;
  $('summary-card').hidden = false;
}
