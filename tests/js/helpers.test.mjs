// The pure helpers the views use, against hand-computed cases and closed forms: number
// formatting, curve clamping and log ticks, colours, plane geometry (boxes, the equal-aspect
// fit, round ticks), and the labs' arithmetic (usable window, parameter paths, contour box,
// seed bands, batch sizes, rate descriptions, schedule verdicts, CSV).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, formatPercent, fixedGrouped, labelText, tidySentence } from '../../web/ui/format.js';
import { curvePoints, clippedCurvePoints, finiteMax, firstFinite, logTick, decadeTick, linearTick, dropUnlabelledTicks } from '../../web/charts/curves.js';
import { withAlpha, recolor } from '../../web/charts/color.js';
import { emptyBox, growBox, padBox, equalAspect, clamp, niceTickValues } from '../../web/charts/geometry.js';
import { goodWindow, pathRows, contourBox, rateRegime, biasSentence, featureSentence } from '../../web/labs/scaling.js';
import { batchSizesFor, planPart, countLabels, seedBand, finalSpread, medianOfSorted, batchSummary, endLoss, rulesSummary } from '../../web/labs/optimizers.js';
import { describeRates, verdict, lossCeiling, finalText, warmupSentence } from '../../web/labs/schedules.js';
import { sweepCsv, csvQuote, describeRun } from '../../web/labs/sweep.js';

test('formatNumber shows 3 significant digits, plain between 1e-3 and 1e5, exponent outside', () => {
  assert.equal(formatNumber(0.0030001), '0.003');
  assert.equal(formatNumber(1e-4), '1e-4');
  assert.equal(formatNumber(2.4123e6), '2.41e6');
  assert.equal(formatNumber(123456), '1.23e5');
  assert.equal(formatNumber(0.1 + 0.2), '0.3');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(NaN), '—');
  assert.equal(formatNumber(Infinity), '∞');
  assert.equal(formatNumber(-Infinity), '−∞');
  assert.equal(formatNumber(1.23456, 5), '1.2346');
});

test('formatPercent and labelText read as the lesson writes them', () => {
  assert.equal(formatPercent(0.982), '98 %');
  assert.equal(formatPercent(0.0123, 1), '1.2 %');
  assert.equal(formatPercent(NaN), '—');
  assert.equal(formatPercent(523), '52,300 %');  // never "5.23e+04 %"
  assert.equal(formatPercent(-0.0001), '0 %');   // never "-0 %"
  assert.equal(tidySentence('α = 0.316228 is the largest; rise 5.23e+04 %, -0 %'), 'α = 0.316 is the largest; rise 52,300 %, 0 %');
  assert.equal(tidySentence('this sweep would climb'), 'This sweep would climb');
  assert.equal(labelText('too_low'), 'too low');
  assert.equal(labelText('something_else'), 'something_else');
});

test('curvePoints clamps non-finite and off-axis values to the ceiling and marks them diverged', () => {
  const points = curvePoints([4, NaN, Infinity, 50, -1, 0], { ceiling: 10 });
  assert.deepEqual(points.map((p) => p.y), [4, 10, 10, 10, 1e-300, 1e-300]);
  assert.deepEqual(points.map((p) => p.diverged), [false, true, true, true, false, false]);
  assert.deepEqual(points.map((p) => p.x), [0, 1, 2, 3, 4, 5]);
  assert.ok(Number.isNaN(points[1].raw));
  // A linear axis (floor −∞) keeps negative values; xs replace the index.
  const linear = curvePoints([-2, 3], { xs: [0.1, 0.2], ceiling: 10, floor: -Infinity });
  assert.deepEqual(linear.map((p) => [p.x, p.y, p.diverged]), [[0.1, -2, false], [0.2, 3, false]]);
});

test('finiteMax and firstFinite skip NaN and infinities', () => {
  assert.equal(finiteMax([1, NaN, 7], [Infinity, 3]), 7);
  assert.equal(finiteMax([NaN]), -Infinity);
  assert.equal(firstFinite([NaN, Infinity, 2, 5]), 2);
  assert.equal(firstFinite([NaN]), 1);
});

