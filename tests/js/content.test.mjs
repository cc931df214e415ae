// Validates the lesson content in web/content/ against its schema (web/content/README.md),
// fills every {fact} from the Node engine, and runs every failure-mode trigger and remedy and
// every drill setup through the engine to check the content says what the engine shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { loadEngine } from '../../web/engine/engine.js';
import * as sections from '../../web/sections.js';
import { engineSchema, schemaOf } from '../../web/state.js';
import {
  computeFacts, fillFacts, placeholdersIn, FACT_NAMES, DRILL_FIELDS, remedyWorks, triggerFails, drillValues,
} from '../../web/study/facts.js';
import { CONCEPTS, LAB_CONCEPTS } from '../../web/modules/concepts.js';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const json = (name) => JSON.parse(read(`web/content/${name}`));

const concepts = json('concepts.json');
const cards = json('cards.json');
const interview = json('interview.json');
const workflow = json('workflow.json');
const failureModes = json('failure-modes.json');
const drills = json('drills.json');

// The engine's diagnosis labels (its name table, through the settings schema).
const LABELS = engineSchema.labels;
const TIERS = ['beginner', 'intermediate', 'expert'];

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

test('concepts: ≥ 12, schema, unique slug ids', () => {
  assert.ok(concepts.length >= 12);
  uniqueIds(concepts, 'concept');
  for (const c of concepts) { nonEmpty(c.title, `${c.id}.title`); nonEmpty(c.summary, `${c.id}.summary`); }
});

test('every concept id a lab announces (web/modules/concepts.js) exists in concepts.json', () => {
  const ids = new Set(concepts.map((c) => c.id));
  assert.ok(Object.keys(LAB_CONCEPTS).length > 0);
  for (const [tag, list] of Object.entries(LAB_CONCEPTS)) {
    assert.ok(list.length > 0, `${tag} announces at least one concept`);
    for (const id of list) assert.ok(ids.has(id), `${tag} announces '${id}', which concepts.json declares`);
  }
  for (const [name, id] of Object.entries(CONCEPTS)) assert.ok(ids.has(id), `CONCEPTS.${name} = '${id}' is declared`);
});

test('every concept in concepts.json is announced by at least one lab (each can be ticked)', () => {
  const announced = new Set(Object.values(LAB_CONCEPTS).flat());
  for (const c of concepts) assert.ok(announced.has(c.id), `concept '${c.id}' is announced by some lab`);
  for (const [name, id] of Object.entries(CONCEPTS)) assert.ok(announced.has(id), `CONCEPTS.${name} is used by some lab`);
});

