// LR range test: one run whose α grows every step from tiny to huge (Smith 2017 §3.3; fastai's
// lr_find). The smoothed loss against α, where each of fastai's three rules would pick, where
// the run stopped, and a cross-check against the sweep lab's largest stable α — all live.
import { LabModule, define } from './base.js';
import { RANGE_SECTION } from '../sections.js';
import { h, setChildren, formatNumber, download } from '../ui/dom.js';
import { createChart, redraw, curvePoints, setCurve, themeOf, lineAnnotation, logTicks, stackLineLabels, keepLineLabels, steadyBound } from '../charts/charts.js';
import { withAlpha } from '../charts/color.js';
import { firstFinite } from '../charts/curves.js';
import { figure } from '../charts/figure.js';
import { SECTION as SCHEDULES } from './schedules.js';
import { judgeRules, rulesSentence, agreementSentence } from '../labs/range-test.js';
import { CONCEPTS } from './concepts.js';

export const SECTION = RANGE_SECTION;

/** The three rules, in the order fastai lists them, with their colours (the chart's theme). */
const RULES = [
  { key: 'valley', testid: 'valley', title: 'valley', note: 'fastai’s default',
    color: (theme) => theme.label.good, position: 'start',
    explain: 'a bit under halfway along the longest strictly decreasing subsequence of the smoothed loss (its points need not be neighbours)' },
  { key: 'steepest', testid: 'steepest', title: 'steepest', note: '',
    color: (theme) => theme.series[5], position: 'center',
    explain: 'where the loss falls fastest per decade of α (most negative slope); noise can fool it' },
  { key: 'minimum_div10', testid: 'minimum-div10', title: 'minimum ÷ 10', note: '',
    color: (theme) => theme.label.unstable, position: 'end',
    explain: 'one decade below the α of the lowest loss, because at the minimum the loss is already about to blow up' },
];
/** The crosses of points off the axis (setCurve): the raw loss's small and thin, the smoothed loss's as wide as its line. */
const RAW_LOOK = { radius: 4, borderWidth: 1, plainBorderWidth: 1, style: 'crossRot' };
const LINE_LOOK = { radius: 6, borderWidth: 2.5, plainBorderWidth: 2.5, style: 'crossRot' };
/** The sweep used for the cross-check: the sweep lab's window and ladder. */
const SWEEP_STEPS = 200;
const SWEEP_DECADES = 5;

class RangeTest extends LabModule {
  static section = SECTION;
  static css = `
    .rules { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .6em; margin: .75em 0; }
    @container (max-width: 640px) { .rules { grid-template-columns: minmax(0, 1fr); } }
    .rule { background: var(--surface); border-radius: 8px; padding: .6em .8em; border-top: 4px solid var(--rule); }
    .rule.valley { --rule: var(--good); } .rule.steepest { --rule: var(--series-5); } .rule.minimum_div10 { --rule: var(--unstable); }
    .rule .name { font-weight: 700; }
    .rule .name small { font-weight: 500; color: var(--muted); }
    .rule b { display: block; font-size: 1.45em; font-variant-numeric: tabular-nums; }
    .rule p { margin: .2em 0 0; font-size: .85em; color: var(--muted); }
    .stop { border-left: 4px solid var(--diverged); }
    .stop.ran { border-left-color: var(--too_low); }
    .groups h4 { margin-top: .25em; }
    .use { display: flex; flex-wrap: wrap; gap: .5em 1em; align-items: end; }
    .use .field { min-width: 12em; }
    figure { margin: 0; }
    .chart.tall { height: 360px; }
    /* Settings the engine rejects: the chart keeps the last valid run, dimmed; its numbers hide. */
    .stale .chart { opacity: .35; }
    .stale > :not(figure) { display: none; }
    /* Uppercase would turn α and β into capitals that read as "A" and "B". */
    .field > span { text-transform: none; letter-spacing: 0; font-size: .85em; }
    @container (max-width: 640px) { .chart.tall { height: 300px; } }
  `;

