// Tests for SPEC §5, settings: every bad setting is rejected with a message that names the
// setting and its valid range or values (train.hpp validate_run / run_experiment, sweep.hpp
// grid_values / run_sweep, names.hpp parse_*, dataset.hpp make_builtin_dataset,
// problem.hpp Problem::create), and the sweep's log grids hold exactly the lesson's values.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "lrlab/dataset.hpp"
#include "lrlab/names.hpp"
#include "lrlab/problem.hpp"
#include "lrlab/sweep.hpp"
#include "lrlab/train.hpp"
#include "lrlab/requests.hpp"
#include "lrlab/curvature.hpp"

namespace lrlab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Grid values are a power and a product away from the decimal literal.
constexpr double kGridTolerance = 1e-12;  // relative

bool Mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

Problem House() {
  Expected<Problem> problem =
      Problem::create(make_house(1), ProblemSpec{ModelKind::linear, Scaling::z_score});
  EXPECT_TRUE(problem.ok());
  return std::move(problem).value();
}

// The message run_experiment gives for `settings` on the house data (100 rows).
std::string RunError(const RunSettings& settings) {
  const Expected<RunResult> run = run_experiment(House(), settings);
  EXPECT_FALSE(run.ok()) << "the settings were accepted";
  return run.ok() ? "" : run.error();
}

RunSettings WithRate(double learning_rate) {
  RunSettings settings;
  settings.optimizer.learning_rate = learning_rate;
  return settings;
}

std::string GridError(const LogGrid& grid) {
  const Expected<std::vector<double>> values = grid_values(grid);
  EXPECT_FALSE(values.ok()) << "the grid was accepted";
  return values.ok() ? "" : values.error();
}

// ---------------------------------------------------------------------------------------
// Learning rate and steps

TEST(SettingsLearningRate, NegativeRateSaysMustBeAboveZeroGotMinusOne) {
  EXPECT_EQ(RunError(WithRate(-1.0)), "learning rate must be in (0, 1000], got -1");
}

TEST(SettingsLearningRate, ZeroRateSaysMustBeAboveZeroGotZero) {
  EXPECT_EQ(RunError(WithRate(0.0)), "learning rate must be in (0, 1000], got 0");
}

TEST(SettingsLearningRate, NaNRateIsRejectedNamingTheRate) {
  const std::string message = RunError(WithRate(kNaN));
  EXPECT_TRUE(Mentions(message, "learning rate must be in (0, 1000]")) << message;
  EXPECT_TRUE(Mentions(message, "got NaN")) << message;  // as JS names it
}

TEST(SettingsLearningRate, RateAboveTheMaximumSaysAtMostTheMaximum) {
  EXPECT_EQ(kMaxLearningRate, 1e3);
  EXPECT_EQ(RunError(WithRate(2000.0)), "learning rate must be in (0, 1000], got 2000");
  // The largest allowed rate itself is accepted (it diverges: a result, not an error).
  EXPECT_TRUE(run_experiment(House(), WithRate(kMaxLearningRate)).ok());
}

// An infinite rate (e.g. "lr=1e999" in a URL hash) breaks the maximum, not "> 0".
TEST(SettingsLearningRate, InfiniteRateSaysAtMostTheMaximum) {
  EXPECT_EQ(RunError(WithRate(kInf)), "learning rate must be in (0, 1000], got Infinity");
}

TEST(SettingsSteps, ZeroStepsSaysBetweenOneAndTheMaximum) {
  RunSettings settings;
  settings.steps = 0;
  EXPECT_EQ(RunError(settings), "steps must be in [1, 10000], got 0");
}

TEST(SettingsSteps, StepsBeyondTheMaximumSaysBetweenOneAndTheMaximum) {
  EXPECT_EQ(kMaxSteps, 10000);
  RunSettings settings;
  settings.steps = kMaxSteps + 1;
  EXPECT_EQ(RunError(settings), "steps must be in [1, 10000], got 10001");
  settings.steps = kMaxSteps;
  EXPECT_TRUE(validate_run(settings, 100).ok());
}

// ---------------------------------------------------------------------------------------
// Optimizer settings

TEST(SettingsOptimizer, SgdBatchSizeZeroSaysBetweenOneAndTheRows) {
  RunSettings settings;
  settings.optimizer.kind = OptimizerKind::sgd;
  settings.optimizer.batch_size = 0;
  EXPECT_EQ(RunError(settings),
            "mini-batch SGD needs a batch size between 1 and the number of rows (100), got 0");
}

