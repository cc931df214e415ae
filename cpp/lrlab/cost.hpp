// What a call will cost, before it runs: an estimate of its floating-point operations from
// the same decisions the call makes (Gram path or rows, mini-batch size, grid length, the
// curvature report). The page compares it with one threshold to choose between the main
// thread and the Web Worker. Only the order of magnitude matters.
#pragma once

#include "expected.hpp"
#include "requests.hpp"

namespace lrlab {

// Floating-point operations one call may take (grid × steps × rows, the curvature report…):
// the WASM engine does ≈ 1e9 a second, so this is a few minutes in the worker. A call
// estimated above it is refused before it runs, with a message saying what to reduce.
constexpr double kMaxCallWork = 2e11;

// The shape of the data a call runs on.
struct DataShape {
  int rows = 0;
  int features = 0;
};

// Operations of one training step (gradient + update) of `spec`'s model on `batch_rows`
// rows, or on the Gram matrix when `gram` (then the rows do not count).
double step_work(const ProblemSpec& spec, const DataShape& shape, int batch_rows, bool gram);

double run_work(const ProblemSpec& spec, const DataShape& shape, const RunSettings& run);
Expected<double> sweep_work(const ProblemSpec& spec, const DataShape& shape, const SweepSettings& sweep);
double range_test_work(const ProblemSpec& spec, const DataShape& shape, const RangeTestSettings& test);
double curvature_work(const ProblemSpec& spec, const DataShape& shape);

// Ok when `work` (the estimate of a call named `what`, e.g. "this sweep") is within
// kMaxCallWork; otherwise the message naming the limit and what to reduce.
Expected<Ok> check_work(double work, const std::string& what);

}  // namespace lrlab
