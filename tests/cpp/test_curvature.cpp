// Curvature: exact eigenvalues and rates against hand-computed Hessians, power iteration
// against exact and finite-difference Hessians, contour ellipses against the true loss.
// Eigen first, through lrlab/eigen.hpp (a GCC false positive silenced for its headers).
#include "lrlab/eigen.hpp"

#include "lrlab/curvature.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "lrlab/dataset.hpp"
#include "lrlab/model.hpp"
#include "lrlab/problem.hpp"
#include "lrlab/train.hpp"
#include "lrlab/rng.hpp"

namespace lrlab {
namespace {

// Named tolerances.
constexpr double kExactTolerance = 1e-12;       // closed forms vs eigen-solver (relative)
constexpr double kPowerVsExactLinear = 1e-6;    // power iteration on a quadratic (relative)
constexpr double kPowerVsExactLogistic = 1e-5;  // power iteration at θ = 0 of the logistic loss
constexpr double kPowerVsFiniteDifference = 1e-4;  // power iteration vs dense FD Hessian
constexpr double kContourLevel = 1e-9;          // ellipse vertex loss vs its level (relative)
constexpr double kPi = 3.14159265358979323846;

double relative_error(double value, double truth) {
  return std::abs(value - truth) / std::abs(truth);
}

// J(θ) = ½θᵀAθ for a fixed symmetric A: the Hessian is A everywhere.
class QuadraticObjective : public Objective {
 public:
  explicit QuadraticObjective(Eigen::MatrixXd A) : A_(std::move(A)) {}
  int num_params() const override { return static_cast<int>(A_.rows()); }
  int num_rows() const override { return 1; }
  double evaluate(const Eigen::VectorXd& params, Eigen::VectorXd* grad) override {
    if (grad) *grad = A_ * params;
    return 0.5 * params.dot(A_ * params);
  }
  double evaluate_batch(const Eigen::VectorXd& params, const std::vector<int>&,
                        Eigen::VectorXd* grad) override {
    return evaluate(params, grad);
  }
  Eigen::VectorXd initial_params(std::uint64_t) const override {
    return Eigen::VectorXd::Zero(A_.rows());
  }

