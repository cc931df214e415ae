// Sweep lab: the interactive tool. A log grid of learning rates, one short run each, every
// curve coloured and labelled by its diagnosis, final loss against α with the theory lines,
// and the recommendation — all computed live by the engine.
import { LabModule, define } from './base.js';
import { defineSection, store } from '../state.js';
import { renderControls } from '../ui/controls.js';
import { h, setChildren, formatNumber, formatPercent, labelText, download } from '../ui/dom.js';
import { createChart, redraw, curvePoints, setCurve, finiteMax, LABEL_COLORS, chartPng, logTick } from '../charts/charts.js';
import { runHeavy } from '../engine/provider.js';
import { CONCEPTS } from './concepts.js';

export const SECTION = 'sweep';

defineSection(SECTION, {
  dataset: { type: 'enum', label: 'Data', default: 'house', choices: [['house', 'House prices'], ['two_class', 'Two classes'], ['nonlinear', 'Non-linear'], ['csv', 'Your CSV']] },
  scaling: { type: 'enum', label: 'Feature scaling', default: 'none', choices: [['none', 'none (raw units)'], ['min_max', 'min-max'], ['z_score', 'z-score']] },
  model: { type: 'enum', label: 'Model', default: 'linear', choices: [['linear', 'linear regression'], ['logistic', 'logistic regression'], ['mlp', 'MLP (1 hidden layer)']] },
  optimizer: { type: 'enum', label: 'Optimizer', default: 'gd', choices: [['gd', 'GD (full batch)'], ['sgd', 'mini-batch SGD'], ['momentum', 'momentum'], ['nesterov', 'Nesterov'], ['rmsprop', 'RMSProp'], ['adam', 'Adam']] },
  batch: { type: 'int', label: 'Batch size (0 = all rows)', default: 16, min: 0, max: 100000, help: 'rows per step; GD always uses all rows, SGD needs at least 1' },
  start: { type: 'number', label: 'Start α', default: 1e-4, min: 1e-7, max: 10, log: true, step: 0.5 },
  factor: { type: 'enum', label: 'Step', default: 'x3', choices: [['x3', '×3 (1-3-10)'], ['x10', '×10'], ['x2', '×2']] },
  count: { type: 'int', label: 'Rates', default: 9, min: 2, max: 25, slider: true },
  steps: { type: 'int', label: 'Window (steps)', default: 200, min: 5, max: 5000, slider: true, step: 5 },
  seed: { type: 'int', label: 'Seed', default: 1, min: 0, max: 999999 },
  logy: { type: 'bool', label: 'Log-scale loss', default: true },
});

/** Estimated work (rows touched × steps × rates) above which a sweep runs in the worker
 *  with a progress bar and a cancel button. Full-batch linear regression runs on the Gram
 *  matrix, so its rows do not count. */
const HEAVY_WORK = 5e6;

class SweepLab extends LabModule {
  static css = `
    .rec { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; }
    .rec .alpha { font-size: 1.9rem; font-weight: 800; font-variant-numeric: tabular-nums; }
    .legend-note { font-size: .85rem; color: var(--muted); }
    .labels { display: flex; flex-wrap: wrap; gap: .4rem; margin: .3rem 0 .6rem; }
    td .badge { margin-right: .3rem; }
    .csv { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
    .csv input[type=file] { min-height: 44px; }
  `;

