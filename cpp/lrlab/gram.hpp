// The quadratic form of linear regression, computed once per problem and shared by the Gram
// training path, the curvature report and the loss contours.
//
// With X̃ = [X 1] (bias column last, as the parameters [w₁ … w_d, b]):
//   J(θ) = 1/(2m)‖X̃θ − y‖² = J* + ½(θ − θ*)ᵀH(θ − θ*),   ∇J = Hθ − c = H(θ − θ*)
//   H = X̃ᵀX̃/m (the constant Hessian), c = X̃ᵀy/m, θ* solves Hθ = c (the normal equations),
//   J* = J(θ*) computed from the rows.
// The second form of J cannot go negative and keeps its digits on near-perfect fits, where the
// expanded ½θᵀHθ − cᵀθ + s subtracts nearly equal numbers.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <memory>

namespace lrlab {

struct GramStats {
  Eigen::MatrixXd hessian;   // H = X̃ᵀX̃/m
  Eigen::VectorXd moment;    // c = X̃ᵀy/m
  Eigen::VectorXd optimum;   // θ*: the minimum-norm solution when H is singular
  double optimal_loss = 0.0; // J* ≥ 0
  int rows = 0;

  // False when the data overflowed (H, c or θ* not finite): every loss is then NaN.
  bool finite() const {
    return hessian.allFinite() && moment.allFinite() && optimum.allFinite() && std::isfinite(optimal_loss);
  }
  // J(θ) = J* + ½ΔᵀHΔ with Δ = θ − θ*; ∇J = HΔ into *grad when not null. `delta` and
  // `h_delta` are the caller's buffers (no allocation in a training loop).
  double loss(const Eigen::VectorXd& params, Eigen::VectorXd* grad, Eigen::VectorXd& delta,
              Eigen::VectorXd& h_delta) const;
  // The same J and ∇J with plain loops over raw arrays of p = optimum.size() entries, for
  // the small p of the lesson's data (Eigen's general matrix–vector routine costs more than
  // a 3×3 product). `grad` receives HΔ (required); `delta` is the caller's buffer. P is p
  // when known at compile time (0: read it from the sizes).
  template <int P = 0>
  double loss_small(const double* params, double* grad, double* delta) const {
    const int p = P > 0 ? P : static_cast<int>(optimum.size());
    const double* H = hessian.data();  // column-major: H(i, j) = H[i + j·p]
    const double* opt = optimum.data();
    for (int j = 0; j < p; ++j) delta[j] = params[j] - opt[j];
    double quad = 0.0;
    for (int i = 0; i < p; ++i) {
      double s = 0.0;
      for (int j = 0; j < p; ++j) s += H[i + j * p] * delta[j];
      grad[i] = s;
      quad += delta[i] * s;
    }
    return optimal_loss + std::max(0.0, 0.5 * quad);
  }
};

// Largest p that loss() evaluates with the plain loops of loss_small.
constexpr int kSmallGram = 16;

// X̃ = [X 1].
Eigen::MatrixXd with_bias_column(const Eigen::MatrixXd& X);

// H alone (the curvature of data without targets).
Eigen::MatrixXd gram_hessian(const Eigen::MatrixXd& X);

// H, c, θ*, J* of (X, y).
GramStats gram_stats(const Eigen::MatrixXd& X, const Eigen::VectorXd& y);

}  // namespace lrlab