TEST(SettingsOptimizer, SgdBatchSizeAboveTheRowsSaysBetweenOneAndTheRows) {
  RunSettings settings;
  settings.optimizer.kind = OptimizerKind::sgd;
  settings.optimizer.batch_size = 101;
  EXPECT_EQ(RunError(settings),
            "mini-batch SGD needs a batch size between 1 and the number of rows (100), got 101");
}

TEST(SettingsOptimizer, MomentumOfOneSaysZeroToOneExclusive) {
  for (OptimizerKind kind : {OptimizerKind::momentum, OptimizerKind::nesterov}) {
    RunSettings settings;
    settings.optimizer.kind = kind;
    settings.optimizer.momentum = 1.0;
    EXPECT_EQ(RunError(settings), "momentum must be in [0, 1), got 1") << to_string(kind);
    settings.optimizer.momentum = -0.5;
    EXPECT_EQ(RunError(settings), "momentum must be in [0, 1), got -0.5") << to_string(kind);
  }
}

TEST(SettingsOptimizer, RmsPropRhoOfOneSaysZeroToOneExclusive) {
  RunSettings settings;
  settings.optimizer.kind = OptimizerKind::rmsprop;
  settings.optimizer.rho = 1.0;
  EXPECT_EQ(RunError(settings), "RMSProp decay rho must be in [0, 1), got 1");
}

TEST(SettingsOptimizer, AdamBetaOfOneSaysZeroToOneExclusiveAndShowsBoth) {
  RunSettings settings;
  settings.optimizer.kind = OptimizerKind::adam;
  settings.optimizer.beta1 = 1.0;
  EXPECT_EQ(RunError(settings), "Adam's beta1 must be in [0, 1), got 1");
  settings.optimizer.beta1 = 0.9;
  settings.optimizer.beta2 = 1.5;
  EXPECT_EQ(RunError(settings), "Adam's beta2 must be in [0, 1), got 1.5");
}

TEST(SettingsOptimizer, EpsilonNotAboveZeroSaysMustBeAboveZero) {
  RunSettings settings;
  settings.optimizer.kind = OptimizerKind::adam;
  settings.optimizer.epsilon = 0.0;
  EXPECT_EQ(RunError(settings), "epsilon must be > 0, got 0");
  settings.optimizer.epsilon = -1e-8;
  EXPECT_EQ(RunError(settings), "epsilon must be > 0, got -1e-08");
}

TEST(SettingsOptimizer, NegativeClipNormSaysAtLeastZeroWithZeroOff) {
  RunSettings settings;
  settings.optimizer.clip_norm = -1.0;
  EXPECT_EQ(RunError(settings), "gradient clipping norm (0 = off) must be ≥ 0, got -1");
}

// ---------------------------------------------------------------------------------------
// Sweep grids

TEST(SettingsSweep, CountZeroSaysBetweenOneAndTheMaximumRuns) {
  LogGrid grid;
  grid.count = 0;
  EXPECT_EQ(GridError(grid), "the number of learning rates in a sweep must be in [1, 25], got 0");
}

TEST(SettingsSweep, CountAboveTheMaximumSaysBetweenOneAndTheMaximumRuns) {
  EXPECT_EQ(kMaxSweepRuns, 25);
  LogGrid grid;
  grid.count = kMaxSweepRuns + 1;
  EXPECT_EQ(GridError(grid), "the number of learning rates in a sweep must be in [1, 25], got 26");
  grid.count = kMaxSweepRuns;
  grid.start = 1e-9;  // 25 rates of the 1-3-10 ladder: 1e-9 … 1e3, the largest allowed α
  EXPECT_TRUE(grid_values(grid).ok());
}

TEST(SettingsSweep, StartNotAboveZeroSaysMustBeAboveZero) {
  LogGrid grid;
  grid.start = 0.0;
  EXPECT_EQ(GridError(grid), "start learning rate must be in (0, 1000], got 0");
  grid.start = -0.001;
  EXPECT_EQ(GridError(grid), "start learning rate must be in (0, 1000], got -0.001");
  grid.start = kNaN;
  EXPECT_TRUE(Mentions(GridError(grid), "start learning rate must be in (0, 1000]"));
}

TEST(SettingsSweep, GeometricFactorNotAboveOneSaysAboveOneAndAtMostHundred) {
  LogGrid grid;
  grid.ladder = Ladder::geometric;
  grid.factor = 1.0;
  EXPECT_EQ(GridError(grid), "sweep factor must be in (1, 100], got 1");
  grid.factor = 0.5;
  EXPECT_EQ(GridError(grid), "sweep factor must be in (1, 100], got 0.5");
}

