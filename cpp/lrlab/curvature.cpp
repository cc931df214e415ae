// Curvature of the loss (see curvature.hpp): the exact eigen-decomposition of the linear
// regression Hessian, power iteration on Hessian-vector products for the other models, and
// the (w₁, w₂) contour ellipses of the linear loss.
// Eigen comes first, through eigen.hpp (a GCC false positive silenced for its headers).
#include "eigen.hpp"

#include "curvature.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "rng.hpp"

namespace lrlab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kPi = 3.14159265358979323846;

// An eigenvalue λ ≤ kSingularRatio·λmax counts as zero: the Hessian is singular (e.g. two
// collinear features) and κ = +∞. 1e-12 is ~10⁴ × machine ε, well above the rounding residue
// of an exact zero eigenvalue of XᵀX/m, well below any genuine curvature in the lessons.
constexpr double kSingularRatio = 1e-12;

// Central-difference step for Hessian-vector products, relative to the size of θ:
//   Hv ≈ (∇J(θ + εv) − ∇J(θ − εv)) / (2ε),  ‖v‖ = 1,  ε = kHvStep·max(1, ‖θ‖).
// The truncation error is O(ε²·‖∇³J‖) ≈ 1e-8 relative, the rounding error O(u·‖∇J‖/ε) ≈ 1e-12:
// the usual balance point of a central difference in double precision. Scaling with ‖θ‖
// keeps the probe from vanishing into the rounding of large parameters.
constexpr double kHvStep = 1e-4;

// Seed of the power iteration's start vector: a fixed Gaussian direction (not all ones, which
// symmetric problems can make orthogonal to the top eigenvector) so every report is
// reproducible on every platform (rng.hpp).
constexpr std::uint64_t kStartVectorSeed = 0x63757276ULL;  // "curv"

// An excess c₀ = ½δᵀH₂δ ≤ kNegligibleExcess·J* at `through` is rounding noise around the optimum,
// not an ellipse to draw (same relative threshold as kSingularRatio).
constexpr double kNegligibleExcess = 1e-12;

// Contour set limits: enough ellipses and vertices for a smooth plot, bounded for the UI.
constexpr int kMinContours = 1, kMaxContours = 50;
constexpr int kMinContourPoints = 8, kMaxContourPoints = 1000;

// Heavy-ball momentum θ ← θ − α∇J + β(θ − θ_prev) on a curvature λ has the characteristic
// polynomial r² − (1 + β − αλ)r + β; by the Jury conditions both roots lie inside the unit
// circle iff |β| < 1 and 0 < αλ < 2 + 2β (Polyak 1964). Outside |β| < 1 no α is stable and
// the bound is reported as NaN.
double momentum_bound_numerator(double beta) {
  return (beta > -1.0 && beta < 1.0) ? 2.0 + 2.0 * beta : kNaN;
}

// Rates set by the largest curvature λ: 1/λ (zig-zag), 2/λ (divergence), (2 + 2β)/λ
// (momentum). λ = 0 (flat) bounds nothing: +∞. λ < 0 (the dominant curvature is negative,
// possible away from a minimum of a non-convex loss) or NaN says nothing about the stable
// range of the positive directions: NaN.
void fill_rates(CurvatureReport& report, double lambda_max, double momentum_beta) {
  report.lambda_max = lambda_max;
  const double momentum = momentum_bound_numerator(momentum_beta);
  if (lambda_max > 0.0) {
    report.zigzag_rate = 1.0 / lambda_max;
    report.divergence_rate = 2.0 / lambda_max;
    report.momentum_divergence_rate = momentum / lambda_max;
  } else if (lambda_max == 0.0) {
    report.zigzag_rate = kInfinity;
    report.divergence_rate = kInfinity;
    report.momentum_divergence_rate = std::isnan(momentum) ? kNaN : kInfinity;
  } else {
    report.zigzag_rate = kNaN;
    report.divergence_rate = kNaN;
    report.momentum_divergence_rate = kNaN;
  }
}

// A report that says "unknown": every number NaN.
CurvatureReport unknown_report(bool exact) {
  CurvatureReport report;
  report.exact = exact;
  report.lambda_min = kNaN;
  report.lambda_max = kNaN;
  report.condition_number = kNaN;
  report.zigzag_rate = kNaN;
  report.divergence_rate = kNaN;
  report.fastest_rate = kNaN;
  report.momentum_divergence_rate = kNaN;
  return report;
}

}  // namespace

