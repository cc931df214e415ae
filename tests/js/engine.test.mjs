// The engine API in Node, on the real WebAssembly build (web/engine/wasm/lrlab.node.cjs):
// the lesson's claims reproduce through the API, every bad input comes back as a clear
// error and the module keeps working, memory does not grow, and no code is generated
// from strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../web/engine/engine.js';

const engine = await loadEngine();

/** Unwraps an ok result, failing the test with the engine's message otherwise. */
function value(result) {
  assert.equal(result.ok, true, result.error);
  return result.value;
}

/** Asserts an error result whose message contains every fragment. */
function expectError(result, ...fragments) {
  assert.equal(result.ok, false, `expected an error containing ${fragments.join(' / ')}`);
  assert.equal(typeof result.error, 'string');
  for (const fragment of fragments) {
    assert.ok(result.error.includes(fragment), `"${result.error}" should contain "${fragment}"`);
  }
}

const runAt = (sweep, alpha) => sweep.runs.find((run) => Math.abs(run.learning_rate - alpha) < 1e-12 * alpha);

test('the worked example reproduces through the API on the house data', async () => {
  const raw = value(await engine.runSweep({ data: { dataset: 'house', scaling: 'none' } }));
  assert.deepEqual(raw.runs.map((r) => r.learning_rate).map((a) => Number(a.toPrecision(6))),
    [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1]);
  assert.equal(runAt(raw, 0.001).diagnosis.label, 'too_low');
  assert.equal(runAt(raw, 0.01).diagnosis.label, 'good');
  assert.ok(['unstable', 'diverged'].includes(runAt(raw, 0.1).diagnosis.label));
  assert.equal(runAt(raw, 0.1).diverged, true);

  const scaled = value(await engine.runSweep({ data: { dataset: 'house', scaling: 'z_score' } }));
  assert.equal(runAt(scaled, 0.1).diagnosis.label, 'good');
  assert.ok(scaled.recommended > raw.recommended, `${scaled.recommended} should exceed ${raw.recommended}`);
  // The recommendation sits below the theory's divergence bound in both cases.
  assert.ok(raw.recommended < raw.curvature.divergence_rate);
  assert.ok(scaled.recommended < scaled.curvature.divergence_rate);
});

test('curves leave the module as JS-owned Float64Array copies', async () => {
  const sweep = value(await engine.runSweep({ count: 2 }));
  const loss = sweep.runs[0].loss;
  assert.ok(loss instanceof Float64Array);
  assert.equal(loss.length, 200);
  const copy = Array.from(loss);
  // Growing the WASM memory would detach a live heap view; a copy keeps its values.
  const big = 'x,y\n' + Array.from({ length: 200000 }, (_, i) => `${i},${2 * i + 1}`).join('\n');
  value(await engine.loadCsv(big));
  assert.deepEqual(Array.from(loss), copy);
});

test('curvature bounds equal the eigenvalues of a 2×2 Hessian worked out by hand', async () => {
  // One feature x = 1, 2, 3, 4 → H = X̃ᵀX̃/m = [[E x², E x], [E x, 1]] = [[7.5, 2.5], [2.5, 1]].
  const csv = value(await engine.loadCsv('x,y\n1,3\n2,5\n3,7\n4,10\n'));
  const report = value(await engine.curvature({ data: { dataset: csv.id }, momentum: 0.9 })).report;
  const a = 7.5, b = 2.5, d = 1;
  const mean = (a + d) / 2, radius = Math.sqrt(((a - d) / 2) ** 2 + b * b);
  const lambdaMin = mean - radius, lambdaMax = mean + radius;
  const close = (x, y) => assert.ok(Math.abs(x - y) <= 1e-12 * Math.abs(y), `${x} vs ${y}`);
  assert.equal(report.exact, true);
  close(report.lambda_min, lambdaMin);
  close(report.lambda_max, lambdaMax);
  close(report.condition_number, lambdaMax / lambdaMin);
  close(report.zigzag_rate, 1 / lambdaMax);
  close(report.divergence_rate, 2 / lambdaMax);
  close(report.fastest_rate, 2 / (lambdaMin + lambdaMax));
  close(report.momentum_divergence_rate, (2 + 2 * 0.9) / lambdaMax);
});