test('log ticks label the decades and the 1-3 ladder (logTick) or powers of ten only (decadeTick)', () => {
  assert.deepEqual([1e-4, 2e-4, 3e-4, 5e-4, 0.001, 0.002, 0.003, 0.05, 0.3, 1, 7, 30, 200].map((v) => logTick(v)),
    ['1e-4', '', '3e-4', '', '0.001', '', '0.003', '', '0.3', '1', '', '30', '']);
  // An axis spanning less than the ladder's spacing (a loss from 0.38 to 0.72) labels every tick it has.
  const narrow = [0.4, 0.5, 0.6, 0.7].map((value) => ({ value }));
  assert.deepEqual(narrow.map((t, i) => logTick(t.value, i, narrow)), ['0.4', '0.5', '0.6', '0.7']);
  // … at most 6 of them when the axis has many ticks.
  const dense = Array.from({ length: 24 }, (_, i) => ({ value: 0.5 + i * 0.01 }));
  const denseLabels = dense.map((t, i) => logTick(t.value, i, dense)).filter(Boolean);
  assert.ok(denseLabels.length <= 6 && denseLabels.length >= 3, denseLabels.join(' '));
  // Ticks bunched at one end (0.5, 0.51 … 0.59, 0.6 … 1: a flat curve's axis) get labels spread
  // over the axis, round values first, none closer than a sixth of its span.
  const bunched = [...Array.from({ length: 10 }, (_, i) => 0.5 + i * 0.01), 0.6, 0.7, 0.8, 0.9, 1].map((value) => ({ value }));
  const bunchedLabels = bunched.map((t, i) => logTick(t.value, i, bunched));
  assert.deepEqual(bunchedLabels.filter(Boolean), ['0.5', '0.6', '0.7', '0.8', '1']);
  const labelled = bunched.filter((_, i) => bunchedLabels[i]).map((t) => Math.log10(t.value));
  for (let i = 1; i < labelled.length; ++i) assert.ok(labelled[i] - labelled[i - 1] >= Math.log10(2) / 6 - 1e-12, `labels ${i - 1} and ${i} crowd`);
  const wide = [0.1, 0.2, 0.3, 0.4].map((value) => ({ value }));
  assert.deepEqual(wide.map((t, i) => logTick(t.value, i, wide)), ['0.1', '0.2', '0.3', '']);
  // Two rungs (a loss from 0.45 to 7): the 2s and 5s join, so the values below 1 get labels.
  const loss = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 2, 3, 4, 5, 6, 7].map((value) => ({ value }));
  assert.deepEqual(loss.map((t, i) => logTick(t.value, i, loss)).filter(Boolean), ['0.5', '1', '2', '3', '5']);
  // Seven decades of α (1e-4 … 1000): the decades only, the 3s would crowd.
  const decades = [];
  for (let d = -4; d <= 3; ++d) for (let m = 1; m <= 9; ++m) decades.push({ value: m * 10 ** d });
  const labels = decades.map((t, i) => logTick(t.value, i, decades)).filter(Boolean);
  assert.deepEqual(labels, ['1e-4', '0.001', '0.01', '0.1', '1', '10', '100', '1000']);
  assert.deepEqual([1e-7, 3e-7, 1e-3, 0.5, 10].map(decadeTick), ['1e-7', '', '0.001', '', '10']);
});

test('withAlpha turns #rrggbb into rgba with the same channels', () => {
  assert.equal(withAlpha('#2456c9', 0.35), 'rgba(36, 86, 201, 0.35)');
  assert.equal(withAlpha('#ffffff', 0.7), 'rgba(255, 255, 255, 0.7)');
  assert.equal(withAlpha('#000000', 0.456), 'rgba(0, 0, 0, 0.46)');
  assert.equal(withAlpha('red', 0.5), 'red');
});

test('growBox and padBox make the padded bounding box of finite points', () => {
  const box = emptyBox();
  for (const [x, y] of [[1, 2], [3, -1], [NaN, 100], [Infinity, 0], [2, 5]]) growBox(box, x, y);
  assert.deepEqual(box, { x0: 1, x1: 3, y0: -1, y1: 5 });
  assert.deepEqual(padBox(box, 0.5), { x0: 0, x1: 4, y0: -4, y1: 8 });
  // A single point gets a box of side 2·fraction (a zero side counts as 1).
  assert.deepEqual(padBox(growBox(emptyBox(), 2, 3), 0.25), { x0: 1.75, x1: 2.25, y0: 2.75, y1: 3.25 });
});

