// Failure-mode lab: pick a failure scenario, the engine runs it and shows the failing curve
// with its diagnosis; pick a remedy, the engine runs that too and shows its curve next to
// the failing one, with the verdict (works / does not work) decided from both runs.
import { LabModule, define } from './base.js';
import { h, setChildren, formatNumber, formatPercent, labelText, tidyNumbers, download } from '../ui/dom.js';
import { redraw, curvePoints, cutAtDivergence, setCurve, labelColor } from '../charts/charts.js';
import { figure, lossChart } from '../charts/figure.js';
import scenarios from '../content/failure-modes.json';
import { lessonFacts, fillFacts, placeholdersIn, remedyWorks } from '../study/facts.js';
import { CONCEPTS } from './concepts.js';

function summarize(run) {
  const d = run.diagnosis;
  if (run.diverged) return `${labelText(d.label)}${run.diverged_at >= 0 ? ` at step ${run.diverged_at}` : ''}`;
  return `${labelText(d.label)}, loss fell ${formatPercent(d.relative_drop)} to ${formatNumber(run.final_loss, 4)}`;
}

/** The lesson concepts a scenario and its remedy exercise (coverage). */
function conceptsOf(...configs) {
  const concepts = new Set();
  for (const cfg of configs) {
    if (cfg.data?.scaling && cfg.data.scaling !== 'none') concepts.add(CONCEPTS.featureScaling);
    const kind = cfg.optimizer?.kind;
    if (['momentum', 'nesterov', 'rmsprop', 'adam'].includes(kind)) concepts.add(CONCEPTS.momentumAdam);
    if (kind === 'sgd') concepts.add(CONCEPTS.batchNoise);
    if (cfg.schedule?.kind && cfg.schedule.kind !== 'constant') concepts.add(CONCEPTS.schedules);
  }
  return concepts;
}

class FailureLab extends LabModule {
  static css = `
    :host { --ok-text: #146c35; --bad-text: #b3202e; }
    @media (prefers-color-scheme: dark) { :host { --ok-text: var(--good); --bad-text: var(--diverged); } }
    .scenarios { display: grid; grid-template-columns: repeat(auto-fill, minmax(12em, 1fr)); gap: .5em; margin: .5em 0 1em; }
    .scenarios button, .remedies button { text-align: left; background: var(--bg); color: var(--fg); border-color: var(--border); padding: .5em .8em; line-height: 1.3; }
    .scenarios button[aria-pressed=true], .remedies button[aria-pressed=true] { border: 2px solid var(--accent); background: var(--surface); }
    .remedies { display: flex; flex-wrap: wrap; gap: .5em; margin: .5em 0; }
    .diag { font-size: .92em; margin: .3em 0; }
    .verdict { font-size: 1.15em; font-weight: 800; margin: 0 0 .3em; }
    .verdict.works { color: var(--ok-text); } .verdict.fails { color: var(--bad-text); }
    .callout.works { border-color: var(--good); } .callout.fails { border-color: var(--diverged); }
    figure { margin: 0; }
  `;

  render() {
    this.facts = null;
    this.scenarioButtons = scenarios.map((s) => h('button', {
      type: 'button', 'aria-pressed': 'false', dataset: { testid: `failure-scenario-${s.id}`, id: s.id }, onclick: () => this.selectScenario(s),
    }, s.title));
    this.heading = h('h4', {});
    this.symptom = h('p', { class: 'muted' });
    this.status = h('div', { role: 'status' });
    this.triggerDiag = h('p', { class: 'diag', dataset: { testid: 'failure-diagnosis' } });
    this.remedyDiag = h('p', { class: 'diag' });
    this.triggerFigure = figure({
      title: 'The failing run', label: 'The failing run', chartClass: 'short', attrs: { style: null }, after: [this.triggerDiag],
      exports: [{ png: 'failure.png', chart: () => this.triggerChart }],
    });
    this.remedyFigure = figure({
      title: 'With the remedy', label: 'The run with the remedy', chartClass: 'short', attrs: { style: null }, after: [this.remedyDiag],
      exports: [{ png: 'remedy.png', chart: () => this.remedyChart }],
    });
    this.remedies = h('div', { class: 'remedies', role: 'group', 'aria-label': 'Remedies' });
    this.verdict = h('div', { class: 'callout', hidden: true, 'aria-live': 'polite', dataset: { testid: 'failure-verdict' } });
    // The remedy's side starts with the choice: its chart shows only once a remedy has run.
    this.work = h('div', { hidden: true },
      this.heading, this.symptom,
      h('div', { class: 'grid-2' }, this.triggerFigure.element,
        h('div', {}, h('h4', {}, 'Pick a remedy'), this.remedies, this.remedyFigure.element)),
      this.verdict);

    this.root.append(this.card('Failure-mode lab',
      'Each scenario is a run that goes wrong. Pick one to watch it fail, then try a fix: the engine runs it and says whether it works.',
      h('div', { class: 'scenarios', role: 'group', 'aria-label': 'Failure scenarios' }, this.scenarioButtons),
      this.status, this.work));
    const title = (items) => (items.length ? `${items[0].dataset.label} · step ${items[0].raw.x}` : '');
    this.whenSeen(() => {
      this.triggerChart = this.ownChart(lossChart(this.triggerFigure.canvas, { title }));
      this.remedyChart = this.ownChart(lossChart(this.remedyFigure.canvas, { title }));
    });
    if (scenarios.length) this.whenSeen(() => this.selectScenario(scenarios[0]));
  }

