// Validates the lesson content in web/content/ against its schema (web/content/README.md),
// fills every {fact} from the Node engine, and runs every failure-mode trigger and remedy and
// every drill setup through the engine to check the content says what the engine shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEngine } from '../../web/engine/engine.js';
import * as sections from '../../web/sections.js';
import { schemaOf } from '../../web/state.js';
import {
  computeFacts, fillFacts, placeholdersIn, FACT_NAMES, DRILL_FIELDS, remedyWorks, triggerFails, drillValues,
} from '../../web/study/facts.js';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const json = (name) => JSON.parse(read(`web/content/${name}`));

const concepts = json('concepts.json');
const cards = json('cards.json');
const interview = json('interview.json');
const workflow = json('workflow.json');
const failureModes = json('failure-modes.json');
const drills = json('drills.json');

const LABELS = ['too_low', 'good', 'oscillating', 'unstable', 'diverged'];
const TIERS = ['beginner', 'intermediate', 'expert'];
/** The concept ids the labs emit through activity(). */
const LAB_CONCEPTS = ['sweep-workflow', 'curve-shapes', 'largest-stable', 'feature-scaling', 'batch-noise',
  'momentum-adam', 'stability-bound', 'range-test', 'schedules', 'warmup'];

/** Page anchor → [module file, settings section]. */
const LABS = {
  sweep: ['web/modules/sweep-lab.js', 'sweep'],
  scaling: ['web/modules/scaling-lab.js', 'scaling'],
  'range-test': ['web/modules/range-test.js', 'range'],
  schedules: ['web/modules/schedules.js', 'schedules'],
  optimizers: ['web/modules/optimizers.js', 'optimizers'],
};

/** The section name and the keys of a lab's settings (web/sections.js, the ones the labs use). */
function schemaKeys(file) {
  const source = read(file);
  const constant = source.match(/export const SECTION = (\w+);/)?.[1];
  assert.ok(constant && sections[constant], `${file} takes its section from web/sections.js`);
  const section = sections[constant];
  return { section, keys: new Set(Object.keys(schemaOf(section))) };
}

function nonEmpty(value, what) {
  assert.equal(typeof value, 'string', `${what} is text`);
  assert.ok(value.trim().length > 0, `${what} is not empty`);
}

function uniqueIds(list, what) {
  const ids = list.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, `${what} ids are unique`);
  for (const id of ids) assert.match(id, /^[a-z0-9][a-z0-9-]*$/, `${what} id '${id}' is a slug`);
}

/** Every text field of the content, with where it is. */
function texts() {
  const out = [];
  for (const c of concepts) out.push([`concept ${c.id}`, c.title], [`concept ${c.id}`, c.summary]);
  for (const c of cards) out.push([`card ${c.id}`, c.front], [`card ${c.id}`, c.back]);
  for (const q of interview) out.push([`question ${q.id}`, q.question], [`question ${q.id}`, q.answer], [`question ${q.id}`, q.senior_angle], [`question ${q.id}`, q.lab.label]);
  for (const s of workflow) out.push([`step ${s.id}`, s.title], [`step ${s.id}`, s.detail]);
  for (const f of failureModes) {
    out.push([`scenario ${f.id}`, f.title], [`scenario ${f.id}`, f.symptom]);
    for (const r of f.remedies) out.push([`remedy ${f.id}/${r.id}`, r.label], [`remedy ${f.id}/${r.id}`, r.explanation]);
  }
  return out;
}

test('concepts: schema, unique ids, the labs\' concept ids exist', () => {
  assert.ok(concepts.length >= 12);
  uniqueIds(concepts, 'concept');
  for (const c of concepts) { nonEmpty(c.title, `${c.id}.title`); nonEmpty(c.summary, `${c.id}.summary`); }
  const ids = new Set(concepts.map((c) => c.id));
  for (const id of LAB_CONCEPTS) assert.ok(ids.has(id), `concept '${id}' (emitted by a lab) exists`);
});

