// Sweep lab: the interactive tool. A log grid of learning rates, one short run each, every
// curve coloured and labelled by its diagnosis, final loss against α with the theory lines,
// and the recommendation — all computed live by the engine.
import { LabModule, define } from './base.js';
import { CONCEPTS } from './concepts.js';
import { loadDataset, forgetDataset } from '../engine/provider.js';
import { SWEEP_SECTION } from '../sections.js';
import { h, setChildren, setText, setProp, setClass, formatNumber, formatPercent, labelText, tidySentence, download, nextTask } from '../ui/dom.js';
import { createChart, redraw, curvePoints, cutAtDivergence, finiteMax, LABEL_MARKERS, LABEL_GLYPHS, logTicks, rateStyles, stackLineLabels, keepLineLabels, themeOf, lineAnnotation } from '../charts/charts.js';
import { engineSchema } from '../state.js';
import { figure, lossChart } from '../charts/figure.js';
import { sweepCsv, describeRun, fitGrid } from '../labs/sweep.js';
import { decodeCsvBytes } from '../labs/csv-file.js';

export const SECTION = SWEEP_SECTION;
/** The largest α the engine runs (its schema's limits): a grid is clipped there. */
const MAX_RATE = engineSchema.limits.max_learning_rate;

class SweepLab extends LabModule {
  static section = SECTION;
  static css = `
    .rec { display: flex; flex-wrap: wrap; gap: 1em; align-items: baseline; }
    .rec .alpha { font-size: 1.9em; font-weight: 800; font-variant-numeric: tabular-nums; }
    .legend-note { font-size: .85em; color: var(--muted); }
    .key { display: flex; flex-wrap: wrap; gap: .3em 1em; margin: .3em 0 .6em; font-size: .85em; color: var(--muted); }
    .key b { color: var(--fg); font-weight: 600; }
    .results { transition: opacity .2s; }
    .results.stale { opacity: .45; }
    .clip-note { margin: .5em 0; }
    td .badge { margin-right: .3em; }
    .csv { display: flex; flex-wrap: wrap; gap: .5em; align-items: center; }
    .csv input[type=file] { min-height: 44px; }
  `;

