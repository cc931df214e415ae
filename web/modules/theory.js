// Core theory: the four loss-curve shapes a learner must read, each one a real engine run
// with the engine's own diagnosis under it, and the "truth over folklore" check that
// full-batch gradient descent on a quadratic never draws a saw-tooth.
//
// Only the SETTINGS are fixed here (data, optimizer, α or α as a multiple of a curvature
// bound); every curve, label, reason and number comes from the engine at run time.
import { LabModule, define } from './base.js';
import { h, setChildren, disclosure, formatNumber, formatPercent, labelText, tidyNumbers } from '../ui/dom.js';
import { redraw, curvePoints, cutAtDivergence, finiteMax, labelColor, setCurve } from '../charts/charts.js';
import { lessonEngine } from '../engine/provider.js';
import { figure, lossChart } from '../charts/figure.js';

const RAW = { dataset: 'house', scaling: 'none', model: 'linear' };
const SCALED = { dataset: 'house', scaling: 'z_score', model: 'linear' };

/**
 * The four shapes. `run(engine, bounds)` returns {run, reference?, setting} where `run` is the
 * engine's run record; `expected` is the label the lesson expects (shown only if the engine
 * disagrees, so the page never claims what the engine did not say).
 */
const SHAPES = [
  {
    id: 'smooth',
    title: 'Smooth, fast drop',
    reading: 'strong candidate',
    expected: 'good',
    async run(engine) {
      const result = await engine.runTraining({ data: SCALED, optimizer: { kind: 'gd', learning_rate: 0.3 } });
      return result.ok ? { run: result.value.run, setting: 'z-scored house data · full-batch GD · α = 0.3' } : result;
    },
  },
  {
    id: 'flat',
    title: 'Almost flat',
    reading: 'too low',
    expected: 'too_low',
    // "Too low" only means something next to what a larger α achieves, so the engine judges
    // α = 1e-4 in a two-run sweep against α = 0.01 (start 1e-4, factor 100).
    async run(engine) {
      const result = await engine.runSweep({ data: RAW, optimizer: { kind: 'gd' }, start: 1e-4, factor: 100, count: 2 });
      if (!result.ok) return result;
      const [low, reference] = result.value.runs;
      return { run: low, reference, setting: `raw house data · full-batch GD · α = ${formatNumber(low.learning_rate)} (dashed: α = ${formatNumber(reference.learning_rate)})` };
    },
  },
  {
    id: 'sawtooth',
    title: 'Saw-tooth',
    reading: 'usually too high',
    expected: 'oscillating',
    // Heavy-ball momentum β = 0.95 at α = 2 on z-scored data (λ ≈ 1): the iteration has
    // complex eigenvalues of modulus √β, so the weights overshoot back and forth and the loss
    // alternates up and down for dozens of steps before it settles.
    async run(engine) {
      const result = await engine.runTraining({ data: SCALED, optimizer: { kind: 'momentum', momentum: 0.95, learning_rate: 2 } });
      return result.ok ? { run: result.value.run, setting: 'z-scored house data · momentum β = 0.95 · α = 2' } : result;
    },
  },
  {
    id: 'explosion',
    title: 'Gain, then explosion',
    reading: 'borderline unstable',
    expected: 'unstable',
    // Just above 2/λmax the steep direction grows by |1 − αλmax| > 1 per step, slowly: the
    // flat directions improve first, then the steep one takes over and the loss explodes.
    async run(engine, bounds) {
      const alpha = Number((1.01 * bounds.divergence_rate).toPrecision(4));
      const result = await engine.runTraining({ data: RAW, optimizer: { kind: 'gd', learning_rate: alpha } });
      return result.ok ? { run: result.value.run, setting: `raw house data · full-batch GD · α = 1.01 × 2/λmax = ${formatNumber(alpha)}` } : result;
    },
  },
];

