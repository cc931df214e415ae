// The API's experiment descriptions: plain structs that cross the WASM boundary as embind
// value_objects (JS objects with every field present; web/engine/engine.js fills defaults),
// and their translation into engine settings. No Emscripten headers here.
#pragma once

#include <string>

#include "lrlab/range_test.hpp"
#include "lrlab/sweep.hpp"

namespace lrlab::api {

// Which data, scaled how, with which model.
struct DataSpec {
  std::string dataset = "house";  // a built-in name, or the id returned by load_csv
  int data_seed = 1;              // built-in datasets are generated from this seed
  std::string scaling = "none";   // none | min_max | z_score
  std::string model = "linear";   // linear | logistic | mlp
  int hidden_units = 8;           // mlp only
};

struct OptimizerSpec {
  std::string kind = "gd";  // gd | sgd | momentum | nesterov | rmsprop | adam
  double learning_rate = 0.01;
  int batch_size = 0;
  double momentum = 0.9;
  double rho = 0.9;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-8;
  double clip_norm = 0.0;
};

struct ScheduleSpec {
  std::string kind = "constant";
  double gamma = 0.5;
  int step_size = 50;
  int warmup_steps = 20;
  double min_lr = 0.0;
  int cycle_steps = 50;
  double cycle_mult = 2.0;
  double base_lr = 0.0;
  double pct_start = 0.3;
  double div_factor = 25.0;
  double final_div_factor = 1e4;
};

struct RunSpec {
  DataSpec data;
  OptimizerSpec optimizer;
  ScheduleSpec schedule;
  int steps = 200;
  int seed = 1;
  bool record_params = false;
};

struct SweepSpec {
  DataSpec data;
  OptimizerSpec optimizer;  // learning_rate is ignored: the grid sets it
  ScheduleSpec schedule;
  int steps = 200;
  int seed = 1;
  double start = 1e-4;
  std::string factor = "x3";  // "x3" (1-3-10 ladder), "x10", or a number > 1 as text
  int count = 9;
  double end = 0.0;           // > 0: climb to this α instead of using count
};

struct RangeTestSpec {
  DataSpec data;
  OptimizerSpec optimizer;
  double start_lr = 1e-7;
  double end_lr = 10.0;
  int iterations = 100;
  bool exponential = true;
  double smoothing = 0.98;
  double stop_factor = 4.0;
  int seed = 1;
};

struct CurvatureSpec {
  DataSpec data;
  double momentum = 0.9;
  int seed = 1;
  // Contours (linear regression with ≥ 2 features): the outermost passes through this point.
  double through_w1 = 0.0;
  double through_w2 = 0.0;
  int contour_count = 8;
};

// Finds the dataset (built-in or loaded), applies scaling, checks the model fits.
// `lookup_loaded` maps a load_csv id to its dataset (nullptr when unknown).
using LoadedLookup = const Dataset* (*)(const std::string& id);
Expected<Problem> make_problem(const DataSpec& spec, LoadedLookup lookup_loaded);

Expected<OptimizerSettings> to_optimizer(const OptimizerSpec& spec);
Expected<Schedule> to_schedule(const ScheduleSpec& spec);
Expected<RunSettings> to_run_settings(const RunSpec& spec);
Expected<SweepSettings> to_sweep_settings(const SweepSpec& spec);
Expected<RangeTestSettings> to_range_test_settings(const RangeTestSpec& spec);

}  // namespace lrlab::api
