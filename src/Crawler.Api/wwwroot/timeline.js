// The concurrency timeline: a lane of queued/started/finished bars per host or silo, and the in-flight chart below.

import { $, el, svg, fmtMs } from './dom.js';
import { colorOf, WAIT_REASONS } from './kinds.js';
import { page } from './state.js';

const MAX_BARS = 5000;   // timeline bars drawn

const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

function niceStep(span, target) {
  const raw = span / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map(m => m * power).find(step => step >= raw) ?? power * 10;
}

const tickLabel = (ms, step) => (step >= 1000 ? `${(ms / 1000).toFixed(step % 1000 ? 1 : 0)} s` : `${Math.round(ms)} ms`);

export function drawTimeline(current) {
  if (page.job !== current) return;
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
      // What held it back, by reason, ending where it started (the batch's part began before it reached its host).
      // (drawn from the timeline's start at the earliest).
      let from = waitStart(item);
      for (const [key, reason, , fill] of from === null ? [] : WAIT_REASONS) {
        const ms = item.waits[key] ?? 0;
        if (ms <= 0) continue;
        const left = x(Math.max(t0, from));
        bar.append(svg('rect', { class: `waited waited-${reason}`, 'data-reason': reason, 'data-ms': ms, x: left, y: top, width: Math.max(0.5, x(from + ms) - left), height: h, fill }));
        from += ms;
      }
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

/** When an item's recorded waits began: its start less all of them (null when it says nothing of them). */
function waitStart(item) {
  if (!item.waits || item.started === null) return null;
  const total = WAIT_REASONS.reduce((sum, [key]) => sum + (item.waits[key] ?? 0), 0);
  return total > 0 ? item.started - total : null;
}

function barTitle(item, t0) {
  const rel = t => (t === null ? '\u2014' : `+${fmtMs(t - t0)}`);
  const waited = item.started !== null && item.queued !== null ? fmtMs(item.started - item.queued) : '\u2014';
  const ran = item.started !== null ? fmtMs(item.finished - item.started) : 'not run';
  const why = WAIT_REASONS.filter(([key]) => (item.waits?.[key] ?? 0) > 0).map(([key, , label]) => `${label} ${fmtMs(item.waits[key])}`);
  return [...item.title.filter(Boolean), `queued ${rel(item.queued)} \u2192 started ${rel(item.started)} \u2192 finished ${rel(item.finished)}`,
    `waited ${waited} at its host, ran ${ran}`, ...(why.length ? [`held back by: ${why.join(', ')}`] : [])].join('\n');
}

function shorten(text, width) {
  const max = Math.max(6, Math.floor(width / 7));
  return text.length > max ? `\u2026${text.slice(-(max - 1))}` : text || '(none)';
}

function renderLegend(items) {
  const outcomes = [...new Set(items.map(i => i.outcome))].sort();
  const reasons = WAIT_REASONS.filter(([key]) => items.some(i => (i.waits?.[key] ?? 0) > 0));
  $('legend').replaceChildren(
    el('span', { class: 'key' }, el('i', { class: 'swatch wait' }), ' waiting'),
    el('span', { class: 'key' }, el('i', { class: 'swatch run' }), ' running'),
    ...outcomes.map(o => el('span', { class: 'key' }, el('i', { class: 'swatch', style: `background: ${colorOf(o)}` }), ` ${o}`)),
    ...reasons.map(([, reason, label, fill]) => el('span', { class: 'key', 'data-testid': 'legend-reason', 'data-reason': reason },
      el('i', { class: 'swatch', style: `background: ${fill}` }), ` held: ${label}`)));
}
