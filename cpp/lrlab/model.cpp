#include "model.hpp"

#include <cmath>

#include "fast_tanh.hpp"
#include "rng.hpp"

namespace lrlab {

double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

namespace {
double sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}
}  // namespace

double RowObjective::evaluate_batch(const Eigen::VectorXd& params, const std::vector<int>& rows,
                                    Eigen::VectorXd* grad) {
  const int n = static_cast<int>(rows.size());
  batch_X_.resize(n, X_.cols());
  batch_y_.resize(n);
  for (int i = 0; i < n; ++i) {
    batch_X_.row(i) = X_.row(rows[i]);
    batch_y_(i) = y_(rows[i]);
  }
  return loss_on(batch_X_, batch_y_, params, grad);
}

// ---- linear regression -------------------------------------------------------------

Eigen::VectorXd LinearRegression::initial_params(std::uint64_t) const {
  Eigen::VectorXd p = Eigen::VectorXd::Zero(num_params());
  p(features()) = target_mean();
  return p;
}

double LinearRegression::loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                 const Eigen::VectorXd& params, Eigen::VectorXd* grad) {
  const int d = static_cast<int>(X.cols());
  const double m = static_cast<double>(X.rows());
  const double b = params(d);
  // r = Xw + b − y, in a buffer reused between steps (no allocation in the loop)
  residual_.noalias() = X * params.head(d);
  residual_.array() += b - y.array();
  if (grad) {
    grad->resize(d + 1);
    grad->head(d).noalias() = X.transpose() * residual_;  // ∂J/∂w = Xᵀr/m
    grad->head(d) /= m;
    (*grad)(d) = residual_.sum() / m;                      // ∂J/∂b = Σr/m
  }
  return residual_.squaredNorm() / (2.0 * m);
}

GramLinearRegression::GramLinearRegression(std::shared_ptr<const GramStats> stats)
    : stats_(std::move(stats)) {}

Eigen::VectorXd GramLinearRegression::initial_params(std::uint64_t) const {
  Eigen::VectorXd p = Eigen::VectorXd::Zero(num_params());
  p(num_params() - 1) = stats_->moment(num_params() - 1);  // the bias row of X̃ᵀy/m is mean(y)
  return p;
}

// ---- logistic regression -----------------------------------------------------------

Eigen::VectorXd LogisticRegression::initial_params(std::uint64_t) const {
  return Eigen::VectorXd::Zero(num_params());
}

double LogisticRegression::loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                   const Eigen::VectorXd& params, Eigen::VectorXd* grad) {
  const int d = static_cast<int>(X.cols());
  const int m = static_cast<int>(X.rows());
  const Eigen::VectorXd z = (X * params.head(d)).array() + params(d);
  double loss = 0.0;
  Eigen::VectorXd residual(m);  // σ(z) − y
  for (int i = 0; i < m; ++i) {
    loss += softplus(z(i)) - y(i) * z(i);  // −[y log σ(z) + (1−y) log(1−σ(z))]
    residual(i) = sigmoid(z(i)) - y(i);
  }
  if (grad) {
    grad->resize(d + 1);
    grad->head(d).noalias() = X.transpose() * residual / m;
    (*grad)(d) = residual.sum() / m;
  }
  return loss / m;
}

// ---- one-hidden-layer MLP ----------------------------------------------------------

Eigen::VectorXd Mlp::initial_params(std::uint64_t seed) const {
  const int d = features(), h = hidden_;
  Rng rng(seed ^ 0x6d6c7000ULL);
  Eigen::VectorXd p = Eigen::VectorXd::Zero(num_params());
  const double w1_scale = 1.0 / std::sqrt(static_cast<double>(d));
  const double w2_scale = 1.0 / std::sqrt(static_cast<double>(h));
  for (int k = 0; k < h * d; ++k) p(k) = w1_scale * rng.normal();
  for (int k = 0; k < h; ++k) p(h * d + h + k) = w2_scale * rng.normal();
  return p;
}

double Mlp::loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                    const Eigen::VectorXd& params, Eigen::VectorXd* grad) {
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const int d = static_cast<int>(X.cols()), h = hidden_;
  const int m = static_cast<int>(X.rows());
  Eigen::Map<const RowMajor> W1(params.data(), h, d);
  Eigen::Map<const Eigen::VectorXd> b1(params.data() + h * d, h);
  Eigen::Map<const Eigen::VectorXd> w2(params.data() + h * d + h, h);
  const double b2 = params(h * d + 2 * h);

  hidden_act_.noalias() = X * W1.transpose();
  hidden_act_.rowwise() += b1.transpose();
  // tanh inline and vectorised (fast_tanh.hpp: within a few ulp of std::tanh), not libm's per
  // element: in WASM musl's tanh was 64 % of an MLP sweep's instructions.
  fast_tanh_inplace(hidden_act_.data(), hidden_act_.size());
  // out and δ live in buffers reused between steps, like the activations (no allocation per step).
  Eigen::VectorXd& out = out_;
  out.noalias() = hidden_act_ * w2;
  out.array() += b2;

  double loss = 0.0;
  Eigen::VectorXd& delta = delta_;  // ∂(m·J)/∂out
  delta.resize(m);
  if (task_ == Task::classification) {
    for (int i = 0; i < m; ++i) {
      loss += softplus(out(i)) - y(i) * out(i);
      delta(i) = sigmoid(out(i)) - y(i);
    }
    loss /= m;
  } else {
    delta = out - y;
    loss = delta.squaredNorm() / (2.0 * m);
  }
  if (grad) {
    delta /= m;
    grad->resize(num_params());
    Eigen::Map<RowMajor> gW1(grad->data(), h, d);
    Eigen::Map<Eigen::VectorXd> gb1(grad->data() + h * d, h);
    Eigen::Map<Eigen::VectorXd> gw2(grad->data() + h * d + h, h);
    gw2.noalias() = hidden_act_.transpose() * delta;
    (*grad)(h * d + 2 * h) = delta.sum();
    // Back through tanh: ∂/∂(pre-activation) = δ w₂ᵀ ⊙ (1 − a²), element by element in the
    // order Eigen's (δ w₂ᵀ).array() * (1 − a²) took, into a reused buffer.
    delta_hidden_.resize(m, h);
    for (int j = 0; j < h; ++j) {
      const double* a = hidden_act_.col(j).data();
      double* out_col = delta_hidden_.col(j).data();
      const double w = w2(j);
      for (int i = 0; i < m; ++i) out_col[i] = (delta(i) * w) * (1.0 - a[i] * a[i]);
    }
    gW1.noalias() = delta_hidden_.transpose() * X;
    gb1 = delta_hidden_.colwise().sum().transpose();
  }
  return loss;
}

}  // namespace lrlab
