#include "requests.hpp"

#include "validate.hpp"

namespace lrlab {

namespace {
Expected<Problem> create(const Dataset& dataset, const DataSettings& data) {
  if (!data.product_feature) return Problem::create(dataset, data.problem);
  Expected<Dataset> engineered = with_product_feature(dataset);
  if (!engineered) return field_error("product_feature", engineered.error());
  return Problem::create(*engineered, data.problem);
}
}  // namespace

Expected<Problem> make_problem(const DataSettings& data, const LoadedLookup& lookup_loaded) {
  if (const auto valid = check_fields(data, "data"); !valid) return valid.failure();
  if (const Dataset* loaded = lookup_loaded ? lookup_loaded(data.dataset) : nullptr) {
    Expected<Problem> problem = create(*loaded, data);
    if (!problem) return within("data", problem.failure());
    return problem;
  }
  Expected<Dataset> built = make_builtin_dataset(data.dataset, static_cast<std::uint64_t>(data.data_seed));
  if (!built) return field_error("data.dataset", built.error() + ", or the id of a loaded CSV");
  Expected<Problem> problem = create(*built, data);
  if (!problem) return within("data", problem.failure());
  return problem;
}

}  // namespace lrlab
