// @ts-check
// A panel of code snippets for the settings on screen: dialect and language tabs, copy, and an opt-in key reveal.
import { h, show, copyButton } from './ui.js';
import { DIALECTS, LANGS, snippet } from './snippets.js';
import * as session from './session.js';

/** @param {() => import('./settings.js').Choice} choiceOf */
export function codePanel(choiceOf) {
  let dialect = 'native';
  let lang = 'curl';
  const reveal = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: 'reveal-key' }));
  const pre = h('pre', { class: 'code', tabindex: 0, 'aria-label': 'Code' });
  const text = () => snippet(dialect, lang, choiceOf(), { base: location.origin, key: reveal.checked ? session.current()?.key ?? null : null });
  const tabs = (items, current, pick, label) => {
    const list = h('div', { class: 'tabs', role: 'tablist', 'aria-label': label });
    const draw = () => show(list, items.map(([value, name]) => h('button', {
      type: 'button', role: 'tab', 'aria-selected': String(value === current()), tabindex: value === current() ? 0 : -1,
      onclick: () => { pick(value); draw(); refresh(); },
      onkeydown: e => arrows(e, list),
    }, name)));
    draw();
    return list;
  };
  const refresh = () => { pre.textContent = text(); };
  reveal.addEventListener('change', refresh);
  const element = h('div', { class: 'code-panel' },
    tabs(DIALECTS, () => dialect, v => { dialect = v; }, 'Dialect'),
    tabs(LANGS, () => lang, v => { lang = v; }, 'Language'),
    h('div', { class: 'code-box' }, pre, copyButton('Copy', text, { class: 'btn small copy' })),
    h('p', { class: 'small muted', style: 'margin-top:.5rem' },
      h('label', { class: 'check' }, reveal, 'Show my key in the code'),
      ' — otherwise the code reads it from $EASEL_KEY.'));
  refresh();
  return { element, refresh };
}

/** Left and right arrows move between tabs. @param {KeyboardEvent} e @param {HTMLElement} list */
function arrows(e, list) {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const buttons = [...list.querySelectorAll('button')];
  const at = buttons.indexOf(/** @type {HTMLButtonElement} */ (e.currentTarget));
  const to = (at + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length;
  buttons[to].click();
  /** @type {HTMLElement} */ (list.querySelectorAll('button')[to]).focus();
}
