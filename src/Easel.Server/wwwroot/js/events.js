// @ts-check
// A task's live status over GET /api/generate/events/{id}. EventSource cannot send the Authorization header,
// so the stream is read with fetch and parsed here; if it drops before the task ends, status polls take over.
import * as session from './session.js';
import { call } from './api.js';

const TERMINAL = new Set(['finished', 'failed']);

/**
 * Calls `onStatus` with each status body until the task ends; resolves with the last one.
 * @param {string} taskId
 * @param {(status: any) => void} onStatus
 * @param {AbortSignal} signal
 */
export async function follow(taskId, onStatus, signal) {
  let last = null;
  try {
    last = await readStream(taskId, status => { last = status; onStatus(status); }, signal);
  } catch (e) {
    if (signal.aborted) throw e;
  }
  while (!last || !TERMINAL.has(last.status)) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    last = await call(`/api/generate/status/${encodeURIComponent(taskId)}`, { signal });
    onStatus(last);
    if (!TERMINAL.has(last.status)) await new Promise(r => setTimeout(r, 1000));
  }
  return last;
}

/** @param {string} taskId @param {(status: any) => void} onStatus @param {AbortSignal} signal */
async function readStream(taskId, onStatus, signal) {
  const response = await fetch(`/api/generate/events/${encodeURIComponent(taskId)}`, {
    headers: { Authorization: `Bearer ${session.current()?.key ?? ''}`, Accept: 'text/event-stream' },
    signal,
    cache: 'no-store',
  });
  if (!response.ok || !response.body) return null;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let last = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return last;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const status = parseFrame(frame);
      if (status) {
        last = status;
        onStatus(status);
        if (TERMINAL.has(status.status)) {
          reader.cancel().catch(() => {});
          return last;
        }
      }
    }
  }
}

/** One server-sent event; comments (keep-alives) and other events give null. @param {string} frame */
function parseFrame(frame) {
  let event = 'message';
  const data = [];
  for (const line of frame.split(/\r?\n/)) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') event = value;
    else if (name === 'data') data.push(value);
  }
  if (event !== 'status' || data.length === 0) return null;
  try {
    return JSON.parse(data.join('\n'));
  } catch {
    return null;
  }
}
