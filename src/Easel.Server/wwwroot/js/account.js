// @ts-check
// The signed-in account's balance, shared by the header and the pages; refreshed when something may have changed it.
import { call } from './api.js';

/** @type {any} */
let latest = null;
const listeners = new Set();

/** @param {(account: any) => void} listener */
export function watch(listener) {
  listeners.add(listener);
  if (latest) listener(latest);
  return () => listeners.delete(listener);
}

export async function refresh() {
  latest = await call('/api/account');
  listeners.forEach(l => l(latest));
  return latest;
}

export const last = () => latest;

export function forget() {
  latest = null;
  listeners.clear();
}