CurvatureReport linear_curvature(const Eigen::MatrixXd& X, double momentum_beta) {
  if (X.rows() == 0 || !X.allFinite()) return unknown_report(true);
  return hessian_curvature(gram_hessian(X), momentum_beta);
}

CurvatureReport hessian_curvature(const Eigen::MatrixXd& H, double momentum_beta) {
  CurvatureReport report = unknown_report(true);
  // H = X̃ᵀX̃/m: the constant Hessian of J = 1/(2m)‖X̃θ − y‖².
  if (H.size() == 0 || !H.allFinite()) return report;  // overflow of huge features
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(H, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) return report;

  // H is a Gram matrix, so λ ≥ 0; a negative value is rounding residue of a zero eigenvalue.
  const Eigen::VectorXd& ascending = solver.eigenvalues();
  report.eigenvalues.reserve(static_cast<std::size_t>(ascending.size()));
  for (Eigen::Index i = 0; i < ascending.size(); ++i) {
    report.eigenvalues.push_back(std::max(0.0, ascending(i)));
  }
  const double lambda_min = report.eigenvalues.front();
  const double lambda_max = report.eigenvalues.back();
  report.lambda_min = lambda_min;
  fill_rates(report, lambda_max, momentum_beta);
  // κ = λmax/λmin, +∞ for a singular Hessian (see kSingularRatio).
  report.condition_number =
      lambda_min <= kSingularRatio * lambda_max ? kInfinity : lambda_max / lambda_min;
  // α = 2/(λmin + λmax) equalises |1 − αλmin| = |1 − αλmax|, minimising max_i |1 − αλᵢ|.
  report.fastest_rate = 2.0 / (lambda_min + lambda_max);
  report.iterations = 0;
  return report;
}

CurvatureReport power_iteration_curvature(Objective& objective, const Eigen::VectorXd& params,
                                          double momentum_beta, int max_iterations,
                                          double tolerance) {
  CurvatureReport report = unknown_report(false);
  const int p = objective.num_params();
  if (p < 1 || params.size() != p || !params.allFinite() || max_iterations < 1 ||
      !(tolerance >= 0.0)) {
    return report;
  }

  const double step = kHvStep * std::max(1.0, params.norm());
  Rng rng(kStartVectorSeed);
  Eigen::VectorXd v(p);
  for (int i = 0; i < p; ++i) v(i) = rng.normal();
  v.normalize();

  Eigen::VectorXd probe(p), grad_plus(p), grad_minus(p), hv(p);
  double lambda = kNaN;
  double previous = kNaN;
  for (int k = 1; k <= max_iterations; ++k) {
    report.iterations = k;
    // Hv ≈ (∇J(θ + εv) − ∇J(θ − εv)) / (2ε)
    probe = params + step * v;
    objective.evaluate(probe, &grad_plus);
    probe = params - step * v;
    objective.evaluate(probe, &grad_minus);
    if (grad_plus.size() != p || grad_minus.size() != p) {
      lambda = kNaN;
      break;
    }
    hv = (grad_plus - grad_minus) / (2.0 * step);
    if (!hv.allFinite()) {
      lambda = kNaN;  // the loss overflowed near θ: no curvature to report
      break;
    }
    // Rayleigh quotient λ = vᵀHv (‖v‖ = 1): keeps the sign of a negative dominant eigenvalue.
    lambda = v.dot(hv);
    const double norm = hv.norm();
    if (norm == 0.0) break;  // Hv = 0: zero curvature along v (a flat objective)
    if (k > 1 && std::abs(lambda - previous) < tolerance * std::abs(lambda)) break;
    previous = lambda;
    // v ← Hv/‖Hv‖: the component along the eigenvalue largest in magnitude grows fastest.
    v = hv / norm;
  }

  fill_rates(report, lambda, momentum_beta);
  return report;
}

CurvatureReport curvature_report(const Problem& problem, double momentum_beta,
                                 std::uint64_t seed) {
  if (problem.spec().model == ModelKind::linear) {
    if (!problem.data().X.allFinite()) return unknown_report(true);
    return hessian_curvature(problem.gram()->hessian, momentum_beta);
  }
  const std::unique_ptr<Objective> objective = problem.objective(false);
  return power_iteration_curvature(*objective, objective->initial_params(seed), momentum_beta);
}

