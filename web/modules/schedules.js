// Schedules: build a learning-rate schedule, see α(t) and the loss it produces step by step,
// beside the same run at a constant α = peak. The two charts share the step axis: hovering (or
// the keyboard step slider) highlights the same step in both. Everything is computed live.
import { LabModule, define } from './base.js';
import { defineSection, store } from '../state.js';
import { renderControls } from '../ui/controls.js';
import { h, setChildren, formatNumber, labelText, download } from '../ui/dom.js';
import { createChart, redraw, curvePoints, chartPng, divergedPointStyle, themeColor, logTick } from '../charts/charts.js';
import { CONCEPTS } from './concepts.js';

export const SECTION = 'schedules';

const KINDS = [
  ['constant', 'constant'],
  ['step', 'step decay'],
  ['exponential', 'exponential decay'],
  ['warmup_cosine', 'warm-up + cosine'],
  ['sgdr', 'SGDR (warm restarts)'],
  ['triangular', 'triangular (cyclical)'],
  ['one_cycle', 'one-cycle'],
];

defineSection(SECTION, {
  kind: { type: 'enum', label: 'Schedule', default: 'warmup_cosine', choices: KINDS },
  peak: { type: 'number', label: 'Peak α', default: 0.1, min: 1e-6, max: 10, log: true, step: 0.1, help: 'the largest learning rate of the schedule (the optimizer’s α)' },
  steps: { type: 'int', label: 'Window (steps)', default: 300, min: 20, max: 2000, slider: true, step: 10 },
  gamma: { type: 'number', label: 'Drop factor γ', default: 0.5, min: 0.05, max: 1, slider: true, step: 0.05, help: 'step decay: α is multiplied by γ at every drop' },
  step_size: { type: 'int', label: 'Steps between drops', default: 50, min: 1, max: 1000, slider: true, step: 1 },
  exp_gamma: { type: 'number', label: 'Decay per step γ', default: 0.99, min: 0.9, max: 1, slider: true, step: 0.001, help: 'exponential decay: α is multiplied by γ every step' },
  warmup_steps: { type: 'int', label: 'Warm-up steps', default: 20, min: 0, max: 1000, slider: true, step: 1, help: 'length of the linear ramp from α/W up to α; must be below the window' },
  min_lr: { type: 'number', label: 'Floor α (min_lr)', default: 0, min: 0, max: 10, help: 'the cosine ends here (absolute, below the peak)' },
  cycle_steps: { type: 'int', label: 'First cycle (steps)', default: 50, min: 1, max: 1000, slider: true, step: 1, help: 'T₀: length of the first cosine cycle' },
  cycle_mult: { type: 'number', label: 'Cycle growth ×', default: 2, min: 1, max: 4, slider: true, step: 0.5, help: 'T_mult: each cycle is this many times longer than the last' },
  half_cycle: { type: 'int', label: 'Half-cycle (steps)', default: 50, min: 1, max: 1000, slider: true, step: 1, help: 'steps from the lower bound up to the peak (and as many back down)' },
  base_lr: { type: 'number', label: 'Lower bound α', default: 0, min: 0, max: 10, help: '0 means peak ÷ 10; otherwise an absolute rate below the peak' },
  pct_start: { type: 'number', label: 'Rising part', default: 0.3, min: 0.05, max: 0.95, slider: true, step: 0.05, help: 'fraction of the run spent climbing to the peak' },
  div_factor: { type: 'number', label: 'Start = peak ÷', default: 25, min: 1, max: 10000, help: 'the first α is peak ÷ this' },
  final_div_factor: { type: 'number', label: 'End = start ÷', default: 10000, min: 1, max: 1000000, help: 'the last α is the first α ÷ this' },
  dataset: { type: 'enum', label: 'Data', default: 'house', choices: [['house', 'House prices'], ['two_class', 'Two classes'], ['nonlinear', 'Non-linear']] },
  scaling: { type: 'enum', label: 'Feature scaling', default: 'z_score', choices: [['none', 'none (raw units)'], ['min_max', 'min-max'], ['z_score', 'z-score']] },
  model: { type: 'enum', label: 'Model', default: 'linear', choices: [['linear', 'linear regression'], ['logistic', 'logistic regression'], ['mlp', 'MLP (1 hidden layer)']] },
  optimizer: { type: 'enum', label: 'Optimizer', default: 'sgd', choices: [['sgd', 'mini-batch SGD'], ['gd', 'GD (full batch)'], ['momentum', 'momentum'], ['adam', 'Adam']] },
  batch: { type: 'int', label: 'Batch size', default: 16, min: 1, max: 100000, help: 'rows per step for SGD, momentum and Adam; GD always uses every row' },
  seed: { type: 'int', label: 'Seed', default: 1, min: 0, max: 999999 },
});

