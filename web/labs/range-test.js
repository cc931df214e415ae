// What the range test's three rules say, in numbers and words: how far they disagree, and
// which of them landed where the smoothed loss had not yet begun its real descent. DOM-free.
import { formatNumber, formatPercent } from '../ui/format.js';

/**
 * A pick is "early" when, at its α, the smoothed loss has made less than this share of the
 * drop it makes by its minimum (measured from where fastai's rules start looking, a tenth of
 * the way in). There the slope is noise (mini-batches) or a barely sloping start, not the
 * edge the rules are meant to find.
 */
export const NOT_YET_FALLEN = 0.1;

/**
 * @param {{learning_rate: ArrayLike<number>, smoothed_loss: ArrayLike<number>, minimum_index: number}} test
 * @param {Array<{key: string, title: string}>} rules  the rules, with `${key}` and `${key}_index`
 *        (or valley_index / steepest_index / minimum_index) fields in the test
 * @returns {{spread: number, picks: Array<{key: string, title: string, alpha: number, fallen: number, early: boolean}>}}
 *          spread: largest ÷ smallest pick (NaN with fewer than two picks)
 */
export function judgeRules(test, rules) {
  const s = test.smoothed_loss;
  const n = s.length;
  const ref = s[Math.min(n - 1, Math.floor(n / 10))];
  const lowest = test.minimum_index >= 0 ? s[test.minimum_index] : NaN;
  const drop = ref - lowest;
  const indexOf = { valley: test.valley_index, steepest: test.steepest_index, minimum_div10: test.minimum_index };
  const picks = [];
  for (const rule of rules) {
    const alpha = test[rule.key];
    const index = indexOf[rule.key];
    if (!(alpha > 0) || !(index >= 0)) continue;
    const fallen = drop > 0 ? (ref - s[index]) / drop : NaN;
    picks.push({ key: rule.key, title: rule.title, alpha, fallen, early: Number.isFinite(fallen) && fallen < NOT_YET_FALLEN });
  }
  const alphas = picks.map((p) => p.alpha);
  const spread = alphas.length >= 2 ? Math.max(...alphas) / Math.min(...alphas) : NaN;
  return { spread, picks };
}

/** One or two sentences: the rules' spread, and each early pick with the share it had fallen. */
export function rulesSentence({ spread, picks }) {
  if (picks.length < 2) return '';
  const parts = [`The three rules span a factor of ${formatNumber(spread, 2)} here.`];
  for (const p of picks.filter((q) => q.early)) {
    parts.push(`The ${p.title} pick (${formatNumber(p.alpha)}) lands where the smoothed loss had made only ${formatPercent(Math.max(0, p.fallen), 1)} of its eventual drop: in that flat start, batch noise or a barely sloping curve decides the rule, not the edge it is meant to find.`);
  }
  return parts.join(' ');
}

/**
 * The sweep's largest stable α against the rules that were not fooled: how many × apart.
 * @returns {string}
 */
export function agreementSentence(recommended, { picks }) {
  const trusted = picks.filter((p) => !p.early);
  if (!(recommended > 0) || !trusted.length) return '';
  const factors = trusted.map((p) => Math.max(recommended / p.alpha, p.alpha / recommended));
  const worst = Math.max(...factors);
  return worst <= 10
    ? `The sweep and the rules that were not fooled agree within a factor of ${formatNumber(worst, 2)}: both look for the same edge.`
    : `Even the rules that were not fooled land up to ${formatNumber(worst, 2)}× from the sweep's pick: a one-step-per-α ramp and a whole window per α measure different things, so trust the sweep for the rate you train with.`;
}
