#include "dataset.hpp"

#include <cmath>

#include "rng.hpp"

namespace lrlab {

namespace {

// House data: a lot's frontage x₁ and depth x₂, both in units of 10 m, and its price in
// units of $100k. The units put λmax of the unscaled Hessian X̃ᵀX̃/m near 22 and κ in the
// hundreds, so gradient descent on the raw features shows the lesson's worked example:
// α = 0.001 barely moves the cost in a 200-step window, α = 0.01 descends well and
// α = 0.1 is past 2/λmax ≈ 0.09 and blows up. After z-scoring, κ ≈ 1 and α up to 1 works
// (tests/cpp/test_worked_example.cpp checks all of it).
constexpr int kHouseRows = 100;
constexpr double kFrontageMin = 1.0, kFrontageMax = 3.0;  // 10–30 m
constexpr double kDepthMin = 2.0, kDepthMax = 6.0;         // 20–60 m
constexpr double kBasePrice = 0.6;         // $100k
constexpr double kPricePerFrontage = 0.5;  // $100k per 10 m of frontage
constexpr double kPricePerDepth = 0.8;     // $100k per 10 m of depth
constexpr double kAreaEffect = 0.1;        // price also grows with the area x₁·x₂
constexpr double kPriceNoise = 0.15;       // $100k, standard deviation

constexpr int kTwoClassRows = 120;
constexpr int kNonlinearRows = 150;

}  // namespace

Dataset make_house(std::uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.name = "house";
  d.description =
      "100 lots: frontage x₁ and depth x₂ (units of 10 m) → price (units of $100k)";
  d.feature_names = {"frontage", "depth"};
  d.target_name = "price";
  d.task = Task::regression;
  d.X.resize(kHouseRows, 2);
  d.y.resize(kHouseRows);
  for (int i = 0; i < kHouseRows; ++i) {
    const double frontage = rng.uniform(kFrontageMin, kFrontageMax);
    const double depth = rng.uniform(kDepthMin, kDepthMax);
    d.X(i, 0) = frontage;
    d.X(i, 1) = depth;
    d.y(i) = kBasePrice + kPricePerFrontage * frontage + kPricePerDepth * depth +
             kAreaEffect * frontage * depth + kPriceNoise * rng.normal();
  }
  return d;
}

Dataset make_two_class(std::uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.name = "two_class";
  d.description = "120 points in two overlapping clouds, labelled 0 or 1";
  d.feature_names = {"x1", "x2"};
  d.target_name = "class";
  d.task = Task::classification;
  d.X.resize(kTwoClassRows, 2);
  d.y.resize(kTwoClassRows);
  for (int i = 0; i < kTwoClassRows; ++i) {
    const int label = i % 2;
    const double cx = label ? 2.0 : 0.0, cy = label ? 1.0 : -0.5;
    d.X(i, 0) = cx + 1.0 * rng.normal();
    d.X(i, 1) = cy + 1.0 * rng.normal();
    d.y(i) = label;
  }
  return d;
}

Dataset make_nonlinear(std::uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.name = "nonlinear";
  d.description = "150 points where y = sin(2x₁) + x₁·x₂/2 + noise: a curve a line cannot fit";
  d.feature_names = {"x1", "x2"};
  d.target_name = "y";
  d.task = Task::regression;
  d.X.resize(kNonlinearRows, 2);
  d.y.resize(kNonlinearRows);
  for (int i = 0; i < kNonlinearRows; ++i) {
    const double x1 = rng.uniform(-2.0, 2.0), x2 = rng.uniform(-2.0, 2.0);
    d.X(i, 0) = x1;
    d.X(i, 1) = x2;
    d.y(i) = std::sin(2.0 * x1) + 0.5 * x1 * x2 + 0.1 * rng.normal();
  }
  return d;
}

Dataset make_synthetic_regression(int rows, int features, std::uint64_t seed) {
  Rng rng(seed);
  Dataset d;
  d.name = "synthetic";
  d.description = std::to_string(rows) + " rows × " + std::to_string(features) +
                  " features, y linear in x plus noise";
  for (int j = 0; j < features; ++j) d.feature_names.push_back("x" + std::to_string(j + 1));
  d.target_name = "y";
  d.task = Task::regression;
  Eigen::VectorXd w(features);
  for (int j = 0; j < features; ++j) w(j) = rng.normal();
  d.X.resize(rows, features);
  d.y.resize(rows);
  for (int i = 0; i < rows; ++i) {
    double target = 0.5;
    for (int j = 0; j < features; ++j) {
      d.X(i, j) = rng.normal() * (1.0 + j % 3) + (j % 2);
      target += w(j) * d.X(i, j);
    }
    d.y(i) = target + 0.1 * rng.normal();
  }
  return d;
}

std::vector<DatasetInfo> builtin_datasets() {
  std::vector<DatasetInfo> list;
  for (const Dataset& d : {make_house(1), make_two_class(1), make_nonlinear(1)}) {
    list.push_back({d.name, d.description, d.task, d.rows(), d.features()});
  }
  return list;
}

Expected<Dataset> make_builtin_dataset(const std::string& name, std::uint64_t seed) {
  if (name == "house") return make_house(seed);
  if (name == "two_class") return make_two_class(seed);
  if (name == "nonlinear") return make_nonlinear(seed);
  return make_error("unknown dataset '" + name + "'; choose one of: house, two_class, nonlinear");
}

Expected<Dataset> with_product_feature(const Dataset& data) {
  if (data.features() < 2) {
    return make_error("the product feature x₁·x₂ needs two features; '" + data.name + "' has " +
                      std::to_string(data.features()));
  }
  Dataset out = data;
  out.X.conservativeResize(Eigen::NoChange, data.features() + 1);
  out.X.col(data.features()) = data.X.col(0).cwiseProduct(data.X.col(1));
  const auto name = [&](size_t i) {
    return i < data.feature_names.size() ? data.feature_names[i] : "x" + std::to_string(i + 1);
  };
  out.feature_names.resize(static_cast<size_t>(data.features()));
  for (size_t i = 0; i < out.feature_names.size(); ++i) out.feature_names[i] = name(i);
  out.feature_names.push_back(name(0) + "×" + name(1));
  return out;
}

}  // namespace lrlab
