// Tests for parse_csv: every accepted form gives exactly the numbers in the file, and every
// kind of bad input of SPEC §5 gives a message naming the line, column and reason.
#include "lrlab/csv.hpp"
#include "lrlab/problem.hpp"
#include "lrlab/sweep.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <random>
#include <string>

namespace lrlab {
namespace {

// Passes when parsing failed and the message contains every one of `parts`.
::testing::AssertionResult FailsWith(const Expected<Dataset>& result,
                                     std::initializer_list<std::string> parts) {
  if (result.ok()) {
    return ::testing::AssertionFailure() << "parsing succeeded, expected an error";
  }
  for (const std::string& part : parts) {
    if (result.error().find(part) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "message \"" << result.error() << "\" lacks \"" << part << "\"";
    }
  }
  return ::testing::AssertionSuccess();
}

Expected<Dataset> Parse(const std::string& text, const std::string& target = "") {
  CsvOptions options;
  options.target_column = target;
  return parse_csv(text, options);
}

// ---- Accepted files ------------------------------------------------------------------

TEST(CsvParse, ValuesNamesAndShapeMatchTheFileExactly) {
  CsvOptions options;
  options.name = "lots";
  const auto result = parse_csv("frontage,depth,price\n1.5,-2,0.1\n3,4e2,7\n", options);
  ASSERT_TRUE(result.ok()) << result.error();
  const Dataset& data = *result;
  EXPECT_EQ(data.name, "lots");
  EXPECT_EQ(data.description, "2 rows, 2 features from your CSV");
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"frontage", "depth"}));
  EXPECT_EQ(data.target_name, "price");
  EXPECT_EQ(data.task, Task::regression);
  ASSERT_EQ(data.rows(), 2);
  ASSERT_EQ(data.features(), 2);
  // Exact equality: strtod rounds correctly, so "0.1" is the double nearest 0.1.
  EXPECT_EQ(data.X(0, 0), 1.5);
  EXPECT_EQ(data.X(0, 1), -2.0);
  EXPECT_EQ(data.X(1, 0), 3.0);
  EXPECT_EQ(data.X(1, 1), 400.0);
  EXPECT_EQ(data.y(0), 0.1);
  EXPECT_EQ(data.y(1), 7.0);
}

