// @ts-check
// Operator: a live view of the queue — queued and running now, the last hour's outcomes, and tasks per minute.
import { call, messageOf } from '../api.js';
import { barChart } from '../chart.js';
import { h, show, errorBox, loading, empty, every } from '../ui.js';
import { num } from '../format.js';

const EVERY_MS = 3000;

/** @param {HTMLElement} root @param {{ signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  const stats = h('div', { class: 'stats', id: 'queue-stats' }, loading());
  const chart = h('section', { class: 'card', 'aria-label': 'Tasks per minute' });
  const stamp = h('span', { class: 'small muted' });
  show(root, h('div', { class: 'page-head' },
    h('div', null, h('h1', null, 'Queue'), h('p', null, 'What the engine is doing now; refreshed every few seconds.')), stamp), stats, chart);
  const load = async () => {
    try {
      const q = await call('/admin/queue', { signal: ctx.signal });
      const hour = q.last_hour ?? {};
      show(stats, stat('Queued', q.queued), stat('Running', q.running), stat('Succeeded (1 h)', hour.succeeded),
        stat('Failed (1 h)', hour.failed), stat('Canceled (1 h)', hour.canceled));
      const minutes = q.per_minute ?? [];
      show(chart, h('h2', null, 'Tasks per minute'),
        h('div', { class: 'legend' }, h('span', null, h('i'), 'succeeded'), h('span', null, h('i', { class: 'failed' }), 'failed')),
        minutes.length === 0 ? empty('Nothing has ended in the last hour', 'Finished and failed tasks are counted here per minute.') : barChart(
          minutes.map(m => ({ label: new Date(m.minute).toLocaleTimeString(), short: new Date(m.minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
            parts: [{ value: m.succeeded, cls: '', name: 'succeeded' }, { value: m.failed, cls: 'failed', name: 'failed' }] })),
          `Tasks per minute over the last hour: ${num(hour.succeeded)} succeeded, ${num(hour.failed)} failed`, 'tasks', chart.clientWidth - 36));
      stamp.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      if (!ctx.signal.aborted) show(stats, errorBox(`The queue could not be loaded: ${messageOf(e)}`));
    }
  };
  await every(load, EVERY_MS, ctx.signal);
}

/** @param {string} label @param {number} value */
const stat = (label, value) => h('div', { class: 'stat' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, num(value ?? 0)));
