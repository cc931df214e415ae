// Concept drill: predict-then-reveal rounds generated live by the engine.
//  (a) Label a curve: one run taken out of a fresh sweep (so its label is judged against the
//      other rates, exactly as in the Sweep lab) is drawn without its label; the learner
//      picks one of the five labels; the engine's diagnosis and its signals are revealed.
//  (b) Largest stable α: a random scaling of a dataset; the learner picks from the ×3
//      ladder; the sweep's curves and its recommendation are revealed.
// The score (correct / total, streak) is kept in memory and, when allowed, in localStorage.
import { LabModule, define } from './base.js';
import { engineSchema } from '../state.js';
import { h, setChildren, formatNumber, formatPercent, labelText, tidyNumbers } from '../ui/dom.js';
import { redraw, curvePoints, cutAtDivergence, setCurve, labelColor, themeOf } from '../charts/charts.js';
import { withAlpha } from '../charts/color.js';
import { figure, lossChart } from '../charts/figure.js';
import drills from '../content/drills.json';
import { lessonFacts, fillFacts, placeholdersIn, drillValues } from '../study/facts.js';
import { CONCEPTS } from './concepts.js';

import { loadScore, saveScore, defaultStorage, DRILL_KEY } from '../study/storage.js';

export const STORAGE_KEY = DRILL_KEY;
/** The engine's diagnosis labels, in its order. */
const LABELS = engineSchema.labels;
const SCALINGS = [['none', 'raw units'], ['min_max', 'min-max scaled'], ['z_score', 'z-scored']];
/** The other rates of a sweep, drawn faint behind the run in question: the theme's neutral. */
const context = (chart) => withAlpha(themeOf(chart).neutral, 0.35);

const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** `patch` deep-merged over `base` (a drill variant over its setup). */
function deepMerge(base, patch) {
  const out = { ...(base || {}) };
  for (const [key, value] of Object.entries(patch || {})) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && out[key] && typeof out[key] === 'object' ? deepMerge(out[key], value) : value;
  }
  return out;
}

/** Keeps only the settings the engine knows for `defaults` (drill setups may carry extras). */
function fit(defaults, config) {
  const out = {};
  for (const [key, value] of Object.entries(config || {})) {
    if (!(key in defaults)) continue;
    const fallback = defaults[key];
    out[key] = fallback && typeof fallback === 'object' && value && typeof value === 'object' ? fit(fallback, value) : value;
  }
  return out;
}

function describeData(data, optimizer, steps) {
  const model = { linear: 'linear regression', logistic: 'logistic regression', mlp: 'a small MLP' }[data.model] || data.model;
  const set = { house: 'house prices', two_class: 'two classes', nonlinear: 'non-linear data' }[data.dataset] || data.dataset;
  const scaling = (SCALINGS.find(([k]) => k === data.scaling) || [null, data.scaling])[1];
  const opt = { gd: 'full-batch GD', sgd: `mini-batch SGD (batch ${optimizer.batch_size})`, momentum: 'momentum', nesterov: 'Nesterov', rmsprop: 'RMSProp', adam: 'Adam' }[optimizer.kind] || optimizer.kind;
  return `${set}, ${scaling}, ${model}, ${opt}, ${steps} steps`;
}

