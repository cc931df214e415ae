// Registrations only: the result records that cross the boundary and the API's functions.
// Adapters are in api.cpp, results → JS in marshal.cpp, JS settings → engine in read.hpp.
#include <emscripten/bind.h>

#include "api.hpp"
#include "marshal.hpp"

#include <exception>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

using namespace emscripten;
using namespace lrlab::api;

namespace {

// Every call runs inside Guarded<call>::run: no C++ exception crosses into JS. With
// exceptions on (CMake LRLAB_WASM_EXCEPTIONS), a std::bad_alloc — the heap at its ceiling,
// -sMAXIMUM_MEMORY — unwinds the call, destructors free what it had allocated, and the
// caller gets {ok: false, error} with the heap as it was.
template <auto Call>
struct Guarded;

template <typename Result, typename... Args, Result (*Call)(Args...)>
struct Guarded<Call> {
  static Result run(Args... args) {
    try {
      return Call(std::forward<Args>(args)...);
    } catch (const std::bad_alloc&) {
      return failure(out_of_memory);
    } catch (const std::exception& error) {
      return failure([&error] { return internal_failure(error.what()); });
    } catch (...) {
      return failure([] { return internal_failure(nullptr); });
    }
  }

 private:
  template <typename Answer>
  static Result failure(Answer answer) {
    if constexpr (std::is_same_v<Result, val>) {
      return answer();
    } else {
      return Result{};
    }
  }
};

}  // namespace

EMSCRIPTEN_BINDINGS(lrlab) {
  // Settings arrive as plain JS objects, read by read.hpp from the engine's one description
  // of each settings struct: nothing to register for them.

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
      .field("roughness", &DiagnosisOut::roughness)
      .field("excess_left", &DiagnosisOut::excess_left);
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
      .field("diagnosis", &RunOut::diagnosis)
      .field("band", &RunOut::band);
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
      .field("best_index", &SweepOut::best_index)
      .field("best_rate", &SweepOut::best_rate)
      .field("edge_index", &SweepOut::edge_index)
      .field("edge_rate", &SweepOut::edge_rate)
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
  function("estimateCost", &Guarded<&estimate_cost>::run);
  function("listDatasets", &Guarded<&list_datasets>::run);
  function("loadCsv", &Guarded<&load_csv>::run);
  function("loadArrays", &Guarded<&load_arrays>::run);
  function("forgetDataset", &Guarded<&forget_dataset>::run);
  function("runSweep", &Guarded<&run_sweep>::run);
  function("runTraining", &Guarded<&run_training>::run);
  function("rangeTest", &Guarded<&range_test>::run);
  function("curvature", &Guarded<&curvature>::run);
  function("schedulePreview", &Guarded<&schedule_preview>::run);
  function("memoryStats", &Guarded<&memory_stats>::run);
  function("getData", &Guarded<&get_data>::run);
  function("benchmarkSweep", &Guarded<&benchmark_sweep>::run);
}
