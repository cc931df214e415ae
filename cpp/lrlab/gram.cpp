#include "gram.hpp"

#include <cmath>
#include <limits>

namespace lrlab {

Eigen::MatrixXd with_bias_column(const Eigen::MatrixXd& X) {
  Eigen::MatrixXd Xb(X.rows(), X.cols() + 1);
  Xb << X, Eigen::VectorXd::Ones(X.rows());
  return Xb;
}

Eigen::MatrixXd gram_hessian(const Eigen::MatrixXd& X) {
  const Eigen::MatrixXd Xb = with_bias_column(X);
  Eigen::MatrixXd H(Xb.cols(), Xb.cols());
  H.noalias() = Xb.transpose() * Xb;
  return H / static_cast<double>(std::max<Eigen::Index>(1, X.rows()));
}

GramStats gram_stats(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
  GramStats s;
  s.rows = static_cast<int>(X.rows());
  const double m = static_cast<double>(std::max(1, s.rows));
  const Eigen::MatrixXd Xb = with_bias_column(X);
  s.hessian.noalias() = Xb.transpose() * Xb / m;
  s.moment.noalias() = Xb.transpose() * y / m;
  if (!s.hessian.allFinite() || !s.moment.allFinite()) {
    s.optimum = Eigen::VectorXd::Constant(Xb.cols(), std::numeric_limits<double>::quiet_NaN());
    s.optimal_loss = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  s.optimum = Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd>(s.hessian).solve(s.moment);
  s.optimal_loss = (Xb * s.optimum - y).squaredNorm() / (2.0 * m);
  return s;
}

double GramStats::loss(const Eigen::VectorXd& params, Eigen::VectorXd* grad,
                       Eigen::VectorXd& delta, Eigen::VectorXd& h_delta) const {
  if (optimum.size() <= kSmallGram) {  // plain loops: see loss_small
    delta.resize(optimum.size());
    h_delta.resize(optimum.size());
    const double loss = loss_small(params.data(), h_delta.data(), delta.data());
    if (grad) *grad = h_delta;
    return loss;
  }
  delta = params - optimum;
  h_delta.noalias() = hessian * delta;
  if (grad) *grad = h_delta;  // ∇J = H(θ − θ*), the gradient of the form below
  // ½ΔᵀHΔ ≥ 0 for the positive semi-definite H; rounding can leave a tiny negative.
  return optimal_loss + std::max(0.0, 0.5 * delta.dot(h_delta));
}

}  // namespace lrlab