class Theory extends LabModule {
  static css = `
    /* Two by two from tablet width up (a 200 px chart reads well at 18em wide), never three
       and an orphan; one a row on a phone. */
    .shapes { margin-top: .5em; display: grid; gap: 1em; grid-template-columns: repeat(2, minmax(0, 1fr)); }
    @container (max-width: 560px) { .shapes { grid-template-columns: minmax(0, 1fr); } }
    figure.shape { margin: 0; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: .9em 1em .7em; min-width: 0; display: flex; flex-direction: column; }
    figure.shape h4 { margin: 0; display: flex; flex-wrap: wrap; gap: .25em .6em; align-items: baseline; }
    figure.shape h4 .reading { font-weight: 500; color: var(--muted); font-size: .9em; }
    .setting { margin: .2em 0 .5em; }
    .chart.short { height: 200px; }
    /* Room for the text that arrives with the run, so nothing below jumps when it does. */
    .setting { min-height: 2.6em; }
    .verdict { margin: .55em 0 0; font-size: .9em; flex: 1; min-height: 4.5em; }
    .verdict .badge { margin-right: .4em; }
    .verdict .note { display: block; color: var(--muted); font-size: .85em; margin-top: .2em; }
    .toolbar { margin-top: .3em; }
    .truth { padding-top: .5em; padding-bottom: .5em; }
    .truth details.more { border-top: 0; margin: 0; }
    .truth summary .lead { color: var(--fg); }
    .truth ul { margin: .3em 0 0; padding-left: 1.2em; }
    .truth li { margin: .25em 0; }
  `;

  render() {
    this.status = h('div', { role: 'status', 'aria-live': 'polite' });
    this.figures = SHAPES.map((shape) => this.figure(shape));
    // Truth over folklore: the question in view, the engine's live check behind it.
    this.truthCheck = disclosure(
      [h('span', { class: 'lead' }, 'Truth over folklore:'), ' does too high an α make gradient descent saw-tooth?'],
      h('p', { class: 'muted small' }, 'Checking the classic rule of thumb against the engine…'));
    this.truth = h('div', { class: 'callout truth', dataset: { testid: 'theory-truth' } }, this.truthCheck);
    this.root.append(this.card('Four shapes of a loss curve',
      'Real training runs on the house-price data; the badge and sentence under each are the engine’s own diagnosis.',
      this.status,
      h('div', { class: 'shapes' }, this.figures.map((f) => f.element)),
      this.truth));
    // Each chart is created with its run (creating it empty first would lay it out and draw
    // it twice at start-up).
    this.whenSeen(() => this.run(this.nextTicket()));
  }

  /** The DOM and chart of one shape. */
  figure(shape) {
    const setting = h('p', { class: 'small muted setting' }, '…');
    const verdict = h('p', { class: 'verdict', 'aria-live': 'polite' });
    const entry = { shape, setting, verdict, chart: null };
    entry.figure = figure({
      title: [shape.title, h('span', { class: 'reading' }, `→ ${shape.reading}`)], caption: [setting],
      label: `${shape.title}: loading`, chartClass: 'short', attrs: { class: 'shape', style: null, dataset: { shape: shape.id } },
      after: [verdict],
      exports: [{ png: `loss-shape-${shape.id}.png`, chart: () => entry.chart, label: `Download the “${shape.title}” chart as PNG` }],
    });
    entry.element = entry.figure.element;
    entry.canvas = entry.figure.canvas;
    return entry;
  }

  async run(ticket) {
    // The lesson's own engine (a worker where workers start): the runs never block the page,
    // which only draws their charts.
    const engine = await lessonEngine();
    try {
      await this.runShapes(ticket, engine);
    } finally {
      engine.release();
    }
  }

  async runShapes(ticket, engine) {
    const curvature = await engine.curvature({ data: RAW });
    if (!this.isCurrent(ticket)) return;
    if (!curvature.ok) { this.showError(this.status, curvature.error); return; }
    const bounds = curvature.value.report;
    for (const entry of this.figures) {
      const result = await entry.shape.run(engine, bounds);
      if (!this.isCurrent(ticket)) return;
      if (result.ok === false) { this.showError(entry.verdict, result.error); continue; }
      this.show(entry, result);  // its chart when about to be seen (whenClose)
    }
    await this.showTruth(engine, bounds);
  }

