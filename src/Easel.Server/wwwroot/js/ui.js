// @ts-check
// DOM helpers. Text always goes in as text nodes: nothing from the API is parsed as HTML.

/**
 * @param {string} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {...(Node | string | number | null | undefined | false | (Node | string)[])} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name in el && typeof value !== 'string') /** @type {any} */ (el)[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {any[]} children */
function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces what an element shows. @param {Element} el @param {...any} children */
export function show(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An empty state: what is missing and what to do about it. */
export function empty(title, text, action) {
  return h('div', { class: 'empty' }, h('strong', null, title), text ? h('p', null, text) : null, action ?? null);
}

/** @param {string} message */
export function errorBox(message) {
  return h('div', { class: 'alert error', role: 'alert' }, message);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'muted loading', role: 'status' }, text);
}

/** A short message in the corner. @param {string} text @param {'ok' | 'error'} [kind] */
export function toast(text, kind = 'ok') {
  const box = document.getElementById('toasts');
  if (!box) return;
  const item = h('div', { class: `toast ${kind === 'error' ? 'error' : ''}` }, text);
  box.append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 7000 : 3500);
}

/** Copies text, also where the async clipboard is missing (plain http on a LAN address). @param {string} text */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h('textarea', { readonly: true, style: 'position:fixed;opacity:0' });
    /** @type {HTMLTextAreaElement} */ (area).value = text;
    document.body.append(area);
    /** @type {HTMLTextAreaElement} */ (area).select();
    document.execCommand('copy');
    area.remove();
  }
}

/** A button that copies what `text()` gives and says so. @param {string} label @param {() => string} text */
export function copyButton(label, text, extra = {}) {
  const button = h('button', { type: 'button', class: 'btn small', ...extra }, label);
  button.addEventListener('click', async () => {
    await copyText(text());
    button.textContent = 'Copied';
    toast('Copied to the clipboard');
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}

/**
 * Asks a yes/no question in a modal dialog.
 * @param {string} title @param {string} text @param {string} confirmLabel
 * @returns {Promise<boolean>}
 */
export function confirmDialog(title, text, confirmLabel, danger = true) {
  return new Promise(resolve => {
    const dialog = /** @type {HTMLDialogElement} */ (h('dialog', { 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', null, text),
      h('form', { method: 'dialog', class: 'row end' },
        h('button', { class: 'btn', value: 'no' }, 'Cancel'),
        h('button', { class: `btn ${danger ? 'danger' : 'primary'}`, value: 'yes' }, confirmLabel))));
    dialog.addEventListener('close', () => { resolve(dialog.returnValue === 'yes'); dialog.remove(); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A labelled form field. @param {string} label @param {HTMLElement} control @param {string} [hint] */
export function field(label, control, hint) {
  const id = control.id || (control.id = `f-${Math.random().toString(36).slice(2, 9)}`);
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl);
}

/**
 * A segmented single choice (radio buttons in a fieldset).
 * @param {string} legend @param {string} name @param {string[]} values @param {string} current
 * @param {(value: string) => string} [labelOf]
 */
export function segmented(legend, name, values, current, labelOf = v => v) {
  return h('fieldset', null, h('legend', null, legend),
    h('div', { class: 'seg' }, values.map(v => h('label', null,
      h('input', { type: 'radio', name, value: v, checked: v === current }),
      h('span', null, labelOf(v))))));
}

/** @param {string} name @param {(string | string[])[]} options @param {string} current */
export function select(name, options, current, attrs = {}) {
  return h('select', { name, ...attrs }, options.map(o => {
    const [value, label] = Array.isArray(o) ? o : [o, o];
    return h('option', { value, selected: value === current }, label);
  }));
}

/** A table in a wrapper that scrolls by itself on a narrow screen. @param {string[]} heads @param {Node[]} rows */
export function table(heads, rows, numeric = []) {
  // On a phone each row becomes a card whose cells name their column.
  for (const row of rows) {
    if (row instanceof HTMLElement) [...row.children].forEach((cell, i) => cell.setAttribute('data-label', heads[i] ?? ''));
  }
  return h('div', { class: 'table-wrap' }, h('table', null,
    h('thead', null, h('tr', null, heads.map((t, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, t || h('span', { class: 'visually-hidden' }, 'Actions'))))),
    h('tbody', null, rows)));
}

/** @param {string} status */
export function badge(status, text = status.replace('_', ' ')) {
  return h('span', { class: `badge ${status}` }, text);
}

/** Runs `load` now and then every `ms` until the page goes. @param {() => Promise<void>} load @param {number} ms @param {AbortSignal} signal */
export async function every(load, ms, signal) {
  await load();
  const timer = setInterval(load, ms);
  signal.addEventListener('abort', () => clearInterval(timer));
}
