// Shared helpers for the engine tests: tolerances with names, and small objectives that
// know their own answer.
#pragma once

#include <Eigen/Dense>
#include <functional>
#include <vector>

#include "lrlab/model.hpp"

namespace lrlab::testing {

// Tolerances, named for what they allow.
constexpr double kGradientRelTol = 1e-6;     // analytic vs central-difference gradients
constexpr double kSamePathRelTol = 1e-10;    // two implementations of one trajectory
constexpr double kHandComputedTol = 1e-12;   // a value worked out by hand

// Central finite-difference gradient of f at x: (f(x + hᵢ) − f(x − hᵢ)) / 2hᵢ.
inline Eigen::VectorXd central_difference(const std::function<double(const Eigen::VectorXd&)>& f,
                                          const Eigen::VectorXd& x, double rel_step = 1e-5) {
  Eigen::VectorXd g(x.size());
  for (int i = 0; i < x.size(); ++i) {
    const double h = rel_step * std::max(1.0, std::abs(x(i)));
    Eigen::VectorXd plus = x, minus = x;
    plus(i) += h;
    minus(i) -= h;
    g(i) = (f(plus) - f(minus)) / (2.0 * h);
  }
  return g;
}

// J(θ) = ½ Σ λᵢ θᵢ²: a diagonal quadratic whose Hessian eigenvalues are the λᵢ and whose
// minimum is θ = 0 with J = 0. Rows are irrelevant (batches evaluate the same function).
class DiagonalQuadratic : public Objective {
 public:
  DiagonalQuadratic(Eigen::VectorXd curvatures, Eigen::VectorXd start)
      : lambda_(std::move(curvatures)), start_(std::move(start)) {}
  int num_params() const override { return static_cast<int>(lambda_.size()); }
  int num_rows() const override { return 1; }
  double evaluate(const Eigen::VectorXd& p, Eigen::VectorXd* g) override {
    if (g) *g = lambda_.cwiseProduct(p);
    return 0.5 * p.cwiseProduct(lambda_).dot(p);
  }
  double evaluate_batch(const Eigen::VectorXd& p, const std::vector<int>&, Eigen::VectorXd* g) override {
    return evaluate(p, g);
  }
  Eigen::VectorXd initial_params(std::uint64_t) const override { return start_; }

 private:
  Eigen::VectorXd lambda_, start_;
};

}  // namespace lrlab::testing
