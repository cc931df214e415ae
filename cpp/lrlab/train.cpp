#include "train.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "rng.hpp"
#include "validate.hpp"

namespace lrlab {

namespace {

// Seeded mini-batches: each epoch is a fresh Fisher–Yates shuffle of the rows, cut into
// batches of equal size (a remainder smaller than a batch is skipped, as drop_last does).
// The order depends only on the seed, so every learning rate of a sweep sees the same
// batches in the same order.
class BatchSampler {
 public:
  BatchSampler(int rows, int batch_size, std::uint64_t seed)
      : rng_(seed ^ 0xba7c4e5ULL), order_(rows), batch_(batch_size) {
    for (int i = 0; i < rows; ++i) order_[i] = i;
    position_ = rows;  // forces a shuffle before the first batch
  }
  const std::vector<int>& next() {
    const int size = static_cast<int>(batch_.size());
    if (position_ + size > static_cast<int>(order_.size())) {
      rng_.shuffle(order_);
      position_ = 0;
    }
    std::copy(order_.begin() + position_, order_.begin() + position_ + size, batch_.begin());
    position_ += size;
    return batch_;
  }

 private:
  Rng rng_;
  std::vector<int> order_;
  std::vector<int> batch_;
  int position_;
};

}  // namespace

RunResult train(Objective& objective, const RunSettings& settings, const Eigen::VectorXd& start,
                const RateSource& rates, const StepObserver& observer) {
  const OptimizerSettings& opt = settings.optimizer;
  const int p = objective.num_params();
  const bool mini_batch = uses_mini_batches(opt, objective.num_rows());

  RunResult result;
  result.num_params = p;
  result.mini_batch = mini_batch;
  result.loss.reserve(settings.steps);
  result.learning_rate.reserve(settings.steps);
  if (settings.record_params) result.params.reserve(static_cast<size_t>(settings.steps + 1) * p);

  Eigen::VectorXd params = start;
  Eigen::VectorXd grad(p);
  auto policy = make_update_policy(opt, p);
  BatchSampler sampler(objective.num_rows(), mini_batch ? opt.batch_size : 1, settings.seed);

  result.initial_loss = objective.evaluate(params, nullptr);
  const double limit = divergence_limit(result.initial_loss);
  auto record_params = [&] {
    if (settings.record_params) result.params.insert(result.params.end(), params.data(), params.data() + p);
  };
  record_params();

  const int steps = settings.steps;

  for (int t = 0; t < steps; ++t) {
    // The schedule is called directly (no std::function on the sweep's hot path); only the
    // range test passes a rate source of its own.
    const double rate = rates ? rates(t) : schedule_rate(settings.schedule, opt.learning_rate, t, steps);
    const double loss = mini_batch ? objective.evaluate_batch(params, sampler.next(), &grad)
                                   : objective.evaluate(params, &grad);
    result.loss.push_back(loss);
    result.learning_rate.push_back(rate);
    // The observer sees every recorded loss, the exploding one included (the range test
    // smooths it), before the divergence guard ends the run.
    const bool observer_stops = observer && !observer(t, loss);
    if (loss_diverged(loss, limit) || !grad.allFinite()) {
      result.diverged = true;
      result.diverged_at = t;
      break;
    }
    if (observer_stops) {
      result.stopped_early = true;
      break;
    }
    if (opt.clip_norm > 0.0) {
      const double norm = grad.norm();
      if (norm > opt.clip_norm) grad *= opt.clip_norm / norm;
    }
    policy->update(params, grad, rate);
    record_params();
  }

  result.final_params = params;
  result.final_loss = std::numeric_limits<double>::quiet_NaN();
  if (!result.diverged) {
    const double final_loss = objective.evaluate(params, nullptr);
    if (!loss_diverged(final_loss, limit)) {
      result.final_loss = final_loss;
    } else {
      result.diverged = true;
      result.diverged_at = steps;
    }
  }
  return result;
}

Expected<Ok> validate_run(const RunSettings& s, int rows) {
  // Ranges of single settings, from their description (optimizer.hpp, schedule.hpp, above).
  if (const auto valid = check_fields(s); !valid) return valid.failure();
  // What depends on the data or on two settings at once:
  const OptimizerSettings& o = s.optimizer;
  if (o.kind == OptimizerKind::sgd && (o.batch_size < 1 || o.batch_size > rows)) {
    return field_error("optimizer.batch_size",
                       "mini-batch SGD needs a batch size between 1 and the number of rows (" +
                           std::to_string(rows) + "), got " + std::to_string(o.batch_size));
  }
  if (o.batch_size > rows) {
    return field_error("optimizer.batch_size",
                       "batch size must be between 0 (all rows) and the number of rows (" +
                           std::to_string(rows) + "), got " + std::to_string(o.batch_size));
  }
  if (const auto valid = validate_schedule(s.schedule, o.learning_rate, s.steps); !valid) {
    return within("schedule", valid.failure());
  }
  return Ok{};
}

Expected<RunResult> run_experiment(const Problem& problem, const RunSettings& settings) {
  const Expected<Ok> valid = validate_run(settings, problem.data().rows());
  if (!valid) return valid.failure();
  const bool full_batch = !uses_mini_batches(settings.optimizer, problem.data().rows());
  auto objective = problem.objective(full_batch);
  return train(*objective, settings, objective->initial_params(settings.seed));
}

}  // namespace lrlab