test('equalAspect grows only the short side, symmetrically, to equal units per pixel', () => {
  // 4 × 1 units on a 400 × 400 px area: 0.01 units/px across, so the y side grows to 4 units.
  const fitted = equalAspect({ x0: 0, x1: 4, y0: 0, y1: 1 }, 400, 400);
  assert.deepEqual(fitted, { x0: 0, x1: 4, y0: -1.5, y1: 2.5 });
  // 1 × 2 units on 300 × 200 px: y is 0.01 units/px, so x grows to 3 units around its centre.
  const other = equalAspect({ x0: 10, x1: 11, y0: 0, y1: 2 }, 300, 200);
  assert.deepEqual(other, { x0: 9, x1: 12, y0: 0, y1: 2 });
  for (const f of [fitted, other]) {
    const [w, h] = f === fitted ? [400, 400] : [300, 200];
    assert.ok(Math.abs((f.x1 - f.x0) / w - (f.y1 - f.y0) / h) < 1e-12);
  }
});

test('clamp keeps a value inside the range and sends ±∞ to the matching edge', () => {
  assert.equal(clamp(5, 0, 3), 3);
  assert.equal(clamp(-5, 0, 3), 0);
  assert.equal(clamp(2, 0, 3), 2);
  assert.equal(clamp(Infinity, 0, 3), 3);
  assert.equal(clamp(-Infinity, 0, 3), 0);
});

test('niceTickValues steps by 1, 2 or 5 × 10^k inside the range', () => {
  assert.deepEqual(niceTickValues(0, 10, 5), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTickValues(-0.37, 0.93, 3), [0, 0.5]);
  assert.deepEqual(niceTickValues(0.013, 0.087, 7), [0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08]);
  assert.deepEqual(niceTickValues(3, 3, 5), []);
  assert.deepEqual(niceTickValues(0, Infinity, 5), []);
});

const run = (alpha, label) => ({ learning_rate: alpha, diagnosis: { label } });

test('goodWindow runs from the smallest good α to the largest stable one', () => {
  const sweep = { recommended: 0.03, runs: [run(0.001, 'too_low'), run(0.003, 'good'), run(0.01, 'good'), run(0.03, 'too_low'), run(0.1, 'diverged')] };
  assert.deepEqual(goodWindow(sweep), { low: 0.003, high: 0.03 });
  assert.equal(goodWindow({ recommended: null, runs: [] }), null);
  assert.equal(goodWindow({ recommended: 0.01, runs: [run(0.01, 'too_low')] }), null);
});

test('pathRows reads (w₁, w₂, b) per step from the row-major parameter record', () => {
  const rows = pathRows({ num_params: 3, params: [1, 2, 3, 4, 5, 6, 7, 8, 9], loss: [10, 20], final_loss: 30 });
  assert.deepEqual(rows, [
    { step: 0, w1: 1, w2: 2, b: 3, loss: 10 }, { step: 1, w1: 4, w2: 5, b: 6, loss: 20 }, { step: 2, w1: 7, w2: 8, b: 9, loss: 30 },
  ]);
});

test('contourBox holds the optimum and finite paths, and zooms when the ellipse dwarfs them', () => {
  const path = { rows: [{ w1: 0, w2: 0 }, { w1: 1, w2: 1 }], diverged: false };
  const small = { optimum: [2, 2], ellipses: [{ w1: [0, 4], w2: [0, 4] }] };
  const near = contourBox(small, [path]);
  assert.equal(near.zoomed, false);  // ellipse diagonal √32 ≤ 4 × √8
  assert.deepEqual(near.box, { x0: -0.2, x1: 4.2, y0: -0.2, y1: 4.2 });
  const huge = { optimum: [2, 2], ellipses: [{ w1: [-100, 100], w2: [-100, 100] }] };
  const zoomed = contourBox(huge, [path, { rows: [{ w1: 0, w2: 0 }, { w1: 1e9, w2: 1e9 }], diverged: true }]);
  assert.equal(zoomed.zoomed, true);  // the diverged path's points and the ellipse are left out
  assert.deepEqual(zoomed.box, { x0: -0.3, x1: 2.3, y0: -0.3, y1: 2.3 });
});

