// Optimizers: settings (a copyable struct) apart from per-run state (an update policy).
//
// There is one training loop (train.cpp). An optimizer is only the rule that turns a
// gradient into a parameter change; its state (velocity, moments, step count) is created
// fresh when a run starts, so a sweep copies the settings, changes α and runs again.
#pragma once

#include <Eigen/Dense>
#include <memory>

namespace lrlab {

enum class OptimizerKind {
  gd,        // full-batch gradient descent: θ ← θ − α∇J
  sgd,       // the same rule on seeded mini-batches
  momentum,  // heavy ball (Polyak 1964)
  nesterov,  // Nesterov accelerated gradient (Sutskever et al. 2013 form)
  rmsprop,   // Tieleman & Hinton 2012
  adam,      // Kingma & Ba 2015
};

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::gd;
  double learning_rate = 0.01;  // α, the peak rate when a schedule is used
  int batch_size = 0;           // rows per step; 0 = all rows. gd always uses all rows
  double momentum = 0.9;        // momentum, nesterov: β
  double rho = 0.9;             // rmsprop: decay of the squared-gradient average
  double beta1 = 0.9;           // adam: decay of the first moment
  double beta2 = 0.999;         // adam: decay of the second moment
  double epsilon = 1e-8;        // rmsprop, adam: added to √v to avoid division by zero
  double clip_norm = 0.0;       // clip the gradient to this global L2 norm; 0 = no clipping
};

// Per-run state of one optimizer: applies one update in place.
class UpdatePolicy {
 public:
  virtual ~UpdatePolicy() = default;
  // θ ← θ − (step from gradient g at rate α)
  virtual void update(Eigen::VectorXd& params, const Eigen::VectorXd& grad, double rate) = 0;
};

// A fresh update policy (zero velocity / moments) for `num_params` parameters.
std::unique_ptr<UpdatePolicy> make_update_policy(const OptimizerSettings& settings,
                                                 int num_params);

// True when the optimizer trains on mini-batches of `batch_size` rows.
bool uses_mini_batches(const OptimizerSettings& settings, int rows);

}  // namespace lrlab
