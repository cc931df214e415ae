// The one description of a setting: name, valid range, which kinds read it, help text.
//
// Every settings struct of the engine (OptimizerSettings, Schedule, RunSettings, LogGrid,
// RangeTestSettings, DataSettings …) describes its members once, in a specialisation of
// `Fields` beside the struct:
//
//   template <> struct Fields<OptimizerSettings> {
//     template <typename Self, typename Visitor> static void visit(Self& s, Visitor& v) {
//       v.field({"learning_rate", "α …", Range::above(0).up_to(kMaxLearningRate)}, s.learning_rate);
//       v.group({"schedule", "…"}, s.schedule);   // a nested settings struct
//     }
//   };
//
// `Self` is the struct or `const` struct, so the same description serves visitors that read
// (the schema writer, the validator, the result writer) and visitors that write (the
// JS → engine reader in cpp/wasm). Choices come from the engine's name tables (names.hpp).
// Nothing here knows about Emscripten.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "expected.hpp"

namespace lrlab {

// The description of a settings struct T: specialised beside each struct.
template <typename T>
struct Fields;

// Calls the visitor for every setting of `settings` (a struct or a const struct).
template <typename Self, typename Visitor>
void visit_fields(Self& settings, Visitor& visitor) {
  Fields<std::remove_const_t<Self>>::visit(settings, visitor);
}

// A numeric setting's valid values: an interval whose ends may be open or absent.
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;

  static Range any() { return {}; }
  static Range above(double low) { return {low, std::numeric_limits<double>::infinity(), true, false}; }
  static Range at_least(double low) { return {low, std::numeric_limits<double>::infinity(), false, false}; }
  static Range between(double low, double high) { return {low, high, false, false}; }
  static Range unit_open() { return {0.0, 1.0, false, true}; }  // [0, 1)
  Range up_to(double high) const { Range r = *this; r.max = high; r.max_open = false; return r; }
  Range below(double high) const { Range r = *this; r.max = high; r.max_open = true; return r; }

  // NaN is never contained (every comparison with NaN is false).
  bool contains(double x) const {
    const bool low_ok = min_open ? x > min : x >= min;
    const bool high_ok = max_open ? x < max : x <= max;
    return low_ok && high_ok;
  }
  bool has_min() const { return std::isfinite(min); }
  bool has_max() const { return std::isfinite(max); }

  // "in (0, 1000]", "≥ 1", "> 0", "at most 10": the words of an error message.
  std::string describe() const {
    if (has_min() && has_max()) {
      return "in " + std::string(min_open ? "(" : "[") + format_number(min) + ", " +
             format_number(max) + (max_open ? ")" : "]");
    }
    if (has_min()) return (min_open ? "> " : "≥ ") + format_number(min);
    if (has_max()) return (max_open ? "< " : "at most ") + format_number(max);
    return "a finite number";
  }
};

// What a setting is: its name (as in the API, the URL and the page), what it means, its
// valid values, and — for settings that only some optimizer or schedule kinds read — those
// kinds (empty: every kind). A setting a kind does not read is neither checked nor shown.
struct FieldInfo {
  const char* name;
  const char* help;
  Range range = Range::any();
  std::vector<const char*> used_by = {};
  const char* spoken = nullptr;  // the setting's words in a message, when not its name's
};

// The words a message uses for a setting: "learning_rate" → "learning rate".
inline std::string spoken_name(const std::string& name) {
  std::string out = name;
  for (char& c : out) if (c == '_') c = ' ';
  return out;
}

// "learning rate must be in (0, 1000], got -1" for the setting at `path`.
inline Error range_error(const std::string& path, const FieldInfo& info, double got) {
  const std::string words = info.spoken ? info.spoken : spoken_name(info.name);
  return field_error(path, words + " must be " + info.range.describe() +
                               ", got " + format_number(got));
}

inline bool used_by_kind(const FieldInfo& info, const std::string& kind) {
  if (info.used_by.empty() || kind.empty()) return true;
  for (const char* k : info.used_by) if (kind == k) return true;
  return false;
}

}  // namespace lrlab
