#include "marshal.hpp"

#include <cmath>

#include "lrlab/names.hpp"
#include "read.hpp"

namespace lrlab::api {

DataSummary summarize(const Problem& problem) {
  const Dataset& d = problem.data();
  DataSummary s;
  s.name = d.name;
  s.description = d.description;
  s.target_name = d.target_name;
  s.task = to_string(d.task);
  s.scaling = to_string(problem.spec().scaling);
  s.model = to_string(problem.spec().model);
  s.rows = d.rows();
  s.features = d.features();
  s.feature_names = to_string_array(d.feature_names);
  s.offset = to_f64(problem.transform().offset);
  s.scale = to_f64(problem.transform().scale);
  return s;
}

DiagnosisOut to_out(const Diagnosis& d) {
  DiagnosisOut o;
  o.label = to_string(d.label);
  o.reason = d.reason;
  o.progress = d.progress;
  o.flip_fraction = d.flip_fraction;
  o.rise_after_min = d.rise_after_min;
  o.blowup_ratio = d.blowup_ratio;
  o.log_drop = d.log_drop;
  o.relative_drop = d.relative_drop;
  o.roughness = d.roughness;
  o.excess_left = d.excess_left;
  return o;
}

RunOut to_out(const RunResult& r, double learning_rate, const Diagnosis& d) {
  RunOut o;
  o.learning_rate = learning_rate;
  o.loss = to_f64(r.loss);
  o.rates = to_f64(r.learning_rate);
  o.params = to_f64(r.params);
  o.final_params = to_f64(r.final_params);
  o.num_params = r.num_params;
  o.initial_loss = r.initial_loss;
  o.final_loss = r.final_loss;
  o.diverged = r.diverged;
  o.mini_batch = r.mini_batch;
  o.diverged_at = r.diverged_at;
  o.diagnosis = to_out(d);
  return o;
}

CurvatureOut to_out(const CurvatureReport& c) {
  CurvatureOut o;
  o.exact = c.exact;
  o.eigenvalues = to_f64(c.eigenvalues);
  o.lambda_min = c.lambda_min;
  o.lambda_max = c.lambda_max;
  o.condition_number = c.condition_number;
  o.zigzag_rate = c.zigzag_rate;
  o.divergence_rate = c.divergence_rate;
  o.fastest_rate = c.fastest_rate;
  o.momentum_divergence_rate = c.momentum_divergence_rate;
  o.iterations = c.iterations;
  return o;
}

val to_js(const SeedBand& band) {
  val out = val::object();
  val finals = val::array();
  for (const double loss : band.final_losses) finals.call<void>("push", std::isfinite(loss) ? val(loss) : val::null());
  out.set("final_losses", finals);
  out.set("diverged", band.diverged);
  out.set("low", band.low);
  out.set("median", band.median);
  out.set("high", band.high);
  return out;
}

val to_js(const ContourSet& contours) {
  val out = val::object();
  out.set("optimum", to_f64(contours.optimum));
  out.set("optimal_loss", contours.optimal_loss);
  out.set("axis_angle", contours.axis_angle);
  out.set("mu_small", contours.mu_small);
  out.set("mu_large", contours.mu_large);
  val ellipses = val::array();
  for (const ContourEllipse& e : contours.ellipses) {
    val item = val::object();
    item.set("excess", e.excess);
    item.set("level", e.level);
    item.set("w1", to_f64(e.w1));
    item.set("w2", to_f64(e.w2));
    ellipses.call<void>("push", item);
  }
  out.set("ellipses", ellipses);
  return out;
}

}  // namespace lrlab::api

namespace lrlab::api {

std::string describe_js(const val& value) {
  // Nothing here may throw in JS: a JS exception unwinding through C++ frames skips their
  // destructors (a leak). So no JSON.stringify of objects (cycles, getters, toJSON, Proxies)
  // and no String() of a Symbol.
  if (value.isUndefined()) return "undefined";
  if (value.isNull()) return "null";
  if (value.isNumber()) {
    const double x = value.as<double>();
    return std::isnan(x) ? "NaN" : std::isinf(x) ? (x > 0 ? "Infinity" : "-Infinity") : format_number(x);
  }
  if (value.isTrue()) return "true";
  if (value.isFalse()) return "false";
  const std::string type = value.typeOf().as<std::string>();
  if (type == "string") {
    std::string text = value.as<std::string>();
    if (text.size() > 60) {
      std::size_t cut = 60;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
      text = text.substr(0, cut) + "…";
    }
    return val::global("JSON").call<std::string>("stringify", val(text));
  }
  if (type == "bigint") return "a BigInt";
  if (type == "symbol") return "a Symbol";
  if (type == "function") return "a function";
  if (val::global("Array").call<bool>("isArray", value)) return "a list";
  return "an object";
}

}  // namespace lrlab::api