namespace {

// Checks the contour settings; the error names the setting and its valid range.
Expected<Ok> check_contour_settings(const Eigen::Vector2d& through, int count, double ratio, int points) {
  if (count < kMinContours || count > kMaxContours) {
    return make_error("the number of contour lines must be between " +
                      std::to_string(kMinContours) + " and " + std::to_string(kMaxContours) +
                      ", got " + std::to_string(count));
  }
  if (points < kMinContourPoints || points > kMaxContourPoints) {
    return make_error("points per contour line must be between " +
                      std::to_string(kMinContourPoints) + " and " +
                      std::to_string(kMaxContourPoints) + ", got " + std::to_string(points));
  }
  if (!(ratio > 0.0 && ratio < 1.0)) {
    return make_error("the ratio between successive contour levels must be between 0 and 1 "
                      "(exclusive), got " + format_number(ratio));
  }
  if (!through.allFinite()) {
    return make_error("the point the outer contour passes through must be finite, got (" +
                      format_number(through(0)) + ", " + format_number(through(1)) + ")");
  }
  return Ok{};
}

}  // namespace

Expected<ContourSet> linear_contours(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                     const Eigen::Vector2d& through, int count, double ratio,
                                     int points) {
  if (X.rows() < 1 || X.rows() != y.size()) {
    return make_error("contours need at least 1 row and one target per row; the data has " +
                      std::to_string(X.rows()) + " rows and " + std::to_string(y.size()) +
                      " targets");
  }
  if (X.cols() >= 2 && (!X.allFinite() || !y.allFinite())) {
    if (const auto valid = check_contour_settings(through, count, ratio, points); !valid) return valid.failure();
    return make_error("the data holds a value that is not a finite number; contours need "
                      "every feature and target to be finite");
  }
  return linear_contours(gram_stats(X, y), through, count, ratio, points);
}

