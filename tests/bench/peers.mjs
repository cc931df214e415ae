// Peers of the engine, timed in the same Node process as LR Lab's WebAssembly build:
//   - TensorFlow.js 4.22 (tfjs-core with the cpu and the wasm backends) doing the same work as
//     the default sweep (house, raw features, full-batch GD, ×3 ladder from 1e-4, 9 α × 200
//     steps) and as the MLP sweep (non-linear data, z-scored, 8 tanh units, same ladder), from
//     the engine's own data and initial weights (checked: the first loss equals the engine's);
//   - a plain-JS implementation of the whole default-sweep call (tests/bench/js-sweep.mjs:
//     training on the Gram path, the curvature, the diagnosis), whose labels, best run, pick and
//     edge must equal the engine's (the script fails loudly when they differ).
// Writes its section of BENCHMARKS.md. Never asserts timings.
//
//   node tests/bench/peers.mjs        (./build-wasm.sh bench runs it)
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';
import { build } from 'esbuild';
import { loadEngine } from '../../web/engine/engine.js';
import { jsWholeSweep, ladder } from './js-sweep.mjs';
import { writeReport, median, fmt, time } from './report.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
// TensorFlow.js as an application ships it: one bundle of tfjs-core (its ES modules), its
// gradients (tfjs-core's Node build registers none: the @tensorflow/tfjs union package does) and
// both backends. esbuild writes it under build/ (not in git); Node loads it as CommonJS.
const bundle = `${root}build/bench/tfjs.cjs`;
await build({
  stdin: {
    contents: [
      "export * from '@tensorflow/tfjs-core';",
      "import '@tensorflow/tfjs-core/dist/register_all_gradients';",
      "import '@tensorflow/tfjs-backend-cpu';",
      "export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';",
    ].join('\n'),
    resolveDir: root, sourcefile: 'tfjs-entry.mjs', loader: 'js',
  },
  bundle: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], outfile: bundle, logLevel: 'warning',
});
const tf = createRequire(import.meta.url)(bundle);
// The wasm backend's .wasm files ship in its npm package: nothing is downloaded at run time.
tf.setWasmPaths(`${root}node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
const tfVersion = JSON.parse(readFileSync(`${root}node_modules/@tensorflow/tfjs-core/package.json`, 'utf8')).version;

// A full garbage collection before each timed LR Lab call, so the engine does not pay for
// TF.js's garbage (a TF.js sweep leaves thousands of small typed arrays behind). TF.js pays for
// its own, as in an application; it is not collected for (a forced GC before a TF.js sweep made
// it slower, not faster).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');
const fail = (message) => { console.error(`peers.mjs: ${message}`); process.exit(1); };


const engine = await loadEngine();
const base = engine.defaults.sweep;
const STEPS = base.steps, COUNT = base.count, START = base.start;
if (base.factor !== 'x3') fail(`the default sweep's ladder changed (${base.factor}): update js-sweep.mjs`);
const alphas = ladder(START, COUNT);

// ---- the two sweeps, as the engine runs them -------------------------------------------------
const houseSpec = base;  // house, raw features, linear, GD, 1e-4 ×3, 9 α, 200 steps
const mlpSpec = { ...base, data: { ...base.data, dataset: 'nonlinear', scaling: 'z_score', model: 'mlp' } };
const houseSweep = engine.raw.runSweep(houseSpec, undefined);
const mlpSweep = engine.raw.runSweep(mlpSpec, undefined);
if (!houseSweep.ok || !mlpSweep.ok) fail(`the engine's sweep failed: ${houseSweep.error || mlpSweep.error}`);
for (const [name, sweep] of [['default', houseSweep], ['MLP', mlpSweep]]) {
  const rates = sweep.value.runs.map((r) => r.learning_rate);
  if (rates.some((a, i) => Math.abs(a - alphas[i]) > 1e-12 * a)) fail(`the ${name} sweep's rates are not the ×3 ladder: ${rates}`);
}

// The data exactly as the engine's model sees it (scaled), row-major.
const houseData = (await engine.getData(houseSpec.data)).value;
const mlpData = (await engine.getData(mlpSpec.data)).value;
// The MLP's initial weights: θ₀ of a recorded run, [W₁ (h×d, row-major), b₁, w₂, b₂].
const hidden = mlpSpec.data.hidden_units;
const recorded = await engine.runTraining({ ...engine.defaults.run, data: mlpSpec.data, seed: mlpSpec.seed, steps: 1, record_params: true });
if (!recorded.ok) fail(`runTraining with record_params failed: ${recorded.error}`);
const theta0 = Array.from(recorded.value.run.params.slice(0, recorded.value.run.num_params));
if (theta0.length !== hidden * (mlpData.summary.features + 2) + 1) fail(`unexpected MLP parameter count ${theta0.length}`);

// ---- plain JS: the whole default-sweep call ------------------------------------------------
const { rows: hm, features: hd } = houseData.summary;
const jsResult = jsWholeSweep(houseData.X, houseData.y, hm, hd, { start: START, count: COUNT, steps: STEPS, momentum: base.optimizer.momentum });
{
  const e = houseSweep.value;
  const engineLabels = e.runs.map((r) => r.diagnosis.label), jsLabels = jsResult.runs.map((r) => r.diagnosis.label);
  const mismatch = [];
  if (engineLabels.join() !== jsLabels.join()) mismatch.push(`labels: engine ${engineLabels.join(' ')} / JS ${jsLabels.join(' ')}`);
  for (const key of ['best_index', 'recommended_index', 'edge_index']) {
    if (e[key] !== jsResult[key]) mismatch.push(`${key}: engine ${e[key]} / JS ${jsResult[key]}`);
  }
  if (Math.abs(e.curvature.lambda_max - jsResult.curvature.lambda_max) > 1e-9 * e.curvature.lambda_max) {
    mismatch.push(`λmax: engine ${e.curvature.lambda_max} / JS ${jsResult.curvature.lambda_max}`);
  }
  if (mismatch.length) fail(`the plain-JS sweep does not reproduce the engine's diagnosis:\n  ${mismatch.join('\n  ')}`);
}
const reasonsEqual = houseSweep.value.runs.every((r, i) => r.diagnosis.reason === jsResult.runs[i].diagnosis.reason) &&
  houseSweep.value.advice === jsResult.advice;

// ---- LR Lab and plain JS, same process, before the TF.js peers ------------------------------
// V8 compiles the engine's .wasm with its baseline tier first and optimises hot functions in the
// background: on a busy machine that takes seconds, so the engine runs a while before it is
// timed (as on the page, where the first sweeps run while the learner reads). TF.js's heap would
// then slow the engine's own JS allocations (curves copied out), so the engine is timed first.
for (let i = 0; i < 5; ++i) engine.raw.runSweep(mlpSpec, undefined);
for (let i = 0; i < 300; ++i) engine.raw.runSweep(houseSpec, undefined);
const lrHouseCall = time(() => engine.raw.runSweep(houseSpec, undefined), 50);
const lrMlpCall = time(() => engine.raw.runSweep(mlpSpec, undefined), 3);
const lrMlpKernel = median(Array.from({ length: 5 }, () => engine.raw.benchmarkSweep(mlpSpec, 3, false).value.ms_per_sweep));
const lrHouseKernel = median(Array.from({ length: 5 }, () => engine.raw.benchmarkSweep(houseSpec, 200, true).value.ms_per_sweep));
const lrHouseInside = median(Array.from({ length: 5 }, () => engine.raw.benchmarkKernel(houseSpec, 50).value.sweep_ms));
const jsWhole = time(() => jsWholeSweep(houseData.X, houseData.y, hm, hd, { start: START, count: COUNT, steps: STEPS }), 50);
console.log(`LR Lab runSweep(): default ${fmt(lrHouseCall)}, MLP ${fmt(lrMlpCall)}; plain JS whole default sweep ${fmt(jsWhole)}`);

// ---- TensorFlow.js: the same runs, written as a TF.js user would (tf.train.sgd) ------------
/**
 * One full-batch GD run per α from the same start: minimize() returns the loss at θ_t before
 * updating (the engine's order), read every step (the engine records every loss and stops at
 * 10⁴ × the start); the loss after the last step is evaluated too, as the engine does.
 */
function tfSweep(Xt, yt, m, init, forward) {
  const curves = [];
  for (const alpha of alphas) {
    const vars = init.map(({ values, shape }) => tf.variable(tf.tensor(values, shape, 'float32')));
    const f = () => tf.div(tf.sum(tf.square(tf.sub(forward(Xt, vars), yt))), 2 * m);
    const optimizer = tf.train.sgd(alpha);
    const loss = [];
    let limit = Infinity, diverged = false;
    for (let t = 0; t < STEPS; ++t) {
      const cost = optimizer.minimize(f, true, vars);
      const J = cost.dataSync()[0];
      cost.dispose();
      loss.push(J);
      if (t === 0) limit = 1e4 * Math.max(Math.abs(J), 1e-12);
      if (!Number.isFinite(J) || J > limit) { diverged = true; break; }
    }
    if (!diverged) {
      const last = tf.tidy(f);
      loss.push(last.dataSync()[0]);
      last.dispose();
    }
    optimizer.dispose();
    vars.forEach((v) => v.dispose());
    curves.push(loss);
  }
  return curves;
}

const linearForward = (X, [w, b]) => tf.add(tf.matMul(X, w), b);
const mlpForward = (X, [W1T, b1, w2, b2]) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(X, W1T), b1)), w2), b2);
const meanY = houseData.y.reduce((a, b) => a + b, 0) / hm;
const houseInit = [{ values: new Float32Array(hd), shape: [hd, 1] }, { values: [meanY], shape: [1] }];
const md = mlpData.summary.features, mm = mlpData.summary.rows;
const W1T = new Float32Array(md * hidden);
for (let k = 0; k < hidden; ++k) for (let j = 0; j < md; ++j) W1T[j * hidden + k] = theta0[k * md + j];
const mlpInit = [
  { values: W1T, shape: [md, hidden] },
  { values: theta0.slice(hidden * md, hidden * md + hidden), shape: [hidden] },
  { values: theta0.slice(hidden * md + hidden, hidden * md + 2 * hidden), shape: [hidden, 1] },
  { values: [theta0[hidden * md + 2 * hidden]], shape: [1] },
];

