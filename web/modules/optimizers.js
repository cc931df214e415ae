// Optimizers & noise: the same log sweep under GD, mini-batch SGD, momentum, Nesterov,
// RMSProp and Adam; how the batch size moves the largest stable α; and how much one run
// differs from the next when only the seed (batch order) changes. All computed live.
import { LabModule, define } from './base.js';
import { defineSection, store } from '../state.js';
import { renderControls } from '../ui/controls.js';
import { h, setChildren, formatNumber, formatPercent, labelText, download } from '../ui/dom.js';
import { createChart, redraw, curvePoints, finiteMax, LABEL_COLORS, SERIES_COLORS, divergedPointStyle, chartPng, themeColor, logTick } from '../charts/charts.js';
import { runHeavy } from '../engine/provider.js';
import { CONCEPTS } from './concepts.js';

export const SECTION = 'optimizers';

/** The six optimizers, in the order the lesson introduces them. */
const OPTIMIZERS = [
  ['gd', 'GD (full batch)'], ['sgd', 'mini-batch SGD'], ['momentum', 'momentum'],
  ['nesterov', 'Nesterov'], ['rmsprop', 'RMSProp'], ['adam', 'Adam'],
];
const OPTIMIZER_NAMES = Object.fromEntries(OPTIMIZERS);

/** Batch sizes of the batch-noise sweep; 0 stands for "all rows". */
const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 0];

defineSection(SECTION, {
  dataset: { type: 'enum', label: 'Data', default: 'house', choices: [['house', 'House prices'], ['two_class', 'Two classes'], ['nonlinear', 'Non-linear']] },
  scaling: { type: 'enum', label: 'Feature scaling', default: 'z_score', choices: [['none', 'none (raw units)'], ['min_max', 'min-max'], ['z_score', 'z-score']] },
  model: { type: 'enum', label: 'Model', default: 'linear', choices: [['linear', 'linear regression'], ['logistic', 'logistic regression'], ['mlp', 'MLP (1 hidden layer)']] },
  steps: { type: 'int', label: 'Window (steps)', default: 200, min: 5, max: 2000, slider: true, step: 5 },
  start: { type: 'number', label: 'Start α', default: 1e-4, min: 1e-7, max: 10, log: true, step: 0.5 },
  // 11 rates of the ×3 ladder reach α = 10: far enough past 2/λmax of the scaled house data
  // for every optimizer's sweep to find its edge instead of stopping at the top of the grid.
  count: { type: 'int', label: 'Rates (×3 ladder)', default: 11, min: 2, max: 25, slider: true },
  batch: { type: 'int', label: 'Batch size', default: 16, min: 1, max: 100000, help: 'rows per step for mini-batch SGD, and for the seed bands' },
  seed: { type: 'int', label: 'Seed', default: 1, min: 0, max: 999999 },
  band_optimizer: { type: 'enum', label: 'Band: optimizer', default: 'sgd', choices: OPTIMIZERS },
  band_rate: { type: 'number', label: 'Band: α', default: 0.3, min: 1e-5, max: 10, log: true, step: 0.25 },
  seeds: { type: 'int', label: 'Band: seeds', default: 8, min: 2, max: 20, slider: true },
});

/** Which settings each part depends on (a change re-runs only the parts that use it). */
const PART_KEYS = {
  compare: ['dataset', 'scaling', 'model', 'steps', 'start', 'count', 'batch', 'seed'],
  batches: ['dataset', 'scaling', 'model', 'steps', 'start', 'count', 'seed'],
  bands: ['dataset', 'scaling', 'model', 'steps', 'batch', 'band_optimizer', 'band_rate', 'seeds'],
};

/**
 * Row-steps (× 10 for the MLP) above which the work goes to the worker, with progress: the
 * default comparison (14 sweeps × 11 runs × 200 steps × 100 rows ≈ 3e6) takes a few hundred
 * ms, too long to block a slider drag; one seed band (8 runs ≈ 2e5) stays on the page.
 */
