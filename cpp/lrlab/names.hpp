// Name tables: the words the page, the URL hash and the API use for each choice.
// Parsing an unknown name gives an error that lists the valid ones.
#pragma once

#include <string>
#include <vector>

#include "diagnose.hpp"
#include "expected.hpp"
#include "model.hpp"
#include "optimizer.hpp"
#include "schedule.hpp"
#include "sweep.hpp"
#include "transform.hpp"

namespace lrlab {

std::string to_string(ModelKind kind);
std::string to_string(OptimizerKind kind);
std::string to_string(ScheduleKind kind);
std::string to_string(Scaling kind);
std::string to_string(Label label);
std::string to_string(Task task);

// Generic forms for the settings visitors (field.hpp): every name of a choice, in display
// order, and parsing by type. Defined for ModelKind, OptimizerKind, ScheduleKind, Scaling;
// choice_names also for Label (the schema lists the diagnosis labels).
template <typename Kind>
std::vector<std::string> choice_names();
template <typename Kind>
Expected<Kind> parse_choice(const std::string& name);

Expected<ModelKind> parse_model(const std::string& name);          // linear, logistic, mlp
Expected<OptimizerKind> parse_optimizer(const std::string& name);  // gd, sgd, momentum, …
Expected<ScheduleKind> parse_schedule(const std::string& name);    // constant, step, …
Expected<Scaling> parse_scaling(const std::string& name);          // none, min_max, z_score

}  // namespace lrlab
