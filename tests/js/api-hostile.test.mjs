// The API's promise, checked on hostile arguments on the real WASM engine in Node: every
// call resolves to {ok: false, error} with a readable message (never rejects, never a
// number from the WASM heap) for BigInts, Symbols, null options, throwing getters and
// Proxies; numbers are reported as given (no int wrap, Infinity and NaN by name);
// prototype names are unknown settings; rates and contours that would overflow are refused
// or computed without Infinity; and none of it leaks heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/engine/engine.js';

const engine = await loadEngine();
const limits = engine.defaults.limits;

/** Resolves (never rejects) to a failure whose message is readable; returns it. */
async function refused(promise, pattern, field) {
  const result = await promise;  // a rejection fails the test here
  assert.equal(result.ok, false, JSON.stringify(result).slice(0, 200));
  assert.equal(typeof result.error, 'string');
  assert.ok(result.error.length > 10, result.error);
  assert.ok(!/could not run this request/.test(result.error), result.error);
  if (pattern) assert.match(result.error, pattern);
  if (field !== undefined) assert.equal(result.field, field);
  return result;
}

test('BigInt, Symbol and function settings are refused by name, not rejected', async () => {
  await refused(engine.runSweep({ steps: 10n }), /^steps must be a number, got the BigInt 10n$/, 'steps');
  await refused(engine.runSweep({ factor: Symbol('x') }), /^factor .* got a Symbol$/, 'factor');
  await refused(engine.runTraining({ optimizer: { momentum: () => 1 } }), /optimizer\.momentum .* got a function/, 'optimizer.momentum');
  await refused(engine.schedulePreview({}, 10n, 100), /peak learning rate must be a number, got a BigInt/);
});

test('null and non-object options resolve like missing ones', async () => {
  for (const options of [null, 0, 'x']) {
    const sweep = await engine.runSweep({ count: 2, steps: 5 }, options);
    assert.equal(sweep.ok, true, sweep.error);
    const csv = await engine.loadCsv('a,b\n1,2\n3,4\n', options);
    assert.equal(csv.ok, true, csv.error);
    await engine.forgetDataset(csv.value.id);
  }
});

test('a throwing getter, a Proxy whose traps throw and a revoked Proxy are refused, not rejected', async () => {
  await refused(engine.runSweep({ get steps() { throw new Error('getter'); } }), /^steps could not be read \(getter\)$/, 'steps');
  await refused(engine.runSweep({ data: new Proxy({}, { ownKeys() { throw new Error('trap'); } }) }), /^data could not be read/, 'data');
  await refused(engine.runTraining(new Proxy({ steps: 5 }, { get() { throw new Error('get trap'); } })), /steps could not be read/);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  await refused(engine.curvature(proxy), /settings could not be read/);
  // A Proxy that answers plainly is read like the object it stands for.
  const plain = await engine.runSweep(new Proxy({ count: 2, steps: 5 }, {}));
  assert.equal(plain.ok, true, plain.error);
  // A progress callback that throws ends the sweep as cancelled, not as a rejection.
  const thrown = await engine.runSweep({ count: 3, steps: 5 }, { onProgress() { throw new Error('progress'); } });
  assert.equal(thrown.ok, true, thrown.error);
  assert.equal(thrown.value.cancelled, true);
});

test('numbers are reported as given: no wrap past 2^32, Infinity and NaN by name', async () => {
  await refused(engine.schedulePreview({}, 0.1, 2 ** 32 + 100), /^steps must be a whole number in \[1, \d+\], got 4294967396$/, 'steps');
  await refused(engine.schedulePreview({}, 0.1, 2.5), /got 2\.5$/, 'steps');
  await refused(engine.runSweep({ steps: 1e10 }), /got 10000000000$/, 'steps');
  await refused(engine.runSweep({ data: Infinity }), /^data must be an object, got Infinity$/, 'data');
  await refused(engine.runSweep({ end: NaN }), /got NaN$/, 'end');
  const ok = await engine.schedulePreview({}, 0.1, limits.max_steps);
  assert.equal(ok.value.length, limits.max_steps);
});

test('constructor, toString, hasOwnProperty and an own __proto__ are unknown settings, at every level', async () => {
  for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    await refused(engine.runSweep({ [key]: 1 }), new RegExp(`^unknown setting '${key}'`), key);
    await refused(engine.runSweep({ data: { [key]: 1 } }), new RegExp(`^unknown setting 'data\\.${key}'`), `data.${key}`);
  }
  await refused(engine.runSweep(JSON.parse('{"__proto__": {"steps": 5}}')), /^unknown setting '__proto__'/, '__proto__');
  await refused(engine.runSweep(JSON.parse('{"optimizer": {"__proto__": 1}}')), /^unknown setting 'optimizer\.__proto__'/, 'optimizer.__proto__');
  // Inherited names are not settings either: a dataset called 'constructor' is unknown data.
  await refused(engine.runSweep({ data: { dataset: 'constructor' } }), /unknown dataset 'constructor'/, 'data.dataset');
});

test('a range test from the smallest double gives finite rates; contours through 1e308 are refused by name', async () => {
  const range = await engine.rangeTest({ start_lr: 5e-324 });
  assert.equal(range.ok, true, range.error);
  assert.ok(range.value.learning_rate.every((lr) => Number.isFinite(lr) && lr > 0), 'every rate finite and positive');
  assert.ok(range.value.learning_rate[0] <= 1e-323);
  await refused(engine.curvature({ through_w2: 1e308 }), /is so far from the optimum that its loss overflows/);
  const near = await engine.curvature({ through_w2: 1e3 });
  assert.equal(near.ok, true, near.error);
});

test('200 rounds of hostile calls leave the heap as it was', async () => {
  const calls = [
    () => engine.runSweep({ steps: 10n }),
    () => engine.runSweep({ get steps() { throw new Error('x'); } }),
    () => engine.runSweep({ data: Infinity }),
    () => engine.runSweep({ constructor: 1 }),
    () => engine.schedulePreview({}, 0.1, 2 ** 32 + 100),
    () => engine.curvature({ through_w2: 1e308 }),
  ];
  const round = async () => { for (const call of calls) await refused(call()); };
  await round();
  const before = (await engine.memoryStats()).value;
  for (let i = 0; i < 200; i += 1) await round();
  const after = (await engine.memoryStats()).value;
  assert.equal(after.in_use, before.in_use);
  assert.equal(after.heap_size, before.heap_size);
});
