// Expected<T>: a value or a learner-readable error message.
//
// The engine never throws for bad input and never aborts: every operation that can
// fail on user input returns Expected<T>, and the message names what was wrong and
// what is allowed ("learning rate must be > 0, got -1"). Divergence is not an error;
// it is a field of the run result.
#pragma once

#include <cmath>
#include <sstream>
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

// A number as a learner reads it in a message: 6 significant digits, "-1", "0.001", "1e-05";
// whole numbers in full ("1000000", not "1e+06").
inline std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  std::ostringstream out;
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    out << static_cast<long long>(value);
  } else {
    out << value;
  }
  return out.str();
}

}  // namespace lrlab