/** Each schedule's own settings (schema key → engine key) and when it is used. */
const KIND_INFO = {
  constant: {
    settings: {},
    use: 'One α for the whole run: the baseline every schedule is measured against. It has to be small enough for the noisiest step of the run, so it is usually too cautious early or too jumpy late.',
  },
  step: {
    settings: { gamma: 'gamma', step_size: 'step_size' },
    use: 'Drop α by γ every few steps: large steps early to make progress, small steps late to settle into the minimum instead of bouncing around it. The classic recipe for long image-classification runs.',
  },
  exponential: {
    settings: { exp_gamma: 'gamma' },
    use: 'Multiply α by γ every step: a smooth version of step decay. γ must be close to 1 (0.99 halves α in about 70 steps) or the rate vanishes before the run has learned anything.',
  },
  warmup_cosine: {
    settings: { warmup_steps: 'warmup_steps', min_lr: 'min_lr' },
    use: 'Warm-up protects the first steps, when the weights are random, gradients are large and Adam’s moment estimates rest on a handful of samples (Goyal et al. 2017); the cosine then shrinks the steps smoothly so the run settles into the minimum (Loshchilov & Hutter 2017). The default of most modern training recipes.',
  },
  sgdr: {
    settings: { cycle_steps: 'cycle_steps', cycle_mult: 'cycle_mult', min_lr: 'min_lr' },
    use: 'Cosine decay that restarts at the peak, each cycle longer than the last: a restart can kick the weights out of a poor region, and the end of every cycle is a usable snapshot (Loshchilov & Hutter 2017, “SGDR”).',
  },
  triangular: {
    settings: { half_cycle: 'step_size', base_lr: 'base_lr' },
    use: 'α climbs linearly from a lower bound to the peak and back, over and over (Smith 2017, “Cyclical Learning Rates”): no decay to tune, and Smith reads both bounds off an LR range test.',
  },
  one_cycle: {
    settings: { pct_start: 'pct_start', div_factor: 'div_factor', final_div_factor: 'final_div_factor' },
    use: 'One warm-up from peak ÷ 25 to a large peak, then a long cosine descent far below the start (Smith & Topin 2019, “Super-Convergence”): the high middle phase regularises, the tail settles. fastai’s fit_one_cycle uses it.',
  },
};

const TRAINING_KEYS = ['dataset', 'scaling', 'model', 'optimizer', 'batch', 'seed'];
const SCHEDULE_KEYS = ['kind', 'peak', 'steps', ...new Set(Object.values(KIND_INFO).flatMap((k) => Object.keys(k.settings)))];
const CONSTANT_COLOR = '#d9730d';
const CURSOR_COLOR = '#8894ac';
/** Both charts reserve the same width for the y axis so their steps line up vertically. */
const Y_AXIS_WIDTH = 64;

class Schedules extends LabModule {
  static css = `
    figure { margin: 0; }
    .groups h4 { margin-top: .25rem; }
    .why { margin-bottom: 0; }
    .edge { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-top: .75rem; }
    .edge p { margin: 0; flex: 1 1 16rem; }
    [aria-invalid=true] { outline: 2px solid var(--diverged); outline-offset: 2px; border-radius: 6px; }
    /* Settings the engine rejects: the charts keep the last valid run, dimmed; its numbers hide. */
    .stale .chart { opacity: .35; }
    .stale .inspect, .stale .outcome, .stale .verdict { display: none; }
    .inspect { display: grid; grid-template-columns: minmax(0, 1fr); gap: .25rem; margin: .5rem 0; }
    .inspect output { font-variant-numeric: tabular-nums; }
    .outcome { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .6rem; margin: .75rem 0 .25rem; }
    @container (max-width: 520px) { .outcome { grid-template-columns: minmax(0, 1fr); } }
    .outcome .stat { border-left: 4px solid var(--series); }
    .outcome .schedule { --series: var(--accent); } .outcome .constant { --series: #d9730d; }
    .outcome .stat b { font-size: 1.35rem; }
    /* Uppercase would turn α into a capital alpha that reads as "A". */
    .field > span { text-transform: none; letter-spacing: 0; font-size: .85rem; }
  `;

