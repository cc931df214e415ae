// Property-based tests of the JS API on the real WASM engine in Node (fast-check, seeded):
// for any JSON-like or hostile settings object given to each call, and any string given as a
// CSV, the promise resolves (never rejects) to {ok: true, value} or {ok: false, error} whose
// message is non-empty and readable — no "undefined", no NaN and no long number (a WASM
// pointer) unless the input held it, never the generic "could not run this request" — within
// a time bound; and the engine's bytes in use return to their baseline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadEngine } from '../../web/engine/engine.js';

const engine = await loadEngine();
const RUNS = 200;
const SEED = 20261129;
/** Work above which a generated call is not run (it belongs in the worker; the limits test covers refusal). */
const WORK_BUDGET = 5e7;
/** Each call must answer within this (generous: the machine is shared; calls run ≪ 1 s). */
const TIME_BOUND_MS = 10000;

/** Every string and number (as text) anywhere in a value, read without running getters. */
function textsOf(value, out = new Set(), depth = 0) {
  if (depth > 10) return out;
  switch (typeof value) {
    case 'string': out.add(value); return out;
    case 'number': case 'bigint': out.add(String(value)); return out;
    case 'undefined': out.add('undefined'); return out;
    case 'object': break;
    default: return out;
  }
  if (value === null) return out;
  let keys = [];
  try { keys = Reflect.ownKeys(value); } catch { return out; }
  for (const key of keys) {
    if (typeof key === 'string') out.add(key);
    let descriptor;
    try { descriptor = Reflect.getOwnPropertyDescriptor(value, key); } catch { continue; }
    if (descriptor && 'value' in descriptor) textsOf(descriptor.value, out, depth + 1);
  }
  return out;
}

/** Asserts the answer keeps the API's promise for `input` (whatever was passed in). */
function keepsThePromise(result, input) {
  assert.equal(typeof result, 'object');
  assert.notEqual(result, null);
  assert.equal(typeof result.ok, 'boolean');
  if (result.ok) return;
  const { error } = result;
  assert.equal(typeof error, 'string');
  assert.ok(error.trim().length > 0, 'an empty message');
  assert.ok(!/could not run this request|internal error/.test(error), error);
  const given = [...textsOf(input)].join('\u0000');
  if (/\bundefined\b/.test(error)) assert.ok(given.includes('undefined'), `"undefined" in: ${error}`);
  if (/\bNaN\b|\bnan\b/.test(error)) assert.ok(/NaN|nan/i.test(given), `NaN in: ${error}`);
  for (const digits of error.match(/\d{6,}/g) ?? []) {
    assert.ok(given.includes(digits) || /limit|at most|up to|between|in \[|LR Lab/.test(error), `a number from nowhere (${digits}) in: ${error}`);
  }
  if (result.field !== undefined) assert.equal(typeof result.field, 'string');
}

async function answered(call, input) {
  const started = performance.now();
  const result = await call();  // a rejection fails the property here
  const ms = performance.now() - started;
  assert.ok(ms < TIME_BOUND_MS, `${ms.toFixed(0)} ms`);
  keepsThePromise(result, input);
  if (result.ok && result.value && typeof result.value.id === 'string') await engine.forgetDataset(result.value.id);
  return result;
}

// ---- arbitraries -------------------------------------------------------------------------

// Hostile objects (throwing getters, Proxies, cycles) would trip fast-check itself when it
// inspects a generated value, so it generates a marker and the property builds the object.
class Hostile {
  constructor(kind) { this.kind = kind; }
}
const hostileObject = fc.constantFrom('getter', 'proxy', 'revoked', 'cyclic', 'symbol', 'function').map((kind) => new Hostile(kind));

/** The value with every Hostile marker replaced by the object it stands for. */
function materialize(value, depth = 0) {
  if (value instanceof Hostile) {
    switch (value.kind) {
      case 'getter': return { get steps() { throw new Error('getter'); } };
      case 'proxy': return new Proxy({}, { ownKeys() { throw new Error('trap'); } });
      case 'revoked': { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }
      case 'cyclic': { const o = { data: {} }; o.data.self = o; return o; }
      case 'symbol': return Symbol('s');
      default: return () => 1;
    }
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => materialize(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
  const out = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) out[key] = materialize(value[key], depth + 1);
  return out;
}

/** Values a setting may be given: numbers at and past every edge, text, and things that are not settings. */
const hostileValue = fc.oneof(
  fc.double(), fc.integer(), fc.integer({ min: -5, max: 30 }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, 2 ** 31, 2 ** 32 + 100, 1e10, 1e308, 5e-324, 1e-7, 0.1, 10, 5000, 10001),
  fc.string({ maxLength: 30 }), fc.fullUnicodeString({ maxLength: 10 }),
  fc.constantFrom('house', 'two_class', 'nonlinear', 'csv-1', 'iris', 'x3', 'x10', 'gd', 'sgd', 'adam', 'momentum',
    'mlp', 'logistic', 'linear', 'z_score', 'min_max', 'one_cycle', 'sgdr', '<b>x</b>', '__proto__', ''),
  fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(),
  fc.array(fc.integer(), { maxLength: 3 }), fc.constant({}), hostileObject,
);

const settingNames = ['steps', 'seed', 'start', 'end', 'count', 'factor', 'through_w1', 'through_w2', 'contour_count',
  'momentum', 'start_lr', 'end_lr', 'iterations', 'smoothing', 'stop_factor', 'constructor', 'toString', '__proto__', 'x'];
const groupNames = {
  data: ['dataset', 'data_seed', 'scaling', 'model', 'hidden_units'],
  optimizer: ['kind', 'learning_rate', 'batch_size', 'momentum', 'rho', 'beta1', 'beta2', 'epsilon', 'clip_norm'],
  schedule: ['kind', 'gamma', 'step_size', 'exp_gamma', 'warmup_steps', 'min_lr', 'cycle_steps', 'cycle_mult', 'pct_start'],
};
const group = (names) => fc.dictionary(fc.constantFrom(...names, 'unknown'), hostileValue, { maxKeys: 4 });
/** Objects shaped like settings, with hostile values in the known places. */
const settingsLike = fc.record({
  top: fc.dictionary(fc.constantFrom(...settingNames), hostileValue, { maxKeys: 4 }),
  data: fc.option(fc.oneof(group(groupNames.data), hostileValue), { nil: undefined }),
  optimizer: fc.option(fc.oneof(group(groupNames.optimizer), hostileValue), { nil: undefined }),
  schedule: fc.option(fc.oneof(group(groupNames.schedule), hostileValue), { nil: undefined }),
}).map(({ top, ...groups }) => {
  const out = { ...top };
  for (const [name, value] of Object.entries(groups)) if (value !== undefined) out[name] = value;
  return out;
});
const anySettings = fc.oneof(
  { weight: 3, arbitrary: settingsLike },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withDate: true, withObjectString: true }) },
  { weight: 1, arbitrary: hostileObject },
);

