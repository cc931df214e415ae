// Tests for the LR range test (cpp/lrlab/range_test.hpp): fastai's lr_find defaults on the
// z-scored house data with GD and with mini-batch SGD, the three suggestions on a hand-made
// curve traced through fastai's algorithm by hand, and the messages for bad settings.
//
// Independent truth: the ramp and the smoothed loss are recomputed here from their formulas
// (fastai SchedExp: α_i = start·(end/start)^(i/n); Recorder: EMA with bias correction
// avg/(1 − βⁱ⁺¹)), and the suggestions on the hand curve are worked out step by step.
#include "lrlab/range_test.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "lrlab/dataset.hpp"
#include "lrlab/problem.hpp"

namespace lrlab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The ramp and the EMA are a handful of floating-point operations from the formula.
constexpr double kFormulaTolerance = 1e-12;  // relative

void ExpectRelative(double actual, double expected, double tolerance = kFormulaTolerance) {
  EXPECT_NEAR(actual, expected, tolerance * std::abs(expected))
      << "expected " << expected << ", got " << actual;
}

bool Mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Problem House(Scaling scaling) {
  Expected<Problem> problem = Problem::create(make_house(1), ProblemSpec{ModelKind::linear, scaling});
  EXPECT_TRUE(problem.ok());
  return std::move(problem).value();
}

Problem ScaledHouse() { return House(Scaling::z_score); }

// fastai's defaults (1e-7 → 10 over 100 iterations, β 0.98, stop at 4×) with this optimizer.
RangeTestResult RunOnHouse(Scaling scaling, OptimizerKind kind, int batch_size) {
  RangeTestSettings settings;
  settings.optimizer.kind = kind;
  settings.optimizer.batch_size = batch_size;
  Expected<RangeTestResult> result = run_range_test(House(scaling), settings);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error());
  return std::move(result).value();
}

// Stopped early: fewer than the 100 iterations, and the last smoothed loss is non-finite or
// above stop_factor × the best smoothed loss before it, which no earlier one was.
void ExpectStoppedOnDivergence(const RangeTestResult& r) {
  EXPECT_TRUE(r.stopped_early);
  EXPECT_LT(r.loss.size(), 100u);
  EXPECT_EQ(r.stop_iteration, static_cast<int>(r.loss.size()) - 1);
  ASSERT_GE(r.smoothed_loss.size(), 2u);
  const double last = r.smoothed_loss.back();
  const double best_before =
      *std::min_element(r.smoothed_loss.begin(), r.smoothed_loss.end() - 1);
  EXPECT_TRUE(!std::isfinite(last) || last > 4.0 * best_before)
      << "last smoothed " << last << ", best before " << best_before;
  double best = r.smoothed_loss[0];
  for (size_t i = 1; i + 1 < r.smoothed_loss.size(); ++i) {
    EXPECT_LE(r.smoothed_loss[i], 4.0 * best) << "iteration " << i;
    best = std::min(best, r.smoothed_loss[i]);
  }
}

// ---------------------------------------------------------------------------------------
// fastai defaults on the house data, for GD and for mini-batch SGD

struct RangeCase {
  const char* name;
  Scaling scaling;
  OptimizerKind kind;
  int batch_size;
};

void PrintTo(const RangeCase& range_case, std::ostream* out) { *out << range_case.name; }

class RangeTestOnHouse : public ::testing::TestWithParam<RangeCase> {
 protected:
  static RangeTestResult Run() {
    return RunOnHouse(GetParam().scaling, GetParam().kind, GetParam().batch_size);
  }
};

TEST_P(RangeTestOnHouse, DefaultsAreFastais) {
  const RangeTestSettings defaults;
  EXPECT_EQ(defaults.start_lr, 1e-7);
  EXPECT_EQ(defaults.end_lr, 10.0);
  EXPECT_EQ(defaults.iterations, 100);
  EXPECT_TRUE(defaults.exponential);
  EXPECT_EQ(defaults.smoothing, 0.98);
  EXPECT_EQ(defaults.stop_factor, 4.0);
}

TEST_P(RangeTestOnHouse, LearningRatesFollowStartTimesEndOverStartToTheIOverN) {
  const RangeTestResult r = Run();
  ASSERT_GT(r.learning_rate.size(), 76u);
  // By hand: (10/1e-7)^(i/100) = 1e8^(i/100).
  ExpectRelative(r.learning_rate[0], 1e-7);
  ExpectRelative(r.learning_rate[25], 1e-5);  // 1e-7 · 1e2
  ExpectRelative(r.learning_rate[50], 1e-3);  // 1e-7 · 1e4
  ExpectRelative(r.learning_rate[75], 1e-1);  // 1e-7 · 1e6
  for (size_t i = 0; i < r.learning_rate.size(); ++i) {
    ExpectRelative(r.learning_rate[i], 1e-7 * std::pow(1e8, static_cast<double>(i) / 100.0));
  }
  EXPECT_EQ(r.learning_rate.size(), r.loss.size());
  EXPECT_EQ(r.smoothed_loss.size(), r.loss.size());
}