 private:
  Eigen::MatrixXd A_;
};

// An objective whose loss has overflowed: every gradient is NaN.
class OverflowedObjective : public QuadraticObjective {
 public:
  OverflowedObjective() : QuadraticObjective(Eigen::MatrixXd::Identity(3, 3)) {}
  double evaluate(const Eigen::VectorXd& params, Eigen::VectorXd* grad) override {
    if (grad) *grad = Eigen::VectorXd::Constant(params.size(), std::nan(""));
    return std::nan("");
  }
};

// Dense Hessian by central differences of the gradient, column by column, symmetrised.
Eigen::MatrixXd finite_difference_hessian(Objective& objective, const Eigen::VectorXd& params) {
  const int p = objective.num_params();
  const double h = 1e-5;
  Eigen::MatrixXd hessian(p, p);
  Eigen::VectorXd plus, minus;
  for (int j = 0; j < p; ++j) {
    Eigen::VectorXd probe = params;
    probe(j) += h;
    objective.evaluate(probe, &plus);
    probe(j) = params(j) - h;
    objective.evaluate(probe, &minus);
    hessian.col(j) = (plus - minus) / (2.0 * h);
  }
  return 0.5 * (hessian + hessian.transpose());
}

// λmax of X̃ᵀX̃/m computed directly (independent of linear_curvature).
double gram_lambda_max(const Eigen::MatrixXd& X) {
  Eigen::MatrixXd Xb(X.rows(), X.cols() + 1);
  Xb << X, Eigen::VectorXd::Ones(X.rows());
  const Eigen::MatrixXd H = Xb.transpose() * Xb / static_cast<double>(X.rows());
  return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(H).eigenvalues().maxCoeff();
}

// ---- exact report --------------------------------------------------------------------

// Rows (±½, ±2): both features mean zero and uncorrelated, so H = X̃ᵀX̃/m is diagonal with
// E x₁² = ¼, E x₂² = 4 and the bias entry E 1 = 1.
TEST(LinearCurvature, UncorrelatedMeanZeroFeaturesGiveDiagonalHessianEigenvaluesAndRates) {
  Eigen::MatrixXd X(4, 2);
  X << 0.5, 2.0, -0.5, 2.0, 0.5, -2.0, -0.5, -2.0;
  const CurvatureReport report = linear_curvature(X, 0.9);
  EXPECT_TRUE(report.exact);
  EXPECT_EQ(report.iterations, 0);
  ASSERT_EQ(report.eigenvalues.size(), 3u);
  EXPECT_NEAR(report.eigenvalues[0], 0.25, kExactTolerance);
  EXPECT_NEAR(report.eigenvalues[1], 1.0, kExactTolerance);
  EXPECT_NEAR(report.eigenvalues[2], 4.0, kExactTolerance);
  EXPECT_NEAR(report.lambda_min, 0.25, kExactTolerance);
  EXPECT_NEAR(report.lambda_max, 4.0, kExactTolerance);
  EXPECT_NEAR(report.condition_number, 16.0, 1e-10);
  EXPECT_NEAR(report.zigzag_rate, 0.25, kExactTolerance);       // 1/4
  EXPECT_NEAR(report.divergence_rate, 0.5, kExactTolerance);    // 2/4
  EXPECT_NEAR(report.fastest_rate, 0.47058823529411764, kExactTolerance);  // 2/4.25
  EXPECT_NEAR(report.momentum_divergence_rate, 0.95, kExactTolerance);     // 3.8/4
}

// One feature x = 1, 2, 3, 4: H = [[E x², E x], [E x, 1]] = [[7.5, 2.5], [2.5, 1]], whose
// eigenvalues are (tr ± √(tr² − 4 det))/2.
TEST(LinearCurvature, OneFeatureHessianEigenvaluesMatchQuadraticFormula) {
  Eigen::MatrixXd X(4, 1);
  X << 1.0, 2.0, 3.0, 4.0;
  const double trace = 7.5 + 1.0, det = 7.5 * 1.0 - 2.5 * 2.5;
  const double root = std::sqrt(trace * trace - 4.0 * det);
  const double lambda_min = (trace - root) / 2.0, lambda_max = (trace + root) / 2.0;
  const double beta = 0.5;

  const CurvatureReport report = linear_curvature(X, beta);
  ASSERT_EQ(report.eigenvalues.size(), 2u);
  EXPECT_LT(relative_error(report.eigenvalues[0], lambda_min), kExactTolerance);
  EXPECT_LT(relative_error(report.eigenvalues[1], lambda_max), kExactTolerance);
  EXPECT_LT(relative_error(report.condition_number, lambda_max / lambda_min), 1e-10);
  EXPECT_LT(relative_error(report.zigzag_rate, 1.0 / lambda_max), kExactTolerance);
  EXPECT_LT(relative_error(report.divergence_rate, 2.0 / lambda_max), kExactTolerance);
  EXPECT_LT(relative_error(report.fastest_rate, 2.0 / (lambda_min + lambda_max)),
            kExactTolerance);
  EXPECT_LT(relative_error(report.momentum_divergence_rate, (2.0 + 2.0 * beta) / lambda_max),
            kExactTolerance);
}

// The house data with its frontage column repeated: H has an exact zero eigenvalue, which the
// solver returns as a rounding residue of either sign (here about −8e-16 before clamping).
TEST(LinearCurvature, IdenticalFeatureColumnsGiveInfiniteConditionNumberWithoutCrashing) {
  const Dataset house = make_house(1);
  Eigen::MatrixXd X(house.rows(), 3);
  X << house.X, house.X.col(0);
  const CurvatureReport report = linear_curvature(X, 0.9);
  EXPECT_TRUE(std::isinf(report.condition_number));
  EXPECT_GT(report.condition_number, 0.0);
  EXPECT_GE(report.lambda_min, 0.0);
  EXPECT_LT(report.lambda_min, 1e-12 * report.lambda_max);
  EXPECT_TRUE(std::isfinite(report.lambda_max));
  EXPECT_TRUE(std::isfinite(report.divergence_rate));
  EXPECT_NEAR(report.lambda_max, gram_lambda_max(X), 1e-12 * report.lambda_max);
}

TEST(LinearCurvature, MomentumBoundIsNaNWhenBetaAllowsNoStableRate) {
  Eigen::MatrixXd X(4, 1);
  X << 1.0, 2.0, 3.0, 4.0;
  EXPECT_TRUE(std::isnan(linear_curvature(X, 1.0).momentum_divergence_rate));
  EXPECT_TRUE(std::isfinite(linear_curvature(X, 0.0).momentum_divergence_rate));
  EXPECT_TRUE(std::isfinite(linear_curvature(X, 1.0).divergence_rate));
}

TEST(LinearCurvature, EmptyOrNonFiniteDataGivesNaNsNotACrash) {
  const CurvatureReport empty = linear_curvature(Eigen::MatrixXd(0, 2), 0.9);
  EXPECT_TRUE(std::isnan(empty.lambda_max));
  EXPECT_TRUE(std::isnan(empty.divergence_rate));
  Eigen::MatrixXd X = Eigen::MatrixXd::Ones(3, 2);
  X(1, 1) = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isnan(linear_curvature(X, 0.9).lambda_max));
}

// ---- power iteration -----------------------------------------------------------------

TEST(PowerIteration, KnownDiagonalHessianGivesItsLargestEigenvalueAndNaNForExactOnlyFields) {
  QuadraticObjective objective(Eigen::Vector3d(5.0, 2.0, 1.0).asDiagonal());
  const CurvatureReport report =
      power_iteration_curvature(objective, Eigen::Vector3d(0.3, -1.0, 2.0), 0.9);
  EXPECT_FALSE(report.exact);
  EXPECT_LT(relative_error(report.lambda_max, 5.0), 1e-8);
  EXPECT_LT(relative_error(report.zigzag_rate, 0.2), 1e-8);
  EXPECT_LT(relative_error(report.divergence_rate, 0.4), 1e-8);
  EXPECT_LT(relative_error(report.momentum_divergence_rate, 3.8 / 5.0), 1e-8);
  EXPECT_TRUE(std::isnan(report.lambda_min));
  EXPECT_TRUE(std::isnan(report.condition_number));
  EXPECT_TRUE(std::isnan(report.fastest_rate));
  EXPECT_TRUE(report.eigenvalues.empty());
  EXPECT_GT(report.iterations, 1);
  EXPECT_LT(report.iterations, 200);
}

TEST(PowerIteration, LinearRegressionMatchesExactLambdaMax) {
  const Dataset data = make_synthetic_regression(200, 5, 7);
  const double exact = linear_curvature(data.X, 0.9).lambda_max;
  LinearRegression model(data.X, data.y);
  const CurvatureReport report =
      power_iteration_curvature(model, model.initial_params(0), 0.9);
  EXPECT_LT(relative_error(report.lambda_max, exact), kPowerVsExactLinear);
  EXPECT_LT(relative_error(report.lambda_max, gram_lambda_max(data.X)), kPowerVsExactLinear);
  EXPECT_LT(report.iterations, 200);  // converged, not stopped by the cap
}

TEST(PowerIteration, LinearRegressionAwayFromOriginStillMatchesExactLambdaMax) {
  const Dataset data = make_synthetic_regression(100, 3, 11);
  LinearRegression model(data.X, data.y);
  Eigen::VectorXd params(4);
  params << 30.0, -12.0, 7.0, 100.0;  // ‖θ‖ > 1: the FD step scales with it
  const CurvatureReport report = power_iteration_curvature(model, params, 0.9);
  EXPECT_LT(relative_error(report.lambda_max, gram_lambda_max(data.X)), kPowerVsExactLinear);
}

// At θ = 0 every σ'(z) = σ(0)(1 − σ(0)) = ¼, so ∇²J = X̃ᵀ diag(σ') X̃/m = X̃ᵀX̃/(4m).
TEST(PowerIteration, LogisticAtZeroIsQuarterOfGramLambdaMax) {
  const Dataset data = make_two_class(3);
  LogisticRegression model(data.X, data.y);
  const CurvatureReport report =
      power_iteration_curvature(model, Eigen::VectorXd::Zero(3), 0.9);
  EXPECT_LT(relative_error(report.lambda_max, gram_lambda_max(data.X) / 4.0),
            kPowerVsExactLogistic);
}

TEST(PowerIteration, MlpMatchesLargestMagnitudeEigenvalueOfFiniteDifferenceHessian) {
  Rng rng(5);
  Eigen::MatrixXd X(30, 2);
  Eigen::VectorXd y(30);
  for (int i = 0; i < 30; ++i) {
    X(i, 0) = rng.uniform(-2.0, 2.0);
    X(i, 1) = rng.uniform(-2.0, 2.0);
    y(i) = std::sin(X(i, 0)) + 0.5 * X(i, 1);
  }
  Mlp model(X, y, 3, Task::regression);
  const Eigen::VectorXd params = model.initial_params(4);
  const Eigen::VectorXd eigenvalues =
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(finite_difference_hessian(model, params))
          .eigenvalues();
  const double largest_magnitude = std::abs(eigenvalues(0)) > std::abs(eigenvalues(13 - 1))
                                       ? eigenvalues(0)
                                       : eigenvalues(13 - 1);
  ASSERT_EQ(eigenvalues.size(), 13);

  const CurvatureReport report = power_iteration_curvature(model, params, 0.9, 5000);
  EXPECT_LT(relative_error(report.lambda_max, largest_magnitude), kPowerVsFiniteDifference);
  EXPECT_LT(report.iterations, 5000);
}

// J = ½θᵀAθ with A = diag(−3, 1): the eigenvalue largest in magnitude is −3, which bounds no
// learning rate.
TEST(PowerIteration, NegativeDominantCurvatureIsReportedWithSignAndNaNRates) {
  QuadraticObjective objective(Eigen::Vector2d(-3.0, 1.0).asDiagonal());
  const CurvatureReport report = power_iteration_curvature(objective, Eigen::Vector2d(1, 1), 0.9);
  EXPECT_LT(relative_error(report.lambda_max, -3.0), 1e-8);
  EXPECT_TRUE(std::isnan(report.zigzag_rate));
  EXPECT_TRUE(std::isnan(report.divergence_rate));
  EXPECT_TRUE(std::isnan(report.momentum_divergence_rate));
}

TEST(PowerIteration, FlatObjectiveHasZeroCurvatureAndUnboundedRates) {
  QuadraticObjective objective(Eigen::MatrixXd::Zero(3, 3));
  const CurvatureReport report = power_iteration_curvature(objective, Eigen::Vector3d::Zero(), 0.9);
  EXPECT_EQ(report.lambda_max, 0.0);
  EXPECT_TRUE(std::isinf(report.divergence_rate));
  EXPECT_TRUE(std::isinf(report.momentum_divergence_rate));
}

TEST(PowerIteration, NonFiniteGradientOrWrongParameterCountGivesNaNNotACrash) {
  OverflowedObjective overflowed;
  const CurvatureReport report =
      power_iteration_curvature(overflowed, Eigen::Vector3d::Ones(), 0.9);
  EXPECT_TRUE(std::isnan(report.lambda_max));
  EXPECT_TRUE(std::isnan(report.divergence_rate));
  EXPECT_FALSE(report.exact);

  QuadraticObjective objective(Eigen::MatrixXd::Identity(3, 3));
  EXPECT_TRUE(std::isnan(
      power_iteration_curvature(objective, Eigen::VectorXd::Zero(2), 0.9).lambda_max));
  Eigen::VectorXd nan_params = Eigen::VectorXd::Zero(3);
  nan_params(1) = std::nan("");
  EXPECT_TRUE(std::isnan(power_iteration_curvature(objective, nan_params, 0.9).lambda_max));
}

// ---- dispatch ------------------------------------------------------------------------

TEST(CurvatureReportDispatch, LinearProblemIsExactOtherModelsUsePowerIteration) {
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  spec.model = ModelKind::linear;
  const Expected<Problem> linear = Problem::create(make_two_class(1), spec);
  ASSERT_TRUE(linear.ok()) << linear.error();
  const CurvatureReport exact = curvature_report(*linear, 0.9, 1);
  EXPECT_TRUE(exact.exact);
  EXPECT_EQ(exact.eigenvalues.size(), 3u);
  EXPECT_LT(relative_error(exact.lambda_max, gram_lambda_max(linear->data().X)),
            kExactTolerance);

  spec.model = ModelKind::logistic;
  const Expected<Problem> logistic = Problem::create(make_two_class(1), spec);
  ASSERT_TRUE(logistic.ok()) << logistic.error();
  const CurvatureReport estimated = curvature_report(*logistic, 0.9, 1);
  EXPECT_FALSE(estimated.exact);
  EXPECT_TRUE(estimated.eigenvalues.empty());
  EXPECT_GT(estimated.iterations, 0);
  // Logistic regression starts at θ = 0, where the Hessian is X̃ᵀX̃/(4m).
  EXPECT_LT(relative_error(estimated.lambda_max, exact.lambda_max / 4.0), kPowerVsExactLogistic);

  spec.model = ModelKind::mlp;
  spec.hidden_units = 4;
  const Expected<Problem> mlp = Problem::create(make_nonlinear(1), spec);
  ASSERT_TRUE(mlp.ok()) << mlp.error();
  const CurvatureReport network = curvature_report(*mlp, 0.9, 1);
  EXPECT_FALSE(network.exact);
  EXPECT_TRUE(std::isfinite(network.lambda_max));
}

// ---- contours ------------------------------------------------------------------------

// The profile of the true loss at (w₁, w₂): the other parameters (the bias and any further
// weights) refitted by least squares on the rows, by QR — independent of the Gram path.
double profile_at(const Dataset& data, double w1, double w2) {
  const Eigen::Index m = data.X.rows(), p = data.X.cols();
  const Eigen::VectorXd residual = data.y - w1 * data.X.col(0) - w2 * data.X.col(1);
  Eigen::MatrixXd rest(m, p - 1);
  rest << data.X.rightCols(p - 2), Eigen::VectorXd::Ones(m);
  const Eigen::VectorXd fit = rest.colPivHouseholderQr().solve(residual);
  return (residual - rest * fit).squaredNorm() / (2.0 * static_cast<double>(m));
}

void expect_vertices_on_their_levels(const Dataset& data, const ContourSet& set) {
  for (const ContourEllipse& ellipse : set.ellipses) {
    ASSERT_EQ(ellipse.w1.size(), ellipse.w2.size());
    for (std::size_t k = 0; k < ellipse.w1.size(); ++k) {
      const double loss = profile_at(data, ellipse.w1[k], ellipse.w2[k]);
      EXPECT_LT(relative_error(loss, ellipse.level), kContourLevel)
          << "vertex " << k << " of the ellipse at level " << ellipse.level;
    }
  }
}

TEST(LinearContours, EveryVertexLiesOnItsLevelOfTheTrueLoss) {
  const Dataset data = make_house(1);
  const Eigen::Vector2d start(0.0, 0.0);
  const Expected<ContourSet> set = linear_contours(data.X, data.y, start, 8, 0.35, 72);
  ASSERT_TRUE(set.ok()) << set.error();
  ASSERT_EQ(set->ellipses.size(), 8u);
  expect_vertices_on_their_levels(data, *set);
}

TEST(LinearContours, OtherWeightsProfiledOutWithThreeFeatures) {
  const Dataset data = make_synthetic_regression(60, 3, 2);
  const Expected<ContourSet> set = linear_contours(data.X, data.y, Eigen::Vector2d(1.0, -2.0));
  ASSERT_TRUE(set.ok()) << set.error();
  expect_vertices_on_their_levels(data, *set);
}

TEST(LinearContours, OptimumIsLeastSquaresAndOptimalLossIsTheLossThere) {
  const Dataset data = make_house(1);
  const Expected<ContourSet> set = linear_contours(data.X, data.y, Eigen::Vector2d(0.0, 0.0));
  ASSERT_TRUE(set.ok()) << set.error();
  LinearRegression model(data.X, data.y);
  Eigen::VectorXd gradient;
  const double loss = model.evaluate(set->optimum, &gradient);
  EXPECT_LT(gradient.norm(), 1e-10);  // ∇J(θ*) = 0
  EXPECT_LT(relative_error(set->optimal_loss, loss), 1e-12);
}

TEST(LinearContours, OutermostPassesThroughTheGivenPointAndExcessesFollowTheRatio) {
  const Dataset data = make_house(1);
  const Eigen::Vector2d through(-0.5, 3.0);
  const double ratio = 0.4;
  const int points = 40;
  const Expected<ContourSet> set = linear_contours(data.X, data.y, through, 6, ratio, points);
  ASSERT_TRUE(set.ok()) << set.error();
  const ContourEllipse& outer = set->ellipses.front();
  EXPECT_NEAR(outer.w1.front(), through(0), 1e-9);
  EXPECT_NEAR(outer.w2.front(), through(1), 1e-9);
  EXPECT_LT(relative_error(profile_at(data, through(0), through(1)), outer.level),
            kContourLevel);
  for (std::size_t i = 0; i < set->ellipses.size(); ++i) {
    const ContourEllipse& ellipse = set->ellipses[i];
    ASSERT_EQ(ellipse.w1.size(), static_cast<std::size_t>(points + 1));
    EXPECT_EQ(ellipse.w1.back(), ellipse.w1.front());  // closed
    EXPECT_EQ(ellipse.w2.back(), ellipse.w2.front());
    EXPECT_LT(relative_error(ellipse.level, set->optimal_loss + ellipse.excess), 1e-15);
    if (i > 0) {
      EXPECT_LT(relative_error(ellipse.excess, set->ellipses[i - 1].excess * ratio), 1e-14);
    }
  }
}

TEST(LinearContours, AxesAreEigenvectorsOfTheFeatureCovariance) {
  const Dataset data = make_house(1);
  const Expected<ContourSet> set = linear_contours(data.X, data.y, Eigen::Vector2d(0.0, 0.0));
  ASSERT_TRUE(set.ok()) << set.error();
  // With the bias profiled out, H₂ = E xxᵀ − E x E xᵀ: the features' (population) covariance
  // [[var x₁, cov], [cov, var x₂]]; eigenvalues by the quadratic formula.
  const double m = data.rows();
  const Eigen::VectorXd x1 = data.X.col(0).array() - data.X.col(0).mean();
  const Eigen::VectorXd x2 = data.X.col(1).array() - data.X.col(1).mean();
  const double a = x1.squaredNorm() / m, d = x2.squaredNorm() / m;
  const double b = x1.dot(x2) / m;
  const double root = std::sqrt((a - d) * (a - d) + 4.0 * b * b);
  const double mu_small = (a + d - root) / 2.0, mu_large = (a + d + root) / 2.0;
  EXPECT_LT(relative_error(set->mu_small, mu_small), 1e-9);
  EXPECT_LT(relative_error(set->mu_large, mu_large), 1e-12);
  // (cos θ, sin θ) is H₂'s eigenvector for μ_small: (a − μ)cos θ + b sin θ = 0.
  const double angle = set->axis_angle;
  EXPECT_NEAR((a - mu_small) * std::cos(angle) + b * std::sin(angle), 0.0, 1e-9 * a);
  EXPECT_GT(angle, -kPi / 2);
  EXPECT_LE(angle, kPi / 2);
}

TEST(LinearContours, ThroughAtTheOptimumFallsBackToHalfTheOptimalLoss) {
  const Dataset data = make_house(1);
  const Expected<ContourSet> first = linear_contours(data.X, data.y, Eigen::Vector2d(0.0, 0.0));
  ASSERT_TRUE(first.ok()) << first.error();
  const Eigen::Vector2d optimum = first->optimum.head<2>();
  const Expected<ContourSet> set = linear_contours(data.X, data.y, optimum);
  ASSERT_TRUE(set.ok()) << set.error();
  EXPECT_LT(relative_error(set->ellipses.front().excess, 0.5 * set->optimal_loss), 1e-12);
  expect_vertices_on_their_levels(data, *set);
}

TEST(LinearContours, InvalidSettingsAndDegenerateDataGiveExplainedErrors) {
  const Dataset data = make_house(1);
  const Eigen::Vector2d start(0.0, 0.0);
  struct Case {
    int count;
    double ratio;
    int points;
    const char* expected_words;
  };
  const Case cases[] = {{0, 0.35, 72, "number of contour lines"},
                        {51, 0.35, 72, "number of contour lines"},
                        {8, 0.0, 72, "ratio"},
                        {8, 1.0, 72, "ratio"},
                        {8, std::nan(""), 72, "ratio"},
                        {8, 0.35, 7, "points per contour line"},
                        {8, 0.35, 1001, "points per contour line"}};
  for (const Case& c : cases) {
    const Expected<ContourSet> set =
        linear_contours(data.X, data.y, start, c.count, c.ratio, c.points);
    ASSERT_FALSE(set.ok()) << "count " << c.count << " ratio " << c.ratio << " points "
                           << c.points;
    EXPECT_NE(set.error().find(c.expected_words), std::string::npos) << set.error();
  }
  EXPECT_TRUE(linear_contours(data.X, data.y, start, 1, 0.35, 8).ok());
  EXPECT_TRUE(linear_contours(data.X, data.y, start, 50, 0.35, 1000).ok());

  const Expected<ContourSet> one_column =
      linear_contours(data.X.leftCols(1), data.y, start);
  ASSERT_FALSE(one_column.ok());
  EXPECT_NE(one_column.error().find("at least 2 feature columns"), std::string::npos);

  Eigen::MatrixXd proportional = data.X;
  proportional.col(1) = 3.0 * proportional.col(0);
  const Expected<ContourSet> flat = linear_contours(proportional, data.y, start);
  ASSERT_FALSE(flat.ok());
  EXPECT_NE(flat.error().find("perfectly correlated"), std::string::npos) << flat.error();
}

}  // namespace
}  // namespace lrlab

