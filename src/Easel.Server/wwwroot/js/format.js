// @ts-check
// How numbers and times read on screen.

/** @param {string | null | undefined} iso */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A compact time for tiles. @param {string | null | undefined} iso */
export function shortWhen(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** @param {number | null | undefined} n */
export const credits = n => n === null || n === undefined ? '—' : `${n.toLocaleString()} ${Math.abs(n) === 1 ? 'credit' : 'credits'}`;

/** @param {number | null | undefined} n */
export const num = n => n === null || n === undefined ? '—' : n.toLocaleString();

/** A signed amount for the ledger. @param {number} n */
export const signed = n => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toLocaleString()}`;
