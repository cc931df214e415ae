// Checks settings against their one description (field.hpp): every number finite and in its
// range, for the settings the chosen kind reads. The first failure is returned with the
// setting's path ("optimizer.momentum") and a message naming the valid range. Checks that
// involve two settings or the data (batch size ≤ rows, warm-up shorter than the run) are
// written beside the code they protect (validate_run, validate_schedule, grid_values).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "field.hpp"
#include "names.hpp"

namespace lrlab {

class FieldValidator {
 public:
  explicit FieldValidator(std::string prefix = "") : prefix_(std::move(prefix)) {}

  void field(const FieldInfo& info, double value) { check(info, value); }
  void field(const FieldInfo& info, int value) { check(info, value); }
  void field(const FieldInfo& info, std::uint64_t value) { check(info, static_cast<double>(value)); }
  void field(const FieldInfo&, bool) {}
  // A choice: the optimizer's or schedule's `kind` (or the data's `model`) decides which of
  // the settings after it are read, and so checked.
  template <typename Kind, typename = std::enable_if_t<std::is_enum_v<Kind>>>
  void field(const FieldInfo& info, Kind value) {
    const std::string name = info.name;
    if (name == "kind" || name == "model") kind_ = to_string(value);
  }
  void ladder(const FieldInfo& info, Ladder ladder, double factor) {
    if (ladder == Ladder::geometric) check(info, factor);
  }
  void dataset(const FieldInfo&, const std::string&) {}
  template <typename Nested>
  void group(const FieldInfo& info, const Nested& nested) {
    if (error) return;
    FieldValidator inner(path(info));
    visit_fields(nested, inner);
    if (inner.error) error = inner.error;
  }

  std::optional<Error> error;  // the first failure

 private:
  std::string path(const FieldInfo& info) const {
    return prefix_.empty() ? info.name : prefix_ + "." + info.name;
  }
  void check(const FieldInfo& info, double value) {
    if (error || !used_by_kind(info, kind_)) return;
    if (!std::isfinite(value) || !info.range.contains(value)) error = range_error(path(info), info, value);
  }

  std::string prefix_;
  std::string kind_;
};

// Ok, or the first setting of `settings` outside its range (path prefixed with `prefix`).
template <typename Settings>
Expected<Ok> check_fields(const Settings& settings, const std::string& prefix = "") {
  FieldValidator validator(prefix);
  visit_fields(settings, validator);
  if (validator.error) return *validator.error;
  return Ok{};
}

}  // namespace lrlab