  render() {
    const data = this.controls(SECTION, ['dataset', 'scaling', 'model', 'optimizer', 'batch', 'seed']);
    const finder = this.controls(SECTION, ['start_lr', 'end_lr', 'iterations', 'ramp', 'smoothing', 'stop_factor']);
    this.batchControl = data.controls.get('batch');

    this.status = h('div', { role: 'status', 'aria-live': 'polite' });
    this.figure = figure({
      title: 'Loss against α during the ramp', label: 'Smoothed loss against the learning rate', chartClass: 'tall', attrs: { style: null },
      exports: [{ csv: () => this.exportCsv() }, { png: 'range-test.png', chart: () => this.chart }],
    });
    this.canvas = this.figure.canvas;
    this.values = {};
    this.rules = h('div', { class: 'rules' }, RULES.map((rule) => {
      this.values[rule.key] = h('b', { class: 'mono', dataset: { testid: rule.testid } }, '—');
      return h('div', { class: `rule ${rule.key}` },
        h('div', { class: 'name' }, rule.title, rule.note ? h('small', {}, ` · ${rule.note}`) : null),
        this.values[rule.key],
        h('p', {}, rule.explain));
    }));
    this.stopNote = h('p', { class: 'callout stop', dataset: { testid: 'stop-note' } });
    this.comparison = h('div', { class: 'callout' }, h('p', { class: 'muted' }, 'Running the sweep for comparison…'));

    this.ruleChoice = h('select', { id: 'range-use-rule' },
      RULES.map((rule) => h('option', { value: rule.key }, `${rule.title}${rule.note ? ` (${rule.note})` : ''}`)));
    this.useStatus = h('p', { class: 'small muted', role: 'status', 'aria-live': 'polite' });

    this.root.append(
      this.card('LR range test',
        { text: 'One run, α multiplied a little every step, the loss smoothed.', summary: 'How to read it',
          more: 'Learning starts where the curve turns down and breaks where it shoots up; the rules below turn that picture into a number.' },
        h('div', { class: 'grid-2 groups' },
          h('div', {}, h('h4', {}, 'Data and optimizer'), data.element),
          h('div', {}, h('h4', {}, 'The finder’s own settings'), finder.element)),
        this.status),
      h('section', { class: 'card' },
        this.figure.element,
        this.rules,
        this.stopNote,
        this.comparison,
        h('div', { class: 'use' },
          h('label', { class: 'field', for: 'range-use-rule' }, h('span', {}, 'Peak α from'), this.ruleChoice),
          h('button', { type: 'button', onclick: () => this.useAsBounds() }, 'Use as schedule bounds')),
        this.useStatus));

    this.whenSeen(() => this.createChart());
    this.subscribe(SECTION, () => { this.touched = true; this.requestRun(); });
    this.requestRun();
  }

