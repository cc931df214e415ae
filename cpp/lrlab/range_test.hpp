// The LR range test (Smith 2017 §3.3; fastai's lr_find): one run whose α grows every step
// from tiny to huge; the smoothed loss against α shows where learning starts and where it
// breaks. Defaults are fastai's.
#pragma once

#include <vector>

#include "expected.hpp"
#include "problem.hpp"
#include "train.hpp"

namespace lrlab {

constexpr int kMaxRangeTestIterations = 5000;

struct RangeTestSettings {
  double start_lr = 1e-7;
  double end_lr = 10.0;
  int iterations = 100;
  bool exponential = true;       // false: linear ramp
  double smoothing = 0.98;       // EMA β of the loss, with bias correction
  double stop_factor = 4.0;      // stop when smoothed loss > stop_factor × best smoothed loss
  OptimizerSettings optimizer;   // learning_rate is ignored (the ramp sets it)
  std::uint64_t seed = 1;
};

template <>
struct Fields<RangeTestSettings> {
  template <typename Self, typename Visitor>
  static void visit(Self& s, Visitor& v) {
    v.group({"optimizer", "the update rule; its learning_rate is ignored (the ramp sets α)"},
            s.optimizer);
    v.field({"start_lr", "α of the first iteration", Range::above(0).up_to(kMaxLearningRate), {},
             "range test start rate"},
            s.start_lr);
    v.field({"end_lr", "α the ramp reaches at the end, above start_lr",
             Range::above(0).up_to(kMaxLearningRate), {},
             "range test end rate"},
            s.end_lr);
    v.field({"iterations", "length of the ramp", Range::between(10, kMaxRangeTestIterations), {},
             "range test iterations"},
            s.iterations);
    v.field({"exponential", "true: α grows by the same factor every step; false: linearly"},
            s.exponential);
    v.field({"smoothing", "β of the loss's exponential moving average (bias-corrected)",
             Range::unit_open(), {}, "smoothing β"},
            s.smoothing);
    v.field({"stop_factor", "stop once the smoothed loss exceeds this × its best",
             Range::above(1)},
            s.stop_factor);
    v.field({"seed", "fixes the initial parameters and the mini-batch order", Range::between(0, kMaxSeed)},
            s.seed);
  }
};

struct RangeTestResult {
  std::vector<double> learning_rate;  // α used at each iteration
  std::vector<double> loss;           // raw loss at each iteration
  std::vector<double> smoothed_loss;  // bias-corrected EMA of the loss
  bool stopped_early = false;         // diverged (smoothed > stop_factor × best, or non-finite)
  int stop_iteration = -1;
  // Suggestions, computed as fastai does on the smoothed curve with the first tenth and
  // the last five points trimmed (fewer points: untrimmed).
  double valley = 0.0;         // fastai's default: the longest valley, ⅓ + ⅙ of the way down
  double steepest = 0.0;       // argmin d loss / d ln α
  double minimum_div10 = 0.0;  // α at the minimum loss, ÷ 10
  int valley_index = -1, steepest_index = -1, minimum_index = -1;  // into the full arrays
};

Expected<RangeTestResult> run_range_test(const Problem& problem, const RangeTestSettings& settings);

// The three suggestions on given curves (exposed for tests); fills the suggestion fields.
void suggest_learning_rates(RangeTestResult& result, int iterations);

}  // namespace lrlab
