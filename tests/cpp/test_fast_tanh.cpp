// fast_tanh (cpp/lrlab/fast_tanh.hpp), the MLP's tanh, against std::tanh: pointwise over a
// dense range, and through whole MLP runs (the loss curves of the lab's MLP sweeps, optimizers,
// schedules and mini-batches) against the MLP as it was written with std::tanh.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>
#include <limits>
#include <vector>

#include "lrlab/fast_tanh.hpp"
#include "lrlab/problem.hpp"
#include "lrlab/sweep.hpp"
#include "lrlab/train.hpp"
#include "reference_mlp.hpp"

namespace {

using namespace lrlab;

// Pointwise: within 4 ε of std::tanh, relative. The implementation's analysis gives a few
// roundings (expm1's polynomial and rebuild, t + 2, the division); measured ≤ 2.2 ε against
// glibc and musl. std::tanh itself is within ~1 ulp of the true value, so the two can differ
// by a few ulp either way; a real mistake (a wrong coefficient, a lost term) shows as 1e-14 or
// worse.
constexpr double kPointwiseRelTol = 4.0 * DBL_EPSILON;

// Through training: every loss of every run within 1e-9 relative of the std::tanh run.
constexpr double kCurveRelTol = 1e-9;

std::string scientific(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2e", x);
  return text;
}

double relative_difference(double a, double b) {
  if (a == b) return 0.0;
  return std::fabs(a - b) / std::max(std::fabs(a), std::fabs(b));
}

TEST(FastTanh, MatchesStdTanhOverADenseRange) {
  double worst = 0.0, worst_at = 0.0;
  auto check = [&](double x) {
    const double d = relative_difference(fast_tanh(x), std::tanh(x));
    if (d > worst) {
      worst = d;
      worst_at = x;
    }
  };
  for (double x = -25.0; x <= 25.0; x += 1.0 / 65536.0 + 1e-9) check(x);  // 3.3 million points
  for (double x = 1e-300; x < 30.0; x *= 1.0 + 1.0 / 1024.0) {            // every binade, both signs
    check(x);
    check(-x);
  }
  for (double x : {DBL_MIN, DBL_MIN / 1024.0, std::numeric_limits<double>::denorm_min(), 19.9, 20.0, 20.1,
                   1e3, 1e300, DBL_MAX}) {
    check(x);
    check(-x);
  }
  RecordProperty("worst_relative_difference", scientific(worst));
  EXPECT_LE(worst, kPointwiseRelTol) << "at x = " << worst_at;
}

TEST(FastTanh, SpecialValues) {
  EXPECT_EQ(fast_tanh(0.0), 0.0);
  EXPECT_TRUE(std::signbit(fast_tanh(-0.0)));
  EXPECT_EQ(fast_tanh(std::numeric_limits<double>::infinity()), 1.0);
  EXPECT_EQ(fast_tanh(-std::numeric_limits<double>::infinity()), -1.0);
  EXPECT_TRUE(std::isnan(fast_tanh(std::numeric_limits<double>::quiet_NaN())));
  EXPECT_TRUE(std::isnan(fast_tanh(-std::numeric_limits<double>::quiet_NaN())));
  EXPECT_TRUE(std::signbit(fast_tanh(-std::numeric_limits<double>::quiet_NaN())));  // the sign is x's, as copysign
  EXPECT_EQ(fast_tanh(40.0), 1.0);
  EXPECT_EQ(fast_tanh(-40.0), -1.0);
  // odd, exactly
  for (double x = 1e-3; x < 25.0; x *= 1.37) EXPECT_EQ(fast_tanh(-x), -fast_tanh(x)) << x;
  // the array form is the scalar form
  std::vector<double> v;
  for (double x = -21.0; x < 21.0; x += 0.173) v.push_back(x);
  std::vector<double> w = v;
  fast_tanh_inplace(w.data(), static_cast<long>(w.size()));
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(w[i], fast_tanh(v[i]));
}

// The one-hidden-layer MLP exactly as model.cpp wrote it before fast_tanh: Eigen's products
// and std::tanh per element (reference_mlp.hpp). Its curves are the independent truth the
// engine's are compared with.
struct StdTanh {
  double operator()(double z) const { return std::tanh(z); }
};
using StdTanhMlp = lrlab::testing::ReferenceMlp<StdTanh>;

struct CurveComparison {
  double worst = 0.0;
  int runs = 0, diverged = 0;
};

// The largest relative difference between two runs' losses (the final loss included).
double curve_difference(const RunResult& a, const RunResult& b) {
  double worst = relative_difference(a.initial_loss, b.initial_loss);
  for (size_t t = 0; t < std::min(a.loss.size(), b.loss.size()); ++t) {
    if (!std::isfinite(a.loss[t]) && !std::isfinite(b.loss[t])) continue;
    worst = std::max(worst, relative_difference(a.loss[t], b.loss[t]));
  }
  if (!a.diverged && !b.diverged) worst = std::max(worst, relative_difference(a.final_loss, b.final_loss));
  return worst;
}

// Trains the engine's MLP and the std::tanh MLP on the same data from the same start and
// compares every recorded loss (and the final loss): within kCurveRelTol.
//
// Except where the run itself amplifies rounding: RMSProp's first steps divide each gradient
// component by its own running RMS (θ ← θ − αg/(√v + ε), v ≈ (1−ρ)g²), so a component at
// rounding level (≈ 1e-17) takes a step of ≈ α·sign(g) and a 1-ulp change anywhere — glibc's
// tanh against musl's, i.e. the native build against the WASM one, already before fast_tanh —
// moves the whole curve. There (amplifying = true) the bound is the run's own sensitivity: the
// fast_tanh curve may differ from the std::tanh curve by at most 10× (and 1e-9) what a 1-ulp
// nudge of every activation of the std::tanh MLP does to it.
void compare_runs(const Dataset& scaled, int hidden, const RunSettings& run, CurveComparison& c,
                  bool amplifying = false) {
  Mlp fast(scaled.X, scaled.y, hidden, scaled.task);
  StdTanhMlp reference(scaled.X, scaled.y, hidden, scaled.task);
  const Eigen::VectorXd start = fast.initial_params(run.seed);
  const RunResult a = train(fast, run, start);
  const RunResult b = train(reference, run, start);
  const std::string what = "α = " + std::to_string(run.optimizer.learning_rate) + ", optimizer " +
                           std::to_string(static_cast<int>(run.optimizer.kind)) + ", schedule " +
                           std::to_string(static_cast<int>(run.schedule.kind)) + ", " + std::to_string(run.steps) +
                           " steps";
  ++c.runs;
  if (a.diverged) ++c.diverged;
  const double worst = curve_difference(a, b);
  if (amplifying) {
    StdTanhMlp nudged(scaled.X, scaled.y, hidden, scaled.task, true);
    const double sensitivity = curve_difference(train(nudged, run, start), b);
    EXPECT_LE(worst, std::max(kCurveRelTol, 10.0 * sensitivity)) << what << " (1-ulp sensitivity " << sensitivity << ")";
    return;
  }
  ASSERT_EQ(a.diverged, b.diverged) << what;
  ASSERT_EQ(a.loss.size(), b.loss.size()) << what;
  c.worst = std::max(c.worst, worst);
  EXPECT_LE(worst, kCurveRelTol) << what;
}

Dataset scaled_data(const std::string& name, Scaling scaling) {
  ProblemSpec spec;
  spec.scaling = scaling;
  spec.model = ModelKind::mlp;
  return Problem::create(make_builtin_dataset(name, 1).value(), spec).value().data();
}

TEST(FastTanh, MlpSweepCurvesFollowStdTanh) {
  // The lab's MLP sweep (tests/bench/peers.mjs, issue 13): non-linear data, z-scored, 8 tanh
  // units, GD, the default ladder (9 α × 200 steps, the largest diverge), and the same ladder
  // on the raw features and with min-max scaling.
  CurveComparison c;
  const SweepSettings sweep;
  const std::vector<double> grid = grid_values(sweep.grid).value();
  for (const Scaling scaling : {Scaling::z_score, Scaling::none, Scaling::min_max}) {
    const Dataset data = scaled_data("nonlinear", scaling);
    for (const double alpha : grid) {
      RunSettings run = sweep.run;
      run.optimizer.learning_rate = alpha;
      compare_runs(data, 8, run, c);
    }
  }
  RecordProperty("worst_relative_difference", scientific(c.worst));
  EXPECT_GT(c.diverged, 0) << "the ladder should reach α that diverge (the comparison covers them)";
}

TEST(FastTanh, MlpRunsWithOptimizersSchedulesAndBatchesFollowStdTanh) {
  CurveComparison c;
  const Dataset data = scaled_data("nonlinear", Scaling::z_score);
  for (const OptimizerKind kind : {OptimizerKind::gd, OptimizerKind::sgd, OptimizerKind::momentum,
                                   OptimizerKind::nesterov, OptimizerKind::rmsprop, OptimizerKind::adam}) {
    for (const double alpha : {1e-3, 1e-2, 0.1, 1.0}) {
      RunSettings run;
      run.optimizer.kind = kind;
      run.optimizer.learning_rate = alpha;
      if (kind == OptimizerKind::sgd) run.optimizer.batch_size = 16;
      compare_runs(data, 8, run, c, kind == OptimizerKind::rmsprop);
    }
  }
  // The schedules lab's long MLP window, and a warm-up/cosine schedule; other widths.
  for (const ScheduleKind schedule : {ScheduleKind::constant, ScheduleKind::warmup_cosine, ScheduleKind::one_cycle}) {
    RunSettings run;
    run.steps = 2000;
    run.optimizer.learning_rate = 0.1;
    run.schedule.kind = schedule;
    compare_runs(data, 8, run, c);
  }
  for (const int hidden : {1, 3, 16, 32}) {
    RunSettings run;
    run.optimizer.learning_rate = 0.3;
    compare_runs(data, hidden, run, c);
  }
  RecordProperty("worst_relative_difference", scientific(c.worst));
}

TEST(FastTanh, MlpClassificationRunsFollowStdTanh) {
  CurveComparison c;
  const Dataset data = scaled_data("two_class", Scaling::z_score);
  ASSERT_EQ(data.task, Task::classification);
  for (const double alpha : {1e-3, 1e-2, 0.1, 1.0, 10.0}) {
    RunSettings run;
    run.optimizer.learning_rate = alpha;
    compare_runs(data, 8, run, c);
  }
  RecordProperty("worst_relative_difference", scientific(c.worst));
}

}  // namespace
