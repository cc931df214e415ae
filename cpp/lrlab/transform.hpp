// Feature scaling: none, min-max, z-score and its two halves (centre only, divide by the
// spread only) — fitted on the data, invertible for display.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "expected.hpp"

namespace lrlab {

enum class Scaling { none, min_max, z_score, center, unit_variance };

// A fitted per-column affine map: scaled = (raw − offset) / scale.
//   none:    offset 0,        scale 1
//   min-max: offset min,      scale max − min            → values in [0, 1]
//   z-score: offset mean,     scale population std dev   → mean 0, variance 1
//   center:  offset mean,     scale 1                     → mean 0, spread unchanged
//   unit_variance: offset 0,  scale population std dev   → variance 1, not centred
struct FeatureTransform {
  Scaling kind = Scaling::none;
  Eigen::VectorXd offset;
  Eigen::VectorXd scale;

  Eigen::MatrixXd apply(const Eigen::MatrixXd& raw) const;
  Eigen::MatrixXd invert(const Eigen::MatrixXd& scaled) const;

  // Parameters [w (d), b] learned on scaled features, expressed for raw features:
  // w_raw = w / scale, b_raw = b − Σ w·offset/scale. Used to show results in original units.
  Eigen::VectorXd weights_in_raw_units(const Eigen::VectorXd& scaled_params) const;
};

// Fits the transform on X's columns. A constant column cannot be min-max or z-scored
// (its range / std dev is 0): that gives an error naming the column and its value.
// `column_names` labels the columns in messages (may be empty: then "column k").
Expected<FeatureTransform> fit_transform(Scaling kind, const Eigen::MatrixXd& X,
                                         const std::vector<std::string>& column_names);

}  // namespace lrlab