/** Module files by the custom element they define. */
function moduleFiles() {
  const files = new Map();
  for (const name of readdirSync(new URL('web/modules/', root))) {
    if (!name.endsWith('.js')) continue;
    const source = read(`web/modules/${name}`);
    for (const m of source.matchAll(/\bdefine\(\s*'(lr-lab-[a-z-]+)'/g)) files.set(m[1], { name, source });
  }
  return files;
}

test('each lab references exactly the CONCEPTS of its LAB_CONCEPTS entry, and passes no concept id as a string literal', () => {
  const files = moduleFiles();
  const nameOf = new Map(Object.entries(CONCEPTS).map(([name, id]) => [id, name]));
  const ids = concepts.map((c) => c.id);
  for (const [tag, list] of Object.entries(LAB_CONCEPTS)) {
    const file = files.get(tag);
    assert.ok(file, `a file in web/modules defines <${tag}>`);
    const expected = new Set(list.map((id) => nameOf.get(id)));
    const referenced = new Set([...file.source.matchAll(/\bCONCEPTS\.([A-Za-z]+)/g)].map((m) => m[1]));
    assert.deepEqual([...referenced].sort(), [...expected].sort(), `${file.name}: CONCEPTS.* used = the list for ${tag}`);
    for (const line of file.source.split('\n').filter((l) => /\bactivity\(|\.add\(/.test(l))) {
      for (const id of ids) {
        assert.ok(!line.includes(`'${id}'`) && !line.includes(`"${id}"`), `${file.name}: use CONCEPTS, not '${id}': ${line.trim()}`);
      }
    }
  }
  // A module that announces activity must be in the table.
  for (const [tag, file] of files) {
    if (/\bthis\.activity\(/.test(file.source)) assert.ok(tag in LAB_CONCEPTS, `${file.name} calls activity(): list <${tag}> in LAB_CONCEPTS`);
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
  for (const name of FACT_NAMES) {
    if (name.endsWith('_label')) assert.ok(typeof facts[name] === 'string' && facts[name].length > 0, `${name} = ${facts[name]}`);
    else assert.ok(Number.isFinite(facts[name]), `${name} = ${facts[name]}`);
  }
  // The numbers the text leans on say what the text says.
  assert.ok(facts.house_raw_largest_stable < facts.house_z_largest_stable, 'scaling moves the largest stable α up');
  assert.ok(facts.house_raw_largest_stable < facts.house_raw_divergence, 'the largest stable α is below 2/λmax');
  for (const scaling of ['raw', 'minmax', 'z']) {
    assert.ok(facts[`house_${scaling}_largest_stable`] < facts[`house_${scaling}_divergence`], `${scaling}: the pick sits below 2/λmax`);
  }
  assert.ok(facts.house_raw_largest_stable < facts.house_raw_divergence / 2, 'raw: the pick sits well below 2/λmax, not just below it');
  assert.ok(facts.house_center_kappa < facts.house_raw_kappa / 10, 'centring alone removes most of the ill-conditioning on house');
  assert.ok(facts.house_unit_variance_kappa > facts.house_center_kappa * 10, 'dividing by the spread alone does not');
  assert.ok(facts.house_raw_fastest < facts.house_raw_divergence && facts.house_raw_fastest > facts.house_raw_zigzag, 'the fastest rate lies between 1/λmax and 2/λmax');
  assert.ok(facts.house_z_divergence > 1e-4 * 100, 'with scaled features 2/λmax is far above the 1e-4 start');
  assert.ok(facts.house_raw_divergence < 0.1, 'α = 0.1 is above 2/λmax on raw features');
  assert.ok(facts.house_z_divergence > 0.1, 'α = 0.1 is below 2/λmax after z-scoring');
  assert.ok(facts.house_raw_kappa > facts.house_minmax_kappa && facts.house_minmax_kappa > facts.house_z_kappa);
  assert.equal(facts.gd_loss_flip_percent, 0, 'full-batch GD on a quadratic never saw-tooths');
  assert.ok(facts.sgd_loss_flip_percent > 0.3, 'batch-1 SGD saw-tooths');
  // Batch noise (cards batch-noise-*, drill stable-batch-size, interview cost-oscillates): the
  // edge "hardly moves" — each batch size breaks within one ×3 step of full batch — while the
  // noise floor at α = 0.3 falls strictly as the batch grows, down to GD's; the picks grow
  // with the batch; α = 0.1 at batch 1 is "good" on the full-data loss; 0.3 is past the
  // best α at every batch size, so its floor is noise, not slowness.
  for (const b of [1, 4, 16]) {
    const edge = facts[`house_z_sgd${b}_edge`];
    assert.ok(edge <= facts.house_z_edge && edge >= facts.house_z_edge / 3 - 1e-12, `batch ${b}: edge ${edge} within one ×3 step of GD's ${facts.house_z_edge}`);
    assert.ok(facts[`house_z_sgd${b}_largest_stable`] < edge, `batch ${b}: the pick lies below the edge`);
  }
  assert.ok(facts.house_z_sgd1_floor > facts.house_z_sgd4_floor && facts.house_z_sgd4_floor > facts.house_z_sgd16_floor &&
            facts.house_z_sgd16_floor > facts.house_z_gd_floor, 'the noise floor falls as the batch grows');
  assert.ok(facts.house_z_sgd1_largest_stable <= facts.house_z_sgd4_largest_stable &&
            facts.house_z_sgd4_largest_stable <= facts.house_z_sgd16_largest_stable, 'the picks grow with the batch');
  assert.ok(facts.house_z_sgd1_largest_stable < 0.3 && facts.house_z_sgd1_edge > 0.3, 'α = 0.3 at batch 1: stable but not picked (noise cost)');
  assert.equal(facts.house_z_sgd1_alpha01_label, 'good', 'card batch-noise-sawtooth calls α = 0.1 at batch 1 a good α');
  // ×3 vs ×10 (card ladder-x3-x10): the ×10 ladder stops one decade-step short, the ×3 ladder
  // takes the rung between, and both sit below 2/λmax, which lies between 0.01 and 0.1.
  assert.ok(Math.abs(facts.house_raw_largest_stable_x10 - 0.01) < 1e-12 && Math.abs(facts.house_raw_largest_stable - 0.03) < 1e-12,
    `raw house: ×10 picks ${facts.house_raw_largest_stable_x10}, ×3 picks ${facts.house_raw_largest_stable}`);
  assert.ok(facts.house_raw_divergence > 0.03 && facts.house_raw_divergence < 0.1);
  // Failure mode explosion-unscaled / step decay: 0.1 is above the bound, the halved rate below it.
  assert.ok(0.1 > facts.house_raw_divergence && 0.1 * 0.5 < facts.house_raw_divergence);
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

// ---- index.html: the page's own text ----

/** The visible text of index.html's body, with each <span data-fact> replaced by {name}. */
function pageText() {
  const html = read('index.html');
  const body = html.slice(html.indexOf('<body'), html.indexOf('</body>'));
  return body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<span data-fact="([^"]*)">[^<]*<\/span>/g, '{$1}')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;/g, ' ');
}

test('index.html: every data-fact names a fact that facts.js computes', () => {
  const html = read('index.html');
  const names = [...html.matchAll(/data-fact="([^"]*)"/g)].map((m) => m[1]);
  assert.ok(names.length >= 5, `index.html shows live facts (${names.length})`);
  const known = new Set(FACT_NAMES);
  for (const name of names) assert.ok(known.has(name), `data-fact="${name}" is a fact`);
  // Every data-fact is a bare span (what page.js fills and pageText() recognises).
  assert.equal([...html.matchAll(/<span data-fact="[^"]*">[^<]*<\/span>/g)].length, names.length);
});

/**
 * Numbers index.html's text may carry literally: inputs of the lesson, not results.
 * Everything else must come from the engine through a data-fact span.
 */
const PAGE_INPUTS = new Map([
  ['2', 'Week 2 of the course; the constant of the 2/λmax formula'],
  ['17', 'C++17'],
  ['200', 'the worked example\'s window, 200 steps (an input of facts.js)'],
  ['0.001', 'worked example: the slow α (an input)'],
  ['0.01', 'worked example: the good α (an input)'],
  ['0.1', 'worked example: the large α (an input)'],
  ['1e-7', 'range test start (fastai default, an input)'],
  ['10', 'range test end (fastai default, an input)'],
]);

test('index.html: every other number in the text is a lesson input, not a typed-in result', () => {
  const text = pageText();
  const numbers = [...text.replace(/\{[a-z0-9_]+\}/g, ' ').matchAll(/(?<![\w.])\d+(?:\.\d+)?(?:e[-+]?\d+)?/g)].map((m) => m[0]);
  for (const n of numbers) assert.ok(PAGE_INPUTS.has(n), `index.html shows the number ${n}: make it a data-fact or list it as an input`);
  assert.ok(!/\b(one|two|three|four|five|ten)\s+(percent|times)\b/i.test(text), 'no numbers spelled out as words');
});

test('index.html: the data-facts fill from the engine with the numbers the sentences claim', async () => {
  const facts = await computeFacts(await loadEngine());
  const names = [...read('index.html').matchAll(/data-fact="([^"]*)"/g)].map((m) => m[1]);
  for (const name of names) assert.ok(Number.isFinite(facts[name]), `${name} = ${facts[name]}`);
  // "α = 0.001 lowers the cost by only …, α = 0.01 by …, α = 0.1 blows up: it is above 2/λmax"
  assert.ok(facts.worked_slow_drop_percent < facts.worked_good_drop_percent);
  assert.ok(facts.worked_fast_diverged_at > 0 && facts.house_raw_divergence < 0.1);
  assert.ok(facts.house_z_divergence > 0.1 && facts.worked_scaled_drop_percent > facts.worked_good_drop_percent);
  assert.ok(facts.house_raw_kappa > facts.house_z_kappa, 'scaling lowers κ');
});