  /** Fills {fact} placeholders (live engine facts, computed only when a text needs them). */
  async text(template, extra = {}) {
    if (!template) return '';
    if (placeholdersIn(template).some((name) => !(name in extra)) && !this.facts) {
      try { this.facts = await lessonFacts(); } catch { this.facts = {}; }
    }
    return fillFacts(template, { ...(this.facts || {}), ...extra });
  }

  async selectScenario(scenario) {
    const token = this.nextTicket();
    for (const b of this.scenarioButtons) b.setAttribute('aria-pressed', String(b.dataset.id === scenario.id));
    this.scenario = scenario;
    this.trigger = null;
    this.remedy = null;
    this.verdict.hidden = true;
    this.status.replaceChildren();
    const engine = await this.engine();
    const result = await engine.runTraining(scenario.trigger);
    if (!this.isCurrent(token)) return;
    if (!result.ok) { this.showError(this.status, result.error); return; }
    this.trigger = result.value;
    this.work.hidden = false;
    this.heading.textContent = scenario.title;
    this.symptom.textContent = await this.text(scenario.symptom);
    if (!this.isCurrent(token)) return;
    setChildren(this.remedies, scenario.remedies.map((r) => h('button', {
      type: 'button', 'aria-pressed': 'false', dataset: { testid: `failure-remedy-${r.id}`, id: r.id }, onclick: () => this.tryRemedy(r),
    }, r.label)));
    const run = this.trigger.run;
    setChildren(this.triggerDiag, h('span', { class: `badge ${run.diagnosis.label}` }, labelText(run.diagnosis.label)), ` ${tidyNumbers(run.diagnosis.reason)}.`);
    this.remedyDiag.replaceChildren();
    this.remedyFigure.element.hidden = true;
    this.draw();
  }

  async tryRemedy(remedy) {
    if (!this.trigger) return;
    const token = this.nextTicket();
    for (const b of this.remedies.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset.id === remedy.id));
    const engine = await this.engine();
    const result = await engine.runTraining(remedy.config);
    if (!this.isCurrent(token)) return;
    if (!result.ok) { this.showError(this.status, result.error); return; }
    this.remedy = result.value;
    const run = this.remedy.run;
    setChildren(this.remedyDiag, h('span', { class: `badge ${run.diagnosis.label}` }, labelText(run.diagnosis.label)), ` ${tidyNumbers(run.diagnosis.reason)}.`);
    this.remedyFigure.element.hidden = false;
    this.draw();
    const works = remedyWorks(this.trigger, this.remedy);
    const explanation = await this.text(remedy.explanation);
    if (!this.isCurrent(token)) return;
    this.verdict.className = `callout ${works ? 'works' : 'fails'}`;
    this.verdict.dataset.works = String(works);
    setChildren(this.verdict,
      h('p', { class: `verdict ${works ? 'works' : 'fails'}` }, works ? `✓ Works: ${remedy.label}` : `✗ Does not work: ${remedy.label}`),
      h('p', {}, `Before: ${summarize(this.trigger.run)}. After: ${summarize(run)}.`),
      h('p', {}, explanation));
    this.verdict.hidden = false;
    this.activity('monitor', CONCEPTS.productionHabits);
    this.emit('lrlab-exercise-completed', { module: this.localName, exercise: this.scenario.id, correct: works, answer: remedy.label });
    for (const concept of conceptsOf(this.scenario.trigger, remedy.config)) this.activity(null, concept);
  }

  /** Both charts on the same axes, so the two curves compare at a glance. */
  draw() {
    const runs = [this.trigger.run, this.remedy?.run].filter(Boolean);
    const start = Math.max(...runs.map((r) => r.initial_loss).filter(Number.isFinite));
    const ceiling = start * 10;
    const finite = runs.flatMap((r) => Array.from(r.loss).filter((y) => Number.isFinite(y) && y > 0));
    const floor = Math.min(...finite);
    const steps = Math.max(...runs.map((r) => r.loss.length));
    const show = (chart, fig, run, name) => {
      const datasets = [];
      if (run) {
        const color = labelColor(chart, run.diagnosis.label);
        const entry = { label: `${name} (α ${formatNumber(run.learning_rate)}) · ${labelText(run.diagnosis.label)}`, data: [], borderColor: color, backgroundColor: color };
        setCurve(entry, cutAtDivergence(curvePoints(run.loss, { ceiling })));
        datasets.push(entry);
      }
      chart.data.datasets = datasets;
      chart.options.scales.y.max = ceiling;
      chart.options.scales.y.min = Number.isFinite(floor) ? floor / 1.5 : undefined;
      chart.options.scales.x.min = 0;
      chart.options.scales.x.max = steps - 1;
      redraw(chart);
      const text = run ? `${name}: ${summarize(run)}.` : `${name}: not run yet.`;
      fig.describe(text, `Loss per step. ${text}`);
    };
    show(this.triggerChart, this.triggerFigure, this.trigger.run, 'failing run');
    show(this.remedyChart, this.remedyFigure, this.remedy?.run, 'remedy');
  }
}

define('lr-lab-failure-lab', FailureLab);
