// Numbers beyond 2^53 (prime ranges reach 10^16) are kept exact: BigInt in, raw digits out.

const BIG = '\u0000big:';
export const toJson = body => JSON.stringify(body, (_, v) => (typeof v === 'bigint' ? BIG + v : v))
  .replace(/"\\u0000big:(\d+)"/g, '$1');
export const parseJson = text => JSON.parse(text, (_, v, context) =>
  typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v) && context?.source ? BigInt(context.source) : v);
export const integer = text => {
  const t = String(text ?? '').trim().replaceAll('_', '').replaceAll(',', '');
  if (t === '') return undefined;
  if (/^\d+$/.test(t)) { const n = BigInt(t); return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n; }
  if (/^-?\d+(\.\d+)?(e\d+)?$/i.test(t)) { const n = Number(t); return Number.isSafeInteger(n) ? n : t; }
  return t; // sent as it is, so the API names what is wrong with it
};
