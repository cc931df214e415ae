#include "sweep.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

namespace {
// A step between rungs wider than this (×10, or any geometric factor above the 1-3-10
// ladder's ×3.33) leaves room for a rung between the pick and the first unstable α.
constexpr double kWideStep = 3.5;
}  // namespace

void diagnose_sweep(SweepResult& sweep) {
  const size_t n = sweep.runs.size();
  std::vector<Curve> curves;
  curves.reserve(n);
  std::vector<double> roughnesses(n, std::numeric_limits<double>::infinity());
  // Roughness floors are read for mini-batch runs only (below).
  const bool any_mini_batch =
      std::any_of(sweep.runs.begin(), sweep.runs.end(), [](const SweepRun& r) { return r.result.mini_batch; });
  double best_log_drop = 0.0;
  int best = -1;
  // A mini-batch run with several batch orders is judged by its band (diagnose_band): the
  // median full-data loss, against J* where known. A single noisy run keeps the loss-ratio
  // measure and no past-the-peak verdict: one order's luck decides too much of where it ends.
  const auto banded = [&](size_t i) { return sweep.runs[i].band.final_losses.size() > 1; };
  const auto measured_against_optimum = [&](size_t i) { return !sweep.runs[i].result.mini_batch || banded(i); };
  for (size_t i = 0; i < n; ++i) {
    curves.push_back(curve_from_run(sweep.runs[i].result, measured_against_optimum(i)
                                                              ? sweep.optimal_loss
                                                              : std::numeric_limits<double>::quiet_NaN()));
    const bool finite = banded(i) ? sweep.runs[i].band.diverged == 0 : !curves[i].diverged;
    if (finite) {
      const double drop = banded(i) ? band_log_drop(curves[i], sweep.runs[i].band) : log_drop(curves[i]);
      if (drop > best_log_drop) {
        best_log_drop = drop;
        best = static_cast<int>(i);
      }
      if (any_mini_batch && !curves[i].diverged) roughnesses[i] = roughness(curves[i].loss);
    }
  }

  sweep.recommended.reset();
  sweep.recommended_index = -1;
  sweep.edge_index = -1;
  sweep.edge_rate = 0.0;
  sweep.best_index = best;
  sweep.best_rate = best >= 0 ? sweep.runs[best].learning_rate : 0.0;
  int largest_slow = -1;
  for (size_t i = 0; i < n; ++i) {
    DiagnosisContext context;
    context.best_log_drop = best_log_drop;
    context.learning_rate = sweep.runs[i].learning_rate;
    context.above_best = best >= 0 && static_cast<int>(i) > best && measured_against_optimum(i);
    context.best_rate = best >= 0 ? sweep.runs[best].learning_rate : 0.0;
    if (best >= 0 && banded(best)) context.best_final_loss = sweep.runs[best].band.median;
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
    sweep.runs[i].diagnosis = banded(i) ? diagnose_band(curves[i], sweep.runs[i].band, context)
                                        : diagnose(curves[i], context);
    const Label label = sweep.runs[i].diagnosis.label;
    if (sweep.edge_index < 0 && (label == Label::unstable || label == Label::diverged)) {
      sweep.edge_index = static_cast<int>(i);
      sweep.edge_rate = sweep.runs[i].learning_rate;
    }
    if (label == Label::good) sweep.recommended_index = static_cast<int>(i);
    if (label == Label::too_low) largest_slow = static_cast<int>(i);
  }
  // Every stable run slow: the largest of them, with the advice to sweep higher.
  if (sweep.recommended_index < 0) sweep.recommended_index = largest_slow;
  if (sweep.recommended_index < 0) {
    sweep.advice = "no learning rate in this sweep was stable: start lower — go down ×10 at a time until a run does not blow up — and sweep again";
    return;
  }
  const int r = sweep.recommended_index;
  int low = r;
  while (low > 0 && is_stable(sweep.runs[low - 1].diagnosis.label)) --low;
  sweep.recommended = sweep.runs[r].learning_rate;
  sweep.stable_max = sweep.runs[r].learning_rate;
  sweep.stable_min = sweep.runs[low].learning_rate;
  const std::string alpha = readable(sweep.runs[r].learning_rate);
  if (sweep.runs[r].diagnosis.label == Label::too_low) {
    sweep.advice = "every stable run was still slow: α = " + alpha +
                   " is the largest stable one, but sweep higher to find the edge";
  } else if (r + 1 == static_cast<int>(sweep.runs.size())) {
    sweep.advice = "α = " + alpha +
                   " is the largest good rate tried, and the largest in the grid: extend the sweep upward to find where it breaks";
  } else {
    const Label next = sweep.runs[r + 1].diagnosis.label;
    sweep.advice = "take α = " + alpha + ", the largest α with a smooth, fast drop; the next one up (" +
                   readable(sweep.runs[r + 1].learning_rate) + ") " +
                   (next == Label::past_peak     ? "is past the peak: stable, but it makes clearly less progress"
                    : next == Label::oscillating ? "is oscillating"
                    : next == Label::unstable    ? "is unstable"
                                                 : "is diverging");
    // A coarse ladder picks only what it tries: say where the edge lies and what a ×3 rung
    // would have tried (raw house: ×10 picks 0.01, the edge 2/λmax ≈ 0.09 lies below 0.1).
    const double up = sweep.runs[r + 1].learning_rate;
    if ((next == Label::unstable || next == Label::diverged) && up > kWideStep * sweep.runs[r].learning_rate) {
      sweep.advice += ". That step is wide: the edge lies between " + alpha + " and " + readable(up);
      if (sweep.curvature && sweep.curvature->exact && sweep.curvature->divergence_rate > sweep.runs[r].learning_rate &&
          sweep.curvature->divergence_rate < up) {
        sweep.advice += " (2/λmax = " + readable(sweep.curvature->divergence_rate) + ")";
      }
      sweep.advice += ", so a ×3 step would also try " + readable(3.0 * sweep.runs[r].learning_rate);
    }
  }
  // Labels are relative to the sweep's best run; say when even the pick is far from J*.
  const double left = sweep.runs[r].diagnosis.excess_left;
  if (std::isfinite(left) && left > kSlowEvenAtBest) {
    std::string more = ". Even so, this run leaves " + percent(left) + " of its excess loss (L − J*) in the window";
    if (sweep.curvature && std::isfinite(sweep.curvature->condition_number)) {
      more += ": κ = " + readable(sweep.curvature->condition_number) +
              ", so any α below 2/λmax crawls along the flattest direction — scale the features (z-score) or train longer";
    } else {
      more += " — train longer or make the problem better conditioned";
    }
    sweep.advice += more;
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
  sweep.runs.reserve(grid->size());
  for (int i = 0; i < total; ++i) {
    RunSettings run = settings.run;
    run.optimizer.learning_rate = (*grid)[i];
    SweepRun entry;
    entry.learning_rate = (*grid)[i];
    entry.result = train(*objective, run, start);
    if (entry.result.mini_batch && settings.seeds > 1) {
      // The same α and start under other batch orders: seeds seed + 1, seed + 2, ….
      std::vector<double> finals{entry.result.diverged ? std::numeric_limits<double>::quiet_NaN()
                                                       : entry.result.final_loss};
      for (int k = 1; k < settings.seeds; ++k) {
        RunSettings other = run;
        other.seed = run.seed + static_cast<std::uint64_t>(k);
        const RunResult result = train(*objective, other, start);
        finals.push_back(result.diverged ? std::numeric_limits<double>::quiet_NaN() : result.final_loss);
      }
      entry.band = make_band(std::move(finals));
    }
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
