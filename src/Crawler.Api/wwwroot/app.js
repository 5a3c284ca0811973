// Crawler's page: submit a job of any kind, stream its results, draw how concurrent it was.
// Every job kind is one descriptor in KINDS; the rest of the page is generic over them.

const MAX_ROWS = 5000;   // table rows kept in the page; the downloads hold everything
const MAX_BARS = 5000;   // timeline bars drawn
const REDRAW_MS = 250;   // redraws of the timeline while results arrive are at most this often
const SVG = 'http://www.w3.org/2000/svg';

// ---------- small helpers ----------

const $ = id => document.getElementById(id);
const lines = text => text.split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('#'));
const timeOf = iso => (iso ? Date.parse(iso) : null);
const sum = counts => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
const fmt = n => (n === undefined || n === null ? '' : typeof n === 'number' || typeof n === 'bigint' ? n.toLocaleString('en') : String(n));
const fmtMs = ms => (ms === undefined || ms === null ? '' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
const hostOf = url => { try { return new URL(url).host || '(no host)'; } catch { return '(no host)'; } };
const delay = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
});

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter(c => c !== undefined && c !== null));
  return node;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

// Numbers beyond 2^53 (prime ranges reach 10^16) are kept exact: BigInt in, raw digits out.
const BIG = '\u0000big:';
const toJson = body => JSON.stringify(body, (_, v) => (typeof v === 'bigint' ? BIG + v : v))
  .replace(/"\\u0000big:(\d+)"/g, '$1');
const parseJson = text => JSON.parse(text, (_, v, context) =>
  typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && context?.source ? BigInt(context.source) : v);
const integer = text => {
  const t = String(text ?? '').trim().replaceAll('_', '').replaceAll(',', '');
  if (t === '') return undefined;
  if (/^\d+$/.test(t)) { const n = BigInt(t); return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n; }
  if (/^-?\d+(\.\d+)?(e\d+)?$/i.test(t)) { const n = Number(t); return Number.isSafeInteger(n) ? n : t; }
  return t; // sent as it is, so the API names what is wrong with it
};

// ---------- job kinds ----------

const field = (name, label, type, extra = {}) => ({ name, label, type, ...extra });
const REPORTS = ['json', 'csv', 'markdown', 'junit', 'sarif'];
const SKIPPED = new Set(['excluded', 'cancelled']);
const URL_HELP = 'One URL a line; lines starting with # are comments.';

/** Checks, downloads and crawls are batches: the same results, reports, summary and lanes. */
function batchKind({ id, label, endpoint, hint, urls, fields, options, columns = [], cells = () => [], manifest = () => false }) {
  return {
    id, label, endpoint, hint,
    fields: [field('urls', urls, 'textarea', { rows: 6, help: URL_HELP, placeholder: 'https://example.com/' }), ...fields],
    body: v => ({ urls: lines(v.urls ?? ''), options: options(v) }),
    columns: ['#', 'URL', 'Outcome', 'Status', 'Time', 'Attempts', 'Silo', ...columns],
    row: r => [r.index, el('a', { href: r.url, text: r.url, rel: 'noreferrer', target: '_blank' }), outcomeBadge(r.outcome, r.error),
      r.status ?? '', fmtMs(r.elapsedMs), r.attempts ?? '', r.silo ?? '', ...cells(r)],
    outcome: r => r.outcome,
    failed: r => r.outcome !== 'ok' && !SKIPPED.has(r.outcome),
    skipped: r => SKIPPED.has(r.outcome),
    item: r => ({ queued: timeOf(r.queuedAt), started: timeOf(r.startedAt), finished: timeOf(r.finishedAt), outcome: r.outcome,
      title: [r.url, r.outcome + (r.status ? ` (${r.status})` : '') + (r.error ? `: ${r.error}` : ''), r.silo && `silo ${r.silo}`] }),
    lanes: { host: r => hostOf(r.url), silo: r => r.silo ?? '(no request)' },
    summaryUrl: (jobId, by) => `${endpoint}/${jobId}/summary?by=${by}`,
    finished: s => s.state === 'completed' || s.state === 'cancelled',
    facts: s => [
      ['state', 'State', s.state], ['total', 'URLs', s.total], ['done', 'Done', s.done], ['ok', 'OK', s.ok],
      ['failed', 'Failed', sum(s.failed)], ['skipped', 'Skipped', sum(s.skipped)],
      ['elapsed', 'Elapsed', s.startedAt && s.finishedAt ? fmtMs(timeOf(s.finishedAt) - timeOf(s.startedAt)) : ''],
    ],
    downloads: (jobId, s) => [
      { format: 'ndjson', label: 'NDJSON', href: `${endpoint}/${jobId}/results` },
      ...REPORTS.map(f => ({ format: f, label: f === 'junit' ? 'JUnit XML' : f === 'sarif' ? 'SARIF' : f.toUpperCase(), href: `${endpoint}/${jobId}/results?format=${f}` })),
      ...(manifest(s) ? ['json', 'csv'].map(f => ({ format: `manifest-${f}`, label: `Manifest ${f.toUpperCase()}`, href: `${endpoint}/${jobId}/manifest?format=${f}` })) : []),
    ],
  };
}

