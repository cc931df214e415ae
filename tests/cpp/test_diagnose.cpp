// Tests for reading a loss curve (cpp/lrlab/diagnose.hpp) and for labelling a whole sweep
// (diagnose_sweep in cpp/lrlab/sweep.hpp).
//
// Every curve is built here from a formula, so each deciding signal has a value computed by
// hand next to the assertion: flip_fraction counts reversals of Δloss, rise_after_min is
// (end − min)/(start − min), blowup_ratio is max/start, relative_drop is (start − end)/start.
// Curves of at most 39 points are used where the trend signals matter, so diagnose()'s
// trailing-mean window (points/20) is 1 and the smoothed curve is the curve itself.
//
// The last group checks the full-batch gradient-descent facts of SPEC §1 ("Truth over the
// source text") on the house data against the closed form: along eigenvector i of H the error
// θₜ − θ* is multiplied by (1 − αλᵢ) every step.
//
// Eigen first, through lrlab/eigen.hpp (a GCC false positive silenced for its headers).
#include "lrlab/eigen.hpp"

#include "lrlab/diagnose.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "lrlab/curvature.hpp"
#include "lrlab/dataset.hpp"
#include "lrlab/names.hpp"
#include "lrlab/problem.hpp"
#include "lrlab/rng.hpp"
#include "lrlab/sweep.hpp"
#include "lrlab/train.hpp"

