// The optimizers lab's three charts: how each is configured, and how a part's results are
// drawn into it (the lab's text and tables stay in optimizers.js).
import { formatNumber, labelText } from '../ui/dom.js';
import { createChart, redraw, curvePoints, finiteMax, themeOf, lineAnnotation, setCurve, logTick, steadyBound, steadyLogBound } from '../charts/charts.js';
import { withAlpha } from '../charts/color.js';
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
    const color = themeOf(chart).series[i];
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
  chart.options.scales.y.max = steadyBound(chart, 'y', 'max', Number.isFinite(ceiling) ? ceiling * 1.5 : undefined);
  // While the start slider is held the α axis and the loss axis's floor hold still (the
  // grid slides inside them); automatic again on release.
  const alphas = sweeps.flatMap((s) => s.runs.map((r) => r.learning_rate));
  chart.options.scales.x.min = steadyLogBound(chart, 'x', 'min', Math.min(...alphas));
  chart.options.scales.x.max = steadyLogBound(chart, 'x', 'max', Math.max(...alphas));
  chart.options.scales.y.min = steadyLogBound(chart, 'y', 'min', Math.min(...finals.filter((f) => f > 0 && Number.isFinite(f))));
  redraw(chart);
}

/**
 * Batch size against the pick (the largest α whose noise costs no real loss) and the edge
 * (the smallest α at which some batch order blew up).
 * @param {{sizes: () => number[], rows: () => number}} lab  the swept sizes and the row count, read when drawn
 */
export function batchChart(canvas, lab) {
  const theme = themeOf(canvas);
  return createChart(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'pick: largest α without a noise cost', data: [], showLine: true, borderColor: theme.series[1], backgroundColor: theme.series[1], pointRadius: 6, pointHoverRadius: 8 },
        { label: 'edge: first α where a batch order blew up', data: [], showLine: true, borderDash: [6, 4], borderColor: theme.label.diverged, backgroundColor: theme.label.diverged, pointStyle: 'crossRot', pointRadius: 7, pointBorderWidth: 2.5 },
      ],
    },
    options: {
      scales: {
        x: {
          type: 'logarithmic', title: { display: true, text: 'batch size (log scale)' },
          afterBuildTicks: (axis) => { axis.ticks = lab.sizes().map((value) => ({ value })); },
          ticks: { callback: (value) => (value === lab.rows() ? `all ${value}` : String(value)), autoSkip: false, maxRotation: 0 },
        },
        y: { type: 'logarithmic', title: { display: true, text: 'α (log scale)' }, ticks: logTicks },
      },
      plugins: {
        legend: { display: true, labels: { usePointStyle: true } },
        annotation: { annotations: {} },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? `batch ${items[0].raw.x === lab.rows() ? `all (${lab.rows()} rows)` : items[0].raw.x}` : ''),
            label: (item) => (item.datasetIndex === 0
              ? (item.raw.none ? 'no α without a noise cost in the grid' : `pick ${formatNumber(item.raw.alpha)}`)
              : (item.raw.none ? 'no batch order blew up in the grid: the edge lies higher' : `edge ${formatNumber(item.raw.alpha)}`)),
          },
        },
      },
    },
  });
}

/**
 * Draws the batch sweeps from batchSummary's points: the pick per size (a cross below the grid
 * when none) and the edge (a triangle above the grid when no order blew up).
 */
export function drawBatches(chart, summary, sizes, start) {
  const top = Math.max(...summary.points.map((p) => p.top ?? start));
  const floor = start / 3, ceiling = top * 3;
  const picks = summary.points.map((p) => ({ x: p.x, y: p.pick ?? floor, alpha: p.pick, none: p.pick === null }));
  const edges = summary.points.map((p) => ({ x: p.x, y: p.edge ?? ceiling / 1.5, alpha: p.edge, none: p.edge === null }));
  const [pickSet, edgeSet] = chart.data.datasets;
  pickSet.data = picks;
  pickSet.pointStyle = picks.map((p) => (p.none ? 'crossRot' : 'circle'));
  edgeSet.data = edges;
  edgeSet.pointStyle = edges.map((p) => (p.none ? 'triangle' : 'crossRot'));
  const x = chart.options.scales.x;
  x.min = sizes[0] / 1.4;
  x.max = sizes.at(-1) * 1.4;
  const y = chart.options.scales.y;
  y.min = floor / 1.5;
  y.max = ceiling;
  chart.config.options.plugins.annotation.annotations = {};
  redraw(chart);
  return picks;
}