/** Text shaped like a CSV (so that some of it parses), or any string at all. */
const cell = fc.oneof(fc.double({ noNaN: false }).map(String), fc.integer().map(String),
  fc.constantFrom('', ' ', '"1"', '"a,b"', 'NaN', '1e200', '1e100', '3,5', '<b>', '"', 'x'), fc.string({ maxLength: 6 }));
const csvLike = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 8 }), fc.constantFrom(',', ';'), fc.constantFrom('\n', '\r\n'))
  .chain(([columns, rows, separator, end]) => fc.tuple(
    fc.array(fc.oneof(fc.constantFrom('x', 'y', 'a', 'x'), fc.string({ maxLength: 5 })), { minLength: columns, maxLength: columns }),
    fc.array(fc.array(cell, { minLength: columns, maxLength: columns + (rows % 2) }), { maxLength: rows }),
  ).map(([header, body]) => [header, ...body].map((row) => row.join(separator)).join(end)));
const anyCsv = fc.oneof(csvLike, fc.string({ maxLength: 300 }), fc.fullUnicodeString({ maxLength: 100 }), fc.constantFrom('', '\uFEFF', '\uFFFE\u0000x', 'a,b\n1,2\n3,4'));

// ---- properties --------------------------------------------------------------------------

const baseline = async () => (await engine.memoryStats()).value.in_use;

/** Runs `property` RUNS times (seeded), then checks the heap's bytes in use came back. */
async function holds(arbitrary, predicate) {
  const property = fc.asyncProperty(arbitrary, predicate);
  await fc.assert(property, { seed: SEED, numRuns: 5 });  // warm-up: whatever is allocated once
  const before = await baseline();
  await fc.assert(property, { seed: SEED + 1, numRuns: RUNS });
  assert.equal(await baseline(), before, 'bytes in use after the runs');
}

/** Skips generated calls whose estimate is heavy (they run in the worker, and the limits test covers them). */
async function light(method, config) {
  const estimate = await engine.estimateCost(method, config);
  return !estimate.ok || estimate.value.work <= WORK_BUDGET;
}

for (const method of ['runSweep', 'runTraining', 'rangeTest', 'curvature']) {
  test(`${method}: any settings object resolves to {ok} or a readable {ok: false}`, async () => {
    await holds(anySettings, async (generated) => {
      const settings = materialize(generated);
      keepsThePromise(await answered(() => engine.estimateCost(method, settings), settings), settings);
      if (!(await light(method, settings))) return;
      await answered(() => engine[method](settings), settings);
    });
  });
}

test('schedulePreview, getData, estimateCost and forgetDataset: any arguments', async () => {
  await holds(fc.tuple(anySettings, hostileValue, hostileValue, fc.oneof(hostileValue, fc.constantFrom('runSweep', 'curvature', 'rangeTest'))),
    async (generated) => {
      const [settings, peak, steps, method] = materialize(generated);
      await answered(() => engine.schedulePreview(settings, peak, steps), [settings, peak, steps]);
      await answered(() => engine.getData(settings), settings);
      await answered(() => engine.estimateCost(method, settings), [method, settings]);
      await answered(() => engine.forgetDataset(peak), peak);
    });
});

test('loadCsv: any string as a CSV, with any options', async () => {
  // Warm-up: the engine's list of loaded datasets allocates its storage on first use.
  for (let i = 0; i < 6; i += 1) await engine.forgetDataset((await engine.loadCsv('a,b\n1,2\n3,4\n')).value.id);
  await holds(fc.tuple(anyCsv, fc.oneof(fc.constant(undefined), anySettings, fc.record({ target: hostileValue, name: hostileValue }))),
    async (generated) => {
      const [text, options] = materialize(generated);
      const result = await answered(() => engine.loadCsv(text, options), [text, options]);
      if (result.ok) assert.ok(result.value.rows >= 2 && result.value.features >= 1);
    });
});
