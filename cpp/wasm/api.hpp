// The coarse API: one call runs one experiment and returns {ok: true, value} or
// {ok: false, error}. Nothing throws across the boundary and the module keeps working
// after any error.
#pragma once

#include <emscripten/val.h>

#include <string>

#include "specs.hpp"

namespace lrlab::api {

using emscripten::val;

val defaults();
val list_datasets();
val load_csv(const std::string& text, const std::string& target, const std::string& name);
val forget_dataset(const std::string& id);
val run_sweep(const SweepSpec& spec, val progress);
val run_training(const RunSpec& spec);
val range_test(const RangeTestSpec& spec);
val curvature(const CurvatureSpec& spec);
val schedule_preview(const ScheduleSpec& spec, double peak, int steps);
val memory_stats();
val get_data(const DataSpec& spec);
val benchmark_sweep(const SweepSpec& spec, int repetitions, bool use_gram_path);

}  // namespace lrlab::api