/**
 * The seed band: lowest and highest loss per step as a filled band, the median as a line.
 * @param {() => number} alpha  the band's α, read when a tooltip shows
 */
export function bandChart(canvas, alpha) {
  const theme = themeOf(canvas);
  return lossChart(canvas, {
    datasets: [
      { label: 'lowest', data: [], borderWidth: 0, pointRadius: 0, borderColor: 'transparent', fill: false },
      { label: 'range over seeds', data: [], borderWidth: 0, pointRadius: 0, borderColor: 'transparent', backgroundColor: withAlpha(theme.series[0], 0.22), fill: '-1' },
      { label: 'median', data: [], borderWidth: 2, borderColor: theme.series[0], backgroundColor: theme.series[0] },
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
  setCurve(midSet, curvePoints(band.mid, { ceiling }));
  highSet.label = `range over ${seeds} seeds`;
  chart.options.scales.y.max = ceiling;
  redraw(chart);
}

const RULE_NAMES = { constant: 'keep α', linear: 'α × B (linear)', sqrt: 'α × √B (square root)' };

/**
 * The batch-size rules: final full-data loss (median over batch orders) against batch size,
 * one line per rule, at the same number of epochs; batch 1's loss as a dashed reference.
 * @param {{sizes: () => number[], rows: () => number}} lab
 */
export function rulesChart(canvas, lab) {
  const theme = themeOf(canvas);
  return createChart(canvas, {
    type: 'scatter',
    data: {
      datasets: Object.keys(RULE_NAMES).map((rule, i) => ({
        label: RULE_NAMES[rule], data: [], showLine: true, borderColor: theme.series[i], backgroundColor: theme.series[i],
        borderDash: [[], [6, 3], [2, 3]][i], pointRadius: 5, pointHoverRadius: 7,
      })),
    },
    options: {
      scales: {
        x: {
          type: 'logarithmic', title: { display: true, text: 'batch size B (log scale)' },
          afterBuildTicks: (axis) => { axis.ticks = lab.sizes().map((value) => ({ value })); },
          ticks: { callback: (value) => (value === lab.rows() ? `all ${value}` : String(value)), autoSkip: false, maxRotation: 0 },
        },
        y: { type: 'logarithmic', title: { display: true, text: 'final full-data loss (median, log)' }, ticks: logTicks },
      },
      plugins: {
        legend: { display: true, labels: { usePointStyle: true } },
        annotation: { annotations: {} },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? `batch ${items[0].raw.x}` : ''),
            label: (item) => `${item.dataset.label}: α = ${formatNumber(item.raw.alpha)}, ${item.raw.steps} steps, ${item.raw.diverged ? `${item.raw.diverged} of ${item.raw.seeds} diverged` : `loss ${formatNumber(item.raw.median, 3)}`}`,
          },
        },
      },
    },
  });
}

/** Draws rulesSummary's rows; a rule that diverged sits at the top of the axis as a cross. */
export function drawRules(chart, summary, sizes) {
  const finite = summary.rows.filter((r) => r.diverged === 0).map((r) => r.median);
  const top = Math.max(...finite, summary.reference) * 3;
  const bottom = Math.min(...finite, summary.reference) / 2;
  Object.keys(RULE_NAMES).forEach((rule, i) => {
    const set = chart.data.datasets[i];
    set.data = summary.rows.filter((r) => r.rule === rule).map((r) => ({
      x: r.size, y: r.diverged ? top / 1.2 : r.median, alpha: r.alpha, steps: r.steps, median: r.median, diverged: r.diverged, seeds: r.losses.length,
    }));
    set.pointStyle = set.data.map((p) => (p.diverged ? 'crossRot' : 'circle'));
    set.pointBorderWidth = set.data.map((p) => (p.diverged ? 2.5 : 1));
  });
  chart.options.scales.x.min = sizes[0] / 1.4;
  chart.options.scales.x.max = sizes.at(-1) * 1.4;
  chart.options.scales.y.min = bottom;
  chart.options.scales.y.max = top;
  chart.config.options.plugins.annotation.annotations = Number.isFinite(summary.reference)
    ? { reference: lineAnnotation(chart, { y: summary.reference }, `batch 1: ${formatNumber(summary.reference, 3)}`, themeOf(chart).neutral, { width: 1.5, size: 10 }) }
    : {};
  redraw(chart);
}
