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

/** The built-in dataset names, from the engine (cached). */
async function builtInDatasets(engine) {
  if (!datasets) {
    const result = await engine.listDatasets();
    datasets = result.ok ? result.value.map((d) => d.name) : [];
  }
  return datasets;
}

/**
 * Estimated floating-point work of one engine call: the engine's own estimate
 * (engine.estimateCost, from the decisions the call itself makes — Gram path, batch, grid).
 * 0 for calls that train nothing; null when the engine cannot tell (bad settings: the call
 * will fail fast wherever it runs).
 * @param {import('./engine.js').Engine} engine
 * @param {string} method
 * @param {any} config  the call's first argument
 * @returns {Promise<number|null>}
 */
export async function workOf(engine, method, config) {
  if (!COSTED.has(method)) return 0;
  const estimate = await engine.estimateCost(method, config);
  return estimate.ok ? estimate.value.work : null;
}

const COSTED = new Set(['runSweep', 'runTraining', 'rangeTest', 'curvature']);

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
  const builtIn = new Set(await builtInDatasets(engine));
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
