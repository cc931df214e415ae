// Models: analytic gradients against central finite differences; the Gram-matrix path
// against the direct path.
#include <gtest/gtest.h>

#include <cmath>

#include "lrlab/fast_tanh.hpp"
#include "lrlab/names.hpp"
#include "lrlab/problem.hpp"
#include "lrlab/rng.hpp"
#include "lrlab/train.hpp"
#include "reference_mlp.hpp"
#include "test_support.hpp"

namespace lrlab {
namespace {

using testing::central_difference;
using testing::kGradientRelTol;
using testing::kSamePathRelTol;

Eigen::VectorXd random_params(int n, std::uint64_t seed, double scale = 0.5) {
  Rng rng(seed);
  Eigen::VectorXd p(n);
  for (int i = 0; i < n; ++i) p(i) = scale * rng.normal();
  return p;
}

double relative_error(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return (a - b).norm() / std::max(b.norm(), 1e-300);
}

// Checks the full-data and a mini-batch gradient of `objective` at several random points.
void expect_gradients_match_finite_differences(Objective& objective, std::uint64_t seed) {
  const std::vector<int> batch = {0, 3, 5, 8, 13, 21};
  for (int trial = 0; trial < 3; ++trial) {
    const Eigen::VectorXd p = random_params(objective.num_params(), seed + trial);
    Eigen::VectorXd g;
    objective.evaluate(p, &g);
    const Eigen::VectorXd g_fd = central_difference(
        [&](const Eigen::VectorXd& x) { return objective.evaluate(x, nullptr); }, p);
    EXPECT_LT(relative_error(g, g_fd), kGradientRelTol) << "full data, trial " << trial;

    Eigen::VectorXd gb;
    objective.evaluate_batch(p, batch, &gb);
    const Eigen::VectorXd gb_fd = central_difference(
        [&](const Eigen::VectorXd& x) { return objective.evaluate_batch(x, batch, nullptr); }, p);
    EXPECT_LT(relative_error(gb, gb_fd), kGradientRelTol) << "mini-batch, trial " << trial;
  }
}

TEST(ModelGradient, LinearRegressionMatchesFiniteDifferences) {
  const Dataset d = make_house(3);
  LinearRegression model(d.X, d.y);
  expect_gradients_match_finite_differences(model, 11);
}

TEST(ModelGradient, GramLinearRegressionMatchesFiniteDifferences) {
  const Dataset d = make_house(3);
  GramLinearRegression model(d.X, d.y);
  const Eigen::VectorXd p = random_params(model.num_params(), 5);
  Eigen::VectorXd g;
  model.evaluate(p, &g);
  const Eigen::VectorXd g_fd = central_difference(
      [&](const Eigen::VectorXd& x) { return model.evaluate(x, nullptr); }, p);
  EXPECT_LT(relative_error(g, g_fd), kGradientRelTol);
}

TEST(ModelGradient, LogisticRegressionMatchesFiniteDifferences) {
  const Dataset d = make_two_class(4);
  LogisticRegression model(d.X, d.y);
  expect_gradients_match_finite_differences(model, 21);
}

TEST(ModelGradient, MlpRegressionMatchesFiniteDifferences) {
  const Dataset d = make_nonlinear(5);
  Mlp model(d.X, d.y, 6, Task::regression);
  expect_gradients_match_finite_differences(model, 31);
}

TEST(ModelGradient, MlpClassificationMatchesFiniteDifferences) {
  const Dataset d = make_two_class(6);
  Mlp model(d.X, d.y, 5, Task::classification);
  expect_gradients_match_finite_differences(model, 41);
}

// The lessons' width, 8 units, runs on Mlp's hand-written loops (model.cpp, loss_fixed); the
// other widths on Eigen products. Both against finite differences, and against each other below.
TEST(ModelGradient, MlpWithEightUnitsMatchesFiniteDifferences) {
  const Dataset reg = make_nonlinear(5);
  Mlp regression(reg.X, reg.y, 8, Task::regression);
  expect_gradients_match_finite_differences(regression, 51);
  const Dataset cls = make_two_class(6);
  Mlp classification(cls.X, cls.y, 8, Task::classification);
  expect_gradients_match_finite_differences(classification, 61);
}

// The MLP written with Eigen products and fast_tanh (the engine's general path, and its 8-unit
// path before the hand-written loops; reference_mlp.hpp): for any width, the independent
// computation the 8 units' loops are checked against.
struct FastTanh {
  double operator()(double z) const { return fast_tanh(z); }
};
using EigenMlp = lrlab::testing::ReferenceMlp<FastTanh>;

TEST(ModelLoss, MlpWithEightUnitsFollowsTheEigenProducts) {
  // Loss and gradient, full data and mini-batches (odd and even sizes, one row), regression
  // and classification, 1 to 5 features, at random points and at the seeded start: the same
  // to rounding (the loops sum over the rows in another order than Eigen's products).
  std::vector<Dataset> sets = {make_nonlinear(5), make_two_class(6), make_house(7),
                               make_synthetic_regression(37, 5, 8), make_synthetic_regression(9, 1, 9)};
  const std::vector<std::vector<int>> batches = {{0}, {0, 3, 5}, {1, 2, 3, 4, 5, 6, 7, 8}};
  double worst = 0.0;
  for (size_t s = 0; s < sets.size(); ++s) {
    const Dataset& data = sets[s];
    Mlp loops(data.X, data.y, 8, data.task);
    EigenMlp eigen(data.X, data.y, 8, data.task);
    for (int trial = 0; trial < 4; ++trial) {
      const Eigen::VectorXd p = trial == 0 ? loops.initial_params(3) : random_params(loops.num_params(), 100 * s + trial, 1.5);
      Eigen::VectorXd g1, g2;
      const double l1 = loops.evaluate(p, &g1), l2 = eigen.evaluate(p, &g2);
      EXPECT_NEAR(l1, l2, 1e-14 * std::abs(l2)) << "set " << s << ", trial " << trial;
      EXPECT_EQ(loops.evaluate(p, nullptr), l1) << "the loss without a gradient";
      worst = std::max(worst, relative_error(g1, g2));
      EXPECT_LT(relative_error(g1, g2), 1e-13) << "set " << s << ", trial " << trial;
      for (const std::vector<int>& batch : batches) {
        const double b1 = loops.evaluate_batch(p, batch, &g1), b2 = eigen.evaluate_batch(p, batch, &g2);
        EXPECT_NEAR(b1, b2, 1e-14 * std::abs(b2)) << "set " << s << ", batch of " << batch.size();
        EXPECT_LT(relative_error(g1, g2), 1e-13) << "set " << s << ", batch of " << batch.size();
      }
    }
  }
  RecordProperty("worst_relative_difference", std::to_string(worst));
}

TEST(ModelLoss, MlpOfOtherWidthsFollowsTheEigenProducts) {
  const Dataset data = make_nonlinear(5);
  for (const int hidden : {1, 3, 6, 16}) {
    Mlp model(data.X, data.y, hidden, data.task);
    EigenMlp eigen(data.X, data.y, hidden, data.task);
    const Eigen::VectorXd p = random_params(model.num_params(), hidden);
    Eigen::VectorXd g1, g2;
    const double l1 = model.evaluate(p, &g1), l2 = eigen.evaluate(p, &g2);
    EXPECT_NEAR(l1, l2, 1e-14 * std::abs(l2)) << hidden << " units";
    EXPECT_LT(relative_error(g1, g2), 1e-13) << hidden << " units";
  }
}

TEST(ModelLoss, LinearRegressionUsesTheHalfMeanSquaredErrorConvention) {
  // Two rows, one feature: x = (1, 2), y = (1, 5). At w = 2, b = 0: residuals (1, −1),
  // J = (1 + 1) / (2·2) = 0.5; ∂J/∂w = (1·1 + 2·(−1))/2 = −0.5; ∂J/∂b = 0.
  Eigen::MatrixXd X(2, 1);
  X << 1, 2;
  Eigen::VectorXd y(2);
  y << 1, 5;
  LinearRegression model(X, y);
  Eigen::VectorXd p(2), g;
  p << 2, 0;
  EXPECT_DOUBLE_EQ(model.evaluate(p, &g), 0.5);
  EXPECT_DOUBLE_EQ(g(0), -0.5);
  EXPECT_DOUBLE_EQ(g(1), 0.0);
}

TEST(ModelLoss, LogisticRegressionAtZeroIsLogTwo) {
  // σ(0) = ½ for every row, so the cross-entropy is ln 2 whatever the labels.
  const Dataset d = make_two_class(1);
  LogisticRegression model(d.X, d.y);
  EXPECT_NEAR(model.evaluate(Eigen::VectorXd::Zero(3), nullptr), std::log(2.0), 1e-15);
}

TEST(ModelLoss, LogisticRegressionStaysFiniteForHugeLogits) {
  Eigen::MatrixXd X(2, 1);
  X << 1000, -1000;
  Eigen::VectorXd y(2);
  y << 0, 1;  // both maximally wrong at w = 1: loss ≈ 1000 each, not inf
  LogisticRegression model(X, y);
  Eigen::VectorXd p(2), g;
  p << 1, 0;
  EXPECT_NEAR(model.evaluate(p, &g), 1000.0, 1e-9);
  EXPECT_TRUE(g.allFinite());
}

TEST(ModelStart, LinearRegressionStartsAtTheMeanTargetOnBothPaths) {
  const Dataset d = make_house(2);
  LinearRegression direct(d.X, d.y);
  GramLinearRegression gram(d.X, d.y);
  const Eigen::VectorXd a = direct.initial_params(1), b = gram.initial_params(1);
  EXPECT_EQ(a.head(2), Eigen::Vector2d::Zero());
  EXPECT_NEAR(a(2), d.y.mean(), 1e-12);
  EXPECT_LT((a - b).norm(), 1e-12);
}

// The Gram path is the same objective: along a whole run of each optimizer the product runs
// on it (all of them at full batch), its loss and gradient at every θₜ of the direct path's
// trajectory equal the direct path's.
TEST(GramPath, EvaluatesTheSameLossAndGradientAlongEveryOptimizersPath) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Dataset d = make_house(seed);
    LinearRegression direct(d.X, d.y);
    GramLinearRegression gram(d.X, d.y);
    for (OptimizerKind kind : {OptimizerKind::gd, OptimizerKind::sgd, OptimizerKind::momentum,
                               OptimizerKind::nesterov, OptimizerKind::rmsprop, OptimizerKind::adam}) {
      RunSettings run;
      run.optimizer.kind = kind;
      run.optimizer.batch_size = kind == OptimizerKind::sgd ? d.rows() : 0;  // a full batch
      run.optimizer.learning_rate = 0.01;
      run.steps = 200;
      run.record_params = true;
      const RunResult a = train(direct, run, direct.initial_params(seed));
      const int p = a.num_params;
      Eigen::VectorXd g_direct, g_gram;
      for (size_t t = 0; t < a.loss.size(); ++t) {
        const Eigen::Map<const Eigen::VectorXd> theta(a.params.data() + t * p, p);
        const double j_direct = direct.evaluate(theta, &g_direct);
        const double j_gram = gram.evaluate(theta, &g_gram);
        ASSERT_NEAR(j_gram, j_direct, 1e-10 * j_direct) << to_string(kind) << ", step " << t;
        // Componentwise differences are rounding of the size ε·(‖H‖‖θ‖ + ‖c‖); the bias
        // gradient at b = mean(y) is itself zero up to that rounding.
        ASSERT_LT((g_gram - g_direct).norm(), 1e-10 * (g_direct.norm() + gram.hessian().norm() * theta.norm()))
            << to_string(kind) << ", step " << t;
      }
    }
  }
}

