// Chart.js, registered once, with the defaults every LR Lab chart shares: prepared {x, y}
// data (parsing off), no animation, in-place updates, non-finite values clamped to the top
// of the axis and marked "diverged" (never silently dropped), PNG export.
import {
  Chart, LineController, ScatterController, LineElement, PointElement, LinearScale,
  LogarithmicScale, Tooltip, Legend, Filler, Decimation,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { formatNumber } from '../ui/dom.js';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale,
  LogarithmicScale, Tooltip, Legend, Filler, Decimation, annotationPlugin);

export { Chart };

/** Colours of the five diagnosis labels (light and dark schemes read the CSS variables). */
export const LABEL_COLORS = {
  good: '#1d8a45', too_low: '#6b7a99', oscillating: '#d9730d', unstable: '#8e44ad', diverged: '#d12c3d',
};

/** A palette for series that are not labelled. */
export const SERIES_COLORS = ['#2456c9', '#d9730d', '#1d8a45', '#8e44ad', '#d12c3d', '#0f8b8d', '#b8860b', '#c2185b', '#5d4037'];

/** Reads a theme colour (CSS custom property) from an element, with a fallback. */
export function themeColor(el, name, fallback) {
  const value = getComputedStyle(el).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * Points of one curve for a chart: x = index (or xs[i]), y = value. Non-finite values
 * and (on a log axis) values ≤ 0 are clamped to `ceiling` and flagged diverged.
 * @param {ArrayLike<number>} ys
 * @param {{xs?: ArrayLike<number>, ceiling: number, floor?: number}} options
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

/** The largest finite value among curves, for a clamp ceiling. */
export function finiteMax(...curves) {
  let max = -Infinity;
  for (const c of curves) for (let i = 0; i < c.length; ++i) if (Number.isFinite(c[i]) && c[i] > max) max = c[i];
  return max;
}

const baseOptions = () => ({
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  parsing: false,
  normalized: true,
  interaction: { mode: 'nearest', intersect: false },
  elements: { point: { radius: 0, hoverRadius: 4 }, line: { borderWidth: 2, tension: 0 } },
  plugins: { legend: { labels: { boxWidth: 12, usePointStyle: true } }, tooltip: { enabled: true } },
});

function merge(a, b) {
  if (Array.isArray(b) || typeof b !== 'object' || b === null) return b;
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof a?.[k] === 'object') ? merge(a[k], v) : v;
  return out;
}

/**
 * Creates a chart on `canvas` with the shared defaults merged under `config.options`.
 * @param {HTMLCanvasElement} canvas
 * @param {import('chart.js').ChartConfiguration} config
 */
export function createChart(canvas, config) {
  const fg = themeColor(canvas, '--fg', '#172033');
  const grid = themeColor(canvas, '--border', '#d5dbe7');
  Chart.defaults.color = fg;
  Chart.defaults.borderColor = grid;
  Chart.defaults.font.family = themeColor(canvas, '--font', 'system-ui, sans-serif');
  return new Chart(canvas, { ...config, options: merge(baseOptions(), config.options || {}) });
}

/** Redraws a chart in place, without animation. */
export function redraw(chart) {
  chart.update('none');
}

/** A point style that shows clamped (diverged) points as crosses. */
export const divergedPointStyle = {
  pointRadius: (ctx) => (ctx.raw && ctx.raw.diverged ? 6 : 0),
  pointStyle: (ctx) => (ctx.raw && ctx.raw.diverged ? 'crossRot' : 'circle'),
  pointBorderWidth: (ctx) => (ctx.raw && ctx.raw.diverged ? 2 : 1),
};

/**
 * Sets a dataset's points and marks clamped (diverged) ones as crosses with plain values or
 * per-point arrays — cheaper to draw than scriptable options, which Chart.js resolves for
 * every point on every update.
 */
export function setCurve(dataset, points) {
  dataset.data = points;
  if (!points.some((p) => p.diverged)) {
    dataset.pointRadius = 0;
    dataset.pointStyle = 'circle';
    dataset.pointBorderWidth = 1;
    return;
  }
  dataset.pointRadius = points.map((p) => (p.diverged ? 6 : 0));
  dataset.pointStyle = points.map((p) => (p.diverged ? 'crossRot' : 'circle'));
  dataset.pointBorderWidth = points.map((p) => (p.diverged ? 2 : 1));
}

/** Axis ticks on log scales: only the 1-2-5 values (1e-4, 0.002, 5 …), to stay readable. */
export function logTick(value) {
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6) ? formatTick(value) : '';
}

function formatTick(x) {
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential(0).split('e');
  return `${mantissa}e${exponent.replace('+', '')}`;
}

/** The chart as a PNG data URL on the theme's background (transparent PNGs read badly). */
export function chartPng(chart, background = themeColor(chart.canvas, '--bg', '#ffffff')) {
  const source = chart.canvas;
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0);
  return canvas.toDataURL('image/png');
}
