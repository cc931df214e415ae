// The optimizers lab's arithmetic, DOM-free (tested in Node): the batch sizes a dataset
// allows, the engine calls of each part, the diagnosis counts of a sweep, and the seed band
// (lowest, median, highest loss per step over seeds) with its summary numbers.

/**
 * The batch sizes actually swept: `sizes` with 0 ("all rows") and sizes above the data
 * replaced by the row count, without repeats.
 * @param {number[]} sizes
 * @param {number} rows
 */
export function batchSizesFor(sizes, rows) {
  return [...new Set(sizes.map((b) => (b === 0 || b > rows ? rows : b)))];
}

/**
 * The engine calls of one part of the lab for the current settings.
 * @param {'compare'|'batches'|'bands'} part
 * @param {Record<string, any>} values  the section's settings
 * @param {{optimizers: string[], batchSizes: number[], rows: number}} context
 * @returns {Array<{method: string, args: any[], runs: number}>}  runs: training runs in the call
 */
export function planPart(part, values, { optimizers, batchSizes, rows }) {
  const data = { dataset: values.dataset, scaling: values.scaling, model: values.model };
  const grid = { steps: values.steps, seed: values.seed, start: values.start, factor: 'x3', count: values.count };
  const batch = Math.min(values.batch, rows);
  if (part === 'compare') {
    return optimizers.map((kind) => ({ method: 'runSweep', args: [{ data, optimizer: { kind, batch_size: kind === 'sgd' ? batch : 0 }, ...grid }], runs: values.count }));
  }
  if (part === 'batches') {
    return batchSizes.map((size) => ({ method: 'runSweep', args: [{ data, optimizer: { kind: 'sgd', batch_size: size }, ...grid }], runs: values.count }));
  }
  if (part === 'rules') return planRules(values, batchSizes, rows);
  const kind = values.band_optimizer;
  return Array.from({ length: values.seeds }, (_, i) => ({
    method: 'runTraining',
    args: [{ data, optimizer: { kind, learning_rate: values.band_rate, batch_size: kind === 'gd' ? 0 : batch }, steps: values.steps, seed: i + 1 }],
    runs: 1,
  }));
}

/** How many runs of a sweep got each label, in `labels` order, labels with none left out. */
export function countLabels(runs, labels) {
  const counts = {};
  for (const label of labels) {
    const n = runs.filter((r) => r.diagnosis.label === label).length;
    if (n) counts[label] = n;
  }
  return counts;
}

