// @ts-check
// Operator: every account with its balance, and a form to create one.
import { call, messageOf } from '../api.js';
import { h, show, field, errorBox, loading, empty, table, toast } from '../ui.js';
import { when, num } from '../format.js';

/** @param {HTMLElement} root @param {{ signal: AbortSignal, navigate: (to: string) => void }} ctx */
export async function render(root, ctx) {
  const list = h('div', { id: 'account-list' }, loading());
  const more = h('div', { class: 'row', style: 'justify-content:center;margin-top:1rem' });
  const message = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'row', novalidate: true, 'aria-label': 'Create an account' },
    h('div', { class: 'grow' }, field('New account name', h('input', { type: 'text', name: 'name', id: 'account-name', maxlength: 200, required: true, autocomplete: 'off' }))),
    h('button', { class: 'btn primary', type: 'submit', style: 'margin-top:.6rem' }, 'Create account'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const name = /** @type {HTMLInputElement} */ (form.querySelector('#account-name')).value.trim();
    if (!name) {
      show(message, errorBox('Give the account a name.'));
      return;
    }
    try {
      const account = await call('/admin/accounts', { json: { name } });
      toast(`Account "${account.name}" created`);
      ctx.navigate(`/operator/accounts/${encodeURIComponent(account.id)}`);
    } catch (error) {
      show(message, errorBox(messageOf(error)));
    }
  });
  show(root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Accounts'), h('p', null, 'Tenants of this Easel: their credits, settings and keys.'))),
    h('section', { class: 'card', style: 'margin-bottom:1rem' }, form, message),
    list, more);
  /** @type {Node[]} */
  const rows = [];
  const load = async cursor => {
    try {
      const page = await call(`/admin/accounts?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { signal: ctx.signal });
      rows.push(...(page.accounts ?? []).map(a => h('tr', { dataset: { accountId: a.id } },
        h('td', null, h('a', { href: `/operator/accounts/${encodeURIComponent(a.id)}` }, a.name)),
        h('td', { class: 'mono small' }, a.id),
        h('td', { class: 'num' }, num(a.balance)), h('td', { class: 'num' }, num(a.reserved)), h('td', { class: 'num' }, num(a.available)),
        h('td', { class: 'num' }, num(a.free_images_per_day)), h('td', null, when(a.created_at)))));
      show(list, rows.length === 0 ? empty('No accounts yet', 'Create the first one above, then give it credits and a key.')
        : table(['Name', 'Id', 'Balance', 'Reserved', 'Available', 'Free / day', 'Created'], rows, [2, 3, 4, 5]));
      show(more, page.next_cursor ? h('button', { type: 'button', class: 'btn', onclick: () => load(page.next_cursor) }, 'Load more') : null);
    } catch (e) {
      if (!ctx.signal.aborted) show(list, errorBox(`The accounts could not be loaded: ${messageOf(e)}`));
    }
  };
  await load(null);
}
