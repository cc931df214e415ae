// Tests for feature scaling: fitted parameters match hand-computed statistics, the map is
// invertible, weights carry back to raw units exactly, and constant columns are explained.
#include "lrlab/transform.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace lrlab {
namespace {

// Round-trips and re-expressed weights differ from exact only by rounding of a few operations.
constexpr double kRoundingTolerance = 1e-12;

Eigen::MatrixXd RandomMatrix(int rows, int cols, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> value(-50.0, 50.0);
  Eigen::MatrixXd X(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) X(i, j) = value(generator) * (j + 1) + 10.0 * j;
  }
  return X;
}

::testing::AssertionResult ErrorContains(const Expected<FeatureTransform>& result,
                                         const std::vector<std::string>& parts) {
  if (result.ok()) return ::testing::AssertionFailure() << "fit succeeded, expected an error";
  for (const std::string& part : parts) {
    if (result.error().find(part) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "message \"" << result.error() << "\" lacks \"" << part << "\"";
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(Transform, MinMaxMapsEachColumnOntoZeroToOneWithHandComputedValues) {
  Eigen::MatrixXd X(3, 2);
  X << 1, 10,
       3, 20,
       5, 40;
  const auto fitted = fit_transform(Scaling::min_max, X, {"a", "b"});
  ASSERT_TRUE(fitted.ok()) << fitted.error();
  EXPECT_EQ(fitted->kind, Scaling::min_max);
  EXPECT_EQ(fitted->offset, Eigen::Vector2d(1, 10));
  EXPECT_EQ(fitted->scale, Eigen::Vector2d(4, 30));
  Eigen::MatrixXd expected(3, 2);
  expected << 0.0, 0.0,
              0.5, 1.0 / 3.0,
              1.0, 1.0;
  EXPECT_EQ(fitted->apply(X), expected);
}

TEST(Transform, ZScoreUsesMeanAndPopulationStandardDeviation) {
  Eigen::MatrixXd X(4, 1);
  X << 1, 2, 3, 4;
  const auto fitted = fit_transform(Scaling::z_score, X, {"x"});
  ASSERT_TRUE(fitted.ok()) << fitted.error();
  // μ = 2.5; σ² = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25 (divide by m, not m − 1).
  EXPECT_EQ(fitted->offset(0), 2.5);
  EXPECT_DOUBLE_EQ(fitted->scale(0), std::sqrt(1.25));
  const Eigen::MatrixXd scaled = fitted->apply(X);
  EXPECT_DOUBLE_EQ(scaled(0, 0), -1.5 / std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(scaled(3, 0), 1.5 / std::sqrt(1.25));
}

TEST(Transform, ZScoreGivesEveryColumnMeanZeroAndVarianceOne) {
  const Eigen::MatrixXd X = RandomMatrix(200, 4, 7);
  const auto fitted = fit_transform(Scaling::z_score, X, {});
  ASSERT_TRUE(fitted.ok()) << fitted.error();
  const Eigen::MatrixXd scaled = fitted->apply(X);
  for (int j = 0; j < scaled.cols(); ++j) {
    const double mean = scaled.col(j).mean();
    const double variance = (scaled.col(j).array() - mean).square().mean();
    EXPECT_NEAR(mean, 0.0, kRoundingTolerance) << "column " << j;
    EXPECT_NEAR(variance, 1.0, kRoundingTolerance) << "column " << j;
  }
}

TEST(Transform, NoScalingIsTheIdentityAndAcceptsConstantAndEmptyData) {
  Eigen::MatrixXd X(3, 2);
  X << 5, 1,
       5, 2,
       5, 3;
  const auto fitted = fit_transform(Scaling::none, X, {"x1", "x2"});
  ASSERT_TRUE(fitted.ok()) << fitted.error();
  EXPECT_EQ(fitted->offset, Eigen::Vector2d::Zero());
  EXPECT_EQ(fitted->scale, Eigen::Vector2d::Ones());
  EXPECT_EQ(fitted->apply(X), X);
  EXPECT_EQ(fitted->invert(X), X);
  const auto empty = fit_transform(Scaling::none, Eigen::MatrixXd(0, 2), {});
  ASSERT_TRUE(empty.ok()) << empty.error();
  EXPECT_EQ(empty->scale.size(), 2);
}

TEST(Transform, InvertUndoesApplyForEveryKind) {
  const Eigen::MatrixXd X = RandomMatrix(50, 3, 11);
  for (Scaling kind : {Scaling::none, Scaling::min_max, Scaling::z_score}) {
    const auto fitted = fit_transform(kind, X, {});
    ASSERT_TRUE(fitted.ok()) << fitted.error();
    const Eigen::MatrixXd round_trip = fitted->invert(fitted->apply(X));
    EXPECT_LE((round_trip - X).cwiseAbs().maxCoeff(), kRoundingTolerance * X.cwiseAbs().maxCoeff())
        << "kind " << static_cast<int>(kind);
  }
}

TEST(Transform, RawUnitWeightsPredictTheSameAsScaledWeightsOnAnyRow) {
  const Eigen::MatrixXd X = RandomMatrix(30, 3, 3);
  const Eigen::MatrixXd rows = RandomMatrix(20, 3, 5) * 3.0;  // including rows outside the fit
  Eigen::VectorXd params(4);
  params << 0.7, -1.3, 2.1, 0.4;  // [w1, w2, w3, b]
  for (Scaling kind : {Scaling::none, Scaling::min_max, Scaling::z_score}) {
    const auto fitted = fit_transform(kind, X, {});
    ASSERT_TRUE(fitted.ok()) << fitted.error();
    const Eigen::VectorXd raw = fitted->weights_in_raw_units(params);
    ASSERT_EQ(raw.size(), 4);
    const Eigen::MatrixXd scaled_rows = fitted->apply(rows);
    for (int i = 0; i < rows.rows(); ++i) {
      const double scaled_prediction = scaled_rows.row(i).dot(params.head(3)) + params(3);
      const double raw_prediction = rows.row(i).dot(raw.head(3)) + raw(3);
      EXPECT_NEAR(raw_prediction, scaled_prediction,
                  kRoundingTolerance * (1.0 + std::abs(scaled_prediction)) * 100)
          << "kind " << static_cast<int>(kind) << ", row " << i;
    }
  }
}

TEST(Transform, RawUnitWeightsMatchHandComputedValues) {
  FeatureTransform transform;
  transform.kind = Scaling::min_max;
  transform.offset = Eigen::Vector2d(1, 10);
  transform.scale = Eigen::Vector2d(4, 30);
  // w_raw = (2/4, 3/30); b_raw = 5 − (2·1/4 + 3·10/30) = 5 − 1.5 = 3.5.
  const Eigen::VectorXd raw = transform.weights_in_raw_units(Eigen::Vector3d(2, 3, 5));
  EXPECT_DOUBLE_EQ(raw(0), 0.5);
  EXPECT_DOUBLE_EQ(raw(1), 0.1);
  EXPECT_DOUBLE_EQ(raw(2), 3.5);
}

TEST(Transform, ConstantColumnUnderMinMaxIsAnErrorNamingColumnAndValue) {
  Eigen::MatrixXd X(3, 2);
  X << 1, 5,
       2, 5,
       3, 5;
  EXPECT_TRUE(ErrorContains(fit_transform(Scaling::min_max, X, {"x1", "x2"}),
                            {"column 'x2' is constant (every value is 5)",
                             "min-max scaling would divide by zero",
                             "remove the column or choose no scaling"}));
}

TEST(Transform, ConstantColumnUnderZScoreIsAnErrorEvenWhenTheMeanRoundsOff) {
  // The mean of three 0.1s is not exactly 0.1, so σ would be a tiny non-zero residue.
  Eigen::MatrixXd X(3, 2);
  X << 0.1, 1,
       0.1, 2,
       0.1, 3;
  EXPECT_TRUE(ErrorContains(fit_transform(Scaling::z_score, X, {"x1", "x2"}),
                            {"column 'x1' is constant (every value is 0.1)",
                             "z-score scaling would divide by zero"}));
}

TEST(Transform, ConstantColumnWithoutNamesIsNamedByItsNumber) {
  Eigen::MatrixXd X(2, 3);
  X << 1, 7, 2,
       3, 7, 4;
  EXPECT_TRUE(ErrorContains(fit_transform(Scaling::min_max, X, {}), {"column 2 is constant"}));
}

TEST(Transform, EmptyDataCannotBeScaled) {
  for (Scaling kind : {Scaling::min_max, Scaling::z_score}) {
    EXPECT_TRUE(ErrorContains(fit_transform(kind, Eigen::MatrixXd(0, 2), {}), {"no rows"}));
  }
}

TEST(Transform, NonFiniteValueIsAnErrorNamingTheColumn) {
  Eigen::MatrixXd X(2, 2);
  X << 1, 2,
       3, std::nan("");
  EXPECT_TRUE(ErrorContains(fit_transform(Scaling::z_score, X, {"a", "b"}),
                            {"column 'b'", "not a finite number"}));
}

}  // namespace
// The two halves of z-scoring, each against its definition on a hand-checked column:
// x = 1, 2, 3, 6 has mean 3 and population std dev √3.5.
TEST(TransformHalves, CenterSubtractsTheMeanOnlyAndUnitVarianceDividesByTheSpreadOnly) {
  Eigen::MatrixXd X(4, 1);
  X << 1, 2, 3, 6;
  const double sigma = std::sqrt(3.5);  // ((−2)² + (−1)² + 0² + 3²) / 4 = 3.5
  const FeatureTransform center = fit_transform(Scaling::center, X, {"x"}).value();
  const FeatureTransform spread = fit_transform(Scaling::unit_variance, X, {"x"}).value();
  const Eigen::MatrixXd c = center.apply(X), u = spread.apply(X);
  for (int i = 0; i < 4; ++i) {
    EXPECT_DOUBLE_EQ(c(i, 0), X(i, 0) - 3.0);
    EXPECT_NEAR(u(i, 0), X(i, 0) / sigma, 1e-15);
  }
  EXPECT_NEAR(center.invert(c)(3, 0), 6.0, 1e-15);
  EXPECT_NEAR(spread.invert(u)(3, 0), 6.0, 1e-14);
  // z-score is the two halves in sequence: centre, then divide by the same spread.
  const Eigen::MatrixXd z = fit_transform(Scaling::z_score, X, {"x"}).value().apply(X);
  EXPECT_LT((z - c / sigma).cwiseAbs().maxCoeff(), 1e-15);
}

TEST(TransformHalves, CentringAConstantColumnIsAllowedButDividingByItsSpreadIsNot) {
  Eigen::MatrixXd X(3, 1);
  X << 5, 5, 5;
  EXPECT_TRUE(fit_transform(Scaling::center, X, {"k"}).ok());
  const auto divided = fit_transform(Scaling::unit_variance, X, {"k"});
  ASSERT_FALSE(divided.ok());
  EXPECT_NE(divided.error().find("constant"), std::string::npos) << divided.error();
}

}  // namespace lrlab
