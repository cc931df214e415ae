#include "api.hpp"

#include <emscripten/heap.h>
#include <malloc.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <limits>
#include <utility>
#include <vector>

#include "lrlab/cost.hpp"
#include "lrlab/csv.hpp"
#include "lrlab/names.hpp"
#include "lrlab/requests.hpp"
#include "lrlab/schema.hpp"
#include "marshal.hpp"
#include "read.hpp"

namespace lrlab::api {

namespace {

// Datasets loaded from CSV, by id ("csv-1", …). The oldest are dropped beyond this many,
// so a page that loads file after file keeps its memory bounded.
constexpr size_t kMaxLoadedDatasets = 4;
std::deque<std::pair<std::string, Dataset>> loaded;
int next_id = 1;

const Dataset* find_loaded(const std::string& id) {
  for (const auto& [key, data] : loaded) if (key == id) return &data;
  return nullptr;
}

// Rows and features of the data a call names, without preparing it.
Expected<DataShape> shape_of(const DataSettings& data) {
  if (const Dataset* d = find_loaded(data.dataset)) return DataShape{d->rows(), d->features()};
  for (const DatasetInfo& info : builtin_datasets()) {
    if (info.name == data.dataset) return DataShape{info.rows, info.features};
  }
  return field_error("data.dataset", "unknown dataset '" + data.dataset + "'");
}

// The estimated work of each call (lrlab/cost.hpp), from its settings and the data's shape.
Expected<double> work_of(const SweepRequest& r, const DataShape& shape) {
  return sweep_work(r.data.problem, shape, r.settings);
}
Expected<double> work_of(const RunRequest& r, const DataShape& shape) {
  return run_work(r.data.problem, shape, r.settings);
}
Expected<double> work_of(const RangeTestRequest& r, const DataShape& shape) {
  return range_test_work(r.data.problem, shape, r.settings);
}
Expected<double> work_of(const CurvatureRequest& r, const DataShape& shape) {
  return curvature_work(r.data.problem, shape);
}

// Limits before work: a call whose estimate passes kMaxCallWork is refused before its data
// are prepared or anything is allocated. (An unknown dataset or a bad grid is left to the
// call, which names it.)
template <typename Request>
Expected<Ok> within_limits(const Request& request, const std::string& what) {
  const Expected<DataShape> shape = shape_of(request.data);
  if (!shape) return Ok{};
  const Expected<double> work = work_of(request, *shape);
  if (!work) return Ok{};
  return check_work(*work, what);
}

}  // namespace

std::string schema() { return settings_schema_json(); }

val list_datasets() {
  val list = val::array();
  for (const DatasetInfo& info : builtin_datasets()) {
    val item = val::object();
    item.set("name", info.name);
    item.set("description", info.description);
    item.set("task", to_string(info.task));
    item.set("rows", info.rows);
    item.set("features", info.features);
    list.call<void>("push", item);
  }
  return ok(list);
}

val loaded_info(const std::string& id, const Dataset& d);

val load_csv(val text_value, const std::string& target, const std::string& name) {
  if (!text_value.isString()) return fail("the CSV must be text");
  const std::string text = text_value.as<std::string>();
  CsvOptions options;
  options.target_column = target;
  if (!name.empty()) options.name = name;
  Expected<Dataset> data = parse_csv(text, options);
  if (!data) return fail(data.error());
  const std::string id = "csv-" + std::to_string(next_id++);
  if (loaded.size() == kMaxLoadedDatasets) loaded.pop_front();
  loaded.emplace_back(id, std::move(data.value()));
  return ok(loaded_info(id, loaded.back().second));
}

// Describes a loaded dataset (the answer of loadCsv and loadArrays).
val loaded_info(const std::string& id, const Dataset& d) {
  val out = val::object();
  out.set("id", id);
  out.set("name", d.name);
  out.set("description", d.description);
  out.set("rows", d.rows());
  out.set("features", d.features());
  out.set("feature_names", to_string_array(d.feature_names));
  out.set("target_name", d.target_name);
  out.set("task", to_string(d.task));
  return out;
}

val load_arrays(val X, val y, val feature_names, const std::string& target, const std::string& name) {
  // Sizes first, from JS, before anything is copied into the heap.
  const val Float64Array = val::global("Float64Array");
  if (!X.instanceof(Float64Array) || !y.instanceof(Float64Array)) return fail("X and y must be Float64Arrays");
  if (!val::global("Array").call<bool>("isArray", feature_names)) return fail("feature_names must be a list of text");
  const double rows = y["length"].as<double>();
  const double features = feature_names["length"].as<double>();
  if (features < 1 || features > kMaxFeatures || rows < kMinCsvRows || rows > kMaxCsvRows ||
      rows * (features + 1) > static_cast<double>(kMaxCsvCells) || X["length"].as<double>() != rows * features) {
    return fail("the data's shape is not one LR Lab loads: " + describe_js(val(rows)) + " rows of " +
                describe_js(val(features)) + " features, " + describe_js(X["length"]) + " numbers");
  }
  std::vector<std::string> names;
  for (int c = 0; c < static_cast<int>(features); ++c) {
    const val item = feature_names[c];
    if (!item.isString()) return fail("feature_names must be a list of text");
    names.push_back(item.as<std::string>());
  }
  const std::vector<double> x_values = emscripten::convertJSArrayToNumberVector<double>(X);
  const std::vector<double> y_values = emscripten::convertJSArrayToNumberVector<double>(y);
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::MatrixXd matrix = Eigen::Map<const RowMajor>(x_values.data(), static_cast<Eigen::Index>(rows),
                                                       static_cast<Eigen::Index>(features));
  Eigen::VectorXd target_values = Eigen::Map<const Eigen::VectorXd>(y_values.data(), static_cast<Eigen::Index>(rows));
  Expected<Dataset> data = dataset_from_columns(std::move(matrix), std::move(target_values), std::move(names),
                                                target, name.empty() ? CsvOptions{}.name : name);
  if (!data) return fail(data.error());
  const std::string id = "csv-" + std::to_string(next_id++);
  if (loaded.size() == kMaxLoadedDatasets) loaded.pop_front();
  loaded.emplace_back(id, std::move(data.value()));
  return ok(loaded_info(id, loaded.back().second));
}

val forget_dataset(const std::string& id) {
  for (auto it = loaded.begin(); it != loaded.end(); ++it) {
    if (it->first == id) {
      loaded.erase(it);
      return ok(true);
    }
  }
  return fail("no loaded dataset with id '" + id + "'");
}

val run_sweep(val config, val progress) {
  const Expected<SweepRequest> request = read_settings<SweepRequest>(config);
  if (!request) return fail(request.failure());
  if (const auto limits = within_limits(*request, "this sweep"); !limits) return fail(limits.failure());
  const SweepSettings* settings = &request->settings;
  Expected<Problem> problem = make_problem(request->data, find_loaded);
  if (!problem) return fail(problem.failure());
  Progress report = nullptr;
  if (progress.typeOf().as<std::string>() == "function") {
    report = [&progress](int done, int total) {
      const val answer = progress(done, total);
      return !(answer.isFalse());
    };
  }
  Expected<SweepResult> sweep = lrlab::run_sweep(*problem, *settings, report);
  if (!sweep) return fail(sweep.failure());
  SweepOut out;
  out.data = summarize(*problem);
  for (const SweepRun& run : sweep->runs) {
    RunOut entry = to_out(run.result, run.learning_rate, run.diagnosis);
    if (!run.band.final_losses.empty()) entry.band = to_js(run.band);
    out.runs.call<void>("push", entry);
  }
  if (sweep->recommended) out.recommended = val(*sweep->recommended);
  out.recommended_index = sweep->recommended_index;
  out.stable_min = sweep->stable_min;
  out.stable_max = sweep->stable_max;
  out.best_index = sweep->best_index;
  out.best_rate = sweep->best_rate;
  out.edge_index = sweep->edge_index;
  out.edge_rate = sweep->edge_rate;
  out.advice = sweep->advice;
  if (sweep->curvature) out.curvature = val(to_out(*sweep->curvature));
  out.cancelled = sweep->cancelled;
  return ok(out);
}

val run_training(val config) {
  const Expected<RunRequest> request = read_settings<RunRequest>(config);
  if (!request) return fail(request.failure());
  if (const auto limits = within_limits(*request, "this run"); !limits) return fail(limits.failure());
  const RunSettings* settings = &request->settings;
  Expected<Problem> problem = make_problem(request->data, find_loaded);
  if (!problem) return fail(problem.failure());
  Expected<RunResult> run = run_experiment(*problem, *settings);
  if (!run) return fail(run.failure());
  TrainingOut out;
  out.data = summarize(*problem);
  const bool quadratic = problem->spec().model == ModelKind::linear;
  const double optimal_loss = quadratic ? problem->gram()->optimal_loss : std::numeric_limits<double>::quiet_NaN();
  out.run = to_out(*run, settings->optimizer.learning_rate, diagnose(curve_from_run(*run, optimal_loss)));
  if (problem->spec().model == ModelKind::linear) {
    out.curvature = val(to_out(curvature_report(*problem, settings->optimizer.momentum, settings->seed)));
  }
  return ok(out);
}

val range_test(val config) {
  const Expected<RangeTestRequest> request = read_settings<RangeTestRequest>(config);
  if (!request) return fail(request.failure());
  if (const auto limits = within_limits(*request, "this range test"); !limits) return fail(limits.failure());
  Expected<Problem> problem = make_problem(request->data, find_loaded);
  if (!problem) return fail(problem.failure());
  Expected<RangeTestResult> r = run_range_test(*problem, request->settings);
  if (!r) return fail(r.failure());
  RangeTestOut out;
  out.data = summarize(*problem);
  out.learning_rate = to_f64(r->learning_rate);
  out.loss = to_f64(r->loss);
  out.smoothed_loss = to_f64(r->smoothed_loss);
  out.stopped_early = r->stopped_early;
  out.stop_iteration = r->stop_iteration;
  out.valley = r->valley;
  out.steepest = r->steepest;
  out.minimum_div10 = r->minimum_div10;
  out.valley_index = r->valley_index;
  out.steepest_index = r->steepest_index;
  out.minimum_index = r->minimum_index;
  return ok(out);
}

val curvature(val config) {
  const Expected<CurvatureRequest> request = read_settings<CurvatureRequest>(config);
  if (!request) return fail(request.failure());
  if (const auto limits = within_limits(*request, "this curvature report"); !limits) return fail(limits.failure());
  const CurvatureRequest& spec = *request;
  Expected<Problem> problem = make_problem(spec.data, find_loaded);
  if (!problem) return fail(problem.failure());
  CurvatureResultOut out;
  out.data = summarize(*problem);
  out.report = to_out(curvature_report(*problem, spec.momentum, static_cast<std::uint64_t>(spec.seed)));
  if (problem->spec().model == ModelKind::linear && problem->data().features() >= 2) {
    Expected<ContourSet> contours = linear_contours(
        *problem->gram(), Eigen::Vector2d(spec.through_w1, spec.through_w2), spec.contour_count);
    if (!contours) return fail(contours.failure());
    out.contours = to_js(*contours);
  }
  return ok(out);
}

val schedule_preview(val config, double peak, double steps_number) {
  // A double, not an int: embind would wrap 2**32 + 100 to 100 on the way in.
  if (!std::isfinite(steps_number) || std::floor(steps_number) != steps_number ||
      steps_number < 1 || steps_number > kMaxSteps) {
    return fail(field_error("steps", "steps must be a whole number in [1, " + std::to_string(kMaxSteps) +
                                         "], got " + describe_js(val(steps_number))));
  }
  const int steps = static_cast<int>(steps_number);
  Schedule schedule_settings;
  if (const auto read = ValReader::read_into(config, "schedule", schedule_settings); !read) {
    return fail(read.failure());
  }
  const Schedule* schedule = &schedule_settings;
  const Expected<Ok> valid = validate_schedule(*schedule, peak, steps);
  if (!valid) return fail(within("schedule", valid.failure()));
  return ok(to_f64(lrlab::schedule_preview(*schedule, peak, steps)));
}

val memory_stats() {
  const struct mallinfo info = mallinfo();
  val out = val::object();
  out.set("in_use", static_cast<double>(info.uordblks));
  out.set("heap_size", static_cast<double>(emscripten_get_heap_size()));
  out.set("heap_max", static_cast<double>(emscripten_get_heap_max()));
  return ok(out);
}

val out_of_memory() {
  const double megabytes = static_cast<double>(emscripten_get_heap_max()) / (1024.0 * 1024.0);
  return fail("this request needs more memory than LR Lab's engine may use (" +
              std::to_string(static_cast<long long>(megabytes)) +
              " MB); nothing was kept from it. Use fewer rows (a sample of the file), a "
              "mini-batch instead of all rows, fewer hidden units, or forget a loaded dataset");
}

val internal_failure(const char* what) {
  std::string detail = what != nullptr ? what : "";
  if (detail.size() > 80) detail = detail.substr(0, 80) + "…";
  return fail("the engine stopped this request on an internal error" +
              (detail.empty() ? std::string() : " (" + detail + ")") +
              "; nothing was kept from it, and other requests still work");
}

}  // namespace lrlab::api

