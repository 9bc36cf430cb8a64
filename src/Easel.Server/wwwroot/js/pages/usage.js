// @ts-check
// Usage: balance and reservations, free images left today, spend per day as a chart, and the ledger, paged.
import { call, messageOf } from '../api.js';
import * as account from '../account.js';
import { barChart } from '../chart.js';
import { ledgerTable } from '../ledger.js';
import { h, show, errorBox, loading, empty, table } from '../ui.js';
import { num } from '../format.js';

const DAYS = 30;

/** @param {HTMLElement} root @param {{ signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  const stats = h('div', { class: 'stats', id: 'stats' }, loading());
  const chart = h('section', { class: 'card', 'aria-label': 'Spend per day' }, h('h2', null, `Spend per day (last ${DAYS} days, UTC)`), loading());
  const ledger = h('section', { class: 'card', 'aria-label': 'Ledger' }, h('h2', null, 'Ledger'), loading());
  show(root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Usage'), h('p', null, 'Credits are reserved when a task is submitted, charged when it succeeds, and released when it fails.'))),
    stats, h('div', { class: 'stack' }, chart, ledger));
  const stop = account.watch(a => show(stats,
    stat('Balance', a.balance, 'credits'), stat('Reserved', a.reserved, 'for unfinished tasks'),
    stat('Available', a.available, 'balance − reserved'), stat('Free images left today', a.free_images_left_today, 'used before credits')));
  ctx.signal.addEventListener('abort', () => { stop(); });
  account.refresh().catch(e => show(stats, errorBox(messageOf(e))));
  ledgerTable(ledger, cursor => call(`/api/account/ledger?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { signal: ctx.signal }), ctx.signal, true);
  try {
    const usage = await call(`/api/account/usage?days=${DAYS}`, { signal: ctx.signal });
    const days = usage.days ?? [];
    const spent = days.reduce((s, d) => s + d.credits, 0);
    const images = days.reduce((s, d) => s + d.images, 0);
    show(chart, h('h2', null, `Spend per day (last ${DAYS} days, UTC)`),
      h('p', { class: 'muted small', id: 'usage-total' }, `${num(spent)} credits for ${num(images)} images.`),
      days.length === 0 ? empty('Nothing spent yet', 'Charges show here once tasks succeed.') : barChart(
        days.map(d => ({ label: d.date, short: d.date.slice(5), parts: [{ value: d.credits, cls: '', name: 'credits' }] })),
        `Credits spent per day: ${num(spent)} in ${DAYS} days`, 'credits', chart.clientWidth - 36),
      days.length ? h('details', null, h('summary', null, 'As a table'),
        table(['Day', 'Credits', 'Images'], days.filter(d => d.credits || d.images).map(d => h('tr', null, h('td', null, d.date), h('td', { class: 'num' }, num(d.credits)), h('td', { class: 'num' }, num(d.images)))), [1, 2])) : null);
  } catch (e) {
    if (!ctx.signal.aborted) show(chart, h('h2', null, 'Spend per day'), errorBox(`Usage could not be loaded: ${messageOf(e)}`));
  }
}

/** @param {string} label @param {number} value @param {string} note */
const stat = (label, value, note) => h('div', { class: 'stat' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, num(value)), h('div', { class: 'small muted' }, note));
