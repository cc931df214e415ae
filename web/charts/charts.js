// Chart.js, registered once, with the defaults every LR Lab chart shares: prepared {x, y}
// data (parsing off), no animation, in-place updates, the element's theme colours and font
// passed per chart and followed when the colour scheme changes (theme.js; Chart.defaults is
// never touched: a host page may use Chart.js too),
// non-finite values clamped to the top of the axis and marked "diverged" (curves.js), PNG
// export, and a quick redraw of the curves alone while a slider is held (redraw). Loss charts
// and their figures are built by figure.js.
import {
  Chart, LineController, ScatterController, LineElement, PointElement, LinearScale,
  LogarithmicScale, Tooltip, Legend, Filler, Decimation,
} from 'chart.js';
import { drawPoint } from 'chart.js/helpers';
import { curvePoints, clippedCurvePoints, cutAtDivergence, finiteMax, logTick, decadeTick, linearTick } from './curves.js';
import { whenNear } from '../ui/dom.js';
import { gestureActive, afterGesture } from '../state.js';
import { readTheme, themeOptions, followColorScheme, themeOf, labelColor, seriesColor } from './theme.js';

/**
 * Draws a marker at the last drawn point of every dataset that has an `endMarker`
 * ({style, color}): the diagnosis of a run as a shape at the end of its curve (a cross where
 * a diverged run left the axis). The last *drawn* point, so decimated curves keep it right.
 */
const endMarkers = {
  id: 'lrlabEndMarkers',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((dataset, i) => {
      const marker = dataset.endMarker;
      if (!marker || !chart.isDatasetVisible(i)) return;
      const points = chart.getDatasetMeta(i).data;
      const last = points[points.length - 1];
      if (!last || last.skip || !Number.isFinite(last.x) || !Number.isFinite(last.y)) return;
      ctx.save();
      ctx.fillStyle = marker.fill || marker.color;
      ctx.strokeStyle = marker.color;
      ctx.lineWidth = 2;
      drawPoint(ctx, { pointStyle: marker.style, radius: marker.radius || 6, borderWidth: 2, rotation: 0 }, last.x, last.y);
      ctx.restore();
    });
  },
};

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale,
  LogarithmicScale, Tooltip, Legend, Filler, Decimation, endMarkers);
// Linear axes label their ticks without Intl (linearTick): Chart.js's default builds an
// Intl.NumberFormat per number of decimals, ≈ 20 ms for the page's first one on a laptop.
Chart.defaults.scales.linear.ticks.callback = linearTick;

// chartjs-plugin-annotation (the α lines and their labels: 1/λmax, 2/λmax, the pick, the
// range test's rules, the schedules' cursor) is ≈ 13 KB gzipped, and no chart of the first
// screen draws annotations: it is imported when the first chart with annotation options
// comes within a screen of the viewport (a chunk of the page bundle; inlined, and so at
// once, in the single file and the embedding script). Until then those charts draw without
// their lines, which the options already hold; registering the plugin redraws every chart.
// The labs write their lines into chart.config.options.plugins.annotation (the options as
// given): chart.options resolves a plugin's options only once the plugin is registered.
/** The plugin once loaded, else null. */
let annotationPlugin = null;
let annotationsLoading = null;
/** Charts whose line labels stackLineLabels() keeps apart: stacked again once the plugin is in. */
const stacked = new WeakSet();

/** Imports and registers the annotation plugin (once) and redraws the charts with it. */
export function loadAnnotations() {
  annotationsLoading ||= import('chartjs-plugin-annotation').then(({ default: plugin }) => {
    annotationPlugin = plugin;
    Chart.register(plugin);
    for (const chart of Object.values(Chart.instances)) {
      plugin.beforeInit(chart);  // its per-chart state: these charts were created before it was registered
      chart.update('none');
      if (stacked.has(chart)) stackLineLabels(chart);
    }
  });
  return annotationsLoading;
}

/** Loads the annotation plugin when `canvas` nears the viewport (at once without IntersectionObserver). */
function annotateWhenNear(canvas) {
  if (!annotationsLoading) whenNear([canvas], loadAnnotations);
}