test('rateRegime splits α at 1/λmax and 2/λmax', () => {
  const report = { zigzag_rate: 0.5, divergence_rate: 1 };
  assert.equal(rateRegime(0.4, report).badge, 'good');
  assert.equal(rateRegime(0.7, report).badge, 'oscillating');
  assert.equal(rateRegime(1.2, report).badge, 'diverged');
});

test('biasSentence: exact only when b starts and stays at b*; otherwise the loss sits above the contour, never below', () => {
  assert.match(biasSentence({ bStart: 2, bEnd: 2, bStar: 2 }), /stays there.*exactly the contour/);
  const coupled = biasSentence({ bStart: 5, bEnd: 4, bStar: 2, steady: 'a' });
  assert.match(coupled, /coupled.*path A's b ends at 4/);
  assert.match(coupled, /above the contour under it — never below/);
  assert.doesNotMatch(biasSentence({ bStart: 2.1, bEnd: 2.05, bStar: 2 }), /stays there/);
});

test('batchSizesFor replaces 0 and sizes above the rows by the row count, once', () => {
  assert.deepEqual(batchSizesFor([1, 2, 4, 8, 16, 32, 64, 0], 100), [1, 2, 4, 8, 16, 32, 64, 100]);
  assert.deepEqual(batchSizesFor([1, 2, 4, 8, 16, 32, 64, 0], 20), [1, 2, 4, 8, 16, 20]);
});

test('planPart makes one sweep per optimizer or batch size and one run per seed', () => {
  const values = { dataset: 'house', scaling: 'z_score', model: 'linear', steps: 200, seed: 1, start: 1e-4, count: 11, batch: 500, band_optimizer: 'sgd', band_rate: 0.3, seeds: 3 };
  const context = { optimizers: ['gd', 'sgd'], batchSizes: [1, 100], rows: 100 };
  const compare = planPart('compare', values, context);
  assert.deepEqual(compare.map((c) => [c.method, c.args[0].optimizer, c.runs]), [['runSweep', { kind: 'gd', batch_size: 0 }, 11], ['runSweep', { kind: 'sgd', batch_size: 100 }, 11]]);
  assert.deepEqual(planPart('batches', values, context).map((c) => c.args[0].optimizer.batch_size), [1, 100]);
  const bands = planPart('bands', values, context);
  assert.deepEqual(bands.map((c) => [c.method, c.args[0].seed, c.args[0].optimizer.learning_rate, c.runs]), [['runTraining', 1, 0.3, 1], ['runTraining', 2, 0.3, 1], ['runTraining', 3, 0.3, 1]]);
});

test('countLabels counts each label in the given order and leaves out absent ones', () => {
  const runs = [run(1, 'good'), run(2, 'diverged'), run(3, 'good')];
  assert.deepEqual(Object.entries(countLabels(runs, ['too_low', 'good', 'diverged'])), [['good', 2], ['diverged', 1]]);
});

test('seedBand gives lowest, median and highest per step, a stopped run counting as +∞', () => {
  const band = seedBand([[3, 2, 1], [5, NaN], [4, 1, 2]]);
  assert.deepEqual([...band.low], [3, 1, 1]);
  assert.deepEqual([...band.mid], [4, 2, 2]);
  assert.deepEqual([...band.high], [5, Infinity, Infinity]);
  assert.equal(medianOfSorted([1, 2, 3, 10]), 2.5);
});

test('finalSpread: median over all seeds, spread = (highest − lowest) / lowest of the finite ones', () => {
  const spread = finalSpread([{ diverged: false, final_loss: 2 }, { diverged: false, final_loss: 3 }, { diverged: true, final_loss: NaN }, { diverged: false, final_loss: 4 }]);
  assert.deepEqual(spread, { median: 3.5, lowest: 2, highest: 4, spread: 1, diverged: 1 });
});

test('describeRates finds the peak, the end and the restarts of α(t)', () => {
  assert.equal(describeRates([0.1, 0.05, 0.025]), 'starts at its peak 0.1, ends at 0.025 at step 2');
  assert.equal(describeRates([0.06, 0.08, 0.1, 0.05]), 'starts at 0.06, reaches 0.1 at step 2, ends at 0.05 at step 3');
  // SGDR-like: two drops to 0.01 and jumps back to the peak.
  assert.equal(describeRates([1, 0.5, 0.01, 1, 0.01, 1]), 'starts at its peak 1, ends at 1 at step 5, jumping back up 2 times');
});

const trained = (final_loss, diverged = false, diverged_at = -1, loss = [1]) => ({ final_loss, diverged, diverged_at, loss });

test('verdict compares the scheduled and constant runs by their final loss (5 % margin)', () => {
  assert.match(verdict(trained(1), trained(2), [0.1, 0.01]), /ends 2× lower than the constant/);
  assert.match(verdict(trained(2), trained(1), [0.1]), /constant α ends 2× lower/);
  assert.match(verdict(trained(1), trained(1.04), [0.1]), /about the same loss/);
  assert.match(verdict(trained(NaN, true, 3), trained(NaN, true, 5), [1]), /Both runs diverge/);
  assert.match(verdict(trained(0.5), trained(NaN, true, 7), [1]), /blows up at step 7/);
  assert.equal(finalText(trained(NaN, true, 9)), 'diverged at step 9');
});

test('lossCeiling is 1.5× the highest finite loss, capped at 100× the start', () => {
  assert.equal(lossCeiling({ loss: [2, 1] }, { loss: [2, 3] }), 4.5);
  assert.equal(lossCeiling({ loss: [1, 1e6] }, { loss: [1, NaN] }), 100);
});

test('sweepCsv writes one loss column per α and one diagnosis row per run, quoting reasons', () => {
  const d = (label, reason) => ({ label, reason, relative_drop: 0.5, progress: 1, flip_fraction: 0, rise_after_min: 0, blowup_ratio: 1 });
  const csv = sweepCsv([
    { learning_rate: 0.1, loss: [2, 1], final_loss: 1, diagnosis: d('good', 'fell "fast"') },
    { learning_rate: 1, loss: [2], final_loss: NaN, diagnosis: d('diverged', 'blew up') },
  ]);
  assert.deepEqual(csv.split('\n'), [
    'step,loss_alpha_0.1,loss_alpha_1', '0,2,2', '1,1,', '',
    'alpha,label,final_loss,relative_drop,progress,flip_fraction,rise_after_min,blowup_ratio,reason',
    '0.1,good,1,0.5,1,0,0,1,"fell ""fast"""', '1,diverged,NaN,0.5,1,0,0,1,"blew up"',
  ]);
  assert.equal(csvQuote('a,b'), '"a,b"');
  assert.equal(describeRun({ diverged: true, diverged_at: 4, diagnosis: { label: 'diverged' } }), 'diverged at step 4');
});

test('batchSummary: pick, edge, and the noise floor at the largest α every batch size survived (hand-built sweeps)', () => {
  const banded = (lr, median, diverged = 0) => ({ learning_rate: lr, band: { median, diverged } });
  const full = (lr, final_loss, diverged = false) => ({ learning_rate: lr, final_loss, diverged });
  const sweeps = [
    { recommended: 0.1, edge_index: 2, edge_rate: 1, runs: [banded(0.1, 0.5), banded(0.3, 0.9), banded(1, NaN, 2)] },
    { recommended: 0.3, edge_index: -1, edge_rate: 0, runs: [banded(0.1, 0.4), banded(0.3, 0.6), banded(1, 0.8)] },
    { recommended: 0.3, edge_index: 2, edge_rate: 1, runs: [full(0.1, 0.3), full(0.3, 0.35), full(1, NaN, true)] },
  ];
  const s = batchSummary(sweeps, [1, 4, 100]);
  assert.deepEqual(s.points.map((p) => [p.x, p.pick, p.edge, p.top]), [[1, 0.1, 1, 1], [4, 0.3, null, 1], [100, 0.3, 1, 1]]);
  assert.equal(s.common, 0.3);  // α = 1 blew up at batch 1 and with every row
  assert.deepEqual(s.floors.map((f) => [f.x, f.loss]), [[1, 0.9], [4, 0.6], [100, 0.35]]);
  assert.equal(s.falling, true);
  sweeps[1].runs[1].band.median = 0.95;  // batch 4 worse than batch 1: not falling
  assert.equal(batchSummary(sweeps, [1, 4, 100]).falling, false);
  sweeps[0].runs[0].band.diverged = 1;  // nothing every size survived
  sweeps[0].runs[1].band.diverged = 1;
  assert.equal(batchSummary(sweeps, [1, 4, 100]).common, null);
  assert.equal(endLoss(full(0.1, 0.2, true)), NaN);
});

test('featureSentence reports J*, κ, 2/λmax and the pick with and without the product feature', () => {
  const side = (j, kRaw, eRaw, pRaw, kZ, eZ, pZ, w) => ({
    none: { curvature: { report: { condition_number: kRaw, divergence_rate: eRaw }, contours: { optimal_loss: j, optimum: [1, 2, w, 3] } }, sweep: { recommended: pRaw } },
    z_score: { curvature: { report: { condition_number: kZ, divergence_rate: eZ } }, sweep: { recommended: pZ } },
  });
  const text = featureSentence({ on: side(0.0111, 25200, 0.0213, 0.01, 115, 0.988, 0.3, 0.0935), off: side(0.0126, 645, 0.0919, 0.03, 1.09, 1.92, 1), names: ['frontage', 'depth', 'frontage×depth'] });
  assert.match(text, /frontage×depth lowers the best possible loss J\* from 0\.0126 to 0\.0111/);
  assert.match(text, /fitted weight on raw features: 0\.0935/);
  assert.match(text, /raw κ 645 → 25200, 2\/λmax 0\.0919 → 0\.0213/);
  assert.match(text, /pick moves from 0\.03 to 0\.01 raw and from 1 to 0\.3 z-scored/);
  const same = featureSentence({ on: side(0.5, 2, 1, 0.1, 1, 2, 1, 0), off: side(0.5, 2, 1, 0.1, 1, 2, 1, 0), names: ['a', 'b', 'a×b'] });
  assert.match(same, /leaves the best possible loss J\* at 0\.5 \(it adds nothing here\)/);
});

test('warmupSentence: helps, costs, changes little, rescues, or only delays — from the two runs', () => {
  const run = (final_loss, diverged_at = -1) => ({ final_loss, diverged: diverged_at >= 0, diverged_at });
  assert.match(warmupSentence(run(0.02), run(0.2), 30), /ends at 0\.2, against 0\.02 with it: the warm-up helps here/);
  assert.match(warmupSentence(run(0.3), run(0.2), 30), /only costs steps/);
  assert.match(warmupSentence(run(0.2), run(0.21), 30), /changes little/);
  assert.match(warmupSentence(run(0.2), run(NaN, 7), 30), /diverges at step 7: here the warm-up is what makes the peak usable/);
  assert.match(warmupSentence(run(NaN, 40), run(NaN, 7), 30), /at step 7 \(with it, at step 40\): a warm-up can delay a blow-up but not prevent it/);
});

test('planPart("rules") keeps the epochs equal and scales α by each rule; rulesSummary takes medians and the closest rule', async () => {
  const { RULES, RULE_SEEDS } = await import('../../web/labs/optimizers.js');
  const values = { dataset: 'house', scaling: 'z_score', model: 'linear', rule_optimizer: 'sgd', rule_rate: 0.03, rule_epochs: 5 };
  const calls = planPart('rules', values, { optimizers: [], batchSizes: [1, 4, 100], rows: 100 });
  assert.equal(calls.length, 3 * Object.keys(RULES).length * RULE_SEEDS);
  const pick = (size, rule) => calls.filter((c) => c.size === size && c.rule === rule).map((c) => c.args[0]);
  assert.deepEqual(pick(4, 'linear').map((a) => [a.optimizer.learning_rate, a.steps, a.optimizer.batch_size]), Array(RULE_SEEDS).fill([0.12, 125, 4]));
  assert.ok(Math.abs(pick(100, 'sqrt')[0].optimizer.learning_rate - 0.3) < 1e-12);
  assert.equal(pick(1, 'constant')[0].steps, 500);
  // Hand-made results: batch 1 ends at 0.1; at batch 4 the linear rule matches it, at 100 it diverges.
  const loss = { '1': 0.1, '4|constant': 0.5, '4|linear': 0.11, '4|sqrt': 0.2, '100|constant': 0.9, '100|linear': NaN, '100|sqrt': 0.15 };
  const results = calls.map((c) => {
    const l = c.size === 1 ? loss['1'] : loss[`${c.size}|${c.rule}`];
    return { run: { final_loss: l, diverged: Number.isNaN(l), initial_loss: c.size === 100 && c.rule === 'constant' ? 0.8 : 1 } };
  });
  const s = rulesSummary(calls, results);
  assert.equal(s.reference, 0.1);
  assert.deepEqual(s.closest.map((c) => [c.size, c.rule]), [[1, 'constant'], [4, 'linear'], [100, 'sqrt']]);
  const diverged = s.rows.find((r) => r.size === 100 && r.rule === 'linear');
  assert.equal(diverged.diverged, RULE_SEEDS);
  assert.equal(diverged.median, Infinity);
  // batch 100, keep α: 0.9 is above its start 0.8 — broken, not a candidate for closest.
  assert.equal(s.rows.find((r) => r.size === 100 && r.rule === 'constant').broken, RULE_SEEDS);
});

test('clippedCurvePoints: a curve that leaves the axis and comes back keeps its values (clipped by the chart), crossed only where the run diverged', () => {
  const back = clippedCurvePoints([1, 50, 400, 30, 2], { ceiling: 100 });
  assert.deepEqual(back.map((p) => p.y), [1, 50, 400, 30, 2]);
  assert.deepEqual(back.map((p) => p.offAxis), [false, false, true, false, false]);
  assert.equal(back.some((p) => p.diverged), false);
  const blown = clippedCurvePoints([1, 500, NaN, NaN], { ceiling: 100 });
  assert.equal(blown.length, 3, 'nothing after the first non-finite value');
  assert.deepEqual(blown.map((p) => p.diverged), [false, false, true]);
  assert.equal(blown[2].y, 100);
  const ended = clippedCurvePoints([1, 5, 900], { ceiling: 100, diverged: true });
  assert.deepEqual(ended.map((p) => p.diverged), [false, false, true], 'a run the engine ended as diverged: a cross at its last point');
  assert.equal(ended[2].y, 100);
});

test('recolor swaps a theme’s colours in an option tree, rgba included, and leaves data alone', () => {
  const map = new Map([['#1d8a45', '#4cc77a'], ['#ffffff', '#121826']]);
  const tree = {
    borderColor: '#1D8A45', pointBorderColor: ['#1d8a45', 'transparent'], backgroundColor: 'rgba(29, 138, 69, 0.28)',
    label: { color: '#ffffff', content: 'pick' }, data: [{ color: '#1d8a45' }], endMarker: { color: '#123456' },
  };
  recolor(tree, map, ['data']);
  assert.equal(tree.borderColor, '#4cc77a');
  assert.deepEqual(tree.pointBorderColor, ['#4cc77a', 'transparent']);
  assert.equal(tree.backgroundColor, 'rgba(76, 199, 122, 0.28)');
  assert.equal(tree.label.color, '#121826');
  assert.equal(tree.label.content, 'pick');
  assert.equal(tree.data[0].color, '#1d8a45');
  assert.equal(tree.endMarker.color, '#123456');
});

test('fixedGrouped writes what toLocaleString(en-US) writes, without Intl', () => {
  // Independent truth: Intl in Node, on values already at `digits` decimals (the page rounds
  // first, as formatPercent does), over signs, magnitudes and every grouping length.
  let checked = 0;
  for (const digits of [0, 1, 2, 3]) {
    for (let k = -7; k <= 9; ++k) {
      for (const m of [1, 1.5, 2.25, 9.999, 12.34567, 987.654321]) {
        for (const sign of [1, -1]) {
          const value = Number((sign * m * 10 ** k).toFixed(digits));
          const expected = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
          // (Intl writes -0 as "-0"; the page never shows a minus on a zero)
          assert.equal(fixedGrouped(value, digits), Object.is(value, -0) ? expected.replace(/^-/, '') : expected, `${value} with ${digits}`);
          checked += 1;
        }
      }
    }
  }
  assert.ok(checked > 800);
  assert.equal(fixedGrouped(-0.0001, 2), '0.00');  // never "-0.00"
  assert.equal(fixedGrouped(1234567.891, 1), '1,234,567.9');
});

test('linear ticks: each label reads back as its tick, with the decimals of the axis step', () => {
  // Axes as Chart.js makes them: nice steps (1, 2, 2.5, 5 × 10^k) from a nice start.
  for (const k of [-4, -3, -2, -1, 0, 1, 2, 3, 5]) {
    for (const unit of [1, 2, 2.5, 5]) {
      const step = unit * 10 ** k;
      for (const start of [0, -3, 7]) {
        const ticks = Array.from({ length: 6 }, (_, i) => ({ value: Number(((start + i) * step).toPrecision(12)) }));
        const labels = ticks.map((t, i) => linearTick(t.value, i, ticks));
        const largest = Math.max(...ticks.map((t) => Math.abs(t.value)));
        labels.forEach((label, i) => {
          const read = Number(label.replace(/,/g, ''));
          assert.ok(Math.abs(read - ticks[i].value) <= 1e-9 * Math.max(1, largest), `${label} for ${ticks[i].value} (step ${step})`);
          if (largest >= 1e-4 && ticks[i].value !== 0) {
            assert.doesNotMatch(label, /e/, `${label}: plain notation on an axis up to ${largest}`);
            const decimals = (label.split('.')[1] || '').length;
            assert.equal(decimals, Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (unit === 2.5 ? 1 : 0)), `${label}: decimals for step ${step}`);
          }
          if (Math.abs(ticks[i].value) >= 1000 && largest < 1e15) assert.match(label, /\d,\d{3}/, `${label}: thousands grouped`);
        });
        assert.equal(new Set(labels).size, labels.length, `distinct labels for step ${step}: ${labels}`);
      }
    }
  }
  assert.deepEqual([0, 0.25, 0.5, 0.75, 1].map((value, i, all) => linearTick(value, i, all.map((v) => ({ value: v })))),
    ['0', '0.25', '0.50', '0.75', '1.00']);
  assert.deepEqual([0, 2e-5, 4e-5].map((value, i, all) => linearTick(value, i, all.map((v) => ({ value: v })))), ['0', '2e-5', '4e-5']);
});

