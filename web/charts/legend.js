// A chart's legend as HTML beside its canvas: one toggle button per dataset (click, tap or
// Enter/Space hides or shows the curve, aria-pressed says which), its swatch the dataset's
// colour, dash and marker as inline SVG, wrapping with the page's text. Chart.js's canvas
// legend lays itself out and measures its labels through its option resolver on every
// update — 2–3 ms of each slider-drag frame on a laptop; this one touches the DOM only
// when an item changes. The canvas legend still draws in a PNG export (chartPng).
// Used by createChart (charts.js) for every chart created with a displayed legend.

const SVG = 'http://www.w3.org/2000/svg';

/** The first value of a per-point option (Chart.js's legend reads the first point's). */
const first = (v) => (Array.isArray(v) ? v[0] : v);
const colorOf = (v, fallback) => (typeof first(v) === 'string' ? first(v) : fallback);

/**
 * The legend items of a chart, as Chart.js's generateLabels gives them ({text, fillStyle,
 * strokeStyle, lineDash, lineWidth, pointStyle, hidden, datasetIndex}), read from the
 * datasets' own options (no option resolution), or from `labels.generateLabels` when the
 * chart has its own; then `labels.filter` and `labels.sort`, as Chart.js applies them.
 */
export function legendItems(chart, labels = {}) {
  let items = labels.generateLabels ? labels.generateLabels(chart) : chart.data.datasets.map((dataset, i) => {
    const stroke = colorOf(dataset.borderColor, '#888');
    return {
      text: dataset.label ?? '',
      fillStyle: colorOf(dataset.backgroundColor, stroke),
      strokeStyle: stroke,
      lineDash: Array.isArray(dataset.borderDash) ? dataset.borderDash : [],
      lineWidth: typeof dataset.borderWidth === 'number' ? dataset.borderWidth : 2,
      pointStyle: typeof first(dataset.pointStyle) === 'string' ? first(dataset.pointStyle) : 'circle',
      hidden: !chart.isDatasetVisible(i),
      datasetIndex: i,
    };
  });
  if (labels.filter) items = items.filter((item) => labels.filter(item, chart.data));
  if (labels.sort) items = [...items].sort((a, b) => labels.sort(a, b, chart.data));
  return items;
}

