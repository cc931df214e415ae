// A plain-JavaScript peer of the engine's whole default-sweep call (`run_sweep` for full-batch
// linear regression on the Gram statistics, cpp/lrlab/sweep.cpp): the statistics and the
// optimum J*, one run per α of the ×3 ladder, the curvature report (eigenvalues of the 3×3
// Hessian, Jacobi) and the diagnosis (cpp/lrlab/diagnose.cpp: the labels of a full-batch,
// single-order sweep, the best run, the pick, the edge and the advice with its reasons).
// Written as one would by hand, over Float64Arrays; benchmark code only (tests/bench/peers.mjs
// checks its labels and pick against the engine's and fails loudly when they differ).

// ---- constants of the engine (train.hpp, diagnose.hpp, sweep.cpp) ---------------------------
const kDivergenceLossRatio = 1e4;
const kTooLowProgress = 0.3;
const kPastPeakProgress = 0.75;
const kConvergedFraction = 1e-6;
const kSlowEvenAtBest = 0.5;
const kFlatRelativeDrop = 0.01;
const kMoveTolerance = 1e-6;
const kOscillationFlipFraction = 0.3;
const kOscillationRoughness = 0.01;
const kNoiseMargin = 2.0;
const kMinGainBeforeExplosion = 0.1;
const kUnstableRise = 0.5;
const kSingularRatio = 1e-12;
const kTiny = 1e-300;

const divergenceLimit = (initial) => kDivergenceLossRatio * Math.max(Math.abs(initial), 1e-12);
const lossDiverged = (loss, limit) => !Number.isFinite(loss) || loss > limit;
const sig = (v, digits) => String(Number(v.toPrecision(digits)));
const percent = (f) => (f > 0 && f < 1e-4 ? '< 0.01 %' : `${sig(100 * f, f < 0.1 && f > -0.1 ? 2 : 3)} %`);

/** The ×3 (1-3-10) ladder: start·10^⌊k/2⌋·(1 or 3), `count` rates. */
export function ladder(start, count) {
  const values = [];
  for (let k = 0; k < count; ++k) values.push(start * 10 ** Math.floor(k / 2) * (k % 2 ? 3 : 1));
  return values;
}

// ---- Gram statistics: H = X̃ᵀX̃/m, c = X̃ᵀy/m, θ* solving Hθ = c, J* ------------------------
function gramStats(X, y, m, d) {
  const p = d + 1;
  const H = new Float64Array(p * p), c = new Float64Array(p);
  for (let i = 0; i < m; ++i) {
    const row = i * d;
    for (let a = 0; a < p; ++a) {
      const xa = a < d ? X[row + a] : 1;
      c[a] += xa * y[i];
      for (let b = a; b < p; ++b) H[a * p + b] += xa * (b < d ? X[row + b] : 1);
    }
  }
  for (let a = 0; a < p; ++a) {
    c[a] /= m;
    for (let b = a; b < p; ++b) H[b * p + a] = H[a * p + b] = H[a * p + b] / m;
  }
  // Gaussian elimination with partial pivoting (H is small and, here, full rank).
  const A = Float64Array.from(H), rhs = Float64Array.from(c);
  for (let k = 0; k < p; ++k) {
    let pivot = k;
    for (let i = k + 1; i < p; ++i) if (Math.abs(A[i * p + k]) > Math.abs(A[pivot * p + k])) pivot = i;
    if (pivot !== k) {
      for (let j = 0; j < p; ++j) [A[k * p + j], A[pivot * p + j]] = [A[pivot * p + j], A[k * p + j]];
      [rhs[k], rhs[pivot]] = [rhs[pivot], rhs[k]];
    }
    for (let i = k + 1; i < p; ++i) {
      const f = A[i * p + k] / A[k * p + k];
      for (let j = k; j < p; ++j) A[i * p + j] -= f * A[k * p + j];
      rhs[i] -= f * rhs[k];
    }
  }
  const optimum = new Float64Array(p);
  for (let k = p - 1; k >= 0; --k) {
    let s = rhs[k];
    for (let j = k + 1; j < p; ++j) s -= A[k * p + j] * optimum[j];
    optimum[k] = s / A[k * p + k];
  }
  let sse = 0;
  for (let i = 0; i < m; ++i) {
    let r = optimum[d] - y[i];
    for (let j = 0; j < d; ++j) r += optimum[j] * X[i * d + j];
    sse += r * r;
  }
  return { p, H, c, optimum, optimalLoss: sse / (2 * m) };
}