TEST(CsvParse, DescriptionSaysFeatureInSingularForOneFeature) {
  const auto result = Parse("x,y\n1,2\n3,4\n5,6\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->description, "3 rows, 1 feature from your CSV");
}

TEST(CsvParse, SpacesAroundNumbersAndNamesAreAllowed) {
  const auto result = Parse(" a , b \n  1 ,\t2 \n3,4\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->feature_names, (std::vector<std::string>{"a"}));
  EXPECT_EQ(result->target_name, "b");
  EXPECT_EQ(result->X(0, 0), 1.0);
  EXPECT_EQ(result->y(0), 2.0);
}

TEST(CsvParse, TargetChosenByNameLeavesOtherColumnsAsFeaturesInOrder) {
  const auto result = Parse("x1,price,x2\n1,10,2\n3,30,4\n", "  price ");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->target_name, "price");
  EXPECT_EQ(result->feature_names, (std::vector<std::string>{"x1", "x2"}));
  EXPECT_EQ(result->y(0), 10.0);
  EXPECT_EQ(result->y(1), 30.0);
  EXPECT_EQ(result->X(0, 0), 1.0);
  EXPECT_EQ(result->X(0, 1), 2.0);
  EXPECT_EQ(result->X(1, 1), 4.0);
}

TEST(CsvParse, Utf8ByteOrderMarkIsStrippedFromTheFirstName) {
  const auto result = Parse("\xEF\xBB\xBF" "a,b\n1,2\n3,4\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->feature_names[0], "a");
}

TEST(CsvParse, CrlfLineEndsGiveTheSameDataAsLf) {
  const auto crlf = Parse("a,b\r\n1,2\r\n3,4\r\n");
  const auto lf = Parse("a,b\n1,2\n3,4\n");
  ASSERT_TRUE(crlf.ok()) << crlf.error();
  ASSERT_TRUE(lf.ok()) << lf.error();
  EXPECT_EQ(crlf->target_name, "b");
  EXPECT_EQ(crlf->X, lf->X);
  EXPECT_EQ(crlf->y, lf->y);
}

TEST(CsvParse, LastLineWithoutLineEndIsRead) {
  const auto result = Parse("a,b\n1,2\n3,4");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->rows(), 2);
  EXPECT_EQ(result->y(1), 4.0);
}

TEST(CsvParse, BlankTrailingLinesAreIgnored) {
  const auto result = Parse("a,b\n1,2\n3,4\n\n\r\n   \n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->rows(), 2);
}

TEST(CsvParse, BlankMiddleLinesAreSkippedButErrorsNameTheRealLine) {
  const auto ok = Parse("a,b\n1,2\n\n3,4\n");
  ASSERT_TRUE(ok.ok()) << ok.error();
  EXPECT_EQ(ok->rows(), 2);
  // Lines: 1 header, 2 data, 3 blank, 4 spaces, 5 bad.
  EXPECT_TRUE(FailsWith(Parse("a,b\n1,2\n\n   \n3,x\n"), {"line 5, column 2 ('b')"}));
}

TEST(CsvParse, SemicolonSeparatorAcceptsDecimalCommaAndPoint) {
  const auto result = Parse("a;b;c\n3,5;1.25;-0,5\n4;2;6\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(result->X(0, 0), 3.5);
  EXPECT_EQ(result->X(0, 1), 1.25);
  EXPECT_EQ(result->y(0), -0.5);
}

TEST(CsvParse, HeaderWithBothSeparatorsUsesComma) {
  const auto result = Parse("a;b,c\n1,2\n3,4\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->feature_names, (std::vector<std::string>{"a;b"}));
  EXPECT_EQ(result->target_name, "c");
}

TEST(CsvParse, SemicolonInsideQuotesDoesNotSwitchTheSeparator) {
  // The only ';' is quoted, and there is a comma outside quotes: separator stays ','.
  const auto result = Parse("\"a;1\",b\n1,2\n3,4\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->feature_names[0], "a;1");
}

TEST(CsvParse, QuotedFieldsKeepSeparatorsAndDoubledQuotesAndHoldNumbers) {
  const auto result = Parse("\"a, b\",\"say \"\"hi\"\"\",y\n\"1.5\",2,\"3\"\n4,\"-5e-1\",6\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->feature_names, (std::vector<std::string>{"a, b", "say \"hi\""}));
  EXPECT_EQ(result->X(0, 0), 1.5);
  EXPECT_EQ(result->X(1, 1), -0.5);
  EXPECT_EQ(result->y(0), 3.0);
}

TEST(CsvParse, QuotedDecimalCommaIsANumberWithSemicolons) {
  const auto result = Parse("a;b\n\"3,5\";1\n2;\"0,25\"\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->X(0, 0), 3.5);
  EXPECT_EQ(result->y(1), 0.25);
}

TEST(CsvParse, QuotedNameSpanningTwoLinesKeepsLaterLineNumbersReal) {
  // Line 1 opens a quoted name that closes on line 2; the bad cell is on line 4.
  const auto good = Parse("\"price\n(USD)\",b\n1,2\n3,4\n");
  ASSERT_TRUE(good.ok()) << good.error();
  EXPECT_EQ(good->feature_names[0], "price\n(USD)");
  EXPECT_TRUE(FailsWith(Parse("\"price\n(USD)\",b\n1,2\n3,oops\n"), {"line 4, column 2"}));
}

TEST(CsvParse, HtmlInHeaderIsKeptVerbatimAsText) {
  const auto result = Parse("<b>x</b>,<script>alert(1)</script>&amp;\n1,2\n3,4\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->feature_names[0], "<b>x</b>");
  EXPECT_EQ(result->target_name, "<script>alert(1)</script>&amp;");
}

TEST(CsvParse, TargetOfOnlyZerosAndOnesIsClassification) {
  const auto result = Parse("x,label\n0.5,0\n1.5,1\n2.5,1.0\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->task, Task::classification);
}

TEST(CsvParse, TargetWithAnyOtherValueIsRegression) {
  const auto result = Parse("x,label\n0.5,0\n1.5,1\n2.5,2\n");
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->task, Task::regression);
}

TEST(CsvParse, NumbersAreReadTheSameUnderACommaDecimalLocale) {
  const char* previous = std::setlocale(LC_NUMERIC, nullptr);
  const std::string saved = previous != nullptr ? previous : "C";
  const char* german = nullptr;
  for (const char* candidate : {"de_DE.UTF-8", "de_DE.utf8", "de_DE", "fr_FR.UTF-8"}) {
    if (std::setlocale(LC_NUMERIC, candidate) != nullptr) {
      german = candidate;
      break;
    }
  }
  if (german == nullptr) GTEST_SKIP() << "no locale with a decimal comma is installed";
  const auto comma_file = Parse("a,b\n1.5,2.25\n3,4\n");
  const auto semicolon_file = Parse("a;b\n1,5;2.25\n3;4\n");
  std::setlocale(LC_NUMERIC, saved.c_str());
  ASSERT_TRUE(comma_file.ok()) << comma_file.error();
  ASSERT_TRUE(semicolon_file.ok()) << semicolon_file.error();
  EXPECT_EQ(comma_file->X(0, 0), 1.5);
  EXPECT_EQ(comma_file->y(0), 2.25);
  EXPECT_EQ(semicolon_file->X(0, 0), 1.5);
  EXPECT_EQ(semicolon_file->y(0), 2.25);
}

TEST(CsvParse, EveryNumberEqualsStrtodOfItsTextBitForBit) {
  // Independent truth: the C library's correctly rounded strtod in the "C" locale. The cells
  // cover short and long digit strings, leading zeros, and exponents inside and outside ±22.
  std::mt19937 generator(2024);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<int> length(1, 24);
  // 24 digits × 1e75 stays within the magnitude limit (±1e100; beyond it see
  // ValueWhoseSquareWouldOverflowNamesItsColumnAndSaysToRescaleIt).
  std::uniform_int_distribution<int> exponent(-320, 75);
  std::uniform_int_distribution<int> form(0, 3);
  std::vector<std::string> cells = {"0",      "-0",     "0.1",   "9007199254740993",
                                    "1e22",   "1e23",   "5e-324", "1e100",
                                    "0.3",    "2.5e-22", "00012.50", "123456789012345678901234"};
  for (int k = 0; k < 3000; ++k) {
    std::string cell = (k % 2 == 0) ? "-" : "";
    const int integer_digits = length(generator);
    for (int i = 0; i < integer_digits; ++i) cell += static_cast<char>('0' + digit(generator));
    if (form(generator) > 0) {
      cell += '.';
      const int fraction_digits = length(generator);
      for (int i = 0; i < fraction_digits; ++i) cell += static_cast<char>('0' + digit(generator));
    }
    if (form(generator) == 0) {
      cell += 'e' + std::to_string(form(generator) == 0 ? exponent(generator) : exponent(generator) % 30);
    }
    cells.push_back(cell);
  }
  std::string text = "x,y\n";
  for (const std::string& cell : cells) text += "1," + cell + "\n";
  const auto result = Parse(text);
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_EQ(result->rows(), static_cast<int>(cells.size()));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const double expected = std::strtod(cells[i].c_str(), nullptr);
    EXPECT_EQ(result->y(static_cast<Eigen::Index>(i)), expected) << "cell " << cells[i];
    EXPECT_EQ(std::signbit(result->y(static_cast<Eigen::Index>(i))), std::signbit(expected))
        << "cell " << cells[i];
  }
}

TEST(CsvParse, ExactlyTheRowLimitIsAccepted) {
  std::string text = "a,b\n";
  text.reserve(text.size() + 4u * static_cast<std::size_t>(kMaxCsvRows));
  for (int i = 0; i < kMaxCsvRows; ++i) text += "1,2\n";
  const auto result = Parse(text);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->rows(), kMaxCsvRows);
}

// "a,b,…" with `columns` distinct names, and `rows` rows of zeros and ones.
std::string Wide(int columns, int rows) {
  std::string text;
  for (int c = 0; c < columns; ++c) text += (c ? ",c" : "c") + std::to_string(c);
  text += "\n";
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) text += (c ? "," : "") + std::to_string((r + c) % 2);
    text += "\n";
  }
  return text;
}

TEST(CsvParse, ExactlyTheFeatureLimitIsAccepted) {
  const auto result = Parse(Wide(kMaxFeatures + 1, 3));
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->features(), kMaxFeatures);
}

