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

// ---------------------------------------------------------------- datasets
//
// One dataset registry for the page. A learner's CSV is loaded through loadDataset(), which
// parses it in the page's engine (its id is the page's id, the one every lab and every call
// uses) and keeps the CSV text here. The worker's engine is a separate WASM instance that is
// also thrown away on every Cancel, so it loads a dataset lazily: the first time a call that
// runs in the worker names a CSV id, the provider sends the kept text to the current worker,
// remembers the worker's own id for it (per worker session), and rewrites the call's
// data.dataset to that id. forgetDataset() forgets the dataset in the page's engine, in the
// worker (if it had loaded it) and here, so a forgotten id fails the same way everywhere.
// Keeping the text (at most MAX_DATASETS files, each below the engine's max_csv_bytes) costs
// less than a second parsed copy in the worker for every file, and survives worker restarts.

/** Loaded CSVs kept at once (as the engine itself keeps): the oldest is forgotten beyond. */
export const MAX_DATASETS = 4;

/** page id → {text, options} of every loaded CSV, oldest first. */
const registry = new Map();
/** The worker session whose ids `workerIds` holds (a cancelled worker's ids die with it). */
let workerSession = -1;
/** page id → a promise of the worker's id of the same CSV (null: it failed to load there). */
let workerIds = new Map();

/**
 * Loads a CSV for every engine of the page.
 * @param {string} text  the CSV's text
 * @param {{target?: string, name?: string}} [options]
 * @returns {Promise<import('./engine.js').Result>} the engine's loadCsv result (value.id: the page's id)
 */
export async function loadDataset(text, options = {}) {
  const engine = await getEngine();
  const result = typeof text === 'string' && text.length > CSV_WORKER_CHARS && workersAvailable()
    ? await loadInWorker(engine, text, options)
    : await engine.loadCsv(text, options);
  if (!result.ok) return result;
  registry.set(result.value.id, { text, options: { ...options } });
  while (registry.size > MAX_DATASETS) await forgetDataset(registry.keys().next().value);
  return result;
}

/**
 * Characters of CSV text above which loadDataset parses it in the worker: the engine parses
 * ≈ 50–100 MB of text a second (BENCHMARKS.md), so 1 MB is ≈ 10–20 ms on a desktop and still
 * within ≈ 50 ms on a slower tablet. A larger text would block the page while it is parsed.
 */
export const CSV_WORKER_CHARS = 1e6;

/**
 * A large CSV: parsed in the worker, whose engine keeps it (its id is remembered for this
 * worker session); the page's engine takes the worker's parsed numbers (getData's X_raw, y:
 * copied, not parsed), so both engines hold the dataset and the main thread never parses it.
 */
async function loadInWorker(engine, text, options) {
  if (!worker) worker = createWorkerEngine(new URL('./worker.js', import.meta.url));
  const parsed = await worker.call('loadCsv', [text, options]);
  if (!parsed.ok) return parsed;
  const session = worker.session();  // the worker that parsed it (a Cancel starts another)
  const workerId = parsed.value.id;
  const data = await worker.call('getData', [{ dataset: workerId }]);
  const result = data.ok
    ? await engine.loadArrays({ X: data.value.X_raw, y: data.value.y, feature_names: parsed.value.feature_names, target_name: parsed.value.target_name, name: parsed.value.name })
    : data;
  if (!result.ok) {
    if (worker.session() === session) await worker.call('forgetDataset', [workerId]);
    return result;
  }
  if (worker.session() === session) currentWorkerIds().set(result.value.id, Promise.resolve(workerId));
  return result;
}

/**
 * Forgets a loaded CSV everywhere: the page's engine, the worker's, and the registry.
 * @param {string} id  the page's id (from loadDataset)
 * @returns {Promise<import('./engine.js').Result>}
 */
export async function forgetDataset(id) {
  const known = registry.delete(id);
  const pending = currentWorkerIds().get(id);
  if (pending !== undefined) {
    workerIds.delete(id);
    const session = workerSession;
    const workerId = await pending;
    // A worker cancelled meanwhile took the dataset with it; do not start one to forget it.
    if (workerId !== null && worker.session() === session) await worker.call('forgetDataset', [workerId]);
  }
  const engine = await getEngine();
  const result = await engine.forgetDataset(id);
  return known && !result.ok ? { ok: true, value: true } : result;  // the engine may have dropped its oldest copy already
}