  render() {
    const scheduleControls = renderControls(SECTION, SCHEDULE_KEYS);
    const training = renderControls(SECTION, TRAINING_KEYS);
    this.controlOf = scheduleControls.controls;
    this.fieldOf = new Map([...scheduleControls.controls].map(([key, control]) => [key, control.closest('.field')]));
    this.batchControl = training.controls.get('batch');

    this.why = h('p', { class: 'callout why' });
    this.edgeStatus = h('p', { class: 'small muted', role: 'status', 'aria-live': 'polite' },
      'Find the edge for this setup with a sweep and set the peak just above it, where a constant α struggles.');
    this.error = h('div', { role: 'alert' });
    this.alphaCanvas = h('canvas', { role: 'img', 'aria-label': 'Learning rate per step' });
    this.lossCanvas = h('canvas', { role: 'img', 'aria-label': 'Loss per step' });
    this.alphaSummary = h('p', { class: 'sr-only' });
    this.lossSummary = h('p', { class: 'sr-only' });
    this.stepInput = h('input', { id: 'schedules-inspect', type: 'range', min: 0, max: 299, step: 1, value: 0 });
    this.stepOutput = h('output', { for: 'schedules-inspect', class: 'small' });
    this.stepInput.addEventListener('input', () => this.inspect(Number(this.stepInput.value)));
    this.stepInput.addEventListener('blur', () => this.inspect(null));
    this.scheduleFinal = h('b', { class: 'mono', dataset: { testid: 'schedule-final-loss' } }, '—');
    this.constantFinal = h('b', { class: 'mono', dataset: { testid: 'constant-final-loss' } }, '—');
    this.scheduleName = h('span', {});
    this.constantName = h('span', {});
    this.verdict = h('p', {});
    this.figures = h('div', {});

    this.root.append(
      this.card('Schedule builder',
        'Pick a schedule and its peak α; the same training run is repeated at a constant α = peak so you can see what the schedule buys.',
        h('div', { class: 'grid-2 groups' },
          h('div', {}, h('h4', {}, 'Schedule'), scheduleControls.element),
          h('div', {}, h('h4', {}, 'Training setup'), training.element)),
        this.why,
        h('div', { class: 'edge' },
          h('button', { class: 'secondary', type: 'button', onclick: () => this.pushPastEdge() }, 'Peak just past the stable edge'),
          this.edgeStatus)),
      h('section', { class: 'card' },
        this.error,
        h('div', { class: 'figures' },
          h('figure', {},
            h('figcaption', {}, h('h4', {}, 'Learning rate α per step')),
            h('div', { class: 'chart short' }, this.alphaCanvas), this.alphaSummary,
            h('div', { class: 'toolbar' },
              h('button', { class: 'secondary', type: 'button', onclick: () => download('schedule-alpha.png', chartPng(this.alphaChart, themeColor(this.alphaCanvas, '--bg', '#ffffff'))) }, 'PNG'))),
          h('figure', {},
            h('figcaption', {}, h('h4', {}, 'Loss per step: schedule vs constant α')),
            h('div', { class: 'chart' }, this.lossCanvas), this.lossSummary,
            h('div', { class: 'toolbar' },
              h('button', { class: 'secondary', type: 'button', onclick: () => this.exportCsv() }, 'CSV'),
              h('button', { class: 'secondary', type: 'button', onclick: () => download('schedule-loss.png', chartPng(this.lossChart, themeColor(this.lossCanvas, '--bg', '#ffffff'))) }, 'PNG')))),
        h('div', { class: 'inspect' },
          h('label', { class: 'field', for: 'schedules-inspect' }, h('span', {}, 'Inspect a step (both charts)'), this.stepInput),
          this.stepOutput),
        h('div', { class: 'outcome' },
          h('div', { class: 'stat schedule' }, this.scheduleName, this.scheduleFinal),
          h('div', { class: 'stat constant' }, this.constantName, this.constantFinal)),
        this.verdict));
    this.verdict.classList.add('verdict');
    this.chartCard = this.root.querySelectorAll('.card')[1];

    this.createCharts();
    store.subscribe(SECTION, (_values, keys) => {
      this.touched = true;
      if (keys.some((k) => TRAINING_KEYS.includes(k) || k === 'steps')) this.edgeStatus.textContent = 'Find the edge for this setup with a sweep and set the peak just above it, where a constant α struggles.';
      this.schedule();
    });
    this.schedule();
  }