test('contours of the house loss are ellipses around the least-squares optimum', async () => {
  const result = value(await engine.curvature({ data: { dataset: 'house', scaling: 'z_score' }, contour_count: 5 }));
  const { contours } = result;
  assert.equal(contours.ellipses.length, 5);
  assert.equal(contours.optimum.length, 3);
  for (let i = 1; i < 5; ++i) assert.ok(contours.ellipses[i].excess < contours.ellipses[i - 1].excess);
  const first = contours.ellipses[0];
  assert.ok(first.w1 instanceof Float64Array && first.w1.length === first.w2.length && first.w1.length > 8);
  // The outermost ellipse passes through the start (0, 0) of every run.
  const nearest = Math.min(...Array.from(first.w1, (w1, k) => Math.hypot(w1, first.w2[k])));
  assert.ok(nearest < 0.1 * Math.hypot(contours.optimum[0], contours.optimum[1]), `nearest ${nearest}`);
});

test('the range test stops on divergence and suggests rates inside the falling part', async () => {
  const r = value(await engine.rangeTest({ data: { dataset: 'house', scaling: 'z_score' },
    optimizer: { kind: 'sgd', batch_size: 16 } }));
  assert.equal(r.stopped_early, true);
  assert.ok(r.loss.length < 100);
  // fastai's exponential ramp: α_i = 1e-7 · (10 / 1e-7)^(i / 100)
  for (const i of [0, 10, 50]) {
    assert.ok(Math.abs(r.learning_rate[i] - 1e-7 * (1e8) ** (i / 100)) < 1e-9 * r.learning_rate[i]);
  }
  const minIndex = r.minimum_index;
  assert.ok(r.steepest_index < minIndex, 'steepest lies before the minimum');
  assert.ok(r.smoothed_loss[r.steepest_index + 1] < r.smoothed_loss[r.steepest_index], 'still falling');
  assert.ok(Math.abs(r.minimum_div10 - r.learning_rate[minIndex] / 10) < 1e-15);
  assert.ok(r.valley > r.learning_rate[0] && r.valley < r.learning_rate[minIndex]);
});

test('a single training run returns its schedule, diagnosis and parameter path', async () => {
  const out = value(await engine.runTraining({
    optimizer: { learning_rate: 0.05 }, steps: 10, record_params: true,
    schedule: { kind: 'step', gamma: 0.5, step_size: 5 },
  }));
  assert.equal(out.run.loss.length, 10);
  // Step decay: α_t = α · γ^⌊t / step_size⌋.
  assert.deepEqual(Array.from(out.run.rates), Array.from({ length: 10 }, (_, t) => 0.05 * 0.5 ** Math.floor(t / 5)));
  assert.equal(out.run.params.length, 11 * 3);
  assert.equal(typeof out.run.diagnosis.label, 'string');
  // One-cycle as PyTorch's OneCycleLR with its defaults: it starts at peak / div_factor (25)
  // and reaches the peak at the last step of the rising phase, step pct_start (0.3) · steps − 1.
  const peak = 1, steps = 100;
  const preview = value(await engine.schedulePreview({ kind: 'one_cycle' }, peak, steps));
  assert.ok(Math.abs(preview[0] - peak / 25) < 1e-12, `${preview[0]}`);
  assert.ok(Math.abs(preview[0.3 * steps - 1] - peak) < 1e-12, `${preview[0.3 * steps - 1]}`);
});

// ---- bad input: each gives its own message, and the next valid call still works ----

const validSweep = async () => value(await engine.runSweep({ count: 3 }));

const csvCases = [
  ['an empty file', '', ['empty']],
  ['no header row', '1,2\n3,4\n', ['line 1', 'name the columns']],
  ['a ragged row', 'a,b,c\n1,2,3\n4,5\n', ['line 3', '2 fields', 'header has 3']],
  ['a non-numeric cell', 'a,b\n1,2\n3,abc\n', ['line 3', 'column 2', "'b'", "'abc'", 'not a number']],
  ['a missing value', 'a,b\n1,2\n,4\n', ['line 3', 'column 1', 'missing value']],
  ['a single data row', 'a,b\n1,2\n', ['1 data row', 'at least 2']],
  ['an unknown target column', 'a,b\n1,2\n3,4\n', ['no column named', "'price'"], 'price'],
  ['a duplicate column name', 'a,a\n1,2\n3,4\n', ["'a'", 'columns 1 and 2']],
];
for (const [name, text, fragments, target] of csvCases) {
  test(`CSV with ${name} is rejected with its own message`, async () => {
    expectError(await engine.loadCsv(text, { target }), ...fragments);
    await validSweep();
  });
}