const HEAVY_WORK = 1e6;

/** Work shorter than this never shows the progress bar (no flashing on quick runs). */
const PROGRESS_DELAY_MS = 250;

class Optimizers extends LabModule {
  static css = `
    figure { margin: 0; min-width: 0; }
    .part-title { display: flex; flex-wrap: wrap; gap: .2rem .8rem; align-items: baseline; justify-content: space-between; }
    .part-title h3 { margin: 0; }
    .chips { display: flex; flex-wrap: wrap; gap: .25rem; }
    .chips .badge { font-size: .74rem; }
    td.best { font-weight: 700; font-size: 1.05rem; }
    td.best .top { font-weight: 500; font-size: .8rem; color: var(--muted); display: block; }
    .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 3px; margin-right: .45rem; vertical-align: -.05rem; }
    .swatch.c0 { background: ${SERIES_COLORS[0]}; } .swatch.c1 { background: ${SERIES_COLORS[1]}; } .swatch.c2 { background: ${SERIES_COLORS[2]}; }
    .swatch.c3 { background: ${SERIES_COLORS[3]}; } .swatch.c4 { background: ${SERIES_COLORS[4]}; } .swatch.c5 { background: ${SERIES_COLORS[5]}; }
    .stats.batches { grid-template-columns: repeat(auto-fill, minmax(6.2rem, 1fr)); }
    .stat.none b { color: var(--diverged); }
    .spread b { font-variant-numeric: tabular-nums; }
    .run-state { min-height: 1.5rem; }
    /* Uppercase would turn α into Α (a capital alpha that reads as "A"). */
    .field > span, th { text-transform: none; letter-spacing: 0; }
    tbody th { font-size: .92rem; color: var(--fg); font-weight: 600; }
  `;

