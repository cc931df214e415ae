// Parsing a learner's CSV file into a Dataset (see csv.hpp for what is accepted).
//
// The parser is a single pass over the text: a record reader (RFC 4180 quoting, CRLF / LF /
// CR line ends, blank lines skipped while physical line numbers are kept) feeds cells as
// string_views to a number parser. No exceptions, no per-cell allocations; the only copies
// are of quoted fields with doubled quotes, into one reused scratch buffer.
#include "csv.hpp"

#include <algorithm>
#include <clocale>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lrlab {
namespace {

constexpr std::size_t kBytesPerMegabyte = 1024u * 1024u;
// Offending cell text is quoted in messages up to this many bytes, then "…".
constexpr std::size_t kMaxQuotedBytes = 40;

bool is_blank_char(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_blank_char(text[begin])) ++begin;
  while (end > begin && is_blank_char(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

// 1000000 → "1,000,000", for limits in messages.
std::string with_thousands(int number) {
  const std::string digits = std::to_string(number);
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[i];
    const std::size_t left = n - 1 - i;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out;
}

// The learner's text, quoted, cut after kMaxQuotedBytes without splitting a UTF-8 sequence.
std::string quote_text(std::string_view text) {
  if (text.size() <= kMaxQuotedBytes) return "'" + std::string(text) + "'";
  std::size_t cut = kMaxQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
  return "'" + std::string(text.substr(0, cut)) + "…'";
}

// "line 5, column 2 ('depth')" — or without the name while the header is being read.
std::string cell_place(int line, std::size_t column_index,
                       const std::vector<std::string>* header_names) {
  std::string place = "line " + std::to_string(line) + ", column " + std::to_string(column_index + 1);
  if (header_names != nullptr && column_index < header_names->size()) {
    place += " (" + quote_text((*header_names)[column_index]) + ")";
  }
  return place;
}

enum class NumberStatus { ok, missing, not_a_number, out_of_range };

// Parses one cell as a finite decimal number, independently of the C locale.
//
// Accepted grammar (after trimming spaces and tabs): [+-] digits [mark digits] [(e|E) [+-] digits]
// with at least one mantissa digit; mark is '.' (or ',' when `decimal_comma`). Everything
// else — "nan", "inf", hex floats, thousands separators, trailing text — is rejected.
//
// Conversion is correctly rounded either way:
// - Fast path (Clinger 1990, "How to read floating point numbers accurately"): when the
//   digits form an integer w ≤ 2^53 and the decimal exponent e satisfies |e| ≤ 22, both w and
//   10^|e| are exact doubles, so the single IEEE multiply or divide w·10^e rounds correctly.
//   This covers nearly every cell of a real file and is several times faster than strtod.
// - Otherwise the validated text goes to strtod with the mark replaced by the current
//   locale's decimal point (the approach of nlohmann/json), so setlocale() cannot change it.
//   std::from_chars would be locale-free and correctly rounded, but the libc++ of Emscripten
//   3.1.6 deletes its floating-point overloads (only libc++ 17+ has them), so it cannot be
//   used for the WASM build.
// Overflow to ±inf is reported as out of range.
class NumberParser {
 public:
  explicit NumberParser(bool decimal_comma) : decimal_comma_(decimal_comma) {
    const char* point = std::localeconv()->decimal_point;
    locale_point_ = (point != nullptr && point[0] != '\0') ? point[0] : '.';
  }

  NumberStatus parse(std::string_view cell, double& value) {
    const std::string_view text = trim(cell);
    if (text.empty()) return NumberStatus::missing;
    Scan scan;
    if (!scan_number(text, scan)) return NumberStatus::not_a_number;
    if (scan.fast_path_ok) {
      value = fast_path_value(scan);
      return NumberStatus::ok;
    }
    return parse_with_strtod(text, value);
  }

 private:
  // What scan_number learns about a valid number, for the fast path.
  struct Scan {
    bool negative = false;
    std::uint64_t significand = 0;   // the digits without the mark, leading zeros dropped
    int significant_digits = 0;      // digits in `significand`
    int fraction_digits = 0;         // digits after the mark
    long exponent = 0;               // value after e/E
    bool fast_path_ok = true;
  };

  static constexpr int kMaxExactPowerOfTen = 22;            // 10^22 = 2^22·5^22, 5^22 < 2^53
  static constexpr std::uint64_t kMaxExactInteger = 1ull << 53;
  static constexpr int kMaxSignificandDigits = 19;          // fits std::uint64_t
  static constexpr long kExponentCap = 100000;              // beyond any finite double

  bool is_mark(char c) const { return c == '.' || (decimal_comma_ && c == ','); }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  void add_digit(Scan& scan, char c) const {
    const unsigned digit = static_cast<unsigned>(c - '0');
    if (scan.significant_digits == 0 && digit == 0) return;  // leading zero
    if (scan.significant_digits >= kMaxSignificandDigits) {
      scan.fast_path_ok = false;
      return;
    }
    scan.significand = scan.significand * 10u + digit;
    ++scan.significant_digits;
  }

  bool scan_number(std::string_view text, Scan& scan) const {
    std::size_t i = 0;
    const std::size_t n = text.size();
    if (text[i] == '+' || text[i] == '-') {
      scan.negative = text[i] == '-';
      ++i;
    }
    std::size_t mantissa_digits = 0;
    while (i < n && is_digit(text[i])) {
      add_digit(scan, text[i]);
      ++i;
      ++mantissa_digits;
    }
    if (i < n && is_mark(text[i])) {
      ++i;
      while (i < n && is_digit(text[i])) {
        add_digit(scan, text[i]);
        ++scan.fraction_digits;
        ++i;
        ++mantissa_digits;
      }
    }
    if (mantissa_digits == 0) return false;
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
      ++i;
      bool negative_exponent = false;
      if (i < n && (text[i] == '+' || text[i] == '-')) {
        negative_exponent = text[i] == '-';
        ++i;
      }
      std::size_t exponent_digits = 0;
      while (i < n && is_digit(text[i])) {
        if (scan.exponent < kExponentCap) scan.exponent = scan.exponent * 10 + (text[i] - '0');
        ++i;
        ++exponent_digits;
      }
      if (exponent_digits == 0) return false;
      if (negative_exponent) scan.exponent = -scan.exponent;
    }
    if (i != n) return false;
    const long decimal_exponent = scan.exponent - scan.fraction_digits;
    // The fast path needs arithmetic in plain double precision (not x87 extended).
    if (FLT_EVAL_METHOD != 0 || scan.significand > kMaxExactInteger ||
        decimal_exponent > kMaxExactPowerOfTen ||
        decimal_exponent < -kMaxExactPowerOfTen) {
      scan.fast_path_ok = false;
    }
    return true;
  }

  static double fast_path_value(const Scan& scan) {
    static constexpr double kPowersOfTen[kMaxExactPowerOfTen + 1] = {
        1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const long decimal_exponent = scan.exponent - scan.fraction_digits;
    double value = static_cast<double>(scan.significand);  // exact: ≤ 2^53
    if (decimal_exponent >= 0) {
      value *= kPowersOfTen[decimal_exponent];
    } else {
      value /= kPowersOfTen[-decimal_exponent];
    }
    return scan.negative ? -value : value;
  }

  NumberStatus parse_with_strtod(std::string_view text, double& value) {
    // Short cells use a stack buffer; long ones a reused heap buffer.
    char stack_buffer[64];
    char* buffer = stack_buffer;
    if (text.size() + 1 > sizeof(stack_buffer)) {
      long_buffer_.resize(text.size() + 1);
      buffer = long_buffer_.data();
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      buffer[i] = is_mark(c) ? locale_point_ : c;
    }
    buffer[text.size()] = '\0';
    char* end = nullptr;
    value = std::strtod(buffer, &end);
    if (end != buffer + text.size()) return NumberStatus::not_a_number;
    if (!std::isfinite(value)) return NumberStatus::out_of_range;
    return NumberStatus::ok;
  }

  bool decimal_comma_;
  char locale_point_ = '.';
  std::string long_buffer_;
};

// Where a cell's text lives: in the file itself, or (quoted with doubled quotes) in scratch.
struct CellSpan {
  std::size_t begin = 0;
  std::size_t length = 0;
  bool in_scratch = false;
  bool quoted = false;
};

// Reads records one at a time. A record is normally one line; a quoted field may span lines
// (RFC 4180), and `line` always counts physical lines of the file, 1-based.
class RecordReader {
 public:
  RecordReader(std::string_view text, char separator, int first_line)
      : text_(text), separator_(separator), line_(first_line) {}

  // Fills `cells` with the next non-blank record and `record_line` with the line it starts on.
  // Returns false at the end of the file, or with `error` set when the record is malformed.
  // `header_names` (may be null) names the columns in error messages.
  bool next(std::vector<std::string_view>& cells, int& record_line, std::string& error,
            const std::vector<std::string>* header_names) {
    while (pos_ < text_.size()) {
      record_line = line_;
      if (!read_record(error, header_names)) return false;
      const bool blank = spans_.size() == 1 && !spans_[0].quoted && spans_[0].length == 0;
      if (blank) continue;
      cells.clear();
      for (const CellSpan& span : spans_) {
        const std::string_view source = span.in_scratch ? std::string_view(scratch_) : text_;
        cells.push_back(source.substr(span.begin, span.length));
      }
      return true;
    }
    return false;
  }

  // Physical lines consumed so far.
  int line() const { return line_; }

 private:
  // Consumes one line end at pos_ ("\r\n", "\n" or a lone "\r"), if there is one.
  bool consume_line_end() {
    if (pos_ >= text_.size()) return false;
    if (text_[pos_] == '\n') {
      ++pos_;
    } else if (text_[pos_] == '\r') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    } else {
      return false;
    }
    ++line_;
    return true;
  }

  bool read_record(std::string& error, const std::vector<std::string>* header_names) {
    spans_.clear();
    scratch_.clear();
    const std::size_t n = text_.size();
    while (true) {
      const std::size_t column = spans_.size();
      std::size_t p = pos_;
      while (p < n && is_blank_char(text_[p])) ++p;
      CellSpan span;
      if (p < n && text_[p] == '"') {
        if (!read_quoted(p, column, span, error, header_names)) return false;
      } else {
        std::size_t end = pos_;
        while (end < n) {
          const char c = text_[end];
          if (c == separator_ || c == '\n' || c == '\r') break;
          ++end;
        }
        const std::string_view cell = trim(text_.substr(pos_, end - pos_));
        span.begin = static_cast<std::size_t>(cell.data() - text_.data());
        span.length = cell.size();
        pos_ = end;
      }
      spans_.push_back(span);
      if (pos_ < n && text_[pos_] == separator_) {
        ++pos_;
        continue;
      }
      consume_line_end();
      return true;
    }
  }

  // A quoted field starting at the quote at `quote_pos`: "" inside stands for one quote.
  bool read_quoted(std::size_t quote_pos, std::size_t column, CellSpan& span, std::string& error,
                   const std::vector<std::string>* header_names) {
    const std::size_t n = text_.size();
    const int opening_line = line_;
    const std::size_t content_begin = quote_pos + 1;
    std::size_t p = content_begin;
    bool has_doubled_quotes = false;
    std::size_t content_end = 0;
    while (true) {
      if (p >= n) {
        error = cell_place(opening_line, column, header_names) +
                ": this quoted field has no closing quote (\"); add the closing quote, or "
                "write a quote inside a quoted field as \"\"";
        return false;
      }
      const char c = text_[p];
      if (c == '"') {
        if (p + 1 < n && text_[p + 1] == '"') {
          has_doubled_quotes = true;
          p += 2;
          continue;
        }
        content_end = p;
        ++p;
        break;
      }
      if (c == '\n') {
        ++line_;
      } else if (c == '\r' && !(p + 1 < n && text_[p + 1] == '\n')) {
        ++line_;
      }
      ++p;
    }
    span.quoted = true;
    if (has_doubled_quotes) {
      span.in_scratch = true;
      span.begin = scratch_.size();
      for (std::size_t i = content_begin; i < content_end; ++i) {
        scratch_ += text_[i];
        if (text_[i] == '"') ++i;  // skip the second quote of a pair
      }
      span.length = scratch_.size() - span.begin;
    } else {
      span.begin = content_begin;
      span.length = content_end - content_begin;
    }
    // Spaces after the closing quote are tolerated; anything else before the separator is not.
    while (p < n && is_blank_char(text_[p])) ++p;
    if (p < n && text_[p] != separator_ && text_[p] != '\n' && text_[p] != '\r') {
      std::size_t end = p;
      while (end < n && text_[end] != separator_ && text_[end] != '\n' && text_[end] != '\r') ++end;
      error = cell_place(line_, column, header_names) + ": unexpected text " +
              quote_text(text_.substr(p, end - p)) +
              " after the closing quote; put the whole field inside the quotes";
      return false;
    }
    pos_ = p;
    return true;
  }

  std::string_view text_;
  char separator_;
  std::size_t pos_ = 0;
  int line_;
  std::vector<CellSpan> spans_;
  std::string scratch_;
};

// ';' when the first non-blank line has ';' and no ',' outside quotes; ',' otherwise.
char detect_separator(std::string_view text) {
  std::size_t p = 0;
  const std::size_t n = text.size();
  // Skip leading blank lines.
  while (p < n) {
    std::size_t q = p;
    while (q < n && is_blank_char(text[q])) ++q;
    if (q < n && (text[q] == '\n' || text[q] == '\r')) {
      p = q + 1;
      continue;
    }
    break;
  }
  bool in_quotes = false;
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  for (; p < n; ++p) {
    const char c = text[p];
    if (c == '"') {
      in_quotes = !in_quotes;  // a doubled quote toggles twice: no change
    } else if (!in_quotes) {
      if (c == '\n' || c == '\r') break;
      if (c == ',') ++commas;
      if (c == ';') ++semicolons;
    }
  }
  return (semicolons > 0 && commas == 0) ? ';' : ',';
}

std::string size_in_megabytes(std::size_t bytes) {
  // Rounded up to 0.1 MB so that a file just over the limit never reads "50.0 MB".
  const std::size_t tenths = (bytes * 10 + kBytesPerMegabyte - 1) / kBytesPerMegabyte;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

std::string list_names(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += quote_text(names[i]);
  }
  return out;
}

// The header line: one non-empty, distinct name per column, at least two columns, not a row
// of numbers. `line` is left at the header's line number.
Expected<std::vector<std::string>> read_header(RecordReader& reader, NumberParser& numbers) {
  std::vector<std::string_view> cells;
  int line = 0;
  std::string error;
  if (!reader.next(cells, line, error, nullptr)) {
    if (!error.empty()) return make_error(error);
    return make_error("the file is empty; a CSV file needs a header line naming the columns, "
                      "then at least " + std::to_string(kMinCsvRows) + " rows of numbers");
  }
  const int header_line = line;
  // Checked before the names are copied: a 40,000-column header is refused at once.
  if (cells.size() > static_cast<std::size_t>(kMaxFeatures) + 1) {
    return make_error("the header has " + with_thousands(static_cast<int>(std::min<std::size_t>(cells.size(), 1u << 30))) +
                      " columns; LR Lab handles up to " + with_thousands(kMaxFeatures) +
                      " features (" + with_thousands(kMaxFeatures + 1) +
                      " columns with the target) — keep the columns you need, or reduce them, "
                      "and load the file again");
  }
  std::vector<std::string> header;
  header.reserve(cells.size());
  bool all_numbers = true;
  for (std::string_view cell : cells) {
    double ignored = 0.0;
    if (numbers.parse(cell, ignored) != NumberStatus::ok) all_numbers = false;
    header.emplace_back(trim(cell));
  }
  if (all_numbers) {
    return make_error("line " + std::to_string(header_line) + " holds numbers (" +
                      quote_text(header[0]) + (header.size() > 1 ? ", …" : "") +
                      "), but the first line must name the columns; add a header line such "
                      "as x1,x2,y");
  }
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c].empty()) {
      return make_error("line " + std::to_string(header_line) + ", column " +
                        std::to_string(c + 1) +
                        " of the header has no name; give every column a name");
    }
  }
  std::unordered_map<std::string_view, std::size_t> first_column;  // O(n) duplicate check
  first_column.reserve(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    const auto [where, inserted] = first_column.emplace(header[c], c);
    if (!inserted) {
      return make_error("the header names two columns " + quote_text(header[c]) +
                        " (columns " + std::to_string(where->second + 1) + " and " +
                        std::to_string(c + 1) + "); give each column its own name");
    }
  }
  if (header.size() < 2) {
    return make_error("the file has only one column (" + quote_text(header[0]) +
                      "); it needs at least one feature column besides the target (check "
                      "that the columns are separated by ',' or ';')");
  }

  return header;
}