const concurrencyFields = [
  field('perHostConcurrency', 'Per-host concurrency', 'integer', { value: 4, min: 1, help: 'Requests to one host at once, over the cluster' }),
  field('maxConcurrency', 'Batch concurrency', 'integer', { value: 64, min: 1, help: 'Requests of the batch at once' }),
  field('timeoutMs', 'Timeout (ms)', 'integer', { value: 10000, min: 100 }),
  field('retries', 'Retries', 'integer', { value: 1, min: 0 }),
];
const concurrencyOptions = v => ({ perHostConcurrency: v.perHostConcurrency, maxConcurrency: v.maxConcurrency, timeoutMs: v.timeoutMs, retries: v.retries });

const KINDS = [
  batchKind({
    id: 'checks', label: 'Checks', endpoint: '/api/checks', urls: 'URLs to check',
    hint: 'Checks each URL: status, redirects, time, on whichever silo owns its host.',
    fields: concurrencyFields, options: concurrencyOptions,
  }),
  batchKind({
    id: 'crawls', label: 'Crawl', endpoint: '/api/crawls', urls: 'Seeds',
    hint: 'Follows the links of the seeds\u2019 pages within a scope, a depth and a page budget, obeying robots.txt.',
    fields: [
      field('maxDepth', 'Depth', 'integer', { value: 3, min: 0, help: 'Links followed from a seed' }),
      field('maxPages', 'Max pages', 'integer', { value: 1000, min: 1 }),
      field('scope', 'Scope', 'select', { value: 'sameHost', choices: [['sameHost', 'Same host'], ['sameDomain', 'Same domain'], ['hosts', 'Listed hosts']] }),
      field('hosts', 'Hosts (for \u201clisted hosts\u201d)', 'text', { placeholder: 'example.com *.example.org', when: v => v.scope === 'hosts' }),
      field('robots', 'Obey robots.txt', 'checkbox', { value: true }),
      field('images', 'Download images', 'checkbox', { value: false }),
      field('perHostConcurrency', 'Per-host concurrency', 'integer', { value: 4, min: 1 }),
    ],
    options: v => ({
      perHostConcurrency: v.perHostConcurrency,
      crawl: { maxDepth: v.maxDepth, maxPages: v.maxPages, scope: v.scope, robots: v.robots, images: v.images,
        hosts: v.scope === 'hosts' ? (v.hosts ?? '').split(/[\s,]+/).filter(Boolean) : undefined },
    }),
    columns: ['Depth', 'Links'],
    cells: r => [r.page?.depth ?? '', r.page ? r.page.links.length : ''],
    manifest: s => s?.options?.crawl?.images === true,
  }),
  batchKind({
    id: 'downloads', label: 'Downloads', endpoint: '/api/downloads', urls: 'URLs to download',
    hint: 'Keeps each good answer\u2019s body in the content store (SHA-256 names), with a manifest.',
    fields: [...concurrencyFields, field('maxDownloadBytes', 'Max bytes a file', 'integer', { value: 16 * 1024 * 1024, min: 1 })],
    options: v => ({ ...concurrencyOptions(v), maxDownloadBytes: v.maxDownloadBytes }),
    columns: ['Type', 'Bytes', 'SHA-256'],
    cells: r => [r.download?.type ?? r.download?.declaredType ?? '', fmt(r.download?.bytes), el('code', { text: r.download?.sha256?.slice(0, 12) ?? '' })],
    manifest: () => true,
  }),
  {
    id: 'primes', label: 'Primes', endpoint: '/api/primes',
    hint: 'Counts the primes of a range in partitions spread over every silo, lists a small range, or tests numbers.',
    fields: [
      field('mode', 'Job', 'select', { value: 'count', choices: [['count', 'Count primes'], ['list', 'List primes'], ['isprime', 'Is each prime?']] }),
      field('from', 'From', 'integer', { value: 0, min: 0, when: v => v.mode !== 'isprime' }),
      field('to', 'To (exclusive)', 'integer', { value: 10_000_000, min: 0, when: v => v.mode !== 'isprime' }),
      field('partitions', 'Partitions', 'integer', { min: 1, placeholder: 'sized to the work', when: v => v.mode === 'count' }),
      field('numbers', 'Numbers', 'textarea', { rows: 4, help: 'Separated by spaces, commas or lines', placeholder: '2 91 2147483647', when: v => v.mode === 'isprime' }),
    ],
    body: v => (v.mode === 'isprime'
      ? { numbers: (v.numbers ?? '').split(/[\s,;]+/).filter(Boolean).map(integer) }
      : { kind: v.mode, from: v.from, to: v.to, partitions: v.mode === 'count' ? v.partitions : undefined }),
    columns: ['#', 'Range / number', 'Primes / answer', 'Twin pairs', 'Silo', 'Time'],
    row: (l, i) => ('partition' in l ? [l.partition, `[${fmt(l.from)}, ${fmt(l.to)})`, fmt(l.count), fmt(l.twinPairs), l.silo, fmtMs(l.seconds * 1000)]
      : 'number' in l ? [l.index, fmt(l.number), l.prime ? 'prime' : 'not prime', '', '', '']
        : [i, '', fmt(l.prime), '', '', '']),
    outcome: l => (typeof l.prime === 'boolean' && !l.prime ? 'composite' : 'ok'),
    failed: () => false,
    skipped: () => false,
    item: (l, job) => (l.startedAt ? {
      queued: timeOf(job.status.createdAt), started: timeOf(l.startedAt), finished: timeOf(l.finishedAt), outcome: 'ok',
      title: [`partition ${l.partition}: [${fmt(l.from)}, ${fmt(l.to)})`, `${fmt(l.count)} primes`, `silo ${l.silo}`],
    } : null),
    lanes: { silo: l => l.silo },
    summaryUrl: jobId => `/api/primes/${jobId}/summary`,
    finished: s => s.state === 'completed' || s.state === 'cancelled',
    facts: s => [
      ['state', 'State', s.state], ['kind', 'Kind', String(s.kind).toLowerCase()],
      ['partitions', 'Partitions', `${fmt(s.partitionsDone)} / ${fmt(s.partitions)}`],
      ...(String(s.kind).toLowerCase() === 'count' ? [
        ['count', 'Primes', s.summary?.count ?? s.countSoFar], ['twin-pairs', 'Twin pairs', s.summary?.twinPairs],
        ['largest-gap', 'Largest gap', s.summary ? `${fmt(s.summary.largestGap)} after ${fmt(s.summary.largestGapAfter)}` : undefined],
      ] : []),
      ['silos', 'Partitions per silo', Object.entries(s.silos ?? {}).map(([k, v]) => `${k}: ${v}`).join(', ')],
      ['elapsed', 'Elapsed', s.elapsedSeconds !== undefined ? fmtMs(s.elapsedSeconds * 1000) : ''],
      ['recomputed', 'Recomputed', s.recomputed || undefined],
    ],
    downloads: jobId => [
      { format: 'ndjson', label: 'NDJSON', href: `/api/primes/${jobId}/results` },
      { format: 'status', label: 'Status JSON', href: `/api/primes/${jobId}` },
      { format: 'summary', label: 'Summary JSON', href: `/api/primes/${jobId}/summary` },
    ],
  },
];

