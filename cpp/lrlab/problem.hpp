// A problem: a dataset with its feature scaling applied and a model chosen.
// Everything a run, sweep, range test or curvature report needs, prepared once.
#pragma once

#include <memory>

#include "dataset.hpp"
#include "expected.hpp"
#include "field.hpp"
#include "gram.hpp"
#include "model.hpp"
#include "transform.hpp"

namespace lrlab {

constexpr int kMinHiddenUnits = 1;
constexpr int kMaxHiddenUnits = 64;

struct ProblemSpec {
  ModelKind model = ModelKind::linear;
  Scaling scaling = Scaling::none;
  int hidden_units = 8;  // mlp only
};

template <>
struct Fields<ProblemSpec> {
  template <typename Self, typename Visitor>
  static void visit(Self& s, Visitor& v) {
    v.field({"model", "the model trained on the data"}, s.model);
    v.field({"scaling", "feature scaling applied before training"}, s.scaling);
    v.field({"hidden_units", "units of the MLP's hidden layer",
             Range::between(kMinHiddenUnits, kMaxHiddenUnits), {"mlp"}},
            s.hidden_units);
  }
};

// True when a run of this model trains on the precomputed Gram matrix: full-batch linear
// regression (same trajectory as the direct path, O(p²) a step instead of O(m·p)).
inline bool runs_on_gram(const ProblemSpec& spec, bool full_batch) {
  return full_batch && spec.model == ModelKind::linear;
}

class Problem {
 public:
  // Scales the features and checks the model fits the data: logistic regression needs
  // 0/1 targets; the scaling must be possible (no constant column).
  static Expected<Problem> create(const Dataset& data, const ProblemSpec& spec);

  const Dataset& data() const { return scaled_; }  // features after scaling
  const FeatureTransform& transform() const { return transform_; }
  const ProblemSpec& spec() const { return spec_; }

  // The model as an objective over the scaled data. With `gram_if_possible`, full-batch
  // linear regression runs on the precomputed Gram matrix (same trajectory, O(p²) a step).
  std::unique_ptr<Objective> objective(bool gram_if_possible) const;

  // Linear regression's H, c, θ*, J* of the scaled data, computed on first use and shared by
  // the Gram path, the curvature report and the contours.
  std::shared_ptr<const GramStats> gram() const;

 private:
  Problem() = default;
  Dataset scaled_;
  FeatureTransform transform_;
  ProblemSpec spec_;
  mutable std::shared_ptr<const GramStats> gram_;
};

}  // namespace lrlab