/** The ids of every dataset loaded through loadDataset (page ids), oldest first. */
export function loadedDatasets() {
  return [...registry.keys()];
}

function currentWorkerIds() {
  if (!worker || worker.session() !== workerSession) {
    workerIds = new Map();
    workerSession = worker ? worker.session() : -1;
  }
  return workerIds;
}

/**
 * The call's arguments for the worker: a CSV id replaced by the worker's id of the same
 * file, loading it there first when this worker has not seen it.
 * @returns {Promise<{args: any[]} | {error: any}>}
 */
async function argsForWorker(args) {
  const id = args[0]?.data?.dataset;
  if (id === undefined || !registry.has(id)) return { args };
  const ids = currentWorkerIds();
  if (!ids.has(id)) {
    const { text, options } = registry.get(id);
    // One load per worker, shared by the calls that need it meanwhile.
    ids.set(id, worker.call('loadCsv', [text, options]).then((loaded) => (loaded.ok ? loaded.value.id : null)));
  }
  const workerId = await ids.get(id);
  if (workerId === null) {
    ids.delete(id);
    return { error: { ok: false, error: `the worker could not load dataset '${id}'` } };
  }
  const [config, ...rest] = args;
  return { args: [{ ...config, data: { ...config.data, dataset: workerId } }, ...rest] };
}

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
 * is known to the page: a built-in one or a CSV loaded through loadDataset (the worker loads
 * it from the registry). An unknown id stays on the page, where it fails fast.
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
    if (dataset !== undefined && !builtIn.has(dataset) && !registry.has(dataset)) return false;
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
      const prepared = await argsForWorker(args);
      if (cancelled) return CANCELLED;
      if (prepared.error) return prepared.error;
      return worker.call(method, prepared.args, onProgress);
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

// ---------------------------------------------------------------- the lesson's own content

/** The engine calls the lesson's own content makes (the theory's shapes, web/study/facts.js). */
const LESSON_CALLS = ['curvature', 'runSweep', 'runTraining', 'rangeTest', 'schedulePreview'];

/** @type {{terminate: () => void, calls: Record<string, Function>, users: number} | null} */
let lessonWorker = null;

/**
 * The engine of the lesson's own content: the theory's four shapes and the facts of the
 * page's text (≈ 0.6 s of sweeps). A worker of its own where workers can start, so that
 * none of it blocks the page: the WASM is compiled and instantiated there too, and a page
 * whose reader never reaches a lab never loads the engine on its main thread. No lab's
 * Cancel stops it. Each user calls `release()` when done; the worker stops when the last
 * one has (a later call starts a fresh one). Under file://, or when the worker cannot start
 * or fails, it is the page's engine.
 * @returns {Promise<{release: () => void} & Record<string, (...args: any[]) => Promise<any>>>}
 */
export async function lessonEngine() {
  if (!workersAvailable()) {
    const engine = await getEngine();
    return Object.assign(Object.create(engine), { release() {} });
  }
  if (!lessonWorker) {
    const own = createWorkerEngine(new URL('./worker.js', import.meta.url));
    const onPage = async (method, args) => (await getEngine())[method](...args);
    const state = { failed: false };
    // A worker that cannot start or dies (a host's CSP without worker-src, say) hands its
    // calls, and every later one, to the page's engine: the content still comes.
    const call = async (method, args) => {
      if (state.failed) return onPage(method, args);
      let result;
      try {
        result = await own.call(method, args);
      } catch {
        result = { workerFailed: true };
      }
      if (!result?.workerFailed) return result;
      state.failed = true;
      return onPage(method, args);
    };
    lessonWorker = {
      terminate: () => own.terminate(),
      calls: Object.fromEntries(LESSON_CALLS.map((method) => [method, (...args) => call(method, args)])),
      users: 0,
    };
  }
  const worker = lessonWorker;
  worker.users += 1;
  let released = false;
  return {
    ...worker.calls,
    release() {
      if (released) return;
      released = true;
      worker.users -= 1;
      if (worker.users === 0) {
        worker.terminate();
        if (lessonWorker === worker) lessonWorker = null;
      }
    },
  };
}
