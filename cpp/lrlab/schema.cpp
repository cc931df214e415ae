#include "schema.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <vector>

#include "cost.hpp"
#include "csv.hpp"
#include "names.hpp"
#include "requests.hpp"

namespace lrlab {
namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Shortest text that reads back as the same double.
std::string number(double value) {
  char text[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

std::string string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + quoted(items[i]);
  return out + "]";
}

// Writes each setting of a (default-constructed) settings struct as one JSON member.
class SchemaWriter {
 public:
  void field(const FieldInfo& info, double value) { add(info, "number", number(value), true); }
  void field(const FieldInfo& info, int value) { add(info, "integer", number(value), true); }
  void field(const FieldInfo& info, std::uint64_t value) {
    add(info, "integer", number(static_cast<double>(value)), true);
  }
  void field(const FieldInfo& info, bool value) { add(info, "boolean", value ? "true" : "false", false); }
  template <typename Kind, typename = std::enable_if_t<std::is_enum_v<Kind>>>
  void field(const FieldInfo& info, Kind value) {
    add(info, "choice", quoted(to_string(value)), false, string_list(choice_names<Kind>()));
  }
  void ladder(const FieldInfo& info, Ladder ladder, double factor) {
    const std::string value = ladder == Ladder::one_three_ten ? "x3" : factor == 10.0 ? "x10" : number(factor);
    add(info, "factor", quoted(value), true, string_list({"x3", "x10"}));
  }
  void dataset(const FieldInfo& info, const std::string& value) {
    std::vector<std::string> names;
    for (const DatasetInfo& d : builtin_datasets()) names.push_back(d.name);
    add(info, "dataset", quoted(value), false, string_list(names));
  }
  template <typename Nested>
  void group(const FieldInfo& info, const Nested& nested) {
    members_.push_back(quoted(info.name) + ":" + group_json(info.help, nested));
  }

  template <typename Settings>
  static std::string group_json(const char* help, const Settings& settings) {
    SchemaWriter writer;
    visit_fields(settings, writer);
    std::string out = "{\"type\":\"group\",\"help\":" + quoted(help) + ",\"fields\":{";
    for (size_t i = 0; i < writer.members_.size(); ++i) out += (i ? "," : "") + writer.members_[i];
    return out + "}}";
  }

 private:
  void add(const FieldInfo& info, const char* type, const std::string& value, bool numeric,
           const std::string& choices = "") {
    std::string out = "{\"type\":" + quoted(type) + ",\"default\":" + value + ",\"help\":" + quoted(info.help);
    if (numeric) {
      if (info.range.has_min()) {
        out += ",\"min\":" + number(info.range.min) + ",\"min_open\":" + (info.range.min_open ? "true" : "false");
      }
      if (info.range.has_max()) {
        out += ",\"max\":" + number(info.range.max) + ",\"max_open\":" + (info.range.max_open ? "true" : "false");
      }
    }
    if (!choices.empty()) out += ",\"choices\":" + choices;
    if (!info.used_by.empty()) {
      out += ",\"used_by\":" + string_list(std::vector<std::string>(info.used_by.begin(), info.used_by.end()));
    }
    members_.push_back(quoted(info.name) + ":" + out + "}");
  }

  std::vector<std::string> members_;
};

}  // namespace

std::string settings_schema_json() {
  std::string out = "{\"version\":1,\"calls\":{";
  out += "\"run\":" + SchemaWriter::group_json("one training run", RunRequest{});
  out += ",\"sweep\":" + SchemaWriter::group_json("one short run per α of a log grid", SweepRequest{});
  out += ",\"range_test\":" + SchemaWriter::group_json("the LR range test", RangeTestRequest{});
  out += ",\"curvature\":" + SchemaWriter::group_json("Hessian eigenvalues, rate bounds, contours", CurvatureRequest{});
  out += ",\"schedule\":" + SchemaWriter::group_json("a learning-rate schedule", Schedule{});
  out += "},\"labels\":" + string_list(choice_names<Label>());
  out += ",\"limits\":{";
  out += "\"max_steps\":" + number(kMaxSteps);
  out += ",\"max_sweep_runs\":" + number(kMaxSweepRuns);
  out += ",\"max_learning_rate\":" + number(kMaxLearningRate);
  out += ",\"max_range_test_iterations\":" + number(kMaxRangeTestIterations);
  out += ",\"max_csv_bytes\":" + number(static_cast<double>(kMaxCsvBytes));
  out += ",\"max_csv_rows\":" + number(kMaxCsvRows);
  out += ",\"max_csv_cells\":" + number(static_cast<double>(kMaxCsvCells));
  out += ",\"max_features\":" + number(kMaxFeatures);
  out += ",\"max_csv_magnitude\":" + number(kMaxCsvMagnitude);
  out += ",\"max_call_work\":" + number(kMaxCallWork);
  out += ",\"min_hidden_units\":" + number(kMinHiddenUnits);
  out += ",\"max_hidden_units\":" + number(kMaxHiddenUnits);
  out += ",\"max_seed\":" + number(kMaxSeed);
  out += "}";
  // The diagnosis thresholds (diagnose.hpp), so the page's explanations quote the engine's.
  out += ",\"thresholds\":{";
  out += "\"too_low_progress\":" + number(kTooLowProgress);
  out += ",\"past_peak_progress\":" + number(kPastPeakProgress);
  out += ",\"oscillation_flip_fraction\":" + number(kOscillationFlipFraction);
  out += ",\"unstable_rise\":" + number(kUnstableRise);
  out += ",\"noise_cost\":" + number(kNoiseCost);
  out += ",\"default_sweep_seeds\":" + number(kDefaultSweepSeeds);
  out += "}}";
  return out;
}

}  // namespace lrlab
