// @ts-check
// Generate: the settings and their price on the left, the batch's tiles filling in live on the right.
import { modelsForPage } from '../models.js';
import * as handoff from '../handoff.js';
import { settingsForm, problemOf, inputOf, DEFAULTS } from '../settings.js';
import { runBatch, submitJson } from '../results.js';
import { codePanel } from '../codepanel.js';
import { h, show, empty, errorBox, loading } from '../ui.js';

const LAST = 'easel.generate.last';

/** @param {HTMLElement} root @param {{ signal: AbortSignal }} ctx */
export async function render(root, ctx) {
  show(root, loading());
  const models = await modelsForPage('generate', root, head);
  if (!models) return;
  const given = handoff.take()?.choice;
  const initial = { ...DEFAULTS, ...(given ?? saved()) };
  const grid = h('div', { class: 'results', id: 'results' });
  const placeholder = empty('Your images appear here', 'Write a prompt, check the price, and press Generate. Each image shows its progress live.');
  const errors = h('div', { 'aria-live': 'assertive' });
  const problem = h('div', { 'aria-live': 'polite' });
  /** @type {{ refresh: () => void } | null} */
  let code = null;
  const settings = settingsForm(models, initial, () => { code?.refresh(); show(problem); });
  ctx.signal.addEventListener('abort', settings.stop);
  code = codePanel(settings.read);
  const button = h('button', { class: 'btn primary block', type: 'submit' }, 'Generate');
  const form = h('form', { class: 'card', novalidate: true, 'aria-label': 'Generation settings' }, settings.element, problem, button);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const choice = settings.read();
    const why = problemOf(choice);
    if (why) {
      show(problem, errorBox(why));
      return;
    }
    sessionStorage.setItem(LAST, JSON.stringify(choice));
    placeholder.remove();
    button.setAttribute('disabled', '');
    button.textContent = choice.count > 1 ? `Generating ${choice.count} images…` : 'Generating…';
    const body = { model: choice.model, input: inputOf(choice) };
    // The button comes back once every task is submitted; the tiles keep following their tasks.
    const ready = () => { button.removeAttribute('disabled'); button.textContent = 'Generate'; };
    await runBatch({ grid, errors, count: choice.count, prompt: choice.prompt.trim(), signal: ctx.signal, submit: key => submitJson(body, key), onSubmitted: ready })
      .catch(() => {});
  });
  show(root,
    head(),
    h('div', { class: 'split' },
      form,
      h('div', { class: 'stack' },
        h('section', { 'aria-label': 'Results' }, errors, placeholder, grid),
        h('details', { class: 'card' }, h('summary', null, h('strong', null, 'Code for these settings')), h('div', { style: 'margin-top:.75rem' }, code.element)))));
}

const head = () => h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Generate'), h('p', null, 'Text to image with GPT Image 2. The price is shown before you submit.')));

function saved() {
  try {
    return JSON.parse(sessionStorage.getItem(LAST) ?? 'null') ?? {};
  } catch {
    return {};
  }
}