test('the concept ids the labs emit are all declared', () => {
  const ids = new Set(concepts.map((c) => c.id));
  for (const file of ['sweep-lab', 'scaling-lab', 'range-test', 'schedules', 'optimizers']) {
    const source = read(`web/modules/${file}.js`);
    for (const m of source.matchAll(/activity\([^,]+,\s*(?:[^)]*\?\s*)?'([a-z-]+)'(?:\s*:\s*'([a-z-]+)')?\)/g)) {
      for (const id of [m[1], m[2]].filter(Boolean)) assert.ok(ids.has(id), `${file}.js emits '${id}', a known concept`);
    }
  }
});

test('cards: ≥ 24, schema, every concept covered', () => {
  assert.ok(cards.length >= 24, `${cards.length} cards`);
  uniqueIds(cards, 'card');
  const ids = new Set(concepts.map((c) => c.id));
  for (const c of cards) {
    assert.ok(ids.has(c.concept), `card ${c.id}: concept '${c.concept}' exists`);
    nonEmpty(c.front, `${c.id}.front`);
    nonEmpty(c.back, `${c.id}.back`);
    assert.ok(c.front.trim().endsWith('?'), `card ${c.id}: the front is a question`);
  }
  for (const concept of concepts) {
    assert.ok(cards.some((c) => c.concept === concept.id), `concept ${concept.id} has a card`);
  }
});

test('interview: exactly the 5 SPEC questions with their tiers, and lab links with real keys', () => {
  const expected = [
    ['beginner', 'How do you systematically choose a learning rate for gradient descent?'],
    ['beginner', 'What does it mean if the cost oscillates during training?'],
    ['intermediate', 'Why does feature scaling affect the optimal learning rate?'],
    ['expert', 'What does an LR warm-up phase solve in practice?'],
    ['expert', 'How would you explain this in a production interview, with tradeoffs?'],
  ];
  assert.equal(interview.length, 5);
  uniqueIds(interview, 'question');
  interview.forEach((q, i) => {
    assert.ok(TIERS.includes(q.tier));
    assert.equal(q.tier, expected[i][0], `question ${i + 1} tier`);
    assert.equal(q.question, expected[i][1], `question ${i + 1} text`);
    nonEmpty(q.answer, `${q.id}.answer`);
    nonEmpty(q.senior_angle, `${q.id}.senior_angle`);
    const sentences = q.senior_angle.split(/(?<=[.!?])\s+/).filter(Boolean).length;
    assert.ok(sentences >= 2 && sentences <= 4, `${q.id}: senior angle has 2–4 sentences (${sentences})`);
    assert.ok(q.lab && LABS[q.lab.section], `${q.id}: lab section '${q.lab?.section}' is a lab`);
    nonEmpty(q.lab.label, `${q.id}.lab.label`);
    const { section, keys } = schemaKeys(LABS[q.lab.section][0]);
    assert.equal(section, LABS[q.lab.section][1]);
    assert.ok(!q.lab.hash.startsWith('#'));
    for (const part of q.lab.hash.split('&')) {
      const [name, value] = part.split('=');
      const [prefix, key] = name.split('.');
      assert.equal(prefix, section, `${q.id}: '${name}' belongs to section ${section}`);
      assert.ok(keys.has(key), `${q.id}: '${key}' is a key of the ${section} schema`);
      assert.ok(value !== undefined && value !== '', `${q.id}: '${name}' has a value`);
    }
  });
});

test('workflow: 5 steps in order', () => {
  assert.equal(workflow.length, 5);
  uniqueIds(workflow, 'step');
  for (const s of workflow) { nonEmpty(s.title, `${s.id}.title`); nonEmpty(s.detail, `${s.id}.detail`); }
  assert.deepEqual(workflow.map((s) => s.id), ['start-small', 'log-scale', 'short-windows', 'compare-curves', 'pick-largest']);
});

