// The API key the page sends when the API asks for one: kept for this tab only (sessionStorage), never in the address.

const STORE = 'crawler-api-key';

export const apiKey = () => sessionStorage.getItem(STORE);

export function useKey(key) {
  if (key) sessionStorage.setItem(STORE, key); else sessionStorage.removeItem(STORE);
  window.dispatchEvent(new CustomEvent('crawler:key', { detail: { set: Boolean(key) } }));
}

/** The request headers that carry the key, if there is one. */
export const keyHeaders = () => (apiKey() ? { 'x-api-key': apiKey() } : {});

/** The API refused a request for want of a (good) key: the page asks for one. */
export const keyNeeded = () => window.dispatchEvent(new CustomEvent('crawler:key-needed'));
