// Optimizers: hand-computed updates, the stability bounds 2/λmax and (2+2β)/λmax on random
// SPD quadratics, momentum against plain GD, Adam's first step.
#include <gtest/gtest.h>

#include "lrlab/curvature.hpp"
#include "lrlab/rng.hpp"
#include "lrlab/train.hpp"
#include "test_support.hpp"

namespace lrlab {
namespace {

using testing::DiagonalQuadratic;
using testing::kHandComputedTol;

// Two steps on J = ½θ² (λ = 1) from θ₀ = 1 with α = 0.1; returns θ after each step.
std::vector<double> two_steps(OptimizerKind kind) {
  DiagonalQuadratic f(Eigen::VectorXd::Ones(1), Eigen::VectorXd::Ones(1));
  RunSettings run;
  run.optimizer.kind = kind;
  run.optimizer.learning_rate = 0.1;
  run.steps = 2;
  run.record_params = true;
  const RunResult r = train(f, run, f.initial_params(0));
  return {r.params[1], r.params[2]};
}

TEST(Optimizer, GradientDescentStepIsThetaMinusAlphaGradient) {
  // θ₁ = 1 − 0.1·1 = 0.9; θ₂ = 0.9 − 0.1·0.9 = 0.81
  const auto th = two_steps(OptimizerKind::gd);
  EXPECT_NEAR(th[0], 0.9, kHandComputedTol);
  EXPECT_NEAR(th[1], 0.81, kHandComputedTol);
}

TEST(Optimizer, MomentumAccumulatesVelocity) {
  // v₁ = 1, θ₁ = 0.9; g = 0.9, v₂ = 0.9·1 + 0.9 = 1.8, θ₂ = 0.9 − 0.18 = 0.72
  const auto th = two_steps(OptimizerKind::momentum);
  EXPECT_NEAR(th[0], 0.9, kHandComputedTol);
  EXPECT_NEAR(th[1], 0.72, kHandComputedTol);
}

TEST(Optimizer, NesterovLooksAhead) {
  // v₁ = 1, θ₁ = 1 − 0.1(1 + 0.9·1) = 0.81;
  // g = 0.81, v₂ = 0.9 + 0.81 = 1.71, θ₂ = 0.81 − 0.1(0.81 + 0.9·1.71) = 0.5751
  const auto th = two_steps(OptimizerKind::nesterov);
  EXPECT_NEAR(th[0], 0.81, kHandComputedTol);
  EXPECT_NEAR(th[1], 0.5751, kHandComputedTol);
}

TEST(Optimizer, RmsPropDividesByTheRootMeanSquare) {
  // s₁ = 0.1·1² = 0.1, θ₁ = 1 − 0.1·1/(√0.1 + 1e-8)
  const double th1 = 1.0 - 0.1 / (std::sqrt(0.1) + 1e-8);
  // s₂ = 0.9·0.1 + 0.1·θ₁², θ₂ = θ₁ − 0.1·θ₁/(√s₂ + 1e-8)
  const double s2 = 0.09 + 0.1 * th1 * th1;
  const double th2 = th1 - 0.1 * th1 / (std::sqrt(s2) + 1e-8);
  const auto th = two_steps(OptimizerKind::rmsprop);
  EXPECT_NEAR(th[0], th1, kHandComputedTol);
  EXPECT_NEAR(th[1], th2, kHandComputedTol);
}

TEST(Optimizer, AdamFirstStepMovesEveryCoordinateByAlpha) {
  // m̂₁ = g, v̂₁ = g², so Δθᵢ = α·gᵢ/(|gᵢ| + ε): magnitude α up to ε/|gᵢ|.
  const Dataset d = make_two_class(1);
  LogisticRegression model(d.X, d.y);
  for (double alpha : {1e-3, 0.01, 0.3}) {
    RunSettings run;
    run.optimizer.kind = OptimizerKind::adam;
    run.optimizer.learning_rate = alpha;
    run.steps = 1;
    run.record_params = true;
    const Eigen::Vector3d start(0.1, -0.2, 0.3);
    const RunResult r = train(model, run, start);
    Eigen::VectorXd g;
    model.evaluate(start, &g);
    for (int i = 0; i < 3; ++i) {
      ASSERT_GT(std::abs(g(i)), 1e-4);  // the claim needs a gradient well above ε
      EXPECT_NEAR(std::abs(r.params[3 + i] - r.params[i]), alpha, alpha * 1e-6) << "coordinate " << i;
      EXPECT_LT((r.params[3 + i] - r.params[i]) * g(i), 0.0);  // downhill
    }
  }
}

// A random SPD quadratic as linear regression on random features: H = X̃ᵀX̃/m.
struct RandomQuadratic {
  Dataset data;
  double lambda_max;
};
RandomQuadratic random_quadratic(std::uint64_t seed) {
  Dataset d = make_synthetic_regression(60, 3, seed);
  const double lambda_max = linear_curvature(d.X, 0.0).lambda_max;
  return {std::move(d), lambda_max};
}

RunResult gd_run(const Dataset& d, OptimizerKind kind, double alpha, int steps, double beta = 0.9) {
  GramLinearRegression f(d.X, d.y);
  RunSettings run;
  run.optimizer.kind = kind;
  run.optimizer.learning_rate = alpha;
  run.optimizer.momentum = beta;
  run.steps = steps;
  return train(f, run, f.initial_params(0));
}

// J − J*, with J* from the normal equations solved by QR (independent of the engine's path).
double excess_loss(const Dataset& d, const RunResult& r) {
  const int m = d.rows();
  Eigen::MatrixXd Xb(m, d.features() + 1);
  Xb << d.X, Eigen::VectorXd::Ones(m);
  const Eigen::VectorXd optimum = Xb.colPivHouseholderQr().solve(d.y);
  const double optimal_loss = (Xb * optimum - d.y).squaredNorm() / (2.0 * m);
  return r.final_loss - optimal_loss;
}

TEST(StabilityBound, GradientDescentConvergesJustBelowTwoOverLambdaMaxAndDivergesJustAbove) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const RandomQuadratic q = random_quadratic(seed);
    const double bound = 2.0 / q.lambda_max;
    const RunResult below = gd_run(q.data, OptimizerKind::gd, 0.98 * bound, 5000);
    const RunResult above = gd_run(q.data, OptimizerKind::gd, 1.02 * bound, 5000);
    EXPECT_FALSE(below.diverged) << "seed " << seed;
    EXPECT_LT(excess_loss(q.data, below), 1e-10 * below.initial_loss) << "seed " << seed;
    EXPECT_TRUE(above.diverged) << "seed " << seed;
  }
}

