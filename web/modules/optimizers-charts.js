// The optimizers lab's three charts: how each is configured, and how a part's results are
// drawn into it (the lab's text and tables stay in optimizers.js).
import { formatNumber, labelText } from '../ui/dom.js';
import { createChart, redraw, curvePoints, finiteMax, LABEL_COLORS, SERIES_COLORS, divergedPointStyle, logTick } from '../charts/charts.js';
import { lossChart } from '../charts/figure.js';

const logTicks = { callback: logTick, autoSkip: false, maxRotation: 0 };

/**
 * Each optimizer's line has its own dash and point shape besides its colour: momentum and
 * Nesterov often reach the same losses, and a dashed Nesterov drawn on top (lower `order`
 * draws later) stays visible over a solid momentum line.
 */
const SERIES_LOOKS = [
  { dash: [], point: 'circle', width: 2, order: 6 },            // GD
  { dash: [8, 4], point: 'triangle', width: 2, order: 5 },      // mini-batch SGD
  { dash: [], point: 'rect', width: 2.5, order: 4 },            // momentum
  { dash: [3, 3], point: 'rectRot', width: 3, order: 1 },       // Nesterov, on top
  { dash: [12, 4, 3, 4], point: 'star', width: 2, order: 3 },   // RMSProp
  { dash: [], point: 'rectRounded', width: 2, order: 2 },       // Adam
];

