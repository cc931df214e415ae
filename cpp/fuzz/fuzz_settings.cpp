// libFuzzer target: settings → validation → a short run, through the engine's own settings
// description (lrlab/field.hpp), as the WASM API does it (cpp/wasm/api.cpp) but without JS.
// Built with -fsanitize=fuzzer,address,undefined (CMake option LRLAB_FUZZ, clang only).
//
// An input is text, one item a line:
//   sweep | run | range_test | curvature | schedule     the call (first line; default sweep)
//   path=value                                          a setting ("optimizer.kind=adam",
//                                                       "steps=1e10", "start=nan", "data.dataset=csv-1")
//   peak=… / preview_steps=…                            schedule: the preview's peak and length
//   csv                                                 the rest of the input is a CSV file,
//                                                       loaded as dataset "csv-1"
// A value is a number when strtod reads all of it ("nan", "inf", "-0", "1e400" too), true or
// false, otherwise text. As in JS, an unknown setting, a number where text is expected, a
// fractional whole number or an unknown choice is an error naming the setting.
//
// Any input: an error with a non-empty message, or a result whose numbers
// are what the engine promises (finite start loss, no "nan" in a reason or the advice).
// Calls estimated above a small work budget are skipped after their estimate, so that every
// execution stays short.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "lrlab/cost.hpp"
#include "lrlab/csv.hpp"
#include "lrlab/curvature.hpp"
#include "lrlab/dataset.hpp"
#include "lrlab/diagnose.hpp"
#include "lrlab/field.hpp"
#include "lrlab/names.hpp"
#include "lrlab/requests.hpp"
#include "lrlab/schedule.hpp"
#include "lrlab/validate.hpp"

namespace {

using namespace lrlab;

// Floating-point operations a fuzzed call may take (the API allows kMaxCallWork).
constexpr double kFuzzWork = 3e6;

struct Value {
  std::string text;
  std::optional<double> number;
  std::optional<bool> boolean;
};

Value parse_value(const std::string& text) {
  Value v{text, std::nullopt, std::nullopt};
  if (text == "true") v.boolean = true;
  if (text == "false") v.boolean = false;
  if (!text.empty()) {
    char* end = nullptr;
    const double x = std::strtod(text.c_str(), &end);
    if (end != text.c_str() && *end == '\0') v.number = x;
  }
  return v;
}

// A number printed from NaN or infinity by C ("-nan %", "inf %"): what issue 12 found in a
// reason. (A message may quote "NaN" the learner gave, or a column named nan: not this.)
bool has_nan_text(const std::string& s) {
  for (const char* bad : {"-nan", "nan %", "inf %", "nan%", "inf%"}) {
    if (s.find(bad) != std::string::npos) return true;
  }
  return false;
}

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

// Reads settings from the flat path=value map, as read.hpp does from a JS object.
class MapReader {
 public:
  MapReader(const std::map<std::string, Value>& values, std::string prefix)
      : values_(values), prefix_(std::move(prefix)) {}

  void field(const FieldInfo& info, double& out) {
    if (const Value* v = take(info)) {
      if (!v->number) return fail(info, "must be a number");
      out = *v->number;
    }
  }
  void field(const FieldInfo& info, int& out) {
    if (const Value* v = take(info)) {
      const std::optional<double> whole = whole_number(info, *v);
      if (!whole) return;
      if (std::fabs(*whole) > 2147483647.0) return fail(info, "is out of range");
      out = static_cast<int>(*whole);
    }
  }
  void field(const FieldInfo& info, std::uint64_t& out) {
    if (const Value* v = take(info)) {
      const std::optional<double> whole = whole_number(info, *v);
      if (!whole) return;
      if (*whole < 0.0 || *whole > 9007199254740991.0) return fail(info, "is out of range");
      out = static_cast<std::uint64_t>(*whole);
    }
  }
  void field(const FieldInfo& info, bool& out) {
    if (const Value* v = take(info)) {
      if (!v->boolean) return fail(info, "must be true or false");
      out = *v->boolean;
    }
  }
  template <typename Kind, typename = std::enable_if_t<std::is_enum_v<Kind>>>
  void field(const FieldInfo& info, Kind& out) {
    if (const Value* v = take(info)) {
      const Expected<Kind> parsed = parse_choice<Kind>(v->text);
      if (!parsed) return set_error(field_error(path(info), parsed.error()));
      out = *parsed;
    }
  }
  void ladder(const FieldInfo& info, Ladder& ladder, double& factor) {
    const Value* v = take(info);
    if (!v) return;
    if (v->text == "x3") {
      ladder = Ladder::one_three_ten;
      factor = 3.0;
    } else if (v->text == "x10") {
      ladder = Ladder::geometric;
      factor = 10.0;
    } else if (v->number) {
      ladder = Ladder::geometric;
      factor = *v->number;
    } else {
      fail(info, "must be x3, x10 or a number > 1");
    }
  }
  void dataset(const FieldInfo& info, std::string& out) {
    if (const Value* v = take(info)) out = v->text;
  }
  template <typename Nested>
  void group(const FieldInfo& info, Nested& nested) {
    known_.push_back(info.name);
    if (error_) return;
    MapReader inner(values_, path(info));
    visit_fields(nested, inner);
    if (inner.error_) set_error(*inner.error_);
  }