class ConceptDrill extends LabModule {
  static css = `
    :host { --ok-text: #146c35; --bad-text: #b3202e; }
    @media (prefers-color-scheme: dark) { :host { --ok-text: var(--good); --bad-text: var(--diverged); } }
    .head { display: flex; flex-wrap: wrap; gap: .75em; align-items: center; justify-content: space-between; }
    .modes { display: flex; flex-wrap: wrap; gap: .5em; }
    .modes button[aria-pressed=true] { background: var(--accent); color: var(--accent-fg); }
    .score { font-weight: 700; font-variant-numeric: tabular-nums; background: var(--surface); border-radius: 999px; padding: .35em .9em; }
    .round-title { margin: .9em 0 .2em; color: var(--muted); font-size: .9em; }
    .prompt { font-weight: 600; font-size: 1.02em; margin-bottom: .2em; }
    .choices { display: flex; flex-wrap: wrap; gap: .5em; margin: .75em 0; }
    .choices button { background: var(--bg); color: var(--fg); border-color: var(--border); font-variant-numeric: tabular-nums; }
    .choices button:hover:not(:disabled) { border-color: var(--accent); }
    .choices button.picked { border-width: 2px; border-color: var(--accent); }
    .choices button.answer { border-width: 2px; border-color: var(--good); background: color-mix(in srgb, var(--good) 14%, var(--bg)); }
    .choices button:disabled { opacity: 1; cursor: default; }
    .choices button.picked.wrong-pick { border-color: var(--diverged); background: color-mix(in srgb, var(--diverged) 12%, var(--bg)); }
    .verdict { font-size: 1.1em; font-weight: 800; margin: 0 0 .3em; }
    .verdict.right { color: var(--ok-text); } .verdict.wrong { color: var(--bad-text); }
    .signals { margin: .4em 0 .6em; padding-left: 1.2em; }
    .signals li { margin: .25em 0; }
    .signals b { font-variant-numeric: tabular-nums; }
    .next { margin-top: .5em; }
  `;

