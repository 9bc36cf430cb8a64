// @ts-check
// What one page hands to the next without putting it in the URL: references for an edit, settings to re-run.
// It lives in memory only, and is taken once.

/** @typedef {{ references?: string[], choice?: import('./settings.js').Choice }} Handoff */

/** @type {Handoff | null} */
let pending = null;

/** @param {Handoff} value */
export function put(value) {
  pending = { references: [...(pending?.references ?? []), ...(value.references ?? [])], choice: value.choice ?? pending?.choice };
}

/** @returns {Handoff | null} */
export function take() {
  const value = pending;
  pending = null;
  return value;
}