export { Chart, curvePoints, clippedCurvePoints, cutAtDivergence, finiteMax, logTick, decadeTick, themeOf, labelColor, seriesColor };

/** Tick options of a log axis: labels at the decades and the 1-3 ladder, none skipped by Chart.js. */
export const logTicks = () => ({ callback: logTick, autoSkip: false, maxRotation: 0 });

/**
 * The marker shape of each diagnosis (Chart.js point styles): a curve's colour says which α
 * it is, its end marker says what the engine diagnosed — so two runs with the same
 * diagnosis stay apart, and the diagnosis does not rest on colour alone.
 */
export const LABEL_MARKERS = {
  good: 'circle', too_low: 'triangle', past_peak: 'rect', oscillating: 'rectRot', unstable: 'star', diverged: 'crossRot',
};

/** The marker of a diagnosis as a text glyph (legends and keys written in HTML). */
export const LABEL_GLYPHS = { good: '●', too_low: '▲', past_peak: '■', oscillating: '◆', unstable: '✱', diverged: '✕' };

/**
 * An ordered palette for one curve per α, from small (blue) to large (red-purple): distinct
 * hues that read on the light and the dark background alike.
 */
const RATE_PALETTE = ['#4a6ee0', '#1f8fd6', '#0f9fa8', '#1c9a5c', '#6a9a1a', '#b08a0a', '#d96a12', '#d9412b', '#c42a6e', '#9b3cc4', '#6b4fd0', '#7f8aa3'];

/**
 * `count` colours, one per α of a sweep, spread over the palette in order; past the
 * palette's length the colours repeat with a dash, so every α still has its own look.
 * @returns {Array<{color: string, dash: number[]}>}
 */
export function rateStyles(count) {
  const n = RATE_PALETTE.length;
  return Array.from({ length: count }, (_, i) => {
    if (count <= n) return { color: RATE_PALETTE[count === 1 ? 0 : Math.round((i * (n - 1)) / (count - 1))], dash: [] };
    return { color: RATE_PALETTE[i % n], dash: i >= n ? [6, 3] : [] };
  });
}

/**
 * Vertical annotation lines whose labels would overlap get stacked: each label goes to the
 * top of the chart ('end' of a line drawn upwards), one row lower than any label it would
 * collide with; a label with nothing to be stacked with keeps (or gets back) its own place.
 * Call after the chart has drawn its annotations (it reads their label boxes) — it redraws
 * when it moved one.
 * @param {import('chart.js').Chart} chart
 */
export function stackLineLabels(chart) {
  stacked.add(chart);
  const annotations = chart.config.options.plugins?.annotation?.annotations;
  if (!annotations || !annotationPlugin) return;
  const elements = annotationPlugin.getAnnotations(chart)
    .filter((el) => el?.options?.label?.display && el.elements?.[0] && Number.isFinite(el.x) && el.x === el.x2 && annotations[el.options.id]);
  const gap = 4;
  const rows = [];  // per row: the right edge of its last label
  let changed = false;
  const place = (label, position, yAdjust) => {
    if (label.homePosition === undefined) { label.homePosition = label.position; label.homeYAdjust = label.yAdjust || 0; }
    if (label.position === position && (label.yAdjust || 0) === yAdjust) return;
    label.position = position;
    label.yAdjust = yAdjust;
    changed = true;
  };
  const placed = new Set();
  if (elements.length >= 2) {
    for (const el of [...elements].sort((a, b) => a.x - b.x)) {
      const box = el.elements[0];
      const left = el.x - box.width / 2;
      let row = rows.findIndex((right) => left > right + gap);
      if (row < 0) { rows.push(0); row = rows.length - 1; }
      rows[row] = el.x + box.width / 2;
      place(annotations[el.options.id].label, 'end', row * (box.height + gap));  // 'end': the top of a vertical line
      placed.add(el.options.id);
    }
  }
  // A label placed by an earlier stacking (keepLineLabels) that has no company now: back home.
  for (const [id, annotation] of Object.entries(annotations)) {
    const label = annotation.label;
    if (!placed.has(id) && label?.homePosition !== undefined) place(label, label.homePosition, label.homeYAdjust);
  }
  if (changed) chart.update('none');
}

