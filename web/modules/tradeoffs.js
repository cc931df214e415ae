// Tradeoffs: the three tradeoffs of choosing and running a learning rate, each with numbers
// the engine computes on the spot and a link that sets up another lab to show it; then the
// production habits that keep those tradeoffs in check.
import { LabModule, define } from './base.js';
import { CONCEPTS } from './concepts.js';
import { openLab } from '../state.js';
import { h, setChildren, formatNumber, formatPercent, labelText, whenIdle } from '../ui/dom.js';

/** Where each linkable settings section lives on the lesson page (id first, tag as fallback). */
const LABS = { sweep: ['sweep', 'lr-lab-sweep'], optimizers: ['optimizers', 'lr-lab-optimizers'] };

/** The ladder every comparison here uses: ×3 from 1e-4 up to 10 (11 rates). */
const LADDER = { start: 1e-4, factor: 'x3', count: 11, steps: 200, seed: 1 };

/** A link hash (section.key=value&…) that puts one lab in the given state. */
function labHash(section, settings) {
  return `#${Object.entries(settings).map(([k, v]) => `${section}.${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** The same ladder in each lab's own keys (the optimizers lab always climbs ×3). */
const SWEEP_LADDER = { start: LADDER.start, factor: LADDER.factor, count: LADDER.count, steps: LADDER.steps };
const OPTIMIZERS_LADDER = { start: LADDER.start, count: LADDER.count, steps: LADDER.steps };

const LINKS = {
  mlp: { text: 'Sweep lab: non-linear data, MLP', hash: labHash('sweep', { dataset: 'nonlinear', scaling: 'z_score', model: 'mlp', optimizer: 'gd', ...SWEEP_LADDER }) },
  line: { text: 'Sweep lab: non-linear data, straight line', hash: labHash('sweep', { dataset: 'nonlinear', scaling: 'z_score', model: 'linear', optimizer: 'gd', ...SWEEP_LADDER }) },
  raw: { text: 'Sweep lab: raw house data, GD', hash: labHash('sweep', { dataset: 'house', scaling: 'none', model: 'linear', optimizer: 'gd', ...SWEEP_LADDER }) },
  rawOptimizers: { text: 'Optimizers lab: raw house data', hash: labHash('optimizers', { dataset: 'house', scaling: 'none', model: 'linear', ...OPTIMIZERS_LADDER }) },
  scaled: { text: 'Sweep lab: z-scored house data', hash: labHash('sweep', { dataset: 'house', scaling: 'z_score', model: 'linear', optimizer: 'gd', ...SWEEP_LADDER }) },
};

class Tradeoffs extends LabModule {
  static css = `
    .tradeoffs { align-items: stretch; }
    article { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1em 1.1em; display: flex; flex-direction: column; min-width: 0; }
    article h4 { margin: 0 0 .3em; font-size: 1.02em; }
    article .vs { display: block; font-weight: 500; color: var(--muted); font-size: .88em; }
    article p { margin: .35em 0; font-size: .94em; }
    article .live { flex: 1; }
    .num { font-family: var(--mono); font-weight: 700; font-size: .92em; }
    .links { display: flex; flex-direction: column; gap: .1em; margin-top: .4em; }
    .links a { display: inline-flex; align-items: center; min-height: 44px; font-weight: 600; font-size: .92em; }
    .links a::before { content: '→'; margin-right: .4em; }
    ul.habits { list-style: none; padding: 0; margin: .3em 0 0; display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .8em 1.2em; }
    ul.habits li { border-top: 3px solid var(--accent); padding-top: .5em; }
    ul.habits b { display: block; margin-bottom: .2em; }
    ul.habits span { font-size: .92em; color: var(--muted); }
    @container (max-width: 760px) { ul.habits { grid-template-columns: minmax(0, 1fr); } }
  `;

  render() {
    this.status = h('div', { role: 'status', 'aria-live': 'polite' });
    this.models = h('div', { class: 'live' }, h('p', { class: 'muted small' }, 'Running the comparison…'));
    this.speed = h('div', { class: 'live' }, h('p', { class: 'muted small' }, 'Running the comparison…'));
    this.pipeline = h('div', { class: 'live' }, h('p', { class: 'muted small' }, 'Running the comparison…'));
    this.habits = h('ul', { class: 'habits' });

    this.root.append(
      this.card('Three tradeoffs', 'Every choice that makes training faster or a model stronger costs something elsewhere. The numbers below are computed by the engine as you read; each link sets up a lab so you can see it for yourself.',
        this.status,
        h('div', { class: 'grid-3 tradeoffs' },
          h('article', { dataset: { testid: 'tradeoff-models' } },
            h('h4', {}, 'Expressive models', h('span', { class: 'vs' }, 'vs interpretability and overfitting')),
            this.models, this.links([LINKS.mlp, LINKS.line])),
          h('article', { dataset: { testid: 'tradeoff-speed' } },
            h('h4', {}, 'Faster optimisation', h('span', { class: 'vs' }, 'vs instability when nobody watches')),
            this.speed, this.links([LINKS.raw, LINKS.rawOptimizers])),
          h('article', { dataset: { testid: 'tradeoff-pipeline' } },
            h('h4', {}, 'Rich pipelines', h('span', { class: 'vs' }, 'vs maintenance')),
            this.pipeline, this.links([LINKS.scaled])))),
      this.card('Production habits', null, this.habits));
    this.renderHabits(null);

    // The numbers are not needed for the first paint: compute them when the page is idle.
    const ticket = this.nextTicket();
    this.whenSeen(() => whenIdle(() => { if (this.isCurrent(ticket)) this.run(); }));
  }

  /** Links that apply a lab state (state.js's openLab: the settings set, the lab scrolled into view). */
  links(list) {
    // Embedded without the labs it points to, a card keeps its text and drops its links.
    const present = list.filter(({ hash }) => {
      const [id, tag] = LABS[hash.slice(1).split('.')[0]] || [];
      return (id && document.getElementById(id)) || (tag && document.querySelector(tag));
    });
    if (!present.length) return null;
    return h('div', { class: 'links' }, present.map(({ text, hash }) =>
      h('a', { href: hash, dataset: { testid: 'tradeoff-link' }, onclick: (event) => this.applyLink(event, hash) }, text)));
  }

  applyLink(event, hash) {
    event.preventDefault();
    this.activity(null, CONCEPTS.tradeoffs);
    const [id, tag] = LABS[hash.slice(1).split('.')[0]] || [];
    openLab((id && document.getElementById(id)) || (tag && document.querySelector(tag)), hash);
  }

  async run() {
    const engine = await this.engine();
    const sweep = (data, kind = 'gd') => engine.runSweep({ data, optimizer: { kind }, ...LADDER });
    const results = {
      line: await sweep({ dataset: 'nonlinear', scaling: 'z_score', model: 'linear' }),
      mlp: await sweep({ dataset: 'nonlinear', scaling: 'z_score', model: 'mlp' }),
      raw: await sweep({ dataset: 'house', scaling: 'none', model: 'linear' }),
      rawMomentum: await sweep({ dataset: 'house', scaling: 'none', model: 'linear' }, 'momentum'),
      scaled: await sweep({ dataset: 'house', scaling: 'z_score', model: 'linear' }),
    };
    const failed = Object.values(results).find((r) => !r.ok);
    if (failed) { this.showError(this.status, failed.error); return; }
    const v = Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.value]));
    this.showModels(v.line, v.mlp);
    this.showSpeed(v.raw, v.rawMomentum);
    this.showPipeline(v.raw, v.scaled);
    this.renderHabits(v.raw.data);
  }

  showModels(line, mlp) {
    const lineBest = bestRun(line), mlpBest = bestRun(mlp);
    const sameEdge = line.recommended === mlp.recommended;
    setChildren(this.models,
      h('p', {}, 'On the non-linear data the best MLP run ends at a loss of ', num(mlpBest.final_loss, 'tradeoff-mlp-loss'),
        ` with ${mlpBest.num_params} parameters; the best straight line stops at `, num(lineBest.final_loss, 'tradeoff-linear-loss'),
        ` with ${lineBest.num_params}. The line cannot bend, the MLP can.`),
      h('p', {}, `The price: each weight of the line reads as “this much more y per unit of that feature”, while no single MLP weight means anything alone. And a lower training loss is no proof: only rows the model never saw tell fitting from memorising.`),
      h('p', { class: 'small muted' }, 'Largest stable α: MLP ', num(mlp.recommended, 'tradeoff-mlp-alpha'), ', line ', num(line.recommended, 'tradeoff-linear-alpha'),
        sameEdge ? ' — the same edge' : '',
        mlpBest.learning_rate !== mlp.recommended
          ? `; yet the MLP's lowest loss came at α = ${formatNumber(mlpBest.learning_rate)}: its loss is no bowl, and the largest stable rate is not always the best one.`
          : '.'));
  }

  showSpeed(raw, momentum) {
    const pick = raw.runs[raw.recommended_index];
    const next = raw.runs[raw.recommended_index + 1];
    setChildren(this.speed,
      h('p', {}, 'A larger α learns faster — until it does not. On the raw house data GD is stable up to α = ', num(raw.recommended, 'tradeoff-raw-alpha'),
        pick ? ` (loss down ${formatPercent(pick.diagnosis.relative_drop)} in ${LADDER.steps} steps)` : '',
        next ? `; one rung up, α = ${formatNumber(next.learning_rate)} ${next.diverged ? `blows up by step ${next.diverged_at}` : `is ${labelText(next.diagnosis.label)}`}.` : '.'),
      h('p', {}, 'Momentum stretches the stable range to α = ', num(momentum.recommended, 'tradeoff-momentum-alpha'),
        ', but it overshoots before it settles. Tune close to the edge only if someone — or an alert — watches the loss curve, not just its last value.'));
  }

  showPipeline(raw, scaled) {
    const data = scaled.data;
    const names = data.feature_names || [];
    const pairs = names.map((name, i) => `${name} ${formatNumber(data.offset[i])} ± ${formatNumber(data.scale[i])}`);
    const top = scaled.runs.at(-1)?.learning_rate;
    setChildren(this.pipeline,
      h('p', {}, 'Each stage you add can pay off: z-scoring the house features lifts the largest stable α of GD from ', num(raw.recommended, 'tradeoff-unscaled-alpha'),
        ' to ', num(scaled.recommended, 'tradeoff-scaled-alpha'), scaled.recommended === top ? ' (the top of the grid)' : '', '.'),
      h('p', {}, `But the scaler's means ± standard deviations (${pairs.join(', ')}) are now part of the model: serving must apply exactly the same ones. Every extra stage — scaler, schedule, warm-up, clipping — is one more thing to version, test and monitor.`));
  }

  renderHabits(data) {
    const shape = data
      ? `Here: ${data.rows} rows × ${data.features} features (${(data.feature_names || []).join(', ')}) → ${data.target_name}.`
      : '';
    setChildren(this.habits,
      h('li', { dataset: { testid: 'habit-contract' } }, h('b', {}, 'Data shape contracts'),
        h('span', {}, `Write down what goes in: columns, units, order, allowed ranges. Reject what breaks it with a clear message — a ragged row or a constant column — instead of guessing. ${shape}`)),
      h('li', { dataset: { testid: 'habit-evaluation' } }, h('b', {}, 'Evaluation method'),
        h('span', {}, 'Compare rates under identical conditions: same data, seed, start and window. Judge the final model on held-out rows, and report the spread over seeds, not one lucky run.')),
      h('li', { dataset: { testid: 'habit-errors' } }, h('b', {}, 'What an error means'),
        h('span', {}, 'A diverged run is a result, not a crash: α or a feature scale is wrong. Decide in advance what a NaN or a loss spike triggers — stop, roll back to the last good checkpoint, lower α — and who is told.')));
  }
}

/** The run with the lowest finite final loss of a sweep. */
function bestRun(sweep) {
  return sweep.runs.filter((r) => Number.isFinite(r.final_loss))
    .reduce((best, r) => (!best || r.final_loss < best.final_loss ? r : best), null) || sweep.runs[0];
}

/** A live number (or "none"), marked for tests. */
function num(value, testid) {
  return h('span', { class: 'num', dataset: { testid, value: String(value) } }, value === null || value === undefined ? 'none' : formatNumber(value));
}

define('lr-lab-tradeoffs', Tradeoffs);
