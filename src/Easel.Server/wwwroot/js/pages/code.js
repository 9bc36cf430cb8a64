// @ts-check
// Code: the settings last used on Generate as curl, Python and Node, for each dialect, with this server's base URL.
import { codePanel } from '../codepanel.js';
import { DEFAULTS } from '../settings.js';
import { h, show } from '../ui.js';

/** @param {HTMLElement} root */
export function render(root) {
  let saved = {};
  try {
    saved = JSON.parse(sessionStorage.getItem('easel.generate.last') ?? 'null') ?? {};
  } catch {
    saved = {};
  }
  const choice = { ...DEFAULTS, prompt: DEFAULTS.prompt || 'A matte black smart speaker on a white studio background', ...saved };
  const panel = codePanel(() => choice);
  show(root,
    h('div', { class: 'page-head' }, h('div', null, h('h1', null, 'Code'),
      h('p', null, 'Everything the Studio does is a public API call. Copy these to do it from a program.'))),
    h('div', { class: 'alert info' },
      `These use your last Generate settings: ${choice.size} at ${choice.resolution}, ${choice.quality} quality, ${choice.output_format}. `,
      h('a', { href: '/generate' }, 'Change them on Generate'), '.'),
    h('section', { class: 'card', 'aria-label': 'Code snippets' }, panel.element),
    h('section', { class: 'card', style: 'margin-top:1rem' }, h('h2', null, 'More'),
      h('p', null, 'Every route, request and answer is described in the ', h('a', { href: '/docs', target: '_blank', rel: 'noopener' }, 'API reference'),
        ' (OpenAPI at ', h('a', { href: '/openapi/v1.json', target: '_blank', rel: 'noopener' }, '/openapi/v1.json'), ').')));
}