  /** Draws one shape's run (and its reference run, if any) with the engine's verdict. */
  show(entry, { run, reference, setting }) {
    const { shape } = entry;
    const colour = (label) => labelColor(entry.chart || entry.canvas, label);
    entry.setting.textContent = setting;
    const curves = reference ? [run.loss, reference.loss] : [run.loss];
    const top = Math.max(finiteMax(...curves), run.initial_loss);
    const ceiling = top * 1.5;  // finite values stay on the axis; non-finite ones sit here, crossed
    const datasets = [{
      label: `α ${formatNumber(run.learning_rate)}`, alpha: run.learning_rate,
      borderColor: colour(run.diagnosis.label), backgroundColor: colour(run.diagnosis.label), borderWidth: 2,
    }];
    setCurve(datasets[0], cutAtDivergence(curvePoints(run.loss, { ceiling })));
    if (reference) {
      datasets.push({
        label: `α ${formatNumber(reference.learning_rate)} (reference)`, alpha: reference.learning_rate,
        borderColor: colour(reference.diagnosis.label), backgroundColor: colour(reference.diagnosis.label),
        borderWidth: 1.5, borderDash: [5, 4],
      });
      setCurve(datasets[1], cutAtDivergence(curvePoints(reference.loss, { ceiling })));
    }
    if (!entry.chart) {
      this.whenClose(entry.canvas, () => {
        entry.chart = this.ownChart(lossChart(entry.canvas, { yTitle: 'loss (log)', legend: false, datasets, y: { max: ceiling } }));
      });
    } else {
      entry.chart.data.datasets = datasets;
      entry.chart.options.scales.y.max = ceiling;
      redraw(entry.chart);
    }

    const d = run.diagnosis;
    const label = d.label;
    setChildren(entry.verdict,
      h('span', { class: `badge ${label}`, dataset: { testid: `theory-label-${shape.id}`, label } }, labelText(label)),
      h('span', {}, capitalise(tidyNumbers(d.reason)) + '.'),
      label !== shape.expected
        ? h('span', { class: 'note' }, `The lesson calls this shape “${labelText(shape.expected)}”; the engine reads this run differently, and the engine has the last word.`)
        : null);
    const text = `${shape.title}: ${setting}. ${describe(run)}. Engine diagnosis: ${labelText(label)} — ${tidyNumbers(d.reason)}.`;
    entry.figure.describe(text);
  }

  /**
   * The live check: GD on raw house data at α = 1.9/λmax — far past 1/λmax, where the weights
   * zig-zag across the valley — still lowers the loss at every single step (each eigen-
   * component shrinks by |1 − αλ| < 1 per step, so the sum of squares can only fall).
   */
  async showTruth(engine, bounds) {
    const alpha = Number((1.9 / bounds.lambda_max).toPrecision(4));
    const result = await engine.runTraining({ data: RAW, optimizer: { kind: 'gd', learning_rate: alpha } });
    if (!result.ok) { this.showError(this.truthCheck.body, result.error); return; }
    const run = result.value.run;
    let rises = 0;
    for (let t = 1; t < run.loss.length; ++t) if (run.loss[t] > run.loss[t - 1]) rises += 1;
    setChildren(this.truthCheck.body,
      h('p', {}, 'A saw-tooth loss is often blamed on “α too high” in plain gradient descent. For full-batch GD on a quadratic loss such as linear regression, that cannot happen:'),
      h('ul', {},
        h('li', {}, `Above 1/λmax = ${formatNumber(bounds.zigzag_rate)} the weights overshoot the valley floor and zig-zag, yet the loss still falls. Live check: GD on the raw data at α = 1.9/λmax = ${formatNumber(alpha)} — the loss fell ${formatPercent(run.diagnosis.relative_drop)} and rose in `,
          h('b', { dataset: { testid: 'theory-rises' } }, String(rises)), ` of ${run.loss.length - 1} steps (engine: ${labelText(run.diagnosis.label)}, sign flips ${formatPercent(run.diagnosis.flip_fraction)}).`),
        h('li', {}, `Above 2/λmax = ${formatNumber(bounds.divergence_rate)} the loss does not saw-tooth either: it explodes, as in the fourth chart.`),
        h('li', {}, 'A real saw-tooth comes from momentum (the third chart), from mini-batch noise (see Optimizers & noise) or from a loss that is not quadratic.')));
  }
}

function describe(run) {
  if (run.diverged) return `the loss became non-finite at step ${run.diverged_at}`;
  return `loss went from ${formatNumber(run.initial_loss)} to ${formatNumber(run.final_loss)} in ${run.loss.length - 1} steps`;
}

function capitalise(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

define('lr-lab-theory', Theory);
