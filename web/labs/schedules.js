// The schedules lab's words, DOM-free (tested in Node): α(t) described, a run described, and
// the verdict comparing the scheduled run with the constant-α one, all from their numbers.
import { formatNumber, labelText } from '../ui/format.js';
import { firstFinite, finiteMax } from '../charts/curves.js';

/** A run's final loss, or where it diverged. */
export function finalText(run) {
  return run.diverged ? `diverged at step ${run.diverged_at}` : formatNumber(run.final_loss, 4);
}

/**
 * The loss axis's top for two runs: 1.5× the highest finite loss, capped at 100× the start,
 * so a run that blows up is drawn clamped there (crossed) without squashing the other.
 */
export function lossCeiling(scheduled, constant) {
  const start = Math.max(firstFinite(scheduled.loss), firstFinite(constant.loss));
  return Math.min(start * 100, Math.max(finiteMax(scheduled.loss), finiteMax(constant.loss)) * 1.5);
}

/** One sentence comparing the scheduled run with the constant one, from their numbers. */
export function verdict(scheduled, constant, rates) {
  if (scheduled.diverged && constant.diverged) {
    return 'Both runs diverge: this peak is too large even with a schedule. Lower the peak (or try a longer warm-up).';
  }
  if (constant.diverged) {
    return `At a constant α the run blows up at step ${constant.diverged_at}; the schedule keeps the same peak and ends at ${formatNumber(scheduled.final_loss, 4)}.`;
  }
  if (scheduled.diverged) {
    return `The schedule diverges at step ${scheduled.diverged_at} although the constant α survives: its early high phase is the problem here — shorten it or lower the peak.`;
  }
  const ratio = constant.final_loss / scheduled.final_loss;
  if (ratio > 1.05) return `The schedule ends ${formatNumber(ratio, 2)}× lower than the constant α: its smaller steps (α = ${formatNumber(rates[rates.length - 1])} at the last step) let it settle instead of bouncing around the minimum.`;
  if (ratio < 1 / 1.05) return `The constant α ends ${formatNumber(1 / ratio, 2)}× lower: this schedule spends too many steps at small rates for this window. Raise the peak or lengthen the window.`;
  return 'Both end at about the same loss: at this peak a constant α is already comfortable. Push the peak towards the stable edge to see what the schedule buys.';
}

/**
 * α(t) in words: start, peak, end, and how many times it jumps back up (a restart: a rise
 * by more than 1.5× from below half the peak so far).
 */
export function describeRates(rates) {
  let peakAt = 0, restarts = 0;
  for (let t = 1; t < rates.length; ++t) {
    if (rates[t] > rates[peakAt]) peakAt = t;
    if (rates[t] > rates[t - 1] * 1.5 && rates[t - 1] < rates[peakAt] * 0.5) restarts += 1;
  }
  const last = rates.length - 1;
  const rise = peakAt === 0 ? `starts at its peak ${formatNumber(rates[0])}` : `starts at ${formatNumber(rates[0])}, reaches ${formatNumber(rates[peakAt])} at step ${peakAt}`;
  return `${rise}, ends at ${formatNumber(rates[last])} at step ${last}` +
    (restarts ? `, jumping back up ${restarts} time${restarts > 1 ? 's' : ''}` : '');
}

/** A training run in words: start → end loss and its label, or where it diverged. */
export function describeRun(run) {
  const start = formatNumber(firstFinite(run.loss), 3);
  if (run.diverged) return `loss ${start} at the start, diverged at step ${run.diverged_at}`;
  return `loss ${start} → ${formatNumber(run.final_loss, 3)}, ${labelText(run.diagnosis.label)}`;
}

/**
 * What the warm-up itself did: the same schedule run with and without its warm-up ramp.
 * @param {{diverged: boolean, diverged_at: number, final_loss: number}} warm  the run with it
 * @param {{diverged: boolean, diverged_at: number, final_loss: number}} cold  the same schedule, 0 warm-up steps
 * @param {number} steps  the warm-up's length
 */
export function warmupSentence(warm, cold, steps) {
  const without = `Without its ${steps}-step warm-up the same schedule`;
  if (warm.diverged && cold.diverged) {
    return `${without} diverges at step ${cold.diverged_at} (with it, at step ${warm.diverged_at}): a warm-up can delay a blow-up but not prevent it when the peak itself is above the edge.`;
  }
  if (cold.diverged) return `${without} diverges at step ${cold.diverged_at}: here the warm-up is what makes the peak usable.`;
  if (warm.diverged) return `${without} stays finite (final loss ${formatNumber(cold.final_loss, 3)}) while the warm-up run diverges at step ${warm.diverged_at}.`;
  const ratio = warm.final_loss / cold.final_loss;
  if (ratio < 1 / WARMUP_DIFFERENCE) return `${without} ends at ${formatNumber(cold.final_loss, 3)}, against ${formatNumber(warm.final_loss, 3)} with it: the warm-up helps here.`;
  if (ratio > WARMUP_DIFFERENCE) return `${without} ends at ${formatNumber(cold.final_loss, 3)}, against ${formatNumber(warm.final_loss, 3)} with it: here the warm-up only costs steps.`;
  return `${without} ends at ${formatNumber(cold.final_loss, 3)}, against ${formatNumber(warm.final_loss, 3)} with it: on this setup the first steps were not the problem, so the warm-up changes little.`;
}

/** Final losses within this factor of each other count as "about the same". */
export const WARMUP_DIFFERENCE = 1.1;
