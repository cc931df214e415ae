// The training loop's fast path (Gram statistics evaluated with plain loops, plain GD inlined)
// computes what the general path computes: the same curves for every optimizer and schedule,
// the Gram form's value against Eigen's, and the benchmark's hand-written reference loop
// against the engine (so BENCHMARKS.md compares the same math). No timings here.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "bench/reference_loop.hpp"
#include "lrlab/sweep.hpp"
#include "lrlab/train.hpp"

namespace lrlab {
namespace {

// The Gram objective with its fast path hidden: train() then takes the general loop
// (virtual evaluate, the optimizer's policy object).
class GeneralPathGram : public GramLinearRegression {
 public:
  using GramLinearRegression::GramLinearRegression;
  const GramStats* gram() const override { return nullptr; }
};

void expect_same_run(const RunResult& a, const RunResult& b) {
  ASSERT_EQ(a.loss.size(), b.loss.size());
  for (size_t t = 0; t < a.loss.size(); ++t) {
    EXPECT_NEAR(a.loss[t], b.loss[t], 1e-12 * std::fabs(b.loss[t])) << "step " << t;
    EXPECT_EQ(a.learning_rate[t], b.learning_rate[t]) << "step " << t;
  }
  EXPECT_EQ(a.diverged, b.diverged);
  EXPECT_EQ(a.diverged_at, b.diverged_at);
  ASSERT_EQ(a.final_params.size(), b.final_params.size());
  for (Eigen::Index i = 0; i < a.final_params.size(); ++i) {
    EXPECT_NEAR(a.final_params(i), b.final_params(i), 1e-12 * (1.0 + std::fabs(b.final_params(i))));
  }
}

TEST(Kernel, FastPathEqualsGeneralPathForEveryOptimizerAndSchedule) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{ModelKind::linear, Scaling::z_score, 8}).value();
  GramLinearRegression fast(problem.gram());
  GeneralPathGram general(problem.gram());
  ASSERT_NE(fast.gram(), nullptr);
  const OptimizerKind kinds[] = {OptimizerKind::gd, OptimizerKind::momentum, OptimizerKind::nesterov,
                                 OptimizerKind::rmsprop, OptimizerKind::adam};
  const ScheduleKind schedules[] = {ScheduleKind::constant, ScheduleKind::warmup_cosine, ScheduleKind::one_cycle};
  for (const OptimizerKind kind : kinds) {
    for (const ScheduleKind schedule : schedules) {
      for (const double alpha : {0.01, 0.3, 3.0}) {  // slow, good, diverging
        RunSettings run;
        run.optimizer.kind = kind;
        run.optimizer.learning_rate = alpha;
        run.schedule.kind = schedule;
        run.record_params = true;
        const Eigen::VectorXd start = fast.initial_params(1);
        SCOPED_TRACE(testing::Message() << "optimizer " << static_cast<int>(kind) << ", schedule "
                                        << static_cast<int>(schedule) << ", α " << alpha);
        const RunResult a = train(fast, run, start);
        const RunResult b = train(general, run, start);
        expect_same_run(a, b);
        EXPECT_EQ(a.params.size(), b.params.size());
      }
    }
  }
}

TEST(Kernel, FastPathWithClippingEqualsGeneralPath) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  GramLinearRegression fast(problem.gram());
  GeneralPathGram general(problem.gram());
  RunSettings run;
  run.optimizer.learning_rate = 1e-4;
  run.optimizer.clip_norm = 5.0;
  expect_same_run(train(fast, run, fast.initial_params(1)), train(general, run, fast.initial_params(1)));
}

TEST(Kernel, SmallGramLossMatchesEigen) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  const GramStats& g = *problem.gram();
  const int p = static_cast<int>(g.optimum.size());
  for (int trial = 0; trial < 20; ++trial) {
    const Eigen::VectorXd theta = g.optimum + Eigen::VectorXd::Random(p) * (1.0 + trial);
    Eigen::VectorXd grad(p), delta(p);
    const double loss = g.loss_small(theta.data(), grad.data(), delta.data());
    const Eigen::VectorXd d = theta - g.optimum;
    const Eigen::VectorXd hd = g.hessian * d;
    const double expected = g.optimal_loss + std::max(0.0, 0.5 * d.dot(hd));
    EXPECT_NEAR(loss, expected, 1e-12 * std::fabs(expected));
    for (int i = 0; i < p; ++i) EXPECT_NEAR(grad(i), hd(i), 1e-12 * (std::fabs(hd(i)) + hd.norm()));
  }
}

// The p = 3 step that WebAssembly builds run (train.cpp: kUnrolledGramStep, compiled only
// there) evaluates loss_small<3>: natively too it must give the loop form's result bit for bit.
TEST(Kernel, SmallGramLossWithCompileTimeSizeIsBitIdentical) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  const GramStats& g = *problem.gram();
  ASSERT_EQ(g.optimum.size(), 3);
  for (int trial = 0; trial < 200; ++trial) {
    const Eigen::VectorXd theta = g.optimum + Eigen::VectorXd::Random(3) * std::pow(10.0, trial % 9 - 4);
    Eigen::Vector3d grad0, grad3, delta0, delta3;
    const double loss0 = g.loss_small<0>(theta.data(), grad0.data(), delta0.data());
    const double loss3 = g.loss_small<3>(theta.data(), grad3.data(), delta3.data());
    EXPECT_EQ(std::memcmp(&loss0, &loss3, sizeof loss0), 0) << loss0 << " vs " << loss3;
    EXPECT_EQ(std::memcmp(grad0.data(), grad3.data(), sizeof(double) * 3), 0);
  }
}

// The benchmark's reference loop follows the engine's default sweep step for step.
TEST(Kernel, ReferenceLoopFollowsTheEngine) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  const SweepSettings settings;
  const SweepResult sweep = run_sweep(problem, settings).value();
  const std::vector<double> grid = grid_values(settings.grid).value();
  const GramStats& g = *problem.gram();
  const Eigen::VectorXd start = problem.objective(true)->initial_params(settings.run.seed);
  std::vector<double> losses, alphas;
  const int steps = lrlab_bench::reference_sweep(g.hessian.data(), g.optimum.data(), g.optimal_loss, start.data(),
                                                 static_cast<int>(g.optimum.size()), grid.data(),
                                                 static_cast<int>(grid.size()), settings.run.steps, losses, alphas);
  std::vector<double> engine;
  for (const SweepRun& run : sweep.runs) engine.insert(engine.end(), run.result.loss.begin(), run.result.loss.end());
  ASSERT_EQ(static_cast<size_t>(steps), engine.size());
  for (size_t i = 0; i < engine.size(); ++i) EXPECT_NEAR(losses[i], engine[i], 1e-12 * std::fabs(engine[i])) << i;
}

}  // namespace
}  // namespace lrlab
