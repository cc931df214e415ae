// Engine benchmarks (Google Benchmark). Figures go to BENCHMARKS.md; nothing here asserts.
#include <benchmark/benchmark.h>

#include "lrlab/range_test.hpp"
#include "lrlab/sweep.hpp"

namespace {

using namespace lrlab;

// The page's default sweep: house data, raw features, GD, 9 α × 200 steps (Gram path).
void BM_DefaultSweepHouse(benchmark::State& state) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  SweepSettings settings;
  for (auto _ : state) {
    auto result = run_sweep(problem, settings);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_DefaultSweepHouse)->Unit(benchmark::kMicrosecond);

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
