// A Web Worker that runs the engine off the page's main thread. Messages in:
//   { id, method, args }   method ∈ the Engine's calls
// Messages out:
//   { id, progress: {done, total} }  while a sweep runs
//   { id, result }                   the call's { ok, value | error }
import { loadEngine } from './engine.js';

const CALLS = new Set([
  'listDatasets', 'loadCsv', 'forgetDataset', 'runSweep', 'runTraining', 'rangeTest',
  'curvature', 'schedulePreview', 'memoryStats', 'getData', 'estimateCost',
]);

const engine = loadEngine();

self.addEventListener('message', async (event) => {
  const { id, method, args = [] } = event.data || {};
  if (!CALLS.has(method)) {
    self.postMessage({ id, result: { ok: false, error: `unknown engine call '${method}'` } });
    return;
  }
  let result;
  try {
    const api = await engine;
    if (method === 'runSweep') {
      const onProgress = (done, total) => { self.postMessage({ id, progress: { done, total } }); };
      result = await api.runSweep(args[0], { onProgress });
    } else {
      result = await api[method](...args);
    }
  } catch (error) {
    result = { ok: false, error: `the engine could not be loaded: ${error && error.message ? error.message : error}` };
  }
  self.postMessage({ id, result });
});