  template <typename Settings>
  static Expected<Settings> read(const std::map<std::string, Value>& values) {
    Settings settings;
    MapReader reader(values, "");
    visit_fields(settings, reader);
    if (reader.error_) return *reader.error_;
    return settings;
  }

 private:
  std::string path(const FieldInfo& info) const {
    return prefix_.empty() ? info.name : prefix_ + "." + info.name;
  }
  const Value* take(const FieldInfo& info) {
    known_.push_back(info.name);
    if (error_) return nullptr;
    const auto it = values_.find(path(info));
    return it == values_.end() ? nullptr : &it->second;
  }
  std::optional<double> whole_number(const FieldInfo& info, const Value& v) {
    if (!v.number || !std::isfinite(*v.number) || std::floor(*v.number) != *v.number) {
      fail(info, "must be a whole number");
      return std::nullopt;
    }
    return *v.number;
  }
  void fail(const FieldInfo& info, const std::string& what) {
    set_error(field_error(path(info), path(info) + " " + what));
  }
  void set_error(Error error) {
    if (!error_) error_ = std::move(error);
  }

  const std::map<std::string, Value>& values_;
  std::string prefix_;
  std::vector<std::string> known_;
  std::optional<Error> error_;
};

void check_error(const Error& error) {
  if (error.message.empty()) broken("an error without a message");
}

template <typename T>
bool failed(const Expected<T>& result) {
  if (result) return false;
  check_error(result.failure());
  return true;
}

void check_run(const RunResult& run) {
  if (run.loss.empty()) broken("a run without a loss");
  if (!std::isfinite(run.initial_loss)) broken("a non-finite start loss on accepted data");
  if (run.initial_loss < 0.0) broken("a negative start loss");
}

void check_diagnosis(const Diagnosis& d) {
  if (has_nan_text(d.reason)) broken("nan in a diagnosis reason");
}

// Reads, validates, estimates and (within the fuzz budget) runs one call.
template <typename Request, typename Work, typename Run>
void call(const std::map<std::string, Value>& values, const LoadedLookup& lookup, Work work, Run run) {
  const Expected<Request> request = MapReader::read<Request>(values);
  if (failed(request)) return;
  if (failed(check_fields(*request))) return;
  DataShape shape;
  if (const Dataset* d = lookup(request->data.dataset)) {
    shape = {d->rows(), d->features()};
  } else {
    bool found = false;
    for (const DatasetInfo& info : builtin_datasets()) {
      if (info.name == request->data.dataset) {
        shape = {info.rows, info.features};
        found = true;
      }
    }
    if (!found) return;  // make_problem names it; nothing to run
  }
  const Expected<double> estimate = work(*request, shape);
  if (failed(estimate)) return;
  if (!std::isfinite(*estimate) || *estimate < 0.0) broken("a cost estimate that is not a number");
  if (failed(check_work(*estimate, "this call"))) return;
  if (*estimate > kFuzzWork) return;
  const Expected<Problem> problem = make_problem(request->data, lookup);
  if (failed(problem)) return;
  run(*request, *problem);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string method = "sweep";
  std::map<std::string, Value> values;
  std::optional<Dataset> csv;
  std::size_t pos = 0;
  bool first = true;
  while (pos < input.size()) {
    std::size_t end = input.find('\n', pos);
    if (end == std::string::npos) end = input.size();
    const std::string line = input.substr(pos, end - pos);
    pos = end + 1;
    if (line == "csv") {
      const Expected<Dataset> parsed = parse_csv(input.substr(std::min(pos, input.size())), CsvOptions{});
      if (parsed) csv = *parsed;
      break;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) {
      if (first) method = line;
    } else {
      values[line.substr(0, eq)] = parse_value(line.substr(eq + 1));
    }
    first = false;
  }
  const LoadedLookup lookup = [&csv](const std::string& id) -> const Dataset* {
    return csv && id == "csv-1" ? &*csv : nullptr;
  };

  if (method == "run") {
    call<RunRequest>(values, lookup,
        [](const RunRequest& r, const DataShape& s) -> Expected<double> { return run_work(r.data.problem, s, r.settings); },
        [](const RunRequest& r, const Problem& problem) {
          const Expected<RunResult> run = run_experiment(problem, r.settings);
          if (failed(run)) return;
          check_run(*run);
          const double optimal = problem.spec().model == ModelKind::linear ? problem.gram()->optimal_loss : NAN;
          check_diagnosis(diagnose(curve_from_run(*run, optimal)));
        });
  } else if (method == "range_test") {
    call<RangeTestRequest>(values, lookup,
        [](const RangeTestRequest& r, const DataShape& s) -> Expected<double> { return range_test_work(r.data.problem, s, r.settings); },
        [](const RangeTestRequest& r, const Problem& problem) {
          const Expected<RangeTestResult> result = run_range_test(problem, r.settings);
          if (failed(result)) return;
          for (const double rate : result->learning_rate) {
            if (!std::isfinite(rate) || rate <= 0.0) broken("a range test rate that is not a positive number");
          }
        });
  } else if (method == "curvature") {
    call<CurvatureRequest>(values, lookup,
        [](const CurvatureRequest& r, const DataShape& s) -> Expected<double> { return curvature_work(r.data.problem, s); },
        [](const CurvatureRequest& r, const Problem& problem) {
          (void)curvature_report(problem, r.momentum, r.seed);
          if (problem.spec().model == ModelKind::linear && problem.data().features() >= 2) {
            const Expected<ContourSet> contours =
                linear_contours(*problem.gram(), Eigen::Vector2d(r.through_w1, r.through_w2), r.contour_count);
            (void)failed(contours);
          }
        });
  } else if (method == "schedule") {
    const Expected<Schedule> schedule = MapReader::read<Schedule>(values);
    if (failed(schedule)) return 0;
    const auto peak_it = values.find("peak");
    const auto steps_it = values.find("preview_steps");
    const double peak = peak_it != values.end() && peak_it->second.number ? *peak_it->second.number : 0.1;
    const double steps = steps_it != values.end() && steps_it->second.number ? *steps_it->second.number : 100;
    if (!std::isfinite(steps) || std::floor(steps) != steps || steps < 1 || steps > kMaxSteps) return 0;
    if (failed(validate_schedule(*schedule, peak, static_cast<int>(steps)))) return 0;
    for (const double rate : schedule_preview(*schedule, peak, static_cast<int>(steps))) {
      if (!std::isfinite(rate) || rate < 0.0) broken("a scheduled rate that is not a number ≥ 0");
    }
  } else {
    call<SweepRequest>(values, lookup,
        [](const SweepRequest& r, const DataShape& s) -> Expected<double> { return sweep_work(r.data.problem, s, r.settings); },
        [](const SweepRequest& r, const Problem& problem) {
          const Expected<SweepResult> sweep = run_sweep(problem, r.settings);
          if (failed(sweep)) return;
          if (sweep->runs.empty()) broken("a sweep without runs");
          for (const SweepRun& run : sweep->runs) {
            check_run(run.result);
            check_diagnosis(run.diagnosis);
          }
          if (has_nan_text(sweep->advice)) broken("nan in the sweep's advice");
        });
  }
  return 0;
}