  render() {
    this.storage = defaultStorage();
    const saved = loadScore(this.storage);  // validated (web/study/storage.js); a bad one is reset with a notice
    this.score = saved.score;
    this.storeNotice = h('p', { class: 'small muted', role: 'status', hidden: !saved.notice, dataset: { testid: 'drill-store-notice' } }, saved.notice || '');
    this.mode = 'label-curve';
    this.facts = null;
    this.scoreEl = h('span', { class: 'score', role: 'status', dataset: { testid: 'drill-score' } });
    this.modeButtons = [['label-curve', 'Label a curve'], ['largest-stable', 'Largest stable α']].map(([mode, text]) =>
      h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(mode === this.mode), dataset: { mode, testid: `drill-mode-${mode}` }, onclick: () => this.setMode(mode) }, text));
    this.heading = h('h4', { class: 'round-title' });
    this.prompt = h('p', { class: 'prompt' });
    this.setup = h('p', { class: 'small muted' });
    this.figure = figure({ label: 'Loss curve of the round', chartClass: 'short', exports: [{ png: 'drill.png', chart: () => this.chart }] });
    this.choices = h('div', { class: 'choices', role: 'group', 'aria-label': 'Your answer' });
    this.reveal = h('div', { class: 'callout', hidden: true, dataset: { testid: 'drill-reveal' } });
    this.live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
    this.status = h('div', { role: 'status' });
    this.nextButton = h('button', { type: 'button', class: 'next', onclick: () => this.newRound(), dataset: { testid: 'drill-next' } }, 'Next round');

    this.root.append(
      this.card('Concept drill',
        'Predict, then reveal. Every round is a fresh run of the engine: read the curve or guess the rate first, then see what the engine measured.',
        h('div', { class: 'head' }, h('div', { class: 'modes', role: 'group', 'aria-label': 'Kind of round' }, this.modeButtons), this.scoreEl),
        this.storeNotice,
        this.status,
        this.heading, this.prompt, this.setup,
        this.figure.element,
        this.choices, this.reveal, this.live,
        h('div', { class: 'row' }, this.nextButton)));
    this.whenSeen(() => this.createChart());
    this.showScore();
    this.whenSeen(() => this.newRound());
  }

  createChart() {
    this.chart = this.ownChart(lossChart(this.figure.canvas, {
      x: { min: 0, ticks: { precision: 0 } },
      legend: { display: false },
      title: (items) => (items.length ? `${items[0].dataset.hiddenAlpha ? 'this run' : `α = ${formatNumber(items[0].dataset.alpha)}`} · step ${items[0].raw.x}` : ''),
    }));
  }

  setMode(mode) {
    if (mode === this.mode) return;
    this.mode = mode;
    for (const b of this.modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
    this.newRound();
  }

  showScore() {
    const s = this.score;
    this.scoreEl.textContent = `Score ${s.correct} / ${s.total} · streak ${s.streak}`;
    this.scoreEl.title = `best streak ${s.best}`;
  }

  /** Scores a round: 1 point when right, ½ when one ×3 step off; only a right answer keeps the streak. */
  record(points) {
    const s = this.score;
    s.total += 1;
    s.correct += points;
    if (points === 1) { s.streak += 1; s.best = Math.max(s.best, s.streak); } else s.streak = 0;
    const saved = saveScore(this.storage, s);
    if (saved.notice) { this.storeNotice.textContent = saved.notice; this.storeNotice.hidden = false; }
    this.showScore();
  }

  /** Fills {fact} placeholders (live engine facts, computed only when a text needs them). */
  async text(template, extra = {}) {
    if (!template) return '';
    if (placeholdersIn(template).some((name) => !(name in extra)) && !this.facts) {
      try { this.facts = await lessonFacts(); } catch { this.facts = {}; }
    }
    return fillFacts(template, { ...(this.facts || {}), ...extra });
  }

  /** A sweep for the template, with the round's random variations. */
  async sweep(template, variant) {
    const engine = await this.engine();
    const config = fit(engine.defaults.sweep, deepMerge(template.setup, variant ? variant.patch : null));
    const result = await engine.runSweep(config);
    if (!result.ok) return result;
    const full = { ...engine.defaults.sweep, ...config, optimizer: { ...engine.defaults.sweep.optimizer, ...(config.optimizer || {}) }, data: { ...engine.defaults.sweep.data, ...config.data } };
    return { ok: true, value: result.value, config: full };
  }

  async newRound() {
    const token = this.nextTicket();
    const templates = drills.filter((d) => d.kind === this.mode);
    this.reveal.hidden = true;
    this.reveal.replaceChildren();
    this.choices.replaceChildren();
    this.status.replaceChildren();
    if (!templates.length) {
      this.showError(this.status, 'No drill of this kind is available.');
      return;
    }
    // A different template than last time when there is a choice.
    const fresh = templates.filter((t) => t !== this.round?.template);
    const template = pick(fresh.length ? fresh : templates);
    const variant = Array.isArray(template.variants) && template.variants.length ? pick(template.variants) : null;
    const result = await this.sweep(template, variant);
    if (!this.isCurrent(token)) return;
    if (!result.ok) { this.showError(this.status, result.error); return; }
    const runs = result.value.runs;
    let round;
    if (this.mode === 'label-curve') {
      const choices = (template.choices || LABELS).filter((l) => LABELS.includes(l));
      // The labels this sweep produced (among the choices), each equally likely, then one
      // run with that label: the learner sees every shape, not mostly "too low".
      const labels = [...new Set(runs.map((r) => r.diagnosis.label))].filter((l) => choices.includes(l));
      if (!labels.length) { this.showError(this.status, 'This drill produced no curve to label; try the next round.'); return; }
      const label = pick(labels);
      const target = pick(runs.filter((r) => r.diagnosis.label === label));
      round = { kind: 'label-curve', template, variant, choices, sweep: result.value, config: result.config, target };
    } else {
      round = { kind: 'largest-stable', template, variant, sweep: result.value, config: result.config };
    }
    const focus = round.target || round.sweep.runs[round.sweep.recommended_index] || round.sweep.runs[0];
    const values = drillValues(focus, round.sweep);
    const [prompt, explanation] = await Promise.all([this.text(template.prompt, values), this.text(template.explanation, values)]);
    if (!this.isCurrent(token)) return;
    round.explanation = explanation;
    this.round = round;
    // The x axis always spans the whole window, so a run that blew up early shows as such.
    this.chart.options.scales.x.max = Math.max(...round.sweep.runs.map((r) => r.loss.length)) - 1;
    this.prompt.textContent = prompt;
    this.heading.textContent = template.title ? `${template.title}${variant ? ` — ${variant.label}` : ''}` : (variant ? variant.label : '');
    const cfg = round.config;
    if (round.kind === 'label-curve') {
      this.setup.textContent = `Setup: ${describeData(cfg.data, cfg.optimizer, cfg.steps)}; the thick curve is one rate of a ×${cfg.factor === 'x10' ? 10 : 3} sweep from ${formatNumber(cfg.start)}, the thin grey ones the other rates it is judged against.`;
      this.drawHidden(round.target, round.sweep.runs);
      setChildren(this.choices, round.choices.map((label) =>
        h('button', { type: 'button', dataset: { testid: `drill-choice-${label}`, label }, onclick: (e) => this.answerLabel(label, e.currentTarget) }, labelText(label))));
    } else {
      this.setup.textContent = `Setup: ${describeData(cfg.data, cfg.optimizer, cfg.steps)}. The sweep runs every rate below; which is the largest that stays stable (good or too low)?`;
      this.drawEmpty();
      const runs = round.sweep.runs;
      setChildren(this.choices,
        runs.map((run, i) => h('button', { type: 'button', dataset: { testid: `drill-choice-alpha-${i}`, index: String(i) }, onclick: (e) => this.answerRate(i, e.currentTarget) }, formatNumber(run.learning_rate))),
        h('button', { type: 'button', dataset: { testid: 'drill-choice-none', index: '-1' }, onclick: (e) => this.answerRate(-1, e.currentTarget) }, 'none is stable'));
    }
    this.live.textContent = `New round. ${prompt}`;
  }

  ceiling(runs) {
    const start = Math.max(...runs.map((r) => r.initial_loss).filter(Number.isFinite));
    return start * 10;
  }

  /**
   * The run to label, thick, over the other runs of its sweep in thin grey without their α's:
   * the label is judged against them (progress relative to the best run), so they are shown.
   */
  drawHidden(run, runs = [run]) {
    this.figure.element.hidden = false;
    const ceiling = this.ceiling(runs);
    const faint = context(this.chart);
    const others = runs.filter((r) => r !== run).map((other) => {
      const entry = { label: 'another rate', data: [], borderColor: faint, backgroundColor: faint, borderWidth: 1.25, hiddenAlpha: true, order: 1 };
      setCurve(entry, cutAtDivergence(curvePoints(other.loss, { ceiling })));
      return entry;
    });
    // The curve to label, before its diagnosis is known: the theme's accent (light or dark).
    const neutral = themeOf(this.chart).accent;
    const entry = { label: 'this run', data: [], borderColor: neutral, backgroundColor: neutral, borderWidth: 3, hiddenAlpha: true, order: 0 };
    setCurve(entry, cutAtDivergence(curvePoints(run.loss, { ceiling })));
    this.chart.data.datasets = [entry, ...others];
    this.chart.options.scales.y.max = ceiling;
    this.chart.options.plugins.legend.display = false;
    redraw(this.chart);
    const text = `Loss curve of one run over ${run.loss.length} steps, drawn thick over the ${others.length} other rates of its sweep; its label is hidden until you answer. Loss starts at ${formatNumber(run.initial_loss)} and ends ${run.diverged ? 'diverged' : `at ${formatNumber(run.final_loss)}`}.`;
    this.figure.describe(text);
  }

  /** A largest-stable round shows no chart until the answer: the curves would give it away. */
  drawEmpty() {
    this.chart.data.datasets = [];
    this.chart.options.plugins.legend.display = false;
    redraw(this.chart);
    this.figure.element.hidden = true;
    this.figure.describe('The curves appear once you answer.');
  }

  /** All runs of the sweep, each coloured by its label; `highlight` drawn thick. */
  drawSweep(runs, highlight) {
    this.figure.element.hidden = false;
    const ceiling = this.ceiling(runs);
    const faint = context(this.chart);
    const datasets = runs.map((run) => {
      const color = labelColor(this.chart, run.diagnosis.label);
      const strong = highlight === undefined || run === highlight;
      const entry = {
        label: `α ${formatNumber(run.learning_rate)} · ${labelText(run.diagnosis.label)}`, alpha: run.learning_rate, data: [],
        borderColor: strong ? color : faint, backgroundColor: strong ? color : faint, borderWidth: run === highlight ? 3 : (strong ? 2 : 1.25),
        order: run === highlight ? 0 : 1,
      };
      setCurve(entry, cutAtDivergence(curvePoints(run.loss, { ceiling })));
      return entry;
    });
    this.chart.data.datasets = datasets;
    this.chart.options.scales.y.max = ceiling;
    this.chart.options.plugins.legend.display = highlight === undefined;
    redraw(this.chart);
    const text = `Loss curves of the sweep: ${runs.map((r) => `α = ${formatNumber(r.learning_rate)} ${labelText(r.diagnosis.label)}`).join('; ')}.`;
    this.figure.describe(text);
  }

  lock(picked, correct) {
    for (const b of this.choices.querySelectorAll('button')) {
      b.disabled = true;
      if (b === picked) b.classList.add('picked');
      if (b === picked && !correct) b.classList.add('wrong-pick');
    }
  }

  answerLabel(label, button) {
    const round = this.round;
    if (!round || round.answered) return;
    round.answered = true;
    const run = round.target;
    const d = run.diagnosis;
    const correct = label === d.label;
    this.lock(button, correct);
    this.choices.querySelector(`[data-label=${d.label}]`).classList.add('answer');
    this.record(correct ? 1 : 0);
    this.drawSweep(round.sweep.runs, run);
    const best = round.sweep.runs.reduce((a, r) => (r.diagnosis.log_drop > a.diagnosis.log_drop ? r : a));
    setChildren(this.reveal,
      h('p', { class: `verdict ${correct ? 'right' : 'wrong'}` }, correct ? '✓ Right.' : `✗ Not quite — you said ${labelText(label)}.`),
      h('p', {}, 'The engine labels this run ', h('span', { class: `badge ${d.label}` }, labelText(d.label)),
        ` (α = ${formatNumber(run.learning_rate)}): ${tidyNumbers(d.reason)}.`),
      h('ul', { class: 'signals' }, this.signals(run, best)),
      h('p', { class: 'small muted' }, 'The grey curves are the other rates of the same sweep; the label is judged against them.'),
      round.explanation ? h('p', {}, round.explanation) : null);
    this.reveal.hidden = false;
    this.live.textContent = `${correct ? 'Right' : 'Not quite'}: the engine labels this run ${labelText(d.label)}. ${tidyNumbers(d.reason)}.`;
    this.activity('compare', CONCEPTS.curveShapes);
    this.emit('lrlab-exercise-completed', { module: this.localName, exercise: 'label-the-run', correct, answer: d.label });
    this.nextButton.focus({ preventScroll: true });
  }

  /** The four diagnosis signals, in words. */
  signals(run, best) {
    const d = run.diagnosis;
    const items = [];
    if (run.diverged) {
      items.push(h('li', {}, h('b', {}, 'Blow-up: '), `the loss stopped being a finite number${run.diverged_at >= 0 ? ` at step ${run.diverged_at}` : ''} — the run diverged.`));
    } else {
      items.push(h('li', {}, h('b', {}, `Progress ${formatPercent(d.progress)}: `),
        `its drop of ln(start/end) is ${formatPercent(d.progress)} of the best run's (α = ${formatNumber(best.learning_rate)}). Below 30 % a stable run is too slow.`));
    }
    if (run.band) {
      const t = engineSchema.thresholds;
      items.push(h('li', {}, h('b', {}, `Batch orders: `),
        `this α ran under ${run.band.final_losses.length} batch orders and is judged on the full-data loss they end at (median ${formatNumber(run.band.median, 3)}, ${formatNumber(run.band.low, 3)} to ${formatNumber(run.band.high, 3)}), not on the noisy log: unstable only if some order blew up (${run.band.diverged} did), oscillating only if the median ends more than ${formatPercent(t.noise_cost)} above the best run's.`));
    }
    items.push(h('li', {}, h('b', {}, `Flip fraction ${formatPercent(d.flip_fraction)}: `),
      'share of steps where the loss reverses direction. From 30 %, with visible swings clearly rougher than the quietest run of the sweep, the curve is a saw-tooth (oscillating).'));
    items.push(h('li', {}, h('b', {}, `Rise after the minimum ${Number.isFinite(d.rise_after_min) ? formatPercent(d.rise_after_min) : '—'}: `),
      'how much of the gain was given back after the lowest point. Half or more, after a real drop, is unstable.'));
    items.push(h('li', {}, h('b', {}, `Blow-up ratio ${Number.isFinite(d.blowup_ratio) ? `${formatNumber(d.blowup_ratio)}×` : '∞'}: `),
      'the highest loss over the starting loss. Above 1 the loss went higher than where it began.'));
    return items;
  }

  answerRate(index, button) {
    const round = this.round;
    if (!round || round.answered) return;
    round.answered = true;
    const sweep = round.sweep;
    const answer = sweep.recommended === null ? -1 : sweep.recommended_index;
    const correct = index === answer;
    const off = index >= 0 && answer >= 0 ? index - answer : null;
    const near = off !== null && Math.abs(off) === 1;
    this.lock(button, correct);
    this.choices.querySelector(`[data-index="${answer}"]`).classList.add('answer');
    this.record(correct ? 1 : near ? 0.5 : 0);
    this.drawSweep(sweep.runs);
    const theory = sweep.curvature;
    const next = answer >= 0 ? sweep.runs[answer + 1] : null;
    setChildren(this.reveal,
      h('p', { class: `verdict ${correct ? 'right' : 'wrong'}` },
        correct ? '✓ Right.' : (near ? `½ point: one ×3 step ${off > 0 ? 'too high' : 'too low'}.` : '✗ Not this time.')),
      h('p', {}, 'Largest stable α: ', h('b', { dataset: { testid: 'drill-answer' } }, answer >= 0 ? formatNumber(sweep.recommended) : 'none'),
        next ? ` — the next rate, ${formatNumber(next.learning_rate)}, is labelled ${labelText(next.diagnosis.label)}: ${tidyNumbers(next.diagnosis.reason)}.` : '.'),
      theory && round.config.optimizer.kind === 'gd' ? h('p', { class: 'small muted' },
        `Theory for this data: λmax = ${formatNumber(theory.lambda_max)}, so full-batch GD diverges above 2/λmax = ${formatNumber(theory.divergence_rate)}; κ = ${formatNumber(theory.condition_number)}.`) : null,
      round.explanation ? h('p', {}, round.explanation) : null);
    this.reveal.hidden = false;
    this.live.textContent = `${correct ? 'Right' : 'Not quite'}: the largest stable α is ${answer >= 0 ? formatNumber(sweep.recommended) : 'none'}.`;
    this.activity('pick-largest', CONCEPTS.largestStable);
    if (round.config.data.scaling !== 'none') this.activity(null, CONCEPTS.featureScaling);
    this.emit('lrlab-exercise-completed', { module: this.localName, exercise: 'largest-stable-rate', correct, answer: answer >= 0 ? sweep.recommended : null });
    this.nextButton.focus({ preventScroll: true });
  }
}

define('lr-lab-drill', ConceptDrill);
