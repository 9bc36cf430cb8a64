// @ts-check
// Key views shared by an owner's Keys page and the operator's account page: the create form, the table, the one-time secret.
import { messageOf } from './api.js';
import { h, show, field, select, table, badge, errorBox, copyButton, confirmDialog, toast } from './ui.js';
import { when, num } from './format.js';

const LIMITS = [
  ['requests_per_minute', 'Requests per minute'],
  ['max_concurrent_tasks', 'Unfinished tasks at once'],
  ['daily_spend_limit', 'Credits per day'],
];

/** @param {string} name @param {number | null | undefined} value */
const limitInput = (name, value) => h('input', { type: 'number', name, id: `key-${name}`, min: 0, inputmode: 'numeric', placeholder: 'no limit', value: value ?? '' });

/** Reads the limit fields: empty means none (sent as 0 when changing a key). @param {HTMLElement} form @param {boolean} zeroForEmpty */
function readLimits(form, zeroForEmpty) {
  /** @type {Record<string, number>} */
  const out = {};
  for (const [name] of LIMITS) {
    const value = /** @type {HTMLInputElement} */ (form.querySelector(`[name="${name}"]`)).value.trim();
    if (value !== '') out[name] = Number(value);
    else if (zeroForEmpty) out[name] = 0;
  }
  return out;
}

/** @param {string} defaultRole @param {(body: any) => Promise<void>} create */
export function keyForm(defaultRole, create) {
  const message = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'btn primary', id: 'create-key' }, 'Create key');
  const form = h('form', { novalidate: true },
    field('Name', h('input', { type: 'text', name: 'name', id: 'key-name', maxlength: 200, placeholder: 'laptop, CI, billing service…', autocomplete: 'off' })),
    h('div', { class: 'fields-2' },
      field('Role', select('role', ['member', 'owner'], defaultRole, { id: 'key-role' }), 'Owners may also manage keys.'),
      field('Mode', select('mode', [['live', 'live'], ['test', 'test (sandbox)']], 'live', { id: 'key-mode' }), 'Test keys are free and use the sandbox.')),
    h('details', null, h('summary', null, 'Limits (optional)'),
      h('div', { style: 'margin-top:.6rem' }, LIMITS.map(([name, label]) => field(label, limitInput(name, null))))),
    message, h('div', { class: 'row', style: 'margin-top:.75rem' }, button));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(/** @type {HTMLFormElement} */ (form));
    button.setAttribute('disabled', '');
    show(message);
    try {
      await create({ name: String(data.get('name') ?? '').trim(), role: data.get('role'), mode: data.get('mode'), ...readLimits(form, false) });
      /** @type {HTMLFormElement} */ (form).reset();
    } catch (error) {
      show(message, errorBox(messageOf(error)));
    } finally {
      button.removeAttribute('disabled');
    }
  });
  return form;
}

/** The secret of a key just made: shown this once, with a copy button. @param {any} key */
export function secretOnce(key) {
  const box = h('div', { class: 'alert ok', role: 'status', id: 'new-secret' },
    h('p', null, h('strong', null, `Key "${key.name || key.prefix}" created. `), 'Copy its secret now: it is shown only this once and cannot be shown again.'),
    h('div', { class: 'secret' }, h('code', { id: 'secret-value' }, key.key), copyButton('Copy secret', () => key.key)),
    h('p', { style: 'margin-top:.6rem' }, h('button', { type: 'button', class: 'btn small', onclick: () => box.remove() }, 'I have saved it — hide it')));
  return box;
}

/**
 * @param {any[]} keys
 * @param {{ limits: (id: string, body: any) => Promise<any>, revoke: (id: string) => Promise<any> }} api
 * @param {() => void} refresh
 * @param {string} own the signed-in secret, to mark its own row
 */
export function keyTable(keys, api, refresh, own) {
  if (keys.length === 0) return h('div', { class: 'empty' }, h('strong', null, 'No keys yet'), 'Create the first one with the form.');
  const rows = keys.map(k => {
    const revoked = !!k.revoked_at;
    const mine = own.startsWith(k.prefix);
    return h('tr', { dataset: { keyId: k.id } },
      h('td', null, h('strong', null, k.name || '—'), mine ? h('div', { class: 'small muted' }, 'this key (signed in)') : null),
      h('td', { class: 'mono nowrap' }, `${k.prefix}…`),
      h('td', null, k.role),
      h('td', null, badge(k.mode === 'test' ? 'test' : 'live', k.mode)),
      h('td', { class: 'small' }, limitsText(k)),
      h('td', { class: 'nowrap' }, when(k.created_at)),
      h('td', null, revoked ? badge('revoked', `revoked ${when(k.revoked_at)}`) : badge('live', 'active')),
      h('td', null, revoked ? null : h('div', { class: 'row' },
        h('button', { type: 'button', class: 'btn small', onclick: () => editLimits(k, api, refresh) }, 'Limits'),
        h('button', {
          type: 'button', class: 'btn small danger', 'aria-label': `Revoke ${k.name || k.prefix}`,
          onclick: async () => {
            const warn = mine ? ' You are signed in with this key: you will be signed out.' : '';
            if (!(await confirmDialog('Revoke this key?', `Programs using "${k.name || k.prefix}" are refused at once. This cannot be undone.${warn}`, 'Revoke key'))) return;
            try {
              await api.revoke(k.id);
              toast('Key revoked');
              refresh();
            } catch (e) {
              toast(messageOf(e), 'error');
            }
          },
        }, 'Revoke'))));
  });
  return table(['Name', 'Key', 'Role', 'Mode', 'Limits', 'Created', 'State', ''], rows);
}

/** @param {any} k */
function limitsText(k) {
  const parts = [
    k.requests_per_minute ? `${num(k.requests_per_minute)} requests/min` : null,
    k.max_concurrent_tasks ? `${num(k.max_concurrent_tasks)} tasks at once` : null,
    k.daily_spend_limit ? `${num(k.daily_spend_limit)} credits/day` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'no limits';
}

/** @param {any} key @param {{ limits: (id: string, body: any) => Promise<any> }} api @param {() => void} refresh */
function editLimits(key, api, refresh) {
  const message = h('div', { 'aria-live': 'polite' });
  const form = h('form', { method: 'dialog' },
    h('h2', null, `Limits of "${key.name || key.prefix}"`),
    h('p', { class: 'small muted' }, 'Leave a field empty for no limit. Changes hold at once.'),
    LIMITS.map(([name, label]) => field(label, limitInput(name, key[name]))),
    message,
    h('div', { class: 'row end' }, h('button', { class: 'btn', value: 'cancel', formnovalidate: true }, 'Cancel'), h('button', { class: 'btn primary', value: 'save' }, 'Save limits')));
  const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { 'aria-label': 'Key limits' }, form));
  form.addEventListener('submit', async e => {
    const submitter = /** @type {HTMLButtonElement | null} */ (/** @type {SubmitEvent} */ (e).submitter);
    if (submitter?.value !== 'save') return;
    e.preventDefault();
    try {
      await api.limits(key.id, readLimits(form, true));
      dialog.close();
      toast('Limits saved');
      refresh();
    } catch (error) {
      show(message, errorBox(messageOf(error)));
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
