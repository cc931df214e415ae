// Datasets: a feature matrix, a target and the names a learner sees.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "expected.hpp"

namespace lrlab {

// What the target means: a real value (regression) or a 0/1 class (classification).
enum class Task { regression, classification };

struct Dataset {
  std::string name;
  std::string description;
  std::vector<std::string> feature_names;  // one per column of X
  std::string target_name;
  Task task = Task::regression;
  Eigen::MatrixXd X;  // m rows × d features, no bias column
  Eigen::VectorXd y;  // m targets

  int rows() const { return static_cast<int>(X.rows()); }
  int features() const { return static_cast<int>(X.cols()); }
};

// A built-in dataset's catalogue entry.
struct DatasetInfo {
  std::string name;
  std::string description;
  Task task;
  int rows;
  int features;
};

// The built-in datasets, in display order: house, two_class, nonlinear.
std::vector<DatasetInfo> builtin_datasets();

// A built-in dataset by name, generated deterministically from `seed`.
// Unknown names give an error listing the valid ones.
Expected<Dataset> make_builtin_dataset(const std::string& name, std::uint64_t seed);

// The dataset with one more feature: x₁·x₂, the product of its first two, named
// "x₁name×x₂name". Needs at least two features.
Expected<Dataset> with_product_feature(const Dataset& data);

// House prices: frontage x₁ and depth x₂ of the lot → price. Units are chosen so that
// the lesson's worked example reproduces (see dataset.cpp).
Dataset make_house(std::uint64_t seed);

// Two Gaussian blobs labelled 0/1, for logistic regression.
Dataset make_two_class(std::uint64_t seed);

// A small non-linear regression set (y depends on sin and a product), for the MLP.
Dataset make_nonlinear(std::uint64_t seed);

// Synthetic linear regression with `rows` × `features`, for benchmarks and large-data tests.
Dataset make_synthetic_regression(int rows, int features, std::uint64_t seed);

}  // namespace lrlab