/** The median of sorted numbers (the mean of the middle two for an even count). */
export function medianOfSorted(sorted) {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/**
 * Lowest, median and highest loss at every step over several runs (seeds). A run that
 * stopped (diverged) counts as +∞ from then on, and NaN as +∞: it is the worst seed there.
 * @param {Array<ArrayLike<number>>} curves
 * @returns {{low: Float64Array, mid: Float64Array, high: Float64Array}}
 */
export function seedBand(curves) {
  const steps = Math.max(...curves.map((c) => c.length));
  const low = new Float64Array(steps), high = new Float64Array(steps), mid = new Float64Array(steps);
  const column = new Float64Array(curves.length);
  for (let t = 0; t < steps; ++t) {
    curves.forEach((c, i) => { const v = t < c.length ? c[t] : Infinity; column[i] = Number.isNaN(v) ? Infinity : v; });
    column.sort();
    low[t] = column[0];
    high[t] = column[column.length - 1];
    mid[t] = medianOfSorted(column);
  }
  return { low, mid, high };
}

/**
 * The final losses of runs over seeds: median (a diverged run counts as +∞), the finite
 * lowest and highest, their spread (highest − lowest) / lowest, and how many diverged.
 * @param {Array<{diverged: boolean, final_loss: number}>} runs
 */
export function finalSpread(runs) {
  const finals = runs.map((r) => (r.diverged ? Infinity : r.final_loss)).sort((a, b) => a - b);
  const finite = finals.filter(Number.isFinite);
  return {
    median: medianOfSorted(finals),
    lowest: finite.length ? finite[0] : NaN,
    highest: finite.length ? finite[finite.length - 1] : NaN,
    spread: finite.length ? (finite[finite.length - 1] - finite[0]) / finite[0] : NaN,
    diverged: runs.filter((r) => r.diverged).length,
  };
}

/** The full-data loss a sweep's run ended at: its band's median (mini-batch), else its own (NaN when diverged). */
export function endLoss(run) {
  if (run.band) return run.band.diverged > 0 ? NaN : run.band.median;
  return run.diverged ? NaN : run.final_loss;
}

/**
 * What the batch-size sweeps measured, per batch size: the pick (the engine's recommendation:
 * the largest α whose noise costs no real loss), the edge (the smallest α at which some batch
 * order blew up; null when none did in the grid), and the noise floor — the full-data loss at
 * the end — at `common`, the largest α of the grid that every batch size survived (null if
 * none). `falling` says whether the floor falls strictly as the batch grows.
 * @param {Array<{recommended: number|null, edge_index: number, edge_rate: number, runs: any[]}>} sweeps  one per size, ascending
 * @param {number[]} sizes
 */
export function batchSummary(sweeps, sizes) {
  const points = sweeps.map((sweep, i) => ({
    x: sizes[i],
    pick: sweep.recommended,
    edge: sweep.edge_index >= 0 ? sweep.edge_rate : null,
    top: sweep.runs.at(-1)?.learning_rate ?? null,
  }));
  const rates = sweeps[0]?.runs.map((r) => r.learning_rate) ?? [];
  let common = null;
  rates.forEach((alpha, k) => {
    if (sweeps.every((s) => Number.isFinite(endLoss(s.runs[k])))) common = k;
  });
  const floors = common === null ? [] : sweeps.map((s, i) => ({ x: sizes[i], loss: endLoss(s.runs[common]) }));
  const falling = floors.length > 1 && floors.every((f, i) => i === 0 || f.loss < floors[i - 1].loss);
  return { points, common: common === null ? null : rates[common], floors, falling };
}

/** How α follows the batch size B (relative to batch 1) under each rule. */
export const RULES = Object.freeze({ constant: () => 1, linear: (b) => b, sqrt: (b) => Math.sqrt(b) });
/** Batch orders each (batch size, rule) is run with. */
export const RULE_SEEDS = 3;
/** The most steps one run of the rule experiment takes (batch 1 on a large CSV). */
export const RULE_MAX_STEPS = 5000;

/**
 * The batch-size rules experiment: for every batch size and rule, RULE_SEEDS runs over the same
 * number of epochs (steps = epochs · rows / B, capped), α = α₁ · rule(B).
 */
function planRules(values, batchSizes, rows) {
  const data = { dataset: values.dataset, scaling: values.scaling, model: values.model };
  const calls = [];
  for (const size of batchSizes) {
    const steps = Math.max(1, Math.min(RULE_MAX_STEPS, Math.round((values.rule_epochs * rows) / size)));
    for (const [rule, factor] of Object.entries(RULES)) {
      for (let seed = 1; seed <= RULE_SEEDS; ++seed) {
        calls.push({
          method: 'runTraining',
          args: [{ data, optimizer: { kind: values.rule_optimizer, learning_rate: values.rule_rate * factor(size), batch_size: size }, steps, seed }],
          runs: 1,
          rule, size,
        });
      }
    }
  }
  return calls;
}

/**
 * The rules experiment's results, per batch size and rule: α, steps, the median full-data
 * final loss over the seeds (Infinity when any diverged), `broken` (orders that diverged or ended
 * above their start), and for each size the unbroken rule whose loss is closest (in log) to
 * batch 1's under the same epochs.
 * @param {Array<{rule: string, size: number}>} calls  planPart('rules') output
 * @param {Array<{run: {final_loss: number, diverged: boolean}}>} results  one per call
 */
export function rulesSummary(calls, results) {
  const cells = new Map();
  calls.forEach((call, i) => {
    const key = `${call.size}|${call.rule}`;
    if (!cells.has(key)) cells.set(key, { size: call.size, rule: call.rule, alpha: call.args[0].optimizer.learning_rate, steps: call.args[0].steps, losses: [], starts: [] });
    const run = results[i].run;
    const cell = cells.get(key);
    cell.losses.push(run.diverged || !Number.isFinite(run.final_loss) ? Infinity : run.final_loss);
    cell.starts.push(run.initial_loss);
  });
  const rows = [...cells.values()].map((c) => {
    const sorted = [...c.losses].sort((a, b) => a - b);
    const diverged = c.losses.filter((l) => l === Infinity).length;
    // Broken: some order blew up, or the window ended above where it started.
    const rose = c.losses.filter((l, k) => Number.isFinite(l) && l > c.starts[k]).length;
    return { ...c, median: medianOfSorted(sorted), diverged, broken: diverged + rose };
  });
  const sizes = [...new Set(rows.map((r) => r.size))];
  const reference = rows.find((r) => r.size === sizes[0] && r.rule === 'constant')?.median;
  const closest = sizes.map((size) => {
    let best = null;
    for (const r of rows.filter((x) => x.size === size && x.broken === 0)) {
      const gap = Math.abs(Math.log(r.median / reference));
      if (!best || gap < best.gap) best = { rule: r.rule, gap };
    }
    return { size, rule: best ? best.rule : null };
  });
  return { rows, sizes, reference, closest };
}
