// Chart data from the engine's curves, DOM-free (tested in Node): points with non-finite or
// off-axis values clamped and flagged "diverged" (a log axis cannot show values ≤ 0 or NaN:
// clamp and mark, never drop), the clamp ceiling, and the tick labels of log axes.
import { formatNumber, fixedGrouped } from '../ui/format.js';

/**
 * The points of a curve up to where it left the axis: everything after the first clamped
 * (diverged) point is dropped, so a blown-up run is drawn rising to the top edge and ending
 * there (its end marker says "diverged") rather than as a bar along the top.
 */
export function cutAtDivergence(points) {
  const first = points.findIndex((p) => p.diverged);
  return first < 0 ? points : points.slice(0, first + 1);
}

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

/**
 * Points of one run's loss curve on an axis that ends at `ceiling`, for a curve that may leave
 * the axis and come back (a constant α that overshoots, then settles): finite values above the
 * ceiling keep their value, flagged `offAxis`, so the chart draws the line out through the top
 * edge and back in, clipped there (the y axis's max must be the ceiling). Only where the run
 * truly diverged — a non-finite value, or the last point of a run the engine ended as diverged —
 * is the point clamped to the ceiling and flagged `diverged` (drawn as a cross); nothing
 * after it is drawn.
 * @param {ArrayLike<number>} ys
 * @param {{xs?: ArrayLike<number>, ceiling: number, floor?: number, diverged?: boolean}} options
 * @returns {Array<{x: number, y: number, diverged: boolean, offAxis: boolean, raw: number}>}
 */