const OUTCOME_COLORS = {
  ok: '#2f7d4f', http_error: '#d9822b', timeout: '#8e44ad', too_many_redirects: '#b7950b', invalid_url: '#7f8c8d',
  excluded: '#95a5a6', cancelled: '#95a5a6', composite: '#5d6d7e',
};
const colorOf = outcome => OUTCOME_COLORS[outcome] ?? '#c0392b';

function outcomeBadge(outcome, error) {
  return el('span', { class: 'badge', style: `--c: ${colorOf(outcome)}`, title: error, text: outcome });
}

// ---------- the form ----------

let kind = KINDS[0];
const formValues = {}; // per kind, so switching tabs keeps what was typed

function renderTabs() {
  const tabs = $('kinds');
  tabs.replaceChildren(...KINDS.map(k => {
    const tab = el('button', { type: 'button', role: 'tab', id: `tab-${k.id}`, 'data-testid': `tab-${k.id}`, 'aria-controls': 'job-form', 'aria-selected': String(k === kind), tabindex: k === kind ? '0' : '-1', text: k.label });
    tab.addEventListener('click', () => selectKind(k));
    tab.addEventListener('keydown', e => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (step) { const next = KINDS[(KINDS.indexOf(kind) + step + KINDS.length) % KINDS.length]; selectKind(next); $(`tab-${next.id}`).focus(); }
    });
    return tab;
  }));
  $('job-form').setAttribute('aria-labelledby', `tab-${kind.id}`);
}