test('failure modes: schema', () => {
  assert.ok(failureModes.length >= 5);
  uniqueIds(failureModes, 'scenario');
  for (const f of failureModes) {
    nonEmpty(f.title, `${f.id}.title`);
    nonEmpty(f.symptom, `${f.id}.symptom`);
    assert.equal(typeof f.trigger, 'object');
    assert.ok(f.remedies.length >= 3 && f.remedies.length <= 4, `${f.id}: 3–4 remedies`);
    uniqueIds(f.remedies, `${f.id} remedy`);
    assert.ok(f.remedies.some((r) => r.works === false), `${f.id}: at least one remedy does not work`);
    assert.ok(f.remedies.some((r) => r.works === true), `${f.id}: at least one remedy works`);
    for (const r of f.remedies) {
      nonEmpty(r.label, `${f.id}/${r.id}.label`);
      nonEmpty(r.explanation, `${f.id}/${r.id}.explanation`);
      assert.equal(typeof r.works, 'boolean');
      assert.equal(typeof r.config, 'object');
    }
  }
});

test('drills: schema', () => {
  assert.ok(drills.length >= 4);
  uniqueIds(drills, 'drill');
  for (const d of drills) {
    assert.ok(['label-curve', 'largest-stable'].includes(d.kind), `${d.id}: kind`);
    nonEmpty(d.title, `${d.id}.title`);
    nonEmpty(d.prompt, `${d.id}.prompt`);
    nonEmpty(d.explanation, `${d.id}.explanation`);
    assert.equal(typeof d.setup, 'object');
    if (d.kind === 'label-curve') {
      assert.ok(Array.isArray(d.choices) && d.choices.length >= 2);
      for (const c of d.choices) assert.ok(LABELS.includes(c), `${d.id}: choice ${c}`);
    }
    for (const v of d.variants || []) { nonEmpty(v.label, `${d.id} variant label`); assert.equal(typeof v.patch, 'object'); }
  }
  assert.ok(drills.some((d) => d.kind === 'label-curve'));
  assert.ok(drills.some((d) => d.kind === 'largest-stable'));
});

test('every placeholder names a fact (drills may also use the drawn run\'s values)', () => {
  const known = new Set(FACT_NAMES);
  for (const [where, text] of texts()) {
    for (const name of placeholdersIn(text)) assert.ok(known.has(name), `${where}: {${name}} is a fact`);
    assert.ok(!/[{}]/.test(text.replace(/\{[a-z][a-z0-9_]*\}/g, '')), `${where}: no stray braces`);
  }
  const drillKnown = new Set([...FACT_NAMES, ...DRILL_FIELDS]);
  for (const d of drills) {
    for (const text of [d.title, d.prompt, d.explanation]) {
      for (const name of placeholdersIn(text)) assert.ok(drillKnown.has(name), `drill ${d.id}: {${name}} is known`);
    }
  }
});

const merge = (base, patch) => {
  const out = structuredClone(base);
  for (const [k, v] of Object.entries(patch || {})) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? merge(out[k] || {}, v) : v;
  }
  return out;
};

