// Crawler's page: submit a job of any kind, stream its results, draw how concurrent it was.
// Every job kind is one descriptor in KINDS (kinds.js); the rest of the page is generic over them.

import { $, el } from './dom.js';
import { toJson } from './json.js';
import { api, ndjson } from './api.js';
import { apiKey, useKey } from './key.js';
import { KINDS } from './kinds.js';
import { page } from './state.js';
import { MAX_ROWS, renderTabs, renderFields, readForm, showError, startView, setState, renderFacts, renderCounts, renderDownloads, loadSummary } from './view.js';
import { drawTimeline } from './timeline.js';

const REDRAW_MS = 250;   // redraws of the timeline while results arrive are at most this often

const delay = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
});

// ---------- a job being watched ----------

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
  const k = page.kind;
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
  page.job?.abort.abort();
  page.job = new Job(k, status);
  const current = page.job;
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
    if (page.job === current) $('cancel').disabled = true;
  }
}

async function refreshStatus(current) {
  const status = await api(`${current.kind.endpoint}/${current.id}`, { signal: current.abort.signal });
  if (page.job !== current) return;
  current.status = status;
  renderFacts(current);
}

async function cancel() {
  if (!page.job) return;
  try {
    page.job.status = await api(`${page.job.kind.endpoint}/${page.job.id}`, { method: 'DELETE' });
    renderFacts(page.job);
  } catch (error) {
    showError(error);
  }
}

// ---------- start ----------

$('job-form').addEventListener('submit', submit);
$('cancel').addEventListener('click', cancel);
$('failures-only').addEventListener('change', e => $('results').classList.toggle('failures-only', e.target.checked));
let resizeTimer = null;
window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => page.job && drawTimeline(page.job), 150); });

// ---------- the key, when the API asks for one ----------

function showKeyState() {
  $('key-forget').hidden = !apiKey();
}

window.addEventListener('crawler:key-needed', () => { $('key-bar').hidden = false; $('key-input').focus(); });
window.addEventListener('crawler:key', showKeyState);
$('key-form').addEventListener('submit', event => {
  event.preventDefault();
  useKey($('key-input').value.trim());
  $('key-input').value = '';
  $('key-bar').hidden = true;
  showError(null);
});
$('key-forget').addEventListener('click', () => useKey(null));
showKeyState();
// Whether this API wants a key, asked at once rather than at the first job (a 401 opens the key bar).
api('/api/usage').catch(() => { });

renderTabs();
renderFields();

// #kind/id in the address watches that job again (a reload, or a link someone sent).
const [, hashKind, hashId] = location.hash.match(/^#(\w+)\/([0-9a-f]{32})$/) ?? [];
const resumed = KINDS.find(k => k.id === hashKind);
if (resumed) {
  page.kind = resumed;
  renderTabs();
  renderFields();
  api(`${resumed.endpoint}/${hashId}`).then(status => watch(resumed, status)).catch(showError);
}
document.body.dataset.ready = 'true';
