// The engine's sentences (each run's diagnosis reason, each sweep's advice) read as a learner
// reads numbers: α and losses to 2–3 significant digits, percentages never in exponent form,
// never "-0". Checked over sweeps on every built-in dataset, with full-batch and mini-batch
// optimizers, so every diagnosis label and advice branch that these reach is covered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/engine/engine.js';

const engine = await loadEngine();

const SWEEPS = [
  { data: { dataset: 'house', scaling: 'none' }, optimizer: { kind: 'gd' } },
  // A √10 ladder: α = 0.0316227766…, the case that printed "0.316228".
  { data: { dataset: 'house', scaling: 'none' }, optimizer: { kind: 'gd' }, factor: Math.sqrt(10), count: 8 },
  { data: { dataset: 'house', scaling: 'z_score' }, optimizer: { kind: 'gd' } },
  { data: { dataset: 'house', scaling: 'min_max' }, optimizer: { kind: 'momentum', momentum: 0.9 } },
  { data: { dataset: 'house', scaling: 'z_score' }, optimizer: { kind: 'sgd', batch_size: 8 }, count: 8 },
  { data: { dataset: 'house', scaling: 'none' }, optimizer: { kind: 'adam' }, start: 1e-3, factor: 'x3', count: 10 },
  { data: { dataset: 'two_class', scaling: 'z_score', model: 'logistic' }, optimizer: { kind: 'nesterov', momentum: 0.9 } },
  { data: { dataset: 'two_class', scaling: 'none', model: 'logistic' }, optimizer: { kind: 'rmsprop' } },
  { data: { dataset: 'nonlinear', scaling: 'z_score', model: 'mlp' }, optimizer: { kind: 'adam' }, steps: 300 },
  { data: { dataset: 'nonlinear', scaling: 'z_score', model: 'mlp' }, optimizer: { kind: 'sgd', batch_size: 16 }, count: 7 },
];

/** Significant digits of one number as written ("0.316228" → 6, "12300" → 3, "1e-05" → 1). */
function significantDigits(text) {
  const mantissa = text.replace(/^-/, '').split(/e/i)[0];
  let digits = mantissa.replace('.', '').replace(/^0+/, '');
  if (!mantissa.includes('.')) digits = digits.replace(/0+$/, '');  // trailing zeros of a whole number
  return digits.length;
}

/** What is wrong with the numbers of one engine sentence (empty when nothing). */
export function numberProblems(sentence) {
  const problems = [];
  for (const match of sentence.matchAll(/(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.])/gi)) {
    const number = match[0];
    if (/^-0(?:\.0*)?$/.test(number)) problems.push(`"-0": ${number}`);
    // Step counts and integers such as "step 1234" or "batch orders" are counts, not measurements.
    if (number.includes('.') || /e/i.test(number)) {
      if (significantDigits(number) >= 5) problems.push(`${significantDigits(number)} significant digits: ${number}`);
    }
  }
  for (const match of sentence.matchAll(/(\S+)\s?%/g)) if (/e[+-]?\d/i.test(match[1])) problems.push(`exponent-form percentage: ${match[0]}`);
  return problems;
}

test('numberProblems flags what a learner should never read, and passes what they should', () => {
  assert.deepEqual(numberProblems('take α = 0.0316, the largest; 98.2 % of 12300 steps'), []);
  assert.equal(numberProblems('take α = 0.316228').length, 1);
  assert.equal(numberProblems('swinging 5.23e+04 % of the loss').length, 1);
  assert.equal(numberProblems('the loss fell -0 %').length, 1);
  assert.deepEqual(numberProblems('exploded at step 1234 of 3000'), []);
});

test('no engine sentence in sweeps over every dataset and several optimizers has a 5+ significant-digit number, an exponent-form percentage or "-0"', async () => {
  let sentences = 0;
  const labels = new Set();
  for (const request of SWEEPS) {
    const result = await engine.runSweep({ steps: 200, start: 1e-4, factor: 'x3', count: 11, ...request });
    assert.ok(result.ok, `${JSON.stringify(request)}: ${result.error}`);
    const sweep = result.value;
    const texts = [sweep.advice, ...sweep.runs.map((run) => run.diagnosis.reason)];
    for (const run of sweep.runs) labels.add(run.diagnosis.label);
    for (const text of texts) {
      sentences += 1;
      assert.deepEqual(numberProblems(text), [], `${JSON.stringify(request)}: "${text}"`);
    }
  }
  assert.ok(sentences > 80, `${sentences} sentences checked`);
  for (const label of ['good', 'too_low', 'diverged']) assert.ok(labels.has(label), `the sweeps reach ${label} (reached: ${[...labels].join(', ')})`);
});
