// The settings schema the engine exports (cpp/lrlab/schema.hpp) on the real WASM build: the
// file the build writes is the engine's, its defaults are what the engine runs with, every
// range it states is the range the engine enforces (just inside accepted, just outside
// rejected, naming that setting), and the page's sections (web/sections.js) use only real
// engine settings, inside the engine's ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../web/engine/engine.js';
import * as sections from '../../web/sections.js';
import { schemaOf, engineSetting } from '../../web/state.js';

const engine = await loadEngine();
const { schema } = engine;

/** Every setting of a group: [path inside the call, description]. */
function settingsOf(group, prefix = '') {
  return Object.entries(group.fields).flatMap(([name, field]) => (field.type === 'group'
    ? settingsOf(field, `${prefix}${name}.`)
    : [[`${prefix}${name}`, field]]));
}

/** A config that sets `path` ("optimizer.momentum") to `value` over `base`. */
function withSetting(base, path, value) {
  const config = structuredClone(base);
  const parts = path.split('.');
  let node = config;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  node[parts.at(-1)] = value;
  return config;
}

// Small, fast calls; each setting is then changed on top of these.
const CALLS = {
  run: { base: { steps: 5 }, call: (c) => engine.runTraining(c) },
  sweep: { base: { steps: 5, count: 2 }, call: (c) => engine.runSweep(c) },
  range_test: { base: { iterations: 10 }, call: (c) => engine.rangeTest(c) },
  curvature: { base: {}, call: (c) => engine.curvature(c) },
  schedule: { base: {}, call: (c) => engine.schedulePreview(c, 0.1, 200), prefix: 'schedule.' },
};

/** The kind (of the optimizer, schedule or model) that reads the setting, set in the config. */
function forKind(callName, path, field, config) {
  if (!field.used_by) return config;
  const group = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
  const selector = group === 'data.' ? 'data.model' : `${group}kind`;
  let out = withSetting(config, selector, field.used_by[0]);
  if (field.used_by[0] === 'sgd' || (selector.endsWith('kind') && group === 'optimizer.')) out = withSetting(out, 'optimizer.batch_size', 16);
  if (callName === 'run' && group === 'schedule.') out = withSetting(out, 'steps', 200);
  return out;
}

test('the schema file the build wrote is the engine schema', () => {
  const file = JSON.parse(readFileSync(new URL('../../web/study/settings-schema.generated.json', import.meta.url), 'utf8'));
  assert.deepEqual(file, schema);
  assert.deepEqual(Object.keys(schema.calls), Object.keys(CALLS));
});

test('every call runs with the defaults the schema states, and they are the engine defaults', async () => {
  for (const [name, { call }] of Object.entries(CALLS)) {
    const result = await call(name === 'schedule' ? engine.defaults.schedule : engine.defaults[name]);
    assert.equal(result.ok, true, `${name}: ${result.error}`);
  }
  // Leaving everything out gives the same run as spelling out the schema's defaults.
  const implicit = await engine.runSweep({});
  const explicit = await engine.runSweep(engine.defaults.sweep);
  assert.deepEqual(explicit.value.runs.map((r) => r.final_loss), implicit.value.runs.map((r) => r.final_loss));
});