// ---- curvature: eigenvalues of the symmetric H by cyclic Jacobi rotations -------------------
function eigenvaluesSymmetric(H, p) {
  const A = Float64Array.from(H);
  for (let sweep = 0; sweep < 50; ++sweep) {
    let off = 0;
    for (let i = 0; i < p; ++i) for (let j = i + 1; j < p; ++j) off += A[i * p + j] ** 2;
    if (off < 1e-30) break;
    for (let i = 0; i < p; ++i) {
      for (let j = i + 1; j < p; ++j) {
        const aij = A[i * p + j];
        if (aij === 0) continue;
        const theta = (A[j * p + j] - A[i * p + i]) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cs = 1 / Math.sqrt(t * t + 1), sn = t * cs;
        for (let k = 0; k < p; ++k) {  // A ← JᵀAJ: columns i, j, then rows i, j
          const aki = A[k * p + i], akj = A[k * p + j];
          A[k * p + i] = cs * aki - sn * akj;
          A[k * p + j] = sn * aki + cs * akj;
        }
        for (let k = 0; k < p; ++k) {
          const aik = A[i * p + k], ajk = A[j * p + k];
          A[i * p + k] = cs * aik - sn * ajk;
          A[j * p + k] = sn * aik + cs * ajk;
        }
      }
    }
  }
  const values = [];
  for (let i = 0; i < p; ++i) values.push(Math.max(0, A[i * p + i]));
  return values.sort((a, b) => a - b);
}

function curvatureReport(H, p, momentum) {
  const eigenvalues = eigenvaluesSymmetric(H, p);
  const lambdaMin = eigenvalues[0], lambdaMax = eigenvalues[p - 1];
  return {
    eigenvalues,
    lambda_min: lambdaMin,
    lambda_max: lambdaMax,
    condition_number: lambdaMin <= kSingularRatio * lambdaMax ? Infinity : lambdaMax / lambdaMin,
    zigzag_rate: 1 / lambdaMax,
    divergence_rate: 2 / lambdaMax,
    fastest_rate: 2 / (lambdaMin + lambdaMax),
    momentum_divergence_rate: (2 + 2 * momentum) / lambdaMax,
  };
}

// ---- one full-batch GD run on J(θ) = J* + ½(θ − θ*)ᵀH(θ − θ*) ------------------------------
function trainGram(g, start, alpha, steps) {
  const { p, H, optimum, optimalLoss } = g;
  const theta = Float64Array.from(start), delta = new Float64Array(p), grad = new Float64Array(p);
  const evaluate = () => {
    for (let j = 0; j < p; ++j) delta[j] = theta[j] - optimum[j];
    let quad = 0;
    for (let a = 0; a < p; ++a) {
      let s = 0;
      for (let b = 0; b < p; ++b) s += H[a * p + b] * delta[b];
      grad[a] = s;
      quad += delta[a] * s;
    }
    return optimalLoss + Math.max(0, 0.5 * quad);
  };
  const loss = [];
  const initialLoss = evaluate();
  const limit = divergenceLimit(initialLoss);
  let diverged = false, divergedAt = -1;
  for (let t = 0; t < steps; ++t) {
    const J = evaluate();
    loss.push(J);
    if (lossDiverged(J, limit) || !grad.every(Number.isFinite)) { diverged = true; divergedAt = t; break; }
    for (let j = 0; j < p; ++j) theta[j] -= alpha * grad[j];
  }
  let finalLoss = NaN;
  if (!diverged) {
    const J = evaluate();
    if (!lossDiverged(J, limit)) finalLoss = J;
    else { diverged = true; divergedAt = steps; }
  }
  return { loss, initialLoss, finalLoss, diverged, divergedAt, finalParams: theta };
}

