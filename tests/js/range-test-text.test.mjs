// The range test's words about its own rules (web/labs/range-test.js), on the real engine and
// on hand-made curves: how far the rules disagree is the ratio of their picks, and a pick where
// the smoothed loss has not yet fallen is called out — never the sentence that they agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEngine } from '../../web/engine/engine.js';
import { judgeRules, rulesSentence, agreementSentence, NOT_YET_FALLEN } from '../../web/labs/range-test.js';

const RULES = [{ key: 'valley', title: 'valley' }, { key: 'steepest', title: 'steepest' }, { key: 'minimum_div10', title: 'minimum ÷ 10' }];
const engine = await loadEngine();

test('at batch 16 (z-scored house, SGD) the steepest pick is called out as early', async () => {
  const r = (await engine.rangeTest({ data: { dataset: 'house', scaling: 'z_score' }, optimizer: { kind: 'sgd', batch_size: 16 } })).value;
  const j = judgeRules(r, RULES);
  const picks = [r.valley, r.steepest, r.minimum_div10];
  assert.ok(Math.abs(j.spread - Math.max(...picks) / Math.min(...picks)) <= 1e-12 * j.spread);
  const steep = j.picks.find((p) => p.key === 'steepest');
  const s = r.smoothed_loss, ref = s[Math.floor(s.length / 10)];
  assert.equal(steep.fallen, (ref - s[r.steepest_index]) / (ref - s[r.minimum_index]));
  assert.equal(steep.early, steep.fallen < NOT_YET_FALLEN);
  assert.ok(steep.early, `steepest fell ${steep.fallen}`);
  const text = rulesSentence(j);
  assert.match(text, /span a factor of/);
  assert.match(text, /The steepest pick .* lands where the smoothed loss had made only/);
});

test('a hand-made curve: the early pick is the one before the drop, and agreement is measured without it', () => {
  // Smoothed loss flat at 1 for 40 points, then falling linearly to 0.2 at index 90.
  const n = 100;
  const smoothed = Array.from({ length: n }, (_, i) => (i < 40 ? 1 : Math.max(0.2, 1 - (i - 40) * 0.016)));
  const lr = Array.from({ length: n }, (_, i) => 1e-6 * 10 ** (i / 15));
  const t = { smoothed_loss: smoothed, learning_rate: lr, minimum_index: 90, valley_index: 60, steepest_index: 20,
    valley: lr[60], steepest: lr[20], minimum_div10: lr[90] / 10 };
  const j = judgeRules(t, RULES);
  assert.deepEqual(j.picks.map((p) => [p.key, p.early]), [['valley', false], ['steepest', true], ['minimum_div10', false]]);
  assert.equal(j.picks[0].fallen, (1 - smoothed[60]) / 0.8);
  // Sweep pick at 3× the valley: agreement within 10 among the trusted picks.
  const near = agreementSentence(lr[60] * 3, j);
  assert.match(near, /agree within a factor of 3\.3:/);  // the worse of 3 (valley) and 10/3 (minimum ÷ 10)
  const far = agreementSentence(lr[60] * 300, j);
  assert.match(far, /land up to .*× from the sweep's pick/);
  assert.doesNotMatch(far, /agree/);
});

test("the range lab's first view (its section's defaults) has no noise-fooled rule and the rules agree within 10×", async () => {
  const { schemaOf, RANGE_SECTION } = await import('../../web/state.js').then(async (state) => ({ ...state, ...(await import('../../web/sections.js')) }));
  const d = Object.fromEntries(Object.entries(schemaOf(RANGE_SECTION)).map(([k, f]) => [k, f.default]));
  assert.equal(d.batch, 32);
  const r = (await engine.rangeTest({
    data: { dataset: d.dataset, scaling: d.scaling, model: d.model }, optimizer: { kind: d.optimizer, batch_size: d.batch }, seed: d.seed,
  })).value;
  const j = judgeRules(r, RULES);
  assert.ok(j.picks.every((p) => !p.early), JSON.stringify(j.picks.map((p) => [p.key, p.fallen])));
  assert.ok(j.spread < 10, `spread ${j.spread}`);
});