TEST_P(RangeTestOnHouse, SmoothedLossIsTheBiasCorrectedEmaOfTheRawLoss) {
  const RangeTestResult r = Run();
  ASSERT_FALSE(r.loss.empty());
  double average = 0.0;
  for (size_t i = 0; i < r.loss.size(); ++i) {
    average = 0.98 * average + 0.02 * r.loss[i];
    const double expected = average / (1.0 - std::pow(0.98, static_cast<double>(i + 1)));
    if (!std::isfinite(expected)) break;
    ExpectRelative(r.smoothed_loss[i], expected);
  }
  ExpectRelative(r.smoothed_loss[0], r.loss[0]);  // bias correction: the first value is the loss
}

// When train()'s divergence guard ends the run on a finite loss above
// kDivergenceLossRatio × the start, that step's smoothed loss is still its EMA: the smoothed
// curve keeps the very point that shows the explosion.
TEST(RangeTestStop, SmoothedLossAtAStepStoppedByTheDivergenceGuardIsItsEmaNotNaN) {
  RangeTestSettings settings;
  settings.start_lr = 1e-3;
  settings.end_lr = 1000.0;
  settings.iterations = 20;  // α doubles a step; from α ≈ 16 the loss grows over ×200 a step
  const Expected<RangeTestResult> result = run_range_test(ScaledHouse(), settings);
  ASSERT_TRUE(result.ok());
  const RangeTestResult& r = *result;
  ASSERT_TRUE(r.stopped_early);
  ASSERT_TRUE(std::isfinite(r.loss.back()));
  ASSERT_GT(r.loss.back(), kDivergenceLossRatio * r.loss.front());  // train() stopped it
  double average = 0.0;
  for (size_t i = 0; i < r.loss.size(); ++i) {
    average = 0.98 * average + 0.02 * r.loss[i];
    ExpectRelative(r.smoothed_loss[i],
                   average / (1.0 - std::pow(0.98, static_cast<double>(i + 1))));
  }
}

TEST(RangeTestStop, SgdOnScaledHouseStopsOnceTheSmoothedLossPassesFourTimesItsBest) {
  ExpectStoppedOnDivergence(RunOnHouse(Scaling::z_score, OptimizerKind::sgd, 16));
}

TEST(RangeTestStop, GdOnUnscaledHouseStopsOnceTheSmoothedLossPassesFourTimesItsBest) {
  ExpectStoppedOnDivergence(RunOnHouse(Scaling::none, OptimizerKind::gd, 0));
}

// The truth, not the folklore: z-scored, the house Hessian has κ ≈ 1.09 (λ ≈ 0.96 and 1.04),
// so as α passes 1/λ ≈ 1 every error component is multiplied by |1 − αλ| ≈ 0 and full-batch
// GD lands on θ* to rounding. Past 2/λmax there is almost nothing left to amplify: the loss
// sits at J* until the last iterations and the test runs all 100 without stopping.
TEST(RangeTestStop, GdOnScaledHouseLandsOnTheOptimumAndRunsAllIterations) {
  const RangeTestResult r = RunOnHouse(Scaling::z_score, OptimizerKind::gd, 0);
  EXPECT_FALSE(r.stopped_early);
  EXPECT_EQ(r.stop_iteration, -1);
  EXPECT_EQ(r.loss.size(), 100u);
  // From α ≈ 1.1 (iteration 88) to α ≈ 5.8 (97) the raw loss stays within 1e-5 of its minimum.
  const double optimum = *std::min_element(r.loss.begin(), r.loss.end());
  for (int i = 88; i <= 97; ++i) ExpectRelative(r.loss[i], optimum, 1e-5);
}

// The first and last index of the window fastai reads: lrs[n//10 : -5].
int TrimmedFirst() { return 100 / 10; }
int TrimmedLast(const RangeTestResult& r) { return static_cast<int>(r.smoothed_loss.size()) - 5; }

TEST_P(RangeTestOnHouse, MinimumDiv10IsTheRateAtTheSmoothedMinimumOverTen) {
  const RangeTestResult r = Run();
  int argmin = TrimmedFirst();
  for (int i = TrimmedFirst(); i < TrimmedLast(r); ++i) {
    if (r.smoothed_loss[i] < r.smoothed_loss[argmin]) argmin = i;
  }
  EXPECT_EQ(r.minimum_index, argmin);
  EXPECT_EQ(r.minimum_div10, r.learning_rate[argmin] / 10.0);
}