test('live facts: computed by the engine, every one finite, every text fills completely', async () => {
  const engine = await loadEngine();
  const facts = await computeFacts(engine);
  assert.deepEqual(Object.keys(facts).sort(), [...FACT_NAMES].sort());
  for (const name of FACT_NAMES) assert.ok(Number.isFinite(facts[name]), `${name} = ${facts[name]}`);
  // The numbers the text leans on say what the text says.
  assert.ok(facts.house_raw_largest_stable < facts.house_z_largest_stable, 'scaling moves the largest stable α up');
  assert.ok(facts.house_raw_largest_stable < facts.house_raw_divergence, 'the largest stable α is below 2/λmax');
  assert.ok(facts.house_raw_divergence < 0.1, 'α = 0.1 is above 2/λmax on raw features');
  assert.ok(facts.house_z_divergence > 0.1, 'α = 0.1 is below 2/λmax after z-scoring');
  assert.ok(facts.house_raw_kappa > facts.house_minmax_kappa && facts.house_minmax_kappa > facts.house_z_kappa);
  assert.equal(facts.gd_loss_flip_percent, 0, 'full-batch GD on a quadratic never saw-tooths');
  assert.ok(facts.sgd_loss_flip_percent > 0.3, 'batch-1 SGD saw-tooths');
  assert.ok(facts.house_z_sgd1_largest_stable < facts.house_z_sgd4_largest_stable);
  assert.ok(facts.house_z_sgd4_largest_stable <= facts.house_z_sgd16_largest_stable);
  assert.ok(Math.abs(facts.adam_first_step_w1 - 0.01) < 1e-4 && Math.abs(facts.adam_first_step_w2 - 0.01) < 1e-4, 'Adam\'s first step ≈ α');
  assert.ok(facts.worked_slow_drop_percent < facts.worked_good_drop_percent && facts.worked_scaled_drop_percent > 0.9);
  assert.ok(facts.warmup_adam_warm_final < facts.warmup_adam_plain_final, 'warm-up helps Adam on the MLP');
  assert.ok(facts.warmup_gd_warm_diverged_at > facts.warmup_gd_plain_diverged_at, 'warm-up only delays the explosion');
  for (const [where, text] of texts()) {
    const filled = fillFacts(text, facts);
    assert.ok(!/\{[a-z][a-z0-9_]*\}/.test(filled), `${where}: no placeholder left`);
    assert.ok(!filled.includes('—') || text.includes('—'), `${where}: no missing value`);
  }
});

test('failure modes: every trigger fails and every remedy does what its `works` flag says', async () => {
  const engine = await loadEngine();
  for (const f of failureModes) {
    const trigger = await engine.runTraining(f.trigger);
    assert.ok(trigger.ok, `${f.id}: trigger runs (${trigger.error})`);
    assert.ok(triggerFails(trigger.value), `${f.id}: the trigger shows a failure (${trigger.value.run.diagnosis.label})`);
    for (const r of f.remedies) {
      const remedy = await engine.runTraining(r.config);
      assert.ok(remedy.ok, `${f.id}/${r.id}: remedy runs (${remedy.error})`);
      assert.equal(remedyWorks(trigger.value, remedy.value), r.works,
        `${f.id}/${r.id}: works should be ${r.works} (label ${remedy.value.run.diagnosis.label}, final ${remedy.value.run.final_loss})`);
    }
  }
});

test('drills: every setup runs; label-curve sweeps mix labels; largest-stable has an answer on the ladder', async () => {
  const engine = await loadEngine();
  const facts = await computeFacts(engine);
  for (const d of drills) {
    for (const v of d.variants || [{ label: '', patch: {} }]) {
      const sweep = await engine.runSweep(merge(d.setup, v.patch));
      assert.ok(sweep.ok, `${d.id} ${v.label}: runs (${sweep.error})`);
      const s = sweep.value;
      if (d.kind === 'label-curve') {
        const labels = new Set(s.runs.map((run) => run.diagnosis.label));
        assert.ok(labels.size >= 2, `${d.id}: at least two different labels`);
        for (const label of labels) assert.ok(d.choices.includes(label), `${d.id}: '${label}' is a choice`);
      } else {
        assert.ok(s.recommended !== null, `${d.id} ${v.label}: a stable α exists`);
        assert.ok(s.runs.some((run) => run.learning_rate === s.recommended), `${d.id} ${v.label}: the answer is on the ladder`);
      }
      const filled = fillFacts(d.explanation, { ...facts, ...drillValues(s.runs[0], s) });
      assert.ok(!/\{[a-z][a-z0-9_]*\}/.test(filled), `${d.id}: explanation fills completely`);
    }
  }
});

test('fillFacts formats numbers, percentages and text, and never leaves a placeholder', () => {
  assert.equal(fillFacts('α = {a}, drop {b_percent}, {c}', { a: 0.0300001, b_percent: 0.5, c: 'text' }), 'α = 0.03, drop 50 %, text');
  assert.equal(fillFacts('missing {nope}', {}), 'missing —');
  assert.deepEqual(placeholdersIn('{a} and {b_c} but not {B}'), ['a', 'b_c']);
});