// The column to predict: the one named `wanted` (trimmed), or the last when none is named.
Expected<std::size_t> find_target(const std::vector<std::string>& header, std::string_view wanted) {
  const std::string_view wanted_target = trim(wanted);
  if (wanted_target.empty()) return header.size() - 1;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c] == wanted_target) return c;
  }
  return make_error("there is no column named " + quote_text(wanted_target) +
                    " to predict; the columns are " + list_names(header));
}

struct CsvRows {
  Eigen::MatrixXd X;
  Eigen::VectorXd y;
};

// The records after the header, counted without parsing a number (blank lines and line
// ends inside quotes are not records), stopping once past the row limit. A malformed record
// ends the count; the reading pass reports it with its line.
std::size_t count_records(RecordReader reader, const std::vector<std::string>& header) {
  std::vector<std::string_view> cells;
  int line = 0;
  std::string error;
  std::size_t count = 0;
  while (count <= static_cast<std::size_t>(kMaxCsvRows) && reader.next(cells, line, error, &header)) ++count;
  return count;
}

// The data rows after the header: one number per column, the target apart from the features.
Expected<CsvRows> read_rows(RecordReader& reader, NumberParser& numbers,
                            const std::vector<std::string>& header, std::size_t target_index,
                            bool decimal_comma) {
  std::vector<std::string_view> cells;
  int line = 0;
  std::string error;
  const std::size_t columns = header.size();
  const Eigen::Index features = static_cast<Eigen::Index>(columns - 1);
  // Counted first, checked against the limits, then allocated once at the exact size.
  const std::size_t row_count = count_records(reader, header);
  if (row_count > static_cast<std::size_t>(kMaxCsvRows)) {
    return make_error("the file has more than " + with_thousands(kMaxCsvRows) +
                      " data rows; the limit is " + with_thousands(kMaxCsvRows) +
                      " — use a sample of the rows");
  }
  if (row_count * columns > kMaxCsvCells) {
    return make_error("the file has " + with_thousands(static_cast<int>(row_count)) + " rows × " +
                      std::to_string(columns) + " columns = " +
                      with_thousands(static_cast<int>(row_count * columns)) +
                      " numbers; LR Lab handles up to " +
                      with_thousands(static_cast<int>(kMaxCsvCells)) +
                      " — use a sample of the rows or fewer columns");
  }
  Eigen::MatrixXd X(static_cast<Eigen::Index>(row_count), features);
  Eigen::VectorXd y(static_cast<Eigen::Index>(row_count));

  Eigen::Index rows = 0;
  while (reader.next(cells, line, error, &header)) {
    if (rows >= X.rows()) return make_error("the file changed while it was read");  // cannot happen: same records
    if (cells.size() != columns) {
      return make_error("line " + std::to_string(line) + " has " + std::to_string(cells.size()) +
                        (cells.size() == 1 ? " field" : " fields") + " but the header has " +
                        std::to_string(columns) + "; every row needs one value per column");
    }
    Eigen::Index feature = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      double value = 0.0;
      switch (numbers.parse(cells[c], value)) {
        case NumberStatus::ok:
          if (std::fabs(value) > kMaxCsvMagnitude) {
            const std::string column =
                c < header.size() ? "column " + quote_text(header[c]) : "column " + std::to_string(c + 1);
            return make_error(cell_place(line, c, &header) + ": " + quote_text(trim(cells[c])) +
                              " is beyond ±1e100, the largest size of a value LR Lab trains on "
                              "(squared in the loss, it would overflow); rescale " + column +
                              " (for example divide it by a power of ten, or use larger units) "
                              "and load the file again");
          }
          break;
        case NumberStatus::missing:
          return make_error(cell_place(line, c, &header) +
                            ": missing value; every cell must hold a number");
        case NumberStatus::not_a_number: {
          std::string message = cell_place(line, c, &header) + ": " +
                                quote_text(trim(cells[c])) + " is not a number";
          if (!decimal_comma && cells[c].find(',') != std::string_view::npos) {
            message += " (write decimals with a point, as in 3.5)";
          } else {
            message += " (write numbers like 3.5, -2 or 1e-3)";
          }
          return make_error(message);
        }
        case NumberStatus::out_of_range:
          return make_error(cell_place(line, c, &header) + ": " + quote_text(trim(cells[c])) +
                            " is too large to be stored as a number");
      }
      if (c == target_index) {
        y(rows) = value;
      } else {
        X(rows, feature++) = value;
      }
    }
    ++rows;
  }
  if (!error.empty()) return make_error(error);

  if (rows < kMinCsvRows) {
    return make_error("the file has " + std::to_string(rows) +
                      (rows == 1 ? " data row" : " data rows") + " below the header; at least " +
                      std::to_string(kMinCsvRows) + " are needed");
  }
  if (rows < X.rows()) {
    X = X.topRows(rows).eval();
    y = y.head(rows).eval();
  }

  return CsvRows{std::move(X), std::move(y)};
}

}  // namespace

