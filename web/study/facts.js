// Live numbers for the lesson text. Content JSON never types a result: it writes a
// placeholder {name} and fillFacts() puts in the number the engine computed on this machine.
// No DOM here: the same module runs in the page and under node --test.
import { formatNumber, formatPercent } from '../ui/dom.js';
import { lessonEngine } from '../engine/provider.js';

/** The ×3 ladder every "largest stable α" fact uses: 1e-4, 3e-4, … 10 (11 rates), 200 steps. */
export const LADDER = { start: 1e-4, factor: 'x3', count: 11, steps: 200, seed: 1 };

/**
 * Every fact computeFacts() returns, with what it is. Names ending in `_percent` are
 * fractions shown as percentages; everything else is shown with formatNumber.
 */
export const FACT_DESCRIPTIONS = {
  house_raw_lambda_max: 'λmax of the Hessian X̃ᵀX̃/m (X̃ = X with a bias column of ones), house data, raw features',
  house_raw_fastest: '2/(λmin+λmax), raw features: the fastest single rate on the quadratic',
  house_raw_zigzag: '1/λmax, raw features (weights start to zig-zag above it)',
  house_raw_divergence: '2/λmax, raw features (full-batch GD diverges above it)',
  house_raw_kappa: 'condition number κ = λmax/λmin, raw features',
  house_raw_momentum_bound: '(2+2β)/λmax with β = 0.9, raw features',
  house_minmax_kappa: 'κ after min-max scaling',
  house_center_kappa: 'κ after centring only (each feature minus its mean, units kept)',
  house_unit_variance_kappa: 'κ after dividing by the spread only (no centring)',
  house_minmax_divergence: '2/λmax after min-max scaling',
  house_z_lambda_max: 'λmax after z-scoring',
  house_z_zigzag: '1/λmax after z-scoring',
  house_z_divergence: '2/λmax after z-scoring',
  house_z_kappa: 'κ after z-scoring',
  house_z_momentum_bound: '(2+2β)/λmax with β = 0.9 after z-scoring',
  house_raw_largest_stable: 'largest stable α of the ×3 ladder, GD, raw features',
  house_minmax_largest_stable: 'largest stable α, GD, min-max scaled',
  house_z_largest_stable: 'largest stable α, GD, z-scored',
  house_z_momentum_largest_stable: 'largest stable α, heavy-ball momentum β = 0.9, z-scored',
  house_raw_adam_largest_stable: 'largest stable α, Adam (full batch), raw features',
  house_z_sgd1_largest_stable: 'largest stable α, mini-batch SGD batch 1, z-scored',
  house_z_sgd4_largest_stable: 'largest stable α, mini-batch SGD batch 4, z-scored',
  house_z_sgd16_largest_stable: 'largest stable α, mini-batch SGD batch 16, z-scored',
  house_z_sgd1_edge: 'measured edge, SGD batch 1, z-scored: the smallest α of the ×3 ladder at which some batch order blew up',
  house_z_sgd4_edge: 'measured edge, SGD batch 4, z-scored',
  house_z_sgd16_edge: 'measured edge, SGD batch 16, z-scored',
  house_z_edge: 'measured edge, full-batch GD, z-scored: the smallest α of the ×3 ladder that blew up',
  house_z_sgd1_floor: 'SGD batch 1, α = 0.3, z-scored, 200 steps: median full-data loss at the end over the batch orders of the sweep',
  house_z_sgd4_floor: 'the same at batch 4',
  house_z_sgd16_floor: 'the same at batch 16',
  house_z_gd_floor: 'the same with full-batch GD (no noise): the loss the window can reach',
  house_z_sgd1_alpha01_label: 'the label of α = 0.1 in the SGD batch-1 sweep, z-scored (judged over the batch orders of the sweep)',
  sweep_batch_orders: 'how many batch orders (seeds) a mini-batch sweep runs each α with (the engine\'s default)',
  house_raw_largest_stable_x10: 'largest stable α of the ×10 ladder (1e-4, 1e-3 … 1), GD, raw features',
  worked_slow_drop_percent: 'worked example: loss drop in 200 steps at α = 0.001, raw features',
  worked_good_drop_percent: 'worked example: loss drop in 200 steps at α = 0.01, raw features',
  worked_fast_diverged_at: 'worked example: step at which α = 0.1 on raw features blew up',
  worked_scaled_drop_percent: 'worked example: loss drop in 200 steps at α = 0.1 after z-scoring',
  gd_loss_flip_percent: 'full-batch GD at α = 1.5/λmax (z-scored): share of loss steps that reverse direction',
  sgd_loss_flip_percent: 'mini-batch SGD, batch 1, α = 0.1 (z-scored): share of loss steps that reverse direction',
  adam_first_step_w1: 'Adam, α = 0.01, raw features: |change of w₁| after the first step',
  adam_first_step_w2: 'Adam, α = 0.01, raw features: |change of w₂| after the first step',
  gd_first_step_w1: 'GD, α = 0.01, raw features: |change of w₁| after the first step',
  gd_first_step_w2: 'GD, α = 0.01, raw features: |change of w₂| after the first step',
  range_valley: 'LR range test (house, z-scored, SGD batch 16, fastai defaults): valley suggestion',
  range_steepest: 'same range test: steepest-descent suggestion',
  range_min_div10: 'same range test: minimum ÷ 10 suggestion',
  range_stop_iteration: 'same range test: iteration at which it stopped (smoothed loss > 4× best)',
  warmup_gd_plain_diverged_at: 'house, z-scored, GD, peak α = 3, cosine without warm-up: step of divergence',
  warmup_gd_warm_diverged_at: 'same with a 30-step warm-up: step of divergence',
  warmup_adam_plain_final: 'non-linear data, MLP, Adam, peak α = 1, cosine without warm-up: final loss',
  warmup_adam_warm_final: 'same with a 30-step warm-up: final loss',
};