namespace lrlab::api {

val get_data(val data) {
  DataSettings spec;
  if (const auto read = ValReader::read_into(data, "data", spec); !read) return fail(read.failure());
  Expected<Problem> problem = make_problem(spec, find_loaded);
  if (!problem) return fail(problem.failure());
  const Dataset& d = problem->data();
  // Row-major copies: X as the model sees it (after scaling) and in raw units.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> scaled = d.X;
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> raw =
      problem->transform().invert(d.X);
  val out = val::object();
  out.set("summary", summarize(*problem));
  out.set("X", to_f64(scaled.data(), static_cast<size_t>(scaled.size())));
  out.set("X_raw", to_f64(raw.data(), static_cast<size_t>(raw.size())));
  out.set("y", to_f64(d.y));
  return ok(out);
}

// Times the sweep kernel inside the module (no marshalling): the figure compared with the
// native benchmark in BENCHMARKS.md.
val benchmark_sweep(val config, int repetitions, bool use_gram_path) {
  Expected<SweepRequest> request = read_settings<SweepRequest>(config);
  if (!request) return fail(request.failure());
  SweepSettings* settings = &request->settings;
  settings->use_gram_path = use_gram_path;
  Expected<Problem> problem = make_problem(request->data, find_loaded);
  if (!problem) return fail(problem.failure());
  if (repetitions < 1 || repetitions > 100000) {
    return fail("repetitions must be between 1 and 100000, got " + std::to_string(repetitions));
  }
  double checksum = 0.0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < repetitions; ++i) {
    Expected<SweepResult> sweep = lrlab::run_sweep(*problem, *settings);
    if (!sweep) return fail(sweep.failure());
    checksum += sweep->runs.back().result.loss.back();
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  val out = val::object();
  out.set("ms_per_sweep", ms / repetitions);
  out.set("checksum", checksum);
  return ok(out);
}

namespace {

// Reads a call's settings and answers {work, rows, features} with its work_of estimate.
template <typename Request>
val estimate(const val& config) {
  const Expected<Request> request = read_settings<Request>(config);
  if (!request) return fail(request.failure());
  const Expected<DataShape> shape = shape_of(request->data);
  if (!shape) return fail(shape.failure());
  const Expected<double> work = work_of(*request, *shape);
  if (!work) return fail(work.failure());
  val out = val::object();
  out.set("work", *work);
  out.set("rows", shape->rows);
  out.set("features", shape->features);
  return ok(out);
}

}  // namespace

// Floating-point operations the call would take (lrlab/cost.hpp), from the same settings.
val estimate_cost(const std::string& method, val config) {
  if (method == "runSweep") return estimate<SweepRequest>(config);
  if (method == "runTraining") return estimate<RunRequest>(config);
  if (method == "rangeTest") return estimate<RangeTestRequest>(config);
  if (method == "curvature") return estimate<CurvatureRequest>(config);
  return fail("no cost estimate for '" + method + "'; known: runSweep, runTraining, rangeTest, curvature");
}

}  // namespace lrlab::api
