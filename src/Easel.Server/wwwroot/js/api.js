// @ts-check
// Easel's public HTTP APIs, called with the signed-in key. Errors become ApiError with a message a person can act on.
import * as session from './session.js';

export class ApiError extends Error {
  /**
   * @param {number} status @param {string} message @param {string | null} type
   * @param {number | null} retryAfter seconds, from Retry-After
   * @param {any} body
   */
  constructor(status, message, type = null, retryAfter = null, body = null) {
    super(message);
    this.status = status;
    this.type = type;
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

/** Listeners told when the key is refused (401), so the app can sign out. */
const refusedListeners = new Set();
/** @param {() => void} listener */
export const onKeyRefused = listener => refusedListeners.add(listener);

/**
 * @param {string} path
 * @param {{ method?: string, json?: any, form?: FormData, headers?: Record<string, string>, signal?: AbortSignal, key?: string }} [options]
 * @returns {Promise<any>} the parsed body; for the native envelope, its `data`
 */
export async function call(path, options = {}) {
  const key = options.key ?? session.current()?.key;
  const headers = { Accept: 'application/json', ...(options.headers ?? {}) };
  if (key) headers.Authorization = `Bearer ${key}`;
  /** @type {BodyInit | undefined} */
  let body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  let response;
  try {
    response = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, signal: options.signal, cache: 'no-store' });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Easel cannot be reached: check that the server is running and your network is up.');
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = toError(response, parsed);
    if (response.status === 401 && !options.key) refusedListeners.forEach(l => l());
    throw error;
  }
  return parsed && typeof parsed === 'object' && 'code' in parsed && 'data' in parsed ? parsed.data : parsed;
}

/** @param {Response} response @param {any} body */
function toError(response, body) {
  const status = response.status;
  const detail = body?.error;
  const raw = typeof detail === 'string' ? detail : detail?.message ?? (status === 404 ? 'not found' : response.statusText || `HTTP ${status}`);
  const type = typeof detail === 'object' ? detail?.type ?? detail?.code ?? null : null;
  const retry = parseRetryAfter(response.headers.get('Retry-After'));
  return new ApiError(status, explain(status, raw, retry), type, retry, body);
}

/** @param {string | null} value seconds or an HTTP date */
function parseRetryAfter(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Turns the server's words into a sentence that says what to do. @param {number} status @param {string} raw @param {number | null} retry */
function explain(status, raw, retry) {
  if (status === 402) {
    const m = /needs (\d+), (\d+) available/.exec(raw);
    if (m) {
      const [needed, available] = [Number(m[1]), Number(m[2])];
      return `Not enough credits: this needs ${needed}, you have ${available} available — ${needed - available} missing. Ask the operator for more credits, or pick a lower quality or resolution.`;
    }
    return `Not enough credits: ${raw}.`;
  }
  if (status === 429) {
    const when = retry === null ? 'in a moment' : `in ${duration(retry)} (at ${new Date(Date.now() + retry * 1000).toLocaleTimeString()})`;
    return `Too many requests — ${raw}. Try again ${when}.`;
  }
  if (status === 401) return `Your key was refused: ${raw}. Sign in again with a valid key.`;
  if (status === 403) return `Not allowed: ${raw}.`;
  if (status >= 500) return `Easel had a problem (${status}): ${raw}. Try again shortly.`;
  return raw.charAt(0).toUpperCase() + raw.slice(1);
}

/** @param {number} seconds */
export function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min`;
  const hours = Math.floor(seconds / 3600);
  return `${hours} h ${Math.ceil((seconds % 3600) / 60)} min`;
}

/** A message for anything thrown. @param {unknown} e */
export function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}

/** A fresh Idempotency-Key: a retried click is never charged twice. */
export const idempotencyKey = () => crypto.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('');
