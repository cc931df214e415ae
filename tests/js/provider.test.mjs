// provider.js in Node on the real WASM engine: the stand-in cost estimate counts the runs the
// engine really makes and scales with steps and rows, the one threshold sends the lesson's
// heavy cases (and only those) to the worker, and runJob answers as the engine does and can
// be cancelled. (Node has no Web Worker, so runJob runs on the engine directly here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/engine/engine.js';
import { estimateWork, runJob, runsInWorker, WORKER_THRESHOLD_FLOPS } from '../../web/engine/provider.js';

const engine = await loadEngine();
const datasets = (await engine.listDatasets()).value;
const context = (name = 'house') => ({ dataset: datasets.find((d) => d.name === name), defaults: engine.defaults });
const sgd = { kind: 'sgd', batch_size: 8 };

test('the estimate counts as many runs as the engine makes for a grid given by its end', async () => {
  for (const grid of [{ start: 1e-4, factor: 'x3', end: 10 }, { start: 1e-3, factor: 'x10', end: 1 }, { start: 0.01, factor: 1.2, end: 0.05 }, { start: 1e-4, factor: 'x3', end: 3.2e-4 }]) {
    const config = { data: { scaling: 'z_score' }, optimizer: sgd, steps: 20, ...grid };
    const sweep = await engine.runSweep(config);
    assert.equal(sweep.ok, true, sweep.error);
    const perRun = estimateWork('runSweep', { ...config, end: 0, count: 1 }, context());
    assert.equal(estimateWork('runSweep', config, context()) / perRun, sweep.value.runs.length, JSON.stringify(grid));
  }
});

test('the estimate doubles with the steps and with the mini-batch, and a CSV it cannot size is unknown', () => {
  const base = { data: { scaling: 'z_score', model: 'mlp' }, optimizer: { kind: 'sgd', batch_size: 16 }, steps: 100, count: 3 };
  const work = estimateWork('runSweep', base, context('nonlinear'));
  assert.equal(estimateWork('runSweep', { ...base, steps: 200 }, context('nonlinear')), 2 * work);
  const perRow = estimateWork('runTraining', { data: { model: 'mlp' }, optimizer: { kind: 'sgd', batch_size: 32 }, steps: 10 }, context());
  const half = estimateWork('runTraining', { data: { model: 'mlp' }, optimizer: { kind: 'sgd', batch_size: 16 }, steps: 10 }, context());
  assert.ok(perRow > half && perRow < 2 * half, 'twice the rows, less than twice the work (the per-step overhead stays)');
  assert.equal(estimateWork('runSweep', base, { defaults: engine.defaults }), null);
  assert.equal(estimateWork('curvature', {}, context()), 0);
});

test('one threshold: the default sweep stays on the page, a long MLP sweep and the optimizers comparison do not', () => {
  const light = estimateWork('runSweep', {}, context());
  const heavy = estimateWork('runSweep', { data: { dataset: 'nonlinear', model: 'mlp', scaling: 'z_score' }, steps: 5000, count: 21, start: 1e-7 }, context('nonlinear'));
  assert.ok(light < WORKER_THRESHOLD_FLOPS, `${light}`);
  assert.ok(heavy > WORKER_THRESHOLD_FLOPS, `${heavy}`);
  const data = { dataset: 'house', scaling: 'z_score', model: 'linear' };
  const grid = { steps: 200, start: 1e-4, factor: 'x3', count: 11 };
  const comparison = [
    ...['gd', 'sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'].map((kind) => ({ data, optimizer: { kind, batch_size: kind === 'sgd' ? 16 : 0 }, ...grid })),
    ...[1, 2, 4, 8, 16, 32, 64, 100].map((batch_size) => ({ data, optimizer: { kind: 'sgd', batch_size }, ...grid })),
  ].reduce((sum, config) => sum + estimateWork('runSweep', config, context()), 0);
  assert.ok(comparison > WORKER_THRESHOLD_FLOPS, `${comparison}`);
});

test('runJob answers as the engine does, and never picks a worker where none can start', async () => {
  assert.equal(await runsInWorker([{ method: 'runSweep', args: [{ data: { model: 'mlp' }, steps: 5000, count: 25 }] }]), false);
  const direct = await engine.runSweep({ data: { scaling: 'z_score' } });
  const viaJob = await runJob('runSweep', [{ data: { scaling: 'z_score' } }]).promise;
  assert.equal(viaJob.ok, true);
  assert.equal(viaJob.value.recommended, direct.value.recommended);
  assert.deepEqual(viaJob.value.runs.map((r) => r.final_loss), direct.value.runs.map((r) => r.final_loss));
  const training = await runJob('runTraining', [{ optimizer: { learning_rate: 0.01 } }]).promise;
  assert.equal(training.value.run.final_loss, (await engine.runTraining({ optimizer: { learning_rate: 0.01 } })).value.run.final_loss);
});

test('a cancelled runJob resolves as cancelled and reports progress until then', async () => {
  const progress = [];
  let job = null;
  job = runJob('runSweep', [{ count: 9 }], { onProgress: (done, total) => { progress.push([done, total]); if (done === 3) job.cancel(); } });
  const result = await job.promise;
  assert.equal(result.ok, false);
  assert.equal(result.cancelled, true);
  assert.deepEqual(progress, [[1, 9], [2, 9], [3, 9]]);
  const early = runJob('runSweep', [{}]);
  early.cancel();
  assert.equal((await early.promise).cancelled, true);
});
