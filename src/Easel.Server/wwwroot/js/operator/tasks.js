// @ts-check
// Operator: the tasks of every account, filtered by account and state.
import { call, messageOf } from '../api.js';
import { h, show, field, select, errorBox, loading, empty, table, badge } from '../ui.js';
import { when, num } from '../format.js';

const STATES = [['', 'any'], ['queued', 'queued'], ['running', 'running'], ['succeeded', 'succeeded'], ['failed', 'failed'], ['canceled', 'canceled']];

/** @param {HTMLElement} root @param {{ query: URLSearchParams, signal: AbortSignal, navigate: (to: string) => void }} ctx */
export async function render(root, ctx) {
  const accountId = ctx.query.get('account') ?? '';
  const status = ctx.query.get('status') ?? '';
  const form = h('form', { class: 'row', 'aria-label': 'Filter tasks', style: 'align-items:flex-end' },
    h('div', { class: 'grow' }, field('Account id', h('input', { type: 'text', name: 'account', id: 'filter-account', value: accountId, placeholder: 'all accounts', autocomplete: 'off' }))),
    field('State', select('status', STATES, status, { id: 'filter-status' })),
    h('div', { class: 'field' }, h('button', { class: 'btn primary', type: 'submit' }, 'Filter')));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (form));
    const query = new URLSearchParams([...data].filter(([, v]) => v).map(([k, v]) => [k, String(v).trim()]));
    ctx.navigate(`/operator/tasks${query.size ? `?${query}` : ''}`);
  });
  const list = h('div', { id: 'task-list' }, loading());
  const more = h('div', { class: 'row', style: 'justify-content:center;margin-top:1rem' });
  show(root, h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'All tasks'), h('p', null, 'Every account\'s tasks, newest first.'))),
    h('section', { class: 'card', style: 'margin-bottom:1rem' }, form), list, more);
  /** @type {Node[]} */
  const rows = [];
  const load = async cursor => {
    const query = new URLSearchParams({ limit: '50' });
    if (accountId) query.set('account', accountId);
    if (status) query.set('status', status);
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await call(`/admin/tasks?${query}`, { signal: ctx.signal });
      rows.push(...(page.tasks ?? []).map(t => h('tr', { dataset: { taskId: t.id } },
        h('td', { class: 'mono small' }, t.id),
        h('td', { class: 'mono small' }, h('a', { href: `/operator/accounts/${encodeURIComponent(t.account_id)}` }, t.account_id)),
        h('td', null, badge(t.state), t.test ? [' ', badge('test')] : null),
        h('td', null, t.model), h('td', null, t.dialect),
        h('td', { class: 'num' }, num(t.captured ?? t.reserved)),
        h('td', null, when(t.created_at)),
        h('td', { class: 'small' }, t.error_message ?? ''))));
      show(list, rows.length === 0 ? empty('No tasks match', accountId || status ? 'Try other filters.' : 'Tasks appear here as accounts submit them.')
        : table(['Task', 'Account', 'State', 'Model', 'Dialect', 'Credits', 'Created', 'Error'], rows, [5]));
      show(more, page.next_cursor ? h('button', { type: 'button', class: 'btn', onclick: () => load(page.next_cursor) }, 'Load more') : null);
    } catch (e) {
      if (!ctx.signal.aborted) show(list, errorBox(`The tasks could not be loaded: ${messageOf(e)}`));
    }
  };
  await load(null);
}