Expected<Dataset> parse_csv(const std::string& text, const CsvOptions& options) {
  // Size first: nothing of a too-large file is parsed.
  if (text.size() > kMaxCsvBytes) {
    return make_error("the file is " + size_in_megabytes(text.size()) + "; the limit is " +
                      std::to_string(kMaxCsvBytes / kBytesPerMegabyte) +
                      " MB — use a sample of the rows");
  }

  std::string_view body(text);
  if (body.size() >= 2 && ((body[0] == '\xFF' && body[1] == '\xFE') ||
                           (body[0] == '\xFE' && body[1] == '\xFF'))) {
    return make_error("the file is saved as UTF-16; save it as 'CSV UTF-8' (or plain CSV) and "
                      "load it again");
  }
  if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);

  const char separator = detect_separator(body);
  const bool decimal_comma = separator == ';';
  NumberParser numbers(decimal_comma);
  RecordReader reader(body, separator, 1);

  Expected<std::vector<std::string>> read = read_header(reader, numbers);
  if (!read) return read.failure();
  const std::vector<std::string>& header = *read;
  const Expected<std::size_t> target = find_target(header, options.target_column);
  if (!target) return target.failure();
  const std::size_t target_index = *target;
  Expected<CsvRows> data = read_rows(reader, numbers, header, target_index, decimal_comma);
  if (!data) return data.failure();
  std::vector<std::string> feature_names;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (c != target_index) feature_names.push_back(header[c]);
  }
  return dataset_from_columns(std::move(data->X), std::move(data->y), std::move(feature_names),
                              header[target_index], options.name);
}

