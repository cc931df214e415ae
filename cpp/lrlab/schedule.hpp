// Learning-rate schedules: pure functions α(step) that scale a peak rate.
//
// Every schedule is a pure function of the step index t (0-based) and the run length T;
// `peak` is the optimizer's learning rate α. Formulas and sources are in schedule.cpp.
#pragma once

#include <string>
#include <vector>

#include "expected.hpp"
#include "field.hpp"

namespace lrlab {

enum class ScheduleKind {
  constant,       // α
  step,           // α · γ^floor(t / step_size)
  exponential,    // α · exp_gamma^t
  warmup_cosine,  // linear warm-up to α over warmup_steps, then cosine decay to min_lr
  sgdr,           // cosine with warm restarts (Loshchilov & Hutter 2017)
  triangular,     // triangular cyclical LR (Smith 2017), half_cycle steps up, as many down
  one_cycle,      // one-cycle policy (Smith & Topin 2019), as in PyTorch's OneCycleLR
};

struct Schedule {
  ScheduleKind kind = ScheduleKind::constant;
  double gamma = 0.5;
  int step_size = 50;
  double exp_gamma = 0.99;
  int warmup_steps = 20;
  double min_lr = 0.0;
  int cycle_steps = 50;
  double cycle_mult = 2.0;
  int half_cycle = 50;
  double base_lr = 0.0;
  double pct_start = 0.3;
  double div_factor = 25.0;
  double final_div_factor = 1e4;
};

// The settings' one description (field.hpp). Each setting belongs to the schedules that read
// it; checks that involve the peak rate or the run length are in validate_schedule.
template <>
struct Fields<Schedule> {
  template <typename Self, typename Visitor>
  static void visit(Self& s, Visitor& v) {
    v.field({"kind", "how α changes over the run"}, s.kind);
    v.field({"gamma", "step decay: α is multiplied by γ at every drop", Range::above(0).up_to(1), {"step"}, "gamma"},
            s.gamma);
    v.field({"step_size", "step decay: steps between drops", Range::at_least(1), {"step"}, "step_size"}, s.step_size);
    v.field({"exp_gamma", "exponential decay: α is multiplied by γ every step", Range::above(0).up_to(1),
             {"exponential"}, "exp_gamma"},
            s.exp_gamma);
    v.field({"warmup_steps", "length of the linear warm-up, below the run length", Range::at_least(0),
             {"warmup_cosine"}, "warmup_steps"},
            s.warmup_steps);
    v.field({"min_lr", "floor of the cosine (absolute, below the peak)", Range::at_least(0),
             {"warmup_cosine", "sgdr"}, "min_lr"},
            s.min_lr);
    v.field({"cycle_steps", "SGDR: length T₀ of the first cycle", Range::at_least(1), {"sgdr"}, "cycle_steps"},
            s.cycle_steps);
    v.field({"cycle_mult", "SGDR: T_mult, each cycle this many times longer than the last",
             Range::at_least(1), {"sgdr"}, "cycle_mult"},
            s.cycle_mult);
    v.field({"half_cycle", "triangular: steps from the lower bound up to the peak", Range::at_least(1),
             {"triangular"}, "half_cycle"},
            s.half_cycle);
    v.field({"base_lr", "triangular: lower bound (absolute, below the peak); 0 = peak ÷ 10",
             Range::at_least(0), {"triangular"}, "base_lr"},
            s.base_lr);
    v.field({"pct_start", "one-cycle: fraction of the run spent rising", Range::above(0).below(1),
             {"one_cycle"}, "pct_start"},
            s.pct_start);
    v.field({"div_factor", "one-cycle: the first rate is peak ÷ this", Range::at_least(1), {"one_cycle"}, "div_factor"},
            s.div_factor);
    v.field({"final_div_factor", "one-cycle: the last rate is the first ÷ this", Range::at_least(1),
             {"one_cycle"}, "final_div_factor"},
            s.final_div_factor);
  }
};

// α(t) for a run of `total_steps` steps with peak rate `peak`.
double schedule_rate(const Schedule& schedule, double peak, int step, int total_steps);

// α(t) for t = 0 … total_steps − 1.
std::vector<double> schedule_preview(const Schedule& schedule, double peak, int total_steps);

// Checks the schedule's settings; the error names the setting and its valid range.
Expected<Ok> validate_schedule(const Schedule& schedule, double peak, int total_steps);

}  // namespace lrlab
