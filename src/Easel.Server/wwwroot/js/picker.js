// @ts-check
// Picks images from the account's gallery for an edit; their bytes are fetched here and uploaded again with the edit.
import { call, messageOf } from './api.js';
import { h, show, empty, errorBox, loading } from './ui.js';

/** @typedef {{ name: string, blob: Blob, url: string }} Source */

/** @param {AbortSignal} signal @returns {Promise<Source[]>} */
export function pickFromGallery(signal) {
  return new Promise(resolve => {
    /** @type {Set<string>} */
    const chosen = new Set();
    const list = h('div', { class: 'gallery', style: 'max-height:60vh;overflow:auto' }, loading());
    const message = h('div', { 'aria-live': 'polite' });
    const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { class: 'wide', 'aria-labelledby': 'pick-title' },
      h('h2', { id: 'pick-title' }, 'Pick from your gallery'), list, message,
      h('form', { method: 'dialog', class: 'row end', style: 'margin-top:1rem' },
        h('button', { class: 'btn', value: 'cancel' }, 'Cancel'),
        h('button', { class: 'btn primary', value: 'add', id: 'pick-add' }, 'Add selected'))));
    dialog.addEventListener('close', async () => {
      const urls = dialog.returnValue === 'add' ? [...chosen] : [];
      dialog.remove();
      const picked = [];
      for (const url of urls) {
        try {
          picked.push(await fromUrl(url));
        } catch {
          // An expired file cannot be edited; the others still are.
        }
      }
      resolve(picked);
    });
    document.body.append(dialog);
    dialog.showModal();
    call('/api/generate/tasks?status=finished&limit=48', { signal }).then(page => {
      const files = (page.tasks ?? []).flatMap(t => (t.files ?? []).filter(f => !f.expired).map(f => ({ task: t, file: f })));
      if (files.length === 0) {
        show(list, empty('No finished images yet', 'Generate one first, or upload an image instead.'));
        return;
      }
      show(list, files.map(({ task, file }) => {
        const button = h('button', {
          type: 'button', class: 'tile', 'aria-pressed': 'false', style: 'padding:0;cursor:pointer;text-align:left',
          'aria-label': `Image of task ${task.task_id}${task.request?.prompt ? `: ${task.request.prompt}` : ''}`,
        }, h('div', { class: 'frame' }, h('img', { src: file.thumbnail_url ?? file.file_url, alt: '', loading: 'lazy' })),
        h('div', { class: 'body' }, h('div', { class: 'prompt' }, task.request?.prompt ?? task.task_id)));
        button.addEventListener('click', () => {
          const on = !chosen.has(file.file_url);
          if (on) chosen.add(file.file_url); else chosen.delete(file.file_url);
          button.setAttribute('aria-pressed', String(on));
          button.style.outline = on ? '3px solid var(--accent)' : '';
        });
        return button;
      }));
    }).catch(e => show(message, errorBox(messageOf(e))));
  });
}

/** A stored file's bytes, fetched in the browser, to upload again. @param {string} url @returns {Promise<Source>} */
export async function fromUrl(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(response.status === 410 ? 'the file has expired' : `HTTP ${response.status}`);
  const blob = await response.blob();
  const name = new URL(url, location.href).pathname.split('/').pop() ?? 'image';
  return { name, blob, url: URL.createObjectURL(blob) };
}