  createCharts() {
    // The schedule takes the theme's accent (light and dark schemes); the constant run is orange.
    const SCHEDULE_COLOR = themeColor(this.alphaCanvas, '--accent', '#2456c9');
    const common = (yTitle, yType) => ({
      interaction: { mode: 'index', intersect: false },
      onHover: (event, _active, chart) => {
        if (!chart.chartArea || event.x < chart.chartArea.left || event.x > chart.chartArea.right) return;
        this.inspect(Math.round(chart.scales.x.getValueForPixel(event.x)));
      },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'step' }, ticks: { maxRotation: 0 } },
        y: { type: yType, title: { display: true, text: yTitle }, afterFit: (axis) => { axis.width = Y_AXIS_WIDTH; } },
      },
      plugins: {
        // Same series order in both charts' legends and tooltips, whatever the drawing order.
        legend: { position: 'bottom', labels: { sort: (a, b) => a.datasetIndex - b.datasetIndex } },
        annotation: { annotations: {} },
      },
    });
    const alphaOptions = common('α', 'linear');
    alphaOptions.scales.y.min = 0;
    alphaOptions.scales.y.grace = '6%';
    alphaOptions.scales.y.ticks = { callback: (v) => formatNumber(v) };
    alphaOptions.plugins.tooltip = {
      itemSort: (a, b) => a.datasetIndex - b.datasetIndex,
      callbacks: {
        title: (items) => (items.length ? `step ${items[0].raw.x}` : ''),
        label: (item) => `${item.dataset.label}: α = ${formatNumber(item.raw.y, 4)}`,
      },
    };
    this.alphaChart = createChart(this.alphaCanvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'schedule', data: [], borderColor: SCHEDULE_COLOR, backgroundColor: SCHEDULE_COLOR, borderWidth: 2.5 },
          { label: 'constant α = peak', data: [], borderColor: CONSTANT_COLOR, backgroundColor: CONSTANT_COLOR, borderWidth: 1.5, borderDash: [6, 4] },
        ],
      },
      options: alphaOptions,
    });
    const lossOptions = common('loss (log scale)', 'logarithmic');
    lossOptions.scales.y.ticks = { callback: logTick };
    lossOptions.plugins.tooltip = {
      itemSort: (a, b) => a.datasetIndex - b.datasetIndex,
      callbacks: {
        title: (items) => (items.length ? `step ${items[0].raw.x}` : ''),
        label: (item) => `${item.dataset.label}: ${item.raw.diverged ? (Number.isFinite(item.raw.raw) ? `loss ${formatNumber(item.raw.raw)} (off the axis)` : 'diverged') : `loss ${formatNumber(item.raw.y, 4)}`}`,
      },
    };
    this.lossChart = createChart(this.lossCanvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'schedule', data: [], borderColor: SCHEDULE_COLOR, backgroundColor: SCHEDULE_COLOR, borderWidth: 2, order: 1, ...divergedPointStyle },
          // Drawn over the schedule's curve (lower order is drawn on top): where the two runs
          // coincide the dashes let both show.
          { label: 'constant α = peak', data: [], borderColor: CONSTANT_COLOR, backgroundColor: CONSTANT_COLOR, borderWidth: 1.5, borderDash: [6, 4], order: 0, ...divergedPointStyle },
        ],
      },
      options: lossOptions,
    });
    for (const canvas of [this.alphaCanvas, this.lossCanvas]) canvas.addEventListener('mouseleave', () => this.inspect(null));
  }

  /** Coalesces a burst of control changes (a slider drag) into one run per frame. */
  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.run(); });
  }

  /** The engine's schedule object for the current values: only the chosen kind's settings. */
  scheduleSpec(values) {
    const spec = { kind: values.kind };
    for (const [key, engineKey] of Object.entries(KIND_INFO[values.kind].settings)) spec[engineKey] = values[key];
    return spec;
  }

  /** The engine's data and optimizer settings (α = peak) for the current values. */
  training(values, schedule) {
    return {
      data: { dataset: values.dataset, scaling: values.scaling, model: values.model },
      optimizer: { kind: values.optimizer, learning_rate: values.peak, batch_size: values.optimizer === 'gd' ? 0 : values.batch },
      schedule,
      steps: values.steps,
      seed: values.seed,
    };
  }

  async run() {
    const values = store.get(SECTION);
    this.showSettingsOf(values.kind);
    this.batchControl.disabled = values.optimizer === 'gd';
    const engine = await this.engine();
    const spec = this.scheduleSpec(values);
    const preview = await engine.schedulePreview(spec, values.peak, values.steps);
    const withSchedule = preview.ok ? await engine.runTraining(this.training(values, spec)) : preview;
    const constant = withSchedule.ok ? await engine.runTraining(this.training(values, { kind: 'constant' })) : withSchedule;
    this.markInvalid(values.kind, constant.ok ? '' : constant.error);
    if (!constant.ok) {
      // A setting the engine rejects (warm-up longer than the window, floor above the peak…):
      // the message names the setting and its valid range; the charts keep the last good run, dimmed.
      const what = preview.ok ? 'This training run cannot start' : 'This schedule cannot run';
      setChildren(this.error, h('p', { class: 'callout warn error' }, `${what}: ${constant.error}. The charts show the last valid settings.`));
      this.chartCard.classList.add('stale');
      return;
    }
    this.error.replaceChildren();
    this.chartCard.classList.remove('stale');
    this.show(values, preview.value, withSchedule.value.run, constant.value.run);
    if (this.touched) {
      this.activity('schedule', CONCEPTS.schedules);
      if (values.kind === 'warmup_cosine' || values.kind === 'one_cycle') this.activity(null, CONCEPTS.warmup);
      if (values.kind === 'sgdr' || values.kind === 'warmup_cosine') this.activity(null, CONCEPTS.cosineRestarts);
      if (values.kind === 'triangular' || values.kind === 'one_cycle') this.activity(null, CONCEPTS.cyclicalOneCycle);
    }
  }

  /** Marks the control of the setting an engine error names ("warmup_steps must be …"). */
  markInvalid(kind, error) {
    const named = error.split(' ')[0];
    const settings = { peak: 'peak', ...Object.fromEntries(Object.entries(KIND_INFO[kind].settings).map(([key, engineKey]) => [engineKey, key])) };
    for (const [key, control] of this.controlOf) {
      control.setAttribute('aria-invalid', settings[named] === key ? 'true' : 'false');
    }
  }

  /** Shows only the settings the chosen schedule uses. */
  showSettingsOf(kind) {
    const used = new Set(['kind', 'peak', 'steps', ...Object.keys(KIND_INFO[kind].settings)]);
    for (const [key, field] of this.fieldOf) field.hidden = !used.has(key);
    this.why.textContent = KIND_INFO[kind].use;
  }

  show(values, rates, scheduled, constant) {
    this.current = { values, rates, scheduled, constant };
    const steps = values.steps;
    const kindName = KINDS.find(([k]) => k === values.kind)[1];

    // ---- α(t) ----
    const [alphaSet, alphaConstant] = this.alphaChart.data.datasets;
    alphaSet.label = kindName;
    alphaSet.data = Array.from(rates, (y, x) => ({ x, y }));
    alphaConstant.data = Array.from({ length: steps }, (_, x) => ({ x, y: values.peak }));
    alphaConstant.label = `constant α = ${formatNumber(values.peak)}`;
    this.alphaChart.options.scales.x.max = steps - 1;

    // ---- loss ----
    // Runs that blow up leave the axis at 1.5× the highest finite loss, capped at 100× the
    // start, and are drawn clamped there with a cross: visible as divergence, not squashing the rest.
    const start = Math.max(firstFinite(scheduled.loss), firstFinite(constant.loss));
    const ceiling = Math.min(start * 100, Math.max(finiteMaxOf(scheduled.loss), finiteMaxOf(constant.loss)) * 1.5);
    const [lossSet, lossConstant] = this.lossChart.data.datasets;
    lossSet.label = kindName;
    lossSet.data = curvePoints(scheduled.loss, { ceiling });
    lossConstant.data = curvePoints(constant.loss, { ceiling });
    lossConstant.label = `constant α = ${formatNumber(values.peak)}`;
    this.lossChart.options.scales.x.max = steps - 1;
    this.lossChart.options.scales.y.max = ceiling;

    this.stepInput.max = String(steps - 1);
    if (Number(this.stepInput.value) > steps - 1) this.stepInput.value = String(steps - 1);
    this.cursor = null;
    this.applyCursor(null);
    this.describeStep(Number(this.stepInput.value));

    // ---- outcome ----
    this.scheduleName.textContent = `Final loss, ${kindName}`;
    this.constantName.textContent = `Final loss, constant α = ${formatNumber(values.peak)}`;
    this.scheduleFinal.textContent = finalText(scheduled);
    this.constantFinal.textContent = finalText(constant);
    this.verdict.textContent = values.kind === 'constant'
      ? 'A constant schedule is the comparison run itself: both curves are the same. Pick another schedule to see what it changes.'
      : verdict(scheduled, constant, rates);

    // ---- text summaries ----
    const alphaText = `Learning rate per step, ${kindName}, peak ${formatNumber(values.peak)}, ${steps} steps: ${describeRates(rates)}. The comparison run keeps α = ${formatNumber(values.peak)} throughout.`;
    this.alphaSummary.textContent = alphaText;
    this.alphaCanvas.setAttribute('aria-label', alphaText);
    const lossText = `Loss per step. With the ${kindName} schedule: ${describeRun(scheduled)}. At constant α = ${formatNumber(values.peak)}: ${describeRun(constant)}. ${this.verdict.textContent}`;
    this.lossSummary.textContent = lossText;
    this.lossCanvas.setAttribute('aria-label', lossText);
  }

  /**
   * Highlights one step in both charts (hover on either chart, or the step slider), or clears
   * the highlight (null). Coalesced to one redraw per frame.
   */
  inspect(step) {
    this.cursor = step;
    if (this.cursorPending) return;
    this.cursorPending = true;
    requestAnimationFrame(() => { this.cursorPending = false; this.applyCursor(this.cursor); });
  }

  applyCursor(step) {
    const current = this.current;
    const valid = current && step !== null && step >= 0 && step < current.values.steps;
    for (const chart of [this.alphaChart, this.lossChart]) {
      const annotations = chart.options.plugins.annotation.annotations;
      if (valid) {
        annotations.cursor = { type: 'line', xMin: step, xMax: step, borderColor: CURSOR_COLOR, borderWidth: 1 };
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
    if (valid) {
      if (this.root.activeElement !== this.stepInput) this.stepInput.value = String(step);
      this.describeStep(step);
    }
  }

  /** The step slider's readout (also its aria-valuetext): α and both losses at one step. */
  describeStep(step) {
    const current = this.current;
    if (!current) return;
    const { values, rates, scheduled, constant } = current;
    const loss = (run) => (step < run.loss.length
      ? (Number.isFinite(run.loss[step]) ? formatNumber(run.loss[step], 4) : 'diverged')
      : `diverged at step ${run.diverged_at}`);
    const text = `Step ${step}: α = ${formatNumber(rates[step], 4)} (constant ${formatNumber(values.peak)}); loss ${loss(scheduled)} with the schedule, ${loss(constant)} at constant α.`;
    this.stepOutput.textContent = text;
    this.stepInput.setAttribute('aria-valuetext', text);
  }

  /**
   * Sets the peak just above the largest stable constant α for this setup: a ×3 sweep brackets
   * the edge, a finer sweep inside the bracket (×1.2) locates it, and the peak becomes the first
   * rate of the fine grid that is not stable.
   */
  async pushPastEdge() {
    const values = store.get(SECTION);
    this.edgeStatus.textContent = 'Sweeping constant rates for this setup…';
    const engine = await this.engine();
    const { data, optimizer, steps, seed } = this.training(values, { kind: 'constant' });
    const setup = { data, optimizer: { kind: optimizer.kind, batch_size: optimizer.batch_size }, steps, seed };
    const coarse = await engine.runSweep({ ...setup, start: 1e-4, factor: 'x3', end: 10 });
    if (!coarse.ok) { this.edgeStatus.textContent = `The sweep could not run: ${coarse.error}.`; return; }
    const largest = coarse.value.recommended;
    if (largest === null) { this.edgeStatus.textContent = 'The sweep finds no stable constant α for this setup between 1e-4 and 10.'; return; }
    const above = coarse.value.runs.find((run) => run.learning_rate > largest * (1 + 1e-9));
    if (!above) { this.edgeStatus.textContent = `Every constant α up to ${formatNumber(largest)} is stable for this setup: there is no edge to push past below 10.`; return; }
    const fine = await engine.runSweep({ ...setup, start: largest, factor: 1.2, end: above.learning_rate });
    const fineRuns = fine.ok ? fine.value.runs : [];
    const edge = fine.ok && fine.value.recommended !== null ? fine.value.recommended : largest;
    const past = fineRuns.find((run) => run.learning_rate > edge * (1 + 1e-9)) || above;
    const peak = Math.min(10, Number(past.learning_rate.toPrecision(3)));
    store.set(SECTION, { peak });
    this.edgeStatus.textContent = `Sweeps of constant rates (${steps}-step windows, then ×1.2 steps between ${formatNumber(largest)} and ${formatNumber(above.learning_rate)}) find ${formatNumber(edge)} the largest stable α here; the next rate, ${formatNumber(past.learning_rate)}, was ${labelText(past.diagnosis.label)}. Peak set to ${formatNumber(peak)}.`;
  }

  exportCsv() {
    const current = this.current;
    if (!current) return;
    const { rates, scheduled, constant, values } = current;
    const lines = [`step,alpha_${values.kind},alpha_constant,loss_${values.kind},loss_constant`];
    for (let t = 0; t < values.steps; ++t) {
      lines.push([t, rates[t], values.peak, t < scheduled.loss.length ? scheduled.loss[t] : '', t < constant.loss.length ? constant.loss[t] : ''].join(','));
    }
    download('schedule.csv', lines.join('\n'), 'text/csv');
  }
}

function firstFinite(curve) {
  for (let i = 0; i < curve.length; ++i) if (Number.isFinite(curve[i])) return curve[i];
  return 1;
}

function finiteMaxOf(curve) {
  let max = -Infinity;
  for (let i = 0; i < curve.length; ++i) if (Number.isFinite(curve[i]) && curve[i] > max) max = curve[i];
  return max;
}

function finalText(run) {
  return run.diverged ? `diverged at step ${run.diverged_at}` : formatNumber(run.final_loss, 4);
}

/** One sentence comparing the scheduled run with the constant one, from their numbers. */
function verdict(scheduled, constant, rates) {
  if (scheduled.diverged && constant.diverged) {
    return 'Both runs diverge: this peak is too large even with a schedule. Lower the peak (or try a longer warm-up).';
  }
  if (constant.diverged) {
    return `At a constant α the run blows up at step ${constant.diverged_at}; the schedule keeps the same peak and ends at ${formatNumber(scheduled.final_loss, 4)}.`;
  }
  if (scheduled.diverged) {
    return `The schedule diverges at step ${scheduled.diverged_at} although the constant α survives: its early high phase is the problem here — shorten it or lower the peak.`;
  }
  const ratio = constant.final_loss / scheduled.final_loss;
  if (ratio > 1.05) return `The schedule ends ${formatNumber(ratio, 2)}× lower than the constant α: its smaller steps (α = ${formatNumber(rates[rates.length - 1])} at the last step) let it settle instead of bouncing around the minimum.`;
  if (ratio < 1 / 1.05) return `The constant α ends ${formatNumber(1 / ratio, 2)}× lower: this schedule spends too many steps at small rates for this window. Raise the peak or lengthen the window.`;
  return 'Both end at about the same loss: at this peak a constant α is already comfortable. Push the peak towards the stable edge to see what the schedule buys.';
}

/** α(t) in words: start, peak, end and where the peak and restarts are. */
function describeRates(rates) {
  let peakAt = 0, restarts = 0;
  for (let t = 1; t < rates.length; ++t) {
    if (rates[t] > rates[peakAt]) peakAt = t;
    if (rates[t] > rates[t - 1] * 1.5 && rates[t - 1] < rates[peakAt] * 0.5) restarts += 1;
  }
  const last = rates.length - 1;
  const rise = peakAt === 0 ? `starts at its peak ${formatNumber(rates[0])}` : `starts at ${formatNumber(rates[0])}, reaches ${formatNumber(rates[peakAt])} at step ${peakAt}`;
  return `${rise}, ends at ${formatNumber(rates[last])} at step ${last}` +
    (restarts ? `, jumping back up ${restarts} time${restarts > 1 ? 's' : ''}` : '');
}

function describeRun(run) {
  const start = formatNumber(firstFinite(run.loss), 3);
  if (run.diverged) return `loss ${start} at the start, diverged at step ${run.diverged_at}`;
  return `loss ${start} → ${formatNumber(run.final_loss, 3)}, ${labelText(run.diagnosis.label)}`;
}


define('lr-lab-schedules', Schedules);
