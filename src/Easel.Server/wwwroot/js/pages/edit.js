// @ts-check
// Edit: upload images (or pick them from the gallery), paint a mask over the first, and submit as a multipart edit.
// The result appears beside the original.
import { call, messageOf } from '../api.js';
import { modelsForPage } from '../models.js';
import * as handoff from '../handoff.js';
import { settingsForm, problemOf, inputOf, DEFAULTS } from '../settings.js';
import { runBatch } from '../results.js';
import { maskPainter } from '../mask.js';
import { pickFromGallery, fromUrl } from '../picker.js';
import { h, show, empty, errorBox, loading } from '../ui.js';

const TYPES = ['image/png', 'image/jpeg', 'image/webp'];

/** @typedef {{ name: string, blob: Blob, url: string }} Source */

/** @param {HTMLElement} root @param {{ signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  show(root, loading());
  const models = await modelsForPage('edit', root, head);
  if (!models) return;
  const model = models[0];
  const most = model?.max_reference_images ?? 16;
  /** @type {Source[]} */
  const sources = [];
  const given = handoff.take();
  const painter = maskPainter();
  const maskCard = h('section', { class: 'card', 'aria-label': 'Mask', hidden: true }, h('h2', null, 'Mask'),
    h('p', { class: 'small muted' }, 'Paint over the first image where it should change. Leave it empty to let the whole image change.'), painter.element);
  const refs = h('div', { class: 'refs', id: 'refs' });
  const placeholder = empty('Add an image to start', 'Upload images or pick them from your gallery; then paint a mask and describe the change.');
  const sourceErrors = h('div', { 'aria-live': 'polite' });
  const fileInput = /** @type {HTMLInputElement} */ (h('input', { type: 'file', id: 'files', accept: TYPES.join(','), multiple: true, class: 'visually-hidden' }));
  const drop = h('div', { class: 'drop' },
    h('p', null, 'Drop PNG, JPEG or WebP images here, or'),
    h('div', { class: 'row', style: 'justify-content:center' },
      h('label', { for: 'files', class: 'btn small' }, 'Upload images'), fileInput,
      h('button', { type: 'button', class: 'btn small', onclick: async () => add(await pickFromGallery(ctx.signal)) }, 'Pick from gallery')),
    h('p', { class: 'small', style: 'margin:.5rem 0 0' }, `Up to ${most} images; the first one is edited and masked.`));

  /** @param {Source[]} more */
  const add = more => {
    show(sourceErrors);
    for (const source of more) {
      if (sources.length >= most) {
        show(sourceErrors, errorBox(`At most ${most} images: the rest were left out.`));
        break;
      }
      sources.push(source);
    }
    redraw();
  };
  const redraw = async () => {
    show(refs, sources.map((s, i) => h('div', { class: 'ref' },
      h('img', { src: s.url, alt: s.name }),
      i === 0 ? h('span', { class: 'badge first' }, 'edited') : null,
      h('button', { type: 'button', class: 'btn small remove', 'aria-label': `Remove ${s.name}`, onclick: () => { sources.splice(i, 1); redraw(); } }, '×'))));
    maskCard.hidden = sources.length === 0;
    placeholder.hidden = sources.length > 0;
    if (sources[0]) {
      const bitmap = await createImageBitmap(sources[0].blob);
      painter.setImage(sources[0].url, bitmap.width, bitmap.height);
      bitmap.close();
    }
  };
  fileInput.addEventListener('change', () => {
    add(accept([...(fileInput.files ?? [])]));
    fileInput.value = '';
  });
  drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => {
    e.preventDefault();
    drop.classList.remove('over');
    add(accept([...(e.dataTransfer?.files ?? [])]));
  });
  /** @param {File[]} files */
  const accept = files => {
    const good = files.filter(f => TYPES.includes(f.type));
    if (good.length < files.length) show(sourceErrors, errorBox('Only PNG, JPEG and WebP images can be edited.'));
    return good.map(f => ({ name: f.name, blob: f, url: URL.createObjectURL(f) }));
  };

  const settings = settingsForm(models, { ...DEFAULTS, model: model?.id ?? 'gpt-image-2-edit', size: 'auto', ...(given?.choice ?? {}) }, () => {});
  ctx.signal.addEventListener('abort', settings.stop);
  const grid = h('div', { class: 'results', id: 'results' });
  const original = h('figure', null);
  const output = h('section', { class: 'card', 'aria-label': 'Result', hidden: true }, h('h2', null, 'Result'),
    h('div', { class: 'compare' }, original, h('div', null, grid)));
  const errors = h('div', { 'aria-live': 'assertive' });
  const button = h('button', { class: 'btn primary block', type: 'submit' }, 'Edit');
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'Edit settings' },
    h('h2', null, 'Images'), drop, refs, sourceErrors, settings.element, errors, button);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const choice = settings.read();
    const why = sources.length === 0 ? 'Add at least one image to edit.' : problemOf(choice);
    if (why) {
      show(errors, errorBox(why));
      return;
    }
    button.setAttribute('disabled', '');
    const mask = await painter.toBlob();
    const body = { model: choice.model, input: inputOf(choice) };
    show(original, h('img', { src: sources[0].url, alt: 'Original' }), h('figcaption', null, mask ? 'Original, with a mask' : 'Original'));
    output.hidden = false;
    await runBatch({
      grid, errors, count: choice.count, prompt: choice.prompt.trim(), signal: ctx.signal,
      submit: key => call('/api/generate/submit', { form: multipart(body, sources, mask), headers: { 'Idempotency-Key': key } }),
      onSubmitted: () => button.removeAttribute('disabled'),
    }).catch(() => {});
  });

  show(root, head(), h('div', { class: 'split' }, form, h('div', { class: 'stack' }, maskCard, output, placeholder)));
  if (given?.references?.length) {
    try {
      add(await Promise.all(given.references.map(fromUrl)));
    } catch (e) {
      show(sourceErrors, errorBox(`The reference could not be loaded: ${messageOf(e)}`));
    }
  }
  ctx.signal.addEventListener('abort', () => sources.forEach(s => URL.revokeObjectURL(s.url)));
}

const head = () => h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Edit'), h('p', null, 'Change an image with a prompt, and a mask for where.')));

/** The multipart edit: the JSON body as `request`, the images as `image[]`, the mask as `mask`. */
function multipart(body, sources, mask) {
  const form = new FormData();
  form.append('request', JSON.stringify(body));
  for (const s of sources) form.append('image[]', s.blob, s.name);
  if (mask) form.append('mask', mask, 'mask.png');
  return form;
}
