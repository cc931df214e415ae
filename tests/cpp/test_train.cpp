// The training loop: divergence is a result, mini-batches are seeded and shared by every
// α, schedules drive the rate, clipping bounds the step, parameters are recorded on request.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>

#include "lrlab/train.hpp"
#include "test_support.hpp"

namespace lrlab {
namespace {

// Wraps an objective and remembers which rows each mini-batch asked for.
class BatchSpy : public Objective {
 public:
  explicit BatchSpy(Objective& inner) : inner_(inner) {}
  int num_params() const override { return inner_.num_params(); }
  int num_rows() const override { return inner_.num_rows(); }
  double evaluate(const Eigen::VectorXd& p, Eigen::VectorXd* g) override { return inner_.evaluate(p, g); }
  double evaluate_batch(const Eigen::VectorXd& p, const std::vector<int>& rows, Eigen::VectorXd* g) override {
    batches.push_back(rows);
    return inner_.evaluate_batch(p, rows, g);
  }
  Eigen::VectorXd initial_params(std::uint64_t s) const override { return inner_.initial_params(s); }
  std::vector<std::vector<int>> batches;

 private:
  Objective& inner_;
};

// Returns NaN from the first evaluation on.
class NanObjective : public testing::DiagonalQuadratic {
 public:
  NanObjective() : DiagonalQuadratic(Eigen::VectorXd::Ones(2), Eigen::VectorXd::Ones(2)) {}
  double evaluate(const Eigen::VectorXd& p, Eigen::VectorXd* g) override {
    DiagonalQuadratic::evaluate(p, g);
    return std::numeric_limits<double>::quiet_NaN();
  }
};

TEST(Train, ExplodingLossEndsTheRunAsDivergedWithoutThrowing) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  RunSettings run;
  run.optimizer.learning_rate = 1.0;  // λmax ≈ 22: |1 − αλmax| ≈ 21 per step
  const RunResult r = run_experiment(problem, run).value();
  EXPECT_TRUE(r.diverged);
  EXPECT_GE(r.diverged_at, 0);
  EXPECT_LT(r.diverged_at, 20);
  EXPECT_EQ(static_cast<int>(r.loss.size()), r.diverged_at + 1);
  EXPECT_GT(r.loss.back(), kDivergenceLossRatio * r.initial_loss);
  EXPECT_TRUE(std::isnan(r.final_loss));
}

TEST(Train, NanLossAtTheFirstStepIsDivergenceAtStepZero) {
  NanObjective f;
  RunSettings run;
  const RunResult r = train(f, run, f.initial_params(0));
  EXPECT_TRUE(r.diverged);
  EXPECT_EQ(r.diverged_at, 0);
  EXPECT_EQ(r.loss.size(), 1u);
}

TEST(Train, MiniBatchesAreTheSameForEveryLearningRateAndChangeWithTheSeed) {
  const Dataset d = make_house(1);
  LinearRegression model(d.X, d.y);
  auto batches_for = [&](double alpha, std::uint64_t seed) {
    BatchSpy spy(model);
    RunSettings run;
    run.optimizer.kind = OptimizerKind::sgd;
    run.optimizer.batch_size = 16;
    run.optimizer.learning_rate = alpha;
    run.steps = 30;
    run.seed = seed;
    train(spy, run, spy.initial_params(seed));
    return spy.batches;
  };
  const auto a = batches_for(1e-4, 7), b = batches_for(0.03, 7), c = batches_for(0.03, 8);
  ASSERT_EQ(a.size(), 30u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // 100 rows in batches of 16: six batches per epoch cover 96 distinct rows.
  std::set<int> epoch;
  for (int k = 0; k < 6; ++k) epoch.insert(a[k].begin(), a[k].end());
  EXPECT_EQ(epoch.size(), 96u);
}

TEST(Train, MiniBatchLossIsNoisyWhileFullBatchGdIsMonotone) {
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  const Problem problem = Problem::create(make_house(1), spec).value();
  RunSettings run;
  run.optimizer.learning_rate = 0.1;
  const RunResult full = run_experiment(problem, run).value();
  run.optimizer.kind = OptimizerKind::sgd;
  run.optimizer.batch_size = 8;
  const RunResult mini = run_experiment(problem, run).value();
  int rises_full = 0, rises_mini = 0;
  for (size_t t = 1; t < full.loss.size(); ++t) rises_full += full.loss[t] > full.loss[t - 1] * (1 + 1e-12);
  for (size_t t = 1; t < mini.loss.size(); ++t) rises_mini += mini.loss[t] > mini.loss[t - 1];
  EXPECT_EQ(rises_full, 0);
  EXPECT_GT(rises_mini, 40);  // about half of 199 steps go up by chance of the batch
}

TEST(Train, ScheduleSetsTheRateOfEveryStep) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  RunSettings run;
  run.optimizer.learning_rate = 0.02;
  run.schedule.kind = ScheduleKind::step;
  run.schedule.gamma = 0.5;
  run.schedule.step_size = 50;
  const RunResult r = run_experiment(problem, run).value();
  ASSERT_EQ(r.learning_rate.size(), 200u);
  EXPECT_DOUBLE_EQ(r.learning_rate[0], 0.02);
  EXPECT_DOUBLE_EQ(r.learning_rate[49], 0.02);
  EXPECT_DOUBLE_EQ(r.learning_rate[50], 0.01);
  EXPECT_DOUBLE_EQ(r.learning_rate[199], 0.0025);
}

TEST(Train, ClippingTheGradientNormKeepsAnOtherwiseDivergingRunFinite) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  RunSettings run;
  run.optimizer.learning_rate = 0.1;  // beyond 2/λmax ≈ 0.09
  ASSERT_TRUE(run_experiment(problem, run).value().diverged);
  run.optimizer.clip_norm = 1.0;  // each step moves θ by at most α·1
  const RunResult clipped = run_experiment(problem, run).value();
  EXPECT_FALSE(clipped.diverged);
  EXPECT_TRUE(std::isfinite(clipped.final_loss));
}

