#include "diagnose.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace lrlab {

namespace {

// "%.*g" of a finite, non-zero number to 1–15 significant digits without printf: musl's printf
// (WebAssembly) formats through long double, a software type there, ≈ 1 µs a number, and a
// sweep's reasons and advice format dozens. The digits are round(|value| · 10ˢ) for the s that
// leaves `digits` of them, and 10ˢ (|s| ≤ 22) is exact in double, so the scaled value is one
// correctly rounded multiplication or division away from the exact one: within 2⁻⁵³ of it,
// relative. Whenever that error could decide the rounding (the scaled value within 2⁻⁵⁰ of a
// tie) or s is out of range, it answers false and the caller asks printf. The layout is
// printf's %g: style e when the exponent X < −4 or X ≥ digits, else fixed; trailing zeros
// dropped. tests/cpp/test_diagnose.cpp checks it against snprintf on millions of numbers.
bool format_significant(double value, int digits, std::string& out) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (digits < 1 || digits > 15 || !std::isfinite(value) || value == 0.0) return false;
  const double v = std::fabs(value);
  int x = static_cast<int>(std::floor(std::log10(v)));  // the exponent, corrected below if off by one
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int s = digits - 1 - x;
    if (s > 22 || s < -22) return false;
    const double scaled = s >= 0 ? v * kPow10[s] : v / kPow10[-s];
    if (scaled >= kPow10[digits]) {  // x one too low
      ++x;
      continue;
    }
    const double whole = std::floor(scaled);
    const double fraction = scaled - whole;  // exact: scaled < 10¹⁵ < 2⁵³
    if (std::fabs(fraction - 0.5) <= scaled * 0x1p-50) return false;  // too near a tie: printf decides
    long long n = static_cast<long long>(whole) + (fraction > 0.5 ? 1 : 0);
    int exponent = x;
    if (n == static_cast<long long>(kPow10[digits])) {  // 9.99… rounded up to 10.0…
      n /= 10;
      ++exponent;
    }
    if (n < static_cast<long long>(kPow10[digits - 1])) {  // x one too high
      --x;
      continue;
    }
    char d[16];
    for (int i = digits - 1; i >= 0; --i) {
      d[i] = static_cast<char>('0' + n % 10);
      n /= 10;
    }
    int kept = digits;  // without the trailing zeros
    while (kept > 1 && d[kept - 1] == '0') --kept;
    if (value < 0.0) out += '-';
    if (exponent < -4 || exponent >= digits) {
      out += d[0];
      if (kept > 1) {
        out += '.';
        out.append(d + 1, static_cast<size_t>(kept - 1));
      }
      out += exponent < 0 ? "e-" : "e+";
      const int e = exponent < 0 ? -exponent : exponent;
      if (e < 10) out += '0';
      out += std::to_string(e);
    } else if (exponent >= 0) {
      out.append(d, static_cast<size_t>(exponent + 1));
      if (kept > exponent + 1) {
        out += '.';
        out.append(d + exponent + 1, static_cast<size_t>(kept - exponent - 1));
      }
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out.append(d, static_cast<size_t>(kept));
    }
    return true;
  }
  return false;
}

}  // namespace