TEST(CsvParse, BlankLinesAndQuotedLineEndsAreNotCountedAsRows) {
  std::string text = "a,\"b\nc\",y\n";
  text += std::string(100000, '\n');
  text += "1,\"2\",3\n\n\n4,5,6\n";
  text += std::string(1000, '\n');
  const auto result = Parse(text);
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_EQ(result->rows(), 2);
  EXPECT_EQ(result->X.rows(), 2);
}

// ---- Rejected files (SPEC §5) ---------------------------------------------------------

TEST(CsvReject, EmptyFileSaysTheFileIsEmpty) {
  EXPECT_TRUE(FailsWith(Parse(""), {"the file is empty"}));
  EXPECT_TRUE(FailsWith(Parse("  \n\r\n\t\n"), {"the file is empty"}));
  EXPECT_TRUE(FailsWith(Parse("\xEF\xBB\xBF"), {"the file is empty"}));
}

TEST(CsvReject, FirstLineOfNumbersSaysTheFirstLineMustNameTheColumns) {
  EXPECT_TRUE(FailsWith(Parse("1,2\n3,4\n5,6\n"),
                        {"line 1", "'1'", "the first line must name the columns"}));
}

TEST(CsvReject, RaggedRowNamesItsLineAndBothFieldCounts) {
  const std::string text =
      "a,b,c,d\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3\n1,2,3,4\n";
  EXPECT_TRUE(FailsWith(Parse(text), {"line 7 has 3 fields but the header has 4"}));
}