/**
 * Carries each line label's place from the chart's current annotations over to `annotations`
 * (same id, same home place), so the chart is first drawn with the labels where
 * stackLineLabels last put them and stackLineLabels redraws only when the stacking changes
 * (a drag moves the lines a little: one update per input instead of two).
 * @param {import('chart.js').Chart} chart
 * @param {Record<string, any>} annotations  the new annotations, before they are set
 * @returns {Record<string, any>} annotations
 */
export function keepLineLabels(chart, annotations) {
  const before = chart.config.options.plugins?.annotation?.annotations || {};
  for (const [id, annotation] of Object.entries(annotations)) {
    const old = before[id]?.label;
    const label = annotation.label;
    if (!label || old?.homePosition === undefined || old.homePosition !== label.position || old.homeYAdjust !== (label.yAdjust || 0)) continue;
    label.homePosition = old.homePosition;
    label.homeYAdjust = old.homeYAdjust;
    label.position = old.position;
    label.yAdjust = old.yAdjust;
  }
  return annotations;
}

/** Reads a theme colour (CSS custom property) from an element, with a fallback. */
export function themeColor(el, name, fallback) {
  const value = getComputedStyle(el).getPropertyValue(name).trim();
  return value || fallback;
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
 * Creates a chart on `canvas`: the shared defaults, then the element's theme, then
 * `config.options` (which win).
 * @param {HTMLCanvasElement} canvas
 * @param {import('chart.js').ChartConfiguration} config
 */
export function createChart(canvas, config) {
  followColorScheme();
  const options = config.options || {};
  const theme = readTheme(canvas);
  const themed = merge(baseOptions(), themeOptions(theme, options.scales));
  if (options.plugins?.annotation) annotateWhenNear(canvas);
  const chart = new Chart(canvas, { ...config, options: merge(themed, options) });
  chart.$lrlabTheme = theme;
  markFirstChart(chart);
  return chart;
}

let firstChartMarked = false;

/**
 * The performance mark 'lrlab:first-chart' when the page's first chart holding data has
 * been drawn (the page benchmark's navigation → first chart, tests/bench/page.mjs).
 */
function markFirstChart(chart) {
  if (firstChartMarked || !chart.data.datasets.some((d) => d.data?.length)) return;
  firstChartMarked = true;
  performance.mark('lrlab:first-chart');
}

/**
 * A labelled line annotation across the chart — vertical at `x` or horizontal at `y` — in
 * `color`, its label's text in the theme's background colour (white on a light page, the
 * dark page's ink in the dark scheme, where the chart colours are light).
 * @param {import('chart.js').Chart} chart
 * @param {{x?: number, y?: number}} at
 */
export function lineAnnotation(chart, { x, y }, text, color, { position = 'center', dash = [6, 4], width = 2, size = 11 } = {}) {
  const where = x !== undefined ? { xMin: x, xMax: x } : { yMin: y, yMax: y };
  return {
    type: 'line', ...where, borderColor: color, borderWidth: width, borderDash: dash,
    label: { display: true, content: text, position, backgroundColor: color, color: themeOf(chart).bg, font: { size } },
  };
}

/**
 * Redraws a chart in place, without animation.
 *
 * While a slider is held (state.js gestureActive), a redraw where only the data moved takes
 * a quick path (quickRedraw): the axes, the layout and every option stay as the last full
 * update left them, and only the curves' points (and the legend's texts) are recomputed and
 * drawn. Chart.js has no partial update: its update() lays out every axis and the legend
 * again and resolves every option, about half of a drag frame's script. The axes hold still
 * while the curves move inside them. A curve that leaves them, curves shrunk to under a
 * quarter of the span they had (SHRINK), a changed option (an axis bound, a colour;
 * annotations may move) or a legend that changes size takes the full update, and
 * when the gesture ends the chart is updated in full once more (the axes fit the curves again).
 */
export function redraw(chart) {
  if (gestureActive()) {
    if (quickRedraw(chart)) {
      markFirstChart(chart);
      return;
    }
    chart.update('none');
    chart.$lrlabFull = { options: optionsKey(chart), extents: dataExtents(chart) };
    chart.$lrlabFullTotal = (chart.$lrlabFullTotal || 0) + 1;  // full updates during gestures (read by the tests)
    if (!chart.$lrlabRefit) {
      chart.$lrlabRefit = true;
      afterGesture(() => refit(chart));
    }
  } else {
    chart.update('none');
  }
  markFirstChart(chart);
}

/**
 * After a gesture: the axis bounds steadyBound held go back to their exact values, and a
 * chart the quick path drew is updated in full (its axes fit the curves again).
 */
function refit(chart) {
  chart.$lrlabRefit = false;
  chart.$lrlabFull = null;
  let stale = chart.$lrlabQuick > 0;
  chart.$lrlabQuick = 0;
  for (const [id, bounds] of Object.entries(chart.$lrlabExact || {})) {
    const scale = chart.config.options.scales?.[id];
    for (const [which, value] of Object.entries(bounds)) {
      if (scale && scale[which] !== value) {
        scale[which] = value;
        stale = true;
      }
    }
  }
  if (chart.canvas && stale) chart.update('none');
}

/**
 * An explicit axis bound that holds still while a slider is held, so that redraw()'s quick
 * path keeps drawing: outside a gesture it is `value`; during one the chart keeps the bound
 * it has while `value` stays inside it and within a factor `slack` of it (the curves move
 * inside a steady axis). When the curves outgrow it, it moves a quarter past them
 * (GROWTH), and to `value` when they would shrink to a corner of it. When the gesture ends
 * the exact value comes back (refit).
 * @param {import('chart.js').Chart} chart
 * @param {string} id  the scale ('y')
 * @param {'min'|'max'} which
 * @param {number|undefined} value  the bound the lab computed (undefined: automatic)
 * @param {number} [slack]
 * @returns {number|undefined} the bound to set
 */
export function steadyBound(chart, id, which, value, slack = 2) {
  ((chart.$lrlabExact ||= {})[id] ||= {})[which] = value;
  const current = chart.config.options.scales?.[id]?.[which];
  if (!gestureActive() || !Number.isFinite(current) || !Number.isFinite(value) || current <= 0 || value <= 0) return value;
  const keep = which === 'max' ? value <= current && value * slack >= current : value >= current && value <= current * slack;
  if (keep) return current;
  // Outgrown: the new bound leaves room for the curves to go on growing in this gesture.
  const outgrown = which === 'max' ? value > current : value < current;
  return outgrown ? (which === 'max' ? value * GROWTH : value / GROWTH) : value;
}

/** How far past the curves a bound outgrown during a gesture is set (steadyBound). */
const GROWTH = 1.25;

/**
 * An automatic bound of a logarithmic axis, held while a slider is held: outside a gesture
 * undefined (Chart.js fits the axis to the curves); during one the axis keeps the bound it
 * has while `extent` (the curves' own lowest or highest value) stays inside it and within a
 * decade of it, and otherwise takes `extent` rounded out to a power of ten. When the gesture
 * ends the axis is automatic again (refit).
 * @param {import('chart.js').Chart} chart
 * @param {string} id  the scale ('x')
 * @param {'min'|'max'} which
 * @param {number} extent  the lowest (min) or highest (max) value the curves reach
 * @returns {number|undefined} the bound to set
 */
export function steadyLogBound(chart, id, which, extent) {
  ((chart.$lrlabExact ||= {})[id] ||= {})[which] = undefined;
  if (!gestureActive() || !(extent > 0) || !Number.isFinite(extent)) return undefined;
  const current = chart.scales[id]?.[which];
  const inside = which === 'min' ? extent >= current : extent <= current;
  if (current > 0 && inside && Math.abs(Math.log10(extent / current)) <= 1) return current;
  return 10 ** (which === 'min' ? Math.floor(Math.log10(extent)) : Math.ceil(Math.log10(extent)));
}

/**
 * Every option of a chart as strings (functions and ids left out): the annotations, and the
 * rest. Equal strings, same options.
 * @returns {{rest: string, annotations: string}|null}
 */
function optionsKey(chart) {
  try {
    // (`id`: the annotation plugin writes each annotation's key into it; a lab that builds its
    // annotations afresh has them without.)
    const replacer = (key, value) => (typeof value === 'function' || key === 'id' ? undefined : value);
    const options = chart.config.options;
    const annotation = options.plugins?.annotation;
    const annotations = JSON.stringify(annotation?.annotations ?? null, replacer);
    if (annotation) {
      const { annotations: _left, ...others } = annotation;
      const rest = JSON.stringify({ ...options, plugins: { ...options.plugins, annotation: others } }, replacer);
      return { rest, annotations };
    }
    return { rest: JSON.stringify(options, replacer), annotations };
  } catch {
    return null;
  }
}

/**
 * True when every annotation that widens the axes to show itself (chartjs-plugin-annotation's
 * adjustScaleRange, on by default) lies within the axes as they stand; false for a value the
 * quick path cannot check (a scriptable one).
 */
function annotationsInside(chart) {
  const annotations = chart.config.options.plugins?.annotation?.annotations || {};
  for (const a of Object.values(annotations)) {
    if (!a || a.display === false || a.adjustScaleRange === false) continue;
    for (const [keys, scaleId] of [[['xMin', 'xMax', 'xValue'], a.xScaleID || 'x'], [['yMin', 'yMax', 'yValue'], a.yScaleID || 'y']]) {
      const scale = chart.scales[scaleId];
      for (const key of keys) {
        const v = a[key];
        if (v === undefined) continue;
        if (typeof v !== 'number' || !scale || !withinAxis(scale, v)) return false;
      }
    }
  }
  return true;
}

/**
 * The quick path of redraw(): the steps of Chart.js's update() that follow the data (the
 * datasets' elements, the plugins that follow them, the legend's texts) without the ones
 * that follow the options and the layout. Returns false, having drawn nothing, when those
 * may have changed since the last full update: then the caller updates in full (which redoes
 * whatever this began).
 * @param {import('chart.js').Chart} chart
 */
function quickRedraw(chart) {
  const full = chart.$lrlabFull;
  if (!full?.options || chart._lastEvent || chart.getActiveElements().length || chart.tooltip?.getActiveElements().length) return false;
  const key = optionsKey(chart);
  if (!key || key.rest !== full.options.rest) return false;
  const annotationsMoved = key.annotations !== full.options.annotations;
  if (annotationsMoved && !annotationsInside(chart)) return false;
  // Datasets added, removed or replaced since: their controllers, as update() makes them.
  chart.buildOrUpdateControllers();
  chart.notifyPlugins('beforeElementsUpdate');
  const count = chart.data.datasets.length;
  let padding = 0;
  for (let i = 0; i < count; i++) {
    const { controller } = chart.getDatasetMeta(i);
    controller.buildOrUpdateElements(false);
    padding = Math.max(+controller.getMaxOverflow(), padding);
  }
  // The layout keeps room for the largest point marker (autoPadding): a new size lays out anew.
  if (chart.options.layout?.autoPadding && padding !== chart._minPadding) return false;
  // Every drawn value inside the axes as they stand, and the curves not shrunk to under a
  // quarter of the span they had at the last full update (else the axes fit them again).
  for (const [id, now] of Object.entries(dataExtents(chart))) {
    const scale = chart.scales[id];
    if (!withinAxis(scale, now.min) || !withinAxis(scale, now.max)) return false;
    const then = full.extents[id];
    if (then && span(now) * SHRINK < span(then)) return false;
  }
  if (annotationsMoved) {
    // The plugins read their options through resolvers that cache what they read: new ones,
    // then the annotation plugin takes the new annotations (its afterUpdate places them).
    // (config.update() makes config.options.scales anew, as update() does: the chart's own
    // resolver follows, so a lab's next `chart.options.scales.y.max = …` lands in the new one.)
    chart.config.update();
    chart._options = chart.config.createResolver(chart.config.chartOptionScopes(), chart.getContext());
    chart._plugins.invalidate();
    chart.notifyPlugins('beforeUpdate', { mode: 'none' });
    full.options = key;
  }
  const legend = chart.legend;
  if (legend?.options?.display) {
    const { width, height } = legend;
    legend.buildLabels();
    legend.fit();
    if (legend.width !== width || legend.height !== height) return false;
  }
  chart._updateDatasets('none');
  chart.notifyPlugins('afterUpdate', { mode: 'none' });
  chart.render();
  chart.$lrlabQuick = (chart.$lrlabQuick || 0) + 1;
  chart.$lrlabQuickTotal = (chart.$lrlabQuickTotal || 0) + 1;  // (read by the tests)
  return true;
}

/**
 * The lowest and highest value drawn on each axis (scale id → {min, max, log}), over the
 * visible datasets; points flagged `offAxis` leave the axis by design (clippedCurvePoints)
 * and are left out. An axis with nothing finite on it is left out.
 */
function dataExtents(chart) {
  const out = {};
  chart.data.datasets.forEach((_dataset, i) => {
    if (!chart.isDatasetVisible(i)) return;
    const meta = chart.getDatasetMeta(i);
    for (const [scale, axis] of [[meta.xScale, 'x'], [meta.yScale, 'y']]) {
      if (!scale) continue;
      const log = scale.type === 'logarithmic';
      const extent = out[scale.id] || { min: Infinity, max: -Infinity, log };
      for (const point of meta._parsed) {
        const v = point?.[axis];
        if (point?.offAxis || !Number.isFinite(v) || (log && v <= 0)) continue;
        if (v < extent.min) extent.min = v;
        if (v > extent.max) extent.max = v;
      }
      if (extent.min <= extent.max) out[scale.id] = extent;
    }
  });
  return out;
}

/**
 * Curves that shrink to under 1/SHRINK of the span they had when their axes were last fitted
 * get their axes fitted again at once, the slider still held (one ×3 step of a slider stays
 * in the held axes; two do not).
 */
const SHRINK = 4;

/** How far an extent reaches: decades on a log axis, units on a linear one. */
function span({ min, max, log }) {
  return log ? Math.log10(max / min) : max - min;
}

/**
 * True when `v` lies within the scale's range, to a billionth of it (a rate computed as
 * 9.999999999999994e-8 sits on an axis that starts at 1e-7).
 */
function withinAxis(scale, v) {
  if (scale.type === 'logarithmic') return v >= scale.min * (1 - 1e-9) && v <= scale.max * (1 + 1e-9);
  const slack = (scale.max - scale.min) * 1e-9;
  return v >= scale.min - slack && v <= scale.max + slack;
}

/**
 * Sets a dataset's points and marks clamped (diverged) ones as crosses (by default radius 6,
 * border 2) with plain values, or per-point arrays
 * when some point diverged. Chart.js resolves a scriptable option for every point on every
 * update; plain values it resolves once per dataset (shared options): a curve with no
 * diverged point costs one resolution instead of one per point.
 * @param {object} dataset
 * @param {Array<{diverged?: boolean}>} points
 * @param {{radius?: number, borderWidth?: number, plainRadius?: number, plainBorderWidth?: number, style?: string}} [look]
 *        the cross's radius and border, the other points' radius (0: not drawn) and border
 *        (the legend's marker shows the first point's); `style`: one point style for every
 *        point (else crosses and circles)
 */
export function setCurve(dataset, points, { radius = 6, borderWidth = 2, plainRadius = 0, plainBorderWidth = 1, style } = {}) {
  dataset.data = points;
  const any = points.some((p) => p.diverged);
  dataset.pointRadius = any ? points.map((p) => (p.diverged ? radius : plainRadius)) : plainRadius;
  dataset.pointStyle = style || (any ? points.map((p) => (p.diverged ? 'crossRot' : 'circle')) : 'circle');
  dataset.pointBorderWidth = any && borderWidth !== plainBorderWidth ? points.map((p) => (p.diverged ? borderWidth : plainBorderWidth)) : plainBorderWidth;
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
