#include "names.hpp"

#include <array>
#include <utility>

namespace lrlab {

namespace {

template <typename Kind, size_t N>
using Table = std::array<std::pair<Kind, const char*>, N>;

constexpr Table<ModelKind, 3> kModels{{
    {ModelKind::linear, "linear"}, {ModelKind::logistic, "logistic"}, {ModelKind::mlp, "mlp"}}};
constexpr Table<OptimizerKind, 6> kOptimizers{{{OptimizerKind::gd, "gd"},
                                              {OptimizerKind::sgd, "sgd"},
                                              {OptimizerKind::momentum, "momentum"},
                                              {OptimizerKind::nesterov, "nesterov"},
                                              {OptimizerKind::rmsprop, "rmsprop"},
                                              {OptimizerKind::adam, "adam"}}};
constexpr Table<ScheduleKind, 7> kSchedules{{{ScheduleKind::constant, "constant"},
                                            {ScheduleKind::step, "step"},
                                            {ScheduleKind::exponential, "exponential"},
                                            {ScheduleKind::warmup_cosine, "warmup_cosine"},
                                            {ScheduleKind::sgdr, "sgdr"},
                                            {ScheduleKind::triangular, "triangular"},
                                            {ScheduleKind::one_cycle, "one_cycle"}}};
constexpr Table<Scaling, 5> kScalings{
    {{Scaling::none, "none"},
     {Scaling::min_max, "min_max"},
     {Scaling::z_score, "z_score"},
     {Scaling::center, "center"},
     {Scaling::unit_variance, "unit_variance"}}};
constexpr Table<Label, 6> kLabels{{{Label::too_low, "too_low"},
                                   {Label::good, "good"},
                                   {Label::past_peak, "past_peak"},
                                   {Label::oscillating, "oscillating"},
                                   {Label::unstable, "unstable"},
                                   {Label::diverged, "diverged"}}};

template <typename Kind, size_t N>
std::string name_of(const Table<Kind, N>& table, Kind kind) {
  for (const auto& [k, name] : table) if (k == kind) return name;
  return "?";
}

template <typename Kind, size_t N>
Expected<Kind> parse(const Table<Kind, N>& table, const std::string& name, const char* what) {
  std::string valid;
  for (const auto& [kind, n] : table) {
    if (name == n) return kind;
    valid += valid.empty() ? n : std::string(", ") + n;
  }
  return make_error("unknown " + std::string(what) + " '" + name + "'; expected one of: " + valid);
}

}  // namespace

std::string to_string(ModelKind k) { return name_of(kModels, k); }
std::string to_string(OptimizerKind k) { return name_of(kOptimizers, k); }
std::string to_string(ScheduleKind k) { return name_of(kSchedules, k); }
std::string to_string(Scaling k) { return name_of(kScalings, k); }
std::string to_string(Label k) { return name_of(kLabels, k); }
std::string to_string(Task t) { return t == Task::classification ? "classification" : "regression"; }

Expected<ModelKind> parse_model(const std::string& n) { return parse(kModels, n, "model"); }
Expected<OptimizerKind> parse_optimizer(const std::string& n) { return parse(kOptimizers, n, "optimizer"); }
Expected<ScheduleKind> parse_schedule(const std::string& n) { return parse(kSchedules, n, "schedule"); }
Expected<Scaling> parse_scaling(const std::string& n) { return parse(kScalings, n, "scaling"); }

namespace {
template <typename Kind, size_t N>
std::vector<std::string> names_in(const Table<Kind, N>& table) {
  std::vector<std::string> out;
  for (const auto& entry : table) out.emplace_back(entry.second);
  return out;
}
}  // namespace

template <> std::vector<std::string> choice_names<ModelKind>() { return names_in(kModels); }
template <> std::vector<std::string> choice_names<OptimizerKind>() { return names_in(kOptimizers); }
template <> std::vector<std::string> choice_names<ScheduleKind>() { return names_in(kSchedules); }
template <> std::vector<std::string> choice_names<Scaling>() { return names_in(kScalings); }
template <> std::vector<std::string> choice_names<Label>() { return names_in(kLabels); }
template <> Expected<ModelKind> parse_choice<ModelKind>(const std::string& n) { return parse_model(n); }
template <> Expected<OptimizerKind> parse_choice<OptimizerKind>(const std::string& n) { return parse_optimizer(n); }
template <> Expected<ScheduleKind> parse_choice<ScheduleKind>(const std::string& n) { return parse_schedule(n); }
template <> Expected<Scaling> parse_choice<Scaling>(const std::string& n) { return parse_scaling(n); }

}  // namespace lrlab
