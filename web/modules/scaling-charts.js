// The scaling lab's two charts: the usable-α window per scaling (rows of a log-α axis) and
// the loss contours in (w₁, w₂) with two gradient-descent paths, drawn with equal units per
// pixel on both axes.
import { formatNumber, labelText } from '../ui/dom.js';
import { Chart, createChart, redraw, themeOf, logTick, setCurve } from '../charts/charts.js';
import { withAlpha } from '../charts/color.js';
import { clamp, equalAspect, niceTickValues } from '../charts/geometry.js';
import { goodWindow } from '../labs/scaling.js';

/** The theme's series colour of each path (the lab's legend uses the same tokens). */
export const PATH_SERIES = { a: 0, b: 1 };
/** Row of each scaling in the window chart: the first in `order` on top. */
const rowOf = (order, scaling) => order.length - 1 - order.indexOf(scaling);

/**
 * @param {Record<string, string>} names  short name of each scaling (row labels, tooltips)
 * @param {string[]} order  the scalings, top row first
 */
export function windowChart(canvas, names, order) {
  return createChart(canvas, {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      normalized: false,  // rows, not one curve sorted by x
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'learning rate α (log scale)' }, ticks: { callback: logTick, autoSkip: false, maxRotation: 0 } },
        y: {
          type: 'linear', min: -0.6, max: order.length - 0.4, reverse: false,
          afterBuildTicks: (axis) => { axis.ticks = order.map((_, k) => ({ value: k })); },
          ticks: { callback: (value) => { const key = order[order.length - 1 - value]; return key ? names[key] : ''; } },
          grid: { display: false },
        },
      },
      plugins: {
        legend: {
          position: 'bottom',
          labels: {
            // The window bar is an 18-px line: draw its legend swatch at a normal size.
            generateLabels: (chart) => Chart.defaults.plugins.legend.labels.generateLabels(chart)
              .map((item) => (item.datasetIndex === 0 ? { ...item, lineWidth: 1, pointStyle: 'rectRounded' } : item)),
          },
        },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? names[items[0].raw.scaling] : ''),
            label: (item) => item.raw.text,
          },
        },
      },
    },
  });
}

/**
 * Draws one row per scaling: the usable window as a bar, every swept α coloured by its
 * label, and 2/λmax as a tick.
 * @param {string[]} scalings  in display order
 */
export function drawWindows(chart, compare, scalings) {
  const bars = [];
  const points = [];
  const bounds = [];
  let lowest = Infinity;
  let highest = 0;
  for (const scaling of scalings) {
    const y = rowOf(scalings, scaling);
    const sweep = compare[scaling].sweep;
    const report = compare[scaling].curvature.report;
    const window = goodWindow(sweep);
    for (const run of sweep.runs) {
      lowest = Math.min(lowest, run.learning_rate);
      highest = Math.max(highest, run.learning_rate);
      points.push({
        x: run.learning_rate, y, scaling, label: run.diagnosis.label,
        text: `α = ${formatNumber(run.learning_rate)}: ${labelText(run.diagnosis.label)}`,
      });
    }
    if (window) {
      const text = `usable window ${formatNumber(window.low)} – ${formatNumber(window.high)}`;
      bars.push({ x: window.low, y, scaling, text }, { x: window.high, y, scaling, text }, { x: NaN, y: NaN });
    }
    if (Number.isFinite(report.divergence_rate) && report.divergence_rate > 0) {
      highest = Math.max(highest, report.divergence_rate);
      lowest = Math.min(lowest, report.divergence_rate);
      bounds.push({ x: report.divergence_rate, y, scaling, text: `2/λmax = ${formatNumber(report.divergence_rate)}` });
    }
  }
  const theme = themeOf(chart);
  const windowColor = withAlpha(theme.label.good, 0.28);
  const sets = chart.data.datasets;
  sets[0] = Object.assign(sets[0] || {}, {
    label: 'usable window', data: bars, showLine: true, spanGaps: false, borderColor: windowColor,
    backgroundColor: windowColor, borderWidth: 18, borderCapStyle: 'round', pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 10,
  });
  sets[1] = Object.assign(sets[1] || {}, {
    label: 'sweep α (colour = diagnosis)', data: points, showLine: false, pointRadius: 6, pointHoverRadius: 8,
    pointStyle: (ctx) => (ctx.raw?.label === 'diverged' ? 'crossRot' : 'circle'),
    pointBorderWidth: (ctx) => (ctx.raw?.label === 'diverged' ? 2.5 : 1),
    pointBackgroundColor: (ctx) => themeOf(ctx.chart).label[ctx.raw?.label] || themeOf(ctx.chart).neutral,
    pointBorderColor: (ctx) => themeOf(ctx.chart).label[ctx.raw?.label] || themeOf(ctx.chart).neutral,
    backgroundColor: theme.label.good, borderColor: theme.label.good,
  });
  sets[2] = Object.assign(sets[2] || {}, {
    label: '2/λmax', data: bounds, showLine: false, pointStyle: 'line', rotation: 90, pointRadius: 16, pointHoverRadius: 18,
    pointBorderWidth: 3, pointHoverBorderWidth: 4, borderColor: theme.label.diverged, backgroundColor: theme.label.diverged,
  });
  chart.options.scales.x.min = lowest / 2;
  chart.options.scales.x.max = highest * 2;
  redraw(chart);
}

