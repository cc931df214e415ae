// What the page must show, computed by the engine itself: the same WebAssembly engine, in
// its Node build, runs the request the page sends, so the end-to-end tests compare the page
// against the engine instead of against numbers typed into the tests.
import { loadEngine } from '../../web/engine/engine.js';
import { formatNumber } from '../../web/ui/dom.js';

/**
 * The engine request the sweep lab sends for its default settings (SweepLab.request() in
 * web/modules/sweep-lab.js applied to its defineSection defaults). These are lesson inputs,
 * not results.
 */
export const SWEEP_LAB_DEFAULT_REQUEST = Object.freeze({
  data: { dataset: 'house', scaling: 'none', model: 'linear' },
  optimizer: { kind: 'gd', batch_size: 0 },
  steps: 200, seed: 1, start: 1e-4, factor: 'x3', count: 9,
});

let enginePromise;

/** Runs a sweep in Node; resolves to {recommended, recommendedText, labels, count} or throws. */
export async function engineSweep(request) {
  enginePromise ??= loadEngine();
  const engine = await enginePromise;
  const result = await engine.runSweep(request);
  if (!result.ok) throw new Error(`the engine refused ${JSON.stringify(request)}: ${result.error}`);
  const sweep = result.value;
  return {
    recommended: sweep.recommended,
    // As the sweep lab prints it (formatNumber, or 'none').
    recommendedText: sweep.recommended === null ? 'none' : formatNumber(sweep.recommended),
    labels: sweep.runs.map((run) => run.diagnosis.label),
    count: sweep.runs.length,
  };
}

/** The sweep lab's default request with some top-level fields or data fields replaced. */
export function sweepLabRequest({ data = {}, ...rest } = {}) {
  return { ...SWEEP_LAB_DEFAULT_REQUEST, ...rest, data: { ...SWEEP_LAB_DEFAULT_REQUEST.data, ...data } };
}