namespace lrlab {
namespace {

// The scaling lab draws GD paths over these contours. On raw (uncentred) house data the bias
// is still far from b* while the weights move; the loss of every step must sit on or above
// the contour level at its (w₁, w₂), so a path never looks uphill while its loss falls.
TEST(LinearContours, EveryStepOfAPathHasALossAtOrAboveTheProfileBelowIt) {
  for (const Scaling scaling : {Scaling::none, Scaling::min_max, Scaling::z_score}) {
    ProblemSpec spec;
    spec.scaling = scaling;
    const Problem problem = Problem::create(make_house(1), spec).value();
    RunSettings settings;
    settings.optimizer.learning_rate = 0.5 * curvature_report(problem, 0.9, 1).divergence_rate;
    settings.steps = 100;
    settings.record_params = true;
    auto objective = problem.objective(true);
    const RunResult run = train(*objective, settings, objective->initial_params(1));
    ASSERT_FALSE(run.diverged);
    // The level the engine's contours give at (w₁, w₂): J* + ½δᵀH₂δ, H₂ from its axes.
    const ContourSet set = linear_contours(*problem.gram(), Eigen::Vector2d(0.0, 0.0)).value();
    const Eigen::Vector2d u(std::cos(set.axis_angle), std::sin(set.axis_angle)), v(-u(1), u(0));
    const Eigen::Matrix2d H2 = set.mu_small * u * u.transpose() + set.mu_large * v * v.transpose();
    const int p = run.num_params;
    for (int t = 0; t <= settings.steps; ++t) {
      const Eigen::Vector2d w(run.params[t * p], run.params[t * p + 1]);
      const Eigen::Vector2d delta = w - set.optimum.head<2>();
      const double contour_level = set.optimal_loss + 0.5 * delta.dot(H2 * delta);
      EXPECT_LT(relative_error(contour_level, profile_at(problem.data(), w(0), w(1))), 1e-9) << "step " << t;
      const double loss = t < settings.steps ? run.loss[t] : run.final_loss;
      EXPECT_GE(loss, contour_level * (1.0 - 1e-12)) << "step " << t;
    }
  }
}

}  // namespace
}  // namespace lrlab
