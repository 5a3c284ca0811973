// Small helpers the modules share: HTML and SVG nodes, numbers and times as text.

const SVG = 'http://www.w3.org/2000/svg';

export const $ = id => document.getElementById(id);
export const fmt = n => (n === undefined || n === null ? '' : typeof n === 'number' || typeof n === 'bigint' ? n.toLocaleString('en') : String(n));
export const fmtMs = ms => (ms === undefined || ms === null ? '' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter(c => c !== undefined && c !== null));
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  node.append(...children);
  return node;
}
