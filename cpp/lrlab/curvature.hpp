// Curvature of the loss: what sets the usable learning rates.
//
// For linear regression J is quadratic with the constant Hessian H = X̃ᵀX̃/m (X̃ = [X 1],
// bias column included). Gradient descent multiplies the error along eigenvector i by
// (1 − αλᵢ) each step, so:
//   α < 1/λmax          every factor positive: weights slide straight into the valley
//   1/λmax < α < 2/λmax  the steepest direction's factor is negative: weights zig-zag
//                        across the valley, yet the loss still falls every step
//   α > 2/λmax           |1 − αλmax| > 1: the loss explodes
//   α = 2/(λmin+λmax)    minimises max|1 − αλᵢ|: the fastest constant rate
//   heavy-ball momentum β is stable for α < (2 + 2β)/λmax (Polyak 1964)
// For logistic regression and the MLP, λmax at a point comes from power iteration on
// Hessian-vector products (central differences of the gradient).
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "expected.hpp"
#include "gram.hpp"
#include "model.hpp"
#include "problem.hpp"

namespace lrlab {

struct CurvatureReport {
  bool exact = false;                 // eigen-decomposition (true) or power iteration (false)
  std::vector<double> eigenvalues;    // ascending; exact only
  double lambda_min = 0.0;            // exact only (NaN otherwise)
  double lambda_max = 0.0;
  double condition_number = 0.0;      // λmax/λmin; +inf when λmin ≤ 1e-12·λmax (singular); NaN if not exact
  double zigzag_rate = 0.0;           // 1/λmax
  double divergence_rate = 0.0;       // 2/λmax
  double fastest_rate = 0.0;          // 2/(λmin+λmax); NaN if not exact
  double momentum_divergence_rate = 0.0;  // (2 + 2β)/λmax
  int iterations = 0;                 // power iterations used (0 when exact)
};

// Exact report for linear regression on features X (bias column added inside).
CurvatureReport linear_curvature(const Eigen::MatrixXd& X, double momentum_beta);
// The same from linear regression's Hessian H = X̃ᵀX̃/m (gram.hpp).
CurvatureReport hessian_curvature(const Eigen::MatrixXd& H, double momentum_beta);

// λmax of the objective's full-data Hessian at `params` by power iteration on
// Hessian-vector products; stops when the Rayleigh quotient changes by < tolerance
// (relative) or after max_iterations. The λ returned is the one largest in magnitude.
CurvatureReport power_iteration_curvature(Objective& objective, const Eigen::VectorXd& params,
                                          double momentum_beta, int max_iterations = 200,
                                          double tolerance = 1e-9);

// Linear regression: exact report; other models: power iteration at the initial point.
CurvatureReport curvature_report(const Problem& problem, double momentum_beta, std::uint64_t seed);

// Level sets, in the (w₁, w₂) plane, of the profile of J: at each (w₁, w₂) the lowest loss
// over the other parameters (b and any further weights). It is J* + ½δᵀH₂δ with
// δ = (w₁, w₂) − (w₁*, w₂*) and H₂ the Schur complement of the other parameters' block in H,
// so each level set is an ellipse whose axes are H₂'s eigenvectors with semi-axes √(2c/μᵢ).
// Any run's loss at θ is at least the profile at its (w₁, w₂): a path drawn over these
// contours never looks uphill while its loss falls. (For centred features b decouples and
// the profile equals the slice at b = b*.)
struct ContourEllipse {
  double excess = 0.0;   // c = J − J* on this ellipse
  double level = 0.0;    // J on this ellipse
  std::vector<double> w1, w2;  // closed polyline, `points` + 1 vertices (last = first)
};

struct ContourSet {
  Eigen::VectorXd optimum;   // θ* (least squares; minimum-norm if H is singular)
  double optimal_loss = 0.0; // J*
  double axis_angle = 0.0;   // radians, angle of H₂'s first eigenvector (smaller μ) from the w₁ axis
  double mu_small = 0.0, mu_large = 0.0;  // eigenvalues of H₂
  std::vector<ContourEllipse> ellipses;   // outermost first
};

// `count` ellipses: the outermost through `through` (w₁, w₂) (e.g. the start of the runs,
// or a point just outside it), then each next one with excess × `ratio`. Needs ≥ 2 features.
Expected<ContourSet> linear_contours(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                     const Eigen::Vector2d& through, int count = 8,
                                     double ratio = 0.35, int points = 72);
// The same from the problem's shared Gram statistics (Problem::gram()).
Expected<ContourSet> linear_contours(const GramStats& stats, const Eigen::Vector2d& through,
                                     int count = 8, double ratio = 0.35, int points = 72);

}  // namespace lrlab