Expected<Dataset> dataset_from_columns(Eigen::MatrixXd X, Eigen::VectorXd y,
                                       std::vector<std::string> feature_names,
                                       std::string target_name, std::string name) {
  const Eigen::Index rows = X.rows();
  const Eigen::Index features = X.cols();
  if (y.size() != rows || static_cast<Eigen::Index>(feature_names.size()) != features) {
    return make_error("the data's shapes do not agree: " + std::to_string(rows) + " rows of " +
                      std::to_string(features) + " features, " + std::to_string(y.size()) +
                      " targets and " + std::to_string(feature_names.size()) + " feature names");
  }
  if (features < 1 || features > kMaxFeatures) {
    return make_error("the data have " + std::to_string(features) + " features; LR Lab handles 1 to " +
                      std::to_string(kMaxFeatures));
  }
  if (rows < kMinCsvRows || rows > kMaxCsvRows ||
      static_cast<std::size_t>(rows) * static_cast<std::size_t>(features + 1) > kMaxCsvCells) {
    return make_error("the data have " + std::to_string(rows) + " rows × " + std::to_string(features + 1) +
                      " columns; LR Lab handles " + std::to_string(kMinCsvRows) + " to " +
                      with_thousands(kMaxCsvRows) + " rows and up to " +
                      with_thousands(static_cast<int>(kMaxCsvCells)) + " numbers");
  }
  const auto within = [](double v) { return std::isfinite(v) && std::fabs(v) <= kMaxCsvMagnitude; };
  if (!X.unaryExpr(within).all() || !y.unaryExpr(within).all()) {
    return make_error("the data hold a value that is not a number or is beyond ±1e100; rescale "
                      "that column and load the file again");
  }

  Dataset dataset;
  dataset.name = std::move(name);
  dataset.target_name = std::move(target_name);
  dataset.feature_names = std::move(feature_names);
  const bool zero_one = (y.array() == 0.0 || y.array() == 1.0).all();
  dataset.task = zero_one ? Task::classification : Task::regression;
  dataset.description = std::to_string(rows) + " rows, " + std::to_string(features) +
                        (features == 1 ? " feature" : " features") + " from your CSV";
  dataset.X = std::move(X);
  dataset.y = std::move(y);
  return dataset;
}

}  // namespace lrlab
