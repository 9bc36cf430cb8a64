// @ts-check
// Keys: owners list, create (the secret shown once), change limits and revoke; member keys are told they cannot.
import { call, messageOf } from '../api.js';
import * as session from '../session.js';
import { keyForm, keyTable, secretOnce } from '../keyviews.js';
import { h, show, errorBox, loading, toast } from '../ui.js';

/** @param {HTMLElement} root @param {{ signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  const head = h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'API keys'),
    h('p', null, 'Keys let programs use your account. Owner keys manage keys; member keys may only generate.')));
  if (!session.isOwner()) {
    show(root, head, h('div', { class: 'alert info', role: 'status', id: 'member-notice' },
      h('strong', null, 'Your key is a member key. '),
      'Only an owner key can see, create or revoke this account\'s keys. Ask an owner of the account if you need another key.'));
    return;
  }
  const list = h('div', { id: 'key-list' }, loading());
  const created = h('div', { 'aria-live': 'polite' });
  const api = {
    list: () => call('/api/keys?limit=200', { signal: ctx.signal }).then(d => d.keys ?? []),
    create: body => call('/api/keys', { json: body }),
    limits: (id, body) => call(`/api/keys/${encodeURIComponent(id)}`, { method: 'PATCH', json: body }),
    revoke: id => call(`/api/keys/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  };
  const refresh = async () => {
    try {
      show(list, keyTable(await api.list(), api, refresh, session.current()?.key ?? ''));
    } catch (e) {
      if (!ctx.signal.aborted) show(list, errorBox(`The keys could not be loaded: ${messageOf(e)}`));
    }
  };
  const form = keyForm('member', async body => {
    const key = await api.create(body);
    show(created, secretOnce(key));
    toast(`Key "${key.name || key.prefix}" created`);
    await refresh();
  });
  show(root, head, created,
    h('div', { class: 'stack' },
      h('section', { 'aria-label': 'Keys' }, list),
      h('section', { class: 'card', 'aria-label': 'Create a key', style: 'max-width:640px' }, h('h2', null, 'Create a key'), form)));
  await refresh();
}
