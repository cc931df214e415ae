// The lesson's worked example (SPEC §1), live on the built-in house data: unscaled,
// α = 0.001 is too slow, 0.01 is good, 0.1 is not stable; after z-scoring 0.1 is good
// and the recommendation moves up.
#include <gtest/gtest.h>

#include "lrlab/sweep.hpp"

namespace lrlab {
namespace {

SweepResult default_sweep(Scaling scaling, std::uint64_t seed = 1) {
  ProblemSpec spec;
  spec.scaling = scaling;
  const Problem problem = Problem::create(make_house(seed), spec).value();
  SweepSettings settings;  // GD, 1e-4 ×3 ladder, 9 rates, 200 steps
  return run_sweep(problem, settings).value();
}

const SweepRun& run_at(const SweepResult& sweep, double alpha) {
  for (const SweepRun& run : sweep.runs) {
    if (std::abs(run.learning_rate - alpha) < 1e-12 * alpha) return run;
  }
  ADD_FAILURE() << "no run at α = " << alpha;
  return sweep.runs.front();
}

TEST(WorkedExample, UnscaledHouseDataTooLowAtOneThousandthGoodAtOneHundredthUnstableAtOneTenth) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const SweepResult sweep = default_sweep(Scaling::none, seed);
    EXPECT_EQ(run_at(sweep, 0.001).diagnosis.label, Label::too_low) << "seed " << seed;
    EXPECT_LT(run_at(sweep, 0.001).diagnosis.relative_drop, 0.15);  // the cost barely moves
    EXPECT_EQ(run_at(sweep, 0.01).diagnosis.label, Label::good) << "seed " << seed;
    EXPECT_FALSE(is_stable(run_at(sweep, 0.1).diagnosis.label)) << "seed " << seed;
  }
}

TEST(WorkedExample, UnscaledTheoryExplainsTheBreak) {
  const SweepResult sweep = default_sweep(Scaling::none);
  ASSERT_TRUE(sweep.curvature.has_value());
  EXPECT_GT(sweep.curvature->divergence_rate, 0.03);  // the last stable ladder rate …
  EXPECT_LT(sweep.curvature->divergence_rate, 0.1);   // … and the first unstable one
}

TEST(WorkedExample, ZScoredHouseDataIsGoodAtOneTenth) {
  const SweepResult sweep = default_sweep(Scaling::z_score);
  EXPECT_EQ(run_at(sweep, 0.1).diagnosis.label, Label::good);
  EXPECT_LT(sweep.curvature->condition_number, 2.0);
}

TEST(WorkedExample, ScalingMovesTheRecommendationUp) {
  const SweepResult raw = default_sweep(Scaling::none);
  const SweepResult scaled = default_sweep(Scaling::z_score);
  ASSERT_TRUE(raw.recommended.has_value());
  ASSERT_TRUE(scaled.recommended.has_value());
  EXPECT_DOUBLE_EQ(*raw.recommended, 0.03);
  EXPECT_GE(*scaled.recommended, 10.0 * *raw.recommended);
  // The recommendation never exceeds the theory's divergence bound.
  EXPECT_LT(*raw.recommended, raw.curvature->divergence_rate);
  EXPECT_LT(*scaled.recommended, scaled.curvature->divergence_rate);
}

}  // namespace
}  // namespace lrlab
