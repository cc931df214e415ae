#include "specs.hpp"

#include <cmath>
#include <cstdlib>

#include "lrlab/names.hpp"

namespace lrlab::api {

namespace {

Expected<Ok> check_seed(int seed, const char* what) {
  if (seed < 0) return make_error(std::string(what) + " must be >= 0, got " + std::to_string(seed));
  return Ok{};
}

}  // namespace

Expected<Problem> make_problem(const DataSpec& spec, LoadedLookup lookup_loaded) {
  const Expected<ModelKind> model = parse_model(spec.model);
  if (!model) return make_error(model.error());
  const Expected<Scaling> scaling = parse_scaling(spec.scaling);
  if (!scaling) return make_error(scaling.error());
  if (const auto seed = check_seed(spec.data_seed, "data seed"); !seed) return make_error(seed.error());
  ProblemSpec problem;
  problem.model = *model;
  problem.scaling = *scaling;
  problem.hidden_units = spec.hidden_units;
  if (const Dataset* loaded = lookup_loaded ? lookup_loaded(spec.dataset) : nullptr) {
    return Problem::create(*loaded, problem);
  }
  Expected<Dataset> data = make_builtin_dataset(spec.dataset, static_cast<std::uint64_t>(spec.data_seed));
  if (!data) return make_error(data.error() + ", or the id of a loaded CSV");
  return Problem::create(*data, problem);
}

Expected<OptimizerSettings> to_optimizer(const OptimizerSpec& spec) {
  const Expected<OptimizerKind> kind = parse_optimizer(spec.kind);
  if (!kind) return make_error(kind.error());
  OptimizerSettings s;
  s.kind = *kind;
  s.learning_rate = spec.learning_rate;
  s.batch_size = spec.batch_size;
  s.momentum = spec.momentum;
  s.rho = spec.rho;
  s.beta1 = spec.beta1;
  s.beta2 = spec.beta2;
  s.epsilon = spec.epsilon;
  s.clip_norm = spec.clip_norm;
  return s;
}

Expected<Schedule> to_schedule(const ScheduleSpec& spec) {
  const Expected<ScheduleKind> kind = parse_schedule(spec.kind);
  if (!kind) return make_error(kind.error());
  Schedule s;
  s.kind = *kind;
  s.gamma = spec.gamma;
  s.step_size = spec.step_size;
  s.warmup_steps = spec.warmup_steps;
  s.min_lr = spec.min_lr;
  s.cycle_steps = spec.cycle_steps;
  s.cycle_mult = spec.cycle_mult;
  s.base_lr = spec.base_lr;
  s.pct_start = spec.pct_start;
  s.div_factor = spec.div_factor;
  s.final_div_factor = spec.final_div_factor;
  return s;
}

Expected<RunSettings> to_run_settings(const RunSpec& spec) {
  Expected<OptimizerSettings> optimizer = to_optimizer(spec.optimizer);
  if (!optimizer) return make_error(optimizer.error());
  Expected<Schedule> schedule = to_schedule(spec.schedule);
  if (!schedule) return make_error(schedule.error());
  if (const auto seed = check_seed(spec.seed, "seed"); !seed) return make_error(seed.error());
  RunSettings s;
  s.optimizer = *optimizer;
  s.schedule = *schedule;
  s.steps = spec.steps;
  s.seed = static_cast<std::uint64_t>(spec.seed);
  s.record_params = spec.record_params;
  return s;
}

Expected<SweepSettings> to_sweep_settings(const SweepSpec& spec) {
  RunSpec run;
  run.optimizer = spec.optimizer;
  run.optimizer.learning_rate = spec.start > 0 ? spec.start : 1.0;  // replaced per α
  run.schedule = spec.schedule;
  run.steps = spec.steps;
  run.seed = spec.seed;
  Expected<RunSettings> settings = to_run_settings(run);
  if (!settings) return make_error(settings.error());
  SweepSettings s;
  s.run = *settings;
  s.grid.start = spec.start;
  s.grid.count = spec.count;
  s.grid.end = spec.end;
  if (spec.factor == "x3" || spec.factor == "×3") {
    s.grid.ladder = Ladder::one_three_ten;
    s.grid.factor = 3.0;
  } else if (spec.factor == "x10" || spec.factor == "×10") {
    s.grid.ladder = Ladder::geometric;
    s.grid.factor = 10.0;
  } else {
    const char* text = spec.factor.c_str();
    char* end = nullptr;
    const double factor = std::strtod(text, &end);
    if (end == text || *end != '\0' || !std::isfinite(factor)) {
      return make_error("sweep factor must be x3, x10 or a number > 1, got '" + spec.factor + "'");
    }
    s.grid.ladder = Ladder::geometric;
    s.grid.factor = factor;
  }
  return s;
}

Expected<RangeTestSettings> to_range_test_settings(const RangeTestSpec& spec) {
  Expected<OptimizerSettings> optimizer = to_optimizer(spec.optimizer);
  if (!optimizer) return make_error(optimizer.error());
  if (const auto seed = check_seed(spec.seed, "seed"); !seed) return make_error(seed.error());
  RangeTestSettings s;
  s.optimizer = *optimizer;
  s.start_lr = spec.start_lr;
  s.end_lr = spec.end_lr;
  s.iterations = spec.iterations;
  s.exponential = spec.exponential;
  s.smoothing = spec.smoothing;
  s.stop_factor = spec.stop_factor;
  s.seed = static_cast<std::uint64_t>(spec.seed);
  return s;
}

}  // namespace lrlab::api