  render() {
    this.rows = null;  // rows of the current dataset (for "all" and batch limits)
    const sweepControls = renderControls(SECTION, ['dataset', 'scaling', 'model', 'steps', 'start', 'count', 'batch', 'seed']);
    const bandControls = renderControls(SECTION, ['band_optimizer', 'band_rate', 'seeds']);

    this.status = h('div', { class: 'run-state', role: 'status', 'aria-live': 'polite' });
    this.bar = h('progress', { max: 1, value: 0, 'aria-label': 'Progress of the optimizer sweeps' });
    this.progress = h('div', { class: 'progress', hidden: true }, this.bar,
      h('button', { class: 'secondary', type: 'button', onclick: () => this.cancel() }, 'Cancel'));

    // (a) the same sweep under six optimizers
    this.compareCanvas = h('canvas', { role: 'img', 'aria-label': 'Final loss against α for six optimizers', dataset: { testid: 'optimizer-chart' } });
    this.compareSummary = h('p', { class: 'sr-only' });
    this.compareNote = h('p', { class: 'small muted' });
    this.compareTable = h('tbody');
    // (b) batch size against the largest stable α
    this.batchCanvas = h('canvas', { role: 'img', 'aria-label': 'Largest stable α against batch size', dataset: { testid: 'batch-chart' } });
    this.batchSummary = h('p', { class: 'sr-only' });
    this.batchStats = h('div', { class: 'stats batches' });
    this.batchNote = h('p', { class: 'small muted' });
    // (c) seed bands
    this.bandCanvas = h('canvas', { role: 'img', 'aria-label': 'Loss over several seeds: median and range' });
    this.bandSummary = h('p', { class: 'sr-only' });
    this.bandCaption = h('div', { class: 'callout spread', dataset: { testid: 'band-spread' } });

    const png = (name, chart) => h('button', { class: 'secondary', type: 'button', 'aria-label': `Download ${name} as PNG`, onclick: () => this[chart] && download(`${name}.png`, pngOf(this[chart])) }, 'PNG');

    this.root.append(
      this.card('One sweep, six optimizers',
        'Every optimizer gets the same data, the same starting point and the same ×3 ladder of rates; only the update rule changes. Momentum, Nesterov, RMSProp and Adam use every row per step here, so the only noisy one is mini-batch SGD.',
        sweepControls.element, this.progress, this.status,
        h('figure', {},
          h('figcaption', {}, h('h4', {}, 'Final loss against α, one line per optimizer')),
          h('div', { class: 'chart' }, this.compareCanvas), this.compareSummary,
          h('div', { class: 'toolbar' }, png('optimizers-final-loss', 'compareChart'),
            h('button', { class: 'secondary', type: 'button', onclick: () => this.exportCsv() }, 'CSV'))),
        this.compareNote,
        h('div', { class: 'table-wrap' },
          h('table', {}, h('caption', { class: 'sr-only' }, 'Largest stable α and diagnosis counts per optimizer'),
            h('thead', {}, h('tr', {}, ['optimizer', 'largest stable α', 'stable range', 'runs by diagnosis'].map((t) => h('th', { scope: 'col' }, t)))),
            this.compareTable))),
      h('div', { class: 'grid-2' },
        h('section', { class: 'card' },
          h('div', { class: 'part-title' }, h('h3', {}, 'Batch size against the largest stable α')),
          h('p', { class: 'muted' }, 'The same mini-batch SGD sweep for batches of 1 to all rows. A small batch gives a noisy gradient, and the noise adds to the step: the stable range usually ends earlier.'),
          h('figure', {},
            h('div', { class: 'chart short' }, this.batchCanvas), this.batchSummary,
            h('div', { class: 'toolbar' }, png('batch-size-vs-stable-alpha', 'batchChart'))),
          this.batchStats, this.batchNote),
        h('section', { class: 'card' },
          h('div', { class: 'part-title' }, h('h3', {}, 'Run-to-run noise over seeds')),
          h('p', { class: 'muted' }, 'One setting, several seeds: each seed deals the mini-batches in a different order. The line is the median loss per step, the band the lowest to the highest.'),
          bandControls.element,
          h('figure', {},
            h('div', { class: 'chart short' }, this.bandCanvas), this.bandSummary,
            h('div', { class: 'toolbar' }, png('seed-band', 'bandChart'))),
          this.bandCaption)));

    this.createCharts();
    this.pendingParts = new Set(Object.keys(PART_KEYS));
    this.userDriven = false;
    store.subscribe(SECTION, (values, keys) => {
      for (const [part, used] of Object.entries(PART_KEYS)) if (keys.some((k) => used.includes(k))) this.pendingParts.add(part);
      this.userDriven = true;
      this.schedule();
    });
    this.schedule();
  }