// ---- diagnosis (diagnose.cpp: diagnose() on full-batch curves, diagnose_sweep()) ------------
function curveFromRun(run, optimalLoss) {
  const loss = run.diverged ? run.loss : [...run.loss, run.finalLoss];
  return { loss, initialLoss: run.initialLoss, finalLoss: run.finalLoss, diverged: run.diverged, divergedAt: run.divergedAt, optimalLoss };
}
function usableOptimum(c) {
  const j = c.optimalLoss;
  return Number.isFinite(j) && j >= 0 && j < c.initialLoss ? j : NaN;
}
function logDrop(c) {
  if (c.diverged || !Number.isFinite(c.initialLoss) || !Number.isFinite(c.finalLoss) || c.initialLoss <= 0) return 0;
  const opt = usableOptimum(c);
  const start = Number.isFinite(opt) ? c.initialLoss - opt : c.initialLoss;
  const end = Number.isFinite(opt) ? c.finalLoss - opt : c.finalLoss;
  return Math.log(start) - Math.log(Math.max(end, kConvergedFraction * start));
}
function excessLeft(c) {
  const opt = usableOptimum(c);
  if (c.diverged || !Number.isFinite(opt) || !Number.isFinite(c.finalLoss)) return NaN;
  return Math.max(0, c.finalLoss - opt) / (c.initialLoss - opt);
}
function roughness(loss) {
  const n = loss.length;
  if (n < 3) return 0;
  let sum = 0, count = 0;
  for (let t = Math.max(1, Math.floor(n / 2)); t < n; ++t) {
    sum += Math.abs(loss[t] - loss[t - 1]) / Math.max(Math.abs(loss[t - 1]), kTiny);
    ++count;
  }
  return count ? sum / count : 0;
}
function flipFraction(loss) {
  let moves = 0, flips = 0, last = 0;
  for (let t = 1; t < loss.length; ++t) {
    const delta = loss[t] - loss[t - 1];
    if (Math.abs(delta) <= kMoveTolerance * Math.max(Math.abs(loss[t - 1]), kTiny)) continue;
    const sign = delta > 0 ? 1 : -1;
    if (last !== 0) { ++moves; if (sign !== last) ++flips; }
    last = sign;
  }
  return moves ? flips / moves : 0;
}
function trailingMean(x, window) {
  const out = new Array(x.length);
  let sum = 0;
  for (let i = 0; i < x.length; ++i) {
    sum += x[i];
    if (i >= window) sum -= x[i - window];
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

function diagnose(c, ctx) {
  const d = { label: 'good', reason: '' };
  const start = c.initialLoss;
  if (!c.loss.length || !Number.isFinite(start) || !Number.isFinite(c.loss[0])) {
    return { label: 'diverged', reason: 'the loss was not a number at the first step: check the data and settings' };
  }
  const finite = [...c.loss];
  while (finite.length && !Number.isFinite(finite[finite.length - 1])) finite.pop();
  const window = Math.max(1, Math.floor(finite.length / 20));
  const smooth = trailingMean(finite, window);
  const lowest = Math.min(...smooth), highest = Math.max(...finite);
  const end = c.diverged ? Infinity : smooth[smooth.length - 1];
  const gain = (start - Math.min(lowest, start)) / Math.max(start, kTiny);
  d.blowup_ratio = c.diverged ? Infinity : highest / Math.max(start, kTiny);
  d.rise_after_min = start > lowest ? (end - lowest) / (start - lowest) : (end > start ? Infinity : 0);
  d.flip_fraction = flipFraction(finite);
  d.roughness = roughness(finite);
  d.log_drop = logDrop(c);
  d.excess_left = excessLeft(c);
  d.relative_drop = c.diverged ? 0 : (start - c.finalLoss) / Math.max(start, kTiny);
  d.progress = ctx.bestLogDrop > 0 ? d.log_drop / ctx.bestLogDrop : (d.log_drop > 0 ? 1 : 0);
  if (c.diverged) {
    const aboveBound = Number.isFinite(ctx.divergenceRate) && ctx.learningRate > ctx.divergenceRate;
    if (gain >= kMinGainBeforeExplosion) {
      d.label = 'unstable';
      d.reason = `fell ${percent(gain)}, then exploded at step ${c.divergedAt}` + (aboveBound
        ? `: α is above 2/λmax = ${sig(ctx.divergenceRate, 6)}, so the steepest direction grew every step from a small start — lower α below ${sig(ctx.divergenceRate, 6)} (warm-up cannot rescue a constant α above it)`
        : ': borderline — lower α, or warm up so the first steps are smaller');
    } else {
      d.label = 'diverged';
      d.reason = `blew up from the start (loss non-finite or over ${kDivergenceLossRatio}× its start by step ${c.divergedAt}): α is far too large`
        + (aboveBound ? ` (above 2/λmax = ${sig(ctx.divergenceRate, 6)})` : '');
    }
  } else if (d.rise_after_min >= kUnstableRise && gain >= kMinGainBeforeExplosion) {
    d.label = 'unstable';
    d.reason = `fell ${percent(gain)}, then gave back ${percent(d.rise_after_min)} of that gain by the end: borderline — lower α or use a decaying schedule`;
  } else if (d.relative_drop < -kFlatRelativeDrop) {
    d.label = 'diverged';
    d.reason = `the loss rose instead of falling (end ${sig(c.finalLoss, 6)} vs start ${sig(start, 6)}): α is too large`;
  } else if (d.flip_fraction >= kOscillationFlipFraction && d.roughness >= kOscillationRoughness &&
             d.roughness >= kNoiseMargin * ctx.roughnessFloor) {
    d.label = 'oscillating';
    d.reason = `saw-tooth: ${percent(d.flip_fraction)} of steps reverse direction, swinging ${percent(d.roughness)} of the loss per step: usually α is too high`;
  } else if (ctx.aboveBest && ctx.bestLogDrop > 0 && d.progress < kPastPeakProgress) {
    d.label = 'past_peak';
    d.reason = `past the peak: ${percent(d.progress)} of the progress of α = ${sig(ctx.bestRate, 6)} (log scale)`
      + (Number.isFinite(d.excess_left) ? `, ${percent(d.excess_left)} of the excess loss left` : '')
      + (Number.isFinite(ctx.zigzagRate) && ctx.learningRate > ctx.zigzagRate ? `; above 1/λmax = ${sig(ctx.zigzagRate, 6)} the weights zig-zag across the steepest direction` : '')
      + (Number.isFinite(ctx.fastestRate) ? `; the fastest single rate is 2/(λmin+λmax) = ${sig(ctx.fastestRate, 6)}` : '')
      + ' — a smaller α does better';
  } else if (!ctx.aboveBest && d.relative_drop < kFlatRelativeDrop) {
    d.label = 'too_low';
    d.reason = `almost flat: the loss fell only ${percent(d.relative_drop)} in the window — raise α`;
  } else if (!ctx.aboveBest && d.progress < kTooLowProgress) {
    d.label = 'too_low';
    d.reason = `too slow: ${percent(d.progress)} of the best run's progress (log scale) in the window`
      + (Number.isFinite(d.excess_left) ? `, ${percent(d.excess_left)} of the excess loss left` : '') + ' — raise α';
  } else {
    d.label = 'good';
    d.reason = `smooth drop: loss fell ${percent(d.relative_drop)}`
      + (Number.isFinite(d.excess_left) ? ` (${percent(d.excess_left)} of the excess loss left)` : '')
      + `, ${percent(Math.min(d.progress, 9.99))} of the best run's progress`;
  }
  return d;
}

const isStable = (label) => label === 'too_low' || label === 'good' || label === 'past_peak';

function diagnoseSweep(sweep) {
  const n = sweep.runs.length;
  const curves = sweep.runs.map((r) => curveFromRun(r.result, sweep.optimalLoss));
  let bestLogDrop = 0, best = -1;
  curves.forEach((c, i) => {
    if (c.diverged) return;
    const drop = logDrop(c);
    if (drop > bestLogDrop) { bestLogDrop = drop; best = i; }
  });
  Object.assign(sweep, { best_index: best, recommended_index: -1, edge_index: -1 });
  let largestSlow = -1;
  const cv = sweep.curvature;
  for (let i = 0; i < n; ++i) {
    const ctx = {
      bestLogDrop, learningRate: sweep.runs[i].learning_rate, aboveBest: best >= 0 && i > best,
      bestRate: best >= 0 ? sweep.runs[best].learning_rate : 0, roughnessFloor: 0,
      zigzagRate: cv.zigzag_rate, divergenceRate: cv.divergence_rate, fastestRate: cv.fastest_rate,
    };
    const dg = diagnose(curves[i], ctx);
    sweep.runs[i].diagnosis = dg;
    if (sweep.edge_index < 0 && (dg.label === 'unstable' || dg.label === 'diverged')) sweep.edge_index = i;
    if (dg.label === 'good') sweep.recommended_index = i;
    if (dg.label === 'too_low') largestSlow = i;
  }
  if (sweep.recommended_index < 0) sweep.recommended_index = largestSlow;
  const r = sweep.recommended_index;
  if (r < 0) {
    sweep.advice = 'no learning rate in this sweep was stable: start lower — go down ×10 at a time until a run does not blow up — and sweep again';
    return sweep;
  }
  let low = r;
  while (low > 0 && isStable(sweep.runs[low - 1].diagnosis.label)) --low;
  sweep.recommended = sweep.runs[r].learning_rate;
  sweep.stable_min = sweep.runs[low].learning_rate;
  sweep.stable_max = sweep.recommended;
  const alpha = sig(sweep.recommended, 6);
  if (sweep.runs[r].diagnosis.label === 'too_low') {
    sweep.advice = `every stable run was still slow: α = ${alpha} is the largest stable one, but sweep higher to find the edge`;
  } else if (r + 1 === n) {
    sweep.advice = `α = ${alpha} is the largest good rate tried, and the largest in the grid: extend the sweep upward to find where it breaks`;
  } else {
    const next = sweep.runs[r + 1].diagnosis.label;
    sweep.advice = `take α = ${alpha}, the largest α with a smooth, fast drop; the next one up (${sig(sweep.runs[r + 1].learning_rate, 6)}) `
      + ({ past_peak: 'is past the peak: stable, but it makes clearly less progress', oscillating: 'is oscillating', unstable: 'is unstable' }[next] || 'is diverging');
  }
  const left = sweep.runs[r].diagnosis.excess_left;
  if (Number.isFinite(left) && left > kSlowEvenAtBest) {
    sweep.advice += `. Even so, this run leaves ${sig(100 * left, 3)} % of its excess loss (L − J*) in the window: κ = ${sig(cv.condition_number, 3)}, so any α below 2/λmax crawls along the flattest direction — scale the features (z-score) or train longer`;
  }
  return sweep;
}

/**
 * The whole default sweep in plain JS: X row-major (m × d, as the model sees it), y.
 * @returns the runs (α, loss curve, label, reason), best/recommended/edge indices, curvature, advice
 */
export function jsWholeSweep(X, y, m, d, { start = 1e-4, count = 9, steps = 200, momentum = 0.9 } = {}) {
  const g = gramStats(X, y, m, d);
  let meanY = 0;
  for (let i = 0; i < m; ++i) meanY += y[i];
  const theta0 = new Float64Array(g.p);
  theta0[d] = meanY / m;  // the engine's start: weights 0, bias = mean target
  const sweep = { runs: [], optimalLoss: g.optimalLoss };
  for (const alpha of ladder(start, count)) {
    sweep.runs.push({ learning_rate: alpha, result: trainGram(g, theta0, alpha, steps) });
  }
  sweep.curvature = curvatureReport(g.H, g.p, momentum);
  return diagnoseSweep(sweep);
}
