// The one-hidden-layer MLP written with Eigen's products and an element-wise activation, as
// model.cpp wrote it before its hand-written paths (fast_tanh, the 8-unit loops): the
// independent computation the engine's MLP is compared with. With std::tanh it is the libm
// reference of test_fast_tanh.cpp; with fast_tanh, the Eigen reference of test_model.cpp.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <utility>

#include "lrlab/model.hpp"

namespace lrlab::testing {

template <class Activation>
class ReferenceMlp : public Mlp {
 public:
  // nudge: every activation moved up by one ulp (std::nextafter), to measure how much a run
  // moves under a 1-ulp change of the activation alone.
  ReferenceMlp(Eigen::MatrixXd X, Eigen::VectorXd y, int hidden, Task task, bool nudge = false)
      : Mlp(std::move(X), std::move(y), hidden, task), hidden_(hidden), task_(task), nudge_(nudge) {}

 protected:
  double loss_on(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& params,
                 Eigen::VectorXd* grad) override {
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const int d = static_cast<int>(X.cols()), h = hidden_;
    const int m = static_cast<int>(X.rows());
    Eigen::Map<const RowMajor> W1(params.data(), h, d);
    Eigen::Map<const Eigen::VectorXd> b1(params.data() + h * d, h);
    Eigen::Map<const Eigen::VectorXd> w2(params.data() + h * d + h, h);
    const double b2 = params(h * d + 2 * h);
    Eigen::MatrixXd act = X * W1.transpose();
    act.rowwise() += b1.transpose();
    act = act.unaryExpr([](double z) { return Activation{}(z); });
    if (nudge_) act = act.unaryExpr([](double a) { return std::nextafter(a, 2.0); });
    Eigen::VectorXd out = act * w2;
    out.array() += b2;
    double loss = 0.0;
    Eigen::VectorXd delta(m);
    if (task_ == Task::classification) {
      for (int i = 0; i < m; ++i) {
        loss += softplus(out(i)) - y(i) * out(i);
        delta(i) = (out(i) >= 0 ? 1.0 / (1.0 + std::exp(-out(i))) : std::exp(out(i)) / (1.0 + std::exp(out(i)))) - y(i);
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
      gw2.noalias() = act.transpose() * delta;
      (*grad)(h * d + 2 * h) = delta.sum();
      const Eigen::MatrixXd delta_hidden = (delta * w2.transpose()).array() * (1.0 - act.array().square());
      gW1.noalias() = delta_hidden.transpose() * X;
      gb1 = delta_hidden.colwise().sum().transpose();
    }
    return loss;
  }

 private:
  int hidden_;
  Task task_;
  bool nudge_;
};

}  // namespace lrlab::testing