/** The names of every fact (content placeholders must be one of these). */
export const FACT_NAMES = Object.freeze(Object.keys(FACT_DESCRIPTIONS));

function need(result, what) {
  if (!result || !result.ok) throw new Error(`${what}: ${result ? result.error : 'no result'}`);
  return result.value;
}

/** Largest difference of one coordinate between the first two recorded parameter vectors. */
function firstStep(run, index) {
  const n = run.num_params;
  return Math.abs(run.params[n + index] - run.params[index]);
}

/**
 * Computes every fact with the engine. Resolves to { name: number }; a fact the engine could
 * not compute is NaN (shown as "—"), never a made-up number. The result is shared (cached per
 * engine): treat it as read-only.
 * @param {import('../engine/engine.js').Engine} engine
 * @returns {Promise<Record<string, number>>}
 */
export function computeFacts(engine) {
  // Several modules on one page ask for the facts: compute them once per engine.
  if (!cache.has(engine)) cache.set(engine, compute(engine));
  return cache.get(engine);
}

/** @type {WeakMap<object, Promise<Record<string, number>>>} */
const cache = new WeakMap();

let lessonPromise = null;

/**
 * The facts for the page's text and study modules, computed once, off the main thread where
 * a worker can start (provider.js lessonEngine): the page never waits on them.
 * @returns {Promise<Record<string, number>>}
 */
export function lessonFacts() {
  if (!lessonPromise) {
    lessonPromise = (async () => {
      const engine = await lessonEngine();
      try {
        return await computeFacts(engine);
      } finally {
        engine.release();
      }
    })();
  }
  return lessonPromise;
}

