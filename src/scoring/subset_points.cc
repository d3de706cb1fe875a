// Subset winners-take-all points (spec/scoring.md §5), with the mask method of §10: per ordered
// pair (a, b) precompute GE = {e : a_e ≥ b_e − ε_e} and GT = {e : a_e > b_e + ε_e}; a wins S iff
// S ⊆ GE[a][b] and S ∩ GT[a][b] ≠ ∅ for every b ≠ a.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "scoring/scoring.h"
#include "scoring/validate.h"

namespace kinitro::scoring {

namespace {

using Mask = uint32_t;

// K_k of §5.2
double SubsetWeight(SubsetWeighting weighting, int k) {
  switch (weighting) {
    case SubsetWeighting::kLinear:
      return k;
    case SubsetWeighting::kExponential:
      return static_cast<double>(Mask{1} << (k - 1));
    case SubsetWeighting::kEqual:
      return 1.0;
  }
  throw std::invalid_argument("unknown subset weighting " + std::to_string(static_cast<int>(weighting)));
}

}  // namespace

SubsetPoints ComputeSubsetPoints(const Rates& rates, std::span<const double> epsilons, SubsetWeighting weighting) {
  const size_t n = rates.size();
  const size_t m = CheckRates(rates);
  SubsetPoints result{.points = std::vector<double>(n, 0.0)};
  if (n == 0) return result;
  CheckEpsilons(epsilons, m);
  if (m > kMaxEnvs) {
    throw std::invalid_argument("cannot enumerate the env subsets of " + std::to_string(m) + " envs (at most " +
                                std::to_string(kMaxEnvs) + " envs, i.e. 2^" + std::to_string(kMaxEnvs) +
                                " - 1 subsets)");
  }
  const Mask all = (Mask{1} << m) - 1;
  const Mask full_bit = Mask{1} << m;
  // exact integer totals per subset size, converted once (§10)
  std::vector<double> weight_of_size(m + 1);
  for (size_t k = 1; k <= m; ++k) weight_of_size[k] = SubsetWeight(weighting, static_cast<int>(k));

  // claimed[S]: some earlier miner already won S (§5.3: the first candidate in row order wins)
  std::vector<uint8_t> claimed(full_bit, 0);
  std::vector<Mask> must_hit;  // distinct GT[a][b] ∩ G_a over b ≠ a
  for (size_t a = 0; a < n; ++a) {
    // G_a: envs where a is within ε of (or better than) everybody; GT: envs where a beats b
    Mask allowed = all;
    must_hit.clear();
    for (size_t b = 0; b < n; ++b) {
      if (b == a) continue;
      Mask ge = 0, gt = 0;
      for (size_t e = 0; e < m; ++e) {
        if (rates[a][e] >= rates[b][e] - epsilons[e]) ge |= Mask{1} << e;
        if (rates[a][e] > rates[b][e] + epsilons[e]) gt |= Mask{1} << e;
      }
      allowed &= ge;
      must_hit.push_back(gt);
    }
    for (Mask& gt : must_hit) gt &= allowed;
    std::sort(must_hit.begin(), must_hit.end());
    must_hit.erase(std::unique(must_hit.begin(), must_hit.end()), must_hit.end());
    // a miner that cannot beat some b anywhere in G_a wins nothing
    if (allowed == 0 || (!must_hit.empty() && must_hit.front() == 0)) continue;

    // every non-empty S ⊆ G_a that hits every GT
    for (Mask s = allowed; s != 0; s = (s - 1) & allowed) {
      bool wins = true;
      for (Mask gt : must_hit) {
        if ((s & gt) == 0) {
          wins = false;
          break;
        }
      }
      if (!wins) continue;
      if (claimed[s]) {
        // §5.4: a second IEEE winner; the reference keeps the first
        ++result.contested_subsets;
        continue;
      }
      claimed[s] = 1;
      result.points[a] += weight_of_size[std::popcount(s)];
    }
  }
  return result;
}

}  // namespace kinitro::scoring
