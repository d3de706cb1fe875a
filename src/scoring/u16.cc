// Weights → u16 (spec/scoring.md §7, weights_to_u16) and what the SDK puts on chain (§8).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "scoring/pairwise_sum.h"
#include "scoring/scoring.h"
#include "scoring/validate.h"

namespace kinitro::scoring {

namespace {

constexpr double kU16Max = 65535.0;

}  // namespace

std::vector<uint16_t> WeightsToU16(std::span<const double> weights) {
  for (size_t i = 0; i < weights.size(); ++i) {
    if (!(weights[i] >= 0.0) || !std::isfinite(weights[i])) {
      throw std::invalid_argument("weight of miner " + std::to_string(i) + " is " + FormatNumber(weights[i]) +
                                  " (valid: a finite number >= 0)");
    }
  }
  const size_t n = weights.size();
  if (n == 0) return {};
  const double total = 0.0 + PairwiseSum<double>(weights);
  std::vector<uint16_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    const double v = total > 0.0 ? weights[i] / total : 1.0 / static_cast<double>(n);
    // the product is rounded to double, then truncated toward zero; no remainder correction
    out[i] = static_cast<uint16_t>(v * kU16Max);
  }
  return out;
}

ChainWeights ToChainWeights(std::span<const uint16_t> uids, std::span<const uint16_t> u16) {
  if (uids.size() != u16.size()) {
    throw std::invalid_argument("got " + std::to_string(uids.size()) + " uids and " + std::to_string(u16.size()) +
                                " weights (need the same number)");
  }
  ChainWeights out;
  uint64_t total = 0;
  for (uint16_t v : u16) total += v;
  if (total == 0) return out;
  // max-scale to 65535 and round half to even (Python round), in double
  const double max = *std::max_element(u16.begin(), u16.end());
  for (size_t i = 0; i < u16.size(); ++i) {
    const double q = std::nearbyint((static_cast<double>(u16[i]) / max) * kU16Max);
    if (q == 0.0) continue;
    out.uids.push_back(uids[i]);
    out.values.push_back(static_cast<uint16_t>(q));
  }
  return out;
}

}  // namespace kinitro::scoring
