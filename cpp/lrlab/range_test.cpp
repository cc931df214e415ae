#include "range_test.hpp"

#include <algorithm>
#include <cmath>

#include "validate.hpp"

namespace lrlab {

void suggest_learning_rates(RangeTestResult& r, int iterations) {
  const int n = static_cast<int>(r.smoothed_loss.size());
  // fastai: lrs[num_it//10 : -5], losses likewise.
  int first = iterations / 10, last = n - 5;  // [first, last)
  if (last - first < 3) {
    first = 0;
    last = n;
  }
  // Stop at the first non-finite loss (fastai drops everything from the first NaN on).
  for (int i = first; i < last; ++i) {
    if (!std::isfinite(r.smoothed_loss[i])) {
      last = i;
      break;
    }
  }
  if (last - first < 2) return;
  const auto& lr = r.learning_rate;
  const auto& loss = r.smoothed_loss;

  // minimum ÷ 10
  int min_i = first;
  for (int i = first; i < last; ++i) if (loss[i] < loss[min_i]) min_i = i;
  r.minimum_index = min_i;
  r.minimum_div10 = lr[min_i] / 10.0;

  // steepest: argmin of (loss[i+1] − loss[i]) / (ln lr[i+1] − ln lr[i]); fastai takes lrs[argmin].
  int steep_i = first;
  double steepest_slope = INFINITY;
  for (int i = first; i + 1 < last; ++i) {
    const double slope = (loss[i + 1] - loss[i]) / (std::log(lr[i + 1]) - std::log(lr[i]));
    if (slope < steepest_slope) {
      steepest_slope = slope;
      steep_i = i;
    }
  }
  r.steepest_index = steep_i;
  r.steepest = lr[steep_i];

  // valley (fastai, after ESRI's "longest valley"): the longest strictly decreasing
  // subsequence of the loss; the pick lies ⅓ + ⅙ of the way along it.
  const int m = last - first;
  std::vector<int> lds(m, 1);
  int max_start = 0, max_end = 0;
  for (int i = 1; i < m; ++i) {
    for (int j = 0; j < i; ++j) {
      if (loss[first + i] < loss[first + j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
      if (lds[max_end] < lds[i]) {
        max_end = i;
        max_start = max_end - lds[max_end];
      }
    }
  }
  const double sections = (max_end - max_start) / 3.0;
  int idx = max_start + static_cast<int>(sections) + static_cast<int>(sections / 2.0);
  idx = std::clamp(idx, 0, m - 1);
  r.valley_index = first + idx;
  r.valley = lr[first + idx];
}

Expected<RangeTestResult> run_range_test(const Problem& problem, const RangeTestSettings& s) {
  if (const auto valid = check_fields(s); !valid) return valid.failure();
  if (!(s.end_lr > s.start_lr)) {
    return field_error("end_lr", "range test end rate must be above the start (" + format_number(s.start_lr) +
                                     ") and at most " + format_number(kMaxLearningRate) + ", got " +
                                     format_number(s.end_lr));
  }
  RunSettings run;
  run.optimizer = s.optimizer;
  run.optimizer.learning_rate = s.end_lr;
  run.steps = s.iterations;
  run.seed = s.seed;
  const Expected<Ok> valid = validate_run(run, problem.data().rows());
  if (!valid) return valid.failure();

  // The ramp is the run's rate source. fastai SchedExp: α = start·(end/start)^(i/n), computed
  // as exp of the interpolated logs so that end/start cannot overflow (start = 5e-324);
  // SchedLin: start + (end − start)·i/n.
  const double log_start = std::log(s.start_lr);
  const double log_end = std::log(s.end_lr);
  const RateSource ramp = [&s, log_start, log_end](int i) {
    const double pos = static_cast<double>(i) / s.iterations;
    return s.exponential ? std::exp(log_start + (log_end - log_start) * pos)
                         : s.start_lr + (s.end_lr - s.start_lr) * pos;
  };

  RangeTestResult r;
  double average = 0.0, best = INFINITY;
  // fastai Recorder: smooth_loss = EMA with bias correction; LRFinder stops when
  // smooth_loss > stop_factor × best smooth_loss or is NaN.
  auto observe = [&](int i, double loss) {
    average = s.smoothing * average + (1.0 - s.smoothing) * loss;
    const double smoothed = average / (1.0 - std::pow(s.smoothing, i + 1));
    r.smoothed_loss.push_back(smoothed);
    if (!std::isfinite(smoothed) || smoothed > s.stop_factor * best) return false;
    best = std::min(best, smoothed);
    return true;
  };
  const bool full_batch = !uses_mini_batches(s.optimizer, problem.data().rows());
  auto objective = problem.objective(full_batch);
  const RunResult trace =
      train(*objective, run, objective->initial_params(s.seed), ramp, observe);

  r.loss = trace.loss;
  r.learning_rate = trace.learning_rate;  // the ramp's α of every step the run took
  r.stopped_early = trace.stopped_early || trace.diverged;
  if (r.stopped_early) r.stop_iteration = static_cast<int>(r.loss.size()) - 1;
  suggest_learning_rates(r, s.iterations);
  return r;
}

}  // namespace lrlab
