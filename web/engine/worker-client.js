// The Engine's API, answered by a Web Worker: long runs never freeze the page, report
// progress, and can be cancelled (the worker is stopped and a fresh one started).
// Where workers cannot start (file://), use loadEngine() from engine.js instead.

/**
 * @param {URL|string} [workerUrl] the worker script (default: worker.js beside this file)
 * @returns {{ call: (method: string, args: any[], onProgress?: (done: number, total: number) => void) => Promise<any>, cancel: () => void, terminate: () => void, session: () => number }}
 */
export function createWorkerEngine(workerUrl = new URL('./worker.js', import.meta.url)) {
  let worker = null;
  let nextId = 1;
  // Numbers the worker that answers the next call: it changes when a cancel stops the worker
  // (the next one has loaded no CSV), not when the first worker starts lazily on its first
  // call — ids the provider noted for that call's session must stay valid.
  let session = 0;
  const pending = new Map();

  function start() {
    worker = new Worker(workerUrl, { type: 'module' });
    worker.addEventListener('message', (event) => {
      const { id, progress, result } = event.data;
      const entry = pending.get(id);
      if (!entry) return;
      if (progress) {
        if (entry.onProgress) entry.onProgress(progress.done, progress.total);
        return;
      }
      pending.delete(id);
      entry.resolve(result);
    });
    worker.addEventListener('error', (event) => {
      for (const entry of pending.values()) {
        entry.resolve({ ok: false, workerFailed: true, error: `the engine worker failed: ${event.message || 'unknown error'}` });
      }
      pending.clear();
    });
  }

  /** Sends one call; resolves to the engine's { ok, value | error }. */
  function call(method, args = [], onProgress) {
    if (!worker) start();
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, { resolve, onProgress });
      worker.postMessage({ id, method, args });
    });
  }

  /** Stops whatever runs now; pending calls resolve as cancelled. */
  function cancel() {
    session += 1;
    if (worker) worker.terminate();
    worker = null;
    for (const entry of pending.values()) entry.resolve({ ok: false, cancelled: true, error: 'cancelled' });
    pending.clear();
  }

  /** The current worker's number (changes when a cancelled worker is replaced). */
  function currentSession() {
    return session;
  }

  return { call, cancel, terminate: cancel, session: currentSession };
}
