// Tests for the learning-rate schedules α(t) (cpp/lrlab/schedule.hpp).
//
// Expected rates are computed by hand from the formulas cited in schedule.cpp; the
// arithmetic is written next to each literal so a reader can redo it.
#include "lrlab/schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace lrlab {
namespace {

// Rates are a handful of floating-point operations away from the hand value: allow
// relative rounding error of this size (far below any difference a schedule makes).
constexpr double kRelativeTolerance = 1e-12;
constexpr double kPi = 3.14159265358979323846;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void ExpectRate(double actual, double expected) {
  EXPECT_NEAR(actual, expected, kRelativeTolerance * std::max(1e-300, std::abs(expected)))
      << "expected " << expected << ", got " << actual;
}

Schedule Make(ScheduleKind kind) {
  Schedule schedule;
  schedule.kind = kind;
  return schedule;
}

// ---------------------------------------------------------------------------------------
// constant

TEST(ConstantSchedule, IsThePeakAtEveryStep) {
  const Schedule s = Make(ScheduleKind::constant);
  for (int t : {0, 1, 50, 99}) ExpectRate(schedule_rate(s, 0.1, t, 100), 0.1);
}

// ---------------------------------------------------------------------------------------
// step: α · γ^floor(t / step_size)

TEST(StepSchedule, DropsByGammaEveryStepSizeSteps) {
  Schedule s = Make(ScheduleKind::step);
  s.gamma = 0.5;
  s.step_size = 10;
  ExpectRate(schedule_rate(s, 0.1, 0, 100), 0.1);     // 0.1 · 0.5^0
  ExpectRate(schedule_rate(s, 0.1, 9, 100), 0.1);     // floor(9/10) = 0 → 0.1
  ExpectRate(schedule_rate(s, 0.1, 10, 100), 0.05);   // floor(10/10) = 1 → 0.1 · 0.5
  ExpectRate(schedule_rate(s, 0.1, 25, 100), 0.025);  // floor(25/10) = 2 → 0.1 · 0.25
  ExpectRate(schedule_rate(s, 0.1, 99, 100), 0.1 * 0.001953125);  // 0.5^9 = 1/512
}

TEST(StepSchedule, GammaOneIsConstant) {
  Schedule s = Make(ScheduleKind::step);
  s.gamma = 1.0;
  s.step_size = 3;
  for (double rate : schedule_preview(s, 0.2, 50)) ExpectRate(rate, 0.2);
}

// ---------------------------------------------------------------------------------------
// exponential: α · γ^t

TEST(ExponentialSchedule, MultipliesByGammaEveryStep) {
  Schedule s = Make(ScheduleKind::exponential);
  s.exp_gamma = 0.99;
  ExpectRate(schedule_rate(s, 0.1, 0, 200), 0.1);       // 0.1 · 0.99^0
  ExpectRate(schedule_rate(s, 0.1, 1, 200), 0.099);     // 0.1 · 0.99
  ExpectRate(schedule_rate(s, 0.1, 2, 200), 0.09801);   // 0.1 · 0.9801
  // 0.99^100 = 0.366032341273229… → 0.0366032341273229…
  ExpectRate(schedule_rate(s, 0.1, 100, 200), 0.036603234127322950);
  s.exp_gamma = 0.5;
  ExpectRate(schedule_rate(s, 0.1, 3, 200), 0.0125);    // 0.1 · 0.125
}

// ---------------------------------------------------------------------------------------
// warmup_cosine: α (t + 1) / W for t < W, then min + (α − min)(1 + cos(π (t − W)/(T − W)))/2

Schedule WarmupCosine(int warmup_steps, double min_lr) {
  Schedule s = Make(ScheduleKind::warmup_cosine);
  s.warmup_steps = warmup_steps;
  s.min_lr = min_lr;
  return s;
}

TEST(WarmupCosineSchedule, WarmUpRisesLinearlyAndReachesPeakAtLastWarmupStep) {
  const Schedule s = WarmupCosine(10, 0.1);  // α = 1, W = 10, T = 110
  ExpectRate(schedule_rate(s, 1.0, 0, 110), 0.1);  // 1 · (0 + 1) / 10
  ExpectRate(schedule_rate(s, 1.0, 4, 110), 0.5);  // 1 · (4 + 1) / 10
  ExpectRate(schedule_rate(s, 1.0, 9, 110), 1.0);  // t = W − 1: 1 · 10 / 10
}

TEST(WarmupCosineSchedule, CosineStartsAtPeakAndPassesMidpointHalfwayThroughDecay) {
  const Schedule s = WarmupCosine(10, 0.1);  // α = 1, min = 0.1, W = 10, T − W = 100
  ExpectRate(schedule_rate(s, 1.0, 10, 110), 1.0);  // t = W: cos(0) = 1 → α
  // t = 35: pct = 25/100, (1 + cos(π/4))/2 = 0.853553390593274 → 0.1 + 0.9 · that
  ExpectRate(schedule_rate(s, 1.0, 35, 110), 0.8681980515339464);
  // t = W + (T − W)/2 = 60: cos(π/2) = 0 → (α + min)/2 = 0.55
  ExpectRate(schedule_rate(s, 1.0, 60, 110), 0.55);
}

TEST(WarmupCosineSchedule, LastStepIsJustAboveMinLr) {
  const Schedule s = WarmupCosine(10, 0.1);
  // t = 109: pct = 99/100, (1 + cos(0.99π))/2 = (1 − 0.99950656)/2 = 0.000246719817…
  // → 0.1 + 0.9 · 0.000246719817 = 0.100222047835…
  const double last = schedule_rate(s, 1.0, 109, 110);
  ExpectRate(last, 0.10022204783542078);
  EXPECT_GT(last, 0.1);
  EXPECT_LT(last - 0.1, 1e-3);
}

TEST(WarmupCosineSchedule, ZeroWarmupStartsTheCosineAtPeak) {
  const Schedule s = WarmupCosine(0, 0.0);  // T = 100: pure cosine from 1 to 0
  ExpectRate(schedule_rate(s, 1.0, 0, 100), 1.0);   // cos(0) = 1
  ExpectRate(schedule_rate(s, 1.0, 50, 100), 0.5);  // cos(π/2) = 0 → 1/2
}

TEST(WarmupCosineSchedule, WarmupOfTotalMinusOneEndsAtPeak) {
  const Schedule s = WarmupCosine(9, 0.0);  // T = 10: warm-up t = 0…8, cosine only at t = 9
  ExpectRate(schedule_rate(s, 1.0, 0, 10), 1.0 / 9.0);  // (0 + 1)/9
  ExpectRate(schedule_rate(s, 1.0, 8, 10), 1.0);        // 9/9
  ExpectRate(schedule_rate(s, 1.0, 9, 10), 1.0);        // pct = 0/1 → α
}

// ---------------------------------------------------------------------------------------
// sgdr: η_min + ½(α − η_min)(1 + cos(π T_cur / T_i)), restarts with T_i = T_0 · T_mult^i

Schedule Sgdr(int cycle_steps, double cycle_mult, double min_lr) {
  Schedule s = Make(ScheduleKind::sgdr);
  s.cycle_steps = cycle_steps;
  s.cycle_mult = cycle_mult;
  s.min_lr = min_lr;
  return s;
}

TEST(SgdrSchedule, FirstCycleIsCosineOverCycleSteps) {
  const Schedule s = Sgdr(10, 2.0, 0.0);  // α = 1, T_0 = 10
  ExpectRate(schedule_rate(s, 1.0, 0, 200), 1.0);  // T_cur = 0 → α
  ExpectRate(schedule_rate(s, 1.0, 5, 200), 0.5);  // cos(π · 5/10) = 0 → α/2
  // T_cur = 9: (1 + cos(0.9π))/2 = (1 − 0.9510565162951535)/2
  ExpectRate(schedule_rate(s, 1.0, 9, 200), 0.024471741852423234);
}

TEST(SgdrSchedule, RestartsToPeakAtT0AndAgainAtT0PlusTwoT0WhenMultIsTwo) {
  const Schedule s = Sgdr(10, 2.0, 0.0);  // cycles [0,10) [10,30) [30,70) [70,150)
  ExpectRate(schedule_rate(s, 1.0, 10, 200), 1.0);  // restart at T_0
  ExpectRate(schedule_rate(s, 1.0, 20, 200), 0.5);  // T_cur = 10 of T_1 = 20 → α/2
  // T_cur = 19 of 20: (1 + cos(0.95π))/2 = (1 − 0.9876883405951378)/2
  ExpectRate(schedule_rate(s, 1.0, 29, 200), 0.00615582970243117);
  ExpectRate(schedule_rate(s, 1.0, 30, 200), 1.0);  // restart at T_0 + 2 T_0
  ExpectRate(schedule_rate(s, 1.0, 50, 200), 0.5);  // T_cur = 20 of T_2 = 40
  ExpectRate(schedule_rate(s, 1.0, 70, 200), 1.0);  // restart at 10 + 20 + 40
}

TEST(SgdrSchedule, MultOneRestartsEveryCycleAndRespectsMinLr) {
  const Schedule s = Sgdr(10, 1.0, 0.2);
  for (int t : {0, 10, 20, 90}) ExpectRate(schedule_rate(s, 1.0, t, 100), 1.0);
  ExpectRate(schedule_rate(s, 1.0, 15, 100), 0.6);  // 0.2 + ½ · 0.8 · (1 + cos(π/2))
  ExpectRate(schedule_rate(s, 1.0, 45, 100), 0.6);
}

TEST(SgdrSchedule, NonIntegerMultRestartsAtRoundedGeometricPositions) {
  // T_0 = 10, T_mult = 1.3: ideal restarts 10 · (1.3^n − 1)/0.3 = 0, 10, 23, 39.9, 61.87,
  // 90.431 → rounded 0, 10, 23, 40, 62, 90 (cycle lengths 10, 13, 17, 22, 28).
  const Schedule s = Sgdr(10, 1.3, 0.0);
  const std::vector<double> rates = schedule_preview(s, 1.0, 100);
  std::vector<int> restarts;
  for (int t = 0; t < 100; ++t) {
    if (rates[t] == 1.0) restarts.push_back(t);
  }
  EXPECT_EQ(restarts, (std::vector<int>{0, 10, 23, 40, 62, 90}));
  // t = 31 is T_cur = 8 of the 17-step cycle [23, 40): (1 + cos(8π/17))/2
  ExpectRate(rates[31], (1.0 + std::cos(kPi * 8.0 / 17.0)) / 2.0);
}

TEST(SgdrSchedule, IntegerMultAgreesWithPyTorchClosedForm) {
  // PyTorch CosineAnnealingWarmRestarts.step(epoch), T_mult > 1:
  //   n = int(log(epoch / T_0 · (T_mult − 1) + 1, T_mult))
  //   T_cur = epoch − T_0 · (T_mult^n − 1) / (T_mult − 1),  T_i = T_0 · T_mult^n
  const int first_cycle = 5;
  const int mult = 3;
  const Schedule s = Sgdr(first_cycle, mult, 0.01);
  for (int t = 0; t < 600; ++t) {
    int n = 0;  // the integer form of the log above, free of rounding at the restarts
    while (first_cycle * (static_cast<int>(std::pow(mult, n + 1)) - 1) / (mult - 1) <= t) ++n;
    const int pow_n = static_cast<int>(std::pow(mult, n));
    const double t_cur = t - first_cycle * (pow_n - 1) / (mult - 1);
    const double t_i = first_cycle * pow_n;
    const double expected = 0.01 + 0.5 * (1.0 - 0.01) * (1.0 + std::cos(kPi * t_cur / t_i));
    SCOPED_TRACE("t = " + std::to_string(t));
    ExpectRate(schedule_rate(s, 1.0, t, 600), expected);
  }
}

// ---------------------------------------------------------------------------------------
// triangular: base + (α − base) · max(0, 1 − |t/half_cycle − 2·cycle + 1|)

TEST(TriangularSchedule, RisesFromBaseToPeakAndBackOverTwoStepSizes) {
  Schedule s = Make(ScheduleKind::triangular);
  s.half_cycle = 10;
  s.base_lr = 0.2;  // α = 1
  ExpectRate(schedule_rate(s, 1.0, 0, 100), 0.2);   // cycle 1, x = |0 − 2 + 1| = 1 → base
  ExpectRate(schedule_rate(s, 1.0, 5, 100), 0.6);   // x = |0.5 − 1| = 0.5 → 0.2 + 0.8 · 0.5
  ExpectRate(schedule_rate(s, 1.0, 10, 100), 1.0);  // x = |1 − 1| = 0 → α
  ExpectRate(schedule_rate(s, 1.0, 15, 100), 0.6);  // x = |1.5 − 1| = 0.5
  ExpectRate(schedule_rate(s, 1.0, 20, 100), 0.2);  // cycle 2, x = |2 − 4 + 1| = 1 → base
  ExpectRate(schedule_rate(s, 1.0, 30, 100), 1.0);  // cycle 2, x = |3 − 3| = 0 → α
}

TEST(TriangularSchedule, ZeroBaseLrMeansPeakOverTen) {
  Schedule s = Make(ScheduleKind::triangular);
  s.half_cycle = 10;
  s.base_lr = 0.0;
  ExpectRate(schedule_rate(s, 1.0, 0, 100), 0.1);   // base = α/10
  ExpectRate(schedule_rate(s, 1.0, 10, 100), 1.0);  // α
  ExpectRate(schedule_rate(s, 1.0, 20, 100), 0.1);  // base again
  ExpectRate(schedule_rate(s, 1.0, 5, 100), 0.55);  // 0.1 + 0.9 · 0.5
}

// ---------------------------------------------------------------------------------------
// one_cycle: PyTorch OneCycleLR(anneal_strategy='cos', three_phase=False)

Schedule OneCycle(double pct_start, double div_factor, double final_div_factor) {
  Schedule s = Make(ScheduleKind::one_cycle);
  s.pct_start = pct_start;
  s.div_factor = div_factor;
  s.final_div_factor = final_div_factor;
  return s;
}

TEST(OneCycleSchedule, MatchesPyTorchAtPhaseEndsAndMidpoint) {
  // T = 100, α = 1, pct_start 0.3, div 25, final_div 1e4:
  // initial = 1/25 = 0.04, min = 0.04/1e4 = 4e-6; phase 1 ends at 0.3·100 − 1 = 29,
  // phase 2 runs from 29 to 99.
  const Schedule s = OneCycle(0.3, 25.0, 1e4);
  ExpectRate(schedule_rate(s, 1.0, 0, 100), 0.04);   // pct 0 → initial
  ExpectRate(schedule_rate(s, 1.0, 29, 100), 1.0);   // pct 29/29 = 1 → α
  ExpectRate(schedule_rate(s, 1.0, 64, 100), 0.500002);  // pct 35/70 = ½ → 4e-6 + (1 − 4e-6)/2
  ExpectRate(schedule_rate(s, 1.0, 99, 100), 4e-6);  // pct 70/70 = 1 → min
}

TEST(OneCycleSchedule, MatchesPyTorchInsideBothPhases) {
  // T = 10, α = 1, pct_start 0.5, div 10, final_div 100: initial 0.1, min 0.001;
  // phase 1 is steps 0…4 (0.5·10 − 1 = 4), phase 2 is 4…9.
  const Schedule s = OneCycle(0.5, 10.0, 100.0);
  ExpectRate(schedule_rate(s, 1.0, 0, 10), 0.1);
  // t = 1: pct 1/4 → 1 + (0.1 − 1)/2 · (1 + cos(π/4)) = 1 − 0.45 · 1.7071067811865475
  ExpectRate(schedule_rate(s, 1.0, 1, 10), 0.23180194846605362);
  ExpectRate(schedule_rate(s, 1.0, 2, 10), 0.55);  // pct ½ → (0.1 + 1)/2
  ExpectRate(schedule_rate(s, 1.0, 4, 10), 1.0);   // end of phase 1 → α
  // t = 6: pct (6 − 4)/5 = 0.4 → 0.001 + (1 − 0.001)/2 · (1 + cos(0.4π))
  //      = 0.001 + 0.4995 · 1.3090169943749475
  ExpectRate(schedule_rate(s, 1.0, 6, 10), 0.6548539886902862);
  ExpectRate(schedule_rate(s, 1.0, 9, 10), 0.001);  // end of phase 2 → min
}

TEST(OneCycleSchedule, ZeroLengthRisingPhaseStartsAtPeakInsteadOfDividingByZero) {
  // pct_start · T = 1 → phase 1 is the single step 0 (PyTorch divides by zero here).
  const Schedule s = OneCycle(0.1, 25.0, 1e4);
  ExpectRate(schedule_rate(s, 1.0, 0, 10), 1.0);
  ExpectRate(schedule_rate(s, 1.0, 9, 10), 4e-6);  // phase 2 from 0 to 9 ends at min
}

// ---------------------------------------------------------------------------------------
// preview and step range

TEST(SchedulePreview, HasOneRatePerStepEqualToScheduleRate) {
  Schedule s = WarmupCosine(5, 0.01);
  const std::vector<double> rates = schedule_preview(s, 0.3, 40);
  ASSERT_EQ(rates.size(), 40u);
  for (int t = 0; t < 40; ++t) EXPECT_EQ(rates[t], schedule_rate(s, 0.3, t, 40));
  EXPECT_TRUE(schedule_preview(s, 0.3, 0).empty());
}

TEST(ScheduleRate, StepsOutsideTheRunAreClampedToItsEnds) {
  const Schedule s = OneCycle(0.3, 25.0, 1e4);
  EXPECT_EQ(schedule_rate(s, 1.0, -5, 100), schedule_rate(s, 1.0, 0, 100));
  EXPECT_EQ(schedule_rate(s, 1.0, 250, 100), schedule_rate(s, 1.0, 99, 100));
}

// Settings the lesson's builder can produce, including edge values of each range.
std::vector<Schedule> ValidScheduleZoo() {
  std::vector<Schedule> zoo;
  for (ScheduleKind kind :
       {ScheduleKind::constant, ScheduleKind::step, ScheduleKind::exponential,
        ScheduleKind::warmup_cosine, ScheduleKind::sgdr, ScheduleKind::triangular,
        ScheduleKind::one_cycle}) {
    zoo.push_back(Make(kind));
  }
  Schedule s = Make(ScheduleKind::exponential);
  s.exp_gamma = 0.99;
  zoo.push_back(s);
  s.exp_gamma = 1.0;
  zoo.push_back(s);
  zoo.push_back(WarmupCosine(0, 0.0));
  zoo.push_back(WarmupCosine(7, 0.05));
  zoo.push_back(Sgdr(1, 1.0, 0.0));
  zoo.push_back(Sgdr(7, 1.5, 0.09));
  zoo.push_back(Sgdr(3, 1.0000001, 0.0));
  s = Make(ScheduleKind::triangular);
  s.half_cycle = 1;
  s.base_lr = 0.09;
  zoo.push_back(s);
  zoo.push_back(OneCycle(0.01, 1.0, 1.0));
  zoo.push_back(OneCycle(0.99, 1e3, 1e6));
  zoo.push_back(OneCycle(0.5, 25.0, 1e4));
  return zoo;
}

TEST(ScheduleProperty, EveryValidScheduleStaysWithinZeroAndPeak) {
  const double peak = 0.1;
  for (int total_steps : {1, 2, 3, 8, 200, 1001}) {
    for (Schedule s : ValidScheduleZoo()) {
      s.warmup_steps = std::min(s.warmup_steps, total_steps - 1);
      ASSERT_TRUE(validate_schedule(s, peak, total_steps).ok())
          << validate_schedule(s, peak, total_steps).error();
      const std::vector<double> rates = schedule_preview(s, peak, total_steps);
      for (int t = 0; t < total_steps; ++t) {
        SCOPED_TRACE("kind " + std::to_string(static_cast<int>(s.kind)) + ", T = " +
                     std::to_string(total_steps) + ", t = " + std::to_string(t));
        ASSERT_TRUE(std::isfinite(rates[t]));
        EXPECT_GE(rates[t], 0.0);
        EXPECT_LE(rates[t], peak);
      }
    }
  }
}

TEST(ScheduleProperty, InvalidSettingsStillGiveFiniteRatesWithoutCrashing) {
  std::vector<Schedule> broken;
  for (ScheduleKind kind :
       {ScheduleKind::constant, ScheduleKind::step, ScheduleKind::exponential,
        ScheduleKind::warmup_cosine, ScheduleKind::sgdr, ScheduleKind::triangular,
        ScheduleKind::one_cycle}) {
    for (double weird : {kNaN, kInf, -kInf, -1.0, 0.0, 1e300}) {
      Schedule s = Make(kind);
      s.gamma = weird;
      s.exp_gamma = weird;
      s.min_lr = weird;
      s.cycle_mult = weird;
      s.base_lr = weird;
      s.pct_start = weird;
      s.div_factor = weird;
      s.final_div_factor = weird;
      broken.push_back(s);
    }
    for (int weird : {-3, 0, 1000, std::numeric_limits<int>::max()}) {
      Schedule s = Make(kind);
      s.step_size = weird;
      s.half_cycle = weird;
      s.warmup_steps = weird;
      s.cycle_steps = weird;
      broken.push_back(s);
    }
  }
  for (const Schedule& s : broken) {
    for (double peak : {0.1, 0.0, -1.0, kNaN, kInf}) {
      for (int total_steps : {-1, 0, 1, 50}) {
        for (int t : {-1, 0, 1, 10, 49, 1000}) {
          const double rate = schedule_rate(s, peak, t, total_steps);
          ASSERT_TRUE(std::isfinite(rate))
              << "kind " << static_cast<int>(s.kind) << " peak " << peak << " T "
              << total_steps << " t " << t;
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// validate_schedule: every rejection names the setting, its valid range and the bad value

// `field`: the setting's path the error carries, so the page can mark that control.
void ExpectRejectedNaming(const Schedule& s, double peak, int total_steps,
                          const std::string& setting, const std::string& field = "") {
  const Expected<Ok> result = validate_schedule(s, peak, total_steps);
  ASSERT_FALSE(result.ok()) << "expected " << setting << " to be rejected";
  EXPECT_EQ(result.failure().field, field.empty() ? setting : field) << result.error();
  EXPECT_EQ(result.error().rfind(setting, 0), 0u) << "message should start with " << setting
                                                  << ": " << result.error();
  EXPECT_NE(result.error().find("must be"), std::string::npos) << result.error();
  EXPECT_NE(result.error().find("got"), std::string::npos) << result.error();
}

TEST(ValidateSchedule, AcceptsTheDefaultsOfEveryKind) {
  for (const Schedule& s : ValidScheduleZoo()) {
    const Expected<Ok> result = validate_schedule(s, 0.1, 200);
    EXPECT_TRUE(result.ok()) << result.error();
  }
}

TEST(ValidateSchedule, IgnoresSettingsTheChosenKindDoesNotUse) {
  Schedule s = Make(ScheduleKind::constant);
  s.gamma = 7.0;
  s.warmup_steps = 5000;
  s.min_lr = kNaN;
  s.pct_start = 2.0;
  EXPECT_TRUE(validate_schedule(s, 0.1, 10).ok());
}

TEST(ValidateSchedule, RejectsPeakThatIsNotFiniteAndPositive) {
  const Schedule s = Make(ScheduleKind::constant);
  for (double peak : {0.0, -0.1, kNaN, kInf}) ExpectRejectedNaming(s, peak, 100, "peak");
}

TEST(ValidateSchedule, RejectsTotalStepsBelowOne) {
  ExpectRejectedNaming(Make(ScheduleKind::constant), 0.1, 0, "total_steps", "steps");
}

TEST(ValidateSchedule, RejectsGammaOutsideZeroToOneWithExactMessage) {
  Schedule s = Make(ScheduleKind::step);
  s.gamma = 1.5;
  EXPECT_EQ(validate_schedule(s, 0.1, 100).error(), "gamma must be in (0, 1], got 1.5");
  for (double gamma : {0.0, -0.5, kNaN}) {
    s.gamma = gamma;
    ExpectRejectedNaming(s, 0.1, 100, "gamma");
  }
  s.kind = ScheduleKind::exponential;
  for (double gamma : {0.0, 1.01, kNaN, kInf}) {
    s.exp_gamma = gamma;
    ExpectRejectedNaming(s, 0.1, 100, "exp_gamma");
  }
}

TEST(ValidateSchedule, RejectsStepSizeAndHalfCycleBelowOne) {
  Schedule s = Make(ScheduleKind::step);
  s.step_size = 0;
  ExpectRejectedNaming(s, 0.1, 100, "step_size");
  s.kind = ScheduleKind::triangular;
  s.half_cycle = 0;
  ExpectRejectedNaming(s, 0.1, 100, "half_cycle");
}

TEST(ValidateSchedule, RejectsWarmupOutsideTheRunWithExactMessage) {
  Schedule s = WarmupCosine(500, 0.0);
  EXPECT_EQ(validate_schedule(s, 0.1, 200).error(),
            "warmup_steps must be between 0 and total steps − 1 (199), got 500");
  s.warmup_steps = 200;
  ExpectRejectedNaming(s, 0.1, 200, "warmup_steps");
  s.warmup_steps = -1;
  ExpectRejectedNaming(s, 0.1, 200, "warmup_steps");
  s.warmup_steps = 199;
  EXPECT_TRUE(validate_schedule(s, 0.1, 200).ok());
}

TEST(ValidateSchedule, RejectsMinLrOutsideZeroToPeak) {
  for (ScheduleKind kind : {ScheduleKind::warmup_cosine, ScheduleKind::sgdr}) {
    Schedule s = Make(kind);
    for (double min_lr : {0.1, 0.5, -0.01, kNaN}) {
      s.min_lr = min_lr;
      ExpectRejectedNaming(s, 0.1, 200, "min_lr");
    }
  }
}

TEST(ValidateSchedule, RejectsCycleStepsBelowOne) {
  Schedule s = Sgdr(0, 2.0, 0.0);
  ExpectRejectedNaming(s, 0.1, 200, "cycle_steps");
}

TEST(ValidateSchedule, RejectsCycleMultBelowOneOrNotFinite) {
  for (double mult : {0.5, 0.0, kNaN, kInf}) {
    ExpectRejectedNaming(Sgdr(10, mult, 0.0), 0.1, 200, "cycle_mult");
  }
}

TEST(ValidateSchedule, RejectsBaseLrOutsideZeroToPeak) {
  Schedule s = Make(ScheduleKind::triangular);
  for (double base_lr : {0.1, 0.2, -0.01, kNaN}) {
    s.base_lr = base_lr;
    ExpectRejectedNaming(s, 0.1, 200, "base_lr");
  }
}

TEST(ValidateSchedule, RejectsPctStartOutsideOpenUnitInterval) {
  for (double pct_start : {0.0, 1.0, -0.2, kNaN}) {
    ExpectRejectedNaming(OneCycle(pct_start, 25.0, 1e4), 0.1, 200, "pct_start");
  }
}

TEST(ValidateSchedule, RejectsDivFactorBelowOne) {
  for (double div : {0.5, 0.0, kNaN, kInf}) {
    ExpectRejectedNaming(OneCycle(0.3, div, 1e4), 0.1, 200, "div_factor");
  }
}

TEST(ValidateSchedule, RejectsFinalDivFactorBelowOne) {
  for (double final_div : {0.5, -1.0, kNaN, kInf}) {
    ExpectRejectedNaming(OneCycle(0.3, 25.0, final_div), 0.1, 200, "final_div_factor");
  }
}

}  // namespace
}  // namespace lrlab
