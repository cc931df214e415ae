// Learning-rate schedules α(t): formulas, sources and the choices made where a source
// leaves one open. See schedule.hpp for the settings.
//
// Conventions for every schedule:
//   t is the 0-based step, T = total_steps, α = peak (the optimizer's learning rate).
//   A step outside [0, T) is clamped to the nearest end, so a caller that overruns gets the
//   last rate instead of an extrapolation.
//   For settings accepted by validate_schedule every rate lies in [0, α]; the final clamp
//   to [0, α] only removes last-ulp rounding (e.g. min + (α − min) ≠ α in floating point).
//   Settings that validate_schedule would reject still give a finite rate, never NaN and
//   never a crash: integer divisors are raised to 1, lengths are clamped into the run, a
//   non-finite result falls back to α (the constant schedule), and a peak that is not a
//   finite number > 0 gives 0. No exceptions are thrown (the WebAssembly build has them off).
#include "lrlab/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "lrlab/validate.hpp"

namespace lrlab {
namespace {

constexpr double kPi = 3.14159265358979323846;

// When base_lr = 0 the triangular policy cycles between α / 10 and α: a lower bound one
// decade below the peak, so the cycle is plainly visible on the lesson's log-α axis. (Smith
// 2017 takes both bounds from an LR range test; this default is the app's choice.)
constexpr double kTriangularDefaultBaseFraction = 0.1;

// Cosine annealing from `from` (pct = 0) to `to` (pct = 1):
//   to + (from − to) · (1 + cos(π · pct)) / 2
// Loshchilov & Hutter 2017, "SGDR", eq. (5); PyTorch's `_annealing_cos` has the same form.
double cosine_anneal(double from, double to, double pct) {
  return to + (from - to) * (1.0 + std::cos(kPi * pct)) / 2.0;
}

// step: α · γ^floor(t / step_size) — drop by γ every step_size steps
// (the "step decay" of PyTorch's StepLR).
double step_rate(const Schedule& s, double peak, int t) {
  const int step_size = std::max(1, s.step_size);
  return peak * std::pow(s.gamma, t / step_size);
}

// exponential: α · γ^t (PyTorch's ExponentialLR); γ = exp_gamma close to 1, e.g. 0.99, is typical.
double exponential_rate(const Schedule& s, double peak, int t) {
  return peak * std::pow(s.exp_gamma, t);
}

// warmup_cosine: linear warm-up then cosine decay.
//   t <  W:  α · (t + 1) / W          linear warm-up (Goyal et al. 2017, "Accurate, Large
//                                     Minibatch SGD", §2.2 gradual warm-up)
//   t ≥ W:  min + (α − min) · (1 + cos(π · (t − W) / (T − W))) / 2
//                                     cosine annealing (Loshchilov & Hutter 2017, eq. 5)
// Choice: the warm-up counts t + 1, so the first step already trains (α / W, not 0) and the
// ramp reaches α at t = W − 1; the cosine then starts at α at t = W, so α is held for two
// steps. The cosine uses T − W as its period like PyTorch's CosineAnnealingLR(T_max = T − W):
// min_lr is reached at t = T, one step after the run ends, so the last step is just above it.
double warmup_cosine_rate(const Schedule& s, double peak, int t, int total_steps) {
  const int warmup = std::clamp(s.warmup_steps, 0, total_steps - 1);
  if (t < warmup) return peak * (t + 1) / warmup;
  const double pct = static_cast<double>(t - warmup) / (total_steps - warmup);
  return cosine_anneal(peak, s.min_lr, pct);
}

// Step at which SGDR restart n begins (restart 0 is t = 0).
// The ideal cycle lengths are T_0 · m^i (Loshchilov & Hutter 2017: every restart multiplies
// the cycle length by T_mult), so restart n is at T_0 · (m^n − 1) / (m − 1).
// Choice for a non-integer m: that cumulative position is rounded to the nearest whole step
// (half away from zero), so cycles get rounded lengths whose sum never drifts from the ideal
// geometric series; each length is ≥ 1 because the ideal length T_0 · m^n is. For integer m
// the ideal positions are integers, rounding only removes floating error, and the cycles are
// PyTorch's CosineAnnealingWarmRestarts. expm1/log1p keep m close to 1 accurate.
double sgdr_restart_step(double first_cycle, double mult, double n) {
  if (mult == 1.0) return first_cycle * n;
  const double growth = mult - 1.0;
  return std::round(first_cycle * std::expm1(n * std::log1p(growth)) / growth);
}

// sgdr: cosine with warm restarts (Loshchilov & Hutter 2017, "SGDR", eq. 5):
//   η_min + ½ (α − η_min) (1 + cos(π · T_cur / T_i))
// T_cur counts steps since the last restart and resets to 0 at each restart, T_i is the
// current cycle's length: T_0 = cycle_steps, T_i = T_{i−1} · cycle_mult (see above for
// rounding). Same as PyTorch's CosineAnnealingWarmRestarts stepped once per step.
double sgdr_rate(const Schedule& s, double peak, int t, int total_steps) {
  const double first_cycle = std::max(1, s.cycle_steps);
  // m < 1 (or NaN) would shrink cycles to nothing: treat as 1. Once m ≥ T the second cycle
  // (≥ T_0 · T steps) already outlasts the run, so capping m at T + 1 changes no rate in
  // [0, T) and keeps m^n finite.
  const double mult =
      std::isnan(s.cycle_mult) ? 1.0 : std::clamp(s.cycle_mult, 1.0, total_steps + 1.0);

  // Cycle index n with restart(n) ≤ t < restart(n + 1): estimate from the inverse of the
  // geometric sum, n ≈ log(1 + t (m − 1) / T_0) / log(m), then correct for rounding.
  double n = mult == 1.0 ? std::floor(t / first_cycle)
                         : std::floor(std::log1p(t / first_cycle * (mult - 1.0)) /
                                      std::log1p(mult - 1.0));
  if (!(n >= 0.0)) n = 0.0;
  while (sgdr_restart_step(first_cycle, mult, n + 1.0) <= t) n += 1.0;
  while (n > 0.0 && sgdr_restart_step(first_cycle, mult, n) > t) n -= 1.0;

  const double cycle_start = sgdr_restart_step(first_cycle, mult, n);
  const double cycle_length =
      std::max(1.0, sgdr_restart_step(first_cycle, mult, n + 1.0) - cycle_start);
  return cosine_anneal(peak, s.min_lr, (t - cycle_start) / cycle_length);
}

// triangular: Smith 2017, "Cyclical Learning Rates for Training Neural Networks"
// (arXiv:1506.01186), triangular policy:
//   cycle = floor(1 + t / (2 · step_size))
//   x     = |t / step_size − 2 · cycle + 1|
//   lr    = base + (α − base) · max(0, 1 − x)
// with Smith's step_size = half_cycle: base at t = 0, α at t = half_cycle, base again at
// t = 2 · half_cycle. base_lr = 0 means α/10.
double triangular_rate(const Schedule& s, double peak, int t) {
  const double step_size = std::max(1, s.half_cycle);
  const double base = s.base_lr == 0.0 ? peak * kTriangularDefaultBaseFraction : s.base_lr;
  const double cycle = std::floor(1.0 + t / (2.0 * step_size));
  const double x = std::abs(t / step_size - 2.0 * cycle + 1.0);
  return base + (peak - base) * std::max(0.0, 1.0 - x);
}

// one_cycle: Smith & Topin 2019, "Super-Convergence", as PyTorch's OneCycleLR with
// anneal_strategy='cos', three_phase=False:
//   initial = α / div_factor,  min = initial / final_div_factor
//   phase 1: steps 0 … e₁ = pct_start · T − 1 (a float), cosine initial → α
//   phase 2: steps e₁ … e₂ = T − 1,                      cosine α → min
// Within a phase from s to e, pct = (t − s) / (e − s). As in PyTorch a step belongs to phase 1
// while t ≤ e₁ and to phase 2 otherwise, and phase 2 starts at e₁ (not e₁ + 1).
// PyTorch divides by zero when e₁ = 0 (pct_start · T = 1); here a phase of zero length gives
// its end rate (α at t = 0), from which phase 2 continues.
double one_cycle_rate(const Schedule& s, double peak, int t, int total_steps) {
  const double initial = peak / s.div_factor;
  const double minimum = initial / s.final_div_factor;
  const double rise_end = s.pct_start * total_steps - 1.0;
  const double last = total_steps - 1.0;

  double from = peak, to = minimum, start = rise_end, end = last;
  if (t <= rise_end) {
    from = initial;
    to = peak;
    start = 0.0;
    end = rise_end;
  }
  const double span = end - start;
  const double pct = span > 0.0 ? std::clamp((t - start) / span, 0.0, 1.0) : 1.0;
  return cosine_anneal(from, to, pct);
}

// "<setting> must be <range>, got <value>", the form expected.hpp asks for.
Error setting_error(const std::string& field, const std::string& setting, const std::string& range,
                    double got) {
  return field_error(field, setting + " must be " + range + ", got " + format_number(got));
}

}  // namespace

double schedule_rate(const Schedule& schedule, double peak, int step, int total_steps) {
  if (!std::isfinite(peak) || !(peak > 0.0)) return 0.0;
  const int run_length = std::max(1, total_steps);
  const int t = std::clamp(step, 0, run_length - 1);

  double rate = peak;
  switch (schedule.kind) {
    case ScheduleKind::constant: rate = peak; break;
    case ScheduleKind::step: rate = step_rate(schedule, peak, t); break;
    case ScheduleKind::exponential: rate = exponential_rate(schedule, peak, t); break;
    case ScheduleKind::warmup_cosine:
      rate = warmup_cosine_rate(schedule, peak, t, run_length);
      break;
    case ScheduleKind::sgdr: rate = sgdr_rate(schedule, peak, t, run_length); break;
    case ScheduleKind::triangular: rate = triangular_rate(schedule, peak, t); break;
    case ScheduleKind::one_cycle: rate = one_cycle_rate(schedule, peak, t, run_length); break;
  }
  if (std::isnan(rate)) return peak;
  return std::clamp(rate, 0.0, peak);
}

std::vector<double> schedule_preview(const Schedule& schedule, double peak, int total_steps) {
  std::vector<double> rates;
  if (total_steps <= 0) return rates;
  rates.reserve(static_cast<std::size_t>(total_steps));
  for (int t = 0; t < total_steps; ++t) {
    rates.push_back(schedule_rate(schedule, peak, t, total_steps));
  }
  return rates;
}

Expected<Ok> validate_schedule(const Schedule& schedule, double peak, int total_steps) {
  if (!std::isfinite(peak) || !(peak > 0.0)) {
    return setting_error("peak", "peak learning rate", "a finite number > 0", peak);
  }
  if (total_steps < 1) return setting_error("steps", "total_steps", "≥ 1", total_steps);
  // Ranges of single settings, from their description (schedule.hpp) …
  if (const auto valid = check_fields(schedule); !valid) return valid.failure();
  // … and the bounds that depend on the peak rate or the run length.
  const Schedule& s = schedule;
  const std::string below_peak_range = "in [0, peak learning rate = " + format_number(peak) + ")";
  const bool has_floor = s.kind == ScheduleKind::warmup_cosine || s.kind == ScheduleKind::sgdr;
  if (s.kind == ScheduleKind::warmup_cosine && s.warmup_steps > total_steps - 1) {
    return setting_error("warmup_steps", "warmup_steps",
                         "between 0 and total steps − 1 (" + std::to_string(total_steps - 1) + ")",
                         s.warmup_steps);
  }
  if (has_floor && !(s.min_lr < peak)) return setting_error("min_lr", "min_lr", below_peak_range, s.min_lr);
  if (s.kind == ScheduleKind::triangular && !(s.base_lr < peak)) {
    return setting_error("base_lr", "base_lr", below_peak_range + " (0 means peak / 10)", s.base_lr);
  }
  return Ok{};
}

}  // namespace lrlab
