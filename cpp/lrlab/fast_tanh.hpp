// tanh for the MLP's hidden layer, inline and branch-free so the compiler vectorises the loop
// over a layer's activations (SSE2 natively, SIMD128 in WebAssembly) instead of calling libm's
// tanh once per element (musl's in WASM: an out-of-line expm1 with branches, 64 % of an MLP
// sweep's instructions).
//
//   tanh(x) = sign(x) · t / (t + 2),  t = expm1(2|x|)
//
// expm1(y), y ∈ [0, 40]: y = k·ln2 + r with r ∈ [0, ln2] (Cody–Waite: ln2 split in two so k·ln2_hi
// is exact), expm1(r) by its Taylor series to r¹⁶ (truncation < 2⁻⁵⁶ relative on that interval),
// then expm1(y) = 2ᵏ·expm1(r) + (2ᵏ − 1), both terms exact for k ≤ 53. |x| is clamped to 20,
// where tanh rounds to ±1 in double (1 − tanh(20) ≈ 8e-18 < 2⁻⁵³); NaN stays NaN, ±∞ gives ±1.
// Accuracy: within a few units in the last place of std::tanh over the whole line
// (tests/cpp/test_fast_tanh.cpp checks ≤ 4ε relative on a dense range, measured 2.2ε, and that
// MLP runs with it follow the std::tanh MLP to 1e-9 relative; RMSProp runs, which amplify any
// 1-ulp change, to within 10× what a 1-ulp nudge of the activations does to them).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace lrlab {

inline double fast_tanh(double x) {
  constexpr double kLog2e = 1.4426950408889634074;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 0x3FE62E42FEE00000: 32 significant bits
  constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 − kLn2Hi
  constexpr double kRound = 6755399441055744.0;          // 1.5·2⁵²: adding it rounds to an integer
  const double a = std::fabs(x);
  const double y = 2.0 * (a > 20.0 ? 20.0 : a);           // NaN > 20 is false: NaN stays
  // k = ⌊y / ln 2⌋ (round(y·log₂e − ½), from the low bits of that + 1.5·2⁵²), so r = y − k·ln 2
  // lies in [0, ln 2] and every term below is ≥ 0: no cancellation when expm1(y) is rebuilt.
  const double shifted = (y * kLog2e - 0.5) + kRound;
  const double k = shifted - kRound;
  // Unsigned: for a NaN input the bits are garbage, and a signed shift of them would be
  // undefined behaviour (the result is NaN either way); for 0 ≤ k ≤ 58 it is 2ᵏ exactly.
  std::uint64_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  const std::uint64_t scale_bits = (bits - 0x4338000000000000ULL + 1023ULL) << 52;  // 2ᵏ
  double scale;
  std::memcpy(&scale, &scale_bits, sizeof scale);
  const double r = (y - k * kLn2Hi) - k * kLn2Lo;
  // expm1(r) = r + r²·(1/2! + r/3! + … + r¹⁴/16!); the first term left out, r¹⁷/17!, is below
  // 2⁻⁵⁶·r for r ≤ ln 2.
  double p = 1.0 / 20922789888000.0;  // 1/16!
  p = p * r + 1.0 / 1307674368000.0;   // 1/15!
  p = p * r + 1.0 / 87178291200.0;     // 1/14!
  p = p * r + 1.0 / 6227020800.0;       // 1/13!
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  const double em1_r = r + (r * r) * p;
  const double t = scale * em1_r + (scale - 1.0);
  const double magnitude = t / (t + 2.0);
  // copysign(magnitude, x) on the bits: the same result, but a vectorised loop keeps it in
  // vector registers (clang has no SIMD128 copysign and moved each lane through the integer
  // registers and back).
  constexpr std::uint64_t kSign = 0x8000000000000000ULL;
  std::uint64_t magnitude_bits, x_bits;
  std::memcpy(&magnitude_bits, &magnitude, sizeof magnitude_bits);
  std::memcpy(&x_bits, &x, sizeof x_bits);
  const std::uint64_t result_bits = (magnitude_bits & ~kSign) | (x_bits & kSign);
  double result;
  std::memcpy(&result, &result_bits, sizeof result);
  return result;
}

// v[i] ← tanh(v[i]) for i < n (a loop the compiler vectorises).
inline void fast_tanh_inplace(double* v, long n) {
  for (long i = 0; i < n; ++i) v[i] = fast_tanh(v[i]);
}

}  // namespace lrlab
