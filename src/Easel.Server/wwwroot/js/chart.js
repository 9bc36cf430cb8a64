// @ts-check
// A stacked bar chart drawn as inline SVG, sized by its container; no chart library.

const NS = 'http://www.w3.org/2000/svg';

/** @param {string} tag @param {Record<string, string | number>} attrs @param {string} [text] */
function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * @param {{ label: string, short: string, parts: { value: number, cls: string, name: string }[] }[]} points
 * @param {string} summary what the chart shows, for people who cannot see it
 * @param {string} unit
 * @param {number} width the pixels it will have on screen, so its text keeps its size
 */
export function barChart(points, summary, unit, width = 720) {
  const W = Math.max(280, Math.round(width)), H = 200, left = 40, bottom = 26, top = 10;
  const max = niceCeiling(Math.max(1, ...points.map(p => p.parts.reduce((s, x) => s + x.value, 0))));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': summary });
  const plotH = H - top - bottom;
  const step = (W - left - 8) / Math.max(1, points.length);
  const bar = Math.max(2, step * 0.7);
  for (const f of [0, 0.5, 1]) {
    const y = top + plotH * (1 - f);
    chart.append(svg('line', { x1: left, x2: W - 4, y1: y, y2: y, class: 'axis' }));
    chart.append(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, (max * f).toLocaleString()));
  }
  const every = Math.ceil(points.length / 8);
  points.forEach((p, i) => {
    const x = left + i * step + (step - bar) / 2;
    let y = top + plotH;
    for (const part of p.parts) {
      if (part.value <= 0) continue;
      const height = (part.value / max) * plotH;
      y -= height;
      const rect = svg('rect', { x, y, width: bar, height, rx: 2, class: `bar ${part.cls}` });
      rect.append(svg('title', {}, `${p.label}: ${part.value} ${part.name}`));
      chart.append(rect);
    }
    if (i % every === 0) chart.append(svg('text', { x: x + bar / 2, y: H - 8, 'text-anchor': 'middle' }, p.short));
  });
  chart.dataset.unit = unit;
  return chart;
}

/** The axis top: 2, 4 or 10 times a power of ten, so that its half is a whole number too. @param {number} value */
function niceCeiling(value) {
  for (let power = 1; ; power *= 10) {
    for (const step of [2, 4, 10]) if (value <= step * power) return step * power;
  }
}
