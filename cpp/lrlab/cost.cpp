#include "cost.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lrlab {

namespace {

// Operations-equivalent of one step's bookkeeping (recording the loss, the divergence and
// schedule checks, the optimizer's update, the mini-batch copy). Measured on sweeps of the
// 3-parameter house data in WASM, where it dominates: 0.07–0.3 µs a step since the step loop
// runs without per-step dispatch (issue 13; it was 2 µs, and 2000 here sent ~10 ms loads
// such as the optimizers lab's comparison to the worker).
constexpr double kStepOverheadWork = 300.0;

double params_of(const ProblemSpec& spec, const DataShape& shape) {
  const double d = shape.features;
  return spec.model == ModelKind::mlp ? spec.hidden_units * (d + 2.0) + 1.0 : d + 1.0;
}

// Building H = X̃ᵀX̃/m once for the Gram path (and for the exact curvature report).
double gram_setup_work(const DataShape& shape) {
  const double p = shape.features + 1.0;
  return 2.0 * shape.rows * p * p;
}

// The rows one step reads, and whether it runs on the Gram matrix — decided as train() does.
std::pair<int, bool> step_plan(const ProblemSpec& spec, const DataShape& shape,
                               const OptimizerSettings& optimizer, bool gram_allowed = true) {
  const bool mini_batch = uses_mini_batches(optimizer, shape.rows);
  const int rows = mini_batch ? optimizer.batch_size : shape.rows;
  return {rows, gram_allowed && !mini_batch && runs_on_gram(spec, !mini_batch)};
}

}  // namespace

double step_work(const ProblemSpec& spec, const DataShape& shape, int batch_rows, bool gram) {
  const double p = params_of(spec, shape);
  const double d = shape.features;
  const double update = 10.0 * p + kStepOverheadWork;  // element-wise update + bookkeeping
  if (gram) return 2.0 * p * p + update;
  switch (spec.model) {
    case ModelKind::linear: return batch_rows * 4.0 * p + update;
    case ModelKind::logistic: return batch_rows * (4.0 * p + 40.0) + update;  // exp, log1p per row
    case ModelKind::mlp: break;
  }
  // forward X·W₁ᵀ and tanh, backward through both layers
  return batch_rows * spec.hidden_units * (4.0 * d + 30.0) + update;
}

double run_work(const ProblemSpec& spec, const DataShape& shape, const RunSettings& run) {
  const auto [rows, gram] = step_plan(spec, shape, run.optimizer);
  double work = run.steps * step_work(spec, shape, rows, gram);
  if (gram || spec.model == ModelKind::linear) work += gram_setup_work(shape);  // + curvature report
  return work;
}

Expected<double> sweep_work(const ProblemSpec& spec, const DataShape& shape, const SweepSettings& sweep) {
  const Expected<std::vector<double>> grid = grid_values(sweep.grid);
  if (!grid) return grid.failure();
  const auto [rows, gram] = step_plan(spec, shape, sweep.run.optimizer, sweep.use_gram_path);
  // A mini-batch sweep runs every α under `seeds` batch orders (sweep.hpp).
  const double orders = uses_mini_batches(sweep.run.optimizer, shape.rows) ? sweep.seeds : 1.0;
  double work = orders * static_cast<double>(grid->size()) * sweep.run.steps * step_work(spec, shape, rows, gram);
  if (gram) work += gram_setup_work(shape);
  if (spec.model == ModelKind::linear) work += curvature_work(spec, shape);
  return work;
}

double range_test_work(const ProblemSpec& spec, const DataShape& shape, const RangeTestSettings& test) {
  const auto [rows, gram] = step_plan(spec, shape, test.optimizer);
  return test.iterations * step_work(spec, shape, rows, gram) + (gram ? gram_setup_work(shape) : 0.0);
}

double curvature_work(const ProblemSpec& spec, const DataShape& shape) {
  const double p = params_of(spec, shape);
  if (spec.model == ModelKind::linear) return gram_setup_work(shape) + 10.0 * p * p * p;  // H, eigenvalues
  // power iteration: up to 200 Hessian-vector products, each two full-data gradients
  return 200.0 * 2.0 * step_work(spec, shape, shape.rows, false);
}

Expected<Ok> check_work(double work, const std::string& what) {
  if (std::isfinite(work) && work <= kMaxCallWork) return Ok{};
  char amount[64];
  std::snprintf(amount, sizeof amount, "%.1e", work);
  char limit[64];
  std::snprintf(limit, sizeof limit, "%.0e", kMaxCallWork);
  return make_error(what + " would take about " + amount +
                    " floating-point operations; LR Lab runs at most " + limit +
                    " per call (a few minutes) — use fewer steps, fewer learning rates or a "
                    "sample of the rows");
}

}  // namespace lrlab