/** Round ticks inside a fitted axis: about one per 90 px across, one per 50 px up. */
function niceTicks(axis) {
  const pixels = axis.isHorizontal() ? axis.width : axis.height;
  const values = niceTickValues(axis.min, axis.max, Math.floor((pixels || 300) / (axis.isHorizontal() ? 90 : 50)));
  if (values.length) axis.ticks = values.map((value) => ({ value }));
}

/** @param {() => void} onResize  called (next frame) when the chart changes size */
export function contourChart(canvas, onResize) {
  return createChart(canvas, {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      normalized: false,  // ellipses and paths are not sorted by x
      interaction: { mode: 'nearest', intersect: false },
      onResize: () => requestAnimationFrame(onResize),
      scales: {
        x: { type: 'linear', title: { display: true, text: 'w₁' }, afterBuildTicks: niceTicks, ticks: { callback: (v) => formatNumber(v) } },
        y: { type: 'linear', title: { display: true, text: 'w₂' }, afterBuildTicks: niceTicks, ticks: { callback: (v) => formatNumber(v) } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { filter: (item, data) => !data.datasets[item.datasetIndex].hideInLegend } },
        tooltip: { callbacks: { label: (item) => item.raw.text } },
      },
    },
  });
}

/** A path's steps as dots, the points clamped at the edge of the plot as crosses (setCurve). */
const PATH_LOOK = { radius: 6, borderWidth: 2.5, plainRadius: 2.5, plainBorderWidth: 1 };

/**
 * The contour picture's datasets: the ellipses (darker inwards), both paths clamped to
 * `box` with the clamped points crossed, and the optimum as a star.
 * @param {Record<'a'|'b', any>} paths  the runs; rows: their pathRows()
 * @param {ReturnType<typeof themeOf>} theme  the chart's colours
 */
export function contourDatasets(contours, paths, rows, box, theme) {
  const datasets = [];
  const contourColor = theme.neutral;
  contours.ellipses.forEach((ellipse, k) => {
    const text = `contour J = ${formatNumber(ellipse.level, 4)}`;
    datasets.push({
      label: 'loss contours (b at its best value)', hideInLegend: k > 0,
      data: Array.from(ellipse.w1, (x, i) => ({ x, y: ellipse.w2[i], text })),
      showLine: true, borderColor: withAlpha(contourColor, 0.45 + 0.5 * (k / Math.max(1, contours.ellipses.length - 1))),
      backgroundColor: contourColor, borderWidth: 1.25, pointRadius: 0, pointHoverRadius: 0, pointHitRadius: 0,
    });
  });
  for (const id of ['a', 'b']) {
    const run = paths[id];
    const color = theme.series[PATH_SERIES[id]];
    const points = rows[id].map((p) => {
      const x = clamp(p.w1, box.x0, box.x1);
      const y = clamp(p.w2, box.y0, box.y1);
      const clamped = x !== p.w1 || y !== p.w2;
      const where = clamped ? 'off the plot (diverging)' : `w₁ = ${formatNumber(p.w1)}, w₂ = ${formatNumber(p.w2)}`;
      return { x, y, diverged: clamped, text: `Path ${id.toUpperCase()} · α = ${formatNumber(run.learning_rate)} · step ${p.step}: ${where}, loss ${formatNumber(p.loss, 4)}` };
    });
    const path = {
      label: `path ${id.toUpperCase()} · α = ${formatNumber(run.learning_rate)}`,
      showLine: true, borderColor: color, backgroundColor: color, borderWidth: 2,
      clip: 10,  // let the crosses of points clamped at the edge show in full
      pointHoverRadius: 5,
    };
    setCurve(path, points, PATH_LOOK);
    datasets.push(path);
  }
  datasets.push({
    label: 'optimum', data: [{ x: contours.optimum[0], y: contours.optimum[1], text: `optimum: w₁ = ${formatNumber(contours.optimum[0])}, w₂ = ${formatNumber(contours.optimum[1])}, J = ${formatNumber(contours.optimal_loss, 4)}` }],
    pointStyle: 'star', pointRadius: 9, pointHoverRadius: 11, pointBorderWidth: 2, borderColor: theme.series[2], backgroundColor: theme.series[2],
  });
  return datasets;
}

/**
 * Sets equal units per pixel on both axes, growing the shorter side of `box`. Uses the chart
 * area of the last layout (one update); lays out again only if that area changed.
 */
export function fitEqualAspect(chart, box) {
  for (let pass = 0; pass < 3; ++pass) {
    const area = chart.chartArea;
    const known = area && area.right > area.left && area.bottom > area.top;
    const fitted = known ? equalAspect(box, area.right - area.left, area.bottom - area.top) : box;
    const scales = chart.options.scales;  // rebuilt by every update: read it afresh
    scales.x.min = fitted.x0; scales.x.max = fitted.x1; scales.y.min = fitted.y0; scales.y.max = fitted.y1;
    redraw(chart);
    const after = chart.chartArea;
    if (known && after && Math.abs(after.right - after.left - (area.right - area.left)) < 1 && Math.abs(after.bottom - after.top - (area.bottom - area.top)) < 1) return;
  }
}
