// @ts-check
// The generation settings shared by Generate and Edit: prompt, size, resolution, quality, count, format, background,
// and the price they cost, quoted from /api/models before anything is submitted.
import { h, field, segmented, select } from './ui.js';
import { checkCustom } from './sizes.js';
import { quote } from './models.js';
import * as account from './account.js';
import * as session from './session.js';
import { credits } from './format.js';

/**
 * @typedef {object} Choice
 * @property {string} model
 * @property {string} prompt
 * @property {string} quality
 * @property {string} size a ratio, auto, or custom
 * @property {string} resolution
 * @property {number} [width]
 * @property {number} [height]
 * @property {number} count
 * @property {string} output_format
 * @property {string} background
 */

export const MAX_COUNT = 10;

/** @type {Choice} */
export const DEFAULTS = {
  model: 'gpt-image-2', prompt: '', quality: 'low', size: '1:1', resolution: '1K', count: 1, output_format: 'png', background: 'auto',
};

/** The native submit's `input` for a choice. @param {Choice} c */
export function inputOf(c) {
  return {
    prompt: c.prompt.trim(),
    quality: c.quality,
    size: c.size === 'custom' ? `${c.width}x${c.height}` : c.size,
    resolution: c.resolution,
    output_format: c.output_format,
    background: c.background,
  };
}

/** What keeps a choice from being submitted, or null. @param {Choice} c */
export function problemOf(c) {
  if (!c.prompt.trim()) return 'Write a prompt first.';
  if (c.prompt.length > 32000) return 'The prompt may be at most 32,000 characters.';
  if (c.size === 'custom') {
    if (c.resolution === '1K') return 'A custom size needs resolution 2K or 4K.';
    const why = checkCustom(c.width ?? 0, c.height ?? 0);
    if (why) return `Custom size: ${why}.`;
  }
  if (c.background === 'transparent' && c.output_format === 'jpeg') return 'A transparent background needs PNG or WebP.';
  if (!(c.count >= 1 && c.count <= MAX_COUNT)) return `Count must be 1 to ${MAX_COUNT}.`;
  return null;
}

/**
 * Builds the settings controls for the models of one kind.
 * @param {any[]} models from /api/models
 * @param {Choice} initial
 * @param {(choice: Choice) => void} onChange
 */
export function settingsForm(models, initial, onChange) {
  const model = models.find(m => m.id === initial.model) ?? models[0];
  const sizes = (model?.sizes ?? ['auto', '1:1']).filter(s => s !== 'custom');
  const prompt = /** @type {HTMLTextAreaElement} */ (h('textarea', { name: 'prompt', id: 'prompt', rows: 5, maxlength: 32000, required: true, placeholder: 'A matte black smart speaker on a white studio background' }));
  prompt.value = initial.prompt;
  const width = /** @type {HTMLInputElement} */ (h('input', { type: 'number', name: 'width', id: 'width', min: 16, max: 3840, step: 16, inputmode: 'numeric', value: initial.width ?? 2048 }));
  const height = /** @type {HTMLInputElement} */ (h('input', { type: 'number', name: 'height', id: 'height', min: 16, max: 3840, step: 16, inputmode: 'numeric', value: initial.height ?? 1152 }));
  const custom = h('div', { class: 'fields-2', hidden: initial.size !== 'custom' }, field('Width (px)', width), field('Height (px)', height));
  const sizeOptions = sizes.map(s => [s, s]);
  if (model?.custom_sizes !== false) sizeOptions.push(['custom', 'custom width × height']);
  const size = select('size', sizeOptions, initial.size, { id: 'size' });
  const count = /** @type {HTMLInputElement} */ (h('input', { type: 'number', name: 'count', id: 'count', min: 1, max: MAX_COUNT, value: initial.count, inputmode: 'numeric' }));
  const qualities = model?.qualities ?? ['low', 'medium', 'high', 'auto'];
  const resolutions = model?.resolutions ?? ['1K', '2K', '4K'];
  const modelSelect = models.length > 1 ? field('Model', select('model', models.map(m => m.id), model?.id, { id: 'model' })) : null;
  const price = h('div', { class: 'price', id: 'price', 'aria-live': 'polite' });

  const element = h('div', null,
    field('Prompt', prompt, '0 / 32,000 characters'),
    modelSelect,
    h('div', { class: 'fields-2' },
      field('Ratio or size', size),
      field('Quality', select('quality', qualities, initial.quality, { id: 'quality' }))),
    custom,
    segmented('Resolution', 'resolution', resolutions, initial.resolution),
    h('div', { class: 'fields-2' },
      field('Output format', select('output_format', [['png', 'PNG'], ['jpeg', 'JPEG'], ['webp', 'WebP']], initial.output_format, { id: 'output_format' })),
      field('Background', select('background', ['auto', 'opaque', 'transparent'], initial.background, { id: 'background' }))),
    field('Count', count, `1 to ${MAX_COUNT} images; each is its own task`),
    price);

  /** @returns {Choice} */
  const read = () => {
    const get = name => /** @type {HTMLInputElement | null} */ (element.querySelector(`[name="${name}"]:is(select, textarea, input:not([type=radio]), input:checked)`))?.value ?? '';
    return {
      model: get('model') || model?.id || initial.model,
      prompt: prompt.value,
      quality: get('quality'),
      size: get('size'),
      resolution: get('resolution') || '1K',
      width: Number(width.value),
      height: Number(height.value),
      count: Number(count.value),
      output_format: get('output_format'),
      background: get('background'),
    };
  };

  const update = () => {
    const choice = read();
    custom.hidden = choice.size !== 'custom';
    const counter = element.querySelector('#prompt-hint');
    if (counter) counter.textContent = `${choice.prompt.length.toLocaleString()} / 32,000 characters`;
    const transparent = /** @type {HTMLOptionElement} */ (element.querySelector('#background option[value="transparent"]'));
    transparent.disabled = choice.output_format === 'jpeg';
    renderPrice(price, models.find(m => m.id === choice.model) ?? model, choice);
    onChange(choice);
  };
  element.addEventListener('input', update);
  element.addEventListener('change', update);
  const stopWatching = account.watch(() => renderPrice(price, models.find(m => m.id === read().model) ?? model, read()));
  queueMicrotask(update);
  return { element, read, stop: stopWatching };
}

/** @param {HTMLElement} box @param {any} model @param {Choice} choice */
function renderPrice(box, model, choice) {
  const a = account.last();
  const q = quote(model, { ...choice, count: Math.max(1, choice.count || 1) }, { freeLeft: a?.free_images_left_today ?? 0, test: !!session.current()?.test });
  box.replaceChildren();
  if (!q) {
    box.append(h('span', { class: 'muted' }, 'The price is not available for these settings.'));
    delete box.dataset.total;
    return;
  }
  box.dataset.total = String(q.total);
  const detail = [`${credits(q.each)} per image at ${q.tier}`];
  if (q.count > 1) detail.push(`× ${q.count}`);
  if (q.free > 0) detail.push(session.current()?.test ? '— test key: free' : `— ${q.free} free today`);
  box.append(
    h('div', null, h('div', null, 'Price'), h('div', { class: 'muted small' }, detail.join(' '))),
    h('strong', null, credits(q.total)));
  if (choice.quality === 'auto') {
    box.append(h('div', { class: 'small muted wide' }, 'auto reserves at high quality; you pay for the quality actually made.'));
  }
  if (a && q.total > a.available) {
    box.append(h('div', { class: 'small wide short' }, `You have ${credits(a.available)} available: ${credits(q.total - a.available)} short.`));
  }
}