TEST_P(RangeTestOnHouse, SteepestLiesOnTheFallingPartBelowTheMinimum) {
  const RangeTestResult r = Run();
  ASSERT_GE(r.steepest_index, TrimmedFirst());
  ASSERT_LT(r.steepest_index + 1, TrimmedLast(r));
  EXPECT_EQ(r.steepest, r.learning_rate[r.steepest_index]);
  EXPECT_LT(r.smoothed_loss[r.steepest_index + 1], r.smoothed_loss[r.steepest_index])
      << "the smoothed loss is not falling at the steepest point";
  EXPECT_LT(r.steepest, r.learning_rate[r.minimum_index]);
}

TEST_P(RangeTestOnHouse, ValleyLiesBetweenTheStartAndTheMinimum) {
  const RangeTestResult r = Run();
  EXPECT_GE(r.valley_index, TrimmedFirst());
  EXPECT_LE(r.valley_index, r.minimum_index);
  EXPECT_EQ(r.valley, r.learning_rate[r.valley_index]);
  EXPECT_GE(r.valley, r.learning_rate[TrimmedFirst()]);
  EXPECT_LE(r.valley, r.learning_rate[r.minimum_index]);
}

INSTANTIATE_TEST_SUITE_P(RangeTest, RangeTestOnHouse,
                         ::testing::Values(
                             RangeCase{"gd_z_score", Scaling::z_score, OptimizerKind::gd, 0},
                             RangeCase{"sgd16_z_score", Scaling::z_score, OptimizerKind::sgd, 16},
                             RangeCase{"gd_unscaled", Scaling::none, OptimizerKind::gd, 0}),
                         [](const ::testing::TestParamInfo<RangeCase>& info) {
                           return std::string(info.param.name);
                         });

// ---------------------------------------------------------------------------------------
// The suggestions on a hand-made curve (fastai's steep, minimum and valley)

// 30 iterations at α_i = 1e-3·10^(i/10) (so ln α steps by ln(10)/10 everywhere). fastai reads
// lrs[30//10 : -5] = indices 3 … 24. The trimmed points are made tempting on purpose: the
// steepest drop of all is 0 → 1, and 0.1 at index 26 is the lowest loss of all.
RangeTestResult HandCurve() {
  RangeTestResult r;
  r.smoothed_loss = {
      10.0, 5.0, 4.9,                                   // 0–2: trimmed
      4.8, 4.7, 4.6, 4.5, 4.3, 4.0, 3.5,                // 3–9: falling
      2.0,                                              // 10: after the steepest drop (−1.5)
      1.9, 1.85, 1.8,                                   // 11–13: the minimum at 13
      1.9, 2.1, 2.4, 2.8, 3.3, 3.9, 4.6, 5.4, 6.3, 7.3, 8.4,  // 14–24: rising
      0.5, 0.1, 0.2, 20.0, 50.0,                        // 25–29: trimmed
  };
  for (int i = 0; i < 30; ++i) r.learning_rate.push_back(1e-3 * std::pow(10.0, i / 10.0));
  r.loss = r.smoothed_loss;
  return r;
}

TEST(RangeTestSuggest, MinimumIsTheLowestPointInsideTheTrimmedWindow) {
  RangeTestResult r = HandCurve();
  suggest_learning_rates(r, 30);
  EXPECT_EQ(r.minimum_index, 13);  // not 26: the last five points are trimmed
  EXPECT_EQ(r.minimum_div10, r.learning_rate[13] / 10.0);
}

TEST(RangeTestSuggest, SteepestIsTheStartOfTheLargestDropPerLogRate) {
  RangeTestResult r = HandCurve();
  suggest_learning_rates(r, 30);
  // Drops between neighbours in 3 … 24: −0.1, −0.1, −0.1, −0.2, −0.3, −0.5, −1.5 (9 → 10), …
  // fastai takes lrs[argmin] — the left end of the steepest segment. Not 0 → 1 (trimmed) and
  // not 24 → 25 (25 is trimmed).
  EXPECT_EQ(r.steepest_index, 9);
  EXPECT_EQ(r.steepest, r.learning_rate[9]);
}

TEST(RangeTestSuggest, ValleyIsAboutHalfWayAlongTheLongestDecreasingRun) {
  RangeTestResult r = HandCurve();
  suggest_learning_rates(r, 30);
  // In the window (local j = i − 3) the loss strictly falls over j = 0 … 10 (indices 3 … 13),
  // the longest decreasing subsequence (11 points; later points extend at most 8). fastai's
  // loop leaves max_end = 10 and max_start = max_end − lds[max_end] = 10 − 11 = −1, so
  // sections = 11/3 = 3.67 and idx = −1 + int(3.67) + int(1.83) = −1 + 3 + 1 = 3 → index 6.
  EXPECT_EQ(r.valley_index, 6);
  EXPECT_EQ(r.valley, r.learning_rate[6]);
  EXPECT_LT(r.valley_index, r.steepest_index);
  EXPECT_LT(r.steepest_index, r.minimum_index);
}

