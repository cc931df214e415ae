// The one training loop: every optimizer, schedule and batch size runs through train().
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "expected.hpp"
#include "model.hpp"
#include "optimizer.hpp"
#include "problem.hpp"
#include "schedule.hpp"

namespace lrlab {

// A run ends as diverged when its loss is not finite or exceeds this multiple of the
// starting loss: past that point the learner has seen the explosion and further steps
// only overflow.
constexpr double kDivergenceLossRatio = 1e4;

// True when a loss ends a run as diverged: not finite, or above `limit` (see
// divergence_limit). The one rule shared by the training loop and the diagnosis.
inline bool loss_diverged(double loss, double limit) { return !std::isfinite(loss) || loss > limit; }
// The loss above which a run that started at `initial_loss` has diverged.
inline double divergence_limit(double initial_loss) {
  return kDivergenceLossRatio * std::max(std::fabs(initial_loss), 1e-12);
}

// Limits on a run's settings (SPEC §5: rejected with the valid range named).
constexpr int kMaxSteps = 10000;
constexpr double kMaxSeed = 2147483647.0;  // seeds cross the JS boundary as 32-bit integers

struct RunSettings {
  OptimizerSettings optimizer;
  Schedule schedule;
  int steps = 200;
  std::uint64_t seed = 1;
  bool record_params = false;
};

// The settings every run shares: optimizer, schedule, window and seed (a sweep's runs too).
template <typename Self, typename Visitor>
void visit_run_core(Self& s, Visitor& v) {
  v.group({"optimizer", "the update rule and its settings"}, s.optimizer);
  v.group({"schedule", "how α changes over the run; constant by default"}, s.schedule);
  v.field({"steps", "the training window: steps per run", Range::between(1, kMaxSteps)}, s.steps);
  v.field({"seed", "fixes the initial parameters (MLP) and the mini-batch order",
           Range::between(0, kMaxSeed)},
          s.seed);
}

template <>
struct Fields<RunSettings> {
  template <typename Self, typename Visitor>
  static void visit(Self& s, Visitor& v) {
    visit_run_core(s, v);
    v.field({"record_params", "keep θ after every step (paths on contour plots)"}, s.record_params);
  }
};

struct RunResult {
  // loss[t]: loss at θₜ on the rows used by step t (all rows for full batch) — what a
  // training log shows; mini-batch noise appears here as it would in practice.
  std::vector<double> loss;
  std::vector<double> learning_rate;  // α(t) used by step t
  std::vector<double> params;         // (steps run + 1) × num_params, row t = θₜ; if recorded
  int num_params = 0;
  double initial_loss = 0.0;          // full-data loss at θ₀
  double final_loss = 0.0;            // full-data loss at the last θ (NaN when diverged)
  Eigen::VectorXd final_params;
  bool diverged = false;
  int diverged_at = -1;               // step at which the run was stopped
  bool mini_batch = false;
  bool stopped_early = false;         // ended by the observer
};

// Called with (step, loss) once the loss of a step is known; returning false ends the run
// there (the range test's divergence rule). The step's loss is already recorded.
using StepObserver = std::function<bool(int, double)>;

// Where a run takes its learning rate each step (ensmallen's decay policy): α(t) for
// t = 0 … steps − 1. A run's own is its schedule scaling the optimizer's α; the range test's
// is its ramp.
using RateSource = std::function<double(int step)>;

// Runs `settings.steps` steps from `start` on `objective`, taking α(t) from `rates` (the
// settings' schedule when null). Settings are trusted (see validate_run). Never throws: a
// non-finite or exploding loss ends the run with diverged = true; `observer` may end the run
// early (stopped_early = true).
RunResult train(Objective& objective, const RunSettings& settings, const Eigen::VectorXd& start,
                const RateSource& rates = nullptr, const StepObserver& observer = nullptr);

// Checks the settings against the problem; errors name the setting and its valid range.
Expected<Ok> validate_run(const RunSettings& settings, int rows);

// Validates, builds the objective (Gram path for full-batch linear regression) and trains
// from the model's fixed initial point.
Expected<RunResult> run_experiment(const Problem& problem, const RunSettings& settings);

}  // namespace lrlab
