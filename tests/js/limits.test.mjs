// Limits before work, on the real WASM engine in Node: a CSV wider than the engine's feature
// limit is refused at its header, fast, with a message naming the limit; blank lines do not
// size the data matrix (rows are counted); a call whose estimated work passes the engine's
// limit is refused before it runs; and 1,000 failing requests leave the heap as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/engine/engine.js';

const engine = await loadEngine();
const limits = engine.defaults.limits;

const header = (columns) => Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
const wideCsv = (columns, rows = 3) => [header(columns), ...Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => (r + c) % 7).join(','))].join('\n') + '\n';
const memory = async () => (await engine.memoryStats()).value;

test('a 40,000-column CSV is refused at its header, in under half a second (best of 3), naming the feature limit', async () => {
  // Best of 3 (the machine is shared); before the limit, 40,000 columns took 2.5 s (every
  // pair of names compared).
  const fastest = async (text) => {
    let best = Infinity;
    let result;
    for (let i = 0; i < 3; i += 1) {
      const started = performance.now();
      result = await engine.loadCsv(text);
      best = Math.min(best, performance.now() - started);
    }
    return { best, result };
  };
  const wide = await fastest(wideCsv(40000));
  assert.equal(wide.result.ok, false);
  assert.ok(wide.result.error.includes(`up to ${limits.max_features} features`), wide.result.error);
  assert.ok(wide.result.error.includes('40,000 columns'), wide.result.error);
  assert.ok(wide.best < 500, `${wide.best.toFixed(1)} ms`);
});

test('a CSV of exactly the feature limit loads and runs a default sweep', async () => {
  const loaded = await engine.loadCsv(wideCsv(limits.max_features + 1, 5));
  assert.equal(loaded.ok, true, loaded.error);
  assert.equal(loaded.value.features, limits.max_features);
  const sweep = await engine.runSweep({ data: { dataset: loaded.value.id, scaling: 'z_score' }, steps: 20, count: 3 });
  assert.equal(sweep.ok, true, sweep.error);
  await engine.forgetDataset(loaded.value.id);
});

test('a million blank lines between two rows of 100 columns do not grow the heap by the lines', async () => {
  const text = header(100) + '\n' + '\n'.repeat(1e6) + wideCsv(100, 2).split('\n').slice(1).join('\n');
  const before = await memory();
  const loaded = await engine.loadCsv(text);
  assert.equal(loaded.ok, true, loaded.error);
  assert.equal(loaded.value.rows, 2);
  const after = await memory();
  // The text itself crosses into the heap once (~1 MB); the matrix is 2 × 99 numbers.
  assert.ok(after.heap_size - before.heap_size <= 8 * text.length, `heap grew ${after.heap_size - before.heap_size} bytes`);
  await engine.forgetDataset(loaded.value.id);
});

test('a sweep estimated above the engine\'s work limit is refused before it runs, naming what to reduce', async () => {
  const rows = 'x1,x2,y\n' + Array.from({ length: 100000 }, (_, i) => `${i % 13},${i % 7},${i % 2}`).join('\n');
  const loaded = await engine.loadCsv(rows);
  assert.equal(loaded.ok, true, loaded.error);
  const config = { data: { dataset: loaded.value.id, model: 'logistic' }, steps: limits.max_steps, count: limits.max_sweep_runs, start: 1e-3, factor: 1.2 };
  const estimate = await engine.estimateCost('runSweep', config);
  assert.equal(estimate.ok, true, estimate.error);
  assert.ok(estimate.value.work > limits.max_call_work, `${estimate.value.work}`);
  const started = performance.now();
  const sweep = await engine.runSweep(config);
  assert.ok(performance.now() - started < 100, 'refused before any run');
  assert.equal(sweep.ok, false);
  assert.match(sweep.error, /^this sweep would take about .* floating-point operations; LR Lab runs at most .* fewer steps, fewer learning rates or a sample of the rows$/);
  // Within the limit it runs.
  const small = await engine.runSweep({ ...config, steps: 5, count: 2 });
  assert.equal(small.ok, true, small.error);
  await engine.forgetDataset(loaded.value.id);
});

test('1,000 failing requests (too wide, too much work, bad settings, unknown data) leak nothing', async () => {
  const wide = wideCsv(500);
  const many = 'x,y\n' + Array.from({ length: 100000 }, (_, i) => `${i % 13},${i % 2}`).join('\n');
  const big = (await engine.loadCsv(many)).value.id;
  const failing = [
    () => engine.loadCsv(wide),
    () => engine.loadCsv('a,a\n1,2\n3,4\n'),
    () => engine.loadCsv('x,y\n1,2\n3,oops\n'),
    () => engine.runSweep({ data: { dataset: big, model: 'logistic' }, steps: limits.max_steps, count: limits.max_sweep_runs, start: 1e-3, factor: 1.2 }),
    () => engine.runTraining({ data: { dataset: 'no-such-data' } }),
    () => engine.runSweep({ optimizer: { kind: 'momentum', momentum: -1 } }),
    () => engine.runSweep({ steps: 10n }),
    () => engine.runSweep({ get steps() { throw new Error('a getter that throws'); } }),
    () => engine.curvature({ through_w2: 'far' }),
    () => engine.rangeTest({ iterations: 3 }),
  ];
  const round = async () => {
    for (const call of failing) {
      const result = await call();
      assert.equal(result.ok, false, String(call));
      assert.equal(typeof result.error, 'string');
      assert.ok(!/^the engine could not run this request/.test(result.error), result.error);
    }
  };
  await round();  // warm-up: anything allocated once and kept (caches) is allocated here
  const before = await memory();
  for (let i = 0; i < 125; i += 1) await round();  // 1,000 requests
  const after = await memory();
  assert.equal(after.in_use, before.in_use, 'bytes in use');
  assert.equal(after.heap_size, before.heap_size, 'heap size');
  await engine.forgetDataset(big);
});
