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
