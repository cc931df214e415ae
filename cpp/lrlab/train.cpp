#include "train.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

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

// Whether train() runs the Gram step of p = 3 with the size known at compile time (below).
#if defined(__wasm__)
constexpr bool kUnrolledGramStep = true;
#else
constexpr bool kUnrolledGramStep = false;
#endif

// Every entry finite (Eigen's allFinite without its dynamic-size set-up).
bool all_finite(const double* v, int n) {
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(v[i])) return false;
  }
  return true;
}

}  // namespace

// The step loop, compiled once per (evaluation, update) pair, so that the lesson's common
// case — full-batch linear regression on the Gram statistics with plain gradient descent —
// runs without a virtual call or Eigen's dynamic-size machinery per step. The other pairs
// run the same statements through the objective's and the policy's virtual calls.
//   evaluate(grad) → the loss at `params`, ∇J into grad;  update(rate) → θ ← θ − step
template <typename Evaluate, typename Update>
void step_loop(const RunSettings& settings, const RateSource& rates, const StepObserver& observer,
               double limit, Eigen::VectorXd& params, Eigen::VectorXd& grad, RunResult& result,
               Evaluate evaluate, Update update) {
  const OptimizerSettings& opt = settings.optimizer;
  const int p = static_cast<int>(params.size());
  const int steps = settings.steps;
  // The schedule is called directly (no std::function on the sweep's hot path); a constant
  // schedule's rate is the same every step, so it is computed once. Only the range test
  // passes a rate source of its own.
  const bool constant_rate = !rates && settings.schedule.kind == ScheduleKind::constant;
  const double fixed_rate = schedule_rate(settings.schedule, opt.learning_rate, 0, steps);

  for (int t = 0; t < steps; ++t) {
    const double rate = constant_rate ? fixed_rate
                        : rates        ? rates(t)
                                       : schedule_rate(settings.schedule, opt.learning_rate, t, steps);
    const double loss = evaluate(grad);
    result.loss.push_back(loss);
    result.learning_rate.push_back(rate);
    // The observer sees every recorded loss, the exploding one included (the range test
    // smooths it), before the divergence guard ends the run.
    const bool observer_stops = observer && !observer(t, loss);
    if (loss_diverged(loss, limit) || !all_finite(grad.data(), p)) {
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
    update(rate);
    if (settings.record_params) result.params.insert(result.params.end(), params.data(), params.data() + p);
  }
}

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
  // Plain gradient descent (gd, and sgd's rule) is inlined below; the others keep their policy.
  const bool plain = opt.kind == OptimizerKind::gd || opt.kind == OptimizerKind::sgd;
  auto policy = plain ? nullptr : make_update_policy(opt, p);
  BatchSampler sampler(objective.num_rows(), mini_batch ? opt.batch_size : 1, settings.seed);

  result.initial_loss = objective.evaluate(params, nullptr);
  const double limit = divergence_limit(result.initial_loss);
  if (settings.record_params) result.params.insert(result.params.end(), params.data(), params.data() + p);

  // θ ← θ − αg, as PlainUpdate.
  auto plain_update = [&](double rate) {
    double* theta = params.data();
    const double* g = grad.data();
    for (int i = 0; i < p; ++i) theta[i] -= rate * g[i];
  };
  auto policy_update = [&](double rate) { policy->update(params, grad, rate); };
  // Full batch on the Gram statistics with few parameters: GramStats::loss_small inline. In
  // WebAssembly the lessons' house data (2 features: p = 3) has its own copy with p known at
  // compile time, so the step's loops unroll: the same operations in the same order, without
  // the loop and vectorisation set-up that costs more than the arithmetic for p = 3 there
  // (every loop's back edge also checks the stack): the default sweep's kernel 36 → 19 µs.
  // Natively GCC's unrolled step measured ~7 % slower than its loops, so native builds keep
  // the loops (kUnrolledGramStep).
  const GramStats* gram = mini_batch ? nullptr : objective.gram();
  if (gram && p <= kSmallGram && static_cast<int>(gram->optimum.size()) == p) {
    Eigen::VectorXd delta(p);
    const auto run_gram = [&](auto size) {
      constexpr int P = decltype(size)::value;  // p, or 0: read from the sizes
      auto gram_evaluate = [&](Eigen::VectorXd& g) { return gram->loss_small<P>(params.data(), g.data(), delta.data()); };
      if (plain) {
        auto update = [&](double rate) {  // θ ← θ − αg, as plain_update
          double* theta = params.data();
          const double* g = grad.data();
          for (int i = 0; i < (P > 0 ? P : p); ++i) theta[i] -= rate * g[i];
        };
        step_loop(settings, rates, observer, limit, params, grad, result, gram_evaluate, update);
      } else {
        step_loop(settings, rates, observer, limit, params, grad, result, gram_evaluate, policy_update);
      }
    };
    if (kUnrolledGramStep && p == 3) {
      run_gram(std::integral_constant<int, 3>{});
    } else {
      run_gram(std::integral_constant<int, 0>{});
    }
  } else {
    auto evaluate = [&](Eigen::VectorXd& g) {
      return mini_batch ? objective.evaluate_batch(params, sampler.next(), &g) : objective.evaluate(params, &g);
    };
    if (plain) {
      step_loop(settings, rates, observer, limit, params, grad, result, evaluate, plain_update);
    } else {
      step_loop(settings, rates, observer, limit, params, grad, result, evaluate, policy_update);
    }
  }

  const int steps = settings.steps;
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
