// The two shapes every lab's charts take: a loss-per-step chart (lossChart) and a figure
// around a chart (figure: caption, chart box, the screen-reader summary, PNG/CSV buttons).
import { h, download, formatNumber } from '../ui/dom.js';
import { createChart, chartPng, logTick } from './charts.js';

/**
 * A loss-per-step line chart: linear step axis, log (or linear) loss axis with 1-2-5 ticks,
 * tooltips that name clamped points as diverged. Curves go in with setCurve()/curvePoints(),
 * which mark diverged points as crosses.
 * @param {HTMLCanvasElement} canvas
 * @param {object} [options]
 * @param {object[]} [options.datasets]   initial datasets (default none)
 * @param {string}  [options.yTitle]      loss axis title (default 'loss')
 * @param {object|false} [options.legend] legend options, or false for none (default: at the bottom)
 * @param {boolean} [options.decimate]    thin long windows to what the canvas shows (LTTB)
 * @param {(items: any[]) => string} [options.title]  tooltip title (default: 'α = … · step …'
 *        from the dataset's `alpha`)
 * @param {(item: any) => string} [options.label]     tooltip line (default: the loss, or "diverged")
 * @param {object} [options.x]  extra x-axis options; [options.y] extra y-axis options
 * @param {object} [options.plugins]  extra plugin options (annotation …)
 * @param {object} [options.tooltip]  extra tooltip options (itemSort …)
 * @param {object} [options.options]  extra chart options (interaction, onHover …)
 */
export function lossChart(canvas, {
  datasets = [], yTitle = 'loss', legend = {}, decimate = false, title, label, x = {}, y = {}, plugins = {}, tooltip = {}, options = {},
} = {}) {
  return createChart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      ...options,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'step' }, ...x },
        y: { type: 'logarithmic', title: { display: true, text: yTitle }, ticks: { callback: logTick, autoSkip: false }, ...y },
      },
      plugins: {
        // Long windows are thinned to what the canvas can show (largest-triangle-three-
        // buckets keeps the shape, spikes included) so dragging stays smooth.
        ...(decimate ? { decimation: { enabled: true, algorithm: 'lttb', samples: 120, threshold: 240 } } : {}),
        legend: legend === false ? { display: false } : { position: 'bottom', ...legend },
        tooltip: {
          ...tooltip,
          callbacks: {
            title: title || ((items) => (items.length ? `α = ${formatNumber(items[0].dataset.alpha)} · step ${items[0].raw.x}` : '')),
            label: label || ((item) => (item.raw.diverged ? 'loss: diverged (beyond the axis)' : `loss: ${formatNumber(item.raw.y, 4)}`)),
          },
        },
        ...plugins,
      },
    },
  });
}

/**
 * A chart's figure: optional caption, the chart box with its canvas, the text summary for
 * screen readers, anything `after` the chart, and the export buttons.
 * @param {object} options
 * @param {string|Node} [options.title]    the caption's heading (an <h4>)
 * @param {Array<Node|string>} [options.caption]  more caption content after the heading
 * @param {string} options.label           the canvas's accessible name until describe() runs
 * @param {string} [options.chartClass]    extra classes of the chart box ('short', 'tall' …)
 * @param {Record<string, any>} [options.canvasAttrs]  extra canvas attributes (dataset …)
 * @param {Record<string, any>} [options.attrs]  attributes of the <figure>
 * @param {Array<Node|null>} [options.after]  nodes between the summary and the buttons
 * @param {Array<{png: string|(() => string), chart: () => any, label?: string} | {csv: () => void, label?: string}>} [options.exports]
 *        buttons in order: a PNG of chart() named `png` (or png()), or a CSV made by `csv()`
 * @returns {{element: HTMLElement, canvas: HTMLCanvasElement, summary: HTMLElement,
 *            describe: (summary: string, label?: string) => void}}
 */
export function figure({ title, caption = [], label, chartClass = '', canvasAttrs = {}, attrs = {}, after = [], exports = [] }) {
  const canvas = h('canvas', { role: 'img', 'aria-label': label, ...canvasAttrs });
  const summary = h('p', { class: 'sr-only' });
  // The exports sit in one small menu per figure ("Export"), out of the content's way.
  const menu = h('details', { class: 'export' });
  const close = () => { menu.open = false; };
  const buttons = exports.map((item) => ('png' in item
    ? h('button', { class: 'secondary', type: 'button', 'aria-label': item.label, onclick: () => { close(); const chart = item.chart(); if (chart) download(typeof item.png === 'function' ? item.png() : item.png, chartPng(chart)); } }, item.text || 'Image (PNG)')
    : h('button', { class: 'secondary', type: 'button', 'aria-label': item.label, onclick: () => { close(); item.csv(); } }, item.text || 'Data (CSV)')));
  if (buttons.length) {
    menu.append(h('summary', { 'aria-label': `Export${typeof title === 'string' ? `: ${title}` : ''}` }, 'Export'), h('div', { class: 'menu' }, buttons));
    menu.addEventListener('keydown', (event) => { if (event.key === 'Escape' && menu.open) { close(); menu.querySelector('summary').focus(); } });
    // Focus or a click leaving the menu closes it (after a moment: a click on one of its
    // buttons lands first, in browsers that do not focus buttons on click).
    menu.addEventListener('focusout', (event) => {
      if (!menu.contains(event.relatedTarget)) setTimeout(() => { if (!menu.contains(menu.getRootNode().activeElement)) close(); }, 200);
    });
  }
  const element = h('figure', { style: 'margin:0', ...attrs },
    title || caption.length ? h('figcaption', {}, title ? h('h4', {}, title) : null, ...caption) : null,
    h('div', { class: `chart${chartClass ? ` ${chartClass}` : ''}` }, canvas), summary, ...after,
    buttons.length ? h('div', { class: 'toolbar' }, menu) : null);
  return {
    element, canvas, summary,
    /** Sets the text summary and the canvas's accessible name (the same text unless `label` is given). */
    describe(text, labelText = text) {
      summary.textContent = text;
      canvas.setAttribute('aria-label', labelText);
    },
  };
}