  render() {
    this.csv = null;  // {id, name, feature_names, target_name} of a loaded CSV
    const controls = this.controls(SECTION, ['dataset', 'scaling', 'model', 'optimizer', 'batch', 'start', 'factor', 'count', 'steps', 'seed', 'logy']);
    this.batchControl = controls.controls.get('batch');

    this.fileInput = h('input', { type: 'file', accept: '.csv,text/csv', 'aria-label': 'Load a CSV file' });
    this.targetInput = h('input', { type: 'text', placeholder: 'last column', 'aria-label': 'Target column' });
    this.csvStatus = h('span', { class: 'small muted', role: 'status' });
    this.fileInput.addEventListener('change', () => { this.csvBox.open = true; this.loadCsv(); });

    this.status = h('div', { role: 'status', 'aria-live': 'polite' });
    this.results = h('div', { class: 'results', dataset: { testid: 'sweep-results' } });
    this.progressBar = this.progress({
      label: 'Sweep progress', status: this.status, busy: this.results,
      onCancel: () => this.status.replaceChildren(h('p', { class: 'muted' }, 'Sweep cancelled.')),
    });
    this.recommendation = h('div', { class: 'callout' });
    this.lossFigure = figure({
      title: 'Loss per step, one curve per α', label: 'Loss curves of the sweep',
      exports: [{ png: 'sweep-loss.png', chart: () => this.lossChart }],
    });
    this.alphaFigure = figure({
      title: 'Final loss against α', label: 'Final loss against learning rate',
      exports: [{ png: 'sweep-alpha.png', chart: () => this.alphaChart }, { csv: () => this.exportCsv() }],
    });
    this.table = h('tbody');
    this.clipNote = h('p', { class: 'callout warn clip-note', role: 'status', hidden: true, dataset: { testid: 'sweep-clipped' } });

    this.root.append(
      this.card('Sweep lab',
        'Start small, climb a log scale, run short windows, compare the curves and take the largest rate that stays stable.',
        controls.element,
        this.csvBox = h('details', { class: 'own-data' },
          h('summary', {}, 'Sweep your own data (CSV)'),
          h('div', { class: 'csv' },
            h('label', { class: 'field' }, h('span', {}, 'Load your own CSV'), this.fileInput),
            h('label', { class: 'field' }, h('span', {}, 'Target column'), this.targetInput),
            this.csvStatus)),
        this.progressBar.element, this.status, this.clipNote, this.results));
    this.results.append(this.recommendation,
      h('section', { class: 'card' },
        h('div', { class: 'grid-2' }, this.lossFigure.element, this.alphaFigure.element),
        h('p', { class: 'key', dataset: { testid: 'marker-key' } },
          h('span', {}, 'Each α has its own colour; the marker at the end of a curve is its diagnosis:'),
          Object.keys(LABEL_MARKERS).map((label) => h('span', {}, h('b', { 'aria-hidden': 'true' }, LABEL_GLYPHS[label]), ' ',
            label === 'diverged' ? 'diverged (drawn up to where it left the chart)' : labelText(label)))),
        h('details', {},
          h('summary', {}, 'Every run in a table'),
          h('div', { class: 'table-wrap' },
            h('table', { class: 'stack' }, h('caption', { class: 'sr-only' }, 'Every run of the sweep with its diagnosis'),
              h('thead', {}, h('tr', {}, ['α', 'diagnosis', 'loss fell', 'final loss', 'why'].map((t) => h('th', { scope: 'col' }, t)))),
              this.table)))));

    this.whenSeen(() => this.createCharts());
    // A loaded CSV lives in the page's dataset registry (page engine and worker) as long as the lab does.
    this.own(() => {
      const id = this.csv?.id;
      this.csv = null;
      if (id !== undefined) forgetDataset(id);
    });
    this.subscribe(SECTION, () => this.requestRun());
    this.requestRun();
  }