test('each range the schema states is the range the engine enforces, naming the setting', async () => {
  let checked = 0;
  for (const [callName, { base, call, prefix = '' }] of Object.entries(CALLS)) {
    for (const [path, field] of settingsOf(schema.calls[callName])) {
      if (field.type !== 'number' && field.type !== 'integer') continue;
      const step = field.type === 'integer' ? 1 : Math.max(1e-9, Math.abs(field.min ?? field.max ?? 1) * 1e-6);
      const config = (value) => forKind(callName, path, field, withSetting(base, path, value));
      if (field.min !== undefined) {
        const outside = field.min_open ? field.min : field.min - step;
        const result = await call(config(outside));
        assert.equal(result.ok, false, `${callName}.${path} = ${outside} should be rejected`);
        assert.equal(result.field, prefix + path, `${callName}.${path}: ${result.error}`);
        if (!field.min_open && !(callName === 'sweep' && path === 'end')) {
          const inside = await call(config(field.min));
          assert.ok(inside.ok || inside.field !== prefix + path, `${callName}.${path} = ${field.min} is allowed: ${inside.error}`);
        }
        checked++;
      }
      if (field.max !== undefined) {
        const outside = field.max_open ? field.max : field.max + step * Math.max(1, Math.abs(field.max) * 1e-6 / step);
        const result = await call(config(outside));
        assert.equal(result.ok, false, `${callName}.${path} = ${outside} should be rejected`);
        assert.equal(result.field, prefix + path, `${callName}.${path}: ${result.error}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 40, `${checked} bounds checked`);
});

test('a setting the chosen kind does not read is not checked', async () => {
  // momentum is read by momentum and nesterov only; rho by rmsprop only.
  assert.equal((await engine.runTraining({ steps: 5, optimizer: { kind: 'gd', momentum: 7, rho: -1 } })).ok, true);
  const rejected = await engine.runTraining({ steps: 5, optimizer: { kind: 'nesterov', momentum: 7 } });
  assert.equal(rejected.field, 'optimizer.momentum');
});

test('every choice the schema lists is accepted, and each call lists the engine name tables', async () => {
  const sweep = schema.calls.sweep.fields;
  assert.deepEqual(sweep.optimizer.fields.kind.choices, ['gd', 'sgd', 'momentum', 'nesterov', 'rmsprop', 'adam']);
  assert.deepEqual(sweep.data.fields.scaling.choices, ['none', 'min_max', 'z_score', 'center', 'unit_variance']);
  assert.deepEqual(sweep.data.fields.dataset.choices, (await engine.listDatasets()).value.map((d) => d.name));
  for (const kind of schema.calls.schedule.fields.kind.choices) {
    assert.equal((await engine.schedulePreview({ kind }, 0.1, 100)).ok, true, kind);
  }
  for (const factor of sweep.factor.choices) assert.equal((await engine.runSweep({ factor, count: 2, steps: 5 })).ok, true, factor);
});

test('the page sections use only engine settings, inside the engine ranges, with engine choices', () => {
  let fromEngine = 0;
  for (const section of Object.values(sections)) {
    for (const [key, field] of Object.entries(schemaOf(section))) {
      if (!field.engine) continue;
      fromEngine++;
      const found = engineSetting(field.engine);
      assert.ok(found, `${section}.${key}: '${field.engine}' is an engine setting`);
      const { setting } = found;
      if (field.type === 'int' || field.type === 'number') {
        assert.ok(setting.min === undefined || (setting.min_open ? field.min > setting.min : field.min >= setting.min), `${section}.${key} min`);
        assert.ok(setting.max === undefined || (setting.max_open ? field.max < setting.max : field.max <= setting.max), `${section}.${key} max`);
        assert.ok(field.default >= field.min && field.default <= field.max, `${section}.${key} default inside its range`);
        assert.equal(field.type === 'int', setting.type === 'integer', `${section}.${key}: whole numbers as the engine`);
      }
      if (field.type === 'enum' && setting.type === 'choice') {
        for (const [value] of field.choices) assert.ok(setting.choices.includes(value), `${section}.${key}: '${value}' is an engine choice`);
      }
    }
  }
  assert.ok(fromEngine >= 40, `${fromEngine} page settings come from the engine`);
});

test('the diagnosis thresholds in the schema are the ones the engine judges by', async () => {
  const t = schema.thresholds;
  assert.ok(t && t.noise_cost > 0 && t.default_sweep_seeds >= 2, JSON.stringify(t));
  // A mini-batch sweep runs default_sweep_seeds batch orders per α …
  const sweep = (await engine.runSweep({ data: { dataset: 'house', scaling: 'z_score' }, optimizer: { kind: 'sgd', batch_size: 1 }, count: 10 })).value;
  for (const run of sweep.runs) assert.equal(run.band.final_losses.length, t.default_sweep_seeds);
  // … and calls a stable α above the best "oscillating" exactly when its median ends more than noise_cost above the best's.
  const best = sweep.runs[sweep.best_index].band.median;
  for (const run of sweep.runs.slice(sweep.best_index + 1)) {
    if (run.band.diverged) continue;
    assert.equal(run.diagnosis.label === 'oscillating', run.band.median > (1 + t.noise_cost) * best, `α = ${run.learning_rate}`);
  }
  // too_low below the best: under too_low_progress of the best run's progress (or almost flat).
  for (const run of sweep.runs.slice(0, sweep.best_index)) {
    if (run.diagnosis.progress < t.too_low_progress) assert.equal(run.diagnosis.label, 'too_low', `α = ${run.learning_rate}`);
  }
});
