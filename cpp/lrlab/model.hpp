// Models as objectives: loss and gradient over a flat parameter vector.
//
// The objective contract (after ensmallen's "differentiable separable function"):
//   num_params()            length p of the flat parameter vector
//   num_rows()              number of training rows m
//   evaluate(θ, g)          loss on all rows; gradient into *g when g is not null
//   evaluate_batch(θ, r, g) the same on the rows listed in r (mini-batch)
//   initial_params(seed)    the fixed starting point of every run
// Losses are averages over the rows used, so full-batch and mini-batch values compare.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <vector>

#include "dataset.hpp"
#include "gram.hpp"

namespace lrlab {

enum class ModelKind { linear, logistic, mlp };

class Objective {
 public:
  virtual ~Objective() = default;
  virtual int num_params() const = 0;
  virtual int num_rows() const = 0;
  virtual double evaluate(const Eigen::VectorXd& params, Eigen::VectorXd* grad) = 0;
  virtual double evaluate_batch(const Eigen::VectorXd& params, const std::vector<int>& rows,
                                Eigen::VectorXd* grad) = 0;
  virtual Eigen::VectorXd initial_params(std::uint64_t seed) const = 0;
  // The Gram statistics when the objective is the quadratic form of gram.hpp (the training
  // loop then evaluates it with plain loops, without a virtual call per step); else null.
  virtual const GramStats* gram() const { return nullptr; }
};

// An objective over rows of a feature matrix: the model defines the loss on any block of
// rows; this base class gathers mini-batches into reusable buffers.
class RowObjective : public Objective {
 public:
  RowObjective(Eigen::MatrixXd X, Eigen::VectorXd y) : X_(std::move(X)), y_(std::move(y)) {}
  int num_rows() const override { return static_cast<int>(X_.rows()); }
  double evaluate(const Eigen::VectorXd& params, Eigen::VectorXd* grad) override {
    return loss_on(X_, y_, params, grad);
  }
  double evaluate_batch(const Eigen::VectorXd& params, const std::vector<int>& rows,
                        Eigen::VectorXd* grad) override;

 protected:
  // Mean loss over the rows of (X, y); gradient into *grad when not null.
  virtual double loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                         const Eigen::VectorXd& params, Eigen::VectorXd* grad) = 0;
  int features() const { return static_cast<int>(X_.cols()); }
  double target_mean() const { return y_.size() ? y_.mean() : 0.0; }

 private:
  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  Eigen::MatrixXd batch_X_;
  Eigen::VectorXd batch_y_;
};

// f(x) = wᵀx + b, J = 1/(2m) Σ (f(xᵢ) − yᵢ)². Parameters [w₁ … w_d, b].
// Every run starts at w = 0, b = mean(y): the best constant prediction, so the loss curve
// shows what the features add (and the start does not depend on the target's offset).
class LinearRegression : public RowObjective {
 public:
  using RowObjective::RowObjective;
  int num_params() const override { return features() + 1; }
  Eigen::VectorXd initial_params(std::uint64_t) const override;

 protected:
  double loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                 const Eigen::VectorXd& params, Eigen::VectorXd* grad) override;

 private:
  Eigen::VectorXd residual_;
};

// Full-batch linear regression on the precomputed Gram statistics (gram.hpp):
// J(θ) = J* + ½(θ − θ*)ᵀH(θ − θ*), ∇J = H(θ − θ*). One step costs O(p²) instead of O(mp),
// and the trajectory equals the direct path's up to rounding.
class GramLinearRegression : public Objective {
 public:
  explicit GramLinearRegression(std::shared_ptr<const GramStats> stats);
  GramLinearRegression(const Eigen::MatrixXd& X, const Eigen::VectorXd& y)
      : GramLinearRegression(std::make_shared<const GramStats>(gram_stats(X, y))) {}
  int num_params() const override { return static_cast<int>(stats_->hessian.rows()); }
  int num_rows() const override { return stats_->rows; }
  double evaluate(const Eigen::VectorXd& params, Eigen::VectorXd* grad) override {
    return stats_->loss(params, grad, delta_, h_delta_);
  }
  // The Gram path has no rows to sample: a batch call evaluates on all rows.
  double evaluate_batch(const Eigen::VectorXd& params, const std::vector<int>&,
                        Eigen::VectorXd* grad) override {
    return evaluate(params, grad);
  }
  Eigen::VectorXd initial_params(std::uint64_t) const override;
  const Eigen::MatrixXd& hessian() const { return stats_->hessian; }
  const GramStats* gram() const override { return stats_.get(); }

 private:
  std::shared_ptr<const GramStats> stats_;
  Eigen::VectorXd delta_, h_delta_;
};

// p = σ(wᵀx + b), J = −1/m Σ [y log p + (1 − y) log(1 − p)], computed stably as
// mean(softplus(z) − y·z). Parameters [w₁ … w_d, b].
class LogisticRegression : public RowObjective {
 public:
  using RowObjective::RowObjective;
  int num_params() const override { return features() + 1; }
  Eigen::VectorXd initial_params(std::uint64_t) const override;

 protected:
  double loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                 const Eigen::VectorXd& params, Eigen::VectorXd* grad) override;
};

// One hidden layer of tanh units: a = tanh(W₁x + b₁), out = w₂ᵀa + b₂.
// Regression: J = 1/(2m) Σ (out − y)²; classification: cross-entropy on σ(out).
// Parameters [W₁ (h×d, row-major), b₁ (h), w₂ (h), b₂].
class Mlp : public RowObjective {
 public:
  Mlp(Eigen::MatrixXd X, Eigen::VectorXd y, int hidden_units, Task task)
      : RowObjective(std::move(X), std::move(y)), hidden_(hidden_units), task_(task) {}
  int num_params() const override { return hidden_ * (features() + 2) + 1; }
  // Seeded Glorot-style start: W₁ ~ N(0, 1/d), w₂ ~ N(0, 1/h), biases 0.
  Eigen::VectorXd initial_params(std::uint64_t seed) const override;
  int hidden_units() const { return hidden_; }

 protected:
  double loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                 const Eigen::VectorXd& params, Eigen::VectorXd* grad) override;

 private:
  // The same loss and gradient with plain loops for a compile-time number of units H (model.cpp).
  template <int H>
  double loss_fixed(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& params,
                    Eigen::VectorXd* grad);

  int hidden_;
  Task task_;
  std::vector<double> act_, w1t_;  // loss_fixed's buffers: m × H activations, W₁ᵀ
  Eigen::MatrixXd hidden_act_;    // m × h activations, reused between calls
  Eigen::VectorXd out_, delta_;   // m outputs and ∂(m·J)/∂out, reused
  Eigen::MatrixXd delta_hidden_;  // m × h, ∂(m·J)/∂(pre-activation), reused
};

// log(1 + eᶻ) without overflow.
double softplus(double z);

}  // namespace lrlab