TEST(CsvReject, TrailingSeparatorCountsAsAnExtraField) {
  EXPECT_TRUE(FailsWith(Parse("a,b\n1,2,\n3,4\n"), {"line 2 has 3 fields but the header has 2"}));
}

TEST(CsvReject, NonNumericCellNamesLineColumnHeaderAndText) {
  const std::string text = "frontage,depth,price\n1,2,3\n1,2,3\n1,2,3\n4,abc,6\n";
  EXPECT_TRUE(FailsWith(Parse(text), {"line 5, column 2 ('depth'): 'abc' is not a number"}));
}

TEST(CsvReject, NonFiniteAndMalformedNumbersAreNotNumbers) {
  for (const char* cell : {"nan", "NaN", "-nan", "inf", "-inf", "Infinity", "0x10", "1.2.3",
                           "12abc", "1e", "+", ".", "1 2", "1,000"}) {
    const std::string text = std::string("x,y\n1,2\n3,\"") + cell + "\"\n";
    EXPECT_TRUE(FailsWith(Parse(text),
                          {"line 3, column 2 ('y'): '" + std::string(cell) + "' is not a number"}))
        << "cell " << cell;
  }
}

TEST(CsvReject, NumberTooLargeForADoubleIsRejected) {
  EXPECT_TRUE(FailsWith(Parse("x,y\n1,2\n3,1e999\n"),
                        {"line 3, column 2 ('y'): '1e999' is too large"}));
}