TEST(SettingsSweep, EndBelowStartSaysBetweenTheStartAndTheMaximum) {
  LogGrid grid;
  grid.start = 0.01;
  grid.end = 0.001;
  EXPECT_EQ(GridError(grid),
            "end learning rate must be between the start (0.01) and 1000, got 0.001");
}

TEST(SettingsSweep, GridOfMoreThanTheMaximumRunsSaysRaiseTheFactorOrLowerTheEnd) {
  // ×1.1 from 1e-4 to 1: ln(1e4)/ln(1.1) = 96.6 steps, far more than 25 runs.
  LogGrid grid;
  grid.start = 1e-4;
  grid.ladder = Ladder::geometric;
  grid.factor = 1.1;
  grid.end = 1.0;
  EXPECT_EQ(GridError(grid),
            "this grid has more than 25 learning rates; raise the factor or lower the end");
}

TEST(SettingsSweep, RunSweepPassesTheGridAndRunMessagesThrough) {
  SweepSettings settings;
  settings.grid.count = 0;
  const Expected<SweepResult> bad_grid = run_sweep(House(), settings);
  ASSERT_FALSE(bad_grid.ok());
  EXPECT_EQ(bad_grid.error(), "the number of learning rates in a sweep must be in [1, 25], got 0");

  settings.grid.count = 3;
  settings.run.steps = 0;
  const Expected<SweepResult> bad_run = run_sweep(House(), settings);
  ASSERT_FALSE(bad_run.ok());
  EXPECT_EQ(bad_run.error(), "steps must be in [1, 10000], got 0");
}

// ---------------------------------------------------------------------------------------
// Names

TEST(SettingsNames, UnknownModelListsTheValidNames) {
  const Expected<ModelKind> model = parse_model("cnn");
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.error(), "unknown model 'cnn'; expected one of: linear, logistic, mlp");
}

TEST(SettingsNames, UnknownOptimizerListsTheValidNames) {
  const Expected<OptimizerKind> optimizer = parse_optimizer("adamw");
  ASSERT_FALSE(optimizer.ok());
  EXPECT_EQ(optimizer.error(),
            "unknown optimizer 'adamw'; expected one of: gd, sgd, momentum, nesterov, rmsprop, adam");
}

TEST(SettingsNames, UnknownScheduleListsTheValidNames) {
  const Expected<ScheduleKind> schedule = parse_schedule("cosine");
  ASSERT_FALSE(schedule.ok());
  EXPECT_EQ(schedule.error(),
            "unknown schedule 'cosine'; expected one of: constant, step, exponential, "
            "warmup_cosine, sgdr, triangular, one_cycle");
}

TEST(SettingsNames, UnknownScalingListsTheValidNames) {
  const Expected<Scaling> scaling = parse_scaling("zscore");
  ASSERT_FALSE(scaling.ok());
  EXPECT_EQ(scaling.error(), "unknown scaling 'zscore'; expected one of: none, min_max, z_score, center, unit_variance");
}

TEST(SettingsNames, NamesAreCaseSensitiveAndEmptyIsUnknown) {
  EXPECT_FALSE(parse_model("Linear").ok());
  EXPECT_TRUE(Mentions(parse_model("").error(), "unknown model ''"));
}

TEST(SettingsNames, EveryKindsNameParsesBackToItself) {
  for (ModelKind k : {ModelKind::linear, ModelKind::logistic, ModelKind::mlp}) {
    EXPECT_TRUE(parse_model(to_string(k)).ok() && *parse_model(to_string(k)) == k) << to_string(k);
  }
  for (OptimizerKind k : {OptimizerKind::gd, OptimizerKind::sgd, OptimizerKind::momentum,
                          OptimizerKind::nesterov, OptimizerKind::rmsprop, OptimizerKind::adam}) {
    EXPECT_TRUE(parse_optimizer(to_string(k)).ok() && *parse_optimizer(to_string(k)) == k)
        << to_string(k);
  }
  for (ScheduleKind k : {ScheduleKind::constant, ScheduleKind::step, ScheduleKind::exponential,
                         ScheduleKind::warmup_cosine, ScheduleKind::sgdr,
                         ScheduleKind::triangular, ScheduleKind::one_cycle}) {
    EXPECT_TRUE(parse_schedule(to_string(k)).ok() && *parse_schedule(to_string(k)) == k)
        << to_string(k);
  }
  for (Scaling k : {Scaling::none, Scaling::min_max, Scaling::z_score}) {
    EXPECT_TRUE(parse_scaling(to_string(k)).ok() && *parse_scaling(to_string(k)) == k)
        << to_string(k);
  }
}