Expected<ContourSet> linear_contours(const GramStats& stats, const Eigen::Vector2d& through,
                                     int count, double ratio, int points) {
  if (stats.hessian.cols() < 3) {
    return make_error("contours in the (w₁, w₂) plane need at least 2 feature columns; the data has " +
                      std::to_string(std::max<Eigen::Index>(0, stats.hessian.cols() - 1)));
  }
  if (const auto valid = check_contour_settings(through, count, ratio, points); !valid) return valid.failure();

  // J(θ) = J* + ½(θ − θ*)ᵀH(θ − θ*) with H = X̃ᵀX̃/m, θ* solving Hθ = c (gram.hpp).
  const Eigen::MatrixXd& H = stats.hessian;
  if (!H.allFinite() || !stats.moment.allFinite()) {
    return make_error("the data's values are too large to square without overflow; rescale "
                      "the features or the target");
  }

  // H₂ = top-left 2×2 block of H = E[(x₁, x₂)(x₁, x₂)ᵀ]. Positive definite unless x₂ = k·x₁ on
  // every row (or a column is all zero): then J is constant along a line in (w₁, w₂) and its
  // level sets are parallel lines, not ellipses.
  // The profile over every other parameter (the bias b and any further weights): the lowest
  // loss reachable at (w₁, w₂), min over the rest of J = J* + ½δᵀH₂δ with H₂ the Schur
  // complement H_AA − H_AB H_BB⁺ H_BA. A run's loss is never below the profile at its
  // (w₁, w₂), so a path drawn over these contours never contradicts its falling loss — a
  // slice at b = b* would, wherever b has not yet converged (uncentred features).
  const Eigen::Index rest = H.cols() - 2;
  const Eigen::MatrixXd H_BB = H.bottomRightCorner(rest, rest);
  const Eigen::MatrixXd H_BA = H.bottomLeftCorner(rest, 2);
  const Eigen::MatrixXd solved = H_BB.completeOrthogonalDecomposition().solve(H_BA);
  Eigen::Matrix2d H2 = H.topLeftCorner<2, 2>() - H_BA.transpose() * solved;
  H2 = 0.5 * (H2 + H2.transpose());
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> plane(H2);
  if (plane.info() != Eigen::Success) {
    return make_error("the curvature of the loss in the (w₁, w₂) plane could not be computed");
  }
  const double mu_small = plane.eigenvalues()(0);
  const double mu_large = plane.eigenvalues()(1);
  if (!(mu_large > 0.0) || mu_small <= kSingularRatio * mu_large) {
    return make_error("the first two features are proportional (one is a fixed multiple of the "
                      "other on every row), so the weights w₁ and w₂ are perfectly correlated: "
                      "the loss is flat along a line in the (w₁, w₂) plane and its contours are "
                      "not ellipses; drop or change one of the two features");
  }
  const Eigen::Vector2d e_small = plane.eigenvectors().col(0);
  const Eigen::Vector2d e_large = plane.eigenvectors().col(1);

  ContourSet set;
  // Minimum-norm solution of Hθ = c (H may be singular through the other columns), and
  // J* = 1/(2m)‖X̃θ* − y‖² from the rows.
  set.optimum = stats.optimum;
  set.optimal_loss = stats.optimal_loss;
  if (!set.optimum.allFinite() || !std::isfinite(set.optimal_loss)) {
    return make_error("the least-squares optimum of the loss could not be computed");
  }
  set.mu_small = mu_small;
  set.mu_large = mu_large;
  // An axis is a direction mod π: report its angle in (−π/2, π/2].
  double angle = std::atan2(e_small(1), e_small(0));
  if (angle > kPi / 2) angle -= kPi;
  if (angle <= -kPi / 2) angle += kPi;
  set.axis_angle = angle;

  // With θ* minimising J, J(θ* + Δ) − J* = ½ΔᵀHΔ exactly; Δ = (δ, 0 …) gives ½δᵀH₂δ.
  const Eigen::Vector2d w_star = set.optimum.head<2>();
  const Eigen::Vector2d delta_through = through - w_star;
  double outer_excess = 0.5 * delta_through.dot(H2 * delta_through);
  if (!std::isfinite(outer_excess) || !std::isfinite(std::sqrt(2.0 * outer_excess / mu_small))) {
    return make_error("the point (w₁, w₂) = (" + format_number(through(0)) + ", " +
                      format_number(through(1)) + ") is so far from the optimum that its loss "
                      "overflows; choose a point nearer the optimum (" +
                      format_number(w_star(0)) + ", " + format_number(w_star(1)) + ")");
  }
  // `through` at (or within rounding of) the optimum has no ellipse: fall back to the scale of
  // the loss itself, c₀ = J*/2, or c₀ = 1 when the fit is perfect (J* = 0). The outermost
  // ellipse then does not pass through `through`.
  const bool through_usable = outer_excess > kNegligibleExcess * set.optimal_loss;
  if (!through_usable) outer_excess = set.optimal_loss > 0.0 ? 0.5 * set.optimal_loss : 1.0;

  // In H₂'s eigenbasis δ = a·e_small + b·e_large and ½δᵀH₂δ = ½(μ_small a² + μ_large b²), so
  //   δ(φ) = √(2c/μ_small)·cos φ·e_small + √(2c/μ_large)·sin φ·e_large
  // traces ½δᵀH₂δ = c. Starting at φ₀ = the angle of `through` makes the outermost ellipse's
  // first vertex `through` (up to rounding).
  double phase = 0.0;
  if (through_usable) {
    const double a = delta_through.dot(e_small) * std::sqrt(mu_small);
    const double b = delta_through.dot(e_large) * std::sqrt(mu_large);
    phase = std::atan2(b, a);
  }

  set.ellipses.reserve(static_cast<std::size_t>(count));
  double excess = outer_excess;
  for (int i = 0; i < count; ++i) {
    ContourEllipse ellipse;
    ellipse.excess = excess;
    ellipse.level = set.optimal_loss + excess;
    const double semi_small = std::sqrt(2.0 * excess / mu_small);
    const double semi_large = std::sqrt(2.0 * excess / mu_large);
    ellipse.w1.reserve(static_cast<std::size_t>(points) + 1);
    ellipse.w2.reserve(static_cast<std::size_t>(points) + 1);
    for (int j = 0; j < points; ++j) {
      const double phi = phase + 2.0 * kPi * j / points;
      const Eigen::Vector2d w = w_star + semi_small * std::cos(phi) * e_small +
                          semi_large * std::sin(phi) * e_large;
      ellipse.w1.push_back(w(0));
      ellipse.w2.push_back(w(1));
    }
    ellipse.w1.push_back(ellipse.w1.front());  // closed polyline
    ellipse.w2.push_back(ellipse.w2.front());
    set.ellipses.push_back(std::move(ellipse));
    excess *= ratio;
  }
  return set;
}

}  // namespace lrlab