/** An SVG element with attributes. */
function svg(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** The marker shapes of Chart.js's point styles, centred on (7, 7), radius about 5. */
function markerShape(style, fill, stroke) {
  const paint = { fill, stroke, 'stroke-width': 1.5 };
  switch (style) {
    case 'triangle': return svg('polygon', { points: '7,1.5 12.5,11.5 1.5,11.5', ...paint });
    case 'rect': return svg('rect', { x: 2.5, y: 2.5, width: 9, height: 9, ...paint });
    case 'rectRounded': return svg('rect', { x: 2.5, y: 2.5, width: 9, height: 9, rx: 2.5, ...paint });
    case 'rectRot': return svg('polygon', { points: '7,1 13,7 7,13 1,7', ...paint });
    case 'star': return svg('path', { d: 'M7 1V13M1 7H13M2.8 2.8L11.2 11.2M11.2 2.8L2.8 11.2', fill: 'none', stroke, 'stroke-width': 1.8 });
    case 'cross': return svg('path', { d: 'M7 1.5V12.5M1.5 7H12.5', fill: 'none', stroke, 'stroke-width': 2 });
    case 'crossRot': return svg('path', { d: 'M2.5 2.5L11.5 11.5M11.5 2.5L2.5 11.5', fill: 'none', stroke, 'stroke-width': 2 });
    case 'line': case 'dash': return svg('path', { d: 'M1 7H13', fill: 'none', stroke, 'stroke-width': 2 });
    default: return svg('circle', { cx: 7, cy: 7, r: 5, ...paint });
  }
}

/** An item's swatch: its marker (usePointStyle), a line sample (a flat box) or a box. */
function swatch(item, labels) {
  const usePoint = labels.usePointStyle;
  const line = !usePoint && labels.boxHeight !== undefined && labels.boxHeight <= 4;
  const width = line ? (labels.boxWidth || 28) : 14;
  const el = svg('svg', { width, height: 14, viewBox: `0 0 ${width} 14`, 'aria-hidden': 'true', focusable: 'false' });
  if (usePoint) el.append(markerShape(item.pointStyle, item.fillStyle, item.strokeStyle));
  else if (line) el.append(svg('path', { d: `M1 7H${width - 1}`, fill: 'none', stroke: item.strokeStyle, 'stroke-width': Math.min(3, Math.max(2, item.lineWidth || 2)), 'stroke-dasharray': (item.lineDash || []).join(' ') || 'none' }));
  else el.append(svg('rect', { x: 1.5, y: 1.5, width: 11, height: 11, fill: item.fillStyle, stroke: item.strokeStyle, 'stroke-width': 1.5, 'stroke-dasharray': (item.lineDash || []).join(' ') || 'none' }));
  return el;
}

/** What an item's swatch draws: two items with the same key have the same swatch. */
const swatchKey = (item) => [item.fillStyle, item.strokeStyle, (item.lineDash || []).join(','), item.lineWidth, item.pointStyle].join('|');

/**
 * Makes room for an HTML legend in the box around `canvas`, before its chart is created: the
 * canvas goes into a `.plot` that takes what the box's height leaves after the legend's rows
 * (Chart.js sizes a responsive chart to its canvas's parent), as with the canvas legend.
 */
export function wrapForLegend(canvas) {
  const box = canvas.parentElement;
  const plot = document.createElement('div');
  plot.className = 'plot';
  box.insertBefore(plot, canvas);
  plot.append(canvas);
  box.classList.add('has-legend');
}

/**
 * Puts an HTML legend beside `chart`'s canvas (wrapped by wrapForLegend before the chart was
 * created), above or below the plot as `legend.position` says.
 * @param {import('chart.js').Chart} chart  created with its canvas legend off
 * @param {{position?: string, labels?: object}} legend  the chart's legend options
 * @returns {{render: () => void, remove: () => void, element: HTMLElement}}
 */
export function attachLegend(chart, legend) {
  const canvas = chart.canvas;
  const plot = canvas.parentElement;
  const box = plot.parentElement;
  const labels = legend.labels || {};
  const element = document.createElement('div');
  element.className = 'chart-legend';
  element.setAttribute('role', 'group');
  element.setAttribute('aria-label', 'Legend: show or hide a curve');
  if ((legend.position || 'top') === 'top') box.prepend(element); else box.append(element);  // Chart.js's default: top
  element.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-index]');
    if (!button) return;
    const index = Number(button.dataset.index);
    chart.setDatasetVisibility(index, !chart.isDatasetVisible(index));
    chart.update('none');
  });
  /** Writes what changed of an item into its button (a drag often changes the text alone). */
  const fill = (button, item) => {
    const was = button.$item || {};
    const swatchNow = swatchKey(item);
    if (was.index !== item.datasetIndex) button.dataset.index = String(item.datasetIndex);
    if (was.hidden !== item.hidden) button.setAttribute('aria-pressed', String(!item.hidden));
    if (was.swatch !== swatchNow) {
      const old = button.querySelector('svg');
      if (old) old.replaceWith(swatch(item, labels)); else button.prepend(swatch(item, labels));
    }
    if (was.text !== item.text) {
      if (button.lastChild?.nodeType === 3) button.lastChild.data = item.text; else button.append(item.text);
    }
    button.$item = { index: item.datasetIndex, hidden: item.hidden, swatch: swatchNow, text: item.text };
  };
  return {
    element,
    /** Brings the items up to date with the chart (after each update): only what changed is rewritten. */
    render() {
      const items = legendItems(chart, labels);
      const buttons = element.children;
      for (let i = 0; i < items.length; ++i) {
        if (i >= buttons.length) {
          const button = document.createElement('button');
          button.type = 'button';
          element.append(button);
        }
        fill(buttons[i], items[i]);
      }
      while (buttons.length > items.length) buttons[buttons.length - 1].remove();
    },
    /** Takes the legend away and puts the canvas back where it was (the chart is destroyed). */
    remove() {
      element.remove();
      if (plot.className === 'plot' && plot.parentElement === box) { plot.replaceWith(canvas); box.classList.remove('has-legend'); }
    },
  };
}
