#include "model.hpp"

#include <cmath>
#include <cstring>

#include "fast_tanh.hpp"
#include "rng.hpp"

namespace lrlab {

double softplus(double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }

namespace {
// The hidden layer's width with a loss of its own (Mlp::loss_fixed): the lessons' default.
constexpr int kFixedHiddenUnits = 8;

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

// The lessons' MLP (8 hidden units, the default) as plain loops over raw arrays, a row's H
// units side by side in pairs (GCC/clang vector extensions: SSE2 natively, SIMD128 in
// WebAssembly, where Eigen 3.4 has no SIMD and its general products for these thin shapes —
// m × d times d × H — pack and dispatch more than they multiply: they took twice the native
// time there). Element-wise vector arithmetic is IEEE per lane, so each value is computed as
// the Eigen path below computes it, except the order of the sums over the rows (the loss and
// the gradient), which run row by row here.
// tests/cpp/test_model.cpp checks it against the Eigen path and finite differences.
namespace {
typedef double Pair __attribute__((vector_size(16)));  // two doubles, one SIMD register
inline Pair load_pair(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store_pair(double* p, Pair v) { std::memcpy(p, &v, sizeof v); }
inline Pair splat(double x) { return Pair{x, x}; }
}  // namespace

template <int H>
double Mlp::loss_fixed(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& params,
                       Eigen::VectorXd* grad) {
  static_assert(H % 2 == 0, "units in pairs");
  constexpr int P = H / 2;  // pairs of units
  const int d = static_cast<int>(X.cols());
  const int m = static_cast<int>(X.rows());
  const double* W1 = params.data();  // H × d, row-major: W1[j·d + k]
  const double* b1 = W1 + H * d;
  const double* w2 = b1 + H;
  const double b2 = w2[H];
  const double* x = X.data();  // column-major: X(i, k) = x[i + k·m]
  const double* target = y.data();
  w1t_.resize(static_cast<size_t>(d) * H);
  act_.resize(static_cast<size_t>(m) * H);
  double* w1t = w1t_.data();  // W₁ᵀ, d × H: row k holds every unit's weight on feature k
  double* act = act_.data();  // m × H, row-major
  for (int j = 0; j < H; ++j) {
    for (int k = 0; k < d; ++k) w1t[k * H + j] = W1[j * d + k];
  }
  Pair bias[P], out_w[P];
  for (int q = 0; q < P; ++q) {
    bias[q] = load_pair(b1 + 2 * q);
    out_w[q] = load_pair(w2 + 2 * q);
  }
  // Pre-activations W₁x + b₁: the features' products summed in order, then the bias.
  for (int i = 0; i < m; ++i) {
    Pair z[P];
    const Pair x0 = splat(x[i]);
    for (int q = 0; q < P; ++q) z[q] = x0 * load_pair(w1t + 2 * q);
    for (int k = 1; k < d; ++k) {
      const Pair xk = splat(x[i + static_cast<size_t>(k) * m]);
      const double* wk = w1t + k * H;
      for (int q = 0; q < P; ++q) z[q] += xk * load_pair(wk + 2 * q);
    }
    double* a = act + static_cast<size_t>(i) * H;
    for (int q = 0; q < P; ++q) store_pair(a + 2 * q, z[q] + bias[q]);
  }
  // tanh inline and vectorised (fast_tanh.hpp), as the Eigen path.
  fast_tanh_inplace(act, static_cast<long>(m) * H);

  // Per row: out = w₂ᵀa + b₂ (the units in order), its share of the loss, δ = ∂J/∂out and,
  // with a gradient, ∂J/∂b₂, ∂J/∂w₂ and ∂J/∂b₁ accumulated over the rows in order; the row's
  // δ through tanh, δ w₂ ⊙ (1 − a²), replaces its activations for ∂J/∂W₁ below.
  const bool classification = task_ == Task::classification;
  Pair gw2[P] = {}, gb1[P] = {};
  double gb2 = 0.0, loss = 0.0;
  const Pair one = splat(1.0);
  for (int i = 0; i < m; ++i) {
    double* a = act + static_cast<size_t>(i) * H;
    double out = 0.0;
    for (int j = 0; j < H; ++j) out += a[j] * w2[j];
    out += b2;
    double delta;
    if (classification) {
      loss += softplus(out) - target[i] * out;  // −[y log σ(out) + (1−y) log(1−σ(out))]
      delta = sigmoid(out) - target[i];
    } else {
      delta = out - target[i];
      loss += delta * delta;
    }
    if (!grad) continue;
    delta /= m;
    gb2 += delta;
    const Pair dv = splat(delta);
    for (int q = 0; q < P; ++q) {
      const Pair aq = load_pair(a + 2 * q);
      gw2[q] += aq * dv;
      const Pair dh = (dv * out_w[q]) * (one - aq * aq);
      gb1[q] += dh;
      store_pair(a + 2 * q, dh);
    }
  }
  if (grad) {
    grad->resize(num_params());
    double* g = grad->data();
    // ∂J/∂W₁ᵀ row k = Σᵢ X(i, k) · (row i's δ through tanh), the rows in order.
    for (int k = 0; k < d; ++k) {
      const double* xk = x + static_cast<size_t>(k) * m;
      Pair acc[P] = {};
      for (int i = 0; i < m; ++i) {
        const Pair xv = splat(xk[i]);
        const double* dh = act + static_cast<size_t>(i) * H;
        for (int q = 0; q < P; ++q) acc[q] += load_pair(dh + 2 * q) * xv;
      }
      for (int q = 0; q < P; ++q) {
        g[(2 * q) * d + k] = acc[q][0];
        g[(2 * q + 1) * d + k] = acc[q][1];
      }
    }
    for (int q = 0; q < P; ++q) {
      store_pair(g + H * d + 2 * q, gb1[q]);
      store_pair(g + H * d + H + 2 * q, gw2[q]);
    }
    g[H * d + 2 * H] = gb2;
  }
  return classification ? loss / m : loss / (2.0 * m);
}

double Mlp::loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                    const Eigen::VectorXd& params, Eigen::VectorXd* grad) {
  if (hidden_ == kFixedHiddenUnits) return loss_fixed<kFixedHiddenUnits>(X, y, params, grad);
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
