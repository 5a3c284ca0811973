// Talking to the API: JSON requests, NDJSON streams, and RFC 9457 problem details as errors.

import { parseJson } from './json.js';
import { keyHeaders, keyNeeded } from './key.js';

export class Problem extends Error {
  constructor(title, detail, errors, status) { super(detail || title); this.title = title; this.detail = detail; this.errors = errors; this.status = status; }
}

async function problemOf(response) {
  if (response.status === 401) keyNeeded();
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: the status line says enough */ }
  return new Problem(body?.title ?? `${response.status} ${response.statusText}`, body?.detail, body?.errors, response.status);
}

export async function api(url, init = {}) {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...keyHeaders(), ...(init.headers ?? {}) } });
  if (!response.ok) throw await problemOf(response);
  return parseJson(await response.text());
}

/** The lines of an NDJSON stream, a chunk's worth at a time, as they arrive. */
export async function* ndjson(url, signal) {
  const response = await fetch(url, { signal, headers: { accept: 'application/x-ndjson', ...keyHeaders() } });
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

/** Saves what the URL answers as a file: fetched with the key (a plain link could not send it), then handed to the browser. */
export async function download(url, fallbackName) {
  const response = await fetch(url, { headers: keyHeaders() });
  if (!response.ok) throw await problemOf(response);
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const href = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
