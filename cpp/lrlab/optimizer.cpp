#include "optimizer.hpp"

#include <cmath>

namespace lrlab {

namespace {

// θ ← θ − αg
class PlainUpdate : public UpdatePolicy {
 public:
  void update(Eigen::VectorXd& params, const Eigen::VectorXd& grad, double rate) override {
    params.noalias() -= rate * grad;
  }
};

// Heavy ball in the form PyTorch uses: v ← βv + g, θ ← θ − αv. Substituting
// θₖ − θₖ₋₁ = −αvₖ gives Polyak's θₖ₊₁ = θₖ − α∇J + β(θₖ − θₖ₋₁), which on a quadratic is
// stable iff 0 < αλ < 2 + 2β (so the bound is (2 + 2β)/λmax, see curvature.cpp).
class MomentumUpdate : public UpdatePolicy {
 public:
  MomentumUpdate(double beta, int n) : beta_(beta), velocity_(Eigen::VectorXd::Zero(n)) {}
  void update(Eigen::VectorXd& params, const Eigen::VectorXd& grad, double rate) override {
    velocity_ = beta_ * velocity_ + grad;
    params.noalias() -= rate * velocity_;
  }

 private:
  double beta_;
  Eigen::VectorXd velocity_;
};

// Nesterov momentum, Sutskever et al. (2013) rewritten to need only ∇J(θ) (as PyTorch):
// v ← βv + g, θ ← θ − α(g + βv).
class NesterovUpdate : public UpdatePolicy {
 public:
  NesterovUpdate(double beta, int n) : beta_(beta), velocity_(Eigen::VectorXd::Zero(n)) {}
  void update(Eigen::VectorXd& params, const Eigen::VectorXd& grad, double rate) override {
    velocity_ = beta_ * velocity_ + grad;
    params.noalias() -= rate * (grad + beta_ * velocity_);
  }

 private:
  double beta_;
  Eigen::VectorXd velocity_;
};

// RMSProp (Tieleman & Hinton 2012, lecture 6e): s ← ρs + (1−ρ)g², θ ← θ − αg/(√s + ε).
class RmsPropUpdate : public UpdatePolicy {
 public:
  RmsPropUpdate(double rho, double eps, int n)
      : rho_(rho), eps_(eps), mean_square_(Eigen::VectorXd::Zero(n)) {}
  void update(Eigen::VectorXd& params, const Eigen::VectorXd& grad, double rate) override {
    mean_square_ = rho_ * mean_square_.array() + (1.0 - rho_) * grad.array().square();
    params.array() -= rate * grad.array() / (mean_square_.array().sqrt() + eps_);
  }

 private:
  double rho_, eps_;
  Eigen::VectorXd mean_square_;
};

// Adam (Kingma & Ba 2015, Algorithm 1):
//   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ),
//   θ ← θ − α m̂/(√v̂ + ε).
// On the first step m̂ = g and v̂ = g², so every coordinate moves by α·|g|/(|g|+ε) ≈ α.
class AdamUpdate : public UpdatePolicy {
 public:
  AdamUpdate(double b1, double b2, double eps, int n)
      : b1_(b1), b2_(b2), eps_(eps), m_(Eigen::VectorXd::Zero(n)), v_(Eigen::VectorXd::Zero(n)) {}
  void update(Eigen::VectorXd& params, const Eigen::VectorXd& grad, double rate) override {
    ++t_;
    m_ = b1_ * m_ + (1.0 - b1_) * grad;
    v_ = b2_ * v_.array() + (1.0 - b2_) * grad.array().square();
    const double c1 = 1.0 - std::pow(b1_, t_), c2 = 1.0 - std::pow(b2_, t_);
    params.array() -= rate * (m_.array() / c1) / ((v_.array() / c2).sqrt() + eps_);
  }

 private:
  double b1_, b2_, eps_;
  Eigen::VectorXd m_, v_;
  int t_ = 0;
};

}  // namespace

std::unique_ptr<UpdatePolicy> make_update_policy(const OptimizerSettings& s, int n) {
  switch (s.kind) {
    case OptimizerKind::momentum: return std::make_unique<MomentumUpdate>(s.momentum, n);
    case OptimizerKind::nesterov: return std::make_unique<NesterovUpdate>(s.momentum, n);
    case OptimizerKind::rmsprop: return std::make_unique<RmsPropUpdate>(s.rho, s.epsilon, n);
    case OptimizerKind::adam: return std::make_unique<AdamUpdate>(s.beta1, s.beta2, s.epsilon, n);
    case OptimizerKind::gd:
    case OptimizerKind::sgd: break;
  }
  return std::make_unique<PlainUpdate>();
}

bool uses_mini_batches(const OptimizerSettings& s, int rows) {
  return s.kind != OptimizerKind::gd && s.batch_size > 0 && s.batch_size < rows;
}

}  // namespace lrlab
