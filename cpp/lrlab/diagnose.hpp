// Reading a loss curve: one of five labels, with the signals that decided it.
//
// Labels, checked in this order:
//   diverged     the loss went non-finite or blew up without ever having fallen
//   unstable     it fell first, then exploded — or gave back much of its gain by the end
//   oscillating  saw-tooth: the loss keeps reversing direction, by more than noise
//   too_low      stable but slow: far less progress than the best run of the sweep
//   good         a smooth, fast drop
// "Stable" (eligible as the recommendation) means too_low or good.
#pragma once

#include <string>
#include <vector>

#include "train.hpp"

namespace lrlab {

enum class Label { too_low, good, oscillating, unstable, diverged };

bool is_stable(Label label);

// ---- thresholds (named, documented, tested on synthetic curves and the worked example) ----

// too_low: a run whose loss reduction, measured as ln(initial/final), is below this
// fraction of the best run's is too slow to pick. On the slow (linear) part of a sweep
// progress grows in proportion to α, so this flags runs more than ~3× below the best
// stable one: one ×3 step below the best is still a candidate, two are not.
constexpr double kTooLowProgress = 0.3;
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
// unstable: a run that first fell by at least this fraction of its start and then exploded.
constexpr double kMinGainBeforeExplosion = 0.1;
// unstable: a run that ends having given back at least this fraction of its gain.
constexpr double kUnstableRise = 0.5;

// What the rest of a sweep says about one run. Defaults judge a run on its own.
struct DiagnosisContext {
  double best_log_drop = 0.0;    // best ln(initial/final) in the sweep; ≤ 0 = judge alone
  double roughness_floor = 0.0;  // roughness of the quietest run in the sweep
};

struct Diagnosis {
  Label label = Label::good;
  // The signals of SPEC §3:
  double progress = 0.0;        // ln(initial/final) ÷ best in the sweep (1 = the best)
  double flip_fraction = 0.0;   // fraction of consecutive moves that reverse direction
  double rise_after_min = 0.0;  // (end − min) ÷ (start − min): share of the gain given back
  double blowup_ratio = 0.0;    // max loss ÷ start loss
  // Supporting numbers:
  double log_drop = 0.0;        // ln(initial/final); 0 when diverged
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
};

// A curve given only as numbers: start = loss[0], end = last value, diverged when a value
// is not finite or exceeds kDivergenceLossRatio × loss[0].
Curve curve_from_losses(const std::vector<double>& loss);
Curve curve_from_run(const RunResult& run);

// Signals that do not depend on the rest of the sweep.
double log_drop(const Curve& curve);
double roughness(const std::vector<double>& loss);

Diagnosis diagnose(const Curve& curve, const DiagnosisContext& context = {});

}  // namespace lrlab
