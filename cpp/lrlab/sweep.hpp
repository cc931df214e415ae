// The learning-rate sweep: one short run per α on a log grid, under identical conditions,
// each diagnosed; the recommendation is the largest stable α.
#pragma once

#include <functional>
#include <limits>
#include <optional>
#include <vector>

#include "curvature.hpp"
#include "diagnose.hpp"
#include "train.hpp"

namespace lrlab {

constexpr int kMaxSweepRuns = 25;

// How the grid climbs from `start`.
enum class Ladder {
  one_three_ten,  // "×3": the round 1-3-10 ladder 1e-4, 3e-4, 1e-3, 3e-3 … (×3, then ×10/3)
  geometric,      // × factor each step (×10, or any factor > 1)
};

struct LogGrid {
  double start = 1e-4;
  Ladder ladder = Ladder::one_three_ten;
  double factor = 3.0;  // geometric only
  int count = 9;        // number of α's; used when end ≤ 0
  double end = 0.0;     // > 0: climb while α ≤ end (inclusive, up to rounding)
};

// The largest factor of a geometric grid.
constexpr double kMaxGridFactor = 100.0;

// The grid's one description (field.hpp). `factor` is the ladder and its factor in one
// setting: "x3" (the 1-3-10 ladder), "x10", or a number in (1, 100].
template <>
struct Fields<LogGrid> {
  template <typename Self, typename Visitor>
  static void visit(Self& g, Visitor& v) {
    v.field({"start", "the first α of the grid", Range::above(0).up_to(kMaxLearningRate), {},
             "start learning rate"}, g.start);
    v.ladder({"factor", "x3: the 1-3-10 ladder (1e-4, 3e-4, 1e-3 …); x10; or a number > 1",
              Range::above(1).up_to(kMaxGridFactor), {}, "sweep factor"},
             g.ladder, g.factor);
    v.field({"count", "how many α's (when end is 0)", Range::between(1, kMaxSweepRuns), {},
             "the number of learning rates in a sweep"}, g.count);
    v.field({"end", "when > 0: climb to this α instead of taking count rates",
             Range::at_least(0).up_to(kMaxLearningRate), {}, "end learning rate"},
            g.end);
  }
};

Expected<std::vector<double>> grid_values(const LogGrid& grid);

// Mini-batch sweeps run each α under several batch orders (seeds seed, seed + 1, …, all from
// the same start) and judge it on the median full-data loss at the end: one order's luck
// decides too much of where a single noisy run ends. Full-batch runs are deterministic and
// run once.
constexpr int kDefaultSweepSeeds = 5;
constexpr int kMaxSweepSeeds = 20;

struct SweepSettings {
  RunSettings run;  // optimizer.learning_rate is replaced by each grid value
  LogGrid grid;
  int seeds = kDefaultSweepSeeds;  // mini-batch only: batch orders per α
  // Full-batch linear regression runs on the Gram matrix (same trajectory, O(p²) a step).
  // false forces the direct O(m·p) path — for benchmarks and cross-checks only.
  bool use_gram_path = true;
};

template <>
struct Fields<SweepSettings> {
  template <typename Self, typename Visitor>
  static void visit(Self& s, Visitor& v) {
    visit_run_core(s.run, v);
    visit_fields(s.grid, v);
    v.field({"seeds", "mini-batch sweeps: how many batch orders each α runs with; judged on the median full-data loss",
             Range::between(1, kMaxSweepSeeds), {}, "the number of batch orders per learning rate"},
            s.seeds);
  }
};

struct SweepRun {
  double learning_rate = 0.0;
  RunResult result;  // the run with the sweep's own seed (the curve a learner sees)
  // Mini-batch: the full-data loss at the end under each batch order (NaN where that order
  // diverged), the first being `result`'s. Empty for full batch (one deterministic run).
  SeedBand band;
  Diagnosis diagnosis;
};

struct SweepResult {
  std::vector<SweepRun> runs;              // ascending α
  std::optional<double> recommended;       // largest stable α, if any run was stable
  int recommended_index = -1;
  double stable_min = 0.0, stable_max = 0.0;  // contiguous stable range ending at the recommendation
  int best_index = -1;                     // the run with the most progress in the window
  double best_rate = 0.0;                  // its α (the peak of progress against α)
  // The measured edge: the smallest α whose run (any batch order) was unstable or diverged.
  int edge_index = -1;
  double edge_rate = 0.0;
  std::string advice;                      // one sentence for the learner
  std::optional<CurvatureReport> curvature;  // linear regression: the theory lines
  double optimal_loss = std::numeric_limits<double>::quiet_NaN();  // J*, where known (linear regression)
  bool cancelled = false;
};

// Called after each run with (runs done, runs total); return false to cancel.
using Progress = std::function<bool(int, int)>;

Expected<SweepResult> run_sweep(const Problem& problem, const SweepSettings& settings,
                                const Progress& progress = nullptr);

// Labels every run of a sweep against the others (progress relative to the best run,
// oscillation relative to the quietest; the curvature bounds and J* when set) and picks the
// recommendation: the largest good α (or, when every stable run is slow, the largest of
// those). Exposed for tests.
void diagnose_sweep(SweepResult& sweep);

}  // namespace lrlab
