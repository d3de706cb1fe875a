// NumPy's pairwise summation (spec/scoring.md §3, `PW`), shared by ε, softmax and u16. Internal.
#pragma once

#include <cstddef>
#include <span>

namespace kinitro::scoring {

// Σ v in NumPy's order, arithmetic in T (float or double); callers add the leading 0.0 themselves.
template <typename T>
T PairwiseSum(std::span<const T> v) {
  const size_t m = v.size();
  // short: one left-to-right pass starting from −0.0
  if (m < 8) {
    T r = T(-0.0);
    for (T x : v) r = r + x;
    return r;
  }
  // long: split at a multiple of 8 below the middle and recurse
  if (m > 128) {
    size_t h = m / 2;
    h -= h % 8;
    return PairwiseSum(v.first(h)) + PairwiseSum(v.subspan(h));
  }
  // medium: eight interleaved accumulators, combined as a tree, then the tail in order
  T a[8];
  for (size_t t = 0; t < 8; ++t) a[t] = v[t];
  const size_t full = m - m % 8;
  for (size_t i = 8; i < full; i += 8) {
    for (size_t t = 0; t < 8; ++t) a[t] = a[t] + v[i + t];
  }
  T r = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
  for (size_t i = full; i < m; ++i) r = r + v[i];
  return r;
}

}  // namespace kinitro::scoring
