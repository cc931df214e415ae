// Registrations only: the value_objects that cross the boundary and the API's functions.
// Adapters are in api.cpp, conversions in marshal.cpp, spec → settings in specs.cpp.
#include <emscripten/bind.h>

#include "api.hpp"
#include "marshal.hpp"

using namespace emscripten;
using namespace lrlab::api;

EMSCRIPTEN_BINDINGS(lrlab) {
  // ---- experiment descriptions (JS → C++) ----
  value_object<DataSpec>("DataSpec")
      .field("dataset", &DataSpec::dataset)
      .field("data_seed", &DataSpec::data_seed)
      .field("scaling", &DataSpec::scaling)
      .field("model", &DataSpec::model)
      .field("hidden_units", &DataSpec::hidden_units);
  value_object<OptimizerSpec>("OptimizerSpec")
      .field("kind", &OptimizerSpec::kind)
      .field("learning_rate", &OptimizerSpec::learning_rate)
      .field("batch_size", &OptimizerSpec::batch_size)
      .field("momentum", &OptimizerSpec::momentum)
      .field("rho", &OptimizerSpec::rho)
      .field("beta1", &OptimizerSpec::beta1)
      .field("beta2", &OptimizerSpec::beta2)
      .field("epsilon", &OptimizerSpec::epsilon)
      .field("clip_norm", &OptimizerSpec::clip_norm);
  value_object<ScheduleSpec>("ScheduleSpec")
      .field("kind", &ScheduleSpec::kind)
      .field("gamma", &ScheduleSpec::gamma)
      .field("step_size", &ScheduleSpec::step_size)
      .field("warmup_steps", &ScheduleSpec::warmup_steps)
      .field("min_lr", &ScheduleSpec::min_lr)
      .field("cycle_steps", &ScheduleSpec::cycle_steps)
      .field("cycle_mult", &ScheduleSpec::cycle_mult)
      .field("base_lr", &ScheduleSpec::base_lr)
      .field("pct_start", &ScheduleSpec::pct_start)
      .field("div_factor", &ScheduleSpec::div_factor)
      .field("final_div_factor", &ScheduleSpec::final_div_factor);
  value_object<RunSpec>("RunSpec")
      .field("data", &RunSpec::data)
      .field("optimizer", &RunSpec::optimizer)
      .field("schedule", &RunSpec::schedule)
      .field("steps", &RunSpec::steps)
      .field("seed", &RunSpec::seed)
      .field("record_params", &RunSpec::record_params);
  value_object<SweepSpec>("SweepSpec")
      .field("data", &SweepSpec::data)
      .field("optimizer", &SweepSpec::optimizer)
      .field("schedule", &SweepSpec::schedule)
      .field("steps", &SweepSpec::steps)
      .field("seed", &SweepSpec::seed)
      .field("start", &SweepSpec::start)
      .field("factor", &SweepSpec::factor)
      .field("count", &SweepSpec::count)
      .field("end", &SweepSpec::end);
  value_object<RangeTestSpec>("RangeTestSpec")
      .field("data", &RangeTestSpec::data)
      .field("optimizer", &RangeTestSpec::optimizer)
      .field("start_lr", &RangeTestSpec::start_lr)
      .field("end_lr", &RangeTestSpec::end_lr)
      .field("iterations", &RangeTestSpec::iterations)
      .field("exponential", &RangeTestSpec::exponential)
      .field("smoothing", &RangeTestSpec::smoothing)
      .field("stop_factor", &RangeTestSpec::stop_factor)
      .field("seed", &RangeTestSpec::seed);
  value_object<CurvatureSpec>("CurvatureSpec")
      .field("data", &CurvatureSpec::data)
      .field("momentum", &CurvatureSpec::momentum)
      .field("seed", &CurvatureSpec::seed)
      .field("through_w1", &CurvatureSpec::through_w1)
      .field("through_w2", &CurvatureSpec::through_w2)
      .field("contour_count", &CurvatureSpec::contour_count);

  // ---- results (C++ → JS) ----
  value_object<DataSummary>("DataSummary")
      .field("name", &DataSummary::name)
      .field("description", &DataSummary::description)
      .field("target_name", &DataSummary::target_name)
      .field("task", &DataSummary::task)
      .field("scaling", &DataSummary::scaling)
      .field("model", &DataSummary::model)
      .field("rows", &DataSummary::rows)
      .field("features", &DataSummary::features)
      .field("feature_names", &DataSummary::feature_names)
      .field("offset", &DataSummary::offset)
      .field("scale", &DataSummary::scale);
  value_object<DiagnosisOut>("Diagnosis")
      .field("label", &DiagnosisOut::label)
      .field("reason", &DiagnosisOut::reason)
      .field("progress", &DiagnosisOut::progress)
      .field("flip_fraction", &DiagnosisOut::flip_fraction)
      .field("rise_after_min", &DiagnosisOut::rise_after_min)
      .field("blowup_ratio", &DiagnosisOut::blowup_ratio)
      .field("log_drop", &DiagnosisOut::log_drop)
      .field("relative_drop", &DiagnosisOut::relative_drop)
      .field("roughness", &DiagnosisOut::roughness);
  value_object<RunOut>("Run")
      .field("learning_rate", &RunOut::learning_rate)
      .field("loss", &RunOut::loss)
      .field("rates", &RunOut::rates)
      .field("params", &RunOut::params)
      .field("final_params", &RunOut::final_params)
      .field("num_params", &RunOut::num_params)
      .field("initial_loss", &RunOut::initial_loss)
      .field("final_loss", &RunOut::final_loss)
      .field("diverged", &RunOut::diverged)
      .field("mini_batch", &RunOut::mini_batch)
      .field("diverged_at", &RunOut::diverged_at)
      .field("diagnosis", &RunOut::diagnosis);
  value_object<CurvatureOut>("Curvature")
      .field("exact", &CurvatureOut::exact)
      .field("eigenvalues", &CurvatureOut::eigenvalues)
      .field("lambda_min", &CurvatureOut::lambda_min)
      .field("lambda_max", &CurvatureOut::lambda_max)
      .field("condition_number", &CurvatureOut::condition_number)
      .field("zigzag_rate", &CurvatureOut::zigzag_rate)
      .field("divergence_rate", &CurvatureOut::divergence_rate)
      .field("fastest_rate", &CurvatureOut::fastest_rate)
      .field("momentum_divergence_rate", &CurvatureOut::momentum_divergence_rate)
      .field("iterations", &CurvatureOut::iterations);
  value_object<SweepOut>("Sweep")
      .field("data", &SweepOut::data)
      .field("runs", &SweepOut::runs)
      .field("recommended", &SweepOut::recommended)
      .field("recommended_index", &SweepOut::recommended_index)
      .field("stable_min", &SweepOut::stable_min)
      .field("stable_max", &SweepOut::stable_max)
      .field("advice", &SweepOut::advice)
      .field("curvature", &SweepOut::curvature)
      .field("cancelled", &SweepOut::cancelled);
  value_object<TrainingOut>("Training")
      .field("data", &TrainingOut::data)
      .field("run", &TrainingOut::run)
      .field("curvature", &TrainingOut::curvature);
  value_object<RangeTestOut>("RangeTest")
      .field("data", &RangeTestOut::data)
      .field("learning_rate", &RangeTestOut::learning_rate)
      .field("loss", &RangeTestOut::loss)
      .field("smoothed_loss", &RangeTestOut::smoothed_loss)
      .field("stopped_early", &RangeTestOut::stopped_early)
      .field("stop_iteration", &RangeTestOut::stop_iteration)
      .field("valley", &RangeTestOut::valley)
      .field("steepest", &RangeTestOut::steepest)
      .field("minimum_div10", &RangeTestOut::minimum_div10)
      .field("valley_index", &RangeTestOut::valley_index)
      .field("steepest_index", &RangeTestOut::steepest_index)
      .field("minimum_index", &RangeTestOut::minimum_index);
  value_object<CurvatureResultOut>("CurvatureResult")
      .field("data", &CurvatureResultOut::data)
      .field("report", &CurvatureResultOut::report)
      .field("contours", &CurvatureResultOut::contours);

  // ---- the calls ----
  function("defaults", &defaults);
  function("listDatasets", &list_datasets);
  function("loadCsv", &load_csv);
  function("forgetDataset", &forget_dataset);
  function("runSweep", &run_sweep);
  function("runTraining", &run_training);
  function("rangeTest", &range_test);
  function("curvature", &curvature);
  function("schedulePreview", &schedule_preview);
  function("memoryStats", &memory_stats);
  function("getData", &get_data);
  function("benchmarkSweep", &benchmark_sweep);
}