test('a CSV over 50 MB is rejected before parsing', async () => {
  const text = 'a,b\n' + '1,2\n'.repeat(Math.ceil((50 * 1024 * 1024) / 4) + 10);
  expectError(await engine.loadCsv(text), 'MB', 'limit is 50 MB');
  await validSweep();
});

test('a CSV with a BOM, ; separators, decimal commas and quoted fields loads', async () => {
  const text = '\uFEFF"front;age";"<b>depth</b>";price\r\n1,5;2;3\r\n2,5;3;"4,5"\r\n3;4;6\r\n';
  const csv = value(await engine.loadCsv(text));
  assert.deepEqual(csv.feature_names, ['front;age', '<b>depth</b>']);  // kept as text, not markup
  assert.equal(csv.rows, 3);
  value(await engine.runSweep({ data: { dataset: csv.id }, count: 2 }));
});

test('a constant column cannot be scaled and says which column', async () => {
  const csv = value(await engine.loadCsv('x1,x2,y\n1,5,1\n2,5,2\n3,5,4\n'));
  expectError(await engine.runSweep({ data: { dataset: csv.id, scaling: 'z_score' } }), "'x2'", 'constant', '5');
  await validSweep();
});

// Each case: the call, fragments of the message, and the setting the error names (`field`).
const settingsCases = [
  ['α ≤ 0', () => engine.runTraining({ optimizer: { learning_rate: -1 } }), ['learning rate must be in (0, 1000], got -1'], 'optimizer.learning_rate'],
  ['α = 0', () => engine.runTraining({ optimizer: { learning_rate: 0 } }), ['learning rate must be in (0, 1000], got 0'], 'optimizer.learning_rate'],
  ['α NaN', () => engine.runTraining({ optimizer: { learning_rate: NaN } }), ['learning rate must be in (0, 1000]'], 'optimizer.learning_rate'],
  ['α as text', () => engine.runTraining({ optimizer: { learning_rate: 'fast' } }), ['optimizer.learning_rate must be a number', '"fast"'], 'optimizer.learning_rate'],
  ['steps beyond the limit', () => engine.runTraining({ steps: 1e6 }), ['steps must be in [1, 10000]', '1000000'], 'steps'],
  ['fractional steps', () => engine.runTraining({ steps: 2.5 }), ['steps must be a whole number', '2.5'], 'steps'],
  ['a fractional batch size', () => engine.runSweep({ optimizer: { kind: 'sgd', batch_size: 1.5 } }), ['optimizer.batch_size must be a whole number'], 'optimizer.batch_size'],
  ['momentum of 1', () => engine.runSweep({ optimizer: { kind: 'momentum', momentum: 1 } }), ['momentum must be in [0, 1), got 1'], 'optimizer.momentum'],
  ['too many α in a sweep', () => engine.runSweep({ count: 500 }), ['[1, 25]', '500'], 'count'],
  ['sweep start ≤ 0', () => engine.runSweep({ start: 0 }), ['start learning rate must be in (0, 1000]'], 'start'],
  ['a sweep factor ≤ 1', () => engine.runSweep({ factor: 0.5 }), ['sweep factor must be in (1, 100]'], 'factor'],
  ['a sweep factor that is not a number', () => engine.runSweep({ factor: 'x7!' }), ['x3, x10 or a number', "'x7!'"], 'factor'],
  ['an unknown optimizer', () => engine.runSweep({ optimizer: { kind: 'adamw' } }), ["unknown optimizer 'adamw'", 'gd, sgd, momentum, nesterov, rmsprop, adam'], 'optimizer.kind'],
  ['an unknown schedule', () => engine.runTraining({ schedule: { kind: 'wavy' } }), ["unknown schedule 'wavy'", 'one_cycle'], 'schedule.kind'],
  ['an unknown scaling', () => engine.runSweep({ data: { scaling: 'log' } }), ["unknown scaling 'log'", 'z_score'], 'data.scaling'],
  ['an unknown model', () => engine.runSweep({ data: { model: 'svm' } }), ["unknown model 'svm'", 'linear, logistic, mlp'], 'data.model'],
  ['an unknown dataset', () => engine.runSweep({ data: { dataset: 'iris' } }), ["unknown dataset 'iris'", 'house'], 'data.dataset'],
  ['an unknown setting name', () => engine.runSweep({ windw: 5 }), ["unknown setting 'windw'", 'steps'], 'windw'],
  ['an unknown nested setting name', () => engine.runSweep({ optimizer: { momentun: 0.5 } }), ["unknown setting 'optimizer.momentun'", 'momentum'], 'optimizer.momentun'],
  ['mini-batch SGD without a batch size', () => engine.runSweep({ optimizer: { kind: 'sgd' } }), ['batch size between 1', '100'], 'optimizer.batch_size'],
  ['logistic regression on prices', () => engine.runSweep({ data: { model: 'logistic' } }), ['0/1 target', 'price'], 'data.model'],
  ['a schedule with bad settings', () => engine.runTraining({ schedule: { kind: 'step', gamma: 1.5 } }), ['gamma', '1.5'], 'schedule.gamma'],
  ['a warm-up longer than the run', () => engine.runTraining({ steps: 50, schedule: { kind: 'warmup_cosine', warmup_steps: 80 } }), ['warmup_steps', '49'], 'schedule.warmup_steps'],
  ['a data group that is not an object', () => engine.runSweep({ data: 'house' }), ['data must be an object'], 'data'],
  ['settings that are not an object', () => engine.runSweep(42), ['must be an object']],
];
for (const [name, call, fragments, field] of settingsCases) {
  test(`settings with ${name} are rejected with the valid range named`, async () => {
    const result = await call();
    expectError(result, ...fragments);
    assert.equal(result.field, field, `the error should name the setting '${field}'`);
    await validSweep();
  });
}
for (const [name, call, fragments] of settingsCases) {
  test(`settings with ${name} are rejected with the valid range named`, async () => {
    expectError(await call(), ...fragments);
    await validSweep();
  });
}

