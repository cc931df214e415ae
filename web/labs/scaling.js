// The scaling lab's arithmetic and words, DOM-free (tested in Node): the usable α window of
// a sweep, the recorded path of a run, the plotting box of the contour picture, and the
// sentences that explain the numbers.
import { formatNumber, formatPercent } from '../ui/format.js';
import { emptyBox, growBox, boxDiagonal, padBox } from '../charts/geometry.js';

/** Zoom on the paths when the outer ellipse is more than this many times their extent. */
export const ZOOM_RATIO = 4;

/** The sweep's usable window: smallest good α up to the largest stable one (null if none). */
export function goodWindow(sweep) {
  if (sweep.recommended === null) return null;
  const good = sweep.runs.filter((r) => r.diagnosis.label === 'good').map((r) => r.learning_rate);
  if (!good.length) return null;
  return { low: Math.min(...good), high: Math.max(sweep.recommended, ...good) };
}

/**
 * The recorded (w₁, w₂, b) of each step with its loss: params is (steps + 1) × num_params,
 * row-major, the bias last; the row after the last step takes the final loss.
 */
export function pathRows(run) {
  const p = run.num_params;
  const count = Math.floor(run.params.length / p);
  const rows = new Array(count);
  for (let t = 0; t < count; ++t) {
    rows[t] = { step: t, w1: run.params[t * p], w2: run.params[t * p + 1], b: run.params[t * p + p - 1], loss: t < run.loss.length ? run.loss[t] : run.final_loss };
  }
  return rows;
}

/**
 * The box the contour picture shows: the optimum, each path's start and every point of a
 * path that stayed finite; the outer ellipse too unless it is more than ZOOM_RATIO times the
 * paths' extent (then the picture zooms on the paths and the chart clips the ellipses).
 * Padded by 5 % (15 % when zoomed).
 * @param {{optimum: number[], ellipses: Array<{w1: ArrayLike<number>, w2: ArrayLike<number>}>}} contours
 * @param {Array<{rows: Array<{w1: number, w2: number}>, diverged: boolean}>} paths
 * @returns {{box: import('../charts/geometry.js').Box, zoomed: boolean}}
 */
export function contourBox(contours, paths) {
  const box = emptyBox();
  growBox(box, contours.optimum[0], contours.optimum[1]);
  for (const { rows, diverged } of paths) {
    growBox(box, rows[0].w1, rows[0].w2);
    if (!diverged) rows.forEach((p) => growBox(box, p.w1, p.w2));
  }
  const outer = contours.ellipses[0];
  const ellipseSpan = outer ? Math.hypot(Math.max(...outer.w1) - Math.min(...outer.w1), Math.max(...outer.w2) - Math.min(...outer.w2)) : 0;
  const zoomed = !(ellipseSpan <= ZOOM_RATIO * boxDiagonal(box));
  if (!zoomed) Array.from(outer.w1, (x, i) => growBox(box, x, outer.w2[i]));
  return { box: padBox(box, zoomed ? 0.15 : 0.05), zoomed };
}

/** What a path did, in words, from the run itself. */
export function describePath(run, report, contours) {
  const rows = pathRows(run);
  if (run.diverged) return `the loss blew up at step ${run.diverged_at}: α = ${formatNumber(run.learning_rate)} is above 2/λmax = ${formatNumber(report.divergence_rate)}`;
  let rises = 0;
  // A rise smaller than rounding near the optimum (1e-12 of the start) is not a rise.
  const noise = 1e-12 * Math.abs(run.initial_loss);
  for (let t = 1; t < run.loss.length; ++t) if (run.loss[t] > run.loss[t - 1] + noise) rises += 1;
  const distance = (r) => Math.hypot(r.w1 - contours.optimum[0], r.w2 - contours.optimum[1]);
  const last = rows[rows.length - 1];
  return `loss ${formatNumber(run.initial_loss, 3)} → ${formatNumber(run.final_loss, 3)} in ${rows.length - 1} steps, ${rising(rises)}; distance to the optimum in (w₁, w₂) ${formatNumber(distance(rows[0]))} → ${formatNumber(distance(last))}`;
}

function rising(rises) {
  return rises === 0 ? 'falling on every step' : `rising on ${rises} step${rises > 1 ? 's' : ''}`;
}

/** The regime of a gradient-descent rate against the curvature bounds, as a badge and words. */
export function rateRegime(alpha, report) {
  if (alpha > report.divergence_rate) return { badge: 'diverged', text: 'above 2/λmax: explodes' };
  if (alpha > report.zigzag_rate) return { badge: 'oscillating', text: '1/λmax – 2/λmax: zig-zag' };
  return { badge: 'good', text: 'below 1/λmax: no zig-zag' };
}

/**
 * Why the window moves, with the live numbers: three paragraphs (raw valley, z-score shift,
 * min-max) and the shift factor λmax raw ÷ λmax z-score.
 * @param {Record<'none'|'min_max'|'z_score', {curvature: {report: any}, sweep: any}>} compare
 */
