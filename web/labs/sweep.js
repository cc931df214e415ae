// The sweep lab's words and files, DOM-free (tested in Node): one run in a sentence, and the
// CSV export of a sweep (every curve, then every diagnosis with its signals).
import { formatPercent, labelText } from '../ui/format.js';

/** One run of a sweep in words: "loss fell 98 %, good" or "diverged at step 12". */
export function describeRun(run) {
  const d = run.diagnosis;
  if (run.diverged) return `${labelText(d.label)} at step ${run.diverged_at}`;
  return `loss fell ${formatPercent(d.relative_drop)}, ${labelText(d.label)}`;
}

/** A CSV field: quoted, with inner quotes doubled. */
export function csvQuote(text) {
  return `"${String(text).replace(/"/g, '""')}"`;
}

/**
 * The sweep as CSV: a step column and one loss column per α (empty after a run stopped),
 * a blank line, then one row per run with its label, final loss, signals and reason.
 */
export function sweepCsv(runs) {
  const steps = Math.max(...runs.map((r) => r.loss.length));
  const header = ['step', ...runs.map((r) => `loss_alpha_${r.learning_rate}`)];
  const lines = [header.join(',')];
  for (let t = 0; t < steps; ++t) lines.push([t, ...runs.map((r) => (t < r.loss.length ? r.loss[t] : ''))].join(','));
  lines.push('');
  lines.push('alpha,label,final_loss,relative_drop,progress,flip_fraction,rise_after_min,blowup_ratio,reason');
  for (const r of runs) {
    const d = r.diagnosis;
    lines.push([r.learning_rate, d.label, r.final_loss, d.relative_drop, d.progress, d.flip_fraction, d.rise_after_min, d.blowup_ratio, csvQuote(d.reason)].join(','));
  }
  return lines.join('\n');
}

/**
 * The α of grid point k, as the engine builds its grid (cpp/lrlab/sweep.cpp grid_values):
 * "x3" is the 1-3-10 ladder (×3, then ×10/3), "x10" or "xN" (or a number) a geometric grid.
 */
export function gridRate(start, factor, k) {
  if (factor === 'x3' || factor === '×3') return start * 10 ** Math.floor(k / 2) * (k % 2 ? 3 : 1);
  const f = typeof factor === 'number' ? factor : Number(String(factor).replace(/^[x×]/, ''));
  return start * f ** k;
}

/**
 * The grid the sweep lab runs: the learner's, clipped to the largest α the engine allows.
 * A grid that would climb past `maxRate` keeps its rates up to it (and says so) instead of
 * being refused.
 * @param {{start: number, factor: string|number, count: number}} grid
 * @param {number} maxRate  the engine's largest learning rate (schema limits.max_learning_rate)
 * @returns {{count: number, clipped: boolean, requested: number, top: number, wouldReach: number}}
 *          count: the rates that fit; top: the last of them; wouldReach: where the learner's grid would end
 */
export function fitGrid({ start, factor, count }, maxRate) {
  const tolerance = 1 + 1e-9;  // as the engine compares
  let fit = 0;
  while (fit < count && gridRate(start, factor, fit) <= maxRate * tolerance) ++fit;
  return {
    count: Math.max(1, fit),
    clipped: fit < count,
    requested: count,
    top: gridRate(start, factor, Math.max(1, fit) - 1),
    wouldReach: gridRate(start, factor, count - 1),
  };
}