namespace lrlab {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Signals are a few floating-point operations away from their hand values.
constexpr double kSignalTolerance = 1e-12;  // relative
// θₜ − θ* from the engine's Gram-matrix path against the closed form (1 − αλmax)ᵗ: the
// trajectory and θ* each carry rounding of order κ·1e-16.
constexpr double kZigZagRatioTolerance = 1e-6;
// The zig-zag is checked only while the top component is this far above rounding.
constexpr double kComponentFloor = 1e-6;  // relative to its start

void ExpectRelative(double actual, double expected, double tolerance = kSignalTolerance) {
  EXPECT_NEAR(actual, expected, tolerance * std::abs(expected))
      << "expected " << expected << ", got " << actual;
}

bool Mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// start · ratioᵗ for t = 0 … count − 1.
std::vector<double> Geometric(double start, double ratio, int count) {
  std::vector<double> loss;
  for (int t = 0; t < count; ++t) loss.push_back(start * std::pow(ratio, t));
  return loss;
}

// A saw-tooth that still decays: 10, 6, 8, 4.8, 6.4, … — even t = 2k is 10·0.8ᵏ, odd
// t = 2k + 1 is 6·0.8ᵏ. Every step reverses direction: down by 4·0.8ᵏ (40 % of the loss),
// then up by 2·0.8ᵏ (⅓ of the loss).
std::vector<double> SawTooth(int count) {
  std::vector<double> loss;
  for (int t = 0; t < count; ++t) {
    loss.push_back((t % 2 == 0 ? 10.0 : 6.0) * std::pow(0.8, t / 2));
  }
  return loss;
}

// 1 − 0.1·t down to 0.5 at t = 5, then + 0.06 a step back up to 0.8 at t = 10: gives back 60 %.
std::vector<double> GivesBackItsGain() {
  std::vector<double> loss;
  for (int t = 0; t <= 10; ++t) loss.push_back(t <= 5 ? 1.0 - 0.1 * t : 0.5 + 0.06 * (t - 5));
  return loss;
}

Diagnosis Diagnose(const std::vector<double>& loss, const DiagnosisContext& context = {}) {
  return diagnose(curve_from_losses(loss), context);
}

// ---------------------------------------------------------------------------------------
// One synthetic curve per label

TEST(DiagnoseLabel, NearlyFlatSlowDeclineIsTooLowBecauseItFellUnderOnePercent) {
  // 1 − 0.0002·t, t = 0 … 20: ends at 0.996, a relative drop of 0.4 % < kFlatRelativeDrop.
  std::vector<double> loss;
  for (int t = 0; t <= 20; ++t) loss.push_back(1.0 - 0.0002 * t);
  const Diagnosis d = Diagnose(loss);
  EXPECT_EQ(to_string(d.label), "too_low");
  ExpectRelative(d.relative_drop, 0.004, 1e-9);
  EXPECT_LT(d.relative_drop, kFlatRelativeDrop);
  EXPECT_EQ(d.flip_fraction, 0.0);   // monotone
  EXPECT_EQ(d.rise_after_min, 0.0);  // ends at its minimum
  EXPECT_EQ(d.blowup_ratio, 1.0);    // the start is the maximum
  EXPECT_EQ(d.steps, 21);
  EXPECT_TRUE(Mentions(d.reason, "almost flat")) << d.reason;
  EXPECT_TRUE(is_stable(d.label));
}

TEST(DiagnoseLabel, SmoothExponentialDecayIsGoodWithZeroFlips) {
  // 10·0.8ᵗ, t = 0 … 20.
  const Diagnosis d = Diagnose(Geometric(10.0, 0.8, 21));
  EXPECT_EQ(to_string(d.label), "good");
  ExpectRelative(d.relative_drop, 1.0 - std::pow(0.8, 20));  // 0.98847…
  ExpectRelative(d.log_drop, 20.0 * std::log(1.25));         // ln(10 / (10·0.8²⁰)) = 4.4629
  EXPECT_EQ(d.progress, 1.0);  // judged alone, a run that fell is its own best
  EXPECT_EQ(d.flip_fraction, 0.0);
  // Every step loses 20 % of the loss: rough by the roughness measure, but never reversing,
  // so it is a smooth drop, not a saw-tooth.
  ExpectRelative(d.roughness, 0.2);
  EXPECT_GE(d.roughness, kOscillationRoughness);
  EXPECT_EQ(d.rise_after_min, 0.0);
  EXPECT_EQ(d.blowup_ratio, 1.0);
  EXPECT_TRUE(is_stable(d.label));
}

TEST(DiagnoseLabel, DecayingSawToothIsOscillatingWithFlipFractionExactlyOne) {
  // t = 0 … 20 (ends on an even, upper tooth: 10·0.8¹⁰; the lowest point is t = 19: 6·0.8⁹).
  const Diagnosis d = Diagnose(SawTooth(21));
  EXPECT_EQ(to_string(d.label), "oscillating");
  // 20 Δloss alternate −, +, −, …: 19 consecutive pairs, all reversals.
  EXPECT_EQ(d.flip_fraction, 1.0);
  EXPECT_GE(d.flip_fraction, kOscillationFlipFraction);
  // Second half, t = 10 … 20: six up-steps of ⅓ (even t) and five down-steps of 0.4 (odd t):
  // (6·⅓ + 5·0.4)/11 = 4/11.
  ExpectRelative(d.roughness, 4.0 / 11.0);
  EXPECT_GE(d.roughness, kOscillationRoughness);
  // rise = (10·0.8¹⁰ − 6·0.8⁹)/(10 − 6·0.8⁹) = 2·0.8⁹/(10 − 6·0.8⁹) = 0.0292: it keeps its gain.
  ExpectRelative(d.rise_after_min, 2.0 * std::pow(0.8, 9) / (10.0 - 6.0 * std::pow(0.8, 9)));
  EXPECT_LT(d.rise_after_min, kUnstableRise);
  ExpectRelative(d.relative_drop, 1.0 - std::pow(0.8, 10));
  EXPECT_EQ(d.blowup_ratio, 1.0);
  EXPECT_FALSE(is_stable(d.label));
}

TEST(DiagnoseLabel, GainThenExplosionPastTheDivergenceRatioIsUnstable) {
  // Falls 50 % (1 → 0.5), then ×10 a step until 50000 > kDivergenceLossRatio × 1 at t = 8.
  const std::vector<double> loss{1.0, 0.8, 0.6, 0.5, 5.0, 50.0, 500.0, 5000.0, 50000.0, 1.0};
  const Curve curve = curve_from_losses(loss);
  ASSERT_TRUE(curve.diverged);
  EXPECT_EQ(curve.diverged_at, 8);
  EXPECT_EQ(curve.loss.size(), 9u);  // cut at the explosion; the value after it is dropped
  EXPECT_TRUE(std::isnan(curve.final_loss));
  const Diagnosis d = diagnose(curve);
  EXPECT_EQ(to_string(d.label), "unstable");
  EXPECT_EQ(d.blowup_ratio, kInf);
  EXPECT_EQ(d.rise_after_min, kInf);
  EXPECT_EQ(d.relative_drop, 0.0);
  EXPECT_EQ(d.log_drop, 0.0);
  // Δ signs − − − + + + + +: 7 pairs, one reversal.
  ExpectRelative(d.flip_fraction, 1.0 / 7.0);
  // The gain before the explosion, 1 − 0.5 = 50 %, is at least kMinGainBeforeExplosion.
  EXPECT_GE(0.5, kMinGainBeforeExplosion);
  EXPECT_TRUE(Mentions(d.reason, "50 %")) << d.reason;
  EXPECT_TRUE(Mentions(d.reason, "step 8")) << d.reason;
}

TEST(DiagnoseLabel, GainThenGivingBackMostOfItIsUnstable) {
  const Diagnosis d = Diagnose(GivesBackItsGain());
  EXPECT_EQ(to_string(d.label), "unstable");
  // (0.8 − 0.5)/(1 − 0.5) = 0.6 ≥ kUnstableRise: 60 % of the gain given back.
  ExpectRelative(d.rise_after_min, 0.6, 1e-9);
  EXPECT_GE(d.rise_after_min, kUnstableRise);
  ExpectRelative(d.relative_drop, 0.2, 1e-9);  // (1 − 0.8)/1: still below the start
  EXPECT_EQ(d.blowup_ratio, 1.0);
  ExpectRelative(d.flip_fraction, 1.0 / 9.0);  // 10 moves, 9 pairs, one reversal at the bottom
}

TEST(DiagnoseLabel, VShapeGivingBackLessThanHalfItsGainIsNotUnstable) {
  // 1 → 0.5 at t = 5, then back up to 0.7 at t = 10: rise (0.7 − 0.5)/(1 − 0.5) = 0.4.
  std::vector<double> loss;
  for (int t = 0; t <= 10; ++t) loss.push_back(t <= 5 ? 1.0 - 0.1 * t : 0.5 + 0.04 * (t - 5));
  const Diagnosis d = Diagnose(loss);
  ExpectRelative(d.rise_after_min, 0.4, 1e-9);
  EXPECT_LT(d.rise_after_min, kUnstableRise);
  EXPECT_EQ(to_string(d.label), "good");  // one reversal in 9 pairs is no saw-tooth
}

TEST(DiagnoseLabel, BlowUpFromStepZeroIsDiverged) {
  // ×10 a step: 1e5 at t = 5 is the first value over kDivergenceLossRatio × 1 = 1e4.
  const Curve curve = curve_from_losses(Geometric(1.0, 10.0, 8));
  EXPECT_TRUE(curve.diverged);
  EXPECT_EQ(curve.diverged_at, 5);
  const Diagnosis d = diagnose(curve);
  EXPECT_EQ(to_string(d.label), "diverged");
  EXPECT_EQ(d.blowup_ratio, kInf);
  EXPECT_EQ(d.flip_fraction, 0.0);
  EXPECT_EQ(d.log_drop, 0.0);
  EXPECT_TRUE(Mentions(d.reason, "step 5")) << d.reason;
}

TEST(DiagnoseLabel, SmallGainBelowMinGainThenExplosionIsDivergedNotUnstable) {
  // Falls 5 % (< kMinGainBeforeExplosion = 10 %), then ×100 a step past 1e4 at t = 4.
  const Diagnosis d = Diagnose({1.0, 0.95, 95.0, 9500.0, 950000.0});
  EXPECT_LT(0.05, kMinGainBeforeExplosion);
  EXPECT_EQ(to_string(d.label), "diverged");
}

TEST(DiagnoseLabel, LossThatRisesWithoutExplodingIsDiverged) {
  // 1 → 4 linearly: never past 1e4× but never below the start either.
  const Diagnosis d = Diagnose({1.0, 1.5, 2.0, 3.0, 4.0});
  EXPECT_EQ(to_string(d.label), "diverged");
  ExpectRelative(d.blowup_ratio, 4.0);
  ExpectRelative(d.relative_drop, -3.0);
  EXPECT_EQ(d.rise_after_min, kInf);  // no gain at all, and it ended above the start
}

// ---------------------------------------------------------------------------------------
// Edge cases: never a crash, always a defined label

TEST(DiagnoseEdge, NaNAtStepZeroIsDivergedWithoutCrashing) {
  const Curve curve = curve_from_losses({kNaN, 1.0, 0.5});
  EXPECT_TRUE(curve.diverged);
  EXPECT_EQ(curve.diverged_at, 0);
  const Diagnosis d = diagnose(curve);
  EXPECT_EQ(to_string(d.label), "diverged");
  EXPECT_EQ(d.blowup_ratio, kInf);
  EXPECT_FALSE(d.reason.empty());
}

TEST(DiagnoseEdge, InfinityAtStepZeroIsDiverged) {
  EXPECT_EQ(to_string(Diagnose({kInf, 1.0}).label), "diverged");
}

TEST(DiagnoseEdge, NaNAfterAGainIsUnstable) {
  const Curve curve = curve_from_losses({1.0, 0.5, kNaN, 0.1});
  EXPECT_EQ(curve.diverged_at, 2);
  EXPECT_EQ(to_string(diagnose(curve).label), "unstable");
}

TEST(DiagnoseEdge, OneStepRunIsTooLowAlmostFlat) {
  const Diagnosis d = Diagnose({0.7});
  EXPECT_EQ(to_string(d.label), "too_low");
  EXPECT_EQ(d.relative_drop, 0.0);
  EXPECT_EQ(d.flip_fraction, 0.0);
  EXPECT_EQ(d.rise_after_min, 0.0);
  EXPECT_EQ(d.blowup_ratio, 1.0);
  EXPECT_EQ(d.steps, 1);
  EXPECT_TRUE(Mentions(d.reason, "almost flat")) << d.reason;
}

TEST(DiagnoseEdge, ConstantCurveIsTooLowWithNoFlips) {
  const Diagnosis d = Diagnose(std::vector<double>(30, 2.5));
  EXPECT_EQ(to_string(d.label), "too_low");
  EXPECT_EQ(d.flip_fraction, 0.0);
  EXPECT_EQ(d.roughness, 0.0);
  EXPECT_EQ(d.relative_drop, 0.0);
  EXPECT_EQ(d.log_drop, 0.0);
  EXPECT_EQ(d.progress, 0.0);
}

TEST(DiagnoseEdge, EmptyCurveIsDiverged) {
  const Curve curve = curve_from_losses({});
  EXPECT_TRUE(curve.diverged);
  const Diagnosis d = diagnose(curve);
  EXPECT_EQ(to_string(d.label), "diverged");
  EXPECT_EQ(d.steps, 0);
}

TEST(DiagnoseEdge, ChangesAtRoundingLevelAreNotFlips) {
  // A plateau wobbling by 1e-9 of the loss (below kMoveTolerance = 1e-6) has no moves.
  std::vector<double> loss;
  for (int t = 0; t < 20; ++t) loss.push_back(1.0 + (t % 2 ? 1e-9 : 0.0));
  EXPECT_LT(1e-9, kMoveTolerance);
  EXPECT_EQ(Diagnose(loss).flip_fraction, 0.0);
}

// ---------------------------------------------------------------------------------------
// What the rest of the sweep says about a run

TEST(DiagnoseContext, ModerateDecayIsGoodAloneButTooLowAtAQuarterOfTheBestProgress) {
  const std::vector<double> loss = Geometric(1.0, 0.95, 21);  // 0.95ᵗ
  const double own_log_drop = 20.0 * std::log(1.0 / 0.95);    // 1.0259
  const Diagnosis alone = Diagnose(loss);
  ExpectRelative(alone.log_drop, own_log_drop);
  EXPECT_EQ(to_string(alone.label), "good");

  DiagnosisContext context;
  context.best_log_drop = 4.0 * own_log_drop;
  const Diagnosis beside_best = Diagnose(loss, context);
  ExpectRelative(beside_best.progress, 0.25);
  EXPECT_LT(beside_best.progress, kTooLowProgress);
  EXPECT_EQ(to_string(beside_best.label), "too_low");
  EXPECT_TRUE(Mentions(beside_best.reason, "too slow")) << beside_best.reason;
}

TEST(DiagnoseContext, ProgressJustAboveTooLowProgressIsGoodJustBelowIsTooLow) {
  const std::vector<double> loss = Geometric(1.0, 0.95, 21);
  const double own_log_drop = 20.0 * std::log(1.0 / 0.95);
  DiagnosisContext context;
  context.best_log_drop = own_log_drop / (kTooLowProgress * 1.001);
  EXPECT_EQ(to_string(Diagnose(loss, context).label), "good");
  context.best_log_drop = own_log_drop / (kTooLowProgress * 0.999);
  EXPECT_EQ(to_string(Diagnose(loss, context).label), "too_low");
}

// A mini-batch-like curve: a decay to a plateau with 5 % multiplicative noise on every step.
std::vector<double> NoisyCurve() {
  Rng rng(7);
  std::vector<double> loss;
  for (int t = 0; t < 100; ++t) {
    loss.push_back((0.2 + 0.8 * std::pow(0.95, t)) * (1.0 + 0.05 * rng.normal()));
  }
  return loss;
}

TEST(DiagnoseContext, NoisyCurveIsOscillatingAloneButNotWhenEveryRunIsThatNoisy) {
  const std::vector<double> loss = NoisyCurve();
  const Diagnosis alone = Diagnose(loss);
  EXPECT_EQ(to_string(alone.label), "oscillating");
  EXPECT_GE(alone.flip_fraction, kOscillationFlipFraction);
  EXPECT_GE(alone.roughness, kOscillationRoughness);
  EXPECT_EQ(alone.roughness, roughness(loss));

  // The quietest run of the sweep is just as rough: the noise is the batches', not α's.
  DiagnosisContext context;
  context.roughness_floor = alone.roughness;
  const Diagnosis among_equals = Diagnose(loss, context);
  EXPECT_NE(to_string(among_equals.label), "oscillating");
  EXPECT_EQ(to_string(among_equals.label), "good");

  // Rougher than kNoiseMargin × the quietest run: the saw-tooth is α's doing after all.
  context.roughness_floor = 0.99 * alone.roughness / kNoiseMargin;
  EXPECT_EQ(to_string(Diagnose(loss, context).label), "oscillating");
}

// ---------------------------------------------------------------------------------------
// diagnose_sweep: labels against the sweep, the recommendation and its stable range

// A run whose curve (θ₀ … θ_T as curve_from_run reads it) is `values`.
RunResult RunWithCurve(const std::vector<double>& values) {
  RunResult run;
  run.initial_loss = values.front();
  const Curve curve = curve_from_losses(values);
  if (curve.diverged) {
    run.loss = curve.loss;  // the run stops at the exploding step
    run.diverged = true;
    run.diverged_at = curve.diverged_at;
    run.final_loss = kNaN;
  } else {
    run.loss.assign(values.begin(), values.end() - 1);
    run.final_loss = values.back();
  }
  return run;
}

SweepResult HandBuiltSweep(const std::vector<std::pair<double, std::vector<double>>>& runs) {
  SweepResult sweep;
  for (const auto& [learning_rate, values] : runs) {
    SweepRun run;
    run.learning_rate = learning_rate;
    run.result = RunWithCurve(values);
    sweep.runs.push_back(run);
  }
  return sweep;
}

TEST(DiagnoseSweep, RecommendsTheLargestStableRateAndItsContiguousStableBlock) {
  // Log drops (t = 0 … 20): 0.99ᵗ → 0.201, 0.9ᵗ → 2.107, 0.8ᵗ → 4.463 (the best).
  SweepResult sweep = HandBuiltSweep({
      {1e-4, Geometric(1.0, 0.99, 21)},  // progress 0.201/4.463 = 0.045: too_low (stable)
      {3e-4, SawTooth(21)},              // oscillating: breaks the stable block
      {1e-3, Geometric(1.0, 0.9, 21)},   // progress 2.107/4.463 = 0.47: good
      {3e-3, Geometric(1.0, 0.8, 21)},   // progress 1: good — the largest stable α
      {1e-2, SawTooth(21)},              // oscillating
      {3e-2, Geometric(1.0, 10.0, 8)},   // diverged
  });
  diagnose_sweep(sweep);
  const std::vector<std::string> expected{"too_low", "oscillating", "good",
                                          "good",    "oscillating", "diverged"};
  ASSERT_EQ(sweep.runs.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(to_string(sweep.runs[i].diagnosis.label), expected[i]) << "run " << i;
  }
  ExpectRelative(sweep.runs[0].diagnosis.progress, std::log(0.99) / std::log(0.8));
  ExpectRelative(sweep.runs[2].diagnosis.progress, std::log(0.9) / std::log(0.8));
  ExpectRelative(sweep.runs[3].diagnosis.progress, 1.0);

  ASSERT_TRUE(sweep.recommended.has_value());
  EXPECT_EQ(*sweep.recommended, 3e-3);
  EXPECT_EQ(sweep.recommended_index, 3);
  EXPECT_EQ(sweep.stable_max, 3e-3);
  EXPECT_EQ(sweep.stable_min, 1e-3);  // not 1e-4: the oscillating 3e-4 lies between
  EXPECT_TRUE(Mentions(sweep.advice, "0.003")) << sweep.advice;
  EXPECT_TRUE(Mentions(sweep.advice, "oscillating")) << sweep.advice;
}

TEST(DiagnoseSweep, SawToothIsOscillatingAgainstTheQuietestRunsRoughness) {
  // The quietest run, 0.99ᵗ, has roughness 0.01; the saw-tooth's 4/11 is far above
  // kNoiseMargin × 0.01.
  SweepResult sweep = HandBuiltSweep({{1e-3, Geometric(1.0, 0.99, 21)}, {1e-2, SawTooth(21)}});
  diagnose_sweep(sweep);
  ExpectRelative(sweep.runs[0].diagnosis.roughness, 0.01, 1e-9);
  EXPECT_EQ(to_string(sweep.runs[1].diagnosis.label), "oscillating");
}

TEST(DiagnoseSweep, NoStableRunGivesNoRecommendationAndAdvisesStartingLower) {
  SweepResult sweep = HandBuiltSweep({
      {0.03, GivesBackItsGain()},
      {0.1, SawTooth(21)},
      {0.3, {1.0, 0.8, 0.6, 0.5, 5.0, 50.0, 500.0, 5000.0, 50000.0}},
      {1.0, Geometric(1.0, 10.0, 8)},
  });
  diagnose_sweep(sweep);
  EXPECT_EQ(to_string(sweep.runs[0].diagnosis.label), "unstable");
  // The quietest run (the V, roughness 0.66/6 = 0.11) is far below the saw-tooth's 4/11.
  EXPECT_EQ(to_string(sweep.runs[1].diagnosis.label), "oscillating");
  EXPECT_EQ(to_string(sweep.runs[2].diagnosis.label), "unstable");
  EXPECT_EQ(to_string(sweep.runs[3].diagnosis.label), "diverged");
  EXPECT_FALSE(sweep.recommended.has_value());
  EXPECT_EQ(sweep.recommended_index, -1);
  EXPECT_TRUE(Mentions(sweep.advice, "start lower")) << sweep.advice;
}

// The noise floor that excuses a saw-tooth comes from mini-batch noise in the *other* runs.
// A lone saw-tooth among diverged full-batch runs is measured against nothing and stays
// oscillating (it must never be recommended as "good").
TEST(DiagnoseSweep, LoneSawToothAmongDivergedRunsIsStillOscillating) {
  SweepResult sweep = HandBuiltSweep({
      {0.1, SawTooth(21)},
      {0.3, Geometric(1.0, 10.0, 8)},
      {1.0, Geometric(1.0, 100.0, 8)},
  });
  diagnose_sweep(sweep);
  EXPECT_EQ(to_string(sweep.runs[0].diagnosis.label), "oscillating");
  EXPECT_FALSE(sweep.recommended.has_value());
}

TEST(DiagnoseSweep, LargestStableRateAtTheTopOfTheGridAdvisesExtendingUpward) {
  SweepResult sweep = HandBuiltSweep({{1e-3, Geometric(1.0, 0.9, 21)},
                                      {1e-2, Geometric(1.0, 0.8, 21)}});
  diagnose_sweep(sweep);
  ASSERT_TRUE(sweep.recommended.has_value());
  EXPECT_EQ(*sweep.recommended, 1e-2);
  EXPECT_EQ(sweep.stable_min, 1e-3);
  EXPECT_TRUE(Mentions(sweep.advice, "extend the sweep upward")) << sweep.advice;
}

// ---------------------------------------------------------------------------------------
// Full-batch GD on the house data (SPEC §1): no saw-tooth loss, but zig-zagging weights

struct HouseQuadratic {
  Problem problem;
  Eigen::MatrixXd hessian;     // H = X̃ᵀX̃/m, X̃ = [X 1]
  Eigen::VectorXd optimum;     // θ* solving Hθ = c, c = X̃ᵀy/m
  Eigen::VectorXd top_vector;  // unit eigenvector of λmax
  double lambda_max = 0.0;
};

HouseQuadratic MakeHouseQuadratic() {
  Expected<Problem> problem =
      Problem::create(make_house(1), ProblemSpec{ModelKind::linear, Scaling::none});
  EXPECT_TRUE(problem.ok());
  HouseQuadratic q{std::move(problem).value(), {}, {}, {}, 0.0};
  const Eigen::MatrixXd& X = q.problem.data().X;
  const Eigen::VectorXd& y = q.problem.data().y;
  const double m = static_cast<double>(X.rows());
  Eigen::MatrixXd X_bias(X.rows(), X.cols() + 1);
  X_bias << X, Eigen::VectorXd::Ones(X.rows());
  q.hessian = X_bias.transpose() * X_bias / m;
  q.optimum = q.hessian.ldlt().solve(X_bias.transpose() * y / m);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(q.hessian);
  const Eigen::Index top = q.hessian.rows() - 1;
  q.top_vector = solver.eigenvectors().col(top);
  q.lambda_max = linear_curvature(X, 0.0).lambda_max;
  ExpectRelative(q.lambda_max, solver.eigenvalues()(top), 1e-12);
  return q;
}

RunResult RunGd(const Problem& problem, double learning_rate, int steps) {
  RunSettings settings;
  settings.optimizer.kind = OptimizerKind::gd;
  settings.optimizer.learning_rate = learning_rate;
  settings.steps = steps;
  settings.record_params = true;
  Expected<RunResult> run = run_experiment(problem, settings);
  EXPECT_TRUE(run.ok()) << (run.ok() ? "" : run.error());
  return std::move(run).value();
}

// (θₜ − θ*)·v for t = 0 … steps.
std::vector<double> TopComponents(const HouseQuadratic& q, const RunResult& run) {
  std::vector<double> components;
  const int p = run.num_params;
  for (size_t t = 0; (t + 1) * p <= run.params.size(); ++t) {
    const Eigen::Map<const Eigen::VectorXd> theta(run.params.data() + t * p, p);
    components.push_back(q.top_vector.dot(theta - q.optimum));
  }
  return components;
}

TEST(DiagnoseFullBatchGd, BetweenOneAndTwoOverLambdaMaxLossFallsEveryStepWhileWeightsZigZag) {
  const HouseQuadratic q = MakeHouseQuadratic();
  constexpr int kSteps = 100;
  for (double multiple : {1.1, 1.5, 1.9}) {
    const double alpha = multiple / q.lambda_max;
    SCOPED_TRACE("α = " + std::to_string(multiple) + "/λmax");
    const RunResult run = RunGd(q.problem, alpha, kSteps);
    ASSERT_FALSE(run.diverged);
    ASSERT_EQ(run.loss.size(), static_cast<size_t>(kSteps));

    // The loss never increases: no saw-tooth.
    for (int t = 0; t + 1 < kSteps; ++t) {
      EXPECT_LT(run.loss[t + 1], run.loss[t]) << "step " << t + 1;
    }
    EXPECT_LT(run.final_loss, run.loss.back());
    const Diagnosis d = diagnose(curve_from_run(run));
    EXPECT_EQ(d.flip_fraction, 0.0);
    EXPECT_NE(to_string(d.label), "oscillating");

    // The weights zig-zag: along the top eigenvector the error is multiplied by
    // 1 − αλmax ∈ (−1, 0) every step, so it changes sign every step.
    const std::vector<double> component = TopComponents(q, run);
    ASSERT_EQ(component.size(), static_cast<size_t>(kSteps + 1));
    ASSERT_GT(std::abs(component[0]), 0.0);
    const double factor = 1.0 - alpha * q.lambda_max;  // −0.1, −0.5, −0.9
    int checked = 0;
    for (int t = 0; t < kSteps; ++t) {
      if (std::abs(component[t]) < kComponentFloor * std::abs(component[0])) break;
      EXPECT_LT(component[t + 1] * component[t], 0.0) << "no sign change at step " << t + 1;
      EXPECT_NEAR(component[t + 1] / component[t], factor, kZigZagRatioTolerance)
          << "step " << t + 1;
      ++checked;
    }
    EXPECT_GE(checked, 5);  // |factor|⁵ ≥ 1e-5 even for the fastest-decaying case
  }
}

TEST(DiagnoseFullBatchGd, BelowOneOverLambdaMaxWeightsSlideInWithoutZigZag) {
  const HouseQuadratic q = MakeHouseQuadratic();
  const RunResult run = RunGd(q.problem, 0.5 / q.lambda_max, 50);
  ASSERT_FALSE(run.diverged);
  const std::vector<double> component = TopComponents(q, run);
  for (size_t t = 0; t + 1 < component.size(); ++t) {
    if (std::abs(component[t]) < kComponentFloor * std::abs(component[0])) break;
    EXPECT_GT(component[t + 1] * component[t], 0.0) << "sign change at step " << t + 1;
  }
}

TEST(DiagnoseFullBatchGd, AboveTwoOverLambdaMaxTheRunEndsDiverged) {
  const HouseQuadratic q = MakeHouseQuadratic();
  for (double multiple : {2.1, 3.0}) {
    SCOPED_TRACE("α = " + std::to_string(multiple) + "/λmax");
    const RunResult run = RunGd(q.problem, multiple / q.lambda_max, 200);
    EXPECT_TRUE(run.diverged);
    EXPECT_TRUE(std::isnan(run.final_loss));
    EXPECT_FALSE(is_stable(diagnose(curve_from_run(run)).label));
  }
}

}  // namespace
}  // namespace lrlab