  render() {
    this.csv = null;  // {id, name, feature_names, target_name} of a loaded CSV
    const controls = renderControls(SECTION, ['dataset', 'scaling', 'model', 'optimizer', 'batch', 'start', 'factor', 'count', 'steps', 'seed', 'logy']);
    this.batchControl = controls.controls.get('batch');

    this.fileInput = h('input', { type: 'file', accept: '.csv,text/csv', 'aria-label': 'Load a CSV file' });
    this.targetInput = h('input', { type: 'text', placeholder: 'last column', 'aria-label': 'Target column' });
    this.csvStatus = h('span', { class: 'small muted', role: 'status' });
    this.fileInput.addEventListener('change', () => this.loadCsv());

    this.status = h('div', { role: 'status', 'aria-live': 'polite' });
    this.progress = h('div', { class: 'progress', hidden: true },
      h('progress', { max: 1, value: 0, 'aria-label': 'Sweep progress' }),
      h('button', { class: 'secondary', type: 'button', onclick: () => this.cancel() }, 'Cancel'));
    this.recommendation = h('div', { class: 'callout' });
    this.lossCanvas = h('canvas', { role: 'img', 'aria-label': 'Loss curves of the sweep' });
    this.alphaCanvas = h('canvas', { role: 'img', 'aria-label': 'Final loss against learning rate' });
    this.lossSummary = h('p', { class: 'sr-only' });
    this.alphaSummary = h('p', { class: 'sr-only' });
    this.table = h('tbody');

    this.root.append(
      this.card('Sweep lab',
        'Start small, climb a log scale, run short windows, compare the curves and take the largest rate that stays stable.',
        controls.element,
        h('div', { class: 'csv' },
          h('label', { class: 'field' }, h('span', {}, 'Load your own CSV'), this.fileInput),
          h('label', { class: 'field' }, h('span', {}, 'Target column'), this.targetInput),
          this.csvStatus),
        this.progress, this.status, this.recommendation),
      h('section', { class: 'card' },
        h('div', { class: 'grid-2' },
          h('figure', { style: 'margin:0' },
            h('figcaption', {}, h('h4', {}, 'Loss per step, one curve per α')),
            h('div', { class: 'chart' }, this.lossCanvas), this.lossSummary,
            h('div', { class: 'toolbar' },
              h('button', { class: 'secondary', type: 'button', onclick: () => this.exportPng(this.lossChart, 'sweep-loss.png') }, 'PNG'))),
          h('figure', { style: 'margin:0' },
            h('figcaption', {}, h('h4', {}, 'Final loss against α')),
            h('div', { class: 'chart' }, this.alphaCanvas), this.alphaSummary,
            h('div', { class: 'toolbar' },
              h('button', { class: 'secondary', type: 'button', onclick: () => this.exportPng(this.alphaChart, 'sweep-alpha.png') }, 'PNG'),
              h('button', { class: 'secondary', type: 'button', onclick: () => this.exportCsv() }, 'CSV')))),
        h('div', { class: 'labels', 'aria-hidden': 'true' },
          Object.keys(LABEL_COLORS).map((label) => h('span', { class: `badge ${label}` }, labelText(label)))),
        h('div', { class: 'table-wrap' },
          h('table', {}, h('caption', { class: 'sr-only' }, 'Every run of the sweep with its diagnosis'),
            h('thead', {}, h('tr', {}, ['α', 'diagnosis', 'loss fell', 'final loss', 'why'].map((t) => h('th', { scope: 'col' }, t)))),
            this.table))));

    this.createCharts();
    this.unsubscribe = store.subscribe(SECTION, () => this.schedule());
    this.schedule();
  }

  disconnectedCallback() {
    // Charts and subscriptions live as long as the element.
  }

