// @ts-check
// A webhook delivery and its attempts, as the task page and the Webhooks page show it.
import { h, badge, table } from './ui.js';
import { when, num } from './format.js';

/** One delivery and its attempts. @param {any} d @param {((button: HTMLElement) => void) | null} redeliver */
export function delivery(d, redeliver) {
  const button = redeliver ? h('button', { type: 'button', class: 'btn small' }, 'Redeliver now') : null;
  button?.addEventListener('click', () => redeliver?.(button));
  return h('div', { class: 'stack' },
    h('dl', { class: 'props' },
      h('dt', null, 'State'), h('dd', null, badge(d.state)),
      h('dt', null, 'URL'), h('dd', { class: 'mono' }, d.url),
      h('dt', null, 'Webhook id'), h('dd', { class: 'mono' }, d.webhook_id),
      h('dt', null, 'Attempts'), h('dd', null, num(d.attempts)),
      d.next_attempt_at ? [h('dt', null, 'Next attempt'), h('dd', null, when(d.next_attempt_at))] : null),
    (d.history ?? []).length
      ? table(['#', 'When', 'Answer', 'Time'], d.history.map(a => h('tr', null,
        h('td', { class: 'num' }, a.number), h('td', null, when(a.attempted_at)),
        h('td', null, a.status_code ? badge(a.status_code < 300 ? 'delivered' : 'failed', `HTTP ${a.status_code}`) : h('span', { class: 'minus' }, a.error ?? 'no answer')),
        h('td', { class: 'num' }, `${num(a.duration_ms)} ms`))), [0, 3])
      : h('p', { class: 'muted small' }, 'No attempt yet.'),
    button ? h('div', { class: 'row' }, button) : null);
}