  createCharts() {
    const logTicks = { callback: logTick };
    this.compareChart = createChart(this.compareCanvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'learning rate α (log scale)' }, ticks: logTicks },
          y: { type: 'logarithmic', title: { display: true, text: 'final loss (log)' }, ticks: logTicks },
        },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label} · α = ${formatNumber(item.raw.x)}: ${item.raw.diverged ? 'diverged' : `final loss ${formatNumber(item.raw.y, 4)}`} (${labelText(item.raw.label)})`,
            },
          },
        },
      },
    });
    this.batchChart = createChart(this.batchCanvas, {
      type: 'scatter',
      data: { datasets: [{ label: 'largest stable α', data: [], showLine: true, borderColor: SERIES_COLORS[1], backgroundColor: SERIES_COLORS[1], pointRadius: 6, pointHoverRadius: 8 }] },
      options: {
        scales: {
          x: {
            type: 'logarithmic', title: { display: true, text: 'batch size (log scale)' },
            afterBuildTicks: (axis) => { axis.ticks = this.batchTicks().map((value) => ({ value })); },
            ticks: { callback: (value) => (value === this.rows ? `all ${value}` : String(value)), autoSkip: false, maxRotation: 0 },
          },
          y: { type: 'logarithmic', title: { display: true, text: 'largest stable α' }, ticks: logTicks },
        },
        plugins: {
          legend: { display: false },
          annotation: { annotations: {} },
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? `batch ${items[0].raw.x === this.rows ? `all (${this.rows} rows)` : items[0].raw.x}` : ''),
              label: (item) => (item.raw.none ? 'no stable α in the grid' : `largest stable α ${formatNumber(item.raw.alpha)}${item.raw.top ? ' (top of the grid: the edge may lie higher)' : ''}`),
            },
          },
        },
      },
    });
    this.bandChart = createChart(this.bandCanvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'lowest', data: [], borderWidth: 0, pointRadius: 0, borderColor: 'transparent', fill: false },
          { label: 'range over seeds', data: [], borderWidth: 0, pointRadius: 0, borderColor: 'transparent', backgroundColor: 'rgba(36, 86, 201, 0.22)', fill: '-1' },
          { label: 'median', data: [], borderWidth: 2, borderColor: SERIES_COLORS[0], backgroundColor: SERIES_COLORS[0], ...divergedPointStyle },
        ],
      },
      options: {
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step' } },
          y: { type: 'logarithmic', title: { display: true, text: 'loss (log)' }, ticks: logTicks },
        },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item) => item.datasetIndex !== 0 } },
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? `α = ${formatNumber(this.bandAlpha)} · step ${items[0].raw.x}` : ''),
              label: (item) => `${item.dataset.label === 'range over seeds' ? 'highest' : item.dataset.label}: ${item.raw.diverged ? 'diverged' : formatNumber(item.raw.y, 4)}`,
            },
          },
        },
      },
    });
  }

  /** The x ticks of the batch chart: the batch sizes actually swept. */
  batchTicks() {
    const rows = this.rows || 100;
    return [...new Set(BATCH_SIZES.map((b) => (b === 0 || b > rows ? rows : b)))];
  }

  /** Coalesces a burst of control changes into one run per frame. */
  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.run(); });
  }

  cancel() {
    this.cancelled = true;
    if (this.job) this.job.cancel();
  }

  /** The engine calls of one part for the current settings. */
  plan(part, values, rows) {
    const data = { dataset: values.dataset, scaling: values.scaling, model: values.model };
    const grid = { steps: values.steps, seed: values.seed, start: values.start, factor: 'x3', count: values.count };
    const batch = Math.min(values.batch, rows);
    if (part === 'compare') {
      return OPTIMIZERS.map(([kind]) => ({ method: 'runSweep', args: [{ data, optimizer: { kind, batch_size: kind === 'sgd' ? batch : 0 }, ...grid }], runs: values.count }));
    }
    if (part === 'batches') {
      return this.batchTicks().map((size) => ({ method: 'runSweep', args: [{ data, optimizer: { kind: 'sgd', batch_size: size }, ...grid }], runs: values.count }));
    }
    const seeds = Array.from({ length: values.seeds }, (_, i) => i + 1);
    const kind = values.band_optimizer;
    return seeds.map((seed) => ({
      method: 'runTraining',
      args: [{ data, optimizer: { kind, learning_rate: values.band_rate, batch_size: kind === 'gd' ? 0 : batch }, steps: values.steps, seed }],
      runs: 1,
    }));
  }

  async run() {
    const token = (this.token = (this.token || 0) + 1);
    const values = store.get(SECTION);
    // Parts a superseded (or failed) run never showed are redone along with the new ones.
    const parts = [...new Set([...this.pendingParts, ...(this.unfinished || [])])];
    this.pendingParts.clear();
    if (!parts.length) return;
    this.unfinished = new Set(parts);
    const userDriven = this.userDriven;
    this.userDriven = false;
    // A superseded run is not cancelled (that would restart the worker on every slider
    // step): it stops after its current call and its result is ignored.
    this.cancelled = false;

    const engine = await this.engine();
    const datasets = this.datasets || (this.datasets = await engine.listDatasets());
    const info = datasets.ok ? datasets.value.find((d) => d.name === values.dataset) : null;
    const rows = info ? info.rows : 100;
    if (rows !== this.rows) { this.rows = rows; if (!parts.includes('batches')) parts.push('batches'); }

    const plans = parts.map((part) => ({ part, calls: this.plan(part, values, rows) }));
    const totalRuns = plans.reduce((n, p) => n + p.calls.reduce((m, c) => m + c.runs, 0), 0);
    const heavy = rows * values.steps * totalRuns * (values.model === 'mlp' ? 10 : 1) > HEAVY_WORK;
    clearTimeout(this.progressTimer);
    if (heavy) {
      this.bar.max = totalRuns;
      this.bar.value = 0;
      this.progressTimer = setTimeout(() => {
        this.progress.hidden = false;
        this.status.replaceChildren(h('p', { class: 'muted' }, `Running ${totalRuns} training runs in the background…`));
      }, PROGRESS_DELAY_MS);
    }
    let done = 0;
    let failed = false;
    for (const { part, calls } of plans) {
      const results = [];
      for (const call of calls) {
        let result;
        if (heavy) {
          const before = done;
          const job = runHeavy(call.method, call.args, { onProgress: (d) => { if (token === this.token) this.bar.value = before + d; } });
          this.job = job;
          result = await job.promise;
          if (this.job === job) this.job = null;
          if (token === this.token) this.bar.value = done + call.runs;
        } else {
          result = await engine[call.method](...call.args);
        }
        done += call.runs;
        if (token !== this.token) return;  // a newer run superseded this one
        if (!result.ok || this.cancelled) {
          clearTimeout(this.progressTimer);
          this.progress.hidden = true;
          if (result.cancelled || this.cancelled) {
            this.status.replaceChildren(h('p', { class: 'muted' }, 'Cancelled. Change a setting to run again.'));
          } else {
            this.showError(this.status, result.error);
          }
          failed = true;
          break;
        }
        results.push(result.value);
      }
      if (failed) return;
      if (part === 'compare') this.showCompare(results, values);
      else if (part === 'batches') this.showBatches(results, values);
      else this.showBands(results, values);
      this.unfinished.delete(part);
      if (userDriven) this.activity(null, part === 'compare' ? CONCEPTS.momentumAdam : CONCEPTS.batchNoise);
    }
    clearTimeout(this.progressTimer);
    this.progress.hidden = true;
    this.status.replaceChildren();
  }

  // ---- (a) six optimizers ----
  showCompare(sweeps, values) {
    this.compare = { sweeps, values };
    const finals = sweeps.flatMap((s) => s.runs.map((r) => r.final_loss));
    const ceiling = finiteMax(finals) * 10;
    const datasets = this.compareChart.data.datasets;
    datasets.length = sweeps.length;
    sweeps.forEach((sweep, i) => {
      const [kind] = OPTIMIZERS[i];
      const color = SERIES_COLORS[i];
      const points = sweep.runs.map((r) => {
        const diverged = !Number.isFinite(r.final_loss) || r.final_loss > ceiling;
        return { x: r.learning_rate, y: diverged ? ceiling : r.final_loss, diverged, label: r.diagnosis.label };
      });
      const entry = datasets[i] || (datasets[i] = { data: [], showLine: true, borderWidth: 2 });
      entry.label = OPTIMIZER_NAMES[kind] + (kind === 'sgd' ? ` (batch ${Math.min(values.batch, this.rows)})` : '');
      entry.data = points;
      entry.borderColor = color;
      entry.backgroundColor = color;
      entry.pointRadius = points.map((p) => (p.diverged ? 7 : 4));
      entry.pointHoverRadius = 8;
      entry.pointStyle = points.map((p) => (p.diverged ? 'crossRot' : 'circle'));
      entry.pointBorderWidth = points.map((p) => (p.diverged ? 2.5 : 1));
    });
    this.compareChart.options.scales.y.max = Number.isFinite(ceiling) ? ceiling * 1.5 : undefined;
    redraw(this.compareChart);

    const top = sweeps[0]?.runs.at(-1)?.learning_rate;
    setChildren(this.compareTable, sweeps.map((sweep, i) => {
      const [kind, name] = OPTIMIZERS[i];
      const counts = countLabels(sweep.runs);
      const atTop = sweep.recommended !== null && sweep.recommended === top;
      return h('tr', { dataset: { optimizer: kind } },
        h('th', { scope: 'row' }, h('span', { class: `swatch c${i}`, 'aria-hidden': 'true' }), name),
        h('td', { class: 'best mono' },
          h('span', { dataset: { testid: `best-${kind}`, value: String(sweep.recommended) } }, sweep.recommended === null ? 'none' : formatNumber(sweep.recommended)),
          atTop ? h('span', { class: 'top' }, 'top of the grid') : null),
        h('td', { class: 'mono small' }, sweep.recommended === null ? '—' : `${formatNumber(sweep.stable_min)} – ${formatNumber(sweep.stable_max)}`),
        h('td', {}, h('span', { class: 'chips' }, Object.entries(counts).map(([label, n]) => h('span', { class: `badge ${label}` }, `${labelText(label)} ×${n}`)))));
    }));

    const best = sweeps.map((s, i) => ({ name: OPTIMIZERS[i][1], alpha: s.recommended }));
    const ranked = best.filter((b) => b.alpha !== null).sort((a, b) => b.alpha - a.alpha);
    const curvature = sweeps[0]?.curvature;
    setChildren(this.compareNote,
      ranked.length
        ? `Widest stable range here: ${ranked[0].name} (up to α = ${formatNumber(ranked[0].alpha)}); narrowest: ${ranked.at(-1).name} (up to ${formatNumber(ranked.at(-1).alpha)}).`
        : 'No optimizer found a stable α on this grid.',
      curvature && curvature.exact
        ? ` Theory for full-batch GD: diverges above 2/λmax = ${formatNumber(curvature.divergence_rate)}; heavy-ball momentum (β = 0.9) above (2+2β)/λmax = ${formatNumber(curvature.momentum_divergence_rate)}. Adam and RMSProp divide each step by a running gradient size, so their α is a step length rather than a multiple of the gradient.`
        : '');
    const text = `Final loss against α for six optimizers. ${best.map((b) => `${b.name}: largest stable α ${b.alpha === null ? 'none' : formatNumber(b.alpha)}`).join('; ')}.`;
    this.compareSummary.textContent = text;
    this.compareCanvas.setAttribute('aria-label', text);
  }

  // ---- (b) batch size ----
  showBatches(sweeps, values) {
    const sizes = this.batchTicks();
    const top = sweeps[0]?.runs.at(-1)?.learning_rate ?? values.start;
    const floor = values.start / 3;  // "no stable α" sits below the grid, crossed
    const points = sweeps.map((sweep, i) => {
      const none = sweep.recommended === null;
      return { x: sizes[i], y: none ? floor : sweep.recommended, alpha: sweep.recommended, none, top: !none && sweep.recommended === top };
    });
    const set = this.batchChart.data.datasets[0];
    set.data = points;
    set.pointStyle = points.map((p) => (p.none ? 'crossRot' : p.top ? 'triangle' : 'circle'));
    set.pointBorderColor = points.map((p) => (p.none ? LABEL_COLORS.diverged : SERIES_COLORS[1]));
    set.pointBackgroundColor = points.map((p) => (p.none ? LABEL_COLORS.diverged : SERIES_COLORS[1]));
    set.pointBorderWidth = points.map((p) => (p.none ? 2.5 : 1));
    const x = this.batchChart.options.scales.x;
    x.min = sizes[0] / 1.4;
    x.max = sizes.at(-1) * 1.4;
    const y = this.batchChart.options.scales.y;
    y.min = floor / 1.5;
    y.max = top * 3;
    const annotations = {
      top: hline(top, `top of the grid ${formatNumber(top)}`, '#8894ac', 'start'),
    };
    const curvature = sweeps.at(-1)?.curvature;
    if (curvature && curvature.exact && curvature.divergence_rate < top * 3) {
      annotations.bound = hline(curvature.divergence_rate, `2/λmax = ${formatNumber(curvature.divergence_rate)} (full batch)`, LABEL_COLORS.diverged, 'start');
    }
    this.batchChart.options.plugins.annotation.annotations = annotations;
    redraw(this.batchChart);

    setChildren(this.batchStats, points.map((p) => h('div', { class: `stat${p.none ? ' none' : ''}`, dataset: { testid: `batch-best-${p.x === this.rows ? 'all' : p.x}` } },
      h('b', { class: 'mono' }, p.none ? 'none' : `${p.top ? '≥ ' : ''}${formatNumber(p.alpha)}`),
      h('span', {}, p.x === this.rows ? `all ${p.x} rows` : `batch ${p.x}`))));
    const stable = points.filter((p) => !p.none);
    const smallest = points[0];
    const full = points.at(-1);
    this.batchNote.textContent = smallest && full
      ? `Batch ${smallest.x}: ${smallest.none ? 'no stable α at all' : `stable up to ${formatNumber(smallest.alpha)}`}; all rows: ${full.none ? 'no stable α' : `stable up to ${formatNumber(full.alpha)}`}. ${stable.some((p) => p.top) ? 'A triangle means the sweep never left the stable range: the true edge lies above the grid. ' : ''}With tiny batches the logged loss is itself noisy, so the engine's diagnosis is harsher there.`
      : '';
    const text = `Largest stable α of mini-batch SGD by batch size: ${points.map((p) => `${p.x === this.rows ? 'all rows' : `batch ${p.x}`}: ${p.none ? 'none' : formatNumber(p.alpha)}`).join('; ')}.`;
    this.batchSummary.textContent = text;
    this.batchCanvas.setAttribute('aria-label', text);
  }

  // ---- (c) seed bands ----
  showBands(results, values) {
    const runs = results.map((r) => r.run);
    this.bandAlpha = values.band_rate;
    const steps = Math.max(...runs.map((r) => r.loss.length));
    const start = Math.max(...runs.map((r) => r.initial_loss).filter(Number.isFinite));
    const ceiling = Math.max(finiteMax(...runs.map((r) => r.loss)), start) * 1.5;
    const low = new Float64Array(steps), high = new Float64Array(steps), mid = new Float64Array(steps);
    const column = new Float64Array(runs.length);
    for (let t = 0; t < steps; ++t) {
      // A run that stopped (diverged) counts as +∞ from then on: it is the worst seed there.
      runs.forEach((r, i) => { const v = t < r.loss.length ? r.loss[t] : Infinity; column[i] = Number.isNaN(v) ? Infinity : v; });
      column.sort();
      low[t] = column[0];
      high[t] = column[column.length - 1];
      const m = column.length >> 1;
      mid[t] = column.length % 2 ? column[m] : (column[m - 1] + column[m]) / 2;
    }
    const [lowSet, highSet, midSet] = this.bandChart.data.datasets;
    lowSet.data = curvePoints(low, { ceiling });
    highSet.data = curvePoints(high, { ceiling });
    midSet.data = curvePoints(mid, { ceiling });
    highSet.label = `range over ${runs.length} seeds`;
    this.bandChart.options.scales.y.max = ceiling;
    redraw(this.bandChart);

    const finals = runs.map((r) => (r.diverged ? Infinity : r.final_loss)).sort((a, b) => a - b);
    const diverged = runs.filter((r) => r.diverged).length;
    const finite = finals.filter(Number.isFinite);
    const median = finals.length % 2 ? finals[finals.length >> 1] : (finals[finals.length / 2 - 1] + finals[finals.length / 2]) / 2;
    const spread = finite.length ? (finite.at(-1) - finite[0]) / finite[0] : NaN;
    const lastLogged = runs.filter((r) => !r.diverged).map((r) => r.loss[r.loss.length - 1]).sort((a, b) => a - b);
    const noisy = runs.some((r) => r.mini_batch);
    const name = OPTIMIZER_NAMES[values.band_optimizer];
    setChildren(this.bandCaption,
      h('p', {},
        `${name}, α = ${formatNumber(values.band_rate)}${noisy ? `, batches of ${Math.min(values.batch, this.rows)}` : ''}, ${runs.length} seeds. Final loss on all rows: median `,
        h('b', { class: 'mono' }, formatNumber(median, 4)),
        finite.length ? ', from ' : '', finite.length ? h('b', { class: 'mono' }, formatNumber(finite[0], 4)) : null,
        finite.length ? ' to ' : '', finite.length ? h('b', { class: 'mono' }, formatNumber(finite.at(-1), 4)) : null,
        finite.length ? ' — a spread of ' : '', finite.length ? h('b', { dataset: { testid: 'band-spread-value', value: String(spread) } }, formatPercent(spread, spread < 0.1 ? 1 : 0)) : null,
        '.', diverged ? ` ${diverged} of ${runs.length} seeds diverged.` : ''),
      h('p', { class: 'small muted' },
        noisy
          ? (lastLogged.length ? `The loss a training log shows on the last step's batch ranges from ${formatNumber(lastLogged[0], 3)} to ${formatNumber(lastLogged.at(-1), 3)}: read a noisy log through a smoothed curve, not step by step.` : '')
          : 'Full-batch GD uses every row at every step: no shuffling, so every seed draws the same curve.'));
    const text = `Loss over ${runs.length} seeds for ${name} at α = ${formatNumber(values.band_rate)}: final loss median ${formatNumber(median, 4)}${finite.length ? `, range ${formatNumber(finite[0], 4)} to ${formatNumber(finite.at(-1), 4)}` : ''}${diverged ? `; ${diverged} diverged` : ''}.`;
    this.bandSummary.textContent = text;
    this.bandCanvas.setAttribute('aria-label', text);
  }

  exportCsv() {
    if (!this.compare) return;
    const lines = ['optimizer,alpha,label,final_loss,reason'];
    this.compare.sweeps.forEach((sweep, i) => {
      for (const r of sweep.runs) lines.push([OPTIMIZERS[i][0], r.learning_rate, r.diagnosis.label, r.final_loss, `"${r.diagnosis.reason.replace(/"/g, '""')}"`].join(','));
    });
    download('optimizers-sweep.csv', lines.join('\n'), 'text/csv');
  }
}

function countLabels(runs) {
  const counts = {};
  for (const label of Object.keys(LABEL_COLORS)) {
    const n = runs.filter((r) => r.diagnosis.label === label).length;
    if (n) counts[label] = n;
  }
  return counts;
}

function hline(y, text, color, position) {
  return {
    type: 'line', yMin: y, yMax: y, borderColor: color, borderWidth: 1.5, borderDash: [6, 4],
    label: { display: true, content: text, position, backgroundColor: color, color: '#fff', font: { size: 10 } },
  };
}

/** The chart as PNG on the module's own background (light text stays readable in dark mode). */
function pngOf(chart) {
  return chartPng(chart, themeColor(chart.canvas, '--bg', '#ffffff'));
}


define('lr-lab-optimizers', Optimizers);
