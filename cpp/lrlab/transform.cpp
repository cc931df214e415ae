// Feature scaling (see transform.hpp): fitting per-column offset/scale, applying, inverting,
// and carrying learned weights back to raw units.
#include "transform.hpp"

#include <cmath>

namespace lrlab {
namespace {

// "column 'x2'", or "column 3" (1-based) when the columns have no names.
std::string column_label(Eigen::Index column, const std::vector<std::string>& column_names) {
  const auto index = static_cast<std::size_t>(column);
  if (index < column_names.size()) return "column '" + column_names[index] + "'";
  return "column " + std::to_string(column + 1);
}

// A value as the learner would write it (5, 0.1, -2.5e-07), whatever the locale.
std::string format_value(double value) { return print_number("%.15g", value); }

const char* scaling_name(Scaling kind) {
  switch (kind) {
    case Scaling::none:
      return "no scaling";
    case Scaling::min_max:
      return "min-max scaling";
    case Scaling::z_score:
      return "z-score scaling";
    case Scaling::center:
      return "centring";
    case Scaling::unit_variance:
      return "dividing by the spread";
  }
  return "scaling";
}

}  // namespace

Eigen::MatrixXd FeatureTransform::apply(const Eigen::MatrixXd& raw) const {
  return ((raw.rowwise() - offset.transpose()).array().rowwise() / scale.transpose().array())
      .matrix();
}

Eigen::MatrixXd FeatureTransform::invert(const Eigen::MatrixXd& scaled) const {
  return ((scaled.array().rowwise() * scale.transpose().array()).matrix().rowwise() +
          offset.transpose());
}

// Substituting x_scaled = (x − offset) / scale into wᵀx_scaled + b gives
//   Σ (w_j / scale_j) x_j + (b − Σ w_j · offset_j / scale_j).
Eigen::VectorXd FeatureTransform::weights_in_raw_units(const Eigen::VectorXd& scaled_params) const {
  const Eigen::Index d = offset.size();
  Eigen::VectorXd raw_params(d + 1);
  const Eigen::VectorXd w = scaled_params.head(d);
  raw_params.head(d) = w.array() / scale.array();
  raw_params(d) = scaled_params(d) - (w.array() * offset.array() / scale.array()).sum();
  return raw_params;
}

Expected<FeatureTransform> fit_transform(Scaling kind, const Eigen::MatrixXd& X,
                                         const std::vector<std::string>& column_names) {
  const Eigen::Index d = X.cols();
  FeatureTransform transform;
  transform.kind = kind;
  // No scaling needs no statistics, so it cannot fail.
  if (kind == Scaling::none) {
    transform.offset = Eigen::VectorXd::Zero(d);
    transform.scale = Eigen::VectorXd::Ones(d);
    return transform;
  }

  const Eigen::Index m = X.rows();
  if (m == 0) {
    return make_error(std::string(scaling_name(kind)) +
                      " needs at least one row of data to measure each column, but there are "
                      "no rows");
  }
  transform.offset.resize(d);
  transform.scale.resize(d);
  for (Eigen::Index j = 0; j < d; ++j) {
    const auto column = X.col(j);
    if (!column.allFinite()) {
      return make_error(column_label(j, column_names) +
                        " holds a value that is not a finite number; " + scaling_name(kind) +
                        " needs every value to be finite");
    }
    const double lowest = column.minCoeff();
    const double highest = column.maxCoeff();
    // Tested on the range for both kinds: a constant column's computed std dev can be a tiny
    // non-zero rounding residue (mean of 0.1, 0.1, 0.1 ≠ 0.1), which would blow values up.
    if (lowest == highest && kind != Scaling::center) {
      return make_error(column_label(j, column_names) + " is constant (every value is " +
                        format_value(lowest) + "): " + scaling_name(kind) +
                        " would divide by zero; remove the column or choose no scaling");
    }
    if (kind == Scaling::min_max) {
      transform.offset(j) = lowest;
      transform.scale(j) = highest - lowest;
    } else {
      // Population standard deviation σ = sqrt(Σ(x − μ)² / m), computed in two passes.
      const double mean = column.mean();
      const double variance = (column.array() - mean).square().sum() / static_cast<double>(m);
      transform.offset(j) = kind == Scaling::unit_variance ? 0.0 : mean;
      transform.scale(j) = kind == Scaling::center ? 1.0 : std::sqrt(variance);
    }
    // Extreme magnitudes (differences of ~1e-300 squaring to 0, or ±1e308 overflowing) leave
    // no usable scale even though the column is not constant.
    const double scale = transform.scale(j);
    if (!(std::isfinite(scale) && scale > 0.0)) {
      return make_error(column_label(j, column_names) + " ranges from " + format_value(lowest) +
                        " to " + format_value(highest) + ", too extreme for " +
                        scaling_name(kind) + "; rescale the column's units or choose no scaling");
    }
  }
  return transform;
}

}  // namespace lrlab
