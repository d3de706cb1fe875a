// Float-weight comparison for the spec/scoring.md §11 vectors.
#pragma once

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdlib>

namespace kinitro::scoring {

// Float weights may differ by ±1 ulp from the vectors: softmax calls exp, which neither NumPy's
// AVX-512 kernel nor the C library guarantees to round correctly (spec/scoring.md §6, §11). ε, points
// and u16 involve no transcendental function and are compared exactly.
inline constexpr int64_t kWeightUlps = 1;

// |actual − expected| ≤ ulps units in the last place; both must be ≥ 0 (weights are)
inline ::testing::AssertionResult WithinUlps(double actual, double expected, int64_t ulps = kWeightUlps) {
  const int64_t distance = std::llabs(std::bit_cast<int64_t>(actual) - std::bit_cast<int64_t>(expected));
  if (actual >= 0.0 && expected >= 0.0 && distance <= ulps) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << ::testing::PrintToString(actual) << " is " << distance << " ulp from "
                                       << ::testing::PrintToString(expected) << " (allowed " << ulps << ")";
}

}  // namespace kinitro::scoring