/** Final loss against α, one line per optimizer. */
export function compareChart(canvas) {
  return createChart(canvas, {
    type: 'scatter',
    data: { datasets: [] },
    options: {
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'learning rate α (log scale)' }, ticks: logTicks },
        y: { type: 'logarithmic', title: { display: true, text: 'final loss (log)' }, ticks: logTicks },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: false, boxWidth: 28, boxHeight: 2, sort: (a, b) => a.datasetIndex - b.datasetIndex } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label} · α = ${formatNumber(item.raw.x)}: ${item.raw.diverged ? 'diverged' : `final loss ${formatNumber(item.raw.y, 4)}`} (${labelText(item.raw.label)})`,
          },
        },
      },
    },
  });
}

/**
 * Draws the six sweeps: each optimizer's final losses against α, diverged runs as crosses
 * clamped to 10× the highest finite final loss.
 * @param {string[]} names  the legend name of each sweep
 */
export function drawCompare(chart, sweeps, names) {
  const finals = sweeps.flatMap((s) => s.runs.map((r) => r.final_loss));
  const ceiling = finiteMax(finals) * 10;
  const datasets = chart.data.datasets;
  datasets.length = sweeps.length;
  sweeps.forEach((sweep, i) => {
    const color = SERIES_COLORS[i];
    const look = SERIES_LOOKS[i % SERIES_LOOKS.length];
    const points = sweep.runs.map((r) => {
      const diverged = !Number.isFinite(r.final_loss) || r.final_loss > ceiling;
      return { x: r.learning_rate, y: diverged ? ceiling : r.final_loss, diverged, label: r.diagnosis.label };
    });
    const entry = datasets[i] || (datasets[i] = { data: [], showLine: true, borderWidth: 2 });
    entry.label = names[i];
    entry.data = points;
    entry.borderColor = color;
    entry.backgroundColor = color;
    entry.borderDash = look.dash;
    entry.borderWidth = look.width;
    entry.order = look.order;
    entry.pointRadius = points.map((p) => (p.diverged ? 7 : 4.5));
    entry.pointHoverRadius = 8;
    entry.pointStyle = points.map((p) => (p.diverged ? 'crossRot' : look.point));
    entry.pointBorderWidth = points.map((p) => (p.diverged ? 2.5 : 1.5));
  });
  chart.options.scales.y.max = Number.isFinite(ceiling) ? ceiling * 1.5 : undefined;
  redraw(chart);
}

/**
 * Largest stable α against batch size.
 * @param {{sizes: () => number[], rows: () => number}} lab  the swept sizes and the row count, read when drawn
 */
export function batchChart(canvas, lab) {
  return createChart(canvas, {
    type: 'scatter',
    data: { datasets: [{ label: 'largest stable α', data: [], showLine: true, borderColor: SERIES_COLORS[1], backgroundColor: SERIES_COLORS[1], pointRadius: 6, pointHoverRadius: 8 }] },
    options: {
      scales: {
        x: {
          type: 'logarithmic', title: { display: true, text: 'batch size (log scale)' },
          afterBuildTicks: (axis) => { axis.ticks = lab.sizes().map((value) => ({ value })); },
          ticks: { callback: (value) => (value === lab.rows() ? `all ${value}` : String(value)), autoSkip: false, maxRotation: 0 },
        },
        y: { type: 'logarithmic', title: { display: true, text: 'largest stable α' }, ticks: logTicks },
      },
      plugins: {
        legend: { display: false },
        annotation: { annotations: {} },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? `batch ${items[0].raw.x === lab.rows() ? `all (${lab.rows()} rows)` : items[0].raw.x}` : ''),
            label: (item) => (item.raw.none ? 'no stable α in the grid' : `largest stable α ${formatNumber(item.raw.alpha)}${item.raw.top ? ' (top of the grid: the edge may lie higher)' : ''}`),
          },
        },
      },
    },
  });
}

/**
 * Draws the batch sweeps: one point per size at its largest stable α; "none" sits below the
 * grid as a cross, a sweep stable to the top of its grid is a triangle.
 * @returns {Array<{x: number, y: number, alpha: number|null, none: boolean, top: boolean}>} the points
 */
export function drawBatches(chart, sweeps, sizes, start) {
  const top = sweeps[0]?.runs.at(-1)?.learning_rate ?? start;
  const floor = start / 3;  // "no stable α" sits below the grid, crossed
  const points = sweeps.map((sweep, i) => {
    const none = sweep.recommended === null;
    return { x: sizes[i], y: none ? floor : sweep.recommended, alpha: sweep.recommended, none, top: !none && sweep.recommended === top };
  });
  const set = chart.data.datasets[0];
  set.data = points;
  set.pointStyle = points.map((p) => (p.none ? 'crossRot' : p.top ? 'triangle' : 'circle'));
  set.pointBorderColor = points.map((p) => (p.none ? LABEL_COLORS.diverged : SERIES_COLORS[1]));
  set.pointBackgroundColor = points.map((p) => (p.none ? LABEL_COLORS.diverged : SERIES_COLORS[1]));
  set.pointBorderWidth = points.map((p) => (p.none ? 2.5 : 1));
  const x = chart.options.scales.x;
  x.min = sizes[0] / 1.4;
  x.max = sizes.at(-1) * 1.4;
  const y = chart.options.scales.y;
  y.min = floor / 1.5;
  y.max = top * 3;
  const annotations = { top: hline(top, `top of the grid ${formatNumber(top)}`, '#8894ac', 'start') };
  const curvature = sweeps.at(-1)?.curvature;
  if (curvature && curvature.exact && curvature.divergence_rate < top * 3) {
    annotations.bound = hline(curvature.divergence_rate, `2/λmax = ${formatNumber(curvature.divergence_rate)} (full batch)`, LABEL_COLORS.diverged, 'start');
  }
  chart.options.plugins.annotation.annotations = annotations;
  redraw(chart);
  return points;
}

/**
 * The seed band: lowest and highest loss per step as a filled band, the median as a line.
 * @param {() => number} alpha  the band's α, read when a tooltip shows
 */
export function bandChart(canvas, alpha) {
  return lossChart(canvas, {
    datasets: [
      { label: 'lowest', data: [], borderWidth: 0, pointRadius: 0, borderColor: 'transparent', fill: false },
      { label: 'range over seeds', data: [], borderWidth: 0, pointRadius: 0, borderColor: 'transparent', backgroundColor: 'rgba(36, 86, 201, 0.22)', fill: '-1' },
      { label: 'median', data: [], borderWidth: 2, borderColor: SERIES_COLORS[0], backgroundColor: SERIES_COLORS[0], ...divergedPointStyle },
    ],
    yTitle: 'loss (log)',
    legend: { labels: { filter: (item) => item.datasetIndex !== 0 } },
    title: (items) => (items.length ? `α = ${formatNumber(alpha())} · step ${items[0].raw.x}` : ''),
    label: (item) => `${item.dataset.label === 'range over seeds' ? 'highest' : item.dataset.label}: ${item.raw.diverged ? 'diverged' : formatNumber(item.raw.y, 4)}`,
  });
}

/** Draws a seed band ({low, mid, high} per step) clamped at `ceiling`. */
export function drawBand(chart, band, ceiling, seeds) {
  const [lowSet, highSet, midSet] = chart.data.datasets;
  lowSet.data = curvePoints(band.low, { ceiling });
  highSet.data = curvePoints(band.high, { ceiling });
  midSet.data = curvePoints(band.mid, { ceiling });
  highSet.label = `range over ${seeds} seeds`;
  chart.options.scales.y.max = ceiling;
  redraw(chart);
}

function hline(y, text, color, position) {
  return {
    type: 'line', yMin: y, yMax: y, borderColor: color, borderWidth: 1.5, borderDash: [6, 4],
    label: { display: true, content: text, position, backgroundColor: color, color: '#fff', font: { size: 10 } },
  };
}
