// provider.js in Node on the real WASM engine: the engine's cost estimate (estimateCost)
// counts the runs the engine really makes and scales with steps and rows, the one threshold
// sends the lesson's heavy cases (and only those) to the worker, and runJob answers as the
// engine does and can be cancelled. (Node has no Web Worker, so runJob runs on the engine
// directly here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/engine/engine.js';
import { runJob, runsInWorker, workOf, WORKER_THRESHOLD_FLOPS } from '../../web/engine/provider.js';

const engine = await loadEngine();
const sgd = { kind: 'sgd', batch_size: 8 };
const work = async (method, config) => {
  const result = await engine.estimateCost(method, config);
  assert.equal(result.ok, true, result.error);
  return result.value.work;
};

test('the estimate grows by one run per α the engine really runs, for grids given by their end', async () => {
  for (const grid of [{ start: 1e-4, factor: 'x3', end: 10 }, { start: 1e-3, factor: 'x10', end: 1 }, { start: 0.01, factor: 1.2, end: 0.05 }, { start: 1e-4, factor: 'x3', end: 3.2e-4 }]) {
    const config = { data: { scaling: 'z_score' }, optimizer: sgd, steps: 20, ...grid };
    const sweep = await engine.runSweep(config);
    assert.equal(sweep.ok, true, sweep.error);
    // Fixed costs (the curvature report) cancel in the differences.
    const one = await work('runSweep', { ...config, end: 0, count: 1 });
    const two = await work('runSweep', { ...config, end: 0, count: 2 });
    const all = await work('runSweep', config);
    assert.ok(Math.abs((all - one) / (two - one) - (sweep.value.runs.length - 1)) < 1e-9, JSON.stringify(grid));
  }
});

test('the estimate doubles with the steps, grows with the batch, and ignores the rows on the Gram path', async () => {
  const base = { data: { dataset: 'nonlinear', scaling: 'z_score', model: 'mlp' }, optimizer: { kind: 'sgd', batch_size: 16 }, steps: 100, count: 3 };
  assert.equal(await work('runSweep', { ...base, steps: 200 }), 2 * await work('runSweep', base));
  const rows32 = await work('runTraining', { data: { model: 'mlp' }, optimizer: { kind: 'sgd', batch_size: 32 }, steps: 10 });
  const rows16 = await work('runTraining', { data: { model: 'mlp' }, optimizer: { kind: 'sgd', batch_size: 16 }, steps: 10 });
  assert.ok(rows32 > rows16 && rows32 < 2 * rows16, 'twice the rows, less than twice the work (the per-step overhead stays)');
  // Full-batch linear regression steps on the Gram matrix: a CSV with 100× the rows costs
  // more only to build it once, not per step.
  const rows = (n) => 'x1,x2,y\n' + Array.from({ length: n }, (_, i) => `${i % 7},${(i * 3) % 11},${i % 5}`).join('\n');
  const small = (await engine.loadCsv(rows(50))).value.id;
  const large = (await engine.loadCsv(rows(5000))).value.id;
  const stepsOf = async (id, steps) => work('runTraining', { data: { dataset: id }, steps });
  const perStepSmall = (await stepsOf(small, 2000)) - (await stepsOf(small, 1000));
  const perStepLarge = (await stepsOf(large, 2000)) - (await stepsOf(large, 1000));
  assert.equal(perStepLarge, perStepSmall);
  assert.equal((await engine.estimateCost('runSweep', { data: { dataset: 'iris' } })).field, 'data.dataset');
  assert.equal(await workOf(engine, 'schedulePreview', {}), 0);
});

test('one threshold: the default sweep and the optimizers comparison stay on the page; the batch-size sweeps and long MLP runs do not', async () => {
  const light = await work('runSweep', {});
  const heavy = await work('runSweep', { data: { dataset: 'nonlinear', model: 'mlp', scaling: 'z_score' }, steps: 5000, count: 21, start: 1e-7 });
  assert.ok(light < WORKER_THRESHOLD_FLOPS, `${light}`);
  assert.ok(heavy > WORKER_THRESHOLD_FLOPS, `${heavy}`);
  const data = { dataset: 'house', scaling: 'z_score', model: 'linear' };
  const grid = { steps: 200, start: 1e-4, factor: 'x3', count: 11 };
  const sum = async (configs) => { let total = 0; for (const config of configs) total += await work('runSweep', config); return total; };
  // 6 sweeps of 11 α × 200 steps on 3 parameters (SGD's under 5 batch orders): ~20 ms, less than a worker round trip is worth.
  const comparison = await sum(['gd', 'sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'].map((kind) => ({ data, optimizer: { kind, batch_size: kind === 'sgd' ? 16 : 0 }, ...grid })));
  assert.ok(comparison < WORKER_THRESHOLD_FLOPS, `${comparison}`);
  // With the 8 batch-size sweeps (each α under 5 batch orders: ~60–100 ms here) the lab's load goes to the worker.
  const batches = await sum([1, 2, 4, 8, 16, 32, 64, 100].map((batch_size) => ({ data, optimizer: { kind: 'sgd', batch_size }, ...grid })));
  assert.ok(comparison + batches > WORKER_THRESHOLD_FLOPS, `${comparison + batches}`);
  // The schedules lab's 2,000-step MLP window (≈ 100 ms on the main thread) goes to the worker.
  const mlpWindow = await work('runTraining', { data: { dataset: 'nonlinear', model: 'mlp', scaling: 'z_score' }, optimizer: { learning_rate: 0.1 }, steps: 2000 });
  assert.ok(mlpWindow > WORKER_THRESHOLD_FLOPS, `${mlpWindow}`);
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

test('the dataset registry: loadDataset loads into the page engine, forgetDataset forgets it there and in the registry, and the oldest beyond MAX_DATASETS is forgotten everywhere', async () => {
  const { loadDataset, forgetDataset, loadedDatasets, MAX_DATASETS, getEngine } = await import('../../web/engine/provider.js');
  const page = await getEngine();
  const csv = (k) => `x,y\n${k},1\n${k + 1},2\n${k + 2},4\n`;
  const loaded = await loadDataset(csv(1), { name: 'one.csv' });
  assert.equal(loaded.ok, true, loaded.error);
  const id = loaded.value.id;
  assert.ok(loadedDatasets().includes(id));
  assert.equal((await page.getData({ dataset: id })).ok, true);
  assert.equal((await forgetDataset(id)).ok, true);
  assert.ok(!loadedDatasets().includes(id));
  assert.equal((await page.getData({ dataset: id })).field, 'data.dataset', 'forgotten in the page engine');
  assert.equal((await runsInWorker([{ method: 'runSweep', args: [{ data: { dataset: id } }] }])), false, 'an unknown id stays on the page (and fails there)');

  const ids = [];
  for (let k = 0; k < MAX_DATASETS + 2; k += 1) ids.push((await loadDataset(csv(k))).value.id);
  assert.deepEqual(loadedDatasets(), ids.slice(-MAX_DATASETS));
  for (const old of ids.slice(0, 2)) assert.equal((await page.getData({ dataset: old })).ok, false, old);
  for (const kept of ids.slice(-MAX_DATASETS)) assert.equal((await page.getData({ dataset: kept })).ok, true, kept);
  for (const kept of ids.slice(-MAX_DATASETS)) await forgetDataset(kept);
  assert.deepEqual(loadedDatasets(), []);
  assert.equal((await loadDataset('not,a\ncsv')).ok, false);
  assert.deepEqual(loadedDatasets(), [], 'a refused file is not registered');
});
