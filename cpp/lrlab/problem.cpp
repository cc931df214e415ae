#include "problem.hpp"

#include "validate.hpp"

namespace lrlab {

Expected<Problem> Problem::create(const Dataset& data, const ProblemSpec& spec) {
  if (data.rows() < 2 || data.features() < 1) {
    return make_error("the data needs at least 2 rows and 1 feature column; it has " +
                      std::to_string(data.rows()) + " rows and " +
                      std::to_string(data.features()) + " features");
  }
  if (const auto valid = check_fields(spec); !valid) return valid.failure();
  if (spec.model == ModelKind::logistic) {
    for (int i = 0; i < data.rows(); ++i) {
      if (data.y(i) != 0.0 && data.y(i) != 1.0) {
        return field_error("model", "logistic regression needs a 0/1 target, but '" + data.target_name +
                                        "' has the value " + print_number("%g", data.y(i)) + " (row " +
                                        std::to_string(i + 1) +
                                        "); choose linear regression or the MLP for this data");
      }
    }
  }
  Expected<FeatureTransform> transform = fit_transform(spec.scaling, data.X, data.feature_names);
  if (!transform) return field_error("scaling", transform.error());
  Problem p;
  p.spec_ = spec;
  p.transform_ = std::move(transform.value());
  p.scaled_ = data;
  p.scaled_.X = p.transform_.apply(data.X);
  return p;
}

std::unique_ptr<Objective> Problem::objective(bool gram_if_possible) const {
  switch (spec_.model) {
    case ModelKind::linear:
      if (runs_on_gram(spec_, gram_if_possible)) return std::make_unique<GramLinearRegression>(gram());
      return std::make_unique<LinearRegression>(scaled_.X, scaled_.y);
    case ModelKind::logistic:
      return std::make_unique<LogisticRegression>(scaled_.X, scaled_.y);
    case ModelKind::mlp:
      break;
  }
  return std::make_unique<Mlp>(scaled_.X, scaled_.y, spec_.hidden_units, scaled_.task);
}

std::shared_ptr<const GramStats> Problem::gram() const {
  if (!gram_) gram_ = std::make_shared<const GramStats>(gram_stats(scaled_.X, scaled_.y));
  return gram_;
}

}  // namespace lrlab
