// Learning-rate schedules: pure functions α(step) that scale a peak rate.
//
// Every schedule is a pure function of the step index t (0-based) and the run length T;
// `peak` is the optimizer's learning rate α. Formulas and sources are in schedule.cpp.
#pragma once

#include <string>
#include <vector>

#include "expected.hpp"

namespace lrlab {

enum class ScheduleKind {
  constant,       // α
  step,           // α · γ^floor(t / step_size)
  exponential,    // α · γ^t
  warmup_cosine,  // linear warm-up to α over warmup_steps, then cosine decay to min_lr
  sgdr,           // cosine with warm restarts (Loshchilov & Hutter 2017)
  triangular,     // triangular cyclical LR (Smith 2017)
  one_cycle,      // one-cycle policy (Smith & Topin 2019), as in PyTorch's OneCycleLR
};

struct Schedule {
  ScheduleKind kind = ScheduleKind::constant;
  double gamma = 0.5;          // step, exponential: multiplicative decay factor
  int step_size = 50;          // step: steps between drops; triangular: half-cycle length
  int warmup_steps = 20;       // warmup_cosine: length of the linear warm-up
  double min_lr = 0.0;         // warmup_cosine, sgdr: floor of the cosine (absolute)
  int cycle_steps = 50;        // sgdr: length T_0 of the first cycle
  double cycle_mult = 2.0;     // sgdr: T_mult, each cycle is this many times longer
  double base_lr = 0.0;        // triangular: lower bound (peak α is the upper bound); 0 → α/10
  double pct_start = 0.3;      // one_cycle: fraction of the run spent rising
  double div_factor = 25.0;    // one_cycle: initial rate = α / div_factor
  double final_div_factor = 1e4;  // one_cycle: final rate = initial / final_div_factor
};

// α(t) for a run of `total_steps` steps with peak rate `peak`.
double schedule_rate(const Schedule& schedule, double peak, int step, int total_steps);

// α(t) for t = 0 … total_steps − 1.
std::vector<double> schedule_preview(const Schedule& schedule, double peak, int total_steps);

// Checks the schedule's settings; the error names the setting and its valid range.
Expected<Ok> validate_schedule(const Schedule& schedule, double peak, int total_steps);

}  // namespace lrlab
