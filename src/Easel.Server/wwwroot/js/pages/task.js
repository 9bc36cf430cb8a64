// @ts-check
// One task: its files, parameters, prompt, credits, webhook deliveries (with redeliver), code, and a re-run.
import { call, ApiError, messageOf } from '../api.js';
import { follow } from '../events.js';
import * as handoff from '../handoff.js';
import * as account from '../account.js';
import { fileActions } from '../results.js';
import { codePanel } from '../codepanel.js';
import { DEFAULTS } from '../settings.js';
import { delivery } from '../deliveries.js';
import { h, show, errorBox, loading, badge, confirmDialog, toast } from '../ui.js';
import { when, credits, num } from '../format.js';

/** @param {HTMLElement} root @param {{ params: { taskId: string }, signal: AbortSignal, navigate: (to: string) => void }} ctx */
export async function render(root, ctx) {
  const id = ctx.params.taskId;
  show(root, loading());
  let task;
  try {
    task = await load(id, ctx.signal);
  } catch (e) {
    show(root, h('p', null, h('a', { href: '/gallery' }, '← Gallery')), errorBox(e instanceof ApiError && e.status === 404 ? 'There is no such task in your account.' : messageOf(e)));
    return;
  }
  const draw = () => {
    const choice = choiceOf(task);
    const actions = h('div', { class: 'row' },
      choice ? h('button', {
        type: 'button', class: 'btn primary',
        onclick: () => {
          // Only this server's own files can be fetched again in the browser; other references are added by hand.
          handoff.put({ choice, references: (task.request?.image_urls ?? []).filter(u => new URL(u, location.href).origin === location.origin) });
          ctx.navigate(task.model === 'gpt-image-2-edit' ? '/edit' : '/generate');
        },
      }, 'Re-run with these settings') : null,
      task.status === 'not_started' || task.status === 'running' ? h('button', { type: 'button', class: 'btn danger', onclick: cancel }, 'Cancel task') : null);
    show(root,
      h('p', null, h('a', { href: '/gallery' }, '← Gallery')),
      h('div', { class: 'page-head' },
        h('div', null, h('h1', null, 'Task'), h('p', { class: 'mono' }, task.task_id, ' ', badge(task.status), task.test ? [' ', badge('test')] : null)),
        actions),
      h('div', { class: 'split even' },
        h('div', { class: 'stack' }, files(task), h('details', { class: 'card' }, h('summary', null, h('strong', null, 'Code to make this again')),
          h('div', { style: 'margin-top:.75rem' }, codePanel(() => choice ?? DEFAULTS).element))),
        h('div', { class: 'stack' }, parameters(task), webhooks)));
  };
  const webhooks = h('section', { class: 'card', 'aria-label': 'Webhook deliveries' }, h('h2', null, 'Webhook'), loading());
  const cancel = async () => {
    if (!(await confirmDialog('Cancel this task?', 'It stops as soon as possible and nothing is charged.', 'Cancel task'))) return;
    try {
      task = { ...task, ...(await call(`/api/generate/cancel/${encodeURIComponent(id)}`, { method: 'POST' })) };
      account.refresh().catch(() => {});
      draw();
    } catch (e) {
      toast(messageOf(e), 'error');
    }
  };
  draw();
  loadWebhooks(id, webhooks, ctx.signal);
  if (task.status === 'not_started' || task.status === 'running') {
    follow(id, status => { task = { ...task, ...status }; draw(); }, ctx.signal)
      .then(async () => { task = await load(id, ctx.signal); draw(); loadWebhooks(id, webhooks, ctx.signal); })
      .catch(() => {});
  }
}

/** The task's detail, or its plain status where the detail route is not there. @param {string} id @param {AbortSignal} signal */
async function load(id, signal) {
  try {
    return await call(`/api/generate/tasks/${encodeURIComponent(id)}`, { signal });
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && e.body === null) return call(`/api/generate/status/${encodeURIComponent(id)}`, { signal });
    throw e;
  }
}