  createChart() {
    // The loss curve takes the theme's accent (light and dark schemes); the raw loss is a
    // faint version of it behind.
    const accent = themeOf(this.canvas).accent;
    const LINE_COLOR = accent;
    const RAW_COLOR = withAlpha(accent, 0.35);
    this.chart = this.ownChart(createChart(this.canvas, {
      type: 'scatter',
      data: {
        datasets: [
          // Points off the axis are crosses (setCurve, RAW_LOOK and LINE_LOOK).
          { label: 'raw loss', data: [], showLine: true, borderColor: RAW_COLOR, backgroundColor: RAW_COLOR, borderWidth: 1, pointRadius: 0, pointStyle: 'crossRot', order: 2 },
          { label: 'smoothed loss', data: [], showLine: true, borderColor: LINE_COLOR, backgroundColor: LINE_COLOR, borderWidth: 2.5, pointRadius: 0, pointStyle: 'crossRot', order: 1 },
        ],
      },
      options: {
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'learning rate α (log scale)' }, ticks: logTicks() },
          y: { type: 'linear', min: 0, title: { display: true, text: 'loss' } },
        },
        plugins: {
          legend: { position: 'bottom' },
          annotation: { annotations: {} },
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? `α = ${formatNumber(items[0].raw.x)} · iteration ${items[0].raw.iteration}` : ''),
              label: (item) => `${item.dataset.label}: ${item.raw.diverged ? `${formatNumber(item.raw.raw, 4)} (off the axis)` : formatNumber(item.raw.y, 4)}`,
            },
          },
        },
      },
    }));
  }

  /** The engine's data and optimizer settings for the current values. */
  setup(values) {
    return {
      data: { dataset: values.dataset, scaling: values.scaling, model: values.model },
      optimizer: { kind: values.optimizer, batch_size: values.optimizer === 'gd' ? 0 : values.batch },
    };
  }

  async run(ticket) {
    const values = this.store.get(SECTION);
    this.batchControl.disabled = values.optimizer === 'gd';
    const engine = await this.engine();
    const setup = this.setup(values);
    const result = await engine.rangeTest({
      ...setup,
      start_lr: values.start_lr,
      end_lr: values.end_lr,
      iterations: values.iterations,
      exponential: values.ramp === 'exponential',
      smoothing: values.smoothing,
      stop_factor: values.stop_factor,
      seed: values.seed,
    });
    if (!this.isCurrent(ticket)) return;
    if (!result.ok) {
      this.showError(this.status, `The range test could not run: ${result.error}.`);
      this.root.querySelectorAll('.card')[1].classList.add('stale');
      return;
    }
    this.status.replaceChildren();
    this.result = result.value;
    this.show(result.value, values);
    this.emit('lrlab-range-result', {
      valley: result.value.valley, steepest: result.value.steepest, minimumOver10: result.value.minimum_div10,
      stoppedEarly: result.value.stopped_early, settings: { ...values },
    });
    await this.compare(engine, setup, values);
    if (!this.isCurrent(ticket)) return;
    if (this.touched) this.activity(null, CONCEPTS.rangeTest);
  }

  show(test, values) {
    const n = test.loss.length;
    // Linear loss axis as fastai draws it, topped a little above the stop threshold: the
    // valley stays readable and the points that triggered the stop sit at the top, marked.
    const best = bestBefore(test.smoothed_loss, test.stopped_early ? n - 1 : n);
    const threshold = values.stop_factor * best;
    const ceiling = Math.max(threshold, firstFinite(test.smoothed_loss)) * 1.2;
    const withIteration = (points) => points.map((p, i) => ({ ...p, iteration: i }));
    const [raw, smoothed] = this.chart.data.datasets;
    setCurve(raw, withIteration(curvePoints(test.loss, { xs: test.learning_rate, ceiling, floor: -Infinity })), RAW_LOOK);
    setCurve(smoothed, withIteration(curvePoints(test.smoothed_loss, { xs: test.learning_rate, ceiling, floor: -Infinity })), LINE_LOOK);
    // (Both bounds hold still while a slider is held: steadyBound.)
    this.chart.options.scales.y.max = steadyBound(this.chart, 'y', 'max', Number.isFinite(ceiling) ? ceiling : undefined);
    // minimum ÷ 10 can lie below the ramp's start: widen the axis so its line stays visible.
    this.chart.options.scales.x.min = steadyBound(this.chart, 'x', 'min', Math.min(values.start_lr, test.minimum_div10 > 0 ? test.minimum_div10 / 1.5 : Infinity));
    this.chart.options.scales.x.max = values.end_lr;

    const annotations = {};
    const theme = themeOf(this.chart);
    const stopColor = theme.label.diverged;
    for (const rule of RULES) {
      const alpha = test[rule.key];
      const color = rule.color(theme);
      if (alpha > 0) annotations[rule.key] = lineAnnotation(this.chart, { x: alpha }, `${rule.title} ${formatNumber(alpha)}`, color, { position: rule.position });
    }
    if (test.stopped_early) {
      // Its label is stacked with the rules' (stackLineLabels): they are often close in α.
      annotations.stop = lineAnnotation(this.chart, { x: test.learning_rate[n - 1] }, `stop · it. ${test.stop_iteration}`, stopColor, { position: 'end', dash: [2, 3] });
      annotations.limit = {
        type: 'line', yMin: threshold, yMax: threshold,
        borderColor: stopColor, borderWidth: 1, borderDash: [2, 4],
        label: { display: true, content: `${values.stop_factor}× best`, position: 'start', color: stopColor, backgroundColor: 'transparent', font: { size: 11 } },
      };
    }
    this.chart.config.options.plugins.annotation.annotations = keepLineLabels(this.chart, annotations);
    this.root.querySelectorAll('.card')[1].classList.remove('stale');
    redraw(this.chart);
    stackLineLabels(this.chart);  // the rules' and the stop's labels never print over each other

    for (const rule of RULES) this.values[rule.key].textContent = test[rule.key] > 0 ? formatNumber(test[rule.key]) : 'n/a';

    // ---- the divergence stop ----
    const last = test.smoothed_loss[n - 1];
    this.stopNote.classList.toggle('ran', !test.stopped_early);
    if (test.stopped_early) {
      const reason = Number.isFinite(last)
        ? `smoothed loss ${formatNumber(last)} > ${values.stop_factor}× its best (${formatNumber(best)})`
        : 'the loss stopped being a finite number';
      this.stopNote.textContent = `Stopped at iteration ${test.stop_iteration} of ${values.iterations}, α = ${formatNumber(test.learning_rate[n - 1])}: ${reason}. Everything to the right of that line would only have diverged further.`;
    } else {
      this.stopNote.textContent = `Ran all ${values.iterations} iterations up to α = ${formatNumber(test.learning_rate[n - 1])} without the smoothed loss passing ${values.stop_factor}× its best: the ramp never found where training breaks. Raise the end α if you want to see the edge.`;
    }

    // ---- text summary ----
    const picks = RULES.map((rule) => `${rule.title} ${test[rule.key] > 0 ? formatNumber(test[rule.key]) : 'not available'}`).join(', ');
    const text = `Range test, ${n} iterations from α = ${formatNumber(test.learning_rate[0])} to ${formatNumber(test.learning_rate[n - 1])}. ` +
      `Smoothed loss starts at ${formatNumber(test.smoothed_loss[0])}, lowest ${formatNumber(best)} at α = ${test.minimum_index >= 0 ? formatNumber(test.learning_rate[test.minimum_index]) : '—'}. ` +
      `${test.stopped_early ? `Stopped early at iteration ${test.stop_iteration}.` : 'Did not stop early.'} Suggestions: ${picks}.`;
    this.figure.describe(text);
  }

  /** The sweep lab's answer for the same data and optimizer, computed live, beside the picks. */
  async compare(engine, setup, values) {
    const test = this.result;
    const start = Math.max(values.start_lr, values.end_lr / 10 ** SWEEP_DECADES);
    const key = JSON.stringify([setup, start, values.end_lr, values.seed]);
    if (key !== this.sweepKey) {
      const sweep = await engine.runSweep({ ...setup, start, end: values.end_lr, factor: 'x3', steps: SWEEP_STEPS, seed: values.seed });
      if (test !== this.result) return;  // a newer range test superseded this one
      this.sweepKey = key;
      this.sweep = sweep;
    }
    const sweep = this.sweep;
    if (!sweep.ok) {
      setChildren(this.comparison, h('p', { class: 'error' }, `The comparison sweep could not run: ${sweep.error}.`));
      return;
    }
    const { recommended, runs } = sweep.value;
    const grid = `${SWEEP_STEPS}-step windows, ×3 grid from ${formatNumber(runs[0].learning_rate)} to ${formatNumber(runs[runs.length - 1].learning_rate)}`;
    if (recommended === null) {
      setChildren(this.comparison, h('p', {}, `The sweep lab finds no stable α for the same data and optimizer (${grid}); the range test’s picks have nothing to be checked against here.`));
      return;
    }
    const atTop = recommended >= runs[runs.length - 1].learning_rate * (1 - 1e-9);
    const ratios = RULES.filter((rule) => test[rule.key] > 0).map((rule) => {
      const ratio = recommended / test[rule.key];
      return ratio >= 1
        ? `${rule.title} ${formatNumber(ratio, 2)}× below it`
        : `${rule.title} ${formatNumber(1 / ratio, 2)}× above it`;
    });
    const overshoot = RULES.filter((rule) => test[rule.key] > recommended * (1 + 1e-9)).map((rule) => rule.title);
    const judgement = judgeRules(test, RULES);
    setChildren(this.comparison,
      h('p', {}, 'The sweep lab’s largest stable α for the same data and optimizer is ',
        h('strong', { class: 'mono', dataset: { testid: 'sweep-largest-stable' } }, formatNumber(recommended)),
        ` (${grid}${atTop ? '; that is the top of the grid, so the edge lies higher still' : ''}). `,
        ratios.length ? `Of the range test’s picks, ${ratios.join(', ')}.` : ''),
      h('p', { class: 'small muted', dataset: { testid: 'rules-judgement' } },
        [rulesSentence(judgement), agreementSentence(recommended, judgement), overshoot.length
          ? `The range test lands high for ${overshoot.join(' and ')}: each α is used for a single step, so a rate that is only just unstable has no time to blow up before the ramp moves on — the loss turns up late. More iterations shorten that lag; the sweep, which holds each α for a whole window, is the safer judge.`
          : 'The minimum ÷ 10 and valley rules are deliberately conservative: they aim for an α that stays safe for a whole training run (and leaves room for a schedule’s peak), not the last α that survives a short window.'].filter(Boolean).join(' ')));
  }

  /** Writes the chosen suggestion into the schedules lab as its peak, on the same setup. */
  useAsBounds() {
    const test = this.result;
    if (!test) return;
    const rule = RULES.find((r) => r.key === this.ruleChoice.value);
    const alpha = test[rule.key];
    if (!(alpha > 0)) {
      this.useStatus.textContent = `The ${rule.title} rule found no α on this run; choose another rule.`;
      return;
    }
    const values = this.store.get(SECTION);
    const peak = Number(alpha.toPrecision(3));
    const patch = {
      peak, dataset: values.dataset, scaling: values.scaling, model: values.model,
      optimizer: values.optimizer, batch: values.batch, seed: values.seed,
    };
    // Into the schedules lab(s) of the page, through each one's store: on the lesson page
    // that is the page's shared store, embedded each owns its own.
    const labs = [...document.querySelectorAll('lr-lab-schedules')];
    if (!labs.length) {
      this.useStatus.textContent = `There is no schedules lab on this page; its peak would be α = ${formatNumber(peak)} (${rule.title}).`;
      return;
    }
    const problems = [...new Set(labs.map((lab) => lab.store))].flatMap((target) => target.set(SCHEDULES, patch));
    this.useStatus.textContent = problems.length
      ? `Could not use it: ${problems.join('; ')}.`
      : `The schedules lab now peaks at α = ${formatNumber(peak)} (${rule.title}) on the same data and optimizer.`;
    this.activity(null, CONCEPTS.rangeTest);
  }

  exportCsv() {
    const test = this.result;
    if (!test) return;
    const lines = ['iteration,learning_rate,loss,smoothed_loss'];
    for (let i = 0; i < test.loss.length; ++i) lines.push([i, test.learning_rate[i], test.loss[i], test.smoothed_loss[i]].join(','));
    lines.push('');
    lines.push('rule,learning_rate,iteration');
    lines.push(`valley,${test.valley},${test.valley_index}`);
    lines.push(`steepest,${test.steepest},${test.steepest_index}`);
    lines.push(`minimum_div10,${test.minimum_div10},${test.minimum_index}`);
    lines.push(`stopped_early,${test.stopped_early},${test.stop_iteration}`);
    download('range-test.csv', lines.join('\n'), 'text/csv');
  }
}

/** The best (lowest) finite value of `curve` in [0, end). */
function bestBefore(curve, end) {
  let best = Infinity;
  for (let i = 0; i < Math.max(1, end); ++i) if (Number.isFinite(curve[i]) && curve[i] < best) best = curve[i];
  return best;
}

define('lr-lab-range-test', RangeTest);
