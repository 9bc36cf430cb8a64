// @ts-check
// Webhooks: the secret that signs them (owners rotate it), recent deliveries with their attempts, and how to verify one.
import { call, ApiError, messageOf } from '../api.js';
import * as session from '../session.js';
import { delivery } from '../deliveries.js';
import { h, show, errorBox, loading, empty, copyButton, confirmDialog, toast } from '../ui.js';
import { when } from '../format.js';

/** @param {HTMLElement} root @param {{ signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  const secret = h('section', { class: 'card', 'aria-label': 'Signing secret' }, h('h2', null, 'Signing secret'), loading());
  const recent = h('section', { class: 'card', 'aria-label': 'Recent deliveries' }, h('h2', null, 'Recent deliveries'), loading());
  show(root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Webhooks'),
      h('p', null, 'Tasks submitted with a callback_url are POSTed there when they end, signed with Standard Webhooks headers.'))),
    h('div', { class: 'split even' }, h('div', { class: 'stack' }, secret, verifyCard()), recent));
  drawSecret(secret, ctx.signal);
  try {
    const data = await call('/api/account/webhooks?limit=20', { signal: ctx.signal });
    const list = data.deliveries ?? data.webhooks ?? [];
    show(recent, h('h2', null, 'Recent deliveries'), list.length === 0
      ? empty('No webhooks sent yet', 'Submit a task with a callback_url, and its delivery and every attempt show here.')
      : h('div', { class: 'stack' }, list.map(d => h('details', { class: 'delivery' },
        h('summary', null, h('span', { class: 'mono small' }, d.task_id), ' · ', d.state, ' · ', when(d.created_at)),
        h('div', { style: 'margin-top:.6rem' }, delivery(d, null), h('p', { class: 'small' }, h('a', { href: `/gallery/${encodeURIComponent(d.task_id)}` }, 'Open the task to redeliver')))))));
  } catch (e) {
    if (!ctx.signal.aborted) show(recent, h('h2', null, 'Recent deliveries'), errorBox(`The deliveries could not be loaded: ${messageOf(e)}`));
  }
}

/** @param {HTMLElement} card @param {AbortSignal} signal */
async function drawSecret(card, signal) {
  const title = h('h2', null, 'Signing secret');
  try {
    const s = await call('/api/account/webhook-secret', { signal });
    const code = h('code', { id: 'webhook-secret' }, mask(s.secret));
    let shown = false;
    const reveal = h('button', { type: 'button', class: 'btn small', 'aria-pressed': 'false' }, 'Reveal');
    reveal.addEventListener('click', () => {
      shown = !shown;
      code.textContent = shown ? s.secret : mask(s.secret);
      reveal.textContent = shown ? 'Hide' : 'Reveal';
      reveal.setAttribute('aria-pressed', String(shown));
    });
    const rotate = session.isOwner() ? h('button', {
      type: 'button', class: 'btn danger small', onclick: async () => {
        if (!(await confirmDialog('Rotate the signing secret?', 'A new secret signs every webhook from now on; the old one keeps signing beside it during the grace period, so receivers can switch over.', 'Rotate secret'))) return;
        try {
          await call('/api/account/webhook-secret/rotate', { method: 'POST' });
          toast('Secret rotated');
          drawSecret(card, signal);
        } catch (e) {
          toast(messageOf(e), 'error');
        }
      },
    }, 'Rotate') : null;
    show(card, title,
      h('div', { class: 'secret' }, code, reveal, copyButton('Copy', () => s.secret)),
      s.previous_secret_valid_until ? h('p', { class: 'small muted', style: 'margin-top:.5rem' }, `The previous secret also signs until ${when(s.previous_secret_valid_until)}.`) : null,
      h('div', { class: 'row', style: 'margin-top:.75rem' }, rotate ?? h('span', { class: 'small muted' }, 'Only owner keys can rotate the secret.')));
  } catch (e) {
    if (!signal.aborted) show(card, title, errorBox(e instanceof ApiError ? e.message : messageOf(e)));
  }
}

/** @param {string} secret */
const mask = secret => `${secret.slice(0, 6)}${'•'.repeat(24)}`;

function verifyCard() {
  const code = `# Python: verify a delivery (webhook-id, webhook-timestamp, webhook-signature headers)
import base64, hashlib, hmac

def verify(secret: str, headers, body: bytes) -> bool:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, s.removeprefix("v1,"))
               for s in headers["webhook-signature"].split())`;
  return h('section', { class: 'card', 'aria-label': 'Verifying a webhook' }, h('h2', null, 'Verifying a webhook'),
    h('p', { class: 'small muted' }, 'The signature is v1, then base64 HMAC-SHA256 of id.timestamp.body with the secret. The .NET SDK has a verifier built in.'),
    h('div', { class: 'code-box' }, h('pre', { class: 'code', tabindex: 0 }, code), copyButton('Copy', () => code, { class: 'btn small copy' })));
}