namespace lrlab {
namespace {

// Mini-batch losses jump with every batch. A run that barely moves is slow (too_low), not
// "rising": its trend ends at the full-data final loss, not at the last noisy batches.
TEST(DiagnoseNoise, ANearlyFlatNoisyMiniBatchRunIsTooLowNotDiverged) {
  ProblemSpec spec;
  spec.scaling = Scaling::min_max;
  const Problem problem = Problem::create(make_house(1), spec).value();
  SweepSettings settings;  // 1e-4 ×3 ladder, 9 rates
  settings.run.optimizer.kind = OptimizerKind::sgd;
  settings.run.optimizer.batch_size = 16;
  const SweepResult sweep = run_sweep(problem, settings).value();
  const SweepRun& slowest = sweep.runs.front();
  ASSERT_FALSE(slowest.result.diverged);
  ASSERT_LT(slowest.result.final_loss, slowest.result.initial_loss);  // it did fall, slowly
  EXPECT_EQ(slowest.diagnosis.label, Label::too_low) << slowest.diagnosis.reason;
  EXPECT_TRUE(sweep.recommended.has_value());
}

TEST(DiagnoseNoise, ANoisyCurveWhoseFullDataLossRoseIsStillDiverged) {
  Curve c = curve_from_losses({1.0, 1.3, 0.97, 1.4, 1.1, 1.6, 1.2, 1.8});
  c.noisy = true;
  c.final_loss = 1.5;  // full-data loss 50 % above the start, no gain ever
  EXPECT_EQ(diagnose(c).label, Label::diverged);
}

}  // namespace
}  // namespace lrlab

