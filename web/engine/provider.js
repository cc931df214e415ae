// Where the modules get the engine: one main-thread engine per page (fast calls, used while
// dragging), and a Web Worker for heavy runs (progress, cancel). Which of the two runs a
// call is decided here and only here (runJob): by the call's estimated floating-point work
// against one threshold. Under file:// workers cannot start, so every run stays on the page.
import { loadEngine } from './engine.js';
import { createWorkerEngine } from './worker-client.js';

/**
 * Floating-point operations above which a call (or a batch of calls a lab runs together)
 * goes to the worker. The WASM engine does ≈ 1e9 of them a second (measured in Node on the
 * MLP sweeps), so this is ≈ 50 ms of work: longer would make a slider drag stutter. The
 * optimizers lab's default comparison (14 sweeps) passes it; one default sweep does not.
 */
export const WORKER_THRESHOLD_FLOPS = 5e7;

/** Flop-equivalents of one training step's bookkeeping (recording the loss, divergence and
 *  schedule checks): ≈ 2 µs a step, measured on sweeps of the 3-feature house data. */
const STEP_OVERHEAD_FLOPS = 2000;

let worker = null;

/** The main-thread engine (loaded once). */
export function getEngine() {
  return loadEngine();
}

/** True when a worker can be used (http/https pages). */
export function workersAvailable() {
  return typeof Worker !== 'undefined' && /^https?:$/.test(location.protocol);
}

let datasets = null;

/** The built-in datasets ({name, rows, features}), from the engine (cached). */
async function builtInDatasets(engine) {
  if (!datasets) {
    const result = await engine.listDatasets();
    datasets = result.ok ? result.value : [];
  }
  return datasets;
}

/**
 * Estimated floating-point work of one engine call: the engine's own estimate
 * (engine.estimateCost, computed from the code that runs the call) when it has one,
 * otherwise estimateWork() below. null when it cannot be told (a CSV the fallback
 * does not know).
 * @param {import('./engine.js').Engine} engine
 * @param {string} method
 * @param {any} config  the call's first argument
 * @returns {Promise<number|null>}
 */
export async function workOf(engine, method, config) {
  if (typeof engine.estimateCost === 'function') {
    const estimate = await engine.estimateCost(method, config);
    return estimate.ok && Number.isFinite(estimate.value?.work) ? estimate.value.work : null;
  }
  const name = config?.data?.dataset ?? engine.defaults?.sweep?.data?.dataset;
  const info = (await builtInDatasets(engine)).find((d) => d.name === name);
  return estimateWork(method, config, { dataset: info, defaults: engine.defaults });
}

/**
 * The one decision: do these calls, run together, belong in the worker? Yes when a worker
 * can start, their summed work passes WORKER_THRESHOLD_FLOPS, and every dataset they use
 * is a built-in one (a CSV is loaded into the page's engine only; the worker has its own).
 * @param {Array<{method: string, args: any[]}>} calls
 * @returns {Promise<boolean>}
 */
export async function runsInWorker(calls) {
  if (!workersAvailable()) return false;
  const engine = await getEngine();
  const builtIn = new Set((await builtInDatasets(engine)).map((d) => d.name));
  let total = 0;
  for (const { method, args } of calls) {
    const dataset = args[0]?.data?.dataset;
    if (dataset !== undefined && !builtIn.has(dataset)) return false;
    const work = await workOf(engine, method, args[0]);
    if (work === null) return false;
    total += work;
  }
  return total > WORKER_THRESHOLD_FLOPS;
}

/**
 * Runs one engine call where it belongs: the worker when runsInWorker() says so (progress,
 * a cancel that stops it at once), else the page's engine (a sweep there reports progress
 * and stops after its current run when cancelled).
 * @param {string} method  an Engine method name
 * @param {any[]} args
 * @param {{onProgress?: (done: number, total: number) => void, inWorker?: boolean}} [options]
 *        inWorker: a decision already taken by runsInWorker() for a batch this call is part of
 * @returns {{promise: Promise<any>, cancel: () => void}}
 *          the promise resolves to the engine's result, or {ok: false, cancelled: true, error}
 */
