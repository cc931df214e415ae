// Schedules: build a learning-rate schedule, see α(t) and the loss it produces step by step,
// beside the same run at a constant α = peak. The two charts share the step axis: hovering (or
// the keyboard step slider) highlights the same step in both. Everything is computed live.
import { LabModule, define } from './base.js';
import { CONCEPTS } from './concepts.js';
import { schemaOf, defaultsOf } from '../state.js';
import { SCHEDULES_SECTION } from '../sections.js';
import { h, setChildren, setText, setAttr, setProp, setClass, formatNumber, labelText, download, whenIdle } from '../ui/dom.js';
import { clippedCurvePoints, setCurve, steadyBound } from '../charts/charts.js';
import { figure } from '../charts/figure.js';
import { finalText, lossCeiling, verdict, describeRates, describeRun, warmupSentence } from '../labs/schedules.js';
import { scheduleCharts, drawCursor } from './schedules-charts.js';

export const SECTION = SCHEDULES_SECTION;

/** The schedule settings of the section: the engine says which kinds read each one. */
const SCHEDULE_SETTINGS = Object.entries(schemaOf(SECTION)).filter(([, field]) => field.engine?.startsWith('schedule.') && field.usedBy);

/** When each schedule is used (which settings it reads comes from the engine). */
const KIND_INFO = {
  constant: {
    use: 'One α for the whole run: the baseline every schedule is measured against. It has to be small enough for the noisiest step of the run, so it is usually too cautious early or too jumpy late.',
  },
  step: {
    use: 'Drop α by γ every few steps: large steps early to make progress, small steps late to settle into the minimum instead of bouncing around it. The classic recipe for long image-classification runs.',
  },
  exponential: {
    use: 'Multiply α by γ every step: a smooth version of step decay. γ must be close to 1 (0.99 halves α in about 70 steps) or the rate vanishes before the run has learned anything.',
  },
  warmup_cosine: {
    use: 'Warm-up protects the first steps, when the weights are random, gradients are large and Adam’s moment estimates rest on a handful of samples (Goyal et al. 2017); the cosine then shrinks the steps smoothly so the run settles into the minimum (Loshchilov & Hutter 2017). The default of most modern training recipes.',
  },
  sgdr: {
    use: 'Cosine decay that restarts at the peak, each cycle longer than the last: a restart can kick the weights out of a poor region, and the end of every cycle is a usable snapshot (Loshchilov & Hutter 2017, “SGDR”).',
  },
  triangular: {
    use: 'α climbs linearly from a lower bound to the peak and back, over and over (Smith 2017, “Cyclical Learning Rates”): no decay to tune, and Smith reads both bounds off an LR range test.',
  },
  one_cycle: {
    use: 'One warm-up from peak ÷ 25 to a large peak, then a long cosine descent far below the start (Smith & Topin 2019, “Super-Convergence”): the high middle phase regularises, the tail settles. fastai’s fit_one_cycle uses it.',
  },
};

const TRAINING_KEYS = ['dataset', 'scaling', 'model', 'optimizer', 'batch', 'seed'];
const SCHEDULE_KEYS = ['kind', 'peak', 'steps', ...SCHEDULE_SETTINGS.map(([key]) => key)];
/** The section's schedule settings the engine reads for `kind`. */
const settingsOf = (kind) => SCHEDULE_SETTINGS.filter(([, field]) => field.usedBy.includes(kind)).map(([key]) => key);

class Schedules extends LabModule {
  static section = SECTION;
  static css = `
    figure { margin: 0; }
    .groups h4 { margin-top: .25em; }
    .why { margin-bottom: 0; }
    .edge { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: center; margin-top: .75em; }
    .edge p { margin: 0; flex: 1 1 16em; }
    [aria-invalid=true] { outline: 2px solid var(--diverged); outline-offset: 2px; border-radius: 6px; }
    /* Settings the engine rejects: the charts keep the last valid run, dimmed; its numbers hide. */
    .stale .chart { opacity: .35; }
    .stale .inspect, .stale .outcome, .stale .verdict { display: none; }
    .inspect { display: grid; grid-template-columns: minmax(0, 1fr); gap: .25em; margin: .5em 0; }
    .inspect output { font-variant-numeric: tabular-nums; }
    .outcome { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .6em; margin: .75em 0 .25em; }
    @container (max-width: 520px) { .outcome { grid-template-columns: minmax(0, 1fr); } }
    .outcome .stat { border-left: 4px solid var(--series); }
    .outcome .schedule { --series: var(--accent); } .outcome .constant { --series: var(--oscillating); }
    .outcome .stat b { font-size: 1.35em; }
    /* Uppercase would turn α into a capital alpha that reads as "A". */
    .field > span { text-transform: none; letter-spacing: 0; font-size: .85em; }
  `;