TEST(RangeTestSuggest, ShortCurveIsReadUntrimmed) {
  // 4 points: 4//10 = 0 and 4 − 5 < 0 leave fewer than 3 points, so all four are read.
  RangeTestResult r;
  r.smoothed_loss = {3.0, 2.5, 1.0, 2.0};
  r.learning_rate = {1e-3, 1e-2, 1e-1, 1.0};
  suggest_learning_rates(r, 4);
  EXPECT_EQ(r.minimum_index, 2);
  ExpectRelative(r.minimum_div10, 1e-2);
  EXPECT_EQ(r.steepest_index, 1);  // drops −0.5, −1.5, +1 per ln 10
  // lds = 1, 2, 3, 3 → max_end 2, max_start 2 − 3 = −1; sections 1 → idx −1 + 1 + 0 = 0.
  EXPECT_EQ(r.valley_index, 0);
}

TEST(RangeTestSuggest, ReadingStopsAtTheFirstNonFiniteSmoothedLoss) {
  RangeTestResult r = HandCurve();
  r.smoothed_loss[12] = kNaN;  // the window now ends at 11
  suggest_learning_rates(r, 30);
  EXPECT_EQ(r.minimum_index, 11);
  EXPECT_EQ(r.steepest_index, 9);
}

// ---------------------------------------------------------------------------------------
// Bad settings name the setting and its valid range

std::string RangeError(const RangeTestSettings& settings) {
  const Expected<RangeTestResult> result = run_range_test(ScaledHouse(), settings);
  EXPECT_FALSE(result.ok());
  return result.ok() ? "" : result.error();
}

TEST(RangeTestSettings, StartRateNotAboveZeroIsRejected) {
  RangeTestSettings s;
  s.start_lr = 0.0;
  EXPECT_EQ(RangeError(s), "range test start rate must be in (0, 1000], got 0");
  s.start_lr = -1e-3;
  EXPECT_EQ(RangeError(s), "range test start rate must be in (0, 1000], got -0.001");
  s.start_lr = kNaN;
  EXPECT_TRUE(Mentions(RangeError(s), "range test start rate must be in (0, 1000]"));
}

TEST(RangeTestSettings, EndRateNotAboveTheStartIsRejected) {
  RangeTestSettings s;
  s.start_lr = 1e-3;
  s.end_lr = 1e-3;
  EXPECT_EQ(RangeError(s), "range test end rate must be above the start (0.001) and at most 1000, got 0.001");
  s.end_lr = 1e-4;
  EXPECT_TRUE(Mentions(RangeError(s), "got 0.0001"));
  s.end_lr = 2000.0;
  EXPECT_TRUE(Mentions(RangeError(s), "range test end rate must be in (0, 1000], got 2000"));
}

TEST(RangeTestSettings, IterationsOutsideTenToMaxAreRejected) {
  RangeTestSettings s;
  s.iterations = 9;
  EXPECT_EQ(RangeError(s), "range test iterations must be in [10, " +
                               std::to_string(kMaxRangeTestIterations) + "], got 9");
  s.iterations = kMaxRangeTestIterations + 1;
  EXPECT_TRUE(Mentions(RangeError(s), "got " + std::to_string(kMaxRangeTestIterations + 1)));
}

TEST(RangeTestSettings, SmoothingOfOneOrMoreIsRejected) {
  RangeTestSettings s;
  s.smoothing = 1.0;
  EXPECT_EQ(RangeError(s), "smoothing β must be in [0, 1), got 1");
  s.smoothing = -0.1;
  EXPECT_EQ(RangeError(s), "smoothing β must be in [0, 1), got -0.1");
}

TEST(RangeTestSettings, StopFactorNotAboveOneIsRejected) {
  RangeTestSettings s;
  s.stop_factor = 1.0;
  EXPECT_EQ(RangeError(s), "stop factor must be > 1, got 1");
}

TEST(RangeTestSettings, BadOptimizerSettingsAreRejectedWithTheirName) {
  RangeTestSettings s;
  s.optimizer.kind = OptimizerKind::sgd;
  s.optimizer.batch_size = 0;
  EXPECT_TRUE(Mentions(RangeError(s), "batch size between 1 and the number of rows (100), got 0"));
}

}  // namespace
}  // namespace lrlab
