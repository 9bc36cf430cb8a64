// @ts-check
// A ledger, paged with the API's cursor (older) and a stack of the cursors seen (newer).
import { messageOf } from './api.js';
import { h, show, errorBox, loading, empty, table, badge } from './ui.js';
import { when, signed } from './format.js';

/**
 * @param {HTMLElement} card
 * @param {(cursor: string | null) => Promise<{ entries: any[], next_cursor: string | null }>} fetchPage
 * @param {AbortSignal} signal
 * @param {boolean} linkTasks whether task ids link to the account's own task pages
 */
export function ledgerTable(card, fetchPage, signal, linkTasks) {
  /** @type {(string | null)[]} */
  const seen = [];
  const title = h('h2', null, 'Ledger');
  const draw = async cursor => {
    show(card, title, loading());
    try {
      const page = await fetchPage(cursor);
      const entries = page.entries ?? [];
      const nav = h('div', { class: 'row', style: 'margin-top:.75rem' },
        h('button', { type: 'button', class: 'btn small', disabled: seen.length === 0, onclick: () => draw(seen.pop() ?? null) }, '← Previous'),
        h('button', { type: 'button', class: 'btn small', disabled: !page.next_cursor, onclick: () => { seen.push(cursor); draw(page.next_cursor); } }, 'Next →'));
      show(card, title, entries.length === 0 && seen.length === 0
        ? empty('No entries yet', 'Grants, reservations, charges and releases appear here.')
        : table(['When', 'Kind', 'Amount', 'Task', 'Reason'], entries.map(e => h('tr', { dataset: { kind: e.kind } },
          h('td', null, when(e.created_time ?? e.created_at)),
          h('td', null, badge(kindClass(e.kind), e.kind)),
          effect(e),
          h('td', { class: 'mono small' }, e.task_id ? (linkTasks ? h('a', { href: `/gallery/${encodeURIComponent(e.task_id)}` }, e.task_id) : e.task_id) : '—'),
          h('td', null, e.reason ?? ''))), [2]),
        nav);
    } catch (e) {
      if (!signal.aborted) show(card, title, errorBox(`The ledger could not be loaded: ${messageOf(e)}`));
    }
  };
  draw(null);
}

/**
 * What an entry did to the account: a grant adds (or, negative, debits), a capture spends, a reservation holds credits
 * for an unfinished task and a release gives them back.
 * @param {{ kind: string, amount: number }} e
 */
function effect(e) {
  if (e.kind === 'capture') return h('td', { class: 'num minus' }, signed(-Math.abs(e.amount)));
  if (e.kind === 'reserve') return h('td', { class: 'num muted' }, `${Math.abs(e.amount).toLocaleString()} held`);
  if (e.kind === 'release') return h('td', { class: 'num muted' }, `${Math.abs(e.amount).toLocaleString()} freed`);
  return h('td', { class: `num ${e.amount < 0 ? 'minus' : 'plus'}` }, signed(e.amount));
}

/** @param {string} kind */
const kindClass = kind => ({ grant: 'finished', capture: 'running', reserve: 'queued', release: '' })[kind] ?? '';