function selectKind(k) {
  formValues[kind.id] = readForm();
  kind = k;
  renderTabs();
  renderFields();
}

function renderFields() {
  const saved = formValues[kind.id] ?? {};
  $('kind-hint').textContent = kind.hint;
  $('fields').replaceChildren(...kind.fields.map(f => {
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

function readForm() {
  const values = {};
  for (const f of kind.fields) {
    const input = $(`f-${f.name}`);
    if (!input) continue;
    values[f.name] = f.type === 'checkbox' ? input.checked : f.type === 'integer' ? integer(input.value) : input.value;
  }
  return values;
}

function applyWhen() {
  const values = readForm();
  for (const f of kind.fields) {
    if (f.when) document.querySelector(`[data-field="${f.name}"]`).hidden = !f.when(values);
  }
}

// ---------- errors: RFC 9457 problem details, shown as words ----------

class Problem extends Error {
  constructor(title, detail, errors, status) { super(detail || title); this.title = title; this.detail = detail; this.errors = errors; this.status = status; }
}

async function problemOf(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: the status line says enough */ }
  return new Problem(body?.title ?? `${response.status} ${response.statusText}`, body?.detail, body?.errors, response.status);
}

function showError(error) {
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

async function api(url, init = {}) {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  if (!response.ok) throw await problemOf(response);
  return parseJson(await response.text());
}

/** The lines of an NDJSON stream, a chunk's worth at a time, as they arrive. */
async function* ndjson(url, signal) {
  const response = await fetch(url, { signal, headers: { accept: 'application/x-ndjson' } });
  if (!response.ok) throw await problemOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const end = buffer.lastIndexOf('\n');
      if (end < 0) continue;
      const complete = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      yield complete.split('\n').filter(l => l.trim()).map(parseJson);
    }
    if (buffer.trim()) yield [parseJson(buffer)];
  } finally {
    reader.releaseLock();
  }
}

// ---------- a job being watched ----------

let job = null;

class Job {
  constructor(k, status) {
    this.kind = k;
    this.id = status.id;
    this.status = status;
    this.results = [];
    this.ok = 0; this.failed = 0; this.skipped = 0;
    this.items = [];
    this.laneMode = Object.keys(k.lanes)[0];
    this.summary = null;
    this.abort = new AbortController();
    this.drawTimer = null;
  }

  add(batch) {
    const body = $('results-body');
    const rows = [];
    for (const r of batch) {
      const index = this.results.length;
      this.results.push(r);
      const failed = this.kind.failed(r);
      if (failed) this.failed++; else if (this.kind.skipped(r)) this.skipped++; else this.ok++;
      const item = this.kind.item(r, this);
      if (item) { item.result = r; this.items.push(item); }
      if (index < MAX_ROWS) {
        rows.push(el('tr', { 'data-testid': 'result-row', 'data-failed': String(failed), 'data-outcome': this.kind.outcome(r) },
          ...this.kind.row(r, index).map(cell => el('td', {}, cell instanceof Node ? cell : String(cell ?? '')))));
      }
    }
    body.append(...rows);
    renderCounts();
    this.scheduleDraw();
  }

  scheduleDraw() {
    if (this.drawTimer) return;
    this.drawTimer = setTimeout(() => { this.drawTimer = null; drawTimeline(this); }, REDRAW_MS);
  }
}

async function submit(event) {
  event.preventDefault();
  showError(null);
  const k = kind;
  let status;
  $('submit').disabled = true;
  try {
    status = await api(k.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: toJson(k.body(readForm())) });
  } catch (error) {
    showError(error);
    return;
  } finally {
    $('submit').disabled = false;
  }
  history.replaceState(null, '', `#${k.id}/${status.id}`);
  await watch(k, status);
}

async function watch(k, status) {
  job?.abort.abort();
  job = new Job(k, status);
  const current = job;
  startView(current);
  const { signal } = current.abort;
  const poll = setInterval(() => refreshStatus(current).catch(() => { }), 1000);
  try {
    let from = 0;
    for (;;) {
      for await (const batch of ndjson(`${k.endpoint}/${current.id}/results?from=${from}`, signal)) {
        from += batch.length;
        current.add(batch);
      }
      await refreshStatus(current);
      if (k.finished(current.status)) break;
      await delay(1000, signal); // the stream closed before the end (say the API restarted): carry on from where it stopped
    }
    clearInterval(poll);
    await loadSummary(current);
    renderDownloads(current);
    clearTimeout(current.drawTimer);
    current.drawTimer = null;
    drawTimeline(current);
    setState(current, 'done');
  } catch (error) {
    if (signal.aborted) return;
    showError(error);
    setState(current, 'error');
  } finally {
    clearInterval(poll);
    if (job === current) $('cancel').disabled = true;
  }
}

async function refreshStatus(current) {
  const status = await api(`${current.kind.endpoint}/${current.id}`, { signal: current.abort.signal });
  if (job !== current) return;
  current.status = status;
  renderFacts(current);
}

async function loadSummary(current) {
  const summary = await api(current.kind.summaryUrl(current.id, current.laneMode), { signal: current.abort.signal });
  if (job !== current) return;
  current.summary = summary;
  renderSummary(current);
}

function setState(current, state) {
  if (job !== current) return;
  $('job').dataset.state = state;
  $('job-state').textContent = state === 'done' ? current.status.state : state;
}

async function cancel() {
  if (!job) return;
  try {
    job.status = await api(`${job.kind.endpoint}/${job.id}`, { method: 'DELETE' });
    renderFacts(job);
  } catch (error) {
    showError(error);
  }
}

// ---------- rendering ----------

function startView(current) {
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

function renderFacts(current) {
  $('facts').replaceChildren(...current.kind.facts(current.status)
    .filter(([, , value]) => value !== undefined && value !== null && value !== '')
    .map(([key, label, value]) => el('div', { class: 'fact' },
      el('dt', { text: label }),
      el('dd', { 'data-testid': `fact-${key}`, 'data-value': typeof value === 'object' ? undefined : String(value), text: fmt(value) }))));
}

function renderCounts() {
  if (!job) return;
  const { results, ok, failed, skipped } = job;
  const part = (key, label, n) => el('span', { class: `count ${key}`, 'data-testid': `count-${key}`, 'data-value': String(n) }, el('b', { text: fmt(n) }), ` ${label}`);
  $('counts').replaceChildren(part('total', 'results', results.length), part('ok', 'ok', ok), part('failed', 'failed', failed),
    ...(skipped ? [part('skipped', 'skipped', skipped)] : []));
  if (results.length > MAX_ROWS) {
    $('results-note').hidden = false;
    $('results-note').textContent = `Showing the first ${fmt(MAX_ROWS)} of ${fmt(results.length)} results; the downloads hold them all.`;
  }
}

function renderDownloads(current) {
  $('download-links').replaceChildren(...current.kind.downloads(current.id, current.status).map(d =>
    el('li', {}, el('a', { href: d.href, download: '', 'data-testid': `download-${d.format}`, text: d.label }))));
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

const pct = p => `${fmtMs(p.p50)} · ${fmtMs(p.p90)} · ${fmtMs(p.p99)} · ${fmtMs(p.max)}`;

function renderSummary(current) {
  const s = current.summary;
  const stat = (key, label, value, raw) => el('div', { class: 'stat' },
    el('span', { class: 'label', text: label }), el('span', { class: 'value', 'data-testid': `summary-${key}`, 'data-value': raw === undefined ? undefined : String(raw), text: value }));
  const laneName = current.laneMode === 'silo' ? 'Silo' : 'Host';
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
    el('table', { class: 'lanes', 'data-testid': 'summary-lanes' },
      el('thead', {}, el('tr', {}, ...[laneName, 'Items', 'Max in flight', 'Busy'].map(h => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...s.lanes.map(l => el('tr', { 'data-testid': 'summary-lane', 'data-lane': l.lane },
        el('th', { scope: 'row', text: l.lane || '(none)' }), el('td', { text: fmt(l.items) }), el('td', { text: fmt(l.maxInFlight) }), el('td', { text: fmtMs(l.busyMs) })))))
  );
  $('summary').title = `Queue wait / run time percentiles: ${pct(s.queueWaitMs)} / ${pct(s.runMs)}`;
  $('summary-card').hidden = false;
}

// ---------- the timeline ----------

const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

function niceStep(span, target) {
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * power).find(step => step >= raw) ?? power * 10;
}

const tickLabel = (ms, step) => (step >= 1000 ? `${(ms / 1000).toFixed(step % 1000 ? 1 : 0)} s` : `${Math.round(ms)} ms`);

function drawTimeline(current) {
  if (job !== current) return;
  const host = $('timeline');
  const laneOf = current.kind.lanes[current.laneMode];
  const items = current.items.slice(0, MAX_BARS);
  renderLegend(items);
  if (items.length === 0) {
    host.replaceChildren(el('p', { class: 'hint', 'data-testid': 'timeline-empty', text: current.kind.item({}, current) === null && current.results.length ? 'This job\u2019s results have no times to draw.' : 'Waiting for the first result\u2026' }));
    return;
  }

  const t0 = Math.min(...items.map(i => i.queued ?? i.started ?? i.finished));
  const t1 = Math.max(...items.map(i => i.finished));
  const span = Math.max(t1 - t0, 1);
  const width = Math.max(640, host.clientWidth || 960);
  const labelWidth = Math.min(220, Math.round(width * 0.22));
  const plot = width - labelWidth - 16;
  const x = t => labelWidth + ((t - t0) / span) * plot;

  const lanes = new Map();
  for (const item of items) {
    const name = laneOf(item.result) ?? '';
    (lanes.get(name) ?? lanes.set(name, []).get(name)).push(item);
  }
  const names = [...lanes.keys()].sort(naturalOrder);

  const axisHeight = 22;
  const chartHeight = 90;
  const gap = 10;
  const root = svg('svg', { role: 'img', 'aria-label': `Timeline of ${items.length} items in ${names.length} lanes`, width, 'data-testid': 'timeline-svg' });

  const step = niceStep(span, Math.max(2, Math.floor(plot / 110)));
  const ticks = [];
  for (let t = 0; t <= span + 1e-9; t += step) ticks.push(t);

  let y = axisHeight;
  const laneGroups = [];
  for (const name of names) {
    const laneItems = lanes.get(name).sort((a, b) => (a.started ?? a.finished) - (b.started ?? b.finished) || a.queued - b.queued);
    const row = Math.max(2, Math.min(12, Math.floor(160 / laneItems.length)));
    const height = laneItems.length * row + 8;
    const lane = svg('g', { class: 'lane', 'data-testid': 'lane', 'data-lane': name, 'data-items': laneItems.length });
    lane.append(svg('rect', { class: 'lane-bg', x: 0, y, width, height }));
    lane.append(svg('text', { class: 'lane-label', x: 6, y: y + Math.min(height / 2, 14) + 4 }, shorten(name, labelWidth), svg('title', {}, `${name}: ${laneItems.length} items`)));
    laneItems.forEach((item, i) => {
      const top = y + 4 + i * row;
      const h = Math.max(1, row - (row > 4 ? 2 : 0));
      const queued = item.queued ?? item.started ?? item.finished;
      const started = item.started ?? item.finished;
      const color = colorOf(item.outcome);
      // Its times as drawn, in ms from the timeline's start: what the browser test holds against the server's.
      const bar = svg('g', { class: 'bar', 'data-testid': 'bar', 'data-outcome': item.outcome, 'data-name': (item.title ?? [])[0] ?? '',
        'data-queued': queued - t0, 'data-started': item.started === null ? '' : started - t0, 'data-finished': item.finished - t0 });
      bar.append(svg('title', {}, barTitle(item, t0)));
      if (started > queued) bar.append(svg('rect', { class: 'wait', x: x(queued), y: top, width: Math.max(0.5, x(started) - x(queued)), height: h, fill: color }));
      if (item.started !== null) bar.append(svg('rect', { class: 'run', x: x(started), y: top, width: Math.max(1, x(item.finished) - x(started)), height: h, fill: color }));
      lane.append(bar);
    });
    laneGroups.push(lane);
    y += height;
  }

  const chartTop = y + gap;
  const grid = svg('g', { class: 'grid' });
  for (const t of ticks) {
    grid.append(svg('line', { x1: x(t0 + t), x2: x(t0 + t), y1: axisHeight - 4, y2: chartTop + chartHeight }));
    grid.append(svg('text', { x: x(t0 + t), y: axisHeight - 8, 'text-anchor': t === 0 ? 'start' : 'middle' }, tickLabel(t, step)));
  }
  root.append(grid, ...laneGroups, inFlightChart(items, x, t0, t1, labelWidth, width, chartTop, chartHeight));
  root.setAttribute('height', chartTop + chartHeight + 6);
  root.setAttribute('viewBox', `0 0 ${width} ${chartTop + chartHeight + 6}`);
  host.replaceChildren(root);
}

function inFlightChart(items, x, t0, t1, labelWidth, width, top, height) {
  const events = [];
  for (const item of items) {
    if (item.started === null) continue;
    events.push([item.started, 1], [item.finished, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  const steps = [[t0, 0]];
  for (const [t, delta] of events) {
    now += delta;
    max = Math.max(max, now);
    steps.push([t, now]);
  }
  steps.push([t1, 0]);
  const yOf = n => top + height - (max ? (n / max) * (height - 14) : 0);
  let d = `M ${x(t0)} ${yOf(0)}`;
  let level = 0;
  for (const [t, n] of steps) { d += ` L ${x(t)} ${yOf(level)} L ${x(t)} ${yOf(n)}`; level = n; }
  d += ` L ${x(t1)} ${yOf(0)} Z`;
  return svg('g', { class: 'in-flight', 'data-testid': 'in-flight', 'data-max': max },
    svg('rect', { class: 'chart-bg', x: 0, y: top, width, height }),
    svg('text', { class: 'lane-label', x: 6, y: top + 16 }, 'In flight'),
    svg('text', { class: 'axis-note', x: 6, y: top + 32 }, `max ${max}`),
    svg('line', { class: 'max-line', x1: labelWidth, x2: width - 16, y1: yOf(max), y2: yOf(max) }),
    svg('path', { d }, svg('title', {}, `Items running at once over time (max ${max})`)));
}

function barTitle(item, t0) {
  const rel = t => (t === null ? '\u2014' : `+${fmtMs(t - t0)}`);
  const waited = item.started !== null && item.queued !== null ? fmtMs(item.started - item.queued) : '\u2014';
  const ran = item.started !== null ? fmtMs(item.finished - item.started) : 'not run';
  return [...item.title.filter(Boolean), `queued ${rel(item.queued)} \u2192 started ${rel(item.started)} \u2192 finished ${rel(item.finished)}`, `waited ${waited}, ran ${ran}`].join('\n');
}

function shorten(text, width) {
  const max = Math.max(6, Math.floor(width / 7));
  return text.length > max ? `\u2026${text.slice(-(max - 1))}` : text || '(none)';
}

function renderLegend(items) {
  const outcomes = [...new Set(items.map(i => i.outcome))].sort();
  $('legend').replaceChildren(
    el('span', { class: 'key' }, el('i', { class: 'swatch wait' }), ' waiting'),
    el('span', { class: 'key' }, el('i', { class: 'swatch run' }), ' running'),
    ...outcomes.map(o => el('span', { class: 'key' }, el('i', { class: 'swatch', style: `background: ${colorOf(o)}` }), ` ${o}`)));
}

// ---------- start ----------

$('job-form').addEventListener('submit', submit);
$('cancel').addEventListener('click', cancel);
$('failures-only').addEventListener('change', e => $('results').classList.toggle('failures-only', e.target.checked));
let resizeTimer = null;
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => job && drawTimeline(job), 150); });

renderTabs();
renderFields();

// #kind/id in the address watches that job again (a reload, or a link someone sent).
const [, hashKind, hashId] = location.hash.match(/^#(\w+)\/([0-9a-f]{32})$/) ?? [];
const resumed = KINDS.find(k => k.id === hashKind);
if (resumed) {
  kind = resumed;
  renderTabs();
  renderFields();
  api(`${resumed.endpoint}/${hashId}`).then(status => watch(resumed, status)).catch(showError);
}
document.body.dataset.ready = 'true';