  createCharts() {
    this.lossChart = createChart(this.lossCanvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step' } },
          y: { type: 'logarithmic', title: { display: true, text: 'loss' }, ticks: { callback: logTick } },
        },
        plugins: {
          // Long windows are thinned to what the canvas can show (largest-triangle-three-
          // buckets keeps the shape, spikes included) so dragging stays smooth.
          decimation: { enabled: true, algorithm: 'lttb', samples: 120, threshold: 240 },
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              title: (items) => items.length ? `α = ${formatNumber(items[0].dataset.alpha)} · step ${items[0].raw.x}` : '',
              label: (item) => item.raw.diverged ? 'loss: diverged (beyond the axis)' : `loss: ${formatNumber(item.raw.y, 4)}`,
            },
          },
        },
      },
    });
    this.alphaChart = createChart(this.alphaCanvas, {
      type: 'scatter',
      data: { datasets: [{ label: 'final loss', data: [], showLine: true, borderColor: '#8894ac', borderWidth: 1.5 }] },
      options: {
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'learning rate α (log scale)' }, ticks: { callback: logTick } },
          y: { type: 'logarithmic', title: { display: true, text: 'final loss' }, ticks: { callback: logTick } },
        },
        plugins: {
          legend: { display: false },
          annotation: { annotations: {} },
          tooltip: {
            callbacks: {
              label: (item) => `α = ${formatNumber(item.raw.x)}: ${item.raw.diverged ? 'diverged' : `final loss ${formatNumber(item.raw.y, 4)}`} (${labelText(item.raw.label)})`,
            },
          },
        },
      },
    });
  }

  /**
   * Runs now when idle (an input is answered in the same frame); while a run is in flight,
   * further changes of a slider drag coalesce into one more run when it ends.
   */
  schedule() {
    if (this.running) { this.dirty = true; return; }
    this.running = true;
    queueMicrotask(async () => {
      try {
        do {
          this.dirty = false;
          await this.run();
        } while (this.dirty);
      } finally {
        this.running = false;
      }
    });
  }

  /** The engine request for the current settings. */
  request(values) {
    const dataset = values.dataset === 'csv' ? (this.csv ? this.csv.id : 'house') : values.dataset;
    const usesBatch = values.optimizer !== 'gd';
    return {
      data: { dataset, scaling: values.scaling, model: values.model },
      optimizer: { kind: values.optimizer, batch_size: usesBatch ? values.batch : 0 },
      steps: values.steps,
      seed: values.seed,
      start: values.start,
      factor: values.factor === 'x2' ? '2' : values.factor,
      count: values.count,
    };
  }

  async run() {
    const values = store.get(SECTION);
    this.batchControl.disabled = values.optimizer === 'gd';
    if (values.dataset === 'csv' && !this.csv) {
      this.status.replaceChildren(h('p', { class: 'muted' }, 'Load a CSV file below to sweep on your own data; showing the house data meanwhile.'));
    }
    const request = this.request(values);
    const rows = this.csv ? this.csv.rows : 150;
    const gram = values.model === 'linear' && values.optimizer !== 'sgd' && !(values.optimizer !== 'gd' && values.batch > 0 && values.batch < rows);
    const perStep = gram ? 1 : (values.optimizer === 'gd' ? rows : Math.min(values.batch, rows)) * (values.model === 'mlp' ? 10 : 1);
    const heavy = perStep * values.steps * values.count > HEAVY_WORK;
    const token = (this.token = (this.token || 0) + 1);
    let result;
    if (heavy) {
      const bar = this.progress.querySelector('progress');
      bar.value = 0;
      this.progress.hidden = false;
      this.progress.querySelector('button').focus({ preventScroll: true });
      this.status.replaceChildren(h('p', {}, 'Running the sweep in the background…'));
      this.job = runHeavy('runSweep', [request], { onProgress: (done, total) => { bar.max = total; bar.value = done; } });
      result = await this.job.promise;
      this.job = null;
      this.progress.hidden = true;
    } else {
      const engine = await this.engine();
      result = await engine.runSweep(request);
    }
    if (token !== this.token) return;  // a newer run superseded this one
    if (!result.ok) {
      if (result.cancelled) { this.status.replaceChildren(h('p', { class: 'muted' }, 'Sweep cancelled.')); return; }
      this.showError(this.status, result.error);
      return;
    }
    if (!(values.dataset === 'csv' && !this.csv)) this.status.replaceChildren();
    this.show(result.value, values);
    // The first sweep runs by itself on load; the workflow lights up when the learner acts.
    this.completed = (this.completed || 0) + 1;
    if (this.completed > 1) this.announce(result.value, values);
  }

  announce(sweep, values) {
    this.activity('log-sweep', CONCEPTS.sweepWorkflow);
    this.activity('short-windows');
    this.activity('compare', CONCEPTS.curveShapes);
    if (sweep.recommended !== null) this.activity('pick-largest', CONCEPTS.largestStable);
    if (values.scaling !== 'none') this.activity(null, CONCEPTS.featureScaling);
    if (values.optimizer === 'sgd') this.activity(null, CONCEPTS.batchNoise);
    if (values.optimizer === 'momentum' || values.optimizer === 'nesterov' || values.optimizer === 'adam') this.activity(null, CONCEPTS.momentumAdam);
  }

  cancel() {
    if (this.job) this.job.cancel();
  }

  show(sweep, values) {
    this.sweep = sweep;
    const runs = sweep.runs;
    const theory = sweep.curvature;
    // Charts first: their layout reads then see a clean layout, before the DOM below changes.
    // ---- loss curves ----
    const logY = values.logy;
    // Curves that blow up leave the axis at 10× (log) or 2× (linear) the worst start and
    // are drawn clamped there with a cross: visible as divergence, not squashing the rest.
    const start = Math.max(...runs.map((r) => r.initial_loss).filter(Number.isFinite));
    const ceiling = start * (logY ? 10 : 2);
    const datasets = this.lossChart.data.datasets;
    datasets.length = runs.length;
    runs.forEach((run, i) => {
      const color = LABEL_COLORS[run.diagnosis.label];
      const entry = datasets[i] || (datasets[i] = { data: [], borderWidth: 2 });
      entry.label = `α ${formatNumber(run.learning_rate)} · ${labelText(run.diagnosis.label)}`;
      entry.alpha = run.learning_rate;
      entry.borderColor = color;
      entry.backgroundColor = color;
      setCurve(entry, curvePoints(run.loss, { ceiling, floor: logY ? 0 : -Infinity }));
    });
    this.lossChart.options.scales.y.type = logY ? 'logarithmic' : 'linear';
    this.lossChart.options.scales.y.max = ceiling;
    redraw(this.lossChart);

    // ---- final loss against α ----
    const finals = runs.map((r) => r.final_loss);
    const alphaCeiling = finiteMax(finals) * 10;
    const points = runs.map((r) => {
      const diverged = !Number.isFinite(r.final_loss);
      return { x: r.learning_rate, y: diverged ? alphaCeiling : r.final_loss, diverged, label: r.diagnosis.label };
    });
    const alphaSet = this.alphaChart.data.datasets[0];
    alphaSet.data = points;
    alphaSet.pointRadius = 6;
    alphaSet.pointHoverRadius = 8;
    alphaSet.pointBackgroundColor = points.map((p) => LABEL_COLORS[p.label]);
    alphaSet.pointBorderColor = points.map((p) => LABEL_COLORS[p.label]);
    alphaSet.pointStyle = points.map((p) => (p.diverged ? 'crossRot' : 'circle'));
    this.alphaChart.options.scales.y.max = Number.isFinite(alphaCeiling) ? alphaCeiling * 1.5 : undefined;
    const annotations = {};
    if (theory) {
      annotations.zigzag = line(theory.zigzag_rate, '1/λmax', '#d9730d', 'start');
      annotations.diverge = line(theory.divergence_rate, '2/λmax', '#d12c3d', 'center');
    }
    if (sweep.recommended !== null) annotations.pick = line(sweep.recommended, `pick ${formatNumber(sweep.recommended)}`, '#1d8a45', 'end', [2, 0]);
    this.alphaChart.options.plugins.annotation.annotations = annotations;
    redraw(this.alphaChart);
    // User Timing marks for the page benchmark (tests/bench/page.mjs): charts drawn.
    performance.mark('lrlab:sweep-drawn');

    // ---- recommendation ----
    setChildren(this.recommendation,
      h('div', { class: 'rec' },
        h('span', {}, 'Largest stable α'),
        h('span', { class: 'alpha', dataset: { testid: 'recommended' } }, sweep.recommended === null ? 'none' : formatNumber(sweep.recommended)),
        sweep.recommended !== null && sweep.stable_min !== sweep.stable_max
          ? h('span', { class: 'muted' }, `stable from ${formatNumber(sweep.stable_min)} to ${formatNumber(sweep.stable_max)}`) : null),
      h('p', {}, sweep.advice[0].toUpperCase() + sweep.advice.slice(1) + '.'),
      theory ? h('p', { class: 'small muted' },
        `Theory for this data (linear regression, full batch): λmax = ${formatNumber(theory.lambda_max)}, so weights start to zig-zag above 1/λmax = ${formatNumber(theory.zigzag_rate)} and the loss diverges above 2/λmax = ${formatNumber(theory.divergence_rate)}; κ = ${formatNumber(theory.condition_number)}.`) : null);
    this.recommendation.dataset.recommended = String(sweep.recommended);

    // ---- table and text summaries ----
    setChildren(this.table, runs.map((run) => h('tr', { dataset: { label: run.diagnosis.label } },
      h('td', { class: 'mono' }, formatNumber(run.learning_rate)),
      h('td', {}, h('span', { class: `badge ${run.diagnosis.label}` }, labelText(run.diagnosis.label))),
      h('td', {}, run.diverged ? '—' : formatPercent(run.diagnosis.relative_drop)),
      h('td', { class: 'mono' }, run.diverged ? 'diverged' : formatNumber(run.final_loss, 4)),
      h('td', { class: 'small' }, run.diagnosis.reason))));
    const summary = runs.map((run) => `α = ${formatNumber(run.learning_rate)}: ${describe(run)}`).join('; ');
    this.lossSummary.textContent = `Loss curves of ${runs.length} runs. ${summary}.`;
    this.lossCanvas.setAttribute('aria-label', `Loss curves: ${summary}`);
    const alphaText = `Final loss against α. Largest stable α: ${sweep.recommended === null ? 'none' : formatNumber(sweep.recommended)}.${theory ? ` Theory: 1/λmax = ${formatNumber(theory.zigzag_rate)}, 2/λmax = ${formatNumber(theory.divergence_rate)}.` : ''}`;
    this.alphaSummary.textContent = alphaText;
    this.alphaCanvas.setAttribute('aria-label', alphaText);
  }

  async loadCsv() {
    const file = this.fileInput.files[0];
    if (!file) return;
    if (file.size > 50 * 1024 * 1024) {
      this.csvStatus.textContent = `This file is ${(file.size / 1048576).toFixed(1)} MB; the limit is 50 MB — use a sample of the rows.`;
      this.csvStatus.className = 'small error';
      return;
    }
    this.csvStatus.textContent = 'Reading…';
    const text = await file.text();
    const engine = await this.engine();
    const result = await engine.loadCsv(text, { target: this.targetInput.value.trim(), name: file.name });
    if (!result.ok) {
      this.csvStatus.textContent = result.error;
      this.csvStatus.className = 'small error';
      return;
    }
    if (this.csv) engine.forgetDataset(this.csv.id);
    this.csv = result.value;
    this.csvStatus.className = 'small muted';
    this.csvStatus.textContent = `${this.csv.name}: ${this.csv.rows} rows; features ${this.csv.feature_names.join(', ')}; target ${this.csv.target_name}.`;
    if (store.get(SECTION).dataset === 'csv') this.schedule();
    else store.set(SECTION, { dataset: 'csv' });
  }

  exportPng(chart, name) {
    download(name, chartPng(chart));
  }

  exportCsv() {
    if (!this.sweep) return;
    const runs = this.sweep.runs;
    const steps = Math.max(...runs.map((r) => r.loss.length));
    const header = ['step', ...runs.map((r) => `loss_alpha_${r.learning_rate}`)];
    const lines = [header.join(',')];
    for (let t = 0; t < steps; ++t) lines.push([t, ...runs.map((r) => (t < r.loss.length ? r.loss[t] : ''))].join(','));
    lines.push('');
    lines.push('alpha,label,final_loss,relative_drop,progress,flip_fraction,rise_after_min,blowup_ratio,reason');
    for (const r of runs) {
      const d = r.diagnosis;
      lines.push([r.learning_rate, d.label, r.final_loss, d.relative_drop, d.progress, d.flip_fraction, d.rise_after_min, d.blowup_ratio, `"${d.reason.replace(/"/g, '""')}"`].join(','));
    }
    download('sweep.csv', lines.join('\n'), 'text/csv');
  }
}

function line(x, text, color, position, dash = [6, 4]) {
  return {
    type: 'line', xMin: x, xMax: x, borderColor: color, borderWidth: 2, borderDash: dash,
    label: { display: true, content: text, position, backgroundColor: color, color: '#fff', font: { size: 11 } },
  };
}


function describe(run) {
  const d = run.diagnosis;
  if (run.diverged) return `${labelText(d.label)} at step ${run.diverged_at}`;
  return `loss fell ${formatPercent(d.relative_drop)}, ${labelText(d.label)}`;
}

define('lr-lab-sweep', SweepLab);