namespace lrlab {
namespace {

TEST(DiagnoseNoise, BatchScatterAtATinyRateIsNotReadAsAGainGivenBack) {
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  const Problem problem = Problem::create(make_house(1), spec).value();
  SweepSettings settings;  // 1e-4 ×3 ladder, 9 rates
  settings.run.optimizer.kind = OptimizerKind::sgd;
  settings.run.optimizer.batch_size = 16;
  const SweepResult sweep = run_sweep(problem, settings).value();
  for (int i = 0; i < 3; ++i) {  // 1e-4, 3e-4, 1e-3: slow, not unstable
    EXPECT_EQ(sweep.runs[i].diagnosis.label, Label::too_low) << sweep.runs[i].learning_rate << ": "
                                                              << sweep.runs[i].diagnosis.reason;
  }
}

}  // namespace
}  // namespace lrlab

// ---------------------------------------------------------------------------------------
// Judging against J* on quadratics whose Hessian is chosen: rows (±a, 0) and (0, ±b) have
// mean 0, so H = X̃ᵀX̃/m = diag(a²/2, b²/2, 1) exactly — eigenvalues λ = a²/2, b²/2, 1 — and
// the targets are not a linear function of the rows, so J* > 0.

namespace lrlab {
namespace {

// λ = (4, 0.5, 1): 2/λmax = 0.5, 1/λmax = 0.25, 2/(λmin+λmax) = 2/4.5. `steep` scales the
// targets' dependence on the steep column (a small value starts that direction small).
Problem ChosenQuadratic(double steep = 1.0) {
  const double a = std::sqrt(8.0), b = 1.0;
  Dataset d;
  d.name = "chosen";
  d.feature_names = {"x1", "x2"};
  d.target_name = "y";
  d.X.resize(8, 2);
  d.y.resize(8);
  const double rows[8][2] = {{a, 0}, {-a, 0}, {0, b}, {0, -b}, {a, 0}, {-a, 0}, {0, b}, {0, -b}};
  const double noise[8] = {0.3, -0.2, 0.1, 0.25, -0.3, 0.2, -0.1, -0.25};
  for (int i = 0; i < 8; ++i) {
    d.X(i, 0) = rows[i][0];
    d.X(i, 1) = rows[i][1];
    d.y(i) = 5.0 + steep * 0.7 * rows[i][0] - 1.5 * rows[i][1] + noise[i];
  }
  return Problem::create(d, ProblemSpec{}).value();
}

TEST(JudgeAgainstOptimum, TheChosenQuadraticHasTheChosenEigenvalues) {
  const CurvatureReport c = curvature_report(ChosenQuadratic(), 0.9, 1);
  ASSERT_EQ(c.eigenvalues.size(), 3u);
  EXPECT_NEAR(c.eigenvalues[0], 0.5, 1e-12);
  EXPECT_NEAR(c.eigenvalues[1], 1.0, 1e-12);
  EXPECT_NEAR(c.eigenvalues[2], 4.0, 1e-12);
  EXPECT_GT(ChosenQuadratic().gram()->optimal_loss, 0.01);
}

// A rate just below 2/λmax converges slowly along the steepest direction (|1 − αλmax| = 0.96
// a step) while half of it converges fast in every direction: in a 40-step window the larger
// rate is stable but past the peak, never "good" and never picked; the pick sits below
// 2/λmax. (In a window long enough for both to converge they tie, and both are good.)
TEST(JudgeAgainstOptimum, ARateJustBelowTheDivergenceBoundIsPastThePeakAndNotPicked) {
  SweepSettings settings;
  settings.run.steps = 40;
  settings.grid.ladder = Ladder::geometric;
  settings.grid.start = 0.1225;
  settings.grid.factor = 2.0;
  settings.grid.count = 3;  // 0.1225, 0.245, 0.49
  const SweepResult sweep = run_sweep(ChosenQuadratic(), settings).value();
  const SweepRun& edge = sweep.runs[2];
  ASSERT_FALSE(edge.result.diverged);
  EXPECT_EQ(edge.diagnosis.label, Label::past_peak) << edge.diagnosis.reason;
  EXPECT_LT(edge.diagnosis.progress, kPastPeakProgress);
  EXPECT_NE(edge.diagnosis.reason.find("1/λmax = 0.25"), std::string::npos) << edge.diagnosis.reason;
  ASSERT_TRUE(sweep.recommended.has_value());
  EXPECT_DOUBLE_EQ(*sweep.recommended, 0.245);
  EXPECT_LT(*sweep.recommended, sweep.curvature->divergence_rate);
  EXPECT_NE(sweep.advice.find("past the peak"), std::string::npos) << sweep.advice;
  // Its excess left is what the closed form gives: each eigen-direction of the error shrinks
  // by |1 − αλᵢ| a step, so at α = 0.49 the steep factor 0.96^T dominates what is left.
  EXPECT_GT(edge.diagnosis.excess_left, 0.0);
  EXPECT_LT(edge.diagnosis.excess_left, 1.0);
}

// On every sweep of the chosen quadratic: no stable run above the best run's α is "too low",
// and the recommendation is within the named margin of the best progress and below 2/λmax.
TEST(JudgeAgainstOptimum, AboveTheBestRateNothingIsTooLowAndThePickKeepsTheMargin) {
  for (double factor : {1.5, 2.0, 3.0}) {
    for (int steps : {20, 60, 200}) {
      SweepSettings settings;
      settings.grid.ladder = Ladder::geometric;
      settings.grid.start = 0.005;
      settings.grid.factor = factor;
      settings.grid.end = 0.6;
      settings.run.steps = steps;
      const SweepResult sweep = run_sweep(ChosenQuadratic(), settings).value();
      int best = -1;
      for (size_t i = 0; i < sweep.runs.size(); ++i) {
        if (!sweep.runs[i].result.diverged &&
            (best < 0 || sweep.runs[i].diagnosis.log_drop > sweep.runs[best].diagnosis.log_drop)) {
          best = static_cast<int>(i);
        }
      }
      ASSERT_GE(best, 0);
      EXPECT_EQ(sweep.best_index, best);
      EXPECT_EQ(sweep.best_rate, sweep.runs[best].learning_rate);
      for (size_t i = best + 1; i < sweep.runs.size(); ++i) {
        EXPECT_NE(sweep.runs[i].diagnosis.label, Label::too_low)
            << "×" << factor << ", " << steps << " steps, α = " << sweep.runs[i].learning_rate;
      }
      ASSERT_TRUE(sweep.recommended.has_value());
      const SweepRun& pick = sweep.runs[sweep.recommended_index];
      EXPECT_LT(*sweep.recommended, sweep.curvature->divergence_rate);
      EXPECT_EQ(pick.diagnosis.label, Label::good);
      if (sweep.recommended_index > best) {
        EXPECT_GE(pick.diagnosis.progress, kPastPeakProgress);
      }
    }
  }
}

// Above 2/λmax a run can fall first and explode later when its steepest direction starts
// small; the reason names the bound and does not offer warm-up, which cannot save a constant
// α above it on a quadratic.
TEST(JudgeAgainstOptimum, AnExplosionAboveTheBoundNamesTheBoundAndNotWarmUp) {
  SweepSettings settings;
  settings.grid.ladder = Ladder::geometric;
  settings.grid.start = 0.55;  // above 2/λmax = 0.5
  settings.grid.count = 1;
  settings.run.steps = 300;
  const SweepResult sweep = run_sweep(ChosenQuadratic(1e-6), settings).value();
  const Diagnosis& d = sweep.runs[0].diagnosis;
  ASSERT_TRUE(sweep.runs[0].result.diverged);
  EXPECT_EQ(d.label, Label::unstable) << d.reason;
  EXPECT_NE(d.reason.find("above 2/λmax = 0.5"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("warm-up cannot rescue"), std::string::npos) << d.reason;
}

// A perfect fit (J* = 0) with a start loss of 8e8: progress is finite, no NaN in a reason.
TEST(JudgeAgainstOptimum, APerfectFitWithAHugeStartLossGivesFiniteProgressAndNoNaN) {
  Dataset d;
  d.name = "exact";
  d.feature_names = {"x"};
  d.target_name = "y";
  d.X.resize(2, 1);
  d.y.resize(2);
  d.X << 1, 2;
  d.y << 0, 40000;
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  const SweepResult sweep = run_sweep(Problem::create(d, spec).value(), SweepSettings{}).value();
  for (const SweepRun& run : sweep.runs) {
    EXPECT_TRUE(std::isfinite(run.diagnosis.progress)) << run.learning_rate;
    EXPECT_EQ(run.diagnosis.reason.find("nan"), std::string::npos) << run.diagnosis.reason;
    if (!run.result.diverged) {
      EXPECT_GE(run.result.final_loss, 0.0);
    }
  }
}

}  // namespace
}  // namespace lrlab

namespace lrlab {
namespace {

// Labels are relative to the sweep's best run; when even the pick leaves most of its excess
// loss (raw house: κ in the hundreds), the advice says so and names κ — and not otherwise.
TEST(JudgeAgainstOptimum, TheAdviceSaysWhenEvenThePickLeavesMostOfItsExcessLoss) {
  ProblemSpec raw;
  const SweepResult slow = run_sweep(Problem::create(make_house(1), raw).value(), SweepSettings{}).value();
  const double left = slow.runs[slow.recommended_index].diagnosis.excess_left;
  ASSERT_GT(left, kSlowEvenAtBest);
  EXPECT_NE(slow.advice.find("of its excess loss"), std::string::npos) << slow.advice;
  EXPECT_NE(slow.advice.find("κ = " + format_number(slow.curvature->condition_number).substr(0, 3)), std::string::npos) << slow.advice;
  ProblemSpec scaled;
  scaled.scaling = Scaling::z_score;
  const SweepResult fast = run_sweep(Problem::create(make_house(1), scaled).value(), SweepSettings{}).value();
  ASSERT_LE(fast.runs[fast.recommended_index].diagnosis.excess_left, kSlowEvenAtBest);
  EXPECT_EQ(fast.advice.find("excess loss"), std::string::npos) << fast.advice;
}

}  // namespace
}  // namespace lrlab

// ---------------------------------------------------------------------------------------
// Mini-batch sweeps judged over several batch orders (sweep.hpp kDefaultSweepSeeds).

namespace lrlab {
namespace {

TEST(SeedBand, MedianLowHighAndDivergedCountByHand) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const SeedBand odd = make_band({0.3, nan, 0.1, 0.2});
  EXPECT_EQ(odd.diverged, 1);
  EXPECT_DOUBLE_EQ(odd.median, 0.2);
  EXPECT_DOUBLE_EQ(odd.low, 0.1);
  EXPECT_DOUBLE_EQ(odd.high, 0.3);
  const SeedBand even = make_band({4.0, 1.0, 3.0, 2.0});
  EXPECT_EQ(even.diverged, 0);
  EXPECT_DOUBLE_EQ(even.median, 2.5);
  const SeedBand none = make_band({nan, nan});
  EXPECT_EQ(none.diverged, 2);
  EXPECT_TRUE(std::isnan(none.median));
}

SweepResult HouseMiniBatchSweep(int batch, int seeds = kDefaultSweepSeeds) {
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  const Problem problem = Problem::create(make_house(1), spec).value();
  SweepSettings settings;
  settings.run.optimizer.kind = OptimizerKind::sgd;
  settings.run.optimizer.batch_size = batch;
  settings.grid.count = 10;  // 1e-4 … 3
  settings.seeds = seeds;
  return run_sweep(problem, settings).value();
}

// The band is exactly the runs the sweep claims: the same α and start, batch orders seed,
// seed + 1, … — recomputed here one train() call at a time.
TEST(SeedBand, TheBandHoldsOneRunPerBatchOrderFromTheSameStart) {
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  const Problem problem = Problem::create(make_house(1), spec).value();
  const SweepResult sweep = HouseMiniBatchSweep(4);
  for (const SweepRun& run : sweep.runs) {
    ASSERT_EQ(run.band.final_losses.size(), static_cast<size_t>(kDefaultSweepSeeds));
    for (int k = 0; k < kDefaultSweepSeeds; ++k) {
      RunSettings settings;
      settings.optimizer.kind = OptimizerKind::sgd;
      settings.optimizer.batch_size = 4;
      settings.optimizer.learning_rate = run.learning_rate;
      settings.seed = 1 + k;
      auto objective = problem.objective(false);
      const RunResult alone = train(*objective, settings, objective->initial_params(1));
      if (alone.diverged) {
        EXPECT_TRUE(std::isnan(run.band.final_losses[k]));
      } else {
        EXPECT_DOUBLE_EQ(run.band.final_losses[k], alone.final_loss) << run.learning_rate << " order " << k;
      }
    }
  }
}

// The reproducers: tiny α under batch 1 and 4 are slow, never "unstable"; the real
// edge is where batch orders blow up; "oscillating" only where the median loss is clearly
// above the best run's.
TEST(SeedBand, LabelsFollowTheBandNotOneNoisyLog) {
  for (const int batch : {1, 4, 16}) {
    const SweepResult sweep = HouseMiniBatchSweep(batch);
    ASSERT_GE(sweep.best_index, 0);
    const double best = sweep.runs[sweep.best_index].band.median;
    bool past_edge = false;
    for (const SweepRun& run : sweep.runs) {
      const Label label = run.diagnosis.label;
      SCOPED_TRACE("batch " + std::to_string(batch) + ", α = " + format_number(run.learning_rate) + ": " +
                   run.diagnosis.reason);
      if (run.learning_rate <= 1e-3) { EXPECT_EQ(label, Label::too_low); }
      if (run.band.diverged == 0) {
        EXPECT_TRUE(is_stable(label) || label == Label::oscillating);
        if (label == Label::oscillating) {
          EXPECT_GT(run.learning_rate, sweep.best_rate);
          EXPECT_GT(run.band.median, (1.0 + kNoiseCost) * best);
        }
        if (run.learning_rate > sweep.best_rate && run.band.median > (1.0 + kNoiseCost) * best) {
          EXPECT_EQ(label, Label::oscillating);
        }
      } else {
        EXPECT_TRUE(label == Label::unstable || label == Label::diverged);
        if (run.band.diverged < kDefaultSweepSeeds) { EXPECT_EQ(label, Label::unstable); }
      }
      // Once some order blows up, every larger α does too on this data.
      if (past_edge) { EXPECT_GT(run.band.diverged, 0); }
      past_edge = past_edge || run.band.diverged > 0;
    }
    ASSERT_GE(sweep.edge_index, 0);
    EXPECT_GT(sweep.runs[sweep.edge_index].band.diverged, 0);
    if (sweep.recommended_index >= 0) {
      EXPECT_LT(sweep.recommended_index, sweep.edge_index);
      EXPECT_EQ(sweep.runs[sweep.recommended_index].diagnosis.label, Label::good);
    }
  }
}

// What the page states about batch noise, on this data: the edge barely moves with the
// batch size (within one ×3 step of full batch's 2/λmax bound) while, at a fixed α above
// the best, the noise floor (the median full-data loss at the end) rises as B falls.
TEST(SeedBand, TheEdgeBarelyMovesWhileTheNoiseFloorRisesAsTheBatchShrinks) {
  ProblemSpec spec;
  spec.scaling = Scaling::z_score;
  const Problem problem = Problem::create(make_house(1), spec).value();
  const double bound = curvature_report(problem, 0.9, 1).divergence_rate;  // 2/λmax ≈ 1.92
  double floor_at_smaller_batch = std::numeric_limits<double>::infinity();
  for (const int batch : {1, 4, 16}) {
    const SweepResult sweep = HouseMiniBatchSweep(batch);
    ASSERT_GE(sweep.edge_index, 1);
    EXPECT_GT(sweep.edge_rate, bound / 3.0) << "batch " << batch;
    EXPECT_LT(sweep.edge_rate, bound * 3.0) << "batch " << batch;
    const SweepRun& at = sweep.runs[7];  // α = 0.3, above every batch size's best α here
    ASSERT_DOUBLE_EQ(at.learning_rate, 0.3);
    ASSERT_GT(at.learning_rate, sweep.best_rate);
    ASSERT_EQ(at.band.diverged, 0);
    EXPECT_LT(at.band.median, floor_at_smaller_batch) << "batch " << batch;
    floor_at_smaller_batch = at.band.median;
  }
}

TEST(SeedBand, OneOrderKeepsTheSingleRunJudgementAndFullBatchHasNoBand) {
  const SweepResult single = HouseMiniBatchSweep(4, 1);
  for (const SweepRun& run : single.runs) EXPECT_TRUE(run.band.final_losses.empty());
  const SweepResult full = HouseMiniBatchSweep(100);  // batch = all rows: plain GD
  for (const SweepRun& run : full.runs) EXPECT_TRUE(run.band.final_losses.empty());
}

}  // namespace
}  // namespace lrlab