  render() {
    const scheduleControls = this.controls(SECTION, SCHEDULE_KEYS);
    this.scheduleControls = scheduleControls;
    const training = this.controls(SECTION, TRAINING_KEYS);
    this.controlOf = scheduleControls.controls;
    this.fieldOf = new Map([...scheduleControls.controls].map(([key, control]) => [key, control.closest('.field')]));
    this.batchControl = training.controls.get('batch');

    this.why = h('p', { class: 'callout why' });
    this.edgeStatus = h('p', { class: 'small muted', role: 'status', 'aria-live': 'polite' },
      'Find the edge for this setup with a sweep and set the peak just above it, where a constant α struggles.');
    this.error = h('div', { role: 'alert' });
    // Long runs (a 2,000-step MLP window, the edge sweeps) go to the worker: the bar and its
    // Cancel show when they last more than a moment.
    this.progressBar = this.progress({
      label: 'Schedule runs',
      onCancel: () => {
        this.progressBar.finish();
        this.edgeStatus.textContent = 'Cancelled. The charts show the last finished run.';
      },
    });
    this.alphaFigure = figure({
      title: 'Learning rate α per step', label: 'Learning rate per step', chartClass: 'short', attrs: { style: null },
      exports: [{ png: 'schedule-alpha.png', chart: () => this.alphaChart }],
    });
    this.lossFigure = figure({
      title: 'Loss per step: schedule vs constant α', label: 'Loss per step', attrs: { style: null },
      exports: [{ csv: () => this.exportCsv() }, { png: 'schedule-loss.png', chart: () => this.lossChart }],
    });
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
        this.progressBar.element,
        this.error,
        h('div', { class: 'figures' }, this.alphaFigure.element, this.lossFigure.element),
        h('div', { class: 'inspect' },
          h('label', { class: 'field', for: 'schedules-inspect' }, h('span', {}, 'Inspect a step (both charts)'), this.stepInput),
          this.stepOutput),
        h('div', { class: 'outcome' },
          h('div', { class: 'stat schedule' }, this.scheduleName, this.scheduleFinal),
          h('div', { class: 'stat constant' }, this.constantName, this.constantFinal)),
        this.verdict));
    this.verdict.classList.add('verdict');
    this.chartCard = this.root.querySelectorAll('.card')[1];

    this.whenSeen(() => {
      const charts = scheduleCharts(this.alphaFigure.canvas, this.lossFigure.canvas, (step) => this.inspect(step));
      this.alphaChart = this.ownChart(charts.alphaChart);
      this.lossChart = this.ownChart(charts.lossChart);
    });
    for (const canvas of [this.alphaFigure.canvas, this.lossFigure.canvas]) canvas.addEventListener('mouseleave', () => this.inspect(null));
    this.subscribe(SECTION, (_values, keys) => {
      if (!this.store.applyingLink) this.touched = true;  // a link opening the lab is not the learner's doing
      if (keys.some((k) => TRAINING_KEYS.includes(k) || k === 'steps')) this.edgeStatus.textContent = 'Find the edge for this setup with a sweep and set the peak just above it, where a constant α struggles.';
      this.requestRun();
    });
    this.requestRun();
    // Opened without a link's settings, the lab starts where it teaches: the peak just past
    // the stable edge, where the constant α struggles and the schedule does not.
    if (this.atDefaults()) this.whenSeen(() => whenIdle(() => this.pushPastEdge({ opening: true })));
  }

  /** True while every setting of the section is its default (nothing linked or changed). */
  atDefaults() {
    const values = this.store.get(SECTION);
    return Object.entries(defaultsOf(SECTION)).every(([key, value]) => values[key] === value);
  }

  /** The engine's schedule object for the current values: only the chosen kind's settings. */
  scheduleSpec(values) {
    const spec = { kind: values.kind };
    for (const key of settingsOf(values.kind)) spec[key] = values[key];
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

  async run(ticket) {
    const values = this.store.get(SECTION);
    this.showSettingsOf(values.kind);
    setProp(this.batchControl, 'disabled', values.optimizer === 'gd');
    const engine = await this.engine();
    const spec = this.scheduleSpec(values);
    const preview = await engine.schedulePreview(spec, values.peak, values.steps);
    // A schedule with a warm-up is also run without it: what the ramp itself does, live.
    const warms = values.kind === 'warmup_cosine' && values.warmup_steps > 0;
    // Through runJob: the provider sends long runs (2,000-step MLP windows) to the worker;
    // the bar counts the runs.
    let done = 0;
    this.progressBar.start(warms ? 3 : 2);
    const train = async (schedule) => {
      const result = await this.runJob(ticket, 'runTraining', [this.training(values, schedule)]);
      if (this.isCurrent(ticket)) this.progressBar.set(++done);
      return result;
    };
    const withSchedule = preview.ok ? await train(spec) : preview;
    const constant = withSchedule.ok ? await train({ kind: 'constant' }) : withSchedule;
    const cold = warms && constant.ok ? await train({ ...spec, warmup_steps: 0 }) : null;
    if (!this.isCurrent(ticket)) return;
    this.progressBar.finish();
    if (constant.cancelled) {
      this.chartCard.classList.add('stale');
      return;
    }
    this.markInvalid(constant.ok ? null : constant.field);
    if (!constant.ok) {
      // A setting the engine rejects (warm-up longer than the window, floor above the peak…):
      // the message names the setting and its valid range; the charts keep the last good run, dimmed.
      const what = preview.ok ? 'This training run cannot start' : 'This schedule cannot run';
      setChildren(this.error, h('p', { class: 'callout warn error' }, `${what}: ${constant.error}. The charts show the last valid settings.`));
      this.chartCard.classList.add('stale');
      return;
    }
    if (this.error.firstChild) this.error.replaceChildren();
    setClass(this.chartCard, 'stale', false);
    this.show(values, preview.value, withSchedule.value.run, constant.value.run, cold?.ok ? cold.value.run : null);
    if (this.touched) {
      this.activity('schedule', CONCEPTS.schedules);
      if (values.kind === 'warmup_cosine' || values.kind === 'one_cycle') this.activity(null, CONCEPTS.warmup);
      if (values.kind === 'sgdr' || values.kind === 'warmup_cosine') this.activity(null, CONCEPTS.cosineRestarts);
      if (values.kind === 'triangular' || values.kind === 'one_cycle') this.activity(null, CONCEPTS.cyclicalOneCycle);
    }
  }

  /** Marks the control of the setting an engine error names (its `field`, e.g. "schedule.min_lr"). */
  markInvalid(field) {
    const bad = { 'schedule.peak': 'peak', peak: 'peak', 'optimizer.learning_rate': 'peak', steps: 'steps' }[field]
      ?? (field?.startsWith('schedule.') ? field.slice('schedule.'.length) : null);
    for (const [key, control] of this.controlOf) setAttr(control, 'aria-invalid', key === bad ? 'true' : 'false');
  }

  /** Shows only the settings the chosen schedule uses. */
  showSettingsOf(kind) {
    const used = new Set(['kind', 'peak', 'steps', ...settingsOf(kind)]);
    for (const [key, field] of this.fieldOf) setProp(field, 'hidden', !used.has(key));
    setText(this.why, KIND_INFO[kind].use);
  }

  /** The two charts now; the outcome, the verdict and the text summaries once a drag ends (afterInput). */
  show(values, rates, scheduled, constant, cold) {
    this.current = { values, rates, scheduled, constant };
    const steps = values.steps;
    const kindName = schemaOf(SECTION).kind.choices.find(([k]) => k === values.kind)[1];

    // ---- α(t) ----
    const [alphaSet, alphaConstant] = this.alphaChart.data.datasets;
    alphaSet.label = kindName;
    alphaSet.data = Array.from(rates, (y, x) => ({ x, y }));
    alphaConstant.data = Array.from({ length: steps }, (_, x) => ({ x, y: values.peak }));
    alphaConstant.label = `constant α = ${formatNumber(values.peak)}`;
    this.alphaChart.options.scales.x.max = steps - 1;

    // ---- loss ----
    // The axis ends at 1.5× the highest finite loss, capped at 100× the start: a run that
    // overshoots above it is drawn leaving through the top edge and coming back, clipped; a
    // run that blew up ends there with a cross. Visible, without squashing the rest.
    const ceiling = lossCeiling(scheduled, constant);
    const [lossSet, lossConstant] = this.lossChart.data.datasets;
    lossSet.label = kindName;
    setCurve(lossSet, clippedCurvePoints(scheduled.loss, { ceiling, diverged: scheduled.diverged }));
    setCurve(lossConstant, clippedCurvePoints(constant.loss, { ceiling, diverged: constant.diverged }));
    lossConstant.label = `constant α = ${formatNumber(values.peak)}`;
    this.lossChart.options.scales.x.max = steps - 1;
    this.lossChart.options.scales.y.max = steadyBound(this.lossChart, 'y', 'max', ceiling);

    setProp(this.stepInput, 'max', String(steps - 1));
    if (Number(this.stepInput.value) > steps - 1) this.stepInput.value = String(steps - 1);
    this.cursor = null;
    this.applyCursor(null);
    this.afterInput(() => this.showText(values, rates, scheduled, constant, cold, kindName));
  }

  /** The step readout, the outcome and verdict (with the warm-up's, when `cold` ran), the charts' text summaries. */
  showText(values, rates, scheduled, constant, cold, kindName) {
    const steps = values.steps;
    this.describeStep(Number(this.stepInput.value));

    // ---- outcome ----
    this.scheduleName.textContent = `Final loss, ${kindName}`;
    this.constantName.textContent = `Final loss, constant α = ${formatNumber(values.peak)}`;
    this.scheduleFinal.textContent = finalText(scheduled);
    this.constantFinal.textContent = finalText(constant);
    this.verdict.textContent = values.kind === 'constant'
      ? 'A constant schedule is the comparison run itself: both curves are the same. Pick another schedule to see what it changes.'
      : verdict(scheduled, constant, rates);
    if (cold) this.verdict.textContent += ` ${warmupSentence(scheduled, cold, values.warmup_steps)}`;

    // ---- text summaries ----
    const alphaText = `Learning rate per step, ${kindName}, peak ${formatNumber(values.peak)}, ${steps} steps: ${describeRates(rates)}. The comparison run keeps α = ${formatNumber(values.peak)} throughout.`;
    this.alphaFigure.describe(alphaText);
    const lossText = `Loss per step. With the ${kindName} schedule: ${describeRun(scheduled)}. At constant α = ${formatNumber(values.peak)}: ${describeRun(constant)}. ${this.verdict.textContent}`;
    this.lossFigure.describe(lossText);
  }

  /**
   * Highlights one step in both charts (hover on either chart, or the step slider), or clears
   * the highlight (null). Coalesced to one redraw per frame.
   */
  inspect(step) {
    this.cursor = step;
    if (this.cursorPending) return;
    this.cursorPending = true;
    requestAnimationFrame(() => { this.cursorPending = false; if (this.rendered) this.applyCursor(this.cursor); });
  }

  applyCursor(step) {
    const current = this.current;
    const valid = current && step !== null && step >= 0 && step < current.values.steps;
    drawCursor([this.alphaChart, this.lossChart], valid ? step : null);
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
    const text = `Step ${step}: α = ${formatNumber(rates[step])} (constant ${formatNumber(values.peak)}); loss ${loss(scheduled)} with the schedule, ${loss(constant)} at constant α.`;
    this.stepOutput.textContent = text;
    setAttr(this.stepInput, 'aria-valuetext', text);
  }

  /**
   * Sets the peak just above the largest stable constant α for this setup: a ×3 sweep brackets
   * the edge, a finer sweep inside the bracket (×1.2) locates it, and the peak becomes the first
   * rate of the fine grid that is not stable.
   */
  async pushPastEdge({ opening = false } = {}) {
    if (!this.rendered || (opening && !this.atDefaults())) return;
    const values = this.store.get(SECTION);
    this.edgeStatus.textContent = 'Sweeping constant rates for this setup…';
    const { data, optimizer, steps, seed } = this.training(values, { kind: 'constant' });
    const setup = { data, optimizer: { kind: optimizer.kind, batch_size: optimizer.batch_size }, steps, seed };
    // Through runJob: an MLP's sweeps go to the worker (off the main thread, cancelled with the lab).
    const ticket = this.generation;
    const sweep = async (config) => {
      this.progressBar.start(1);
      const result = await this.runJob(ticket, 'runSweep', [config], { onProgress: (d, t) => this.progressBar.set(d, t) });
      this.progressBar.finish();
      return result;
    };
    const coarse = await sweep({ ...setup, start: 1e-4, factor: 'x3', end: 10 });
    if (coarse.cancelled) return;
    if (!coarse.ok) { this.edgeStatus.textContent = `The sweep could not run: ${coarse.error}.`; return; }
    const largest = coarse.value.recommended;
    if (largest === null) { this.edgeStatus.textContent = 'The sweep finds no stable constant α for this setup between 1e-4 and 10.'; return; }
    const above = coarse.value.runs.find((run) => run.learning_rate > largest * (1 + 1e-9));
    if (!above) { this.edgeStatus.textContent = `Every constant α up to ${formatNumber(largest)} is stable for this setup: there is no edge to push past below 10.`; return; }
    const fine = await sweep({ ...setup, start: largest, factor: 1.2, end: above.learning_rate });
    if (fine.cancelled) return;
    const fineRuns = fine.ok ? fine.value.runs : [];
    const edge = fine.ok && fine.value.recommended !== null ? fine.value.recommended : largest;
    const past = fineRuns.find((run) => run.learning_rate > edge * (1 + 1e-9)) || above;
    const peak = Math.min(10, Number(past.learning_rate.toPrecision(3)));
    if (opening) {
      // Only if nothing changed meanwhile; silently, so the address is not rewritten on load
      // (it takes the peak with the learner's first change, as every non-default setting).
      if (!this.rendered || !this.atDefaults()) return;
      this.store.set(SECTION, { peak }, { silent: true });
      this.scheduleControls.refresh();
      this.requestRun();
    } else {
      this.store.set(SECTION, { peak });
    }
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

define('lr-lab-schedules', Schedules);