const rel = (a, b) => Math.abs(a - b) / Math.abs(b);
const tfResults = {};
for (const backend of ['cpu', 'wasm']) {
  if (!(await tf.setBackend(backend))) fail(`TensorFlow.js backend ${backend} did not start`);
  await tf.ready();
  const Xh = tf.tensor2d(Float32Array.from(houseData.X), [hm, hd], 'float32'), yh = tf.tensor2d(Float32Array.from(houseData.y), [hm, 1], 'float32');
  const Xm = tf.tensor2d(Float32Array.from(mlpData.X), [mm, md], 'float32'), ym = tf.tensor2d(Float32Array.from(mlpData.y), [mm, 1], 'float32');
  const check = (name, curves, sweep) => {
    // Same data, same start: the first loss must be the engine's (TF.js computes in float32).
    const first = rel(curves[0][0], sweep.value.runs[0].loss[0]);
    if (!(first <= 2e-6)) fail(`TF.js ${backend}, ${name}: first loss ${curves[0][0]} differs from the engine's ${sweep.value.runs[0].loss[0]} (relative ${first})`);
    const pick = sweep.value.recommended_index;
    const engineCurve = sweep.value.runs[pick].loss;
    return { first, pickLast: rel(curves[pick][engineCurve.length - 1], engineCurve[engineCurve.length - 1]), steps: curves.reduce((a, c) => a + c.length, 0) };
  };
  const houseCheck = check('default sweep', tfSweep(Xh, yh, hm, houseInit, linearForward), houseSweep);
  const mlpCheck = check('MLP sweep', tfSweep(Xm, ym, mm, mlpInit, mlpForward), mlpSweep);
  // Paired samples: each TF.js sweep is followed by LR Lab's runSweep() of the same sweep, so
  // both see the same load (this machine's load drifts within a minute); one warm-up pair first.
  const before = tf.memory().numTensors;
  const pairs = { house: { tf: [], lr: [] }, mlp: { tf: [], lr: [] } };
  const sweeps = [
    ['house', () => tfSweep(Xh, yh, hm, houseInit, linearForward), houseSpec, 20],
    ['mlp', () => tfSweep(Xm, ym, mm, mlpInit, mlpForward), mlpSpec, 1],
  ];
  for (let s = 0; s <= 5; ++s) {
    for (const [key, tfRun, spec, inner] of sweeps) {
      let t0 = performance.now();
      tfRun();
      const tfMs = performance.now() - t0;
      collect();
      t0 = performance.now();
      for (let i = 0; i < inner; ++i) engine.raw.runSweep(spec, undefined);
      const lrMs = (performance.now() - t0) / inner;
      if (s > 0) { pairs[key].tf.push(tfMs); pairs[key].lr.push(lrMs); }
    }
  }
  tfResults[backend] = {
    house: median(pairs.house.tf), lrHouse: median(pairs.house.lr),
    mlp: median(pairs.mlp.tf), lrMlp: median(pairs.mlp.lr),
    houseCheck, mlpCheck,
    leaked: tf.memory().numTensors - before,
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  };
  tf.dispose([Xh, yh, Xm, ym]);
  const r = tfResults[backend];
  console.log(`TF.js ${backend}: default ${fmt(r.house)} (LR Lab beside it ${fmt(r.lrHouse)}), MLP ${fmt(r.mlp)} (LR Lab ${fmt(r.lrMlp)})`);
}