async function compute(engine) {
  const facts = Object.fromEntries(FACT_NAMES.map((name) => [name, NaN]));
  const house = (scaling) => ({ dataset: 'house', scaling, model: 'linear' });

  const tasks = [
    async () => {
      for (const [prefix, scaling] of [['house_raw', 'none'], ['house_minmax', 'min_max'], ['house_z', 'z_score'], ['house_center', 'center'], ['house_unit_variance', 'unit_variance']]) {
        const report = need(await engine.curvature({ data: house(scaling), momentum: 0.9 }), 'curvature').report;
        facts[`${prefix}_kappa`] = report.condition_number;
        if (prefix === 'house_center' || prefix === 'house_unit_variance') continue;
        facts[`${prefix}_divergence`] = report.divergence_rate;
        if (prefix === 'house_raw') facts.house_raw_fastest = report.fastest_rate;
        if (prefix !== 'house_minmax') {
          facts[`${prefix}_lambda_max`] = report.lambda_max;
          facts[`${prefix}_zigzag`] = report.zigzag_rate;
          facts[`${prefix}_momentum_bound`] = report.momentum_divergence_rate;
        }
      }
    },
    async () => {
      const sweeps = [
        ['house_raw_largest_stable', 'none', { kind: 'gd' }],
        ['house_minmax_largest_stable', 'min_max', { kind: 'gd' }],
        ['house_z_largest_stable', 'z_score', { kind: 'gd' }],
        ['house_z_momentum_largest_stable', 'z_score', { kind: 'momentum', momentum: 0.9 }],
        ['house_raw_adam_largest_stable', 'none', { kind: 'adam' }],
        ['house_z_sgd1_largest_stable', 'z_score', { kind: 'sgd', batch_size: 1 }],
        ['house_z_sgd4_largest_stable', 'z_score', { kind: 'sgd', batch_size: 4 }],
        ['house_z_sgd16_largest_stable', 'z_score', { kind: 'sgd', batch_size: 16 }],
      ];
      const at = (sweep, alpha) => sweep.runs.find((r) => Math.abs(r.learning_rate / alpha - 1) < 1e-9);
      for (const [name, scaling, optimizer] of sweeps) {
        const sweep = need(await engine.runSweep({ ...LADDER, data: house(scaling), optimizer }), name);
        facts[name] = sweep.recommended ?? NaN;
        if (scaling !== 'z_score' || !['gd', 'sgd'].includes(optimizer.kind)) continue;
        // The measured edge and the noise floor at α = 0.3 (the band's median; GD: its one run).
        const prefix = optimizer.kind === 'gd' ? 'house_z' : `house_z_sgd${optimizer.batch_size}`;
        facts[`${prefix}_edge`] = sweep.edge_index >= 0 ? sweep.edge_rate : NaN;
        const run = at(sweep, 0.3);
        facts[`${optimizer.kind === 'gd' ? 'house_z_gd' : prefix}_floor`] = run?.band ? run.band.median : (run?.diverged ? NaN : run?.final_loss ?? NaN);
        if (optimizer.batch_size === 1) facts.sweep_batch_orders = sweep.runs[0].band?.final_losses.length ?? NaN;
        if (optimizer.batch_size === 1) facts.house_z_sgd1_alpha01_label = at(sweep, 0.1)?.diagnosis.label.replace('_', ' ') ?? NaN;
      }
      const x10 = need(await engine.runSweep({ ...LADDER, factor: 'x10', count: 5, data: house('none'), optimizer: { kind: 'gd' } }), 'x10 sweep');
      facts.house_raw_largest_stable_x10 = x10.recommended ?? NaN;
    },
    async () => {
      const run = async (scaling, learning_rate, extra = {}) => need(await engine.runTraining({
        data: house(scaling), optimizer: { kind: 'gd', learning_rate }, steps: 200, seed: 1, ...extra,
      }), 'run').run;
      const drop = (r) => (r.diverged ? NaN : r.diagnosis.relative_drop);
      facts.worked_slow_drop_percent = drop(await run('none', 0.001));
      facts.worked_good_drop_percent = drop(await run('none', 0.01));
      const fast = await run('none', 0.1);
      facts.worked_fast_diverged_at = fast.diverged ? fast.diverged_at : NaN;
      facts.worked_scaled_drop_percent = drop(await run('z_score', 0.1));
    },
    async () => {
      const report = need(await engine.curvature({ data: house('z_score') }), 'curvature').report;
      const gd = need(await engine.runTraining({
        data: house('z_score'), optimizer: { kind: 'gd', learning_rate: 1.5 / report.lambda_max }, steps: 200, seed: 1,
      }), 'gd run').run;
      facts.gd_loss_flip_percent = gd.diagnosis.flip_fraction;
      const sgd = need(await engine.runTraining({
        data: house('z_score'), optimizer: { kind: 'sgd', learning_rate: 0.1, batch_size: 1 }, steps: 200, seed: 1,
      }), 'sgd run').run;
      facts.sgd_loss_flip_percent = sgd.diagnosis.flip_fraction;
    },
    async () => {
      for (const kind of ['adam', 'gd']) {
        const run = need(await engine.runTraining({
          data: house('none'), optimizer: { kind, learning_rate: 0.01 }, steps: 1, seed: 1, record_params: true,
        }), `${kind} first step`).run;
        facts[`${kind}_first_step_w1`] = firstStep(run, 0);
        facts[`${kind}_first_step_w2`] = firstStep(run, 1);
      }
    },
    async () => {
      const test = need(await engine.rangeTest({
        data: house('z_score'), optimizer: { kind: 'sgd', batch_size: 16 }, seed: 1,
      }), 'range test');
      facts.range_valley = test.valley;
      facts.range_steepest = test.steepest;
      facts.range_min_div10 = test.minimum_div10;
      facts.range_stop_iteration = test.stopped_early ? test.stop_iteration : test.learning_rate.length;
    },
    async () => {
      const gd = async (warmup_steps) => need(await engine.runTraining({
        data: house('z_score'), optimizer: { kind: 'gd', learning_rate: 3 },
        schedule: { kind: 'warmup_cosine', warmup_steps }, steps: 200, seed: 1,
      }), 'warm-up run').run;
      const plain = await gd(0);
      const warm = await gd(30);
      facts.warmup_gd_plain_diverged_at = plain.diverged ? plain.diverged_at : NaN;
      facts.warmup_gd_warm_diverged_at = warm.diverged ? warm.diverged_at : NaN;
      const adam = async (warmup_steps) => need(await engine.runTraining({
        data: { dataset: 'nonlinear', scaling: 'z_score', model: 'mlp' }, optimizer: { kind: 'adam', learning_rate: 1 },
        schedule: { kind: 'warmup_cosine', warmup_steps }, steps: 200, seed: 1,
      }), 'warm-up run').run;
      facts.warmup_adam_plain_final = (await adam(0)).final_loss;
      facts.warmup_adam_warm_final = (await adam(30)).final_loss;
    },
  ];
  for (const task of tasks) {
    try {
      await task();
    } catch {
      // That group stays NaN ("—"); the rest of the text still fills in.
    }
  }
  return facts;
}

