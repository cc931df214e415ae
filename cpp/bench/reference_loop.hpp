// The reference for the engine's training step (issue 13): the default sweep's math written
// by hand, as plain loops over raw arrays — no objective, no optimizer policy, no schedule,
// no Eigen. BENCHMARKS.md reports the engine's step time against this loop's, natively
// (cpp/bench/bench_sweep.cpp) and in WebAssembly (benchmarkKernel in cpp/wasm/api.cpp).
//
// Per step, the same work as the engine's train() on the Gram path with constant-α GD:
//   Δ = θ − θ*,  g = HΔ,  J = J* + max(0, ½ΔᵀHΔ),  record J and α,
//   stop when J is not finite or above 1e4 × J(θ₀) (or g is not finite),  θ ← θ − αg.
// Header-only and pure C++ so both builds compile the same loop.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace lrlab_bench {

// Runs every α of `rates` for `steps` steps from theta0; H is p×p column-major. Appends the
// losses of all runs to `losses` (cleared first; reserve it once) and returns the number of
// steps taken over all runs.
inline int reference_sweep(const double* H, const double* optimum, double optimal_loss, const double* theta0,
                           int p, const double* rates, int num_rates, int steps, std::vector<double>& losses,
                           std::vector<double>& alphas) {
  losses.clear();
  alphas.clear();
  double theta[64], delta[64], grad[64];
  int taken = 0;
  for (int k = 0; k < num_rates; ++k) {
    const double alpha = rates[k];
    for (int i = 0; i < p; ++i) theta[i] = theta0[i];
    double limit = 0.0;
    for (int t = 0; t <= steps; ++t) {
      for (int i = 0; i < p; ++i) delta[i] = theta[i] - optimum[i];
      double quad = 0.0;
      bool finite = true;
      for (int i = 0; i < p; ++i) {
        double s = 0.0;
        for (int j = 0; j < p; ++j) s += H[i + j * p] * delta[j];
        grad[i] = s;
        quad += delta[i] * s;
        finite = finite && std::isfinite(s);
      }
      const double loss = optimal_loss + std::max(0.0, 0.5 * quad);
      if (t == 0) limit = 1e4 * std::max(std::fabs(loss), 1e-12);
      if (t == steps) break;  // the final loss, as the engine's run reports it
      losses.push_back(loss);
      alphas.push_back(alpha);
      ++taken;
      if (!std::isfinite(loss) || loss > limit || !finite) break;
      for (int i = 0; i < p; ++i) theta[i] -= alpha * grad[i];
    }
  }
  return taken;
}

}  // namespace lrlab_bench