// Optimizers whose step is linear in the gradient (GD, full-batch SGD, momentum, Nesterov)
// follow the same trajectory on both paths, from the product's own start. (RMSProp and Adam
// divide by |g|: where a component of the gradient is zero up to rounding — the bias at
// b = mean(y), or any component crossing zero — each path's rounding noise becomes a step of
// its own sign, so their trajectories part by design; the test above shows the objective is
// the same along them.)
TEST(GramPath, GivesTheSameTrajectoryForOptimizersLinearInTheGradient) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Dataset d = make_house(seed);
    LinearRegression direct(d.X, d.y);
    GramLinearRegression gram(d.X, d.y);
    for (OptimizerKind kind : {OptimizerKind::gd, OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::nesterov}) {
      RunSettings run;
      run.optimizer.kind = kind;
      run.optimizer.batch_size = kind == OptimizerKind::sgd ? d.rows() : 0;
      run.optimizer.learning_rate = 0.03;
      run.steps = 200;
      run.record_params = true;
      const RunResult a = train(direct, run, direct.initial_params(seed));
      const RunResult b = train(gram, run, gram.initial_params(seed));
      ASSERT_EQ(a.params.size(), b.params.size());
      ASSERT_EQ(a.loss.size(), b.loss.size());
      const Eigen::Map<const Eigen::VectorXd> pa(a.params.data(), a.params.size());
      const Eigen::Map<const Eigen::VectorXd> pb(b.params.data(), b.params.size());
      EXPECT_LT((pa - pb).norm() / pa.norm(), kSamePathRelTol) << "seed " << seed << ", " << to_string(kind);
      for (size_t t = 0; t < a.loss.size(); ++t) {
        ASSERT_NEAR(a.loss[t], b.loss[t], 1e-9 * a.loss[t]) << to_string(kind) << ", step " << t;
      }
    }
  }
}