namespace lrlab {
namespace {

// The lesson's ×10 ladder on raw house data picks 0.01 and the ×3 ladder 0.03: the advice of
// the ×10 sweep says the edge lies between 0.01 and 0.1, where 2/λmax is, and what ×3 tries.
TEST(SweepAdvice, AWideLadderStepSaysWhereTheEdgeLies) {
  const Problem problem = Problem::create(make_house(1), ProblemSpec{}).value();
  SweepSettings ten;
  ten.grid.ladder = Ladder::geometric;
  ten.grid.factor = 10.0;
  ten.grid.count = 5;
  const SweepResult coarse = run_sweep(problem, ten).value();
  ASSERT_TRUE(coarse.recommended.has_value());
  EXPECT_NEAR(*coarse.recommended, 0.01, 1e-15);
  const double bound = coarse.curvature->divergence_rate;
  ASSERT_GT(bound, 0.01);
  ASSERT_LT(bound, 0.1);
  EXPECT_NE(coarse.advice.find("the edge lies between 0.01 and 0.1"), std::string::npos) << coarse.advice;
  EXPECT_NE(coarse.advice.find("(2/λmax = " + significant(bound, 3) + ")"), std::string::npos) << coarse.advice;
  EXPECT_NE(coarse.advice.find("would also try 0.03"), std::string::npos) << coarse.advice;
  SweepSettings three;  // the default ×3 ladder: no gap sentence, and it takes 0.03
  const SweepResult fine = run_sweep(problem, three).value();
  ASSERT_TRUE(fine.recommended.has_value());
  EXPECT_NEAR(*fine.recommended, 0.03, 1e-15);
  EXPECT_EQ(fine.advice.find("That step is wide"), std::string::npos) << fine.advice;
}

}  // namespace
}  // namespace lrlab

