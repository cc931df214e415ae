// Chart colours from the theme: every colour a chart draws (curves, diagnosis markers, bound
// lines, bands, axes, grid, legend, annotation labels) is a CSS custom property of the
// element's design system (web/ui/styles.js, light and dark variants, each overridable by a
// host with --lrlab-<name>), read here from the chart's canvas. When prefers-color-scheme
// changes, every live chart is re-coloured in place: each colour of the old theme in its
// datasets and annotations is replaced by the same token's colour in the new one.
import { Chart } from 'chart.js';
import { recolor } from './color.js';
import { dropUnlabelledTicks } from './curves.js';

/** The diagnosis labels, each a token of the same name (--good, --too_low …). */
export const LABELS = ['good', 'too_low', 'past_peak', 'oscillating', 'unstable', 'diverged'];

/** How many series colours the theme has (--series-0 … --series-8). */
export const SERIES_COUNT = 9;

const BASE_TOKENS = ['fg', 'muted', 'border', 'accent', 'bg', 'chart-neutral'];
const FALLBACK = {
  fg: '#172033', muted: '#5a6478', border: '#d5dbe7', accent: '#2456c9', bg: '#ffffff', 'chart-neutral': '#8894ac',
  good: '#1d8a45', too_low: '#6b7a99', past_peak: '#a67c00', oscillating: '#d9730d', unstable: '#8e44ad', diverged: '#d12c3d',
};

/**
 * The theme of the element holding a chart, as plain colours.
 * @param {Element} el  the chart's canvas (or any element inside a module's shadow root)
 * @returns {{fg: string, muted: string, border: string, accent: string, bg: string, neutral: string,
 *            label: Record<string, string>, series: string[], font: string}}
 */
export function readTheme(el) {
  const style = getComputedStyle(el);
  const read = (name) => style.getPropertyValue(`--${name}`).trim() || FALLBACK[name] || '#888888';
  const base = Object.fromEntries(BASE_TOKENS.map((name) => [name, read(name)]));
  return {
    fg: base.fg, muted: base.muted, border: base.border, accent: base.accent, bg: base.bg, neutral: base['chart-neutral'],
    label: Object.fromEntries(LABELS.map((name) => [name, read(name)])),
    series: Array.from({ length: SERIES_COUNT }, (_, i) => read(`series-${i}`)),
    font: style.getPropertyValue('--font').trim() || 'system-ui, sans-serif',
  };
}

/** Every colour of a theme, by token name (the key that pairs one theme's colour with another's). */
function tokens(theme) {
  return {
    fg: theme.fg, muted: theme.muted, border: theme.border, accent: theme.accent, bg: theme.bg, neutral: theme.neutral,
    ...Object.fromEntries(Object.entries(theme.label).map(([k, v]) => [`label-${k}`, v])),
    ...Object.fromEntries(theme.series.map((v, i) => [`series-${i}`, v])),
  };
}

/**
 * The theme a chart was coloured with (read once from its canvas, then kept until the scheme
 * changes): scriptable options read it per point without a style lookup.
 * @param {import('chart.js').Chart | HTMLCanvasElement} chartOrCanvas
 */
export function themeOf(chartOrCanvas) {
  if (chartOrCanvas instanceof Chart) {
    if (!chartOrCanvas.$lrlabTheme) chartOrCanvas.$lrlabTheme = readTheme(chartOrCanvas.canvas);
    return chartOrCanvas.$lrlabTheme;
  }
  const chart = Chart.getChart(chartOrCanvas);
  return chart ? themeOf(chart) : readTheme(chartOrCanvas);
}

/** The colour of a diagnosis label in the chart's theme. */
export function labelColor(chartOrCanvas, label) {
  return themeOf(chartOrCanvas).label[label] || themeOf(chartOrCanvas).neutral;
}

/** The i-th series colour in the chart's theme. */
export function seriesColor(chartOrCanvas, i) {
  const { series } = themeOf(chartOrCanvas);
  return series[i % series.length];
}

/**
 * The theme's text, grid and font as Chart.js options: every axis, the legend, the tooltip
 * and the annotation labels.
 * @param {ReturnType<typeof readTheme>} theme
 * @param {Record<string, any>} scales  the chart's axes (ids only are read)
 */
export function themeOptions(theme, scales = {}) {
  const { fg: color, border: borderColor } = theme;
  const font = { family: theme.font };
  const axis = () => ({ afterTickToLabelConversion: dropUnlabelledTicks, ticks: { color, font: { ...font } }, title: { color, font: { ...font } }, grid: { color: borderColor }, border: { color: borderColor } });
  return {
    color, borderColor, font,
    scales: Object.fromEntries(Object.keys(scales).map((id) => [id, axis()])),
    plugins: {
      legend: { labels: { color, font } },
      tooltip: { titleFont: { ...font, weight: 'bold' }, bodyFont: font, footerFont: font },
      annotation: { common: { label: { font } } },
    },
  };
}

/** Re-colours one chart for the theme its canvas has now. */
export function applyTheme(chart) {
  const before = chart.$lrlabTheme || readTheme(chart.canvas);
  const after = readTheme(chart.canvas);
  chart.$lrlabTheme = after;
  const old = tokens(before);
  const now = tokens(after);
  const map = new Map();
  for (const [key, value] of Object.entries(old)) if (value && now[key] && !map.has(value.toLowerCase())) map.set(value.toLowerCase(), now[key]);
  // The chart's own option tree (chart.options is Chart.js's resolver over it and the defaults:
  // writing through it to nested scale options does not reach the tree).
  const options = chart.config.options;
  for (const dataset of chart.data.datasets) recolor(dataset, map, ['data']);
  if (options.plugins?.annotation?.annotations) recolor(options.plugins.annotation.annotations, map);
  const { fg, border } = after;
  options.color = fg;
  options.borderColor = border;
  for (const scale of Object.values(options.scales || {})) {
    for (const part of ['ticks', 'title']) { scale[part] = scale[part] || {}; scale[part].color = fg; }
    scale.grid = scale.grid || {}; scale.grid.color = border;
    scale.border = scale.border || {}; scale.border.color = border;
  }
  if (options.plugins?.legend?.labels) options.plugins.legend.labels.color = fg;
  chart.update('none');
}

let watching = false;

/** Starts following prefers-color-scheme: on a change, every live chart takes the new theme. */
export function followColorScheme() {
  if (watching || typeof matchMedia !== 'function') return;
  watching = true;
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    for (const chart of Object.values(Chart.instances)) if (chart.canvas?.isConnected) applyTheme(chart);
  });
}
