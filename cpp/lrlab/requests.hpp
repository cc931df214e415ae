// What each call of the API takes: which data, and the call's own settings. Each request is
// described once (field.hpp) by its visit_fields; that description is the API's settings
// schema (schema.hpp), its validation (validate.hpp) and, in cpp/wasm, the JS → engine reader.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "curvature.hpp"
#include "dataset.hpp"
#include "problem.hpp"
#include "range_test.hpp"
#include "sweep.hpp"
#include "train.hpp"

namespace lrlab {

// Which data, scaled how, with which model.
struct DataSettings {
  std::string dataset = "house";  // a built-in name, or the id of a loaded CSV
  int data_seed = 1;              // built-in datasets are generated from this seed
  ProblemSpec problem;            // model, scaling, hidden units
  // Feature engineering: append x₁·x₂, the product of the first two features, before scaling
  // (house: frontage × depth, the lot's area — the price depends on it).
  bool product_feature = false;
};

template <>
struct Fields<DataSettings> {
  template <typename Self, typename Visitor>
  static void visit(Self& s, Visitor& v) {
  v.dataset({"dataset", "a built-in dataset, or the id a loaded CSV was given"}, s.dataset);
  v.field({"data_seed", "the seed the built-in data is generated from", Range::between(0, kMaxSeed)},
          s.data_seed);
  v.field({"product_feature", "append x₁·x₂, the product of the first two features, before scaling (house: the lot's area)"},
          s.product_feature);
  visit_fields(s.problem, v);
  }
};

// A call that trains: the data, and the settings of the call (RunSettings, SweepSettings or
// RangeTestSettings), whose fields sit beside `data` in the call's JS object.
template <typename Settings>
struct TrainingRequest {
  DataSettings data;
  Settings settings;
};

using RunRequest = TrainingRequest<RunSettings>;
using SweepRequest = TrainingRequest<SweepSettings>;
using RangeTestRequest = TrainingRequest<RangeTestSettings>;

struct CurvatureRequest {
  DataSettings data;
  double momentum = 0.9;      // β of the heavy-ball bound (2 + 2β)/λmax
  std::uint64_t seed = 1;     // initial point of the power iteration (MLP)
  double through_w1 = 0.0;    // contours: the outermost passes through (w₁, w₂)
  double through_w2 = 0.0;
  int contour_count = 8;
};

constexpr int kMaxContours = 40;

constexpr const char* kDataHelp = "which data, scaled how, with which model";

template <typename Settings>
struct Fields<TrainingRequest<Settings>> {
  template <typename Self, typename Visitor>
  static void visit(Self& r, Visitor& v) {
    v.group({"data", kDataHelp}, r.data);
    visit_fields(r.settings, v);
  }
};

template <>
struct Fields<CurvatureRequest> {
  template <typename Self, typename Visitor>
  static void visit(Self& r, Visitor& v) {
    v.group({"data", kDataHelp}, r.data);
    v.field({"momentum", "β of the heavy-ball bound (2 + 2β)/λmax", Range::unit_open()}, r.momentum);
    v.field({"seed", "the initial point of the power iteration (MLP, logistic)",
             Range::between(0, kMaxSeed)},
            r.seed);
    v.field({"through_w1", "contours: w₁ of a point on the outermost ellipse"}, r.through_w1);
    v.field({"through_w2", "contours: w₂ of a point on the outermost ellipse"}, r.through_w2);
    v.field({"contour_count", "how many loss contours", Range::between(1, kMaxContours)},
            r.contour_count);
  }
};

// Finds the dataset (built-in, or loaded through `lookup_loaded`, which maps an id to a
// dataset or nullptr), applies the scaling and checks the model fits.
using LoadedLookup = std::function<const Dataset*(const std::string& id)>;
Expected<Problem> make_problem(const DataSettings& data, const LoadedLookup& lookup_loaded);

}  // namespace lrlab