// ---- report ---------------------------------------------------------------------------------
const met = (ok) => (ok ? 'met' : 'not met');
const ratio = (x) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
const load = os.loadavg().map((x) => x.toFixed(1)).join(', ');
const lines = [
  '### Peers in Node: TensorFlow.js and plain JS',
  '',
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length}× ${os.cpus()[0].model.trim()}, ${os.type()} ${os.release()}, Node ${process.version} (load average ${load}).`,
  `TensorFlow.js ${tfVersion} (\`@tensorflow/tfjs-core\` with \`tfjs-backend-cpu\` and \`tfjs-backend-wasm\`; wasm: SIMD ${tfResults.wasm.simd ? 'on' : 'off'}, threads ${tfResults.wasm.threads ? 'on' : 'off'} in Node), float32; LR Lab: the Node build of the engine, float64.`,
  'Medians of 5 paired samples per backend (a TF.js sweep, then LR Lab\'s `runSweep()` of the same sweep; after a checked sweep and a warm-up pair); plain JS and the warm-engine figures: medians of 9 samples.',
  '',
  '#### LR Lab against TensorFlow.js, same work, same process',
  '',
  `Each sweep is ${COUNT} α (×3 ladder from ${START}) × ${STEPS} full-batch GD steps from one start, the loss read every step (divergence stop at 10⁴ × the start, as the engine).`,
  `Same data (the engine's \`getData\`), same start (MLP: the engine's θ₀ from \`runTraining\` with \`record_params\`), checked: TF.js's first loss equals the engine's to`,
  `${tfResults.cpu.mlpCheck.first.toExponential(1)} (cpu) / ${tfResults.wasm.mlpCheck.first.toExponential(1)} (wasm) relative on the MLP and ${tfResults.cpu.houseCheck.first.toExponential(1)} / ${tfResults.wasm.houseCheck.first.toExponential(1)} on the default sweep; after the pick's whole run the float32 loss differs by`,
  `${tfResults.cpu.mlpCheck.pickLast.toExponential(1)} / ${tfResults.wasm.mlpCheck.pickLast.toExponential(1)} (MLP) and ${tfResults.cpu.houseCheck.pickLast.toExponential(1)} / ${tfResults.wasm.houseCheck.pickLast.toExponential(1)} (default).`,
  'LR Lab\'s figure is the whole `runSweep()` API call (data generated and scaled, swept, diagnosed, curves copied out); the kernel timed inside the module is given below the table.',
  '',
  '| sweep | TF.js backend | TF.js sweep | LR Lab `runSweep()`, paired | **TF.js ÷ LR Lab** |',
  '|---|---|---|---|---|',
  ...['cpu', 'wasm'].map((b) => `| default (house, raw, linear, GD) | ${b} | ${fmt(tfResults[b].house)} | ${fmt(tfResults[b].lrHouse)} | **${ratio(tfResults[b].house / tfResults[b].lrHouse)}×** |`),
  ...['cpu', 'wasm'].map((b) => `| MLP (non-linear data, z-scored, ${hidden} tanh units, GD) | ${b} | ${fmt(tfResults[b].mlp)} | ${fmt(tfResults[b].lrMlp)} | **${ratio(tfResults[b].mlp / tfResults[b].lrMlp)}× (${met(tfResults[b].mlp / tfResults[b].lrMlp >= 10)})** |`),
  '',
  `Before the TF.js runs, on a warm engine: LR Lab's \`runSweep()\` takes ${fmt(lrHouseCall)} (default) and ${fmt(lrMlpCall)} (MLP); the sweep kernel timed inside the module (\`benchmarkSweep\`) ${fmt(lrHouseKernel)} and ${fmt(lrMlpKernel)}.`,
  '',
  `SPEC §4: the MLP sweep ≥ 10× faster than TensorFlow.js on both backends: **${met(['cpu', 'wasm'].every((b) => tfResults[b].mlp / tfResults[b].lrMlp >= 10))}**.`,
  '',
  '#### Plain JS against the whole `runSweep()` call (default sweep)',
  '',
  'The plain-JS peer (`tests/bench/js-sweep.mjs`) does the whole work of the call: Gram statistics and J*, 9 runs on the Gram path,',
  'the eigenvalues of the 3×3 Hessian (λmax, κ and the rates), the diagnosis (every label, the best run, the pick, the edge, the reasons and the advice).',
  `Checked in this run: its labels, best run, pick and edge equal the engine's (the script stops otherwise); reasons and advice ${reasonsEqual ? 'are identical too' : 'differ in wording only'}.`,
  '',
  '| implementation | whole default sweep |',
  '|---|---|',
  `| LR Lab, \`runSweep()\` API call from JS (also generates and scales the data, copies 9 curves out) | ${fmt(lrHouseCall)} |`,
  `| LR Lab, \`run_sweep\` timed inside the module (\`benchmarkKernel\`, no marshalling) | ${fmt(lrHouseInside)} |`,
  `| plain JS, same work (data given) | ${fmt(jsWhole)} |`,
  `| **plain JS ÷ LR Lab call** | **${(jsWhole / lrHouseCall).toFixed(2)}** |`,
];
writeReport('tests/bench/peers.mjs', lines.join('\n'));
