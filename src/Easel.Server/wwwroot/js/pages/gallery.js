// @ts-check
// The gallery: the account's tasks, newest first, with thumbnails, filterable by status, paged with a cursor.
import { call, messageOf } from '../api.js';
import { h, show, empty, errorBox, loading, badge } from '../ui.js';
import { shortWhen, credits } from '../format.js';

const FILTERS = [['', 'All'], ['not_started', 'Queued'], ['running', 'Running'], ['finished', 'Finished'], ['failed', 'Failed']];
const PAGE = 24;

/** @param {HTMLElement} root @param {{ query: URLSearchParams, signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  const status = ctx.query.get('status') ?? '';
  const grid = h('div', { class: 'gallery', id: 'gallery' });
  const more = h('div', { class: 'row', style: 'justify-content:center;margin-top:1rem' });
  const message = h('div', { 'aria-live': 'polite' }, loading());
  show(root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Gallery'), h('p', null, 'Every task of your account, newest first. Open one for its details, webhooks and a re-run.'))),
    h('nav', { class: 'filters', 'aria-label': 'Filter by status' },
      FILTERS.map(([value, label]) => h('a', { href: value ? `/gallery?status=${value}` : '/gallery', 'aria-current': value === status ? 'true' : null }, label))),
    message, grid, more);

  /** @param {string | null} cursor */
  const load = async cursor => {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (status) query.set('status', status);
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await call(`/api/generate/tasks?${query}`, { signal: ctx.signal });
      show(message);
      const tasks = page.tasks ?? [];
      if (!cursor && tasks.length === 0) {
        show(message, status
          ? empty('No tasks with this status', 'Try another filter.')
          : empty('No images yet', 'Everything you generate or edit shows up here.', h('a', { class: 'btn primary', href: '/generate' }, 'Generate an image')));
      }
      grid.append(...tasks.map(tile));
      show(more, page.next_cursor ? h('button', { type: 'button', class: 'btn', onclick: () => load(page.next_cursor) }, 'Load more') : null);
    } catch (e) {
      if (!ctx.signal.aborted) show(message, errorBox(`The tasks could not be loaded: ${messageOf(e)}`));
    }
  };
  await load(null);
}

/** @param {any} task */
export function tile(task) {
  const file = task.files?.[0];
  const picture = file && !file.expired
    ? h('img', { src: file.thumbnail_url ?? file.file_url, alt: task.request?.prompt ?? 'Result', decoding: 'async' })
    : h('div', { class: 'state' }, file?.expired ? 'File expired' : task.status === 'failed' ? (task.error_message ?? 'Failed') : task.status === 'finished' ? 'No file' : 'In progress…');
  return h('article', { class: 'tile', dataset: { taskId: task.task_id, status: task.status } },
    h('a', { class: 'cover', href: `/gallery/${encodeURIComponent(task.task_id)}`, 'aria-label': `Task ${task.task_id}` },
      h('div', { class: 'frame' }, picture)),
    h('div', { class: 'body' },
      h('div', { class: 'row' }, badge(task.status), task.test ? badge('test') : null, h('time', { class: 'small muted grow', style: 'text-align:right;white-space:nowrap', datetime: task.created_time }, shortWhen(task.created_time))),
      task.request?.prompt ? h('div', { class: 'prompt' }, task.request.prompt) : null,
      h('div', { class: 'meta small' }, summary(task).map(part => h('span', null, part)))));
}

/** Model, size, quality, credits and dialect, as far as the task says. @param {any} task */
export function summary(task) {
  const file = task.files?.[0];
  const parts = [];
  if (task.model) parts.push(task.model);
  if (file?.width && file?.height) parts.push(`${file.width}×${file.height}`);
  else if (task.request?.size) parts.push(task.request.size);
  if (task.request?.quality) parts.push(task.request.quality);
  if (task.credits) parts.push(credits(task.credits.captured ?? task.credits.reserved));
  if (task.dialect) parts.push(task.dialect);
  return parts;
}