// A CSV whose target is an exact linear function of the features: J* = 0. The Gram path's loss
// J* + ½ΔᵀHΔ never goes negative and keeps its digits down to the direct path's rounding floor,
// where the expanded ½θᵀHθ − cᵀθ + s would cancel to noise of the size of s·ε (and below 0).
TEST(GramPath, PerfectFitLossStaysNonNegativeAndMatchesTheDirectPath) {
  Eigen::MatrixXd X(6, 2);
  Eigen::VectorXd y(6);
  for (int i = 0; i < 6; ++i) {
    X(i, 0) = i;
    X(i, 1) = (i * i) % 5;
    y(i) = 40000.0 + 3.0 * X(i, 0) - 2.0 * X(i, 1);
  }
  LinearRegression direct(X, y);
  GramLinearRegression gram(X, y);
  RunSettings run;
  run.optimizer.learning_rate = 0.05;
  run.steps = 3000;
  const RunResult a = train(direct, run, direct.initial_params(1));
  const RunResult b = train(gram, run, gram.initial_params(1));
  ASSERT_FALSE(b.diverged);
  for (size_t t = 0; t < b.loss.size(); ++t) {
    ASSERT_GE(b.loss[t], 0.0) << "step " << t;
    // Where the direct loss is above its rounding floor (≈ (ε·|y|)²), both agree.
    if (a.loss[t] > 1e-18) {
      ASSERT_NEAR(b.loss[t], a.loss[t], 1e-6 * a.loss[t] + 1e-20) << "step " << t;
    }
  }
  EXPECT_GE(b.final_loss, 0.0);
  EXPECT_LT(b.final_loss, 1e-12 * b.initial_loss);
}

TEST(Problem, FullBatchLinearRegressionUsesTheGramPathAndMiniBatchDoesNot) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  EXPECT_NE(dynamic_cast<GramLinearRegression*>(problem.objective(true).get()), nullptr);
  EXPECT_NE(dynamic_cast<LinearRegression*>(problem.objective(false).get()), nullptr);
}

TEST(Problem, ScalingIsAppliedToTheFeaturesAndKeptForDisplay) {
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  const Dataset raw = make_house(1);
  const Problem problem = Problem::create(raw, spec).value();
  const Eigen::MatrixXd& X = problem.data().X;
  for (int j = 0; j < X.cols(); ++j) {
    EXPECT_NEAR(X.col(j).mean(), 0.0, 1e-12);
    EXPECT_NEAR((X.col(j).array() - X.col(j).mean()).square().mean(), 1.0, 1e-12);
  }
  EXPECT_LT((problem.transform().invert(X) - raw.X).norm(), 1e-12 * raw.X.norm());
}

}  // namespace
}  // namespace lrlab
