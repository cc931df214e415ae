#include "sweep.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "validate.hpp"

namespace lrlab {

Expected<std::vector<double>> grid_values(const LogGrid& grid) {
  if (const auto valid = check_fields(grid); !valid) return valid.failure();
  const bool by_end = grid.end > 0.0;
  if (by_end && grid.end < grid.start) {
    return field_error("end", "end learning rate must be between the start (" + format_number(grid.start) +
                                  ") and " + format_number(kMaxLearningRate) + ", got " +
                                  format_number(grid.end));
  }
  std::vector<double> values;
  for (int k = 0;; ++k) {
    double value;
    if (grid.ladder == Ladder::one_three_ten) {
      // 1, 3, 10, 30, …: ×10 every two steps, ×3 in between.
      value = grid.start * std::pow(10.0, k / 2) * (k % 2 ? 3.0 : 1.0);
    } else {
      value = grid.start * std::pow(grid.factor, k);
    }
    if (by_end ? value > grid.end * (1.0 + 1e-9) : k >= grid.count) break;
    if (static_cast<int>(values.size()) == kMaxSweepRuns) {
      return field_error("end", "this grid has more than " + std::to_string(kMaxSweepRuns) +
                        " learning rates; raise the factor or lower the end");
    }
    values.push_back(value);
  }
  if (values.back() > kMaxLearningRate * (1.0 + 1e-9)) {
    return field_error(by_end ? "end" : "count", "this sweep would climb to α = " + format_number(values.back()) +
                      ", above the largest allowed (" + format_number(kMaxLearningRate) +
                      "); lower the start, the step or the number of rates");
  }
  return values;
}

void diagnose_sweep(SweepResult& sweep) {
  const size_t n = sweep.runs.size();
  std::vector<Curve> curves;
  std::vector<double> roughnesses(n, std::numeric_limits<double>::infinity());
  double best_log_drop = 0.0;
  int best = -1;
  // Mini-batch sweeps keep the loss-ratio measure and no past-the-peak verdict: one seed's
  // batch order decides too much of where a single noisy run ends, so until they are judged
  // over several seeds, comparing their remaining excess against J* would rank noise.
  const auto measured_against_optimum = [&](size_t i) { return !sweep.runs[i].result.mini_batch; };
  for (size_t i = 0; i < n; ++i) {
    curves.push_back(curve_from_run(sweep.runs[i].result, measured_against_optimum(i)
                                                              ? sweep.optimal_loss
                                                              : std::numeric_limits<double>::quiet_NaN()));
    if (!curves[i].diverged) {
      const double drop = log_drop(curves[i]);
      if (drop > best_log_drop) {
        best_log_drop = drop;
        best = static_cast<int>(i);
      }
      roughnesses[i] = roughness(curves[i].loss);
    }
  }

  sweep.recommended.reset();
  sweep.recommended_index = -1;
  sweep.best_index = best;
  sweep.best_rate = best >= 0 ? sweep.runs[best].learning_rate : 0.0;
  int largest_slow = -1;
  for (size_t i = 0; i < n; ++i) {
    DiagnosisContext context;
    context.best_log_drop = best_log_drop;
    context.learning_rate = sweep.runs[i].learning_rate;
    context.above_best = best >= 0 && static_cast<int>(i) > best && measured_against_optimum(i);
    context.best_rate = best >= 0 ? sweep.runs[best].learning_rate : 0.0;
    if (sweep.curvature && sweep.curvature->exact && !sweep.runs[i].result.mini_batch) {
      context.zigzag_rate = sweep.curvature->zigzag_rate;
      context.divergence_rate = sweep.curvature->divergence_rate;
      context.fastest_rate = sweep.curvature->fastest_rate;
    }
    // Mini-batch noise shows in every run; a run's saw-tooth counts only when it is well
    // above the quietest *other* run. Full-batch curves have no such noise: floor 0.
    if (sweep.runs[i].result.mini_batch) {
      double floor = std::numeric_limits<double>::infinity();
      for (size_t j = 0; j < n; ++j) if (j != i) floor = std::min(floor, roughnesses[j]);
      context.roughness_floor = std::isfinite(floor) ? floor : 0.0;
    }
    sweep.runs[i].diagnosis = diagnose(curves[i], context);
    const Label label = sweep.runs[i].diagnosis.label;
    if (label == Label::good) sweep.recommended_index = static_cast<int>(i);
    if (label == Label::too_low) largest_slow = static_cast<int>(i);
  }
  // Every stable run slow: the largest of them, with the advice to sweep higher.
  if (sweep.recommended_index < 0) sweep.recommended_index = largest_slow;
  if (sweep.recommended_index < 0) {
    sweep.advice = "no learning rate in this sweep was stable: start lower (e.g. ÷100) and sweep again";
    return;
  }
  const int r = sweep.recommended_index;
  int low = r;
  while (low > 0 && is_stable(sweep.runs[low - 1].diagnosis.label)) --low;
  sweep.recommended = sweep.runs[r].learning_rate;
  sweep.stable_max = sweep.runs[r].learning_rate;
  sweep.stable_min = sweep.runs[low].learning_rate;
  const std::string alpha = format_number(sweep.runs[r].learning_rate);
  if (sweep.runs[r].diagnosis.label == Label::too_low) {
    sweep.advice = "every stable run was still slow: α = " + alpha +
                   " is the largest stable one, but sweep higher to find the edge";
  } else if (r + 1 == static_cast<int>(sweep.runs.size())) {
    sweep.advice = "α = " + alpha +
                   " is the largest good rate tried, and the largest in the grid: extend the sweep upward to find where it breaks";
  } else {
    const Label next = sweep.runs[r + 1].diagnosis.label;
    sweep.advice = "take α = " + alpha + ", the largest α with a smooth, fast drop; the next one up (" +
                   format_number(sweep.runs[r + 1].learning_rate) + ") " +
                   (next == Label::past_peak     ? "is past the peak: stable, but it makes clearly less progress"
                    : next == Label::oscillating ? "is oscillating"
                    : next == Label::unstable    ? "is unstable"
                                                 : "is diverging");
  }
  // Labels are relative to the sweep's best run; say when even the pick is far from J*.
  const double left = sweep.runs[r].diagnosis.excess_left;
  if (std::isfinite(left) && left > kSlowEvenAtBest) {
    std::ostringstream more;
    more.precision(3);
    more << ". Even so, this run leaves " << 100.0 * left << " % of its excess loss (L − J*) in the window";
    if (sweep.curvature && std::isfinite(sweep.curvature->condition_number)) {
      more << ": κ = " << sweep.curvature->condition_number
           << ", so any α below 2/λmax crawls along the flattest direction — scale the features (z-score) or train longer";
    } else {
      more << " — train longer or make the problem better conditioned";
    }
    sweep.advice += more.str();
  }
}

Expected<SweepResult> run_sweep(const Problem& problem, const SweepSettings& settings,
                                const Progress& progress) {
  Expected<std::vector<double>> grid = grid_values(settings.grid);
  if (!grid) return grid.failure();
  const int rows = problem.data().rows();
  // Validate once with the grid's largest α (the settings are otherwise shared).
  RunSettings check = settings.run;
  check.optimizer.learning_rate = grid->back();
  const Expected<Ok> valid = validate_run(check, rows);
  if (!valid) return valid.failure();

  const bool full_batch = !uses_mini_batches(settings.run.optimizer, rows);
  auto objective = problem.objective(full_batch && settings.use_gram_path);
  const Eigen::VectorXd start = objective->initial_params(settings.run.seed);

  SweepResult sweep;
  const int total = static_cast<int>(grid->size());
  for (int i = 0; i < total; ++i) {
    RunSettings run = settings.run;
    run.optimizer.learning_rate = (*grid)[i];
    SweepRun entry;
    entry.learning_rate = (*grid)[i];
    entry.result = train(*objective, run, start);
    sweep.runs.push_back(std::move(entry));
    if (progress && !progress(i + 1, total)) {
      sweep.cancelled = true;
      break;
    }
  }
  if (problem.spec().model == ModelKind::linear) {
    sweep.curvature = curvature_report(problem, settings.run.optimizer.momentum, settings.run.seed);
    sweep.optimal_loss = problem.gram()->optimal_loss;  // J*: the minimum of the full-data loss
  }
  diagnose_sweep(sweep);
  return sweep;
}

}  // namespace lrlab
