// Engine results → JS values. Arrays leave as JS-owned Float64Array copies (never live
// views of the WASM heap, which move when memory grows); records are embind value_objects.
#pragma once

#include <emscripten/val.h>

#include <string>
#include <vector>

#include "lrlab/curvature.hpp"
#include "lrlab/range_test.hpp"
#include "lrlab/sweep.hpp"

namespace lrlab::api {

using emscripten::val;

// Copies n doubles into a new Float64Array owned by JS.
inline val to_f64(const double* data, size_t n) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(n, data));
}
inline val to_f64(const std::vector<double>& v) { return to_f64(v.data(), v.size()); }
inline val to_f64(const Eigen::VectorXd& v) { return to_f64(v.data(), static_cast<size_t>(v.size())); }

inline val to_string_array(const std::vector<std::string>& items) {
  val out = val::array();
  for (const std::string& s : items) out.call<void>("push", s);
  return out;
}

// ---- result records (registered as value_objects in bindings.cpp) ------------------

struct DataSummary {
  std::string name, description, target_name, task, scaling, model;
  int rows = 0, features = 0;
  val feature_names = val::array();
  val offset = val::array();  // per-feature offset/scale of the scaling, for display in raw units
  val scale = val::array();
};

struct DiagnosisOut {
  std::string label, reason;
  double progress = 0, flip_fraction = 0, rise_after_min = 0, blowup_ratio = 0;
  double log_drop = 0, relative_drop = 0, roughness = 0;
  double excess_left = 0;  // NaN where J* is unknown
};

struct RunOut {
  double learning_rate = 0;
  val loss = val::null(), rates = val::null(), params = val::null(), final_params = val::null();
  int num_params = 0;
  double initial_loss = 0, final_loss = 0;
  bool diverged = false, mini_batch = false;
  int diverged_at = -1;
  DiagnosisOut diagnosis;
  // Mini-batch sweeps: {final_losses[] (null where diverged), diverged, low, median, high}; else null.
  val band = val::null();
};

struct CurvatureOut {
  bool exact = false;
  val eigenvalues = val::null();
  double lambda_min = 0, lambda_max = 0, condition_number = 0, zigzag_rate = 0;
  double divergence_rate = 0, fastest_rate = 0, momentum_divergence_rate = 0;
  int iterations = 0;
};

struct SweepOut {
  DataSummary data;
  val runs = val::array();     // RunOut per α, ascending
  val recommended = val::null();  // number or null
  int recommended_index = -1;
  double stable_min = 0, stable_max = 0;
  int best_index = -1;
  double best_rate = 0;
  int edge_index = -1;
  double edge_rate = 0;
  std::string advice;
  val curvature = val::null();  // CurvatureOut or null
  bool cancelled = false;
};

struct TrainingOut {
  DataSummary data;
  RunOut run;
  val curvature = val::null();
};

struct RangeTestOut {
  DataSummary data;
  val learning_rate = val::null(), loss = val::null(), smoothed_loss = val::null();
  bool stopped_early = false;
  int stop_iteration = -1;
  double valley = 0, steepest = 0, minimum_div10 = 0;
  int valley_index = -1, steepest_index = -1, minimum_index = -1;
};

struct CurvatureResultOut {
  DataSummary data;
  CurvatureOut report;
  val contours = val::null();  // {optimum, optimal_loss, axis_angle, mu_small, mu_large, ellipses[]} or null
};

DataSummary summarize(const Problem& problem);
DiagnosisOut to_out(const Diagnosis& d);
RunOut to_out(const RunResult& r, double learning_rate, const Diagnosis& d);
CurvatureOut to_out(const CurvatureReport& c);
val to_js(const ContourSet& contours);
val to_js(const SeedBand& band);

// Every call's answer: {ok: true, value} or {ok: false, error, field?}.
template <typename T>
val ok(const T& value) {
  val out = val::object();
  out.set("ok", true);
  out.set("value", value);
  return out;
}

inline val fail(const Error& error) {
  val out = val::object();
  out.set("ok", false);
  out.set("error", error.message);
  if (!error.field.empty()) out.set("field", error.field);
  return out;
}
inline val fail(const std::string& message) { return fail(make_error(message)); }

}  // namespace lrlab::api
