// @ts-check
// Operator: the upstream channels, their breakers and the tasks calling them now; refreshed every few seconds.
import { call, messageOf } from '../api.js';
import { h, show, errorBox, loading, empty, table, badge, every } from '../ui.js';
import { when, num } from '../format.js';

const EVERY_MS = 5000;

/** @param {HTMLElement} root @param {{ signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  const list = h('div', { id: 'channel-list', 'aria-live': 'polite' }, loading());
  const stamp = h('span', { class: 'small muted' });
  show(root, h('div', { class: 'page-head' },
    h('div', null, h('h1', null, 'Channels'), h('p', null, 'Upstreams that run the tasks, in the order the router tries them. A breaker opens after repeated failures.')), stamp), list);
  const load = async () => {
    try {
      const channels = await call('/admin/channels', { signal: ctx.signal });
      show(list, channels.length === 0 ? empty('No channels', 'Configure channels under Easel:Channels.') : table(
        ['Channel', 'Type', 'Models', 'Priority', 'Weight', 'In flight', 'Breaker', 'Failures', 'Open until'],
        channels.map(c => h('tr', { dataset: { channel: c.name } },
          h('td', null, h('strong', null, c.name)), h('td', null, c.type), h('td', { class: 'small' }, c.models.join(', ')),
          h('td', { class: 'num' }, num(c.priority)), h('td', { class: 'num' }, num(c.weight)),
          h('td', { class: 'num' }, `${num(c.in_flight)}${c.max_concurrency ? ` / ${num(c.max_concurrency)}` : ''}`),
          h('td', null, badge(c.breaker, c.breaker.replace('_', '-'))),
          h('td', { class: 'num' }, num(c.consecutive_failures)),
          h('td', null, c.open_until ? when(c.open_until) : '—'))), [3, 4, 5, 7]));
      stamp.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (!ctx.signal.aborted) show(list, errorBox(`The channels could not be loaded: ${messageOf(e)}`));
    }
  };
  await every(load, EVERY_MS, ctx.signal);
}
