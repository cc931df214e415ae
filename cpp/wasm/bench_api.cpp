// Benchmark-only calls, linked into the Node build of the module alone (lrlab.node.cjs,
// which tests/bench/run.mjs loads): the page's module does not carry them.
#include <emscripten/bind.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "bench/reference_loop.hpp"
#include "lrlab/requests.hpp"
#include "marshal.hpp"
#include "read.hpp"

namespace lrlab::api {
namespace {

using emscripten::val;

// The engine's training step against the hand-written reference loop of the same math
// (cpp/bench/reference_loop.hpp), inside the module: the default sweep's runs with train()
// on the Gram objective, the reference loop, and the whole run_sweep, `repetitions` times each,
// interleaved; each figure is the median of its repetitions. The figures BENCHMARKS.md
// compares with the native ones.
val benchmark_kernel(val config, int repetitions) {
  Expected<SweepRequest> request = read_settings<SweepRequest>(config);
  if (!request) return fail(request.failure());
  const SweepSettings& settings = request->settings;
  Expected<Problem> problem = make_problem(request->data, [](const std::string&) -> const Dataset* { return nullptr; });
  if (!problem) return fail(problem.failure());
  if (repetitions < 1 || repetitions > 100000) {
    return fail("repetitions must be between 1 and 100000, got " + std::to_string(repetitions));
  }
  if (problem->spec().model != ModelKind::linear || uses_mini_batches(settings.run.optimizer, problem->data().rows())) {
    return fail("the kernel benchmark needs full-batch linear regression (the Gram path)");
  }
  Expected<std::vector<double>> grid = grid_values(settings.grid);
  if (!grid) return fail(grid.failure());
  auto objective = problem->objective(true);
  const Eigen::VectorXd start = objective->initial_params(settings.run.seed);
  const GramStats& g = *problem->gram();
  using clock = std::chrono::steady_clock;
  const auto ms_since = [](clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  };
  // The three are interleaved, one repetition of each in turn, and each figure is the median
  // of its repetitions: a load that comes and goes on a shared machine hits all three alike,
  // so the ratios between them hold even when the absolute times do not.
  std::vector<double> engine_times, reference_times, sweep_times;
  double checksum = 0.0;
  size_t steps = 0;
  std::vector<double> losses, alphas;
  losses.reserve(grid->size() * settings.run.steps);
  alphas.reserve(grid->size() * settings.run.steps);
  int reference_steps = 0;
  for (int i = 0; i < repetitions; ++i) {
    auto t0 = clock::now();
    steps = 0;
    for (const double alpha : *grid) {
      RunSettings run = settings.run;
      run.optimizer.learning_rate = alpha;
      const RunResult result = train(*objective, run, start);
      steps += result.loss.size();
      checksum += result.loss.back();
    }
    engine_times.push_back(ms_since(t0));
    t0 = clock::now();
    reference_steps = lrlab_bench::reference_sweep(g.hessian.data(), g.optimum.data(), g.optimal_loss, start.data(),
                                                   static_cast<int>(g.optimum.size()), grid->data(),
                                                   static_cast<int>(grid->size()), settings.run.steps, losses, alphas);
    checksum += losses.back();
    reference_times.push_back(ms_since(t0));
    t0 = clock::now();
    Expected<SweepResult> sweep = lrlab::run_sweep(*problem, settings);
    if (!sweep) return fail(sweep.failure());
    checksum += sweep->runs.back().result.loss.back();
    sweep_times.push_back(ms_since(t0));
  }
  const auto median = [](std::vector<double>& v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  const double engine_ms = median(engine_times);
  const double reference_ms = median(reference_times);
  const double sweep_ms = median(sweep_times);
  val out = val::object();
  out.set("engine_ms", engine_ms);
  out.set("reference_ms", reference_ms);
  out.set("sweep_ms", sweep_ms);
  out.set("steps", static_cast<double>(steps));
  out.set("reference_steps", reference_steps);
  out.set("checksum", checksum);
  return ok(out);
}

}  // namespace
}  // namespace lrlab::api

EMSCRIPTEN_BINDINGS(lrlab_benchmarks) {
  emscripten::function("benchmarkKernel", &lrlab::api::benchmark_kernel);
}
