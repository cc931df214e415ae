// Expected<T>: a value or a learner-readable error message.
//
// The engine never throws for bad input and never aborts: every operation that can
// fail on user input returns Expected<T>, and the message names what was wrong and
// what is allowed ("learning rate must be > 0, got -1"). Divergence is not an error;
// it is a field of the run result.
#pragma once

#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <variant>

namespace lrlab {

// A learner-readable message and, when one setting is to blame, that setting's path in the
// API's settings ("optimizer.momentum", "steps"), so the page can mark the control.
struct Error {
  std::string message;
  std::string field;
};

// The value of an Expected that only reports success or failure.
struct Ok {};

template <typename T>
class Expected {
 public:
  Expected(T value) : data_(std::move(value)) {}          // NOLINT: implicit by design
  Expected(Error error) : data_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(data_); }
  T& value() & { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const std::string& error() const { return std::get<Error>(data_).message; }
  const Error& failure() const { return std::get<Error>(data_); }

 private:
  std::variant<T, Error> data_;
};

inline Error make_error(std::string message) { return Error{std::move(message), {}}; }
inline Error field_error(std::string field, std::string message) {
  return Error{std::move(message), std::move(field)};
}
// The same failure seen from an enclosing settings struct: "momentum" → "optimizer.momentum".
inline Error within(const std::string& prefix, Error error) {
  if (!error.field.empty() && !prefix.empty()) error.field = prefix + "." + error.field;
  return error;
}

// printf of one number (`format` is one double conversion, e.g. "%g") with '.' as the
// decimal point whatever LC_NUMERIC says: snprintf instead of an ostringstream keeps
// iostreams and locales out of the WebAssembly module.
inline std::string print_number(const char* format, double value) {
  char out[48];
  std::snprintf(out, sizeof out, format, value);
  std::string text = out;
  const char* point = std::localeconv()->decimal_point;
  if (point != nullptr && point[0] != '\0' && std::strcmp(point, ".") != 0) {
    const size_t at = text.find(point);
    if (at != std::string::npos) text.replace(at, std::strlen(point), ".");
  }
  return text;
}

// A number as a learner reads it in a message: 6 significant digits, "-1", "0.001", "1e-05";
// whole numbers in full ("1000000", not "1e+06").
inline std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  // The text a default-formatted ostream gives (%g is how its format is defined).
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  return print_number("%g", value);
}

}  // namespace lrlab
