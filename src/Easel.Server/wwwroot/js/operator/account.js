// @ts-check
// Operator: one account — grant or debit credits, its settings, its keys, its ledger and its tasks.
import { call, idempotencyKey, messageOf } from '../api.js';
import { keyForm, keyTable, secretOnce } from '../keyviews.js';
import { ledgerTable } from '../ledger.js';
import { h, show, field, errorBox, loading, toast } from '../ui.js';
import { num } from '../format.js';

/** @param {HTMLElement} root @param {{ params: { accountId: string }, signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  const id = encodeURIComponent(ctx.params.accountId);
  show(root, loading());
  let account;
  try {
    account = await call(`/admin/accounts/${id}`, { signal: ctx.signal });
  } catch (e) {
    show(root, h('p', null, h('a', { href: '/operator/accounts' }, '← Accounts')), errorBox(messageOf(e)));
    return;
  }
  const stats = h('div', { class: 'stats', id: 'stats' });
  const drawStats = () => show(stats,
    stat('Balance', account.balance), stat('Reserved', account.reserved), stat('Available', account.available),
    stat('Free images per day', account.free_images_per_day), stat('Free left today', account.free_images_left_today));
  drawStats();
  const keys = h('div', { id: 'key-list' }, loading());
  const created = h('div', { 'aria-live': 'polite' });
  const ledger = h('section', { class: 'card', 'aria-label': 'Ledger' });
  const keyApi = {
    limits: (keyId, body) => call(`/admin/keys/${encodeURIComponent(keyId)}`, { method: 'PATCH', json: body }),
    revoke: keyId => call(`/admin/keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' }),
  };
  const refreshKeys = async () => {
    try {
      const page = await call(`/admin/accounts/${id}/keys?limit=200`, { signal: ctx.signal });
      show(keys, keyTable(page.keys ?? [], keyApi, refreshKeys, ''));
    } catch (e) {
      if (!ctx.signal.aborted) show(keys, errorBox(messageOf(e)));
    }
  };
  const drawLedger = () => ledgerTable(ledger, cursor => call(`/admin/accounts/${id}/ledger?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { signal: ctx.signal }), ctx.signal, false);
  /** @param {any} next */
  const updated = next => { account = next; drawStats(); };

  show(root,
    h('p', null, h('a', { href: '/operator/accounts' }, '← Accounts')),
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, account.name), h('p', { class: 'mono' }, account.id)),
      h('a', { class: 'btn', href: `/operator/tasks?account=${id}` }, 'Tasks of this account')),
    stats,
    h('div', { class: 'split even' },
      h('section', { class: 'card', 'aria-label': 'Grant or debit credits' }, h('h2', null, 'Grant or debit credits'), grantForm(id, updated, drawLedger)),
      h('section', { class: 'card', 'aria-label': 'Settings' }, h('h2', null, 'Settings'), settingsForm(id, account, updated))),
    h('section', { class: 'card', style: 'margin-top:1rem', 'aria-label': 'Keys' }, h('h2', null, 'Keys'), created, keys,
      h('details', { style: 'margin-top:1rem' }, h('summary', null, h('strong', null, 'Create a key for this account')),
        h('div', { style: 'margin-top:.75rem' }, keyForm('owner', async body => {
          const key = await call(`/admin/accounts/${id}/keys`, { json: body });
          show(created, secretOnce(key));
          await refreshKeys();
        })))),
    h('div', { style: 'margin-top:1rem' }, ledger));
  refreshKeys();
  drawLedger();
}

/** @param {string} id @param {(account: any) => void} updated @param {() => void} redrawLedger */
function grantForm(id, updated, redrawLedger) {
  const message = h('div', { 'aria-live': 'polite' });
  const amount = /** @type {HTMLInputElement} */ (h('input', { type: 'number', name: 'amount', id: 'grant-amount', step: 1, inputmode: 'numeric', required: true }));
  const reason = /** @type {HTMLInputElement} */ (h('input', { type: 'text', name: 'reason', id: 'grant-reason', maxlength: 200, placeholder: 'trial, invoice 2026-12, refund…' }));
  const button = h('button', { type: 'submit', class: 'btn primary' }, 'Apply');
  const form = h('form', { novalidate: true },
    field('Amount', amount, 'Credits to add; a negative amount debits.'), field('Reason', reason), message, button);
  // One key per intended grant: a retried click after a lost answer is applied once.
  let key = idempotencyKey();
  form.addEventListener('input', () => { key = idempotencyKey(); });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const value = Number(amount.value);
    if (!Number.isInteger(value) || value === 0) {
      show(message, errorBox('Enter a whole number of credits other than 0.'));
      return;
    }
    button.setAttribute('disabled', '');
    try {
      const account = await call(`/admin/accounts/${id}/credits`, { json: { amount: value, reason: reason.value.trim() || null }, headers: { 'Idempotency-Key': key } });
      updated(account);
      show(message, h('div', { class: 'alert ok', role: 'status' }, `${value > 0 ? 'Granted' : 'Debited'} ${num(Math.abs(value))} credits: the balance is now ${num(account.balance)}.`));
      /** @type {HTMLFormElement} */ (form).reset();
      key = idempotencyKey();
      redrawLedger();
    } catch (error) {
      show(message, errorBox(messageOf(error)));
    } finally {
      button.removeAttribute('disabled');
    }
  });
  return form;
}

/** @param {string} id @param {any} account @param {(account: any) => void} updated */
function settingsForm(id, account, updated) {
  const message = h('div', { 'aria-live': 'polite' });
  const input = (name, value) => h('input', { type: 'number', name, id: `setting-${name}`, min: 0, inputmode: 'numeric', value: value ?? '', placeholder: 'none' });
  const form = h('form', { novalidate: true },
    field('Free images per day', input('free_images_per_day', account.free_images_per_day), 'Used before paid credits; 0 for none.'),
    field('Requests per minute (default for its keys)', input('requests_per_minute', account.requests_per_minute), 'Empty or 0: no limit.'),
    field('Unfinished tasks at once (default for its keys)', input('max_concurrent_tasks', account.max_concurrent_tasks), 'Empty or 0: no limit.'),
    message, h('button', { type: 'submit', class: 'btn primary' }, 'Save settings'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (form));
    const body = Object.fromEntries([...data].map(([k, v]) => [k, Number(v || 0)]));
    try {
      updated(await call(`/admin/accounts/${id}`, { method: 'PATCH', json: body }));
      show(message, h('div', { class: 'alert ok', role: 'status' }, 'Settings saved.'));
      toast('Settings saved');
    } catch (error) {
      show(message, errorBox(messageOf(error)));
    }
  });
  return form;
}

/** @param {string} label @param {number} value */
const stat = (label, value) => h('div', { class: 'stat' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, num(value)));
