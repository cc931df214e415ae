// provider.js's one dataset registry with a worker, in Node on two real WASM engine instances:
// a stand-in Worker (same messages as web/engine/worker.js, structured-cloned, its own engine
// instance) lets the provider route as it does in a page served over http. A large CSV is
// parsed in the worker, never by the page's engine, yet both engines hold it: light calls on
// it run on the page, heavy ones in the worker, with the same answers; forgetting it forgets
// it in both. A small CSV is parsed on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { loadEngine } from '../../web/engine/engine.js';

const require = createRequire(import.meta.url);
const createLRLab = require('../../web/engine/wasm/lrlab.node.cjs');

/** Answers worker.js's messages with its own engine instance. */
class StandInWorker {
  static instances = [];
  constructor() {
    StandInWorker.instances.push(this);
    this.listeners = [];
    this.calls = [];
    this.dead = false;
    this.engine = loadEngine({ factory: () => createLRLab() });
  }
  addEventListener(type, listener) {
    if (type === 'message') this.listeners.push(listener);
  }
  postMessage(message) {
    const { id, method, args } = structuredClone(message);
    this.calls.push({ method, args });
    (async () => {
      const api = await this.engine;
      const result = method === 'runSweep'
        ? await api.runSweep(args[0], { onProgress: (done, total) => this.emit({ id, progress: { done, total } }) })
        : await api[method](...args);
      this.emit({ id, result });
    })();
  }
  emit(data) {
    if (this.dead) return;
    const cloned = structuredClone(data);
    for (const listener of this.listeners) listener({ data: cloned });
  }
  terminate() {
    this.dead = true;
  }
}
globalThis.Worker = StandInWorker;
globalThis.location = { protocol: 'http:' };

const { loadDataset, forgetDataset, runJob, runsInWorker, CSV_WORKER_CHARS } = await import('../../web/engine/provider.js');
const page = await loadEngine();
const pageParses = [];
const loadCsv = page.loadCsv.bind(page);
page.loadCsv = (text, options) => {
  pageParses.push(text.length);
  return loadCsv(text, options);
};
const workerCalls = (method) => StandInWorker.instances.flatMap((w) => w.calls).filter((c) => c.method === method);

const csv = (rows) => 'a,b,y\n' + Array.from({ length: rows }, (_, i) => `${(i % 101) / 10},${(i * 7) % 53},${i % 2}`).join('\n') + '\n';

test('a small CSV is parsed by the page\'s engine, not sent to a worker', async () => {
  const text = csv(200);
  const loaded = await loadDataset(text, { name: 'small.csv' });
  assert.equal(loaded.ok, true, loaded.error);
  assert.deepEqual(pageParses, [text.length]);
  assert.equal(workerCalls('loadCsv').length, 0);
  assert.equal((await forgetDataset(loaded.value.id)).ok, true);
});

test('a large CSV is parsed in the worker only; both engines hold it; light calls run on the page, heavy ones in the worker', async () => {
  pageParses.length = 0;
  const text = csv(130000);
  assert.ok(text.length > CSV_WORKER_CHARS);
  const loaded = await loadDataset(text, { name: 'large.csv' });
  assert.equal(loaded.ok, true, loaded.error);
  assert.deepEqual(pageParses, [], 'the page\'s engine parsed nothing');
  assert.equal(workerCalls('loadCsv').length, 1);
  assert.equal(loaded.value.rows, 130000);
  assert.deepEqual(loaded.value.feature_names, ['a', 'b']);
  assert.equal(loaded.value.target_name, 'y');
  assert.equal(loaded.value.task, 'classification');
  assert.equal(loaded.value.name, 'large.csv');

  // The page's copy holds the very numbers of the file.
  const id = loaded.value.id;
  const data = await page.getData({ dataset: id });
  assert.equal(data.ok, true, data.error);
  assert.equal(data.value.y.length, 130000);
  assert.deepEqual([data.value.X_raw[0], data.value.X_raw[1], data.value.y[1]], [0, 0, 1]);
  assert.deepEqual([data.value.X_raw[2 * 1234], data.value.X_raw[2 * 1234 + 1]], [(1234 % 101) / 10, (1234 * 7) % 53]);

  // Light: on the page, as the page's engine answers.
  const light = { data: { dataset: id, scaling: 'z_score' }, steps: 20, count: 3 };
  assert.equal(await runsInWorker([{ method: 'runSweep', args: [light] }]), false);
  const lightJob = await runJob('runSweep', [light]).promise;
  assert.equal(lightJob.ok, true, lightJob.error);
  assert.equal(workerCalls('runSweep').length, 0);

  // Heavy: in the worker, on the worker's own copy, with the page engine's answer.
  const heavy = { data: { dataset: id, model: 'logistic', scaling: 'z_score' }, steps: 100, count: 5 };
  assert.equal(await runsInWorker([{ method: 'runSweep', args: [heavy] }]), true);
  const heavyJob = await runJob('runSweep', [heavy]).promise;
  assert.equal(heavyJob.ok, true, heavyJob.error);
  const sent = workerCalls('runSweep');
  assert.equal(sent.length, 1);
  const workerEngine = await StandInWorker.instances.at(-1).engine;
  const workerId = sent[0].args[0].data.dataset;
  assert.equal((await workerEngine.getData({ dataset: workerId })).value.y.length, 130000, 'the worker\'s id of the same file');
  assert.equal(workerCalls('loadCsv').length, 1, 'not loaded a second time');
  const direct = await page.runSweep(heavy);
  assert.deepEqual(heavyJob.value.runs.map((r) => r.final_loss), direct.value.runs.map((r) => r.final_loss));

  // Forgetting forgets it in both engines.
  const forgotten = await forgetDataset(id);
  assert.equal(forgotten.ok, true, forgotten.error);
  assert.deepEqual(workerCalls('forgetDataset').map((c) => c.args[0]), [workerId]);
  assert.equal((await page.getData({ dataset: id })).ok, false);
  assert.equal((await workerEngine.getData({ dataset: workerId })).ok, false);
});

test('a large CSV the worker refuses gives the engine\'s message, and nothing is kept', async () => {
  pageParses.length = 0;
  const text = csv(130000).replace('\n5.1,', '\n5.1x,');
  const result = await loadDataset(text);
  assert.equal(result.ok, false);
  assert.match(result.error, /is not a number/);
  assert.deepEqual(pageParses, []);
});