TEST(CsvReject, ValueWhoseSquareWouldOverflowNamesItsColumnAndSaysToRescaleIt) {
  // Issue 12's reproducer: finite numbers whose squares overflow gave "loss was not a number
  // at the first step". Now the file is refused before training, naming the column.
  EXPECT_TRUE(FailsWith(Parse("x,y\n1e200,1\n2e200,2\n3e200,0\n"),
                        {"line 2, column 1 ('x'): '1e200' is beyond ±1e100", "rescale column 'x'"}));
  EXPECT_TRUE(FailsWith(Parse("x,y\n1,2\n2,-4e150\n"), {"line 3, column 2 ('y')", "rescale column 'y'"}));
  EXPECT_TRUE(Parse("x,y\n1e100,1\n-1e100,2\n").ok());
}

TEST(CsvParse, DataAtTheMagnitudeLimitStartEveryModelAndScalingAtAFiniteLoss) {
  // The limit is what makes "the start loss is finite whenever the data are accepted" true:
  // values of ±1e100 (features and target) give a finite loss at θ₀ for every model and
  // scaling, on the Gram path and the direct path.
  std::string regression = "a,b,y\n";
  std::string classification = "a,b,y\n";
  for (int i = 0; i < 40; ++i) {
    const double a = (i % 2 ? 1e100 : -1e100) * ((i % 7) + 1) / 7.0;
    const double b = 1e100 * std::cos(i);
    const double y = (i % 3 ? -1e100 : 1e100) * ((i % 5) + 1) / 5.0;
    char line[200];
    std::snprintf(line, sizeof line, "%.17g,%.17g,%.17g\n", a, b, y);
    regression += line;
    std::snprintf(line, sizeof line, "%.17g,%.17g,%d\n", a, b, i % 2);
    classification += line;
  }
  const Expected<Dataset> reg = Parse(regression);
  const Expected<Dataset> cls = Parse(classification);
  ASSERT_TRUE(reg.ok()) << reg.error();
  ASSERT_TRUE(cls.ok()) << cls.error();
  for (const ModelKind model : {ModelKind::linear, ModelKind::logistic, ModelKind::mlp}) {
    const Dataset& data = model == ModelKind::logistic ? *cls : *reg;
    for (const Scaling scaling : {Scaling::none, Scaling::min_max, Scaling::z_score, Scaling::center,
                                  Scaling::unit_variance}) {
      for (const bool gram : {true, false}) {
        ProblemSpec spec;
        spec.model = model;
        spec.scaling = scaling;
        const Expected<Problem> problem = Problem::create(data, spec);
        ASSERT_TRUE(problem.ok()) << problem.error();
        SweepSettings settings;
        settings.run.steps = 3;
        settings.grid.count = 2;
        settings.use_gram_path = gram;
        const Expected<SweepResult> sweep = run_sweep(*problem, settings);
        ASSERT_TRUE(sweep.ok()) << sweep.error();
        for (const SweepRun& run : sweep->runs) {
          EXPECT_TRUE(std::isfinite(run.result.initial_loss))
              << "model " << static_cast<int>(model) << ", scaling " << static_cast<int>(scaling)
              << ", gram " << gram << ": " << run.result.initial_loss;
          ASSERT_FALSE(run.result.loss.empty());
          EXPECT_TRUE(std::isfinite(run.result.loss.front()));
        }
      }
    }
  }
}

TEST(CsvColumns, NumbersParsedElsewhereGiveTheDatasetTheCsvGives) {
  // What the page's engine builds from the worker's parsed numbers equals the CSV's dataset.
  const Expected<Dataset> parsed = Parse("a,b,y\n1,2,0\n3,4,1\n5,6,1\n");
  ASSERT_TRUE(parsed.ok());
  const Expected<Dataset> copy =
      dataset_from_columns(parsed->X, parsed->y, parsed->feature_names, parsed->target_name, parsed->name);
  ASSERT_TRUE(copy.ok()) << copy.error();
  EXPECT_EQ(copy->X, parsed->X);
  EXPECT_EQ(copy->y, parsed->y);
  EXPECT_EQ(copy->feature_names, parsed->feature_names);
  EXPECT_EQ(copy->task, Task::classification);
  EXPECT_EQ(copy->description, parsed->description);
}