  createCharts() {
    this.lossChart = this.ownChart(lossChart(this.lossFigure.canvas, { decimate: true }));
    this.alphaChart = this.ownChart(createChart(this.alphaFigure.canvas, {
      type: 'scatter',
      data: { datasets: [{ label: 'final loss', data: [], showLine: true, borderColor: themeOf(this.alphaFigure.canvas).neutral, borderWidth: 1.5, clip: false }] },
      options: {
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'learning rate α (log scale)' }, ticks: logTicks() },
          y: { type: 'logarithmic', title: { display: true, text: 'final loss' }, ticks: logTicks() },
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
    }));
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
      factor: values.factor,
      count: values.count,
    };
  }

  async run(ticket) {
    const values = this.store.get(SECTION);
    setProp(this.batchControl, 'disabled', values.optimizer === 'gd');
    if (values.dataset === 'csv') this.csvBox.open = true;
    if (values.dataset === 'csv' && !this.csv) {
      this.status.replaceChildren(h('p', { class: 'muted' }, 'Load a CSV file below to sweep on your own data; showing the house data meanwhile.'));
    }
    const request = this.request(values);
    // A grid that would climb past the largest α the engine runs is clipped there, and says so.
    const grid = fitGrid(values, MAX_RATE);
    request.count = grid.count;
    // Until the new results arrive, the old ones are marked as old (by the progress bar, when
    // the run outlasts its delay: a quick one changes nothing before its results).
    this.progressBar.start(grid.count, 'Running the sweep in the background…');
    const result = await this.runJob(ticket, 'runSweep', [request], { onProgress: (done, total) => this.progressBar.set(done, total) });
    if (!this.isCurrent(ticket)) return;  // a newer run superseded this one
    this.progressBar.finish();
    if (!result.ok) {
      if (result.cancelled) { this.results.classList.add('stale'); this.status.replaceChildren(h('p', { class: 'muted' }, 'Sweep cancelled: the results below are from the last finished sweep.')); return; }
      // Results of other settings never stay beside an error: the message takes their place.
      this.results.hidden = true;
      this.clipNote.hidden = true;
      this.showError(this.status, `${tidySentence(result.error)}.`.replace(/\.\.$/, '.'));
      return;
    }
    if (!(values.dataset === 'csv' && !this.csv) && this.status.firstChild) this.status.replaceChildren();
    setProp(this.results, 'hidden', false);
    setClass(this.results, 'stale', false);
    setProp(this.clipNote, 'hidden', !grid.clipped);
    setText(this.clipNote, grid.clipped
      ? `${grid.requested} rates from ${formatNumber(values.start)} would climb to α = ${formatNumber(grid.wouldReach)}, past the largest α the engine runs (${formatNumber(MAX_RATE)}). The grid stops there: ${grid.count} of the ${grid.requested} rates, up to α = ${formatNumber(grid.top)}. Lower the start, the step or the number of rates to see them all.`
      : '');
    this.show(result.value, values);
    this.emitRecommendation(result.value, values);
    // The first sweep runs by itself on load; the workflow lights up when the learner acts.
    this.completed = (this.completed || 0) + 1;
    if (this.completed > 1) this.announce(result.value, values);
  }

  /** 'lrlab-recommendation' when the largest stable α or the diagnoses changed (README "Embedding"). */
  emitRecommendation(sweep, values) {
    const best = sweep.recommended === null ? null : sweep.runs[sweep.recommended_index];
    const detail = {
      alpha: sweep.recommended,
      diagnosis: best ? best.diagnosis.label : null,
      advice: sweep.advice,
      stableMin: sweep.stable_min,
      stableMax: sweep.stable_max,
      runs: sweep.runs.map((run) => ({ alpha: run.learning_rate, diagnosis: run.diagnosis.label, finalLoss: run.final_loss })),
      settings: { ...values },
    };
    const key = JSON.stringify([detail.alpha, detail.runs]);
    if (key === this.lastRecommendation) return;
    this.lastRecommendation = key;
    this.emit('lrlab-recommendation', detail);
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
    const styles = rateStyles(runs.length);
    runs.forEach((run, i) => {
      const { color, dash } = styles[i];
      const label = run.diagnosis.label;
      const entry = datasets[i] || (datasets[i] = { data: [], borderWidth: 2 });
      entry.label = `α ${formatNumber(run.learning_rate)} · ${labelText(label)}`;
      entry.alpha = run.learning_rate;
      entry.borderColor = color;
      entry.backgroundColor = color;
      entry.borderDash = dash;
      entry.pointStyle = LABEL_MARKERS[label];  // the legend's symbol
      entry.endMarker = { style: LABEL_MARKERS[label], color, fill: label === 'too_low' || label === 'good' ? color : 'transparent' };
      // A run that blew up is drawn rising to the top edge, where its cross marks it diverged.
      // No point is drawn (the end marker is): plain options, resolved once per curve.
      entry.data = cutAtDivergence(curvePoints(run.loss, { ceiling, floor: logY ? 0 : -Infinity }));
      entry.pointRadius = 0;
      entry.pointBorderWidth = 1;
    });
    this.lossChart.options.scales.y.type = logY ? 'logarithmic' : 'linear';
    this.lossChart.options.scales.y.max = ceiling;
    redraw(this.lossChart);
    // User Timing mark for the page benchmark (tests/bench/page.mjs): the frame's chart drawn.
    performance.mark('lrlab:sweep-drawn');
    // The rest waits for the end of a drag (base.js afterInput): only the curves follow the slider.
    this.afterInput(() => this.showDetails(sweep, runs, theory));
  }

  /** The α chart of a sweep, then (showText) its recommendation, table and text summaries. */
  showDetails(sweep, runs, theory) {
    const styles = rateStyles(runs.length);
    // ---- final loss against α ----
    // A mini-batch α is judged on its batch orders' median full-data loss: plot that.
    const endOf = (r) => (r.band && Number.isFinite(r.band.median) ? r.band.median : r.final_loss);
    const finals = runs.map(endOf);
    const alphaCeiling = finiteMax(finals) * 10;
    const points = runs.map((r) => {
      const diverged = !Number.isFinite(endOf(r));
      return { x: r.learning_rate, y: diverged ? alphaCeiling : endOf(r), diverged, label: r.diagnosis.label };
    });
    const alphaSet = this.alphaChart.data.datasets[0];
    alphaSet.data = points;
    alphaSet.pointRadius = 7;
    alphaSet.pointHoverRadius = 9;
    alphaSet.pointBorderWidth = 2;
    alphaSet.pointBackgroundColor = points.map((p, i) => (p.label === 'good' || p.label === 'too_low' ? styles[i].color : 'transparent'));
    alphaSet.pointBorderColor = points.map((p, i) => styles[i].color);
    alphaSet.pointStyle = points.map((p) => LABEL_MARKERS[p.label]);
    this.alphaChart.options.scales.y.max = Number.isFinite(alphaCeiling) ? alphaCeiling * 1.5 : undefined;
    const annotations = {};
    const { label: colors } = themeOf(this.alphaChart);
    const line = (x, text, color, position, dash) => lineAnnotation(this.alphaChart, { x }, text, color, { position, dash });
    if (theory) {
      annotations.zigzag = line(theory.zigzag_rate, '1/λmax', colors.oscillating, 'start');
      annotations.diverge = line(theory.divergence_rate, '2/λmax', colors.diverged, 'center');
    }
    if (sweep.recommended !== null) annotations.pick = line(sweep.recommended, `pick ${formatNumber(sweep.recommended)}`, colors.good, 'end', [2, 0]);
    this.alphaChart.config.options.plugins.annotation.annotations = keepLineLabels(this.alphaChart, annotations);
    redraw(this.alphaChart);
    stackLineLabels(this.alphaChart);  // 1/λmax, 2/λmax and the pick never print over each other
    // The text in a task of its own (no long task after a drag), unless a newer sweep came.
    nextTask().then(() => { if (this.sweep === sweep) this.showText(sweep, runs, theory); });
  }

  /** The recommendation, the table and the text summaries of a sweep. */
  showText(sweep, runs, theory) {
    // ---- recommendation ----
    setChildren(this.recommendation,
      h('div', { class: 'rec' },
        h('span', {}, 'Largest stable α'),
        h('span', { class: 'alpha', dataset: { testid: 'recommended' } }, sweep.recommended === null ? 'none' : formatNumber(sweep.recommended)),
        sweep.recommended !== null && sweep.stable_min !== sweep.stable_max
          ? h('span', { class: 'muted' }, `stable from ${formatNumber(sweep.stable_min)} to ${formatNumber(sweep.stable_max)}`) : null),
      h('p', { dataset: { testid: 'sweep-advice' } }, `${tidySentence(sweep.advice)}.`),
      sweep.best_index >= 0 ? h('p', { class: 'small', dataset: { testid: 'best-in-window' } },
        `Most progress in this window: α = ${formatNumber(sweep.best_rate)}`,
        theory ? `; the loss diverges above 2/λmax = ${formatNumber(theory.divergence_rate)}` : '',
        sweep.edge_index >= 0 ? `; the first α of the grid that blew up: ${formatNumber(sweep.edge_rate)}` : '',
        sweep.recommended !== null && sweep.recommended !== sweep.best_rate
          ? `. The pick differs from it: ${sweep.recommended > sweep.best_rate ? 'a larger α kept a smooth drop within the margin of the best progress' : 'the best run was not a smooth drop'}.` : '.') : null,
      theory ? h('p', { class: 'small muted' },
        `Theory for this data (linear regression, full batch): λmax = ${formatNumber(theory.lambda_max)}, so weights start to zig-zag above 1/λmax = ${formatNumber(theory.zigzag_rate)} and the loss diverges above 2/λmax = ${formatNumber(theory.divergence_rate)}; κ = ${formatNumber(theory.condition_number)}.`) : null);
    this.recommendation.dataset.recommended = String(sweep.recommended);

    // ---- table and text summaries ----
    setChildren(this.table, runs.map((run) => h('tr', { dataset: { label: run.diagnosis.label } },
      h('td', { class: 'mono', dataset: { label: 'α' } }, formatNumber(run.learning_rate)),
      h('td', { dataset: { label: 'diagnosis' } }, h('span', { class: `badge ${run.diagnosis.label}` }, labelText(run.diagnosis.label))),
      h('td', { dataset: { label: 'loss fell' } }, run.diverged ? '—' : formatPercent(run.diagnosis.relative_drop)),
      h('td', { class: 'mono', dataset: { label: 'final loss' } }, run.band
        ? (run.band.diverged === run.band.final_losses.length ? 'diverged' : `${formatNumber(run.band.median, 4)} (median of ${run.band.final_losses.length})`)
        : run.diverged ? 'diverged' : formatNumber(run.final_loss, 4)),
      h('td', { class: 'small', dataset: { label: 'why' } }, tidySentence(run.diagnosis.reason)))));
    const summary = runs.map((run) => `α = ${formatNumber(run.learning_rate)}: ${describeRun(run)}`).join('; ');
    this.lossFigure.describe(`Loss curves of ${runs.length} runs. ${summary}.`, `Loss curves: ${summary}`);
    this.alphaFigure.describe(`Final loss against α. Largest stable α: ${sweep.recommended === null ? 'none' : formatNumber(sweep.recommended)}.${theory ? ` Theory: 1/λmax = ${formatNumber(theory.zigzag_rate)}, 2/λmax = ${formatNumber(theory.divergence_rate)}.` : ''}`);
    performance.mark('lrlab:sweep-details');
  }

  async loadCsv() {
    const file = this.fileInput.files[0];
    if (!file) return;
    const engine = await this.engine();
    const limit = engine.defaults.limits.max_csv_bytes;  // the engine's own limit, checked before reading
    if (file.size > limit) {
      this.csvStatus.textContent = `This file is ${(file.size / 1048576).toFixed(1)} MB; the limit is ${formatNumber(limit / 1048576)} MB — use a sample of the rows.`;
      this.csvStatus.className = 'small error';
      return;
    }
    this.csvStatus.textContent = 'Reading…';
    const decoded = decodeCsvBytes(await file.arrayBuffer());  // from the bytes: BOM, UTF-16
    if (!decoded.ok) {
      this.csvStatus.textContent = decoded.error;
      this.csvStatus.className = 'small error';
      return;
    }
    const result = await loadDataset(decoded.text, { target: this.targetInput.value.trim(), name: file.name });
    if (!result.ok) {
      this.csvStatus.textContent = result.error;
      this.csvStatus.className = 'small error';
      return;
    }
    if (this.csv) forgetDataset(this.csv.id);
    this.csv = result.value;
    this.csvStatus.className = 'small muted';
    this.csvStatus.textContent = `${this.csv.name}: ${this.csv.rows} rows; features ${this.csv.feature_names.join(', ')}; target ${this.csv.target_name}.`;
    if (this.store.get(SECTION).dataset === 'csv') this.requestRun();
    else this.store.set(SECTION, { dataset: 'csv' });
  }

  exportCsv() {
    if (this.sweep) download('sweep.csv', sweepCsv(this.sweep.runs), 'text/csv');
  }
}

define('lr-lab-sweep', SweepLab);
