// The job kinds, one descriptor each in KINDS: to add a kind, add it here; the rest of the page is generic over them.

import { el, fmt, fmtMs } from './dom.js';
import { integer } from './json.js';

const lines = text => text.split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('#'));
const timeOf = iso => (iso ? Date.parse(iso) : null);
const sum = counts => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
const hostOf = url => { try { return new URL(url).host || '(no host)'; } catch { return '(no host)'; } };

/** Why a URL waited before it started, as the API names the reasons (WaitTimes), in the order they are drawn; none of
 *  their colours is an outcome's, so a waiting segment is never read as a result. */
export const WAIT_REASONS = [
  ['batchMs', 'batch', 'batch limit', '#3b6fd4'],
  ['hostMs', 'host', 'host limit', '#17a2b8'],
  ['delayMs', 'delay', 'host delay', '#e377c2'],
  ['retryAfterMs', 'retry-after', 'Retry-After', '#f1c40f'],
  ['backoffMs', 'backoff', 'back-off', '#6d4c41'],
  ['siloMs', 'silo', 'silo slots', '#1d2330'],
];

const field = (name, label, type, extra = {}) => ({ name, label, type, ...extra });
const REPORTS = ['json', 'csv', 'markdown', 'junit', 'sarif'];
const SKIPPED = new Set(['excluded', 'blocked', 'cancelled']);
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
    item: r => ({ queued: timeOf(r.queuedAt), started: timeOf(r.startedAt), finished: timeOf(r.finishedAt), outcome: r.outcome, waits: r.waits ?? null,
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

export const KINDS = [
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
      field('resources', 'Check what pages load', 'checkbox', { value: true, help: 'Stylesheets, scripts, frames, media, and images unless downloaded' }),
      field('perHostConcurrency', 'Per-host concurrency', 'integer', { value: 4, min: 1 }),
    ],
    options: v => ({
      perHostConcurrency: v.perHostConcurrency,
      crawl: { maxDepth: v.maxDepth, maxPages: v.maxPages, scope: v.scope, robots: v.robots, images: v.images, resources: v.resources,
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
  excluded: '#95a5a6', blocked: '#95a5a6', cancelled: '#95a5a6', composite: '#5d6d7e',
};
export const colorOf = outcome => OUTCOME_COLORS[outcome] ?? '#c0392b';

function outcomeBadge(outcome, error) {
  return el('span', { class: 'badge', style: `--c: ${colorOf(outcome)}`, title: error, text: outcome });
}