TEST(CsvColumns, NumbersParsedElsewhereAreCheckedAsACsvIs) {
  const Eigen::MatrixXd X = Eigen::MatrixXd::Ones(3, 2);
  const Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(3, 0, 2);
  EXPECT_FALSE(dataset_from_columns(X, y, {"a"}, "y", "n").ok());                       // names ≠ features
  EXPECT_FALSE(dataset_from_columns(X, Eigen::VectorXd::Zero(2), {"a", "b"}, "y", "n").ok());  // rows ≠ targets
  EXPECT_FALSE(dataset_from_columns(X.topRows(1), y.head(1), {"a", "b"}, "y", "n").ok());     // one row
  Eigen::MatrixXd far = X;
  far(1, 1) = 1e200;
  EXPECT_FALSE(dataset_from_columns(far, y, {"a", "b"}, "y", "n").ok());
  Eigen::VectorXd nan = y;
  nan(0) = std::nan("");
  EXPECT_FALSE(dataset_from_columns(X, nan, {"a", "b"}, "y", "n").ok());
  const Expected<Dataset> fine = dataset_from_columns(X, y, {"a", "b"}, "y", "n");
  ASSERT_TRUE(fine.ok()) << fine.error();
  EXPECT_EQ(fine->task, Task::regression);
}

TEST(CsvReject, DecimalCommaInACommaFileHintsAtThePoint) {
  EXPECT_TRUE(FailsWith(Parse("x,y\n1,2\n\"3,5\",4\n"),
                        {"line 3, column 1 ('x'): '3,5' is not a number", "point"}));
}

TEST(CsvReject, LongBadCellIsQuotedShortened) {
  const std::string long_text(200, 'z');
  const auto result = Parse("x,y\n1,2\n3," + long_text + "\n");
  ASSERT_TRUE(FailsWith(result, {"line 3, column 2 ('y')", "…'"}));
  EXPECT_EQ(result.error().find(long_text), std::string::npos);
}

TEST(CsvReject, EmptyCellIsAMissingValueWithLineAndColumn) {
  EXPECT_TRUE(FailsWith(Parse("a,b,c\n1,2,3\n4,,6\n"), {"line 3, column 2 ('b'): missing value"}));
  EXPECT_TRUE(FailsWith(Parse("a,b,c\n1,2,3\n4,5,  \n"), {"line 3, column 3 ('c'): missing value"}));
  EXPECT_TRUE(FailsWith(Parse("a,b,c\n1,2,3\n\"\",5,6\n"), {"line 3, column 1 ('a'): missing value"}));
}

TEST(CsvReject, OneDataRowSaysAtLeastTwoRowsAreNeeded) {
  EXPECT_TRUE(FailsWith(Parse("a,b\n1,2\n"), {"1 data row", "at least 2"}));
  EXPECT_TRUE(FailsWith(Parse("a,b\n"), {"0 data rows", "at least 2"}));
}

TEST(CsvReject, FileOverTheByteLimitGivesItsSizeAndTheLimitBeforeParsing) {
  // Content that would be a different error if parsed: the size check must come first.
  const std::string text(kMaxCsvBytes + 1, 'x');
  EXPECT_TRUE(FailsWith(Parse(text), {"50.1 MB", "limit is 50 MB"}));
  const std::string bigger(60u * 1024u * 1024u, '1');
  EXPECT_TRUE(FailsWith(Parse(bigger), {"60.0 MB", "limit is 50 MB"}));
}

