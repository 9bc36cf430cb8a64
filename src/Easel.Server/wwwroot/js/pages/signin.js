// @ts-check
// Sign in with an account's API key (owner or member) or with the operator's admin key.
import { call, ApiError, messageOf } from '../api.js';
import * as session from '../session.js';
import { takeNotice } from '../app.js';
import { h, show, errorBox } from '../ui.js';

/** @param {HTMLElement} root @param {any} ctx */
export function render(root, ctx) {
  const keyInput = /** @type {HTMLInputElement} */ (h('input', {
    id: 'key', name: 'key', type: 'password', autocomplete: 'off', spellcheck: false, required: true,
    placeholder: 'sk_live_…, sk_test_… or sk_admin_…', 'aria-describedby': 'key-hint',
  }));
  const message = h('div', { 'aria-live': 'polite' });
  const notice = takeNotice();
  const submit = h('button', { class: 'btn primary block', type: 'submit' }, 'Sign in');
  const form = h('form', { method: 'post', action: '/sign-in', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'key' }, 'Key'),
      keyInput,
      h('span', { class: 'hint', id: 'key-hint' },
        'An API key from your operator, or the admin key Easel printed at its first start. It stays in this browser tab only and is forgotten when you sign out or close the tab.')),
    message,
    submit);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const key = keyInput.value.trim();
    if (!key) {
      keyInput.setAttribute('aria-invalid', 'true');
      show(message, errorBox('Enter a key to sign in.'));
      keyInput.focus();
      return;
    }
    submit.setAttribute('disabled', '');
    show(message);
    try {
      session.save(await identify(key));
      keyInput.value = '';
      ctx.navigate(session.isAdmin() ? '/operator/accounts' : '/generate', { replace: true });
    } catch (error) {
      keyInput.setAttribute('aria-invalid', 'true');
      show(message, errorBox(error instanceof ApiError && error.status === 401
        ? 'That key was refused: it is unknown or has been revoked.'
        : messageOf(error)));
      keyInput.focus();
    } finally {
      submit.removeAttribute('disabled');
    }
  });
  show(root, h('div', { class: 'signin' },
    h('div', { class: 'card' },
      h('h1', null, 'Sign in to Easel Studio'),
      h('p', { class: 'muted' }, 'Generate and edit images, browse your history, manage keys and see usage — or run the service with the admin key.'),
      notice ? h('div', { class: 'alert info', role: 'status' }, notice) : null,
      form)));
  keyInput.focus();
}

/** Works out what a key is, asking Easel itself. @param {string} key @returns {Promise<import('../session.js').Session>} */
async function identify(key) {
  if (key.startsWith('sk_admin_')) {
    await call('/admin/accounts?limit=1', { key });
    return { kind: 'admin', key, role: null, accountId: null, test: false };
  }
  const account = await call('/api/account', { key });
  let role = /** @type {'owner' | 'member'} */ ('owner');
  try {
    await call('/api/keys?limit=1', { key });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) throw e;
    role = 'member';
  }
  return { kind: 'account', key, role, accountId: account.account_id, test: key.startsWith('sk_test_') };
}
