// The heap's ceiling, on the real WASM engine in Node: the module's memory may grow up to a
// stated ceiling (-sMAXIMUM_MEMORY, CMakeLists.txt) and no further; a request that needs more
// fails inside the engine (std::bad_alloc, caught in cpp/wasm/bindings.cpp) and resolves to
// {ok: false} with a readable message; the engine then answers exactly as before; and 1,000
// such failures leave the heap (bytes in use and the memory buffer's size) where it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/engine/engine.js';

const engine = await loadEngine();
const MiB = 1024 * 1024;
const memory = async () => (await engine.memoryStats()).value;
const bufferBytes = () => engine.raw.HEAP8.buffer.byteLength;

// 1,000,000 rows × 2 features: a one-hidden-layer MLP with 64 units on all rows at once
// needs 1,000,000 × 64 doubles (488 MiB) for its hidden activations alone.
const rows = 1000000;
const csv = 'a,b,y\n' + Array.from({ length: rows }, (_, i) => `${i % 97},${(i * 7) % 89},${(i % 13) / 10}`).join('\n') + '\n';
const loaded = await engine.loadCsv(csv);
const tooBig = { data: { dataset: loaded.value?.id, model: 'mlp', hidden_units: 64 }, optimizer: { kind: 'gd', batch_size: 0 }, steps: 5 };

const readable = (error) => {
  assert.equal(typeof error, 'string');
  assert.ok(error.length > 20, error);
  assert.ok(!/undefined|NaN|null|\[object|\d{5,}/.test(error), `not readable: ${error}`);
};

test('the heap has a stated ceiling: 512 MiB, the module memory\'s maximum', async () => {
  const stats = await memory();
  assert.equal(stats.heap_max, 512 * MiB);
  assert.ok(stats.heap_size <= stats.heap_max);
  assert.equal(bufferBytes(), stats.heap_size);
});

test('a request that needs more than the ceiling resolves to {ok: false} with a readable message, and the engine answers as before', async () => {
  assert.equal(loaded.ok, true, loaded.error);
  const estimate = await engine.estimateCost('runTraining', tooBig);
  assert.equal(estimate.ok, true, estimate.error);
  assert.ok(estimate.value.work <= engine.defaults.limits.max_call_work, 'within the work limit: memory is what stops it');
  const before = await engine.runSweep({ data: { scaling: 'z_score' } });
  const fits = { ...tooBig, data: { ...tooBig.data, hidden_units: 4 } };
  const small = await engine.runTraining(fits);
  assert.equal(small.ok, true, small.error);  // the same data and run with 4 hidden units fit

  const result = await engine.runTraining(tooBig);
  assert.equal(result.ok, false);
  readable(result.error);
  assert.match(result.error, /needs more memory than LR Lab's engine may use \(512 MB\)/);
  assert.match(result.error, /mini-batch/);
  const sweep = await engine.runSweep(tooBig);
  assert.equal(sweep.ok, false);
  assert.equal(sweep.error, result.error);
  assert.ok(bufferBytes() <= 512 * MiB);

  const after = await engine.runSweep({ data: { scaling: 'z_score' } });
  assert.equal(after.ok, true, after.error);
  assert.deepEqual(after.value.runs.map((r) => r.final_loss), before.value.runs.map((r) => r.final_loss));
  assert.equal(after.value.recommended, before.value.recommended);
  const again = await engine.runTraining(fits);
  assert.deepEqual(again.value.run.loss, small.value.run.loss);
});

test('1,000 requests over the ceiling leak nothing', async () => {
  await engine.runTraining(tooBig);  // warm-up
  const before = await memory();
  const bytes = bufferBytes();
  for (let i = 0; i < 1000; i += 1) {
    const result = await engine.runTraining(tooBig);
    assert.equal(result.ok, false);
  }
  const after = await memory();
  assert.equal(after.in_use, before.in_use, 'bytes in use');
  assert.equal(after.heap_size, before.heap_size, 'heap size');
  assert.equal(bufferBytes(), bytes, 'the memory buffer');
});

test('a CSV text larger than the engine\'s byte limit is refused before it crosses into the heap', async () => {
  const before = bufferBytes();
  const huge = 'x,y\n' + '1,2\n'.repeat(Math.ceil(engine.defaults.limits.max_csv_bytes / 4) + 1);
  const result = await engine.loadCsv(huge);
  assert.equal(result.ok, false);
  readable(result.error);
  assert.match(result.error, /the limit is 50 MB/);
  assert.equal(bufferBytes(), before);
  const id = await engine.forgetDataset('x'.repeat(5000));
  assert.equal(id.ok, false);
  assert.equal(id.field, 'id');
  const setting = await engine.runSweep({ data: { dataset: 'y'.repeat(1e6) } });
  assert.equal(setting.ok, false);
  assert.equal(setting.field, 'data.dataset');
  assert.equal(bufferBytes(), before);
});
