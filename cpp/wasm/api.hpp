// The coarse API: one call runs one experiment and returns {ok: true, value} or
// {ok: false, error, field}. Settings arrive as plain JS objects and are read through the
// engine's one description of each settings struct (read.hpp). Nothing throws across the
// boundary and the module keeps working after any error.
#pragma once

#include <emscripten/val.h>

#include <string>

namespace lrlab::api {

using emscripten::val;

std::string schema();
val list_datasets();
val load_csv(const std::string& text, const std::string& target, const std::string& name);
val forget_dataset(const std::string& id);
val run_sweep(val config, val progress);
val run_training(val config);
val range_test(val config);
val curvature(val config);
val schedule_preview(val schedule, double peak, double steps);
val estimate_cost(const std::string& method, val config);
val memory_stats();
val get_data(val data);
val benchmark_sweep(val config, int repetitions, bool use_gram_path);

}  // namespace lrlab::api
