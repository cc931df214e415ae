// libFuzzer target for the CSV parser (cpp/lrlab/csv.cpp), built with
// -fsanitize=fuzzer,address,undefined (CMake option LRLAB_FUZZ, clang only).
// Any input: parse_csv returns a dataset or an error, never crashes, never reads out of
// bounds, and a dataset it returns respects the engine's limits and holds only finite numbers
// within ±kMaxCsvMagnitude.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lrlab/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  lrlab::CsvOptions options;
  // The first byte, when it is a digit, picks the target column by a name ("c0"…"c9").
  if (size > 0 && data[0] >= '0' && data[0] <= '9') options.target_column = std::string("c") + static_cast<char>(data[0]);
  const lrlab::Expected<lrlab::Dataset> result = lrlab::parse_csv(text, options);
  if (!result) {
    if (result.error().empty()) std::abort();  // every refusal says why
    return 0;
  }
  const lrlab::Dataset& d = *result;
  if (d.features() < 1 || d.features() > lrlab::kMaxFeatures) std::abort();
  if (d.rows() < lrlab::kMinCsvRows || d.rows() > lrlab::kMaxCsvRows) std::abort();
  if (static_cast<std::size_t>(d.rows()) * static_cast<std::size_t>(d.features() + 1) > lrlab::kMaxCsvCells) std::abort();
  if (d.y.size() != d.rows() || !d.X.allFinite() || !d.y.allFinite()) std::abort();
  if (d.X.cwiseAbs().maxCoeff() > lrlab::kMaxCsvMagnitude || d.y.cwiseAbs().maxCoeff() > lrlab::kMaxCsvMagnitude) std::abort();
  if (static_cast<int>(d.feature_names.size()) != d.features()) std::abort();
  return 0;
}
