// Where the modules get the engine: one main-thread engine per page (fast calls, used while
// dragging), and a Web Worker for heavy runs (progress, cancel). Under file:// workers
// cannot start, so heavy runs fall back to the main thread.
import { loadEngine } from './engine.js';
import { createWorkerEngine } from './worker-client.js';

let worker = null;

/** The main-thread engine (loaded once). */
export function getEngine() {
  return loadEngine();
}

/** True when a worker can be used (http/https pages). */
export function workersAvailable() {
  return typeof Worker !== 'undefined' && /^https?:$/.test(location.protocol);
}

/**
 * Runs an engine call off the main thread when possible.
 * @param {string} method  an Engine method name
 * @param {any[]} args
 * @param {{onProgress?: (done: number, total: number) => void}} [options]
 * @returns {{promise: Promise<any>, cancel: () => void}}
 */
export function runHeavy(method, args, { onProgress } = {}) {
  if (workersAvailable()) {
    if (!worker) worker = createWorkerEngine(new URL('./worker.js', import.meta.url));
    return { promise: worker.call(method, args, onProgress), cancel: () => worker.cancel() };
  }
  let cancelled = false;
  const promise = getEngine().then((engine) => {
    if (method === 'runSweep') {
      return engine.runSweep(args[0], { onProgress: (d, t) => { onProgress?.(d, t); return !cancelled; } });
    }
    return engine[method](...args);
  });
  return { promise, cancel: () => { cancelled = true; } };
}
