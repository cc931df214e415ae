// Chart data from the engine's curves, DOM-free (tested in Node): points with non-finite or
// off-axis values clamped and flagged "diverged" (a log axis cannot show values ≤ 0 or NaN:
// clamp and mark, never drop), the clamp ceiling, and the tick labels of log axes.
import { formatNumber } from '../ui/format.js';

/**
 * Points of one curve for a chart: x = index (or xs[i]), y = value. Non-finite values
 * and values above `ceiling` are clamped to `ceiling` and flagged diverged; finite values
 * ≤ `floor` (on a log axis, floor = 0) sit at the floor, not flagged.
 * @param {ArrayLike<number>} ys
 * @param {{xs?: ArrayLike<number>, ceiling: number, floor?: number}} options
 * @returns {Array<{x: number, y: number, diverged: boolean, raw: number}>}
 */
export function curvePoints(ys, { xs, ceiling, floor = 0 }) {
  const points = new Array(ys.length);
  for (let i = 0; i < ys.length; ++i) {
    const y = ys[i];
    const bad = !Number.isFinite(y) || y > ceiling || y <= floor;
    points[i] = { x: xs ? xs[i] : i, y: bad ? (y <= floor && Number.isFinite(y) ? Math.max(floor, 1e-300) : ceiling) : y, diverged: bad && !(Number.isFinite(y) && y <= floor), raw: y };
  }
  return points;
}

/** The largest finite value among curves, for a clamp ceiling (−∞ when there is none). */
export function finiteMax(...curves) {
  let max = -Infinity;
  for (const c of curves) for (let i = 0; i < c.length; ++i) if (Number.isFinite(c[i]) && c[i] > max) max = c[i];
  return max;
}

/** The first finite value of a curve (1 when there is none). */
export function firstFinite(curve) {
  for (let i = 0; i < curve.length; ++i) if (Number.isFinite(curve[i])) return curve[i];
  return 1;
}

/** Axis ticks on log scales: only the 1-2-5 values (1e-4, 0.002, 5 …), to stay readable. */
export function logTick(value) {
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6) ? formatTick(value) : '';
}

/** Log-axis ticks at powers of ten only (an α axis spanning many decades). */
export function decadeTick(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-6 ? formatNumber(value) : '';
}

function formatTick(x) {
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential(0).split('e');
  return `${mantissa}e${exponent.replace('+', '')}`;
}
