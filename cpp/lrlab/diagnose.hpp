// Reading a loss curve: one of six labels, with the signals that decided it.
//
// Labels, checked in this order:
//   diverged     the loss went non-finite or blew up without ever having fallen
//   unstable     it fell first, then exploded — or gave back much of its gain by the end
//   oscillating  saw-tooth: the loss keeps reversing direction, by more than noise
//   past_peak    stable, but α is above the sweep's best run and this run made clearly less
//                progress: the steps overshoot along the steepest direction
//   too_low      stable but slow: far less progress than the best run of the sweep (only
//                for α at or below the best run's — a larger α is never "too low")
//   good         a smooth, fast drop
// "Stable" (the run does not blow up) means too_low, good or past_peak; the recommendation is
// the largest good α.
//
// Progress is measured on a log scale of what is left to gain: ln((L₀ − J*)/(L − J*)) where
// the loss's minimum J* is known (linear regression: gram.hpp), ln(L₀/L) otherwise — so a run
// that still has 40 % of its excess loss left is not mistaken for one that has 3 %.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "train.hpp"

namespace lrlab {

// A number to `digits` significant digits ("%g"), never "-0".
std::string significant(double value, int digits);

// A number in a sentence the learner reads (diagnosis reasons, sweep advice): `digits`
// (default 3) significant digits ("0.316", "1e-05", "2.41e+06"), whole numbers from 1,000 to 99,999 written out
// rounded ("12300", never "1.23e+04"), never "-0". Error messages keep format_number's exact
// 6 digits, because there the learner compares the value with what they typed.
std::string readable(double value, int digits = 3);

// A fraction as a percentage in a sentence: "98.2 %", "4.5 %", "< 0.01 %"; never in
// exponent form, never "-0 %"; 100× or more is written as a factor ("523×").
std::string percent(double fraction);

enum class Label { too_low, good, oscillating, unstable, diverged, past_peak };

bool is_stable(Label label);

// ---- thresholds (named, documented, tested on synthetic curves and the worked example) ----

// too_low: a run whose loss reduction, measured as ln(initial/final), is below this
// fraction of the best run's is too slow to pick. On the slow (linear) part of a sweep
// progress grows in proportion to α, so this flags runs more than ~3× below the best
// stable one: one ×3 step below the best is still a candidate, two are not.
constexpr double kTooLowProgress = 0.3;
// past_peak: a run above the best run's α with less than this fraction of the best run's
// progress. On the log scale a quarter of the progress missing means the excess left is the
// best run's raised to ¾ — e.g. 1e-3 where the best leaves 1e-4, or 2e-4 where it leaves
// 1e-6: ten times or more left to gain than a smaller α, so this α is past the peak of
// progress against α. It is also the recommendation's margin: the largest good α above the
// best run keeps at least this share of the best progress.
constexpr double kPastPeakProgress = 0.75;
// Progress is counted until the excess loss (or, with J* unknown, the loss) has fallen this
// far relative to its start: below it a run has converged, and differences are rounding.
constexpr double kConvergedFraction = 1e-6;
// When even the recommended run leaves more than this share of its excess loss (L − J*)
// in the window, the sweep says so: labels are relative to the best run, and on an
// ill-conditioned problem every stable α crawls along the flat direction.
constexpr double kSlowEvenAtBest = 0.5;
// too_low also when the loss fell by less than this fraction of its start ("almost flat").
constexpr double kFlatRelativeDrop = 0.01;
// A step counts as a move (for sign flips) only if |Δloss| exceeds this fraction of the
// loss: changes at rounding level near a minimum are not oscillation.
constexpr double kMoveTolerance = 1e-6;
// oscillating: at least this fraction of consecutive moves reverse direction …
constexpr double kOscillationFlipFraction = 0.3;
// … and the mean step-to-step change in the second half of the run is at least this
// fraction of the loss (saw-tooth you can see) …
constexpr double kOscillationRoughness = 0.01;
// … and at least this many times the quietest run of the sweep (mini-batch noise that
// every α shows is not the learning rate's fault).
constexpr double kNoiseMargin = 2.0;
// oscillating, for a mini-batch α judged over several batch orders: above the best α, its
// median full-data loss ends more than this fraction above the best run's. Constant-α SGD
// settles on a noise floor that rises with α/B; a quarter more loss than the best run is a
// gap one sees on the final-loss chart, while a few per cent is within the batch orders'
// own spread.
constexpr double kNoiseCost = 0.25;
// unstable: a run that first fell by at least this fraction of its start and then exploded.
constexpr double kMinGainBeforeExplosion = 0.1;
// unstable: a run that ends having given back at least this fraction of its gain.
constexpr double kUnstableRise = 0.5;

// What the rest of a sweep says about one run. Defaults judge a run on its own.
struct DiagnosisContext {
  double best_log_drop = 0.0;    // best progress (log_drop) in the sweep; ≤ 0 = judge alone
  double roughness_floor = 0.0;  // roughness of the quietest run in the sweep
  bool above_best = false;       // α is above the α of the sweep's best progress
  double best_rate = 0.0;        // that α (for the reason)
  double best_final_loss = std::numeric_limits<double>::quiet_NaN();  // its (median) final loss: bands only
  double learning_rate = 0.0;    // this run's α (0: unknown)
  // Linear regression (a quadratic loss): the bounds of curvature.hpp; NaN when unknown.
  double zigzag_rate = std::numeric_limits<double>::quiet_NaN();      // 1/λmax
  double divergence_rate = std::numeric_limits<double>::quiet_NaN();  // 2/λmax
  double fastest_rate = std::numeric_limits<double>::quiet_NaN();     // 2/(λmin+λmax)
};

struct Diagnosis {
  Label label = Label::good;
  // The signals of SPEC §3:
  double progress = 0.0;        // ln(initial/final) ÷ best in the sweep (1 = the best)
  double flip_fraction = 0.0;   // fraction of consecutive moves that reverse direction
  double rise_after_min = 0.0;  // (end − min) ÷ (start − min): share of the gain given back
  double blowup_ratio = 0.0;    // max loss ÷ start loss
  // Supporting numbers:
  double log_drop = 0.0;        // progress: ln of the excess (or loss) ratio start/end; 0 when diverged
  double excess_left = std::numeric_limits<double>::quiet_NaN();  // (L − J*)/(L₀ − J*) where J* is known
  double relative_drop = 0.0;   // (initial − final) ÷ initial
  double roughness = 0.0;       // mean |Δloss| ÷ loss over the second half
  int steps = 0;
  std::string reason;           // one sentence a learner reads, with the deciding numbers
};

// The facts about a curve that diagnosis reads.
struct Curve {
  std::vector<double> loss;   // loss per step
  double initial_loss = 0.0;  // full-data loss at the start
  double final_loss = 0.0;    // full-data loss at the end (NaN when diverged)
  bool diverged = false;
  int diverged_at = -1;
  bool noisy = false;         // mini-batch losses: the trend's end is the full-data final loss
  double optimal_loss = std::numeric_limits<double>::quiet_NaN();  // J*, the loss's minimum, where known
};

// A curve given only as numbers: start = loss[0], end = last value, diverged when a value
// is not finite or exceeds kDivergenceLossRatio × loss[0].
Curve curve_from_losses(const std::vector<double>& loss);
Curve curve_from_run(const RunResult& run, double optimal_loss = std::numeric_limits<double>::quiet_NaN());

// Signals that do not depend on the rest of the sweep.
// Progress of a curve on a log scale: ln((L₀ − J*)/(L − J*)) with J* known, else ln(L₀/L),
// the end floored at kConvergedFraction of the start's (computed in logs: no overflow).
double log_drop(const Curve& curve);
// (L − J*)/(L₀ − J*), or NaN when J* is unknown or the curve diverged.
double excess_left(const Curve& curve);
double roughness(const std::vector<double>& loss);

Diagnosis diagnose(const Curve& curve, const DiagnosisContext& context = {});

// The lowest and the last value of the trailing moving average of x[0..n) over `window`
// values (fewer at the start): diagnose's smoothed trend. Exposed for tests.
struct TrailingMeanRange {
  double lowest, last;
};
TrailingMeanRange trailing_mean_range(const double* x, size_t n, int window);

// One mini-batch α under several batch orders: the full-data loss each order ended at.
struct SeedBand {
  std::vector<double> final_losses;  // one per order; NaN where that order diverged
  int diverged = 0;                  // orders that diverged
  double low = std::numeric_limits<double>::quiet_NaN();     // over the orders that did not
  double median = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
};
SeedBand make_band(std::vector<double> final_losses);

// The curve judged by its band: `curve` is one order's run (for the curve's own signals);
// progress and the end come from the median full-data loss, and stability from every order.
// Labels, in order: diverged (every order blew up, or the median rose above the start),
// unstable (some orders blew up: the edge), oscillating (above the best α, and the median
// ends more than kNoiseCost above the best run's: the noise floor costs real loss),
// too_low, good. A small α is never unstable: slow is judged on the full-data loss,
// not on a noisy log.
Diagnosis diagnose_band(const Curve& curve, const SeedBand& band, const DiagnosisContext& context = {});
// Progress of a band: log_drop of the median end, 0 when any order diverged.
double band_log_drop(const Curve& curve, const SeedBand& band);

}  // namespace lrlab
