// The settings schema: every call's settings, from their one description (field.hpp), as
// JSON — name, type, default, range, choices, which kinds read each one, help text. The
// page builds its controls, URL hash and engine calls from it (web/state.js); the build
// writes it beside the code excerpts (web/study/schema.generated.json).
#pragma once

#include <string>

namespace lrlab {

// {"version": 1, "calls": {"run": {…}, "sweep": {…}, "range_test": {…}, "curvature": {…},
//  "schedule": {…}}, "labels": [the diagnosis labels], "limits": {…}}. A group is {"type": "group", "help", "fields": {…}};
// a setting is {"type": "number" | "integer" | "boolean" | "choice" | "factor" | "dataset",
// "default", "help", and where they apply "min", "max", "min_open", "max_open", "choices",
// "used_by"}.
std::string settings_schema_json();

}  // namespace lrlab