/** One value as text: fractions named *_percent as percentages, numbers via formatNumber, text as is. */
export function formatFact(name, value) {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number') return '—';
  if (name.endsWith('_percent')) return formatPercent(value);
  return formatNumber(value);
}

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

/** The placeholder names used in a text, in order (repeats kept). */
export function placeholdersIn(text) {
  return [...String(text).matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * Replaces every {name} in `text` with the formatted value of facts[name]. Values may be
 * numbers (formatted) or ready-made strings. A name without a value becomes "—" so no raw
 * placeholder ever reaches a learner.
 */
export function fillFacts(text, facts) {
  return String(text).replace(PLACEHOLDER, (_, name) => (facts && name in facts ? formatFact(name, facts[name]) : '—'));
}

/**
 * The run-specific values a drill explanation may use ({alpha}, {label}, {reason},
 * {progress_percent}, {flip_percent}, {rise_after_min_percent}, {blowup_ratio}), from one
 * run of a runSweep result, already formatted.
 */
export const DRILL_FIELDS = Object.freeze(['alpha', 'label', 'reason', 'progress_percent', 'flip_percent', 'rise_after_min_percent', 'blowup_ratio', 'recommended']);

const LABEL_WORDS = { too_low: 'too low', good: 'good', past_peak: 'past the peak', oscillating: 'oscillating', unstable: 'unstable', diverged: 'diverged' };

/** Formatted drill values for one sweep run (and the sweep's recommendation). */
export function drillValues(run, sweep) {
  const d = run.diagnosis;
  const pct = (x) => (Number.isFinite(x) ? formatPercent(x) : '∞');
  return {
    alpha: formatNumber(run.learning_rate),
    label: LABEL_WORDS[d.label] || d.label,
    reason: d.reason,
    progress_percent: pct(d.progress),
    flip_percent: pct(d.flip_fraction),
    rise_after_min_percent: pct(d.rise_after_min),
    blowup_ratio: Number.isFinite(d.blowup_ratio) ? formatNumber(d.blowup_ratio) : '∞',
    recommended: sweep && sweep.recommended !== null && sweep.recommended !== undefined ? formatNumber(sweep.recommended) : 'none',
  };
}

// ---- the failure-mode lab's rule, shared by the module and the content test ----

/** A remedy must bring the loss to at most this fraction of the reference loss. */
export const FAR_LOWER = 0.6;
/** Labels a working remedy may have (see remedyWorks). */
const WORKING_LABELS = new Set(['good', 'oscillating']);

/**
 * Whether a remedy worked, judged from two runTraining results ({data, run, curvature} or
 * just the run). The rule (documented in web/content/README.md):
 *   1. the remedy run did not diverge and ended with a finite final loss;
 *   2. its diagnosis label is `good` or `oscillating` (a mini-batch run judged alone is
 *      always noisy, so its full-data final loss decides, rule 3) — never `too_low`,
 *      `unstable` or `diverged`;
 *   3. its final loss is at most FAR_LOWER × the reference: the trigger's final loss when
 *      the trigger ended finite, otherwise the trigger's starting loss.
 */
export function remedyWorks(triggerResult, remedyResult) {
  const trigger = triggerResult && triggerResult.run ? triggerResult.run : triggerResult;
  const remedy = remedyResult && remedyResult.run ? remedyResult.run : remedyResult;
  if (!trigger || !remedy) return false;
  if (remedy.diverged || !Number.isFinite(remedy.final_loss)) return false;
  if (!WORKING_LABELS.has(remedy.diagnosis.label)) return false;
  const reference = !trigger.diverged && Number.isFinite(trigger.final_loss) ? trigger.final_loss : trigger.initial_loss;
  return Number.isFinite(reference) && remedy.final_loss <= FAR_LOWER * reference;
}

/** Whether a trigger shows its failure: it diverged or its label is not `good`. */
export function triggerFails(triggerResult) {
  const trigger = triggerResult && triggerResult.run ? triggerResult.run : triggerResult;
  return Boolean(trigger) && (trigger.diverged || trigger.diagnosis.label !== 'good');
}
