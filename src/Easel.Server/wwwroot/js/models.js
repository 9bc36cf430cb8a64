// @ts-check
// The models and their prices, from GET /api/models: the page never carries a copy of the price table.
import { call, messageOf } from './api.js';
import { show, errorBox } from './ui.js';
import { pixels, tier } from './sizes.js';

/** @type {Promise<any[]> | null} */
let loaded = null;

/** @returns {Promise<any[]>} */
export function models() {
  loaded ??= call('/api/models').then(d => d?.models ?? []).catch(e => { loaded = null; throw e; });
  return loaded;
}

/** @param {'generate' | 'edit'} kind */
export async function modelsOf(kind) {
  return (await models()).filter(m => m.kind === kind);
}

/**
 * The models of one kind for a page; if they cannot be loaded, the page says so and gets null.
 * @param {'generate' | 'edit'} kind @param {HTMLElement} root @param {() => Node} head
 */
export async function modelsForPage(kind, root, head) {
  try {
    return await modelsOf(kind);
  } catch (e) {
    show(root, head(), errorBox(`The models and their prices could not be loaded: ${messageOf(e)}`));
    return null;
  }
}

/**
 * The price of a choice before it is submitted.
 * @param {any} model one entry of /api/models
 * @param {{ quality: string, size: string, resolution: string, width?: number, height?: number, count: number }} choice
 * @param {{ freeLeft: number, test: boolean }} account
 */
export function quote(model, choice, account) {
  const billedAt = tier(pixels(choice));
  const each = model?.credits_per_image?.[choice.quality]?.[billedAt];
  if (typeof each !== 'number') return null;
  const free = account.test ? choice.count : Math.min(account.freeLeft, choice.count);
  return { each, tier: billedAt, count: choice.count, free, total: account.test ? 0 : each * (choice.count - free) };
}
