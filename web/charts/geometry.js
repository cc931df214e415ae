// Plane geometry for charts, DOM-free (tested in Node): bounding boxes, padding, an
// equal-units-per-pixel fit, clamping to a box, and round (1-2-5) tick values.

/** @typedef {{x0: number, x1: number, y0: number, y1: number}} Box */

/** An empty box: growing it by a point makes the box of that point. */
export function emptyBox() {
  return { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
}

/** Grows `box` (in place) to hold (x, y); non-finite points are ignored. Returns the box. */
export function growBox(box, x, y) {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return box;
  box.x0 = Math.min(box.x0, x); box.x1 = Math.max(box.x1, x);
  box.y0 = Math.min(box.y0, y); box.y1 = Math.max(box.y1, y);
  return box;
}

/** The length of a box's diagonal. */
export function boxDiagonal(box) {
  return Math.hypot(box.x1 - box.x0, box.y1 - box.y0);
}

/**
 * The box grown on every side by `fraction` of its width (x) and height (y); a side of
 * zero length counts as 1, so a single point still gets a visible box.
 */
export function padBox(box, fraction) {
  const padX = fraction * (box.x1 - box.x0 || 1);
  const padY = fraction * (box.y1 - box.y0 || 1);
  return { x0: box.x0 - padX, x1: box.x1 + padX, y0: box.y0 - padY, y1: box.y1 + padY };
}

/**
 * The box grown on its short side (symmetrically) so that a width × height pixel area shows
 * both axes with the same units per pixel.
 * @param {Box} box
 * @param {number} width  pixels
 * @param {number} height pixels
 */
export function equalAspect(box, width, height) {
  const perX = (box.x1 - box.x0) / width;
  const perY = (box.y1 - box.y0) / height;
  const fitted = { ...box };
  if (perX > perY) {
    const extra = (perX * height - (box.y1 - box.y0)) / 2;
    fitted.y0 -= extra; fitted.y1 += extra;
  } else {
    const extra = (perY * width - (box.x1 - box.x0)) / 2;
    fitted.x0 -= extra; fitted.x1 += extra;
  }
  return fitted;
}

/** `value` limited to [low, high]; ±∞ and NaN go to the edge of their sign (NaN: low). */
export function clamp(value, low, high) {
  if (!Number.isFinite(value)) return value > 0 ? high : low;
  return Math.min(high, Math.max(low, value));
}

/**
 * Round tick values (steps of 1, 2 or 5 × 10ᵏ) inside [min, max], about `target` of them.
 * Chart.js would label an axis's odd end values and drop round ticks near them.
 * @returns {number[]} ascending; empty when the range is empty or not finite
 */
export function niceTickValues(min, max, target) {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [];
  const rough = span / Math.max(2, target);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const norm = rough / magnitude;
  const step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
  const ticks = [];
  for (let k = Math.ceil(min / step); k * step <= max + 1e-9 * step; ++k) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}
