// @ts-check
// The Studio's shell: client-side routes, the header, sign-in guard. Every page is a module with render(root, ctx).
import * as session from './session.js';
import * as account from './account.js';
import { onKeyRefused } from './api.js';
import { h, show, errorBox } from './ui.js';
import { credits } from './format.js';

/**
 * @typedef {object} Route
 * @property {string} path
 * @property {string} title
 * @property {() => Promise<any>} [page]
 * @property {'account' | 'admin' | null} need
 * @property {string} [nav] the label in the main menu
 */

/** @type {Route[]} Keep in step with StudioPages.ClientRoutes on the server. */
const routes = [
  { path: '/sign-in', title: 'Sign in', need: null, page: () => import('./pages/signin.js') },
  { path: '/generate', title: 'Generate', need: 'account', nav: 'Generate', page: () => import('./pages/generate.js') },
  { path: '/edit', title: 'Edit', need: 'account', nav: 'Edit', page: () => import('./pages/edit.js') },
  { path: '/gallery', title: 'Gallery', need: 'account', nav: 'Gallery', page: () => import('./pages/gallery.js') },
  { path: '/gallery/:taskId', title: 'Task', need: 'account', page: () => import('./pages/task.js') },
  { path: '/keys', title: 'Keys', need: 'account', nav: 'Keys', page: () => import('./pages/keys.js') },
  { path: '/usage', title: 'Usage', need: 'account', nav: 'Usage', page: () => import('./pages/usage.js') },
  { path: '/webhooks', title: 'Webhooks', need: 'account', nav: 'Webhooks', page: () => import('./pages/webhooks.js') },
  { path: '/code', title: 'Code', need: 'account', nav: 'Code', page: () => import('./pages/code.js') },
  { path: '/operator/accounts', title: 'Accounts', need: 'admin', nav: 'Accounts', page: () => import('./operator/accounts.js') },
  { path: '/operator/accounts/:accountId', title: 'Account', need: 'admin', page: () => import('./operator/account.js') },
  { path: '/operator/tasks', title: 'All tasks', need: 'admin', nav: 'Tasks', page: () => import('./operator/tasks.js') },
  { path: '/operator/channels', title: 'Channels', need: 'admin', nav: 'Channels', page: () => import('./operator/channels.js') },
  { path: '/operator/queue', title: 'Queue', need: 'admin', nav: 'Queue', page: () => import('./operator/queue.js') },
];

const main = /** @type {HTMLElement} */ (document.getElementById('page'));
/** @type {AbortController | null} */
let pageLife = null;
/** A sentence for the sign-in page, such as why the session ended. */
let notice = '';

/** @param {string} path */
function match(path) {
  for (const route of routes) {
    const names = [];
    const pattern = new RegExp(`^${route.path.replace(/:(\w+)/g, (_, n) => { names.push(n); return '([^/]+)'; })}/?$`);
    const m = pattern.exec(path);
    if (m) return { route, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

const home = () => (session.isAdmin() ? '/operator/accounts' : '/generate');

/** @param {string} to @param {{ replace?: boolean }} [options] */
export function navigate(to, options = {}) {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  render();
}

/** Ends the session: the key is forgotten and the sign-in page shown. @param {string} [why] */
export function signOut(why = '') {
  session.clear();
  account.forget();
  notice = why;
  navigate('/sign-in', { replace: true });
}

export function takeNotice() {
  const text = notice;
  notice = '';
  return text;
}

async function render() {
  pageLife?.abort();
  pageLife = new AbortController();
  const life = pageLife;
  const url = new URL(location.href);
  let path = url.pathname;
  const current = session.current();
  if (path === '/' || path === '/operator') path = current ? home() : '/sign-in';
  const found = match(path);
  if (!found) {
    renderShell(null);
    show(main, h('div', { class: 'empty' }, h('strong', null, 'No such page'), h('a', { href: home() }, 'Go to the start')));
    return;
  }
  if (found.route.need && (!current || current.kind !== found.route.need)) {
    path = current ? home() : '/sign-in';
    history.replaceState(null, '', path);
    return render();
  }
  if (path !== url.pathname) history.replaceState(null, '', path + url.search);
  renderShell(found.route);
  document.title = `${found.route.title} · Easel Studio`;
  show(main);
  try {
    const module = await found.route.page?.();
    if (life.signal.aborted) return;
    await module.render(main, { params: found.params, query: url.searchParams, signal: life.signal, navigate });
  } catch (e) {
    if (life.signal.aborted) return;
    show(main, errorBox(`This page could not be shown: ${e instanceof Error ? e.message : e}`));
  }
  const heading = main.querySelector('h1');
  if (heading && document.activeElement === document.body) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

/** @param {Route | null} active */
function renderShell(active) {
  const current = session.current();
  const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
  const toggle = /** @type {HTMLButtonElement} */ (document.querySelector('.menu-toggle'));
  const links = current ? routes.filter(r => r.nav && r.need === current.kind) : [];
  show(nav, links.map(r => h('a', { href: r.path, 'aria-current': active?.path === r.path || (active && active.nav === undefined && active.path.startsWith(r.path)) ? 'page' : null }, r.nav)));
  nav.classList.remove('open');
  toggle.hidden = links.length === 0;
  toggle.setAttribute('aria-expanded', 'false');
  const who = /** @type {HTMLElement} */ (document.getElementById('who'));
  if (!current) {
    show(who);
    return;
  }
  const out = h('button', { type: 'button', class: 'btn small', onclick: () => signOut('You have signed out; the key is forgotten.') }, 'Sign out');
  if (current.kind === 'admin') {
    show(who, h('span', { class: 'chip' }, 'Operator'), out);
    return;
  }
  const balance = h('a', { class: 'chip', href: '/usage', id: 'balance-chip', title: 'Credits available' }, '…');
  show(who, current.test ? h('span', { class: 'chip test' }, 'Test key') : null, h('span', { class: 'chip' }, current.role ?? 'key'), balance, out);
  account.watch(a => { balance.textContent = `${credits(a.available)} available`; });
  if (!account.last()) account.refresh().catch(() => {});
}

document.addEventListener('click', e => {
  const target = /** @type {Element} */ (e.target);
  const link = target.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement) || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (link.target || link.hasAttribute('download') || link.origin !== location.origin) return;
  if (link.pathname !== '/' && !match(link.pathname)) return;
  e.preventDefault();
  navigate(link.pathname + link.search);
});

document.querySelector('.menu-toggle')?.addEventListener('click', e => {
  const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
  const open = nav.classList.toggle('open');
  /** @type {HTMLElement} */ (e.currentTarget).setAttribute('aria-expanded', String(open));
});

window.addEventListener('popstate', () => render());
onKeyRefused(() => signOut('Your key was refused (revoked or invalid), so you have been signed out.'));
render();