test('an axis keeps only its labelled ticks (dropUnlabelledTicks): a log axis loses its unlabelled 2s…9s, a labelled axis stays as it is', () => {
  // A loss axis from 0.02 to 70: Chart.js's log ticks at 1…9 × 10^k, labelled by logTick.
  const values = [];
  for (let k = -2; k <= 1; ++k) for (let m = 1; m <= 9; ++m) if (m * 10 ** k >= 0.02 && m * 10 ** k <= 70) values.push(Number((m * 10 ** k).toPrecision(3)));
  const ticks = values.map((value) => ({ value }));
  ticks.forEach((tick, i) => { tick.label = logTick(tick.value, i, ticks); });
  const scale = { ticks };
  dropUnlabelledTicks(scale);
  assert.deepEqual(scale.ticks.map((t) => t.value), [0.03, 0.1, 0.3, 1, 3, 10, 30]);
  assert.ok(scale.ticks.every((t) => t.label !== ''));
  // Multi-line labels count as labelled unless every line is empty; an axis with every tick labelled is left alone.
  const lines = { ticks: [{ value: 1, label: ['a', ''] }, { value: 2, label: ['', ''] }, { value: 3, label: [] }] };
  dropUnlabelledTicks(lines);
  assert.deepEqual(lines.ticks.map((t) => t.value), [1]);
  const linear = { ticks: [0, 0.25, 0.5].map((value, i, all) => ({ value, label: linearTick(value, i, all.map((v) => ({ value: v }))) })) };
  const same = linear.ticks;
  dropUnlabelledTicks(linear);
  assert.equal(linear.ticks, same);
});