export function whyWindowMoves(compare) {
  const raw = compare.none.curvature.report;
  const mm = compare.min_max.curvature.report;
  const z = compare.z_score.curvature.report;
  const rec = (s) => (compare[s].sweep.recommended === null ? 'none' : formatNumber(compare[s].sweep.recommended));
  const shift = raw.lambda_max / z.lambda_max;
  const first = raw.condition_number >= 10
    ? `Raw features give κ = ${formatNumber(raw.condition_number)}: a long, thin valley, ${formatNumber(raw.condition_number)} times more curved across than along. Any α small enough for the steep direction (below 2/λmax = ${formatNumber(raw.divergence_rate)}) removes at most 2/κ = ${formatPercent(2 / raw.condition_number, 1)} of the error along the flat direction per step, so the weights crawl there.`
    : `Raw features already give κ = ${formatNumber(raw.condition_number)}: the valley is nearly round, so there is little for scaling to fix on this data.`;
  const moved = shift >= 1.5
    ? `, so the usable window moves up by λmax raw ÷ λmax z-score = ${formatNumber(shift)}×`
    : shift <= 1 / 1.5
      ? `, so the usable window moves down: λmax raw ÷ λmax z-score = ${formatNumber(shift)}×`
      : `: the window stays about where it was (λmax raw ÷ λmax z-score = ${formatNumber(shift)}×)`;
  const sweepMoved = rec('none') === rec('z_score')
    ? `the sweep's largest stable α stays at ${rec('none')}`
    : `the sweep's largest stable α goes from ${rec('none')} to ${rec('z_score')}`;
  const second = `Z-scoring centres each feature and divides it by its spread: κ = ${formatNumber(z.condition_number)} and 2/λmax = ${formatNumber(z.divergence_rate)}${moved} — ${sweepMoved}.`;
  const versus = mm.condition_number < raw.condition_number
    ? `better than raw but ${mm.condition_number > 2 * z.condition_number ? 'far from' : 'close to'} z-score`
    : 'worse than raw here';
  const third = `Min-max squeezes each feature into [0, 1] without centring it, so the weights stay coupled to the bias: κ = ${formatNumber(mm.condition_number)}, ${versus}.`;
  // The two halves of z-scoring, when the comparison has them: which one does the work.
  let halves = '';
  if (compare.center && compare.unit_variance) {
    const c = compare.center.curvature.report, u = compare.unit_variance.curvature.report;
    const which = c.condition_number < u.condition_number
      ? 'on this data the offsets do most of the harm: centring alone removes the coupling of the weights to the bias'
      : 'on this data the units do most of the harm: dividing by the spread alone evens out the curvatures';
    halves = `The two halves of z-scoring, one at a time: centring alone (subtract each mean, keep the units) gives κ = ${formatNumber(c.condition_number)} and 2/λmax = ${formatNumber(c.divergence_rate)}; dividing by the spread alone (keep the offsets) gives κ = ${formatNumber(u.condition_number)} and 2/λmax = ${formatNumber(u.divergence_rate)} — ${which}.`;
  }
  return { first, second, third, halves, shift };
}

/**
 * What the contours mean for the paths. They are the profile of the loss over b: at each
 * (w₁, w₂) the lowest loss any b gives, so a run's loss is never below the contour under it.
 * With centred features b starts at b* and stays (the picture is exact); otherwise b is
 * coupled to w and the run sits above its contour until b catches up.
 * @param {{bStart: number, bEnd: number, bStar: number, steady?: string}} b
 *        b at the start and at the end of a path that stayed finite (`steady`: its id)
 */
export function biasSentence({ bStart, bEnd, bStar, steady }) {
  const tiny = 1e-6 * (1 + Math.abs(bStar));
  if (Math.abs(bStart - bStar) <= tiny && Math.abs(bEnd - bStar) <= tiny) {
    return ` Here b starts at its best value (b* = ${formatNumber(bStar)}) and stays there — centred features decouple it from the weights — so each path's loss is exactly the contour it is on.`;
  }
  return ` Here the features are not centred, so b is coupled to the weights: b starts at the mean target, ${formatNumber(bStart)}, the best b for w = 0, and moves towards b* = ${formatNumber(bStar)}${steady ? ` (path ${steady.toUpperCase()}'s b ends at ${formatNumber(bEnd)})` : ''}. While b lags, a path's loss sits above the contour under it — never below — so a path may cross a contour outwards while its loss still falls. Centring the features, as z-score does, removes this coupling.`;
}

/**
 * What the engineered feature x₁·x₂ changes, from the engine's results with and without it:
 * the best fit J* (from the curvature call's contours), κ and 2/λmax, and the sweep's pick —
 * raw and z-scored.
 * @param {{on: Record<string, any>, off: Record<string, any>, names: string[]}} x
 *        on/off: {none, z_score} → {curvature: {report, contours}, sweep}; names: the features with it
 */
export function featureSentence({ on, off, names }) {
  const fit = (side) => side.none.curvature.contours?.optimal_loss;
  const pick = (side, s) => (side[s].sweep.recommended === null ? 'none' : formatNumber(side[s].sweep.recommended));
  const k = (side, s) => formatNumber(side[s].curvature.report.condition_number);
  const edge = (side, s) => formatNumber(side[s].curvature.report.divergence_rate);
  const product = names.at(-1);
  const jOn = fit(on), jOff = fit(off);
  const better = jOn < jOff * (1 - 1e-6);
  const weight = on.none.curvature.contours?.optimum?.[names.length - 1];
  return `Feature engineering: the product ${product} ${better ? `lowers the best possible loss J* from ${formatNumber(jOff)} to ${formatNumber(jOn)}` : `leaves the best possible loss J* at ${formatNumber(jOn)} (it adds nothing here)`}` +
    `${Number.isFinite(weight) ? ` (its fitted weight on raw features: ${formatNumber(weight)})` : ''}. ` +
    `It also changes the curvature: raw κ ${k(off, 'none')} → ${k(on, 'none')}, 2/λmax ${edge(off, 'none')} → ${edge(on, 'none')}; z-scored κ ${k(off, 'z_score')} → ${k(on, 'z_score')}, 2/λmax ${edge(off, 'z_score')} → ${edge(on, 'z_score')}. ` +
    `The sweep's pick moves from ${pick(off, 'none')} to ${pick(on, 'none')} raw and from ${pick(off, 'z_score')} to ${pick(on, 'z_score')} z-scored: a new feature is one more reason to rerun the sweep.`;
}
