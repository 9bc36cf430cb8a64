// @ts-check
// Submits a batch (one task per image, each with its own Idempotency-Key) and shows each task live in a tile:
// queued, running with progress, then the image with download, copy-link and use-as-reference.
import { call, messageOf, idempotencyKey } from './api.js';
import { follow } from './events.js';
import * as account from './account.js';
import * as handoff from './handoff.js';
import { navigate } from './app.js';
import { h, show, errorBox, copyButton, toast } from './ui.js';

/**
 * @param {object} options
 * @param {HTMLElement} options.grid where the tiles go
 * @param {HTMLElement} options.errors where a refused submit is explained
 * @param {number} options.count
 * @param {string} options.prompt
 * @param {(idempotencyKey: string) => Promise<any>} options.submit one task; resolves with the submit's data
 * @param {AbortSignal} options.signal
 * @param {() => void} [options.onSubmitted] once every task is submitted (or one was refused)
 * @param {(task: any, tile: HTMLElement) => void} [options.onFinished]
 * @returns {Promise<any[]>} the tasks' last status bodies
 */
export async function runBatch({ grid, errors, count, prompt, submit, signal, onSubmitted, onFinished }) {
  show(errors);
  const follows = [];
  for (let i = 0; i < count; i++) {
    const tile = pendingTile(prompt, count > 1 ? `Image ${i + 1} of ${count}` : 'Image');
    grid.prepend(tile);
    let submitted;
    try {
      submitted = await submit(idempotencyKey());
    } catch (e) {
      tile.remove();
      show(errors, errorBox(count > 1 ? `Image ${i + 1} of ${count} was not submitted. ${messageOf(e)}` : messageOf(e)));
      break;
    }
    tile.dataset.taskId = submitted.task_id;
    tile.querySelector('.body')?.append(cancelButton(submitted.task_id));
    follows.push(follow(submitted.task_id, status => renderTile(tile, status, prompt), signal)
      .then(last => { if (last.status === 'finished') onFinished?.(last, tile); return last; })
      .catch(e => { if (!signal.aborted) renderFailure(tile, messageOf(e)); return null; }));
  }
  onSubmitted?.();
  account.refresh().catch(() => {});
  const ended = await Promise.all(follows);
  if (!signal.aborted) account.refresh().catch(() => {});
  return ended.filter(Boolean);
}

/** @param {string} prompt @param {string} label */
function pendingTile(prompt, label) {
  return h('article', { class: 'tile', 'aria-label': label },
    h('div', { class: 'frame' }, h('div', { class: 'state' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), 'Submitting…')),
    h('div', { class: 'body' }, h('div', { class: 'prompt' }, prompt),
      h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Progress', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0 }, h('i'))));
}

const WORDS = { not_started: 'Queued', running: 'Running', finished: 'Finished', failed: 'Failed' };

/** @param {HTMLElement} tile @param {any} status @param {string} prompt */
function renderTile(tile, status, prompt) {
  tile.dataset.status = status.status;
  const bar = /** @type {HTMLElement | null} */ (tile.querySelector('.progress'));
  bar?.setAttribute('aria-valuenow', String(status.progress ?? 0));
  const fill = /** @type {HTMLElement | null} */ (bar?.firstElementChild);
  if (fill) fill.style.width = `${status.progress ?? 0}%`;
  const frame = /** @type {HTMLElement} */ (tile.querySelector('.frame'));
  if (status.status === 'failed') return renderFailure(tile, status.error_message ?? 'the task failed');
  if (status.status !== 'finished') {
    show(frame, h('div', { class: 'state' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }),
      `${WORDS[status.status] ?? status.status}${status.status === 'running' && status.progress ? ` · ${status.progress}%` : '…'}`));
    return;
  }
  const file = status.files?.[0];
  if (!file) return renderFailure(tile, 'the task finished without a file');
  const img = /** @type {HTMLImageElement} */ (h('img', { src: file.file_url, alt: `Generated: ${prompt}`, decoding: 'async' }));
  const dims = h('span', { class: 'dims' }, file.width && file.height ? `${file.width} × ${file.height}` : '');
  img.addEventListener('load', () => {
    tile.dataset.width = String(img.naturalWidth);
    tile.dataset.height = String(img.naturalHeight);
    dims.textContent = `${img.naturalWidth} × ${img.naturalHeight}`;
    frame.style.aspectRatio = `${img.naturalWidth} / ${img.naturalHeight}`;
  });
  show(frame, img);
  bar?.remove();
  const body = /** @type {HTMLElement} */ (tile.querySelector('.body'));
  show(body,
    h('div', { class: 'prompt' }, prompt),
    h('div', { class: 'meta' }, dims, h('span', null, '·'), h('a', { href: `/gallery/${encodeURIComponent(status.task_id)}` }, 'Details')),
    fileActions(file.file_url, status.task_id));
}

/** Download, copy link and use as reference, for one stored file. @param {string} url @param {string} taskId */
export function fileActions(url, taskId) {
  return h('div', { class: 'actions' },
    h('a', { class: 'btn small', href: url, download: `${taskId}`, target: '_blank', rel: 'noopener' }, 'Download'),
    copyButton('Copy link', () => url),
    h('button', {
      type: 'button', class: 'btn small', onclick: () => {
        handoff.put({ references: [url] });
        toast('Added as a reference for an edit');
        navigate('/edit');
      },
    }, 'Use as reference'));
}

/** Stops a queued or running task; nothing is charged. @param {string} taskId */
function cancelButton(taskId) {
  const button = h('button', { type: 'button', class: 'btn small danger', 'aria-label': 'Cancel this image' }, 'Cancel');
  button.addEventListener('click', async () => {
    button.setAttribute('disabled', '');
    try {
      await call(`/api/generate/cancel/${encodeURIComponent(taskId)}`, { method: 'POST' });
    } catch (e) {
      toast(messageOf(e), 'error');
      button.removeAttribute('disabled');
    }
  });
  return h('div', { class: 'actions' }, button);
}

/** @param {HTMLElement} tile @param {string} message */
function renderFailure(tile, message) {
  tile.dataset.status = 'failed';
  const canceled = message === 'canceled';
  show(/** @type {HTMLElement} */ (tile.querySelector('.frame')), h('div', { class: 'state', role: canceled ? 'status' : 'alert' },
    h('strong', null, canceled ? 'Canceled' : 'Failed'), h('br'), canceled ? 'Nothing was charged.' : message));
  tile.querySelector('.progress')?.remove();
  tile.querySelector('.actions')?.remove();
}

/** The native submit, as JSON. @param {any} body @param {string} key */
export const submitJson = (body, key) => call('/api/generate/submit', { json: body, headers: { 'Idempotency-Key': key } });
