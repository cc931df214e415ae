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
// `text` is a JS string, copied into the heap inside the call (where running out of memory
// is caught, see bindings.cpp), not by embind before it.
val load_csv(val text, const std::string& target, const std::string& name);
// A dataset from numbers another engine instance parsed (X row-major, y: Float64Arrays),
// checked as a CSV is; the same ids as load_csv.
val load_arrays(val X, val y, val feature_names, const std::string& target, const std::string& name);
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

// The answers of a call that threw (bindings.cpp catches every exception inside the call):
// std::bad_alloc — the heap at its ceiling — and anything else.
val out_of_memory();
val internal_failure(const char* what);

}  // namespace lrlab::api
