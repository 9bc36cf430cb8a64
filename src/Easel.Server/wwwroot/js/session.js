// @ts-check
// The signed-in key lives in sessionStorage only: gone when the tab closes or on sign-out, never in a URL or a log.

const STORE = 'easel.session';

/**
 * @typedef {object} Session
 * @property {'account' | 'admin'} kind
 * @property {string} key
 * @property {'owner' | 'member' | null} role
 * @property {string | null} accountId
 * @property {boolean} test
 */

/** @returns {Session | null} */
export function current() {
  try {
    const raw = sessionStorage.getItem(STORE);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

/** @param {Session} session */
export function save(session) {
  sessionStorage.setItem(STORE, JSON.stringify(session));
}

export function clear() {
  sessionStorage.clear();
}

export const isAdmin = () => current()?.kind === 'admin';
export const isOwner = () => current()?.role === 'owner';