namespace lrlab {
namespace {

// The U-shaped case: non-linear data, MLP, Adam, a 3000-step window. Rates above the
// one with the best final loss do worse without diverging; none of them may be "too low",
// the pick is not above the best, and the advice never says to sweep higher.
TEST(JudgeUShaped, AnMlpAdamSweepNeverCallsARateAboveTheBestTooLow) {
  ProblemSpec spec;
  spec.model = ModelKind::mlp;
  spec.scaling = Scaling::z_score;
  const Problem problem = Problem::create(make_nonlinear(1), spec).value();
  SweepSettings settings;
  settings.run.optimizer.kind = OptimizerKind::adam;
  settings.run.steps = 3000;
  settings.grid.count = 11;  // 1e-4 … 10
  const SweepResult sweep = run_sweep(problem, settings).value();
  ASSERT_GE(sweep.best_index, 0);
  int lowest = 0;
  for (size_t i = 1; i < sweep.runs.size(); ++i) {
    const double loss = sweep.runs[i].result.final_loss;
    if (std::isfinite(loss) && loss < sweep.runs[lowest].result.final_loss) lowest = static_cast<int>(i);
  }
  for (size_t i = static_cast<size_t>(std::max(lowest, sweep.best_index)) + 1; i < sweep.runs.size(); ++i) {
    EXPECT_NE(sweep.runs[i].diagnosis.label, Label::too_low)
        << sweep.runs[i].learning_rate << ": " << sweep.runs[i].diagnosis.reason;
  }
  ASSERT_GE(sweep.recommended_index, 0);
  EXPECT_LE(sweep.recommended_index, std::max(lowest, sweep.best_index));
  EXPECT_EQ(sweep.advice.find("sweep higher"), std::string::npos) << sweep.advice;
}

}  // namespace
}  // namespace lrlab

