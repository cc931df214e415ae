// The schedules lab's two charts — α per step and loss per step, on one shared step axis —
// and the step cursor drawn in both at once.
import { formatNumber } from '../ui/dom.js';
import { createChart, redraw, themeOf } from '../charts/charts.js';
import { lossChart } from '../charts/figure.js';

/** Both charts reserve the same width for the y axis so their steps line up vertically. */
const Y_AXIS_WIDTH = 64;

/**
 * Creates both charts. Hovering either calls `inspect(step)` with the step under the pointer.
 * @returns {{alphaChart: any, lossChart: any}}
 */
export function scheduleCharts(alphaCanvas, lossCanvas, inspect) {
  // Their curves go in with setCurve (diverged points as crosses).
  // The schedule takes the theme's accent, the constant run the theme's orange (--oscillating:
  // the lab's outcome legend uses the same tokens).
  const theme = themeOf(alphaCanvas);
  const SCHEDULE_COLOR = theme.accent;
  const CONSTANT_COLOR = theme.label.oscillating;
  const shared = {
    interaction: { mode: 'index', intersect: false },
    onHover: (event, _active, chart) => {
      if (!chart.chartArea || event.x < chart.chartArea.left || event.x > chart.chartArea.right) return;
      inspect(Math.round(chart.scales.x.getValueForPixel(event.x)));
    },
  };
  const x = { type: 'linear', min: 0, title: { display: true, text: 'step' }, ticks: { maxRotation: 0 } };
  const fixedWidth = (axis) => { axis.width = Y_AXIS_WIDTH; };
  const plugins = {
    // Same series order in both charts' legends and tooltips, whatever the drawing order.
    legend: { position: 'bottom', labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex } },
    annotation: { annotations: {} },
  };
  const itemSort = (a, b) => a.datasetIndex - b.datasetIndex;
  const stepTitle = (items) => (items.length ? `step ${items[0].raw.x}` : '');

  const alphaChart = createChart(alphaCanvas, {
    type: 'line',
    data: {
      datasets: [
        { label: 'schedule', data: [], borderColor: SCHEDULE_COLOR, backgroundColor: SCHEDULE_COLOR, borderWidth: 2.5 },
        { label: 'constant α = peak', data: [], borderColor: CONSTANT_COLOR, backgroundColor: CONSTANT_COLOR, borderWidth: 1.5, borderDash: [6, 4] },
      ],
    },
    options: {
      ...shared,
      scales: {
        x,
        y: { type: 'linear', min: 0, grace: '6%', title: { display: true, text: 'α' }, afterFit: fixedWidth, ticks: { callback: (v) => formatNumber(v) } },
      },
      plugins: {
        ...plugins,
        tooltip: { itemSort, callbacks: { title: stepTitle, label: (item) => `${item.dataset.label}: α = ${formatNumber(item.raw.y)}` } },
      },
    },
  });
  const loss = lossChart(lossCanvas, {
    datasets: [
      { label: 'schedule', data: [], borderColor: SCHEDULE_COLOR, backgroundColor: SCHEDULE_COLOR, borderWidth: 2, order: 1 },
      // Drawn over the schedule's curve (lower order is drawn on top): where the two runs
      // coincide the dashes let both show.
      { label: 'constant α = peak', data: [], borderColor: CONSTANT_COLOR, backgroundColor: CONSTANT_COLOR, borderWidth: 1.5, borderDash: [6, 4], order: 0 },
    ],
    yTitle: 'loss (log scale)',
    options: shared,
    x,
    y: { afterFit: fixedWidth },
    legend: plugins.legend,
    plugins: { annotation: { annotations: {} } },
    tooltip: { itemSort },
    title: stepTitle,
    label: (item) => `${item.dataset.label}: ${item.raw.diverged ? (Number.isFinite(item.raw.raw) ? `loss ${formatNumber(item.raw.raw)} (diverged)` : 'diverged') : item.raw.offAxis ? `loss ${formatNumber(item.raw.raw)} (above the axis)` : `loss ${formatNumber(item.raw.y, 4)}`}`,
  });
  return { alphaChart, lossChart: loss };
}

/**
 * Draws the step cursor (a vertical line, the active points and the tooltip) at `step` in
 * each chart, or clears it (step = null).
 */
export function drawCursor(charts, step) {
  for (const chart of charts) {
    const annotations = chart.config.options.plugins.annotation.annotations;
    if (step !== null) {
      annotations.cursor = { type: 'line', xMin: step, xMax: step, borderColor: themeOf(chart).neutral, borderWidth: 1 };
      const active = [];
      chart.data.datasets.forEach((dataset, datasetIndex) => {
        if (step < dataset.data.length) active.push({ datasetIndex, index: step });
      });
      chart.setActiveElements(active);
      chart.tooltip.setActiveElements(active, { x: chart.scales.x.getPixelForValue(step), y: chart.chartArea.top });
    } else {
      delete annotations.cursor;
      chart.setActiveElements([]);
      chart.tooltip.setActiveElements([], { x: 0, y: 0 });
    }
    redraw(chart);
  }
}