/** @param {any} task */
function files(task) {
  const list = task.files ?? [];
  const card = h('section', { class: 'card', 'aria-label': 'Files' }, h('h2', null, list.length > 1 ? 'Files' : 'File'));
  if (task.status === 'failed') card.append(errorBox(task.error_message === 'canceled' ? 'This task was canceled: nothing was charged.' : `This task failed: ${task.error_message ?? 'no reason given'}. Nothing was charged.`));
  else if (list.length === 0) card.append(h('div', { class: 'frame', style: 'aspect-ratio:1;display:grid;place-items:center' },
    h('div', { class: 'state', role: 'status' }, h('div', { class: 'spinner', 'aria-hidden': 'true' }), task.status === 'running' ? `Running · ${task.progress ?? 0}%` : 'Queued')));
  for (const file of list) {
    if (file.expired) {
      card.append(h('div', { class: 'alert warn', role: 'status' }, 'This file has expired: stored files are kept for a limited time, and this one has been deleted.'));
      continue;
    }
    card.append(h('figure', { style: 'margin:0 0 .75rem' },
      h('img', { src: file.file_url, alt: task.request?.prompt ?? 'Result', style: 'width:100%;border-radius:8px;display:block', class: 'result' }),
      h('figcaption', { class: 'small muted', style: 'margin:.4rem 0' }, file.width && file.height ? `${file.width} × ${file.height}` : ''),
      fileActions(file.file_url, task.task_id)));
  }
  return card;
}

/** @param {any} task */
function parameters(task) {
  const r = task.request ?? {};
  const c = task.credits ?? {};
  const rows = [
    ['Status', badge(task.status)],
    ['Model', task.model],
    ['Dialect', task.dialect],
    ['Prompt', r.prompt],
    ['Size', r.ratio ? `${r.ratio} at ${r.resolution} (${r.size})` : r.resolution && r.size !== 'auto' ? `${r.size} (${r.resolution})` : r.size],
    ['Quality', task.resolved_quality && task.resolved_quality !== r.quality ? `${r.quality} → made at ${task.resolved_quality}` : r.quality],
    ['Output format', r.output_format],
    ['Background', r.background],
    ['Images', r.n],
    ['Reference images', r.reference_images],
    ['Mask', r.has_mask === undefined ? null : r.has_mask ? 'yes' : 'no'],
    ['Credits reserved', c.reserved === undefined ? null : credits(c.reserved)],
    ['Credits charged', c.captured === undefined || c.captured === null ? null : credits(c.captured)],
    ['Free images used', c.free_images ? num(c.free_images) : null],
    ['Created', when(task.created_time)],
    ['Finished', task.finished_time ? when(task.finished_time) : null],
    ['Error', task.status === 'failed' ? task.error_message : null],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return h('section', { class: 'card', 'aria-label': 'Parameters' }, h('h2', null, 'Parameters'),
    h('dl', { class: 'props' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])));
}

/** @param {string} id @param {HTMLElement} card @param {AbortSignal} signal */
async function loadWebhooks(id, card, signal) {
  const title = h('h2', null, 'Webhook');
  try {
    const d = await call(`/api/generate/tasks/${encodeURIComponent(id)}/webhooks`, { signal });
    show(card, title, delivery(d, async button => {
      button.setAttribute('disabled', '');
      try {
        await call(`/api/generate/tasks/${encodeURIComponent(id)}/webhooks/redeliver`, { method: 'POST' });
        toast('The webhook is being sent again');
        settle(id, card, signal);
      } catch (e) {
        toast(messageOf(e), 'error');
        button.removeAttribute('disabled');
      }
    }));
  } catch (e) {
    if (signal.aborted) return;
    show(card, title, e instanceof ApiError && e.status === 404
      ? h('p', { class: 'muted' }, 'No webhook for this task: it was submitted without a callback_url, or has not ended yet.')
      : errorBox(messageOf(e)));
  }
}

/** Shows the delivery again once it is no longer waiting to be sent. @param {string} id @param {HTMLElement} card @param {AbortSignal} signal */
async function settle(id, card, signal) {
  for (let i = 0; i < 30 && !signal.aborted; i++) {
    await new Promise(r => setTimeout(r, 1000));
    const d = await call(`/api/generate/tasks/${encodeURIComponent(id)}/webhooks`, { signal }).catch(() => null);
    if (d && d.state !== 'pending') break;
  }
  loadWebhooks(id, card, signal);
}

/** The settings that made a task, to run them again; null when the task does not say. @param {any} task */
export function choiceOf(task) {
  const r = task.request;
  if (!r?.prompt) return null;
  const choice = { ...DEFAULTS, model: task.model ?? DEFAULTS.model, prompt: r.prompt, quality: r.quality ?? 'auto', output_format: r.output_format ?? 'png', background: r.background ?? 'auto', count: 1 };
  if (r.ratio) return { ...choice, size: r.ratio, resolution: r.resolution ?? '1K' };
  const m = /^(\d+)x(\d+)$/.exec(r.size ?? '');
  if (m) return { ...choice, size: 'custom', width: Number(m[1]), height: Number(m[2]), resolution: r.resolution ?? '2K' };
  return { ...choice, size: 'auto', resolution: r.resolution ?? '1K' };
}
