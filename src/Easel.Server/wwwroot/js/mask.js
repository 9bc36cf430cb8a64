// @ts-check
// Paints a mask over the first image of an edit. The paint is kept at the image's own pixel size, and exported as the
// PNG Easel expects: opaque where the image stays, transparent where it may change. Works with a pointer, or with the
// keyboard (arrow keys move the brush, Space paints).
import { h, segmented } from './ui.js';

export function maskPainter() {
  const img = /** @type {HTMLImageElement} */ (h('img', { alt: 'The image to edit' }));
  const canvas = /** @type {HTMLCanvasElement} */ (h('canvas', {
    tabindex: 0, id: 'mask-canvas',
    'aria-label': 'Mask. Paint where the image should change. Keyboard: arrow keys move the brush, Space paints, Shift+arrows paint while moving.',
  }));
  const cursor = h('div', { class: 'brush', 'aria-hidden': 'true' });
  const frame = h('div', { class: 'painter' }, img, canvas, cursor);
  const size = /** @type {HTMLInputElement} */ (h('input', { type: 'range', id: 'brush-size', min: 4, max: 200, value: 48 }));
  const tools = segmented('Tool', 'mask-tool', ['paint', 'erase'], 'paint', v => (v === 'paint' ? 'Paint' : 'Erase'));
  const status = h('span', { class: 'small muted', 'aria-live': 'polite' }, 'Nothing painted: the whole image may change.');
  let painted = false;
  let drawing = false;
  let at = { x: 0, y: 0 };
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));

  const erasing = () => /** @type {HTMLInputElement | null} */ (tools.querySelector('input:checked'))?.value === 'erase';
  const scale = () => canvas.width / Math.max(1, canvas.getBoundingClientRect().width);
  const brush = () => Number(size.value) * scale();
  const mark = () => {
    painted = true;
    status.textContent = 'Painted areas will change; the rest stays.';
    frame.dataset.painted = 'true';
  };

  /** @param {number} x @param {number} y @param {boolean} join */
  const dab = (x, y, join) => {
    ctx.globalCompositeOperation = erasing() ? 'destination-out' : 'source-over';
    ctx.strokeStyle = ctx.fillStyle = '#ec4899';
    ctx.lineWidth = brush();
    ctx.lineCap = ctx.lineJoin = 'round';
    if (join) {
      ctx.beginPath();
      ctx.moveTo(at.x, at.y);
      ctx.lineTo(x, y);
      ctx.stroke();
    } else {
      ctx.beginPath();
      ctx.arc(x, y, brush() / 2, 0, Math.PI * 2);
      ctx.fill();
    }
    at = { x, y };
    if (!erasing()) mark();
  };

  /** @param {PointerEvent} e */
  const point = e => {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * scale(), y: (e.clientY - r.top) * scale() };
  };
  canvas.addEventListener('pointerdown', e => {
    drawing = true;
    canvas.setPointerCapture(e.pointerId);
    const p = point(e);
    dab(p.x, p.y, false);
  });
  canvas.addEventListener('pointermove', e => {
    const p = point(e);
    placeCursor(p);
    if (drawing) dab(p.x, p.y, true);
  });
  const stop = () => { drawing = false; };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);
  canvas.addEventListener('pointerleave', () => { cursor.style.display = 'none'; });

  /** @param {{ x: number, y: number }} p */
  const placeCursor = p => {
    const s = scale();
    const d = Number(size.value);
    Object.assign(cursor.style, { display: 'block', width: `${d}px`, height: `${d}px`, left: `${p.x / s - d / 2}px`, top: `${p.y / s - d / 2}px` });
  };
  canvas.addEventListener('focus', () => { if (!at.x && !at.y) at = { x: canvas.width / 2, y: canvas.height / 2 }; placeCursor(at); });
  canvas.addEventListener('blur', () => { cursor.style.display = 'none'; });
  canvas.addEventListener('keydown', e => {
    const step = brush() / 2;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (e.key in moves) {
      e.preventDefault();
      const [dx, dy] = moves[e.key];
      const next = { x: Math.min(canvas.width, Math.max(0, at.x + dx)), y: Math.min(canvas.height, Math.max(0, at.y + dy)) };
      if (e.shiftKey) dab(next.x, next.y, true);
      else at = next;
      placeCursor(at);
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      dab(at.x, at.y, false);
    }
  });

  const clear = () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    painted = false;
    delete frame.dataset.painted;
    status.textContent = 'Nothing painted: the whole image may change.';
  };
  const fill = () => {
    ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = '#ec4899';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    mark();
  };

  const element = h('div', { class: 'stack' },
    frame,
    h('div', { class: 'row' },
      tools,
      h('label', { for: 'brush-size', class: 'small' }, 'Brush'), size,
      h('button', { type: 'button', class: 'btn small', onclick: fill }, 'Whole image'),
      h('button', { type: 'button', class: 'btn small', onclick: clear }, 'Clear')),
    status);

  return {
    element,
    /** @param {string} url an object URL of the first image @param {number} width @param {number} height */
    setImage(url, width, height) {
      img.src = url;
      canvas.width = width;
      canvas.height = height;
      at = { x: width / 2, y: height / 2 };
      clear();
    },
    painted: () => painted,
    /** The mask PNG, or null when nothing is painted. @returns {Promise<Blob | null>} */
    toBlob() {
      if (!painted) return Promise.resolve(null);
      const out = /** @type {HTMLCanvasElement} */ (h('canvas', { width: canvas.width, height: canvas.height }));
      const o = /** @type {CanvasRenderingContext2D} */ (out.getContext('2d'));
      o.fillStyle = '#000';
      o.fillRect(0, 0, out.width, out.height);
      o.globalCompositeOperation = 'destination-out';
      o.drawImage(canvas, 0, 0);
      return new Promise(resolve => out.toBlob(b => resolve(b), 'image/png'));
    },
  };
}
