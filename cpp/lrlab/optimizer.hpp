// Optimizers: settings (a copyable struct) apart from per-run state (an update policy).
//
// There is one training loop (train.cpp). An optimizer is only the rule that turns a
// gradient into a parameter change; its state (velocity, moments, step count) is created
// fresh when a run starts, so a sweep copies the settings, changes α and runs again.
#pragma once

#include <Eigen/Dense>
#include <memory>

#include "field.hpp"

namespace lrlab {

enum class OptimizerKind {
  gd,        // full-batch gradient descent: θ ← θ − α∇J
  sgd,       // the same rule on seeded mini-batches
  momentum,  // heavy ball (Polyak 1964)
  nesterov,  // Nesterov accelerated gradient (Sutskever et al. 2013 form)
  rmsprop,   // Tieleman & Hinton 2012
  adam,      // Kingma & Ba 2015
};

// The largest learning rate any call accepts.
constexpr double kMaxLearningRate = 1e3;

struct OptimizerSettings {
  OptimizerKind kind = OptimizerKind::gd;
  double learning_rate = 0.01;
  int batch_size = 0;
  double momentum = 0.9;
  double rho = 0.9;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double clip_norm = 0.0;
};

// The settings' one description (field.hpp): names, ranges, which kinds read them, help.
template <>
struct Fields<OptimizerSettings> {
  template <typename Self, typename Visitor>
  static void visit(Self& s, Visitor& v) {
    v.field({"kind", "the update rule"}, s.kind);
    v.field({"learning_rate", "α, the step size; the peak rate when a schedule is used",
             Range::above(0).up_to(kMaxLearningRate)},
            s.learning_rate);
    v.field({"batch_size", "rows per step; 0 = all rows (gd always uses all rows, sgd needs ≥ 1)",
             Range::at_least(0)},
            s.batch_size);
    v.field({"momentum", "β: the fraction of the last step kept in the next", Range::unit_open(),
             {"momentum", "nesterov"}},
            s.momentum);
    v.field({"rho", "decay of RMSProp's average of squared gradients", Range::unit_open(), {"rmsprop"}, "RMSProp decay rho"},
            s.rho);
    v.field({"beta1", "decay of Adam's first moment (mean gradient)", Range::unit_open(), {"adam"},
             "Adam's beta1"},
            s.beta1);
    v.field({"beta2", "decay of Adam's second moment (squared gradient)", Range::unit_open(), {"adam"},
             "Adam's beta2"},
            s.beta2);
    v.field({"epsilon", "added to √v so a tiny second moment cannot divide by zero", Range::above(0),
             {"rmsprop", "adam"}},
            s.epsilon);
    v.field({"clip_norm", "clip the gradient to this L2 norm before the update; 0 = no clipping",
             Range::at_least(0), {}, "gradient clipping norm (0 = off)"},
            s.clip_norm);
  }
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
