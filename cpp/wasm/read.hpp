// JS settings → engine settings, driven by the engine's one description of each settings
// struct (lrlab/field.hpp): no mirror structs. A setting left out keeps the engine's default;
// an unknown name, a wrong type, a fractional whole number or an unknown choice is an error
// naming the setting's path ("optimizer.kind"). Ranges are checked afterwards by the
// engine's validator, from the same description.
#pragma once

#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "lrlab/field.hpp"
#include "lrlab/names.hpp"
#include "lrlab/validate.hpp"

namespace lrlab::api {

using emscripten::val;

// JSON-like text of a JS value, for messages ("got 'fast'", "got 2.5").
std::string describe_js(const val& value);

class ValReader {
 public:
  ValReader(val object, std::string prefix) : object_(std::move(object)), prefix_(std::move(prefix)) {}

  void field(const FieldInfo& info, double& out) {
    if (auto v = take(info)) {
      if (!is_number(*v)) return fail(info, "must be a number", *v);
      out = v->as<double>();
    }
  }
  void field(const FieldInfo& info, int& out) {
    if (auto v = take(info)) {
      const std::optional<double> whole = whole_number(info, *v);
      if (!whole) return;
      if (std::fabs(*whole) > 2147483647.0) return fail(info, "is out of range", *v);
      out = static_cast<int>(*whole);
    }
  }
  void field(const FieldInfo& info, std::uint64_t& out) {
    if (auto v = take(info)) {
      const std::optional<double> whole = whole_number(info, *v);
      if (!whole) return;
      if (*whole < 0.0 || *whole > 9007199254740991.0) {
        return fail(info, "must be " + info.range.describe(), *v);
      }
      out = static_cast<std::uint64_t>(*whole);
    }
  }
  void field(const FieldInfo& info, bool& out) {
    if (auto v = take(info)) {
      if (!v->isTrue() && !v->isFalse()) return fail(info, "must be true or false", *v);
      out = v->isTrue();
    }
  }
  template <typename Kind, typename = std::enable_if_t<std::is_enum_v<Kind>>>
  void field(const FieldInfo& info, Kind& out) {
    if (auto v = take(info)) {
      if (!v->isString()) return fail(info, "must be text", *v);
      const Expected<Kind> parsed = parse_choice<Kind>(v->as<std::string>());
      if (!parsed) return set_error(field_error(path(info), parsed.error()));
      out = *parsed;
    }
  }
  // "x3" (or "×3"): the 1-3-10 ladder; "x10": ×10; "x2", a number or its text: that factor.
  void ladder(const FieldInfo& info, Ladder& ladder, double& factor) {
    auto v = take(info);
    if (!v) return;
    if (is_number(*v)) {
      ladder = Ladder::geometric;
      factor = v->as<double>();
      return;
    }
    if (!v->isString()) return fail(info, "must be x3, x10 or a number > 1", *v);
    const std::string text = v->as<std::string>();
    if (text == "x3" || text == "×3") {
      ladder = Ladder::one_three_ten;
      factor = 3.0;
      return;
    }
    if (text == "x10" || text == "×10") {
      ladder = Ladder::geometric;
      factor = 10.0;
      return;
    }
    // "x2", "×1.5" or plain "2": a geometric grid with that factor.
    const std::string digits = text.rfind("x", 0) == 0 ? text.substr(1) : text.rfind("×", 0) == 0 ? text.substr(2) : text;
    char* end = nullptr;
    const double number = std::strtod(digits.c_str(), &end);
    if (digits.empty() || end == digits.c_str() || *end != '\0' || !std::isfinite(number)) {
      return set_error(field_error(path(info), "sweep factor must be x3, x10 or a number > 1, got '" + text + "'"));
    }
    ladder = Ladder::geometric;
    factor = number;
  }
  void dataset(const FieldInfo& info, std::string& out) {
    if (auto v = take(info)) {
      if (!v->isString()) return fail(info, "must be text", *v);
      out = v->as<std::string>();
    }
  }
  template <typename Nested>
  void group(const FieldInfo& info, Nested& nested) {
    auto v = take(info);
    if (!v) return;
    if (const auto read = read_into(*v, path(info), nested); !read) set_error(read.failure());
  }

  // Reads `js` (an object, or undefined/null for all defaults) into `settings`.
  template <typename Settings>
  static Expected<Ok> read_into(const val& js, const std::string& prefix, Settings& settings) {
    if (js.isUndefined() || js.isNull()) return Ok{};
    if (js.typeOf().as<std::string>() != "object" || val::global("Array").call<bool>("isArray", js)) {
      return field_error(prefix, (prefix.empty() ? std::string("settings") : prefix) +
                                     " must be an object, got " + describe_js(js));
    }
    ValReader reader(js, prefix);
    visit_fields(settings, reader);
    if (reader.error_) return *reader.error_;
    return reader.check_unknown();
  }

 private:
  static bool is_number(const val& v) { return v.isNumber(); }

  std::string path(const FieldInfo& info) const {
    return prefix_.empty() ? info.name : prefix_ + "." + info.name;
  }
  // The JS value of a setting, or nothing when it is absent (undefined) or an error is set.
  std::optional<val> take(const FieldInfo& info) {
    known_.push_back(info.name);
    if (error_) return std::nullopt;
    val v = object_[info.name];
    if (v.isUndefined()) return std::nullopt;
    return v;
  }
  std::optional<double> whole_number(const FieldInfo& info, const val& v) {
    if (!is_number(v)) {
      fail(info, "must be a whole number", v);
      return std::nullopt;
    }
    const double x = v.as<double>();
    if (!std::isfinite(x) || std::floor(x) != x) {
      fail(info, "must be a whole number", v);
      return std::nullopt;
    }
    return x;
  }
  void fail(const FieldInfo& info, const std::string& what, const val& got) {
    set_error(field_error(path(info), path(info) + " " + what + ", got " + describe_js(got)));
  }
  void set_error(Error error) {
    if (!error_) error_ = std::move(error);
  }
  Expected<Ok> check_unknown() const {
    const val keys = val::global("Object").call<val>("keys", object_);
    const int n = keys["length"].as<int>();
    for (int i = 0; i < n; ++i) {
      const std::string key = keys[i].as<std::string>();
      bool found = false;
      for (const std::string& k : known_) found = found || k == key;
      if (found) continue;
      std::string list;
      for (const std::string& k : known_) list += (list.empty() ? "" : ", ") + k;
      const std::string name = prefix_.empty() ? key : prefix_ + "." + key;
      return field_error(name, "unknown setting '" + name + "'; known: " + list);
    }
    return Ok{};
  }

  val object_;
  std::string prefix_;
  std::vector<std::string> known_;
  std::optional<Error> error_;
};

// The settings of one call from JS: read, then checked against their ranges.
template <typename Settings>
Expected<Settings> read_settings(const val& js) {
  Settings settings;
  if (const auto read = ValReader::read_into(js, "", settings); !read) return read.failure();
  if (const auto valid = check_fields(settings); !valid) return valid.failure();
  return settings;
}

}  // namespace lrlab::api