export function runJob(method, args, { onProgress, inWorker } = {}) {
  let cancelled = false;
  let cancelWorker = null;
  const promise = (async () => {
    const useWorker = inWorker ?? await runsInWorker([{ method, args }]);
    if (cancelled) return CANCELLED;
    if (useWorker) {
      if (!worker) worker = createWorkerEngine(new URL('./worker.js', import.meta.url));
      cancelWorker = () => worker.cancel();
      return worker.call(method, args, onProgress);
    }
    const engine = await getEngine();
    if (cancelled) return CANCELLED;
    if (method === 'runSweep') {
      const result = await engine.runSweep(args[0], { onProgress: (d, t) => { onProgress?.(d, t); return !cancelled; } });
      return cancelled ? CANCELLED : result;
    }
    return engine[method](...args);
  })();
  return {
    promise,
    cancel() {
      cancelled = true;
      cancelWorker?.();
    },
  };
}

const CANCELLED = Object.freeze({ ok: false, cancelled: true, error: 'cancelled' });

/**
 * The stand-in for engine.estimateCost until the engine has it: floating-point operations
 * of one call, counted from what the engine's loop does per step (train.cpp, model.cpp):
 *  - full-batch linear regression in a sweep runs on the Gram matrix (sweep.cpp): ≈ 2p²
 *    per step after m·p² once to build it (p = features + 1);
 *  - otherwise each step touches the batch's rows (all m for a full batch): ≈ 4p per row for
 *    a linear model, 4p + 100 for the logistic (exp and log, ≈ 4× slower in WASM than
 *    native), ≈ 6Hp + 20H for the MLP (forward, backward, tanh on H hidden units);
 *  - every step adds STEP_OVERHEAD_FLOPS.
 * Calls that run no training (curvature, previews, data) count as 0.
 * @param {string} method
 * @param {any} config   the call's first argument (engine settings; defaults fill the rest)
 * @param {{dataset?: {rows: number, features: number}, defaults?: any}} context
 *        the dataset's size (listDatasets) and engine.defaults; without the size: null
 * @returns {number|null}
 */
export function estimateWork(method, config = {}, { dataset, defaults = {} } = {}) {
  const trains = { runSweep: 'sweep', runTraining: 'run', rangeTest: 'range_test' }[method];
  if (!trains) return 0;
  if (!dataset) return null;
  const base = defaults[trains] || {};
  const data = { ...(base.data || {}), ...(config.data || {}) };
  const optimizer = { ...(base.optimizer || {}), ...(config.optimizer || {}) };
  const rows = dataset.rows;
  const p = dataset.features + 1;
  const batch = optimizer.batch_size ?? 0;
  const fullBatch = !(optimizer.kind !== 'gd' && batch > 0 && batch < rows);
  let runs = 1;
  let steps = config.steps ?? base.steps ?? 0;
  if (method === 'runSweep') runs = gridSize({ ...base, ...config });
  if (method === 'rangeTest') steps = config.iterations ?? base.iterations ?? 0;
  const model = data.model || 'linear';
  if (model === 'linear' && fullBatch && method === 'runSweep') {
    return rows * p * p + runs * steps * (2 * p * p + STEP_OVERHEAD_FLOPS);
  }
  const rowsPerStep = fullBatch ? rows : batch;
  const hidden = data.hidden_units ?? 8;
  const perRow = model === 'mlp' ? 6 * hidden * p + 20 * hidden : 4 * p + (model === 'logistic' ? 100 : 0);
  return runs * steps * (rowsPerStep * perRow + STEP_OVERHEAD_FLOPS);
}

/** Rates on a sweep's grid, generated as sweep.cpp's grid_values() does. */
function gridSize({ start = 1e-4, factor = 'x3', count = 9, end = 0 }) {
  if (!(end > 0)) return count;
  const step = factor === 'x10' ? 10 : Number(factor);
  if (!(start > 0) || end < start || (factor !== 'x3' && !(step > 1))) return count;
  let k = 0;
  for (;; ++k) {
    const value = factor === 'x3' ? start * 10 ** Math.floor(k / 2) * (k % 2 ? 3 : 1) : start * step ** k;
    if (value > end * (1 + 1e-9)) return k;
  }
}