std::string significant(double value, int digits) {
  if (value == 0.0) value = 0.0;  // never "-0"
  std::string fast;
  if (format_significant(value, digits, fast)) return fast;
  char text[32];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

std::string readable(double value, int digits) {
  if (!std::isfinite(value)) return format_number(value);
  const double size = std::fabs(value);
  if (size >= 1e3 && size < 1e5) {  // "12300", not "1.23e+04"
    const double unit = std::pow(10.0, std::floor(std::log10(size)) + 1.0 - digits);
    return format_number(std::round(value / unit) * unit);
  }
  return significant(value, digits);
}

std::string percent(double fraction) {
  if (!std::isfinite(fraction)) return format_number(fraction);
  if (std::fabs(fraction) < 1e-4) return fraction > 0.0 ? "< 0.01 %" : "0 %";  // never "1.8e-09 %", "-0 %"
  if (std::fabs(fraction) >= 100.0) return readable(fraction) + "×";        // never "5.23e+04 %"
  return readable(100.0 * fraction, std::fabs(fraction) < 0.1 ? 2 : 3) + " %";
}

namespace {

constexpr double kTiny = 1e-300;

// A reason under construction: text and integers appended with <<, numbers formatted by the
// caller (format_number, percent, significant). No iostreams in the engine (size, speed).
struct Text {
  std::string text;
  Text& operator<<(const std::string& s) { text += s; return *this; }
  Text& operator<<(const char* s) { text += s; return *this; }
  Text& operator<<(int n) { text += std::to_string(n); return *this; }
  std::string str() const { return text; }
};

double flip_fraction(const double* loss, size_t n) {
  int moves = 0, flips = 0, last_sign = 0;
  for (size_t t = 1; t < n; ++t) {
    const double delta = loss[t] - loss[t - 1];
    if (std::abs(delta) <= kMoveTolerance * std::max(std::abs(loss[t - 1]), kTiny)) continue;
    const int sign = delta > 0 ? 1 : -1;
    if (last_sign != 0) {
      ++moves;
      if (sign != last_sign) ++flips;
    }
    last_sign = sign;
  }
  return moves > 0 ? static_cast<double>(flips) / moves : 0.0;
}

double roughness(const double* loss, size_t n) {
  if (n < 3) return 0.0;
  double sum = 0.0;
  int count = 0;
  for (size_t t = std::max<size_t>(1, n / 2); t < n; ++t) {
    const double level = std::max(std::abs(loss[t - 1]), kTiny);
    sum += std::abs(loss[t] - loss[t - 1]) / level;
    ++count;
  }
  return count > 0 ? sum / count : 0.0;
}

}  // namespace

// The lowest and the last value of the moving average over a trailing window (the trend
// signals use it so a single noisy mini-batch value neither makes nor breaks a verdict; for a
// monotone curve it stays monotone), computed on the fly: no buffer per diagnosis. Once the
// window is full every mean is its sum divided by the same `window`, and a correctly rounded
// division by a positive constant keeps the order of its inputs (equal ones included), so the
// lowest of those means is the lowest sum divided once: one division per curve, not one per
// value. The result is the one the means computed one by one give, NaN and ±∞ included
// (tests/cpp/test_diagnose.cpp).
TrailingMeanRange trailing_mean_range(const double* x, size_t n, int window) {
  TrailingMeanRange range{std::numeric_limits<double>::infinity(), 0.0};
  const size_t w = static_cast<size_t>(std::max(window, 1));
  double sum = 0.0;
  size_t i = 0;
  // The first w − 1 means, over fewer values than the window.
  for (; i < n && i + 1 < w; ++i) {
    sum += x[i];
    const double mean = sum / static_cast<double>(i + 1);
    if (i == 0 || mean < range.lowest) range.lowest = mean;  // as std::min_element: the first of equals, NaN kept
    range.last = mean;
  }
  if (i == n) return range;
  // Full windows: the lowest sum, by the same rule (from the first value when the window is
  // 1: then a NaN there is kept, as above; else from +∞, which a NaN never replaces).
  const bool starts = i == 0;
  double lowest_sum = std::numeric_limits<double>::infinity();
  for (; i < n; ++i) {
    sum += x[i];
    if (i >= w) sum -= x[i - w];
    if (i == 0 || sum < lowest_sum) lowest_sum = sum;
  }
  const double divisor = static_cast<double>(w);
  const double lowest = lowest_sum / divisor;
  if (starts || lowest < range.lowest) range.lowest = lowest;
  range.last = sum / divisor;
  return range;
}

bool is_stable(Label label) {
  return label == Label::too_low || label == Label::good || label == Label::past_peak;
}

Curve curve_from_losses(const std::vector<double>& loss) {
  Curve c;
  c.loss = loss;
  if (loss.empty()) {
    c.diverged = true;
    c.diverged_at = 0;
    return c;
  }
  c.initial_loss = loss.front();
  // The training loop's rule (train.hpp), so a curve ends where the run ended.
  const double limit = divergence_limit(loss.front());
  for (size_t t = 0; t < loss.size(); ++t) {
    if (loss_diverged(loss[t], limit)) {
      c.diverged = true;
      c.diverged_at = static_cast<int>(t);
      c.loss.resize(t + 1);
      break;
    }
  }
  c.final_loss = c.diverged ? std::numeric_limits<double>::quiet_NaN() : loss.back();
  return c;
}

Curve curve_from_run(const RunResult& run, double optimal_loss) {
  Curve c;
  c.optimal_loss = optimal_loss;
  // The curve a run leaves is θ₀ … θ_T: the per-step losses, then the loss after the last
  // update (for full batch exactly the next point of the same curve).
  c.loss.reserve(run.loss.size() + 1);  // one allocation, the final loss included
  c.loss.assign(run.loss.begin(), run.loss.end());
  if (!run.diverged) c.loss.push_back(run.final_loss);
  c.initial_loss = run.initial_loss;
  c.final_loss = run.final_loss;
  c.diverged = run.diverged;
  c.diverged_at = run.diverged_at;
  c.noisy = run.mini_batch;
  return c;
}

namespace {
// J* when it is known and below the start (there is something to gain), else NaN.
double usable_optimum(const Curve& curve) {
  const double j = curve.optimal_loss;
  return std::isfinite(j) && j >= 0.0 && j < curve.initial_loss ? j : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

double log_drop(const Curve& curve) {
  if (curve.diverged || !std::isfinite(curve.initial_loss) || !std::isfinite(curve.final_loss) ||
      curve.initial_loss <= 0.0) {
    return 0.0;
  }
  const double optimum = usable_optimum(curve);
  const double start = std::isfinite(optimum) ? curve.initial_loss - optimum : curve.initial_loss;
  const double end = std::isfinite(optimum) ? curve.final_loss - optimum : curve.final_loss;
  // In logs, so a huge start or a tiny end cannot overflow; the end is floored where the run
  // has converged (rounding below it is not progress).
  return std::log(start) - std::log(std::max(end, kConvergedFraction * start));
}

double excess_left(const Curve& curve) {
  const double optimum = usable_optimum(curve);
  if (curve.diverged || !std::isfinite(optimum) || !std::isfinite(curve.final_loss)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return std::max(0.0, curve.final_loss - optimum) / (curve.initial_loss - optimum);
}

double roughness(const std::vector<double>& loss) { return roughness(loss.data(), loss.size()); }

Diagnosis diagnose(const Curve& curve, const DiagnosisContext& context) {
  Diagnosis d;
  d.steps = static_cast<int>(curve.loss.size());
  const double start = curve.initial_loss;

  if (curve.loss.empty() || !std::isfinite(start) || !std::isfinite(curve.loss.front())) {
    d.label = Label::diverged;
    d.blowup_ratio = std::numeric_limits<double>::infinity();
    d.reason = "the loss was not a number at the first step: check the data and settings";
    return d;
  }

  // Trend signals on the finite part of the curve (the losses up to the last finite one),
  // lightly smoothed. The first loss is finite (checked above), so that part is not empty.
  const double* finite = curve.loss.data();
  size_t finite_size = curve.loss.size();
  while (finite_size > 0 && !std::isfinite(finite[finite_size - 1])) --finite_size;
  // Mini-batch losses scatter around the trend; a wider window keeps that scatter from
  // reading as a gain (an optimistic minimum) that is then "given back".
  const int window = std::max(1, static_cast<int>(finite_size) / (curve.noisy ? 5 : 20));
  const TrailingMeanRange smooth = trailing_mean_range(finite, finite_size, window);
  const double lowest = smooth.lowest;
  double highest = finite[0];  // std::max_element's value, without its reload of the largest so far
  for (size_t t = 1; t < finite_size; ++t) {
    if (highest < finite[t]) highest = finite[t];
  }
  // A noisy (mini-batch) curve ends where the full-data loss says, not at the last batches.
  const double end = curve.diverged ? std::numeric_limits<double>::infinity()
                     : (curve.noisy && std::isfinite(curve.final_loss)) ? curve.final_loss
                                                                         : smooth.last;
  const double gain = (start - std::min(lowest, start)) / std::max(start, kTiny);

  d.blowup_ratio = curve.diverged ? std::numeric_limits<double>::infinity()
                                  : highest / std::max(start, kTiny);
  d.rise_after_min = start > lowest ? (end - lowest) / (start - lowest)
                                    : (end > start ? std::numeric_limits<double>::infinity() : 0.0);
  d.flip_fraction = flip_fraction(finite, finite_size);
  d.roughness = roughness(finite, finite_size);
  d.log_drop = log_drop(curve);
  d.excess_left = excess_left(curve);
  d.relative_drop = curve.diverged ? 0.0 : (start - curve.final_loss) / std::max(start, kTiny);
  d.progress = context.best_log_drop > 0.0 ? d.log_drop / context.best_log_drop
                                           : (d.log_drop > 0.0 ? 1.0 : 0.0);

  Text why;
  if (curve.diverged) {
    const bool above_bound = std::isfinite(context.divergence_rate) && context.learning_rate > context.divergence_rate;
    if (gain >= kMinGainBeforeExplosion) {
      d.label = Label::unstable;
      why << "fell " << percent(gain) << ", then exploded at step " << curve.diverged_at;
      if (above_bound) {
        // On a quadratic the steepest direction grows by |1 − αλmax| > 1 every step from the
        // start; it only began small. No schedule that keeps this α can save the run.
        why << ": α is above 2/λmax = " << readable(context.divergence_rate)
            << ", so the steepest direction grew every step from a small start — lower α below "
            << readable(context.divergence_rate) << " (warm-up cannot rescue a constant α above it)";
      } else {
        why << ": borderline — lower α, or warm up so the first steps are smaller";
      }
    } else {
      d.label = Label::diverged;
      why << "blew up from the start (loss non-finite or over "
          << readable(kDivergenceLossRatio) << "× its start by step " << curve.diverged_at
          << "): α is far too large";
      if (above_bound) why << " (above 2/λmax = " << readable(context.divergence_rate) << ")";
    }
  } else if (d.rise_after_min >= kUnstableRise && gain >= kMinGainBeforeExplosion) {
    d.label = Label::unstable;
    why << "fell " << percent(gain) << ", then gave back " << percent(d.rise_after_min)
        << " of that gain by the end: borderline — lower α or use a decaying schedule";
  } else if (d.relative_drop < -kFlatRelativeDrop) {
    d.label = Label::diverged;
    why << "the loss rose instead of falling (end " << readable(curve.final_loss)
        << " vs start " << readable(start) << "): α is too large";
  } else if (d.flip_fraction >= kOscillationFlipFraction &&
             d.roughness >= kOscillationRoughness &&
             d.roughness >= kNoiseMargin * context.roughness_floor) {
    d.label = Label::oscillating;
    why << "saw-tooth: " << percent(d.flip_fraction) << " of steps reverse direction, swinging "
        << percent(d.roughness) << " of the loss per step: usually α is too high";
  } else if (context.above_best && context.best_log_drop > 0.0 && d.progress < kPastPeakProgress) {
    // Above the best run's α, less progress is overshoot, never slowness.
    d.label = Label::past_peak;
    why << "past the peak: " << percent(d.progress) << " of the progress of α = "
        << readable(context.best_rate) << " (log scale)";
    if (std::isfinite(d.excess_left)) why << ", " << percent(d.excess_left) << " of the excess loss left";
    if (std::isfinite(context.zigzag_rate) && context.learning_rate > context.zigzag_rate) {
      why << "; above 1/λmax = " << readable(context.zigzag_rate)
          << " the weights zig-zag across the steepest direction";
    }
    if (std::isfinite(context.fastest_rate)) {
      why << "; the fastest single rate is 2/(λmin+λmax) = " << readable(context.fastest_rate);
    }
    why << " — a smaller α does better";
  } else if (!context.above_best && d.relative_drop < kFlatRelativeDrop) {
    d.label = Label::too_low;
    why << "almost flat: the loss fell only " << percent(d.relative_drop)
        << " in the window — raise α";
  } else if (!context.above_best && d.progress < kTooLowProgress) {
    d.label = Label::too_low;
    why << "too slow: " << percent(d.progress)
        << " of the best run's progress (log scale) in the window";
    if (std::isfinite(d.excess_left)) why << ", " << percent(d.excess_left) << " of the excess loss left";
    why << " — raise α";
  } else {
    d.label = Label::good;
    why << "smooth drop: loss fell " << percent(d.relative_drop);
    if (std::isfinite(d.excess_left)) why << " (" << percent(d.excess_left) << " of the excess loss left)";
    why << ", " << percent(std::min(d.progress, 9.99)) << " of the best run's progress";
  }
  d.reason = why.str();
  return d;
}

SeedBand make_band(std::vector<double> final_losses) {
  SeedBand band;
  band.final_losses = std::move(final_losses);
  std::vector<double> finite;
  for (const double loss : band.final_losses) {
    if (std::isfinite(loss)) finite.push_back(loss);
    else ++band.diverged;
  }
  if (!finite.empty()) {
    std::sort(finite.begin(), finite.end());
    const size_t n = finite.size();
    band.low = finite.front();
    band.high = finite.back();
    band.median = n % 2 ? finite[n / 2] : 0.5 * (finite[n / 2 - 1] + finite[n / 2]);
  }
  return band;
}

double band_log_drop(const Curve& curve, const SeedBand& band) {
  if (band.diverged > 0 || !std::isfinite(band.median)) return 0.0;
  Curve end = curve;
  end.diverged = false;
  end.final_loss = band.median;
  return log_drop(end);
}

Diagnosis diagnose_band(const Curve& curve, const SeedBand& band, const DiagnosisContext& context) {
  const int orders = static_cast<int>(band.final_losses.size());
  // The curve's own signals (flips, roughness, rise), with the end at the median full-data loss.
  Curve judged = curve;
  if (band.diverged == 0 && std::isfinite(band.median)) {
    judged.diverged = false;
    judged.diverged_at = -1;
    judged.final_loss = band.median;
  }
  DiagnosisContext alone;
  alone.learning_rate = context.learning_rate;
  alone.divergence_rate = context.divergence_rate;
  Diagnosis d = diagnose(judged, alone);
  if (d.label == Label::diverged && !std::isfinite(curve.initial_loss)) return d;  // not a number at the start

  const double start = curve.initial_loss;
  const std::string of_orders = " (" + std::to_string(orders) + " batch orders)";
  d.log_drop = band_log_drop(curve, band);
  d.progress = context.best_log_drop > 0.0 ? d.log_drop / context.best_log_drop
                                           : (d.log_drop > 0.0 ? 1.0 : 0.0);
  const std::string spread = readable(band.median) + " (median; " + readable(band.low) + " to " +
                             readable(band.high) + " over " + std::to_string(orders) + " batch orders)";
  const bool above_bound =
      std::isfinite(context.divergence_rate) && context.learning_rate > context.divergence_rate;
  Text why;
  if (band.diverged == orders) {
    d.label = Label::diverged;
    why << "blew up under every batch order" << of_orders << ": α is too large";
    if (above_bound) why << " (above 2/λmax = " << readable(context.divergence_rate) << ")";
  } else if (band.diverged > 0) {
    d.label = Label::unstable;
    why << "at the edge: " << band.diverged << " of " << orders
        << " batch orders blew up, the others ended at full-data loss " << readable(band.median)
        << " (median) — lower α";
    if (above_bound) why << " below 2/λmax = " << readable(context.divergence_rate);
  } else if (band.median > start * (1.0 + kFlatRelativeDrop)) {
    d.label = Label::diverged;
    why << "the full-data loss rose instead of falling (" << spread << ", start " << readable(start)
        << "): α is too large";
  } else if (context.above_best && std::isfinite(context.best_final_loss) &&
             band.median > (1.0 + kNoiseCost) * context.best_final_loss) {
    d.label = Label::oscillating;
    why << "batch noise: the full-data loss ends at " << spread << ", "
        << readable(band.median / context.best_final_loss, 3) << "× the best run's (α = "
        << readable(context.best_rate)
        << "); with a constant α the noise in each step grows with α/B, so the loss settles on a higher floor — lower α, use a larger batch, or decay α";
  } else if (!context.above_best && (d.relative_drop < kFlatRelativeDrop || d.progress < kTooLowProgress)) {
    d.label = Label::too_low;
    why << "too slow: the full-data loss ends at " << spread << ", " << percent(d.progress)
        << " of the best run's progress (log scale)";
    if (std::isfinite(d.excess_left)) why << ", " << percent(d.excess_left) << " of the excess loss left";
    why << " — raise α";
  } else {
    d.label = Label::good;
    why << "steady drop under every batch order: the full-data loss ends at " << spread << ", "
        << percent(std::min(d.progress, 9.99)) << " of the best run's progress (log scale)";
  }
  d.reason = why.str();
  return d;
}

}  // namespace lrlab
