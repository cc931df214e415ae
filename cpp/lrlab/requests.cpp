#include "requests.hpp"

#include "validate.hpp"

namespace lrlab {

Expected<Problem> make_problem(const DataSettings& data, const LoadedLookup& lookup_loaded) {
  if (const auto valid = check_fields(data, "data"); !valid) return valid.failure();
  if (const Dataset* loaded = lookup_loaded ? lookup_loaded(data.dataset) : nullptr) {
    return Problem::create(*loaded, data.problem);
  }
  Expected<Dataset> built = make_builtin_dataset(data.dataset, static_cast<std::uint64_t>(data.data_seed));
  if (!built) return field_error("data.dataset", built.error() + ", or the id of a loaded CSV");
  return Problem::create(*built, data.problem);
}

}  // namespace lrlab