test('1,000 sweeps in a row leave the WASM heap unchanged', async () => {
  await validSweep();
  const before = value(await engine.memoryStats());
  for (let i = 0; i < 1000; ++i) await engine.runSweep();
  const after = value(await engine.memoryStats());
  assert.equal(after.heap_size, before.heap_size);
  assert.equal(after.in_use, before.in_use);
});

test('the module loads and runs with code generation from strings disallowed (CSP-clean), with the same result', async () => {
  const expected = value(await engine.runSweep()).recommended;
  const engineUrl = new URL('../../web/engine/engine.js', import.meta.url).href;
  const script = `
    const { loadEngine } = await import(${JSON.stringify(engineUrl)});
    const engine = await loadEngine();
    const sweep = await engine.runSweep();
    if (!sweep.ok) throw new Error(sweep.error);
    let blocked = false;
    try { new Function('return 1'); } catch { blocked = true; }
    console.log(JSON.stringify({ recommended: sweep.value.recommended, blocked }));`;
  const child = spawnSync(process.execPath,
    ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
  assert.equal(child.status, 0, child.stderr);
  const out = JSON.parse(child.stdout.trim().split('\n').pop());
  assert.equal(out.blocked, true, 'the flag must really block new Function');
  assert.equal(out.recommended, expected, 'the default sweep recommends the same α as without the flag');
});

test('getData returns the rows as the model sees them and in raw units', async () => {
  const raw = value(await engine.getData({ dataset: 'house' }));
  const scaled = value(await engine.getData({ dataset: 'house', scaling: 'z_score' }));
  const { rows, features } = scaled.summary;
  const listed = value(await engine.listDatasets()).find((d) => d.name === 'house');
  assert.equal(rows, listed.rows, 'as many rows as listDatasets reports');
  assert.equal(features, listed.features);
  assert.equal(raw.X.length, rows * features, 'X is rows × features, row-major');
  assert.equal(scaled.X_raw.length, raw.X.length);
  for (let i = 0; i < raw.X.length; ++i) assert.ok(Math.abs(scaled.X_raw[i] - raw.X[i]) < 1e-12 * Math.abs(raw.X[i]));
  for (let j = 0; j < features; ++j) {
    const column = Array.from({ length: rows }, (_, i) => scaled.X[i * features + j]);
    const mean = column.reduce((a, b) => a + b, 0) / rows;
    const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / rows;
    assert.ok(Math.abs(mean) < 1e-12 && Math.abs(variance - 1) < 1e-12, `column ${j}: ${mean}, ${variance}`);
  }
});