export function clippedCurvePoints(ys, { xs, ceiling, floor = 0, diverged = false }) {
  const points = curvePoints(ys, { xs, ceiling, floor }).map((p) => {
    const above = Number.isFinite(p.raw) && p.raw > ceiling;
    return above ? { ...p, y: p.raw, diverged: false, offAxis: true } : { ...p, offAxis: false };
  });
  const cut = cutAtDivergence(points);
  const last = cut[cut.length - 1];
  if (diverged && last && !last.diverged) cut[cut.length - 1] = { ...last, y: Math.min(last.y, ceiling), diverged: true, offAxis: false };
  return cut;
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

/**
 * Axis ticks on log scales, for Chart.js's `ticks.callback(value, index, ticks)`: the
 * decades and the 1-3 ladder points a sweep uses (1e-4, 3e-4, 0.001, 0.003 …). When the
 * axis spans too little for that to give two labels (a loss between 0.38 and 0.72), every
 * tick the axis has is labelled instead, so a sub-1 range is never unlabelled; when it spans
 * so many decades that the 3s would crowd, only the decades are.
 */
export function logTick(value, index, ticks) {
  const rungs = Array.isArray(ticks) ? ticks.filter((t) => isLadderValue(t.value)).length : 0;
  if (Array.isArray(ticks) && rungs < 2) return narrowLabels(ticks).has(index) ? formatTick(value, 2) : '';
  // Two or three rungs (a loss from 0.45 to 7): the 2s and 5s too, so values below 1 get labels.
  if (Array.isArray(ticks) && rungs < 4) return isLadderValue(value) || [2, 5].includes(mantissaOf(value)) ? formatTick(value) : '';
  // Past MAX_LADDER_LABELS rungs the 3s would crowd into each other: the decades only.
  if (rungs > MAX_LADDER_LABELS) return isDecade(value) ? formatTick(value) : '';
  return isLadderValue(value) ? formatTick(value) : '';
}

/** The most labels of a narrow log axis (less than the ladder's spacing). */
export const MAX_NARROW_LABELS = 6;

/** @type {WeakMap<object[], Set<number>>} */
const narrowCache = new WeakMap();

/**
 * The ticks a narrow log axis labels: round values (one significant digit) when it has two or
 * more, taken 1 and 3 first, then 5, 2 and the rest, each kept only if it lies at least
 * 1/MAX_NARROW_LABELS of the axis's span (in log units, so in pixels) from every label kept:
 * labels spread over the axis and never crowd, however its ticks bunch.
 * @param {{value: number}[]} ticks
 * @returns {Set<number>} their indices
 */
function narrowLabels(ticks) {
  let kept = narrowCache.get(ticks);
  if (kept) return kept;
  const all = ticks.map((t, index) => ({ index, log: Math.log10(t.value), mantissa: mantissaOf(t.value) }))
    .filter((t) => Number.isFinite(t.log));
  const round = all.filter((t) => Number.isInteger(t.mantissa));
  const candidates = round.length >= 2 ? round : all;
  const rank = (m) => ({ 1: 0, 3: 0, 5: 1, 2: 2 }[m] ?? 3);
  candidates.sort((a, b) => rank(a.mantissa) - rank(b.mantissa) || a.index - b.index);
  const span = all.length ? all.at(-1).log - all[0].log : 0;
  const gap = span / MAX_NARROW_LABELS;
  kept = new Set();
  const logs = [];
  for (const t of candidates) {
    if (logs.every((l) => Math.abs(t.log - l) >= gap * (1 - 1e-9))) {
      kept.add(t.index);
      logs.push(t.log);
    }
  }
  narrowCache.set(ticks, kept);
  return kept;
}

/** The most 1-3 ladder labels an axis shows; a wider axis labels its decades only. */
export const MAX_LADDER_LABELS = 10;

function isDecade(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-6;
}

/** 1, 3, 10, 30 … × a power of ten (the ×3 ladder); and the decades. */
export function isLadderValue(value) {
  return value > 0 && [1, 3, 10].includes(mantissaOf(value));
}

/** The leading digit of a tick value (1 … 9), or NaN when it is not a whole one. */
function mantissaOf(value) {
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  const rounded = Math.round(mantissa);
  return Math.abs(mantissa - rounded) < 1e-6 ? rounded : NaN;
}

/**
 * Linear-axis ticks, for Chart.js's `ticks.callback(value, index, ticks)` (the default of
 * every linear axis, web/charts/charts.js): every label of an axis with the decimals its tick
 * step needs to be written exactly (0, 50, 100; 0.25, 0.50, 0.75), thousands grouped (1,500),
 * exponent form (2e-5) for an axis whose largest tick is below 1e-4 or above 1e15. Chart.js's
 * default builds an Intl.NumberFormat for each new number of decimals, and rounds a step of
 * 0.25 to one decimal (0.3, 0.5, 0.8).
 */
export function linearTick(value, index, ticks) {
  if (value === 0) return '0';
  if (!Array.isArray(ticks) || ticks.length < 2) return formatNumber(value);
  const largest = Math.max(Math.abs(ticks[0].value), Math.abs(ticks[ticks.length - 1].value));
  if (largest < 1e-4 || largest > 1e15) return formatNumber(value);
  const step = Math.abs(ticks.length > 3 ? ticks[2].value - ticks[1].value : ticks[1].value - ticks[0].value);
  return fixedGrouped(value, decimalsOf(step));
}

/** The decimals needed to write x exactly (to 12 significant digits; at most 20). */
function decimalsOf(x) {
  if (!Number.isFinite(x) || x === 0) return 0;
  const [mantissa, exponent] = x.toExponential(11).split('e');
  const digits = mantissa.replace('.', '').replace(/0+$/, '').length;  // significant digits
  return Math.max(0, Math.min(20, digits - 1 - Number(exponent)));
}

/**
 * Keeps only the ticks that have a label, for Chart.js's `afterTickToLabelConversion(scale)`
 * (every LR Lab axis, theme.js): a log axis makes a tick at every 1…9 × 10^k and logTick
 * labels a few; each tick costs a grid line and a resolution of its font and grid options on
 * every update (a slider drag's frame), and an unlabelled grid line carries no value a
 * reader can read. Labels are Chart.js's: a string, or an array of lines.
 * @param {{ticks: Array<{label: string | string[]}>}} scale
 */
export function dropUnlabelledTicks(scale) {
  const labelled = (label) => (Array.isArray(label) ? label.some((line) => line !== '') : label !== '' && label !== undefined && label !== null);
  if (scale.ticks.every((tick) => labelled(tick.label))) return;
  scale.ticks = scale.ticks.filter((tick) => labelled(tick.label));
}

/** Log-axis ticks at powers of ten only (an α axis spanning many decades). */
export function decadeTick(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-6 ? formatNumber(value) : '';
}

function formatTick(x, digits = 1) {
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(Math.max(digits, 3))));
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  return `${mantissa}e${exponent.replace('+', '')}`;
}
