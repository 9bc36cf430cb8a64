// @ts-check
// SPEC §2, the published size contract: ratio presets resolve to these exact pixels, and the billing tier of a resolved
// size is 4K when its long edge is 3840, else 2K above 1536x1024's pixels, else 1K. Prices per tier come from /api/models.

/** @type {Record<string, Record<string, [number, number]>>} */
export const PRESETS = {
  '1:1': { '1K': [1024, 1024], '2K': [2048, 2048], '4K': [2880, 2880] },
  '2:3': { '1K': [832, 1248], '2K': [1664, 2512], '4K': [2352, 3520] },
  '3:2': { '1K': [1248, 832], '2K': [2496, 1664], '4K': [3520, 2352] },
  '3:4': { '1K': [880, 1184], '2K': [1776, 2352], '4K': [2496, 3312] },
  '4:3': { '1K': [1184, 880], '2K': [2352, 1760], '4K': [3312, 2480] },
  '4:5': { '1K': [912, 1136], '2K': [1824, 2288], '4K': [2576, 3216] },
  '5:4': { '1K': [1136, 912], '2K': [2288, 1824], '4K': [3216, 2576] },
  '9:16': { '1K': [768, 1360], '2K': [1536, 2720], '4K': [2160, 3840] },
  '16:9': { '1K': [1360, 768], '2K': [2720, 1536], '4K': [3840, 2160] },
  '21:9': { '1K': [1536, 656], '2K': [3104, 1328], '4K': [3840, 1648] },
};

/**
 * The exact pixels a choice resolves to; null for auto (the upstream picks).
 * @param {{ size: string, resolution: string, width?: number, height?: number }} choice
 * @returns {[number, number] | null}
 */
export function pixels(choice) {
  if (choice.size === 'custom') return choice.width && choice.height ? [choice.width, choice.height] : null;
  return PRESETS[choice.size]?.[choice.resolution] ?? null;
}

/** @param {[number, number] | null} size auto bills as 1K */
export function tier(size) {
  if (!size) return '1K';
  const [w, h] = size;
  if (Math.max(w, h) === 3840) return '4K';
  return w * h > 1536 * 1024 ? '2K' : '1K';
}

/**
 * What is wrong with an explicit size, or null (SPEC §2).
 * @param {number} w @param {number} h
 */
export function checkCustom(w, h) {
  if (!Number.isInteger(w) || !Number.isInteger(h) || w <= 0 || h <= 0) return 'enter a width and a height';
  if (w % 16 || h % 16) return 'both edges must be multiples of 16';
  if (Math.max(w, h) > 3840) return 'the longest edge may be at most 3840';
  if (Math.max(w, h) / Math.min(w, h) > 3) return 'the aspect ratio must be within 1:3 and 3:1';
  if (w * h < 655360 || w * h > 8294400) return 'the size must have 655,360 to 8,294,400 pixels';
  return null;
}
