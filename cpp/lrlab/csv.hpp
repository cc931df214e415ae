// Parsing a learner's CSV file into a Dataset.
//
// Accepted: a header row of column names, then numeric rows; ',' or ';' as the
// separator (detected from the header; with ';' a decimal comma "3,5" is accepted);
// RFC 4180 quoted fields; a UTF-8 byte-order mark; CRLF or LF line ends; blank trailing
// lines. Every rejection names the line (1-based, the header is line 1), the column
// and the reason, so the learner can fix the file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "expected.hpp"

namespace lrlab {

// Limits of SPEC §5.
constexpr std::size_t kMaxCsvBytes = 50u * 1024u * 1024u;  // 50 MB
constexpr int kMaxCsvRows = 1000000;
constexpr int kMinCsvRows = 2;
// Features (columns besides the target) a dataset may have: bounds the Gram matrix and the
// Hessian ((features + 1)² doubles, 0.5 MB) and every per-step cost. Checked on the header,
// before a row is read.
constexpr int kMaxFeatures = 256;
// Numbers a CSV may hold (rows × columns): bounds the data matrix (8 bytes a cell, 40 MB) and
// its scaled copy. The rows are counted before anything is allocated.
constexpr std::size_t kMaxCsvCells = 5000000;
// Largest magnitude of a value (any column, the target too). Training squares the values and
// sums the squares over rows (the loss, the Gram matrix XᵀX, z-scoring's variance): 1e200
// squares to infinity, so a file of finite numbers would give a loss that is not a number at
// the first step. Up to 1e100 the squares summed over kMaxCsvRows rows stay far below the
// largest double (≈ 1.8e308), so the start loss is finite whenever the data are accepted.
constexpr double kMaxCsvMagnitude = 1e100;

struct CsvOptions {
  // Target column by name; empty means the last column.
  std::string target_column;
  // Dataset name shown in the page.
  std::string name = "my data";
};

Expected<Dataset> parse_csv(const std::string& text, const CsvOptions& options);

// A dataset from numbers already read (by another engine instance: the page's engine takes a
// large CSV parsed in its Web Worker this way, without parsing it again), checked against the
// same limits as a CSV: shapes and names agree, at most kMaxFeatures features and
// kMaxCsvCells numbers, at least kMinCsvRows rows, every value finite and within
// ±kMaxCsvMagnitude. The task and description are derived as for a CSV.
Expected<Dataset> dataset_from_columns(Eigen::MatrixXd X, Eigen::VectorXd y,
                                       std::vector<std::string> feature_names,
                                       std::string target_name, std::string name);

}  // namespace lrlab