TEST(Train, RecordsTheParameterPathWhenAsked) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  RunSettings run;
  run.steps = 5;
  run.record_params = true;
  const RunResult r = run_experiment(problem, run).value();
  ASSERT_EQ(r.num_params, 3);
  ASSERT_EQ(r.params.size(), 6u * 3u);  // θ₀ … θ₅
  for (int i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(r.params[15 + i], r.final_params(i));
  run.record_params = false;
  EXPECT_TRUE(run_experiment(problem, run).value().params.empty());
}

TEST(Train, TheSameSettingsGiveBitIdenticalRuns) {
  const Problem problem =
      Problem::create(make_nonlinear(1), ProblemSpec{ModelKind::mlp, Scaling::z_score, 8}).value();
  RunSettings run;
  run.optimizer.kind = OptimizerKind::adam;
  run.optimizer.batch_size = 16;
  run.optimizer.learning_rate = 0.01;
  run.seed = 3;
  const RunResult a = run_experiment(problem, run).value();
  const RunResult b = run_experiment(problem, run).value();
  EXPECT_EQ(a.loss, b.loss);
}

TEST(Train, AnMlpLearnsTheNonlinearSet) {
  const Problem problem =
      Problem::create(make_nonlinear(1), ProblemSpec{ModelKind::mlp, Scaling::z_score, 16}).value();
  const Problem linear =
      Problem::create(make_nonlinear(1), ProblemSpec{ModelKind::linear, Scaling::z_score, 0}).value();
  RunSettings run;
  run.optimizer.kind = OptimizerKind::adam;
  run.optimizer.learning_rate = 0.03;
  run.steps = 1500;
  const RunResult mlp = run_experiment(problem, run).value();
  const RunResult line = run_experiment(linear, run).value();
  ASSERT_FALSE(mlp.diverged);
  EXPECT_LT(mlp.final_loss, 0.5 * line.final_loss);  // a line cannot fit sin(2x₁) + x₁x₂/2
}

}  // namespace
}  // namespace lrlab