TEST(CsvReject, FileOverTheRowLimitGivesTheLimit) {
  std::string text = "a,b\n";
  text.reserve(text.size() + 4u * (static_cast<std::size_t>(kMaxCsvRows) + 1u));
  for (int i = 0; i < kMaxCsvRows + 1; ++i) text += "1,2\n";
  EXPECT_TRUE(FailsWith(Parse(text), {"more than 1,000,000 data rows", "limit is 1,000,000"}));
}

TEST(CsvReject, UnterminatedQuoteNamesTheLineWhereItOpens) {
  EXPECT_TRUE(FailsWith(Parse("a,b\n1,2\n3,\"4\n5,6\n"),
                        {"line 3, column 2 ('b')", "no closing quote"}));
  EXPECT_TRUE(FailsWith(Parse("\"a,b\n1,2\n"), {"line 1, column 1", "no closing quote"}));
}

TEST(CsvReject, TextAfterAClosingQuoteIsRejected) {
  EXPECT_TRUE(FailsWith(Parse("a,b\n1,2\n\"3\"x,4\n"),
                        {"line 3, column 1 ('a')", "'x' after the closing quote"}));
}

TEST(CsvReject, DuplicateHeaderNameIsNamedWithBothColumns) {
  EXPECT_TRUE(FailsWith(Parse("x,y,x\n1,2,3\n4,5,6\n"), {"'x'", "columns 1 and 3"}));
}

TEST(CsvReject, EmptyHeaderNameGivesItsColumn) {
  EXPECT_TRUE(FailsWith(Parse("x,,y\n1,2,3\n4,5,6\n"), {"line 1, column 2", "has no name"}));
}

TEST(CsvReject, UnknownTargetListsTheAvailableColumns) {
  EXPECT_TRUE(FailsWith(Parse("x1,x2,price\n1,2,3\n4,5,6\n", "prise"),
                        {"no column named 'prise'", "'x1', 'x2', 'price'"}));
}

TEST(CsvReject, SingleColumnFileNeedsAFeatureBesidesTheTarget) {
  EXPECT_TRUE(FailsWith(Parse("price\n1\n2\n3\n"), {"only one column ('price')", "feature"}));
}

TEST(CsvReject, Utf16FileIsRecognisedAndExplained) {
  EXPECT_TRUE(FailsWith(Parse(std::string("\xFF\xFE" "a\0,\0b\0", 8)), {"UTF-16", "UTF-8"}));
}

TEST(CsvReject, OneColumnTooManyNamesTheFeatureLimitAndWhatToDo) {
  const auto result = Parse(Wide(kMaxFeatures + 2, 3));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find(std::to_string(kMaxFeatures + 2) + " columns"), std::string::npos) << result.error();
  EXPECT_NE(result.error().find("up to " + std::to_string(kMaxFeatures) + " features"), std::string::npos) << result.error();
  EXPECT_NE(result.error().find("keep the columns you need"), std::string::npos) << result.error();
}

TEST(CsvReject, MoreCellsThanTheLimitAreRefusedBeforeReadingANumber) {
  // 101 columns: rows just over kMaxCsvCells; the last cell is not a number, and the cell
  // limit is what the learner hears, so no row was parsed.
  const int columns = 101;
  const int rows = static_cast<int>(kMaxCsvCells / columns) + 1;
  std::string text = Wide(columns, rows);
  text.back() = 'x';
  text += "\n";
  const auto result = Parse(text);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find(" numbers; LR Lab handles up to "), std::string::npos) << result.error();
  EXPECT_NE(result.error().find("sample of the rows"), std::string::npos) << result.error();
}

TEST(CsvReject, DuplicateNamesAmongManyColumnsNameBothColumns) {
  std::string text = Wide(kMaxFeatures + 1, 2);
  text.replace(text.find(",c200,"), 6, ",c7,");
  const auto result = Parse(text);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("'c7' (columns 8 and 201)"), std::string::npos) << result.error();
}

}  // namespace
}  // namespace lrlab