TEST(SettingsNames, UnknownBuiltInDatasetListsTheValidNames) {
  const Expected<Dataset> data = make_builtin_dataset("houses", 1);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error(), "unknown dataset 'houses'; choose one of: house, two_class, nonlinear");
}

// ---------------------------------------------------------------------------------------
// Problem: the model and the scaling must fit the data

// Three rows, features "area" and "depth" (depth constant at 3), target "label".
Dataset SmallData(const std::vector<double>& target) {
  Dataset data;
  data.name = "small";
  data.feature_names = {"area", "depth"};
  data.target_name = "label";
  data.X.resize(3, 2);
  data.X << 1.0, 3.0, 2.0, 3.0, 4.0, 3.0;
  data.y = Eigen::Map<const Eigen::VectorXd>(target.data(), static_cast<Eigen::Index>(target.size()));
  return data;
}

TEST(SettingsProblem, LogisticOnANonBinaryTargetNamesTheValueAndRow) {
  const Expected<Problem> problem =
      Problem::create(SmallData({0.0, 1.0, 2.0}), ProblemSpec{ModelKind::logistic, Scaling::none});
  ASSERT_FALSE(problem.ok());
  EXPECT_EQ(problem.error(),
            "logistic regression needs a 0/1 target, but 'label' has the value 2 (row 3); "
            "choose linear regression or the MLP for this data");
}

TEST(SettingsProblem, LogisticOnTheHousePricesIsRejected) {
  const Expected<Problem> problem =
      Problem::create(make_house(1), ProblemSpec{ModelKind::logistic, Scaling::z_score});
  ASSERT_FALSE(problem.ok());
  EXPECT_TRUE(Mentions(problem.error(), "logistic regression needs a 0/1 target, but 'price'"))
      << problem.error();
  EXPECT_TRUE(Mentions(problem.error(), "(row 1)")) << problem.error();
}

TEST(SettingsProblem, HiddenUnitsOutsideOneToSixtyFourSaysTheRange) {
  const Dataset data = make_nonlinear(1);
  for (int units : {0, 65}) {
    ProblemSpec spec{ModelKind::mlp, Scaling::z_score, units};
    const Expected<Problem> problem = Problem::create(data, spec);
    ASSERT_FALSE(problem.ok()) << units;
    EXPECT_EQ(problem.error(), "hidden units must be in [1, 64], got " + std::to_string(units));
  }
  for (int units : {kMinHiddenUnits, kMaxHiddenUnits}) {
    EXPECT_TRUE(Problem::create(data, ProblemSpec{ModelKind::mlp, Scaling::z_score, units}).ok());
  }
}

TEST(SettingsProblem, ConstantColumnWithZScoreNamesTheColumnAndItsValue) {
  const Expected<Problem> problem =
      Problem::create(SmallData({1.0, 2.0, 3.0}), ProblemSpec{ModelKind::linear, Scaling::z_score});
  ASSERT_FALSE(problem.ok());
  EXPECT_EQ(problem.error(),
            "column 'depth' is constant (every value is 3): z-score scaling would divide by "
            "zero; remove the column or choose no scaling");
  // Without scaling the same data is fine.
  EXPECT_TRUE(
      Problem::create(SmallData({1.0, 2.0, 3.0}), ProblemSpec{ModelKind::linear, Scaling::none}).ok());
}

// ---------------------------------------------------------------------------------------
// The lesson's log grids

void ExpectGrid(const LogGrid& grid, const std::vector<double>& expected) {
  const Expected<std::vector<double>> values = grid_values(grid);
  ASSERT_TRUE(values.ok()) << values.error();
  ASSERT_EQ(values->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR((*values)[i], expected[i], kGridTolerance * expected[i]) << "value " << i;
  }
}

TEST(GridValues, TimesThreeLadderFromOneEMinusFourHasTheLessonsNineValues) {
  LogGrid grid;  // defaults: start 1e-4, ×3 ladder, 9 values
  EXPECT_EQ(grid.start, 1e-4);
  EXPECT_EQ(grid.ladder, Ladder::one_three_ten);
  EXPECT_EQ(grid.count, 9);
  ExpectGrid(grid, {1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0});
}