TEST(StabilityBound, HeavyBallMomentumIsStableUpToTwoPlusTwoBetaOverLambdaMax) {
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const RandomQuadratic q = random_quadratic(seed);
    const double beta = 0.5;
    const double bound = (2.0 + 2.0 * beta) / q.lambda_max;
    EXPECT_FALSE(gd_run(q.data, OptimizerKind::momentum, 0.98 * bound, 5000, beta).diverged);
    EXPECT_TRUE(gd_run(q.data, OptimizerKind::momentum, 1.02 * bound, 5000, beta).diverged);
    // … a rate plain GD cannot survive.
    EXPECT_TRUE(gd_run(q.data, OptimizerKind::gd, 0.98 * bound, 5000).diverged);
  }
}

TEST(Momentum, BeatsPlainGradientDescentOnAnIllConditionedProblem) {
  // Raw house features: κ in the hundreds. Both run at α = 0.03 — the largest rate of the
  // ×3 ladder that plain GD survives — for the same 200 steps. Momentum (β = 0.9) is still
  // stable there (0.03 < 3.8/λmax) and its velocity crosses the flat valley far faster.
  const Dataset d = make_house(1);
  ASSERT_GT(linear_curvature(d.X, 0.9).condition_number, 100.0);
  const RunResult gd = gd_run(d, OptimizerKind::gd, 0.03, 200);
  const RunResult heavy = gd_run(d, OptimizerKind::momentum, 0.03, 200);
  ASSERT_FALSE(gd.diverged);
  ASSERT_FALSE(heavy.diverged);
  EXPECT_LT(excess_loss(d, heavy), 0.1 * excess_loss(d, gd));
}

}  // namespace
}  // namespace lrlab