namespace lrlab {

// Numbers in the sentences a learner reads: 2–3 significant digits, whole numbers written out,
// percentages never in exponent form, never "-0".
TEST(SentenceNumbers, ReadableKeepsThreeSignificantDigitsAndWritesWholeNumbersOut) {
  EXPECT_EQ(readable(0.316227766016838), "0.316");
  EXPECT_EQ(readable(0.0316227766016838), "0.0316");
  EXPECT_EQ(readable(1e-5), "1e-05");
  EXPECT_EQ(readable(12345.0), "12300");
  EXPECT_EQ(readable(2.41e6), "2.41e+06");
  EXPECT_EQ(readable(-0.0), "0");
}

TEST(SentenceNumbers, PercentNeverUsesExponentsNorMinusZero) {
  EXPECT_EQ(percent(0.982), "98.2 %");
  EXPECT_EQ(percent(0.045), "4.5 %");
  EXPECT_EQ(percent(12.3), "1230 %");
  EXPECT_EQ(percent(523.0), "523×");
  EXPECT_EQ(percent(1.8e-11), "< 0.01 %");
  EXPECT_EQ(percent(-1e-9), "0 %");
  EXPECT_EQ(percent(-0.0), "0 %");
}

}  // namespace lrlab

// significant() formats without printf when it can (diagnose.cpp: format_significant); its
// text must be printf's "%.*g" exactly, for every number and digit count, ties included.
TEST(Significant, EqualsPrintfG) {
  std::uint64_t state = 0x243f6a8885a308d3ULL;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state;
  };
  std::vector<double> values = {0.125, 0.375, 2.5, 0.5, 1.5, 9.995, 9.9995, 99.95, 0.00099995, 1e-5, 1e-4, 9.9999e-5,
                                1e5, 99999.5, 1e15, 1e16, 1e22, 1e23, 1e-22, 1e-23, 123456789012345.0, 0.3, 0.1,
                                5e-324, 1.7976931348623157e308, 1e-300, 4.35, 0.045, 1234.5, 1e3, 3e-5};
  for (int i = 0; i < 200000; ++i) {  // random bits over binades 2⁻¹⁰⁰ … 2¹⁰⁰
    const std::uint64_t bits = (next() & 0x000fffffffffffffULL) | (static_cast<std::uint64_t>(923 + next() % 200) << 52);
    double v;
    std::memcpy(&v, &bits, sizeof v);
    values.push_back(v);
  }
  for (int i = 0; i < 100000; ++i) {  // decimal-looking numbers, where ties live: k / 10ʲ
    const double k = static_cast<double>(next() % 2000001);
    values.push_back(k / std::pow(10.0, static_cast<double>(next() % 12)));
  }
  int mismatches = 0;
  for (const double magnitude : values) {
    for (const double v : {magnitude, -magnitude}) {
      for (int digits = 1; digits <= 17; ++digits) {
        char expected[64];
        std::snprintf(expected, sizeof expected, "%.*g", digits, v);
        const std::string got = lrlab::significant(v, digits);
        if (got != expected && ++mismatches <= 10) {
          ADD_FAILURE() << "%." << digits << "g of " << std::hexfloat << v << ": printf " << expected << ", got " << got;
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

namespace lrlab {
namespace {

// trailing_mean_range against the moving average computed mean by mean (diagnose's code before
// it divided once per curve): the same lowest and last, bit for bit, NaN, ±∞ and ±0 included.
TEST(TrailingMeanRange, IsTheLowestAndLastOfTheMeansComputedOneByOne) {
  const auto reference = [](const std::vector<double>& x, int window) {
    TrailingMeanRange range{std::numeric_limits<double>::infinity(), 0.0};
    double sum = 0.0;
    for (size_t i = 0; i < x.size(); ++i) {
      sum += x[i];
      if (i >= static_cast<size_t>(window)) sum -= x[i - window];
      const double mean = sum / static_cast<double>(std::min<size_t>(i + 1, window));
      if (i == 0 || mean < range.lowest) range.lowest = mean;
      range.last = mean;
    }
    return range;
  };
  const auto same = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); };
  Rng rng(2026);
  const double specials[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(), 0.0, -0.0, 1e308, -1e308};
  int cases = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    const size_t n = static_cast<size_t>(rng.uniform(0.0, 60.0));
    std::vector<double> x(n);
    const int kind = trial % 4;
    for (size_t i = 0; i < n; ++i) {
      // decaying losses, noisy ones, values that round to equal means, and a few specials
      x[i] = kind == 0 ? 100.0 * std::exp(-0.1 * i) + rng.uniform(0.0, 1e-3)
             : kind == 1 ? rng.uniform(-1.0, 1.0)
             : kind == 2 ? std::ldexp(1.0, -60) * std::floor(rng.uniform(0.0, 4.0))
                         : rng.uniform(0.0, 1.0) < 0.15 ? specials[static_cast<int>(rng.uniform(0.0, 7.0)) % 7]
                                                         : rng.uniform(0.0, 10.0);
    }
    for (const int window : {1, 2, 3, 5, 10, 20, 61}) {
      const TrailingMeanRange got = trailing_mean_range(x.data(), x.size(), window);
      const TrailingMeanRange want = reference(x, window);
      ASSERT_TRUE(same(got.lowest, want.lowest)) << "n " << n << ", window " << window << ": " << got.lowest << " vs " << want.lowest;
      ASSERT_TRUE(same(got.last, want.last)) << "n " << n << ", window " << window << ": " << got.last << " vs " << want.last;
      ++cases;
    }
  }
  EXPECT_EQ(cases, 28000);
}

}  // namespace
}  // namespace lrlab
