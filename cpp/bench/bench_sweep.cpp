// Engine benchmarks (Google Benchmark). Figures go to BENCHMARKS.md; nothing here asserts.
#include <benchmark/benchmark.h>

#include "bench/reference_loop.hpp"
#include "lrlab/range_test.hpp"
#include "lrlab/requests.hpp"
#include "lrlab/sweep.hpp"

namespace {

using namespace lrlab;

// The page's default sweep: house data, raw features, GD, 9 α × 200 steps (Gram path).
void BM_DefaultSweepHouse(benchmark::State& state) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  SweepSettings settings;
  double last_loss = 0.0;
  for (auto _ : state) {
    auto result = run_sweep(problem, settings);
    last_loss = result->runs.back().result.loss.back();
    benchmark::DoNotOptimize(result);
  }
  state.counters["last_loss"] = last_loss;  // compared with the WASM module's (tests/bench/run.mjs)
}
BENCHMARK(BM_DefaultSweepHouse)->Unit(benchmark::kMicrosecond);

// The engine's training step alone on the default sweep: train() for each α of the grid on
// the Gram objective (no curvature report, no diagnosis). Counter: steps per sweep.
void BM_KernelEngineHouse(benchmark::State& state) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  const SweepSettings settings;
  const std::vector<double> grid = grid_values(settings.grid).value();
  auto objective = problem.objective(true);
  const Eigen::VectorXd start = objective->initial_params(settings.run.seed);
  size_t steps = 0;
  for (auto _ : state) {
    steps = 0;
    for (const double alpha : grid) {
      RunSettings run = settings.run;
      run.optimizer.learning_rate = alpha;
      RunResult result = train(*objective, run, start);
      steps += result.loss.size();
      benchmark::DoNotOptimize(result);
    }
  }
  state.counters["steps"] = static_cast<double>(steps);
}
BENCHMARK(BM_KernelEngineHouse)->Unit(benchmark::kMicrosecond);

// The hand-written reference loop of the same math (bench/reference_loop.hpp).
void BM_KernelReferenceHouse(benchmark::State& state) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  const SweepSettings settings;
  const std::vector<double> grid = grid_values(settings.grid).value();
  const GramStats& g = *problem.gram();
  const Eigen::VectorXd start = problem.objective(true)->initial_params(settings.run.seed);
  const int p = static_cast<int>(g.optimum.size());
  std::vector<double> losses, alphas;
  losses.reserve(grid.size() * settings.run.steps);
  alphas.reserve(grid.size() * settings.run.steps);
  int steps = 0;
  for (auto _ : state) {
    steps = lrlab_bench::reference_sweep(g.hessian.data(), g.optimum.data(), g.optimal_loss, start.data(), p,
                                         grid.data(), static_cast<int>(grid.size()), settings.run.steps, losses,
                                         alphas);
    benchmark::DoNotOptimize(losses.data());
    benchmark::ClobberMemory();
  }
  state.counters["steps"] = steps;
}
BENCHMARK(BM_KernelReferenceHouse)->Unit(benchmark::kMicrosecond);

// What one API call does: generate the data, scale it, build the problem, sweep.
void BM_DefaultSweepHouseWholeCall(benchmark::State& state) {
  SweepSettings settings;
  for (auto _ : state) {
    const Problem problem = Problem::create(make_builtin_dataset("house", 1).value(), ProblemSpec{}).value();
    auto result = run_sweep(problem, settings);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_DefaultSweepHouseWholeCall)->Unit(benchmark::kMicrosecond);

// The same sweep on the direct O(m·d) path, to show what the Gram matrix saves.
void BM_DefaultSweepHouseDirectPath(benchmark::State& state) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  SweepSettings settings;
  settings.use_gram_path = false;
  for (auto _ : state) {
    auto result = run_sweep(problem, settings);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_DefaultSweepHouseDirectPath)->Unit(benchmark::kMicrosecond);

// SPEC §4's MLP sweep (as tests/bench/peers.mjs and issue 13): the non-linear data, z-scored,
// one hidden layer of 8 tanh units, GD, the default ladder (9 α × 200 steps), through the same
// settings path as the API's runSweep (make_problem), the problem built once outside the loop
// as benchmarkSweep does in WASM. Counter `last_loss`: the last run's last loss, which
// tests/bench/run.mjs compares with the WASM module's to check both did the same work.
void BM_MlpSweep(benchmark::State& state) {
  DataSettings data;
  data.dataset = "nonlinear";
  data.problem.scaling = Scaling::z_score;
  data.problem.model = ModelKind::mlp;
  const Problem problem = make_problem(data, [](const std::string&) -> const Dataset* { return nullptr; }).value();
  const SweepSettings settings;
  double last_loss = 0.0;
  for (auto _ : state) {
    auto result = run_sweep(problem, settings);
    last_loss = result->runs.back().result.loss.back();
    benchmark::DoNotOptimize(result);
  }
  state.counters["last_loss"] = last_loss;
}
BENCHMARK(BM_MlpSweep)->Unit(benchmark::kMillisecond);

// SPEC §4: 100,000 rows × 20 columns, 9-α mini-batch sweep (SGD, batch 32, 200 steps),
// including preparing the problem (z-score fit and apply).
void BM_MiniBatchSweep100k(benchmark::State& state) {
  const Dataset data = make_synthetic_regression(100000, 20, 7);
  SweepSettings settings;
  settings.run.optimizer.kind = OptimizerKind::sgd;
  settings.run.optimizer.batch_size = 32;
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  for (auto _ : state) {
    const Problem problem = Problem::create(data, spec).value();
    auto result = run_sweep(problem, settings);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_MiniBatchSweep100k)->Unit(benchmark::kMillisecond);

// The LR range test with fastai's defaults on the house data (z-scored, SGD batch 16).
void BM_RangeTestHouse(benchmark::State& state) {
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  const Problem problem = Problem::create(make_house(1), spec).value();
  RangeTestSettings settings;
  settings.optimizer.kind = OptimizerKind::sgd;
  settings.optimizer.batch_size = 16;
  for (auto _ : state) {
    auto result = run_range_test(problem, settings);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_RangeTestHouse)->Unit(benchmark::kMicrosecond);

}  // namespace
