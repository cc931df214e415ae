// The one training loop: every optimizer, schedule and batch size runs through train().
#pragma once

#include <Eigen/Dense>
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

// Limits on a run's settings (SPEC §5: rejected with the valid range named).
constexpr int kMaxSteps = 10000;
constexpr double kMaxLearningRate = 1e3;

struct RunSettings {
  OptimizerSettings optimizer;
  Schedule schedule;            // scales optimizer.learning_rate over the steps
  int steps = 200;              // the training window
  std::uint64_t seed = 1;       // initial parameters (MLP) and mini-batch order
  bool record_params = false;   // keep θ after every step (for paths on contour plots)
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

// Runs `settings` from `start` on `objective`. Settings are trusted (see validate_run).
// Never throws: a non-finite or exploding loss ends the run with diverged = true.
// `rates`, when given, is the learning rate of every step (overriding the schedule: the
// range test's ramp); `observer` may end the run early (stopped_early = true).
RunResult train(Objective& objective, const RunSettings& settings, const Eigen::VectorXd& start,
                const std::vector<double>* rates = nullptr, const StepObserver& observer = nullptr);

// Checks the settings against the problem; errors name the setting and its valid range.
Expected<Ok> validate_run(const RunSettings& settings, int rows);

// Validates, builds the objective (Gram path for full-batch linear regression) and trains
// from the model's fixed initial point.
Expected<RunResult> run_experiment(const Problem& problem, const RunSettings& settings);

}  // namespace lrlab