TEST(GridValues, TimesTenGeometricFromOneEMinusFourCountFiveEndsAtOne) {
  LogGrid grid;
  grid.ladder = Ladder::geometric;
  grid.factor = 10.0;
  grid.count = 5;
  ExpectGrid(grid, {1e-4, 1e-3, 1e-2, 0.1, 1.0});
}

TEST(GridValues, EndBasedLadderFromOneEMinusThreeToOneIncludesBothEnds) {
  LogGrid grid;
  grid.start = 1e-3;
  grid.end = 1.0;
  ExpectGrid(grid, {1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0});  // 7 values
}

TEST(GridValues, EndBasedGeometricIncludesAnEndReachedUpToRounding) {
  // 1e-4 · 10⁴ may round just above 1: the end is still included, once.
  LogGrid grid;
  grid.ladder = Ladder::geometric;
  grid.factor = 10.0;
  grid.end = 1.0;
  ExpectGrid(grid, {1e-4, 1e-3, 1e-2, 0.1, 1.0});
}

TEST(GridValues, GeometricFactorThreeIsExactlyTimesThreeEachStep) {
  LogGrid grid;
  grid.start = 0.01;
  grid.ladder = Ladder::geometric;
  grid.factor = 3.0;
  grid.count = 4;
  ExpectGrid(grid, {0.01, 0.03, 0.09, 0.27});
}

}  // namespace
}  // namespace lrlab

namespace lrlab {
namespace {

TEST(SettingsGrid, AGridClimbingPastTheLargestAllowedRateSaysSoAndHowToFixIt) {
  LogGrid grid;  // 1e-4 ×10, 9 rates → 1e-4 … 1e4, past kMaxLearningRate = 1000
  grid.ladder = Ladder::geometric;
  grid.factor = 10.0;
  const Expected<std::vector<double>> values = grid_values(grid);
  ASSERT_FALSE(values.ok());
  EXPECT_EQ(values.error(),
            "this sweep would climb to α = 10000, above the largest allowed (1000); lower the "
            "start, the step or the number of rates");
  grid.count = 8;  // 1e-4 … 1000 is allowed
  ASSERT_TRUE(grid_values(grid).ok());
  EXPECT_DOUBLE_EQ(grid_values(grid)->back(), 1000.0);
}

}  // namespace
}  // namespace lrlab

namespace lrlab {
namespace {

// Feature engineering: the house price is generated with an area term 0.1·x₁·x₂
// (dataset.cpp). Appending the product feature recovers that weight, lowers J*, and —
// because the area is correlated with both factors and has a large offset — raises κ and
// lowers 2/λmax, raw and z-scored: the sweep must be rerun.
TEST(ProductFeature, TheHouseAreaFeatureImprovesTheFitAndMovesTheEdge) {
  for (const Scaling scaling : {Scaling::none, Scaling::z_score}) {
    DataSettings plain, area;
    plain.problem.scaling = area.problem.scaling = scaling;
    area.product_feature = true;
    const Problem without = make_problem(plain, nullptr).value();
    const Problem with = make_problem(area, nullptr).value();
    ASSERT_EQ(with.data().features(), 3);
    EXPECT_EQ(with.data().feature_names[2], "frontage×depth");
    EXPECT_LT(with.gram()->optimal_loss, 0.95 * without.gram()->optimal_loss);
    const CurvatureReport a = curvature_report(with, 0.9, 1), b = curvature_report(without, 0.9, 1);
    EXPECT_GT(a.condition_number, 10.0 * b.condition_number);
    EXPECT_LT(a.divergence_rate, b.divergence_rate);
  }
  // Raw: the fitted weight of the area is the generating 0.1 within the noise.
  DataSettings raw;
  raw.product_feature = true;
  const Problem with = make_problem(raw, nullptr).value();
  EXPECT_NEAR(with.gram()->optimum(2), 0.1, 0.03);
  // The column is the product, row by row.
  const Dataset house = make_house(1);
  for (int i = 0; i < house.rows(); ++i) {
    EXPECT_DOUBLE_EQ(with.data().X(i, 2), house.X(i, 0) * house.X(i, 1));
  }
}

TEST(ProductFeature, NeedsTwoFeatures) {
  Dataset one;
  one.name = "one";
  one.feature_names = {"x"};
  one.X = Eigen::MatrixXd::Ones(3, 1);
  one.y = Eigen::VectorXd::Ones(3);
  const Expected<Dataset> out = with_product_feature(one);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().find("needs two features"), std::string::npos) << out.error();
}

}  // namespace
}  // namespace lrlab
