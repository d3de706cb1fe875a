// ε per environment (spec/scoring.md §3): a float32 NumPy std, then 2·std/√N clipped to [0.01, 0.2].
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "scoring/pairwise_sum.h"
#include "scoring/scoring.h"
#include "scoring/validate.h"

namespace kinitro::scoring {

namespace {

constexpr double kMinEpsilon = 0.01;
constexpr double kMaxEpsilon = 0.2;

// np.std(x) with arithmetic in T: pairwise sums, mean and variance rounded to T, ddof 0
template <typename T>
T PopulationStd(std::span<const double> rates) {
  if (rates.empty()) throw std::invalid_argument("cannot compute a std of zero success rates (need >= 1 miner)");
  for (double r : rates) CheckRate(r, "success rate");
  const size_t n = rates.size();
  std::vector<T> x(rates.begin(), rates.end());  // double → T, round to nearest even
  // the division may be done in double and rounded to T: identical (§3)
  const T mean = static_cast<T>(static_cast<double>(T(0) + PairwiseSum<T>(x)) / static_cast<double>(n));
  std::vector<T> q(n);
  for (size_t i = 0; i < n; ++i) {
    const T d = x[i] - mean;
    q[i] = d * d;
  }
  const T var = static_cast<T>(static_cast<double>(T(0) + PairwiseSum<T>(q)) / static_cast<double>(n));
  return std::sqrt(var);
}

// steps 2, 4 and 5 of §3
double EpsilonFromStd(double std, int64_t episodes_per_env) {
  if (episodes_per_env <= 1) return kMaxEpsilon;
  const double se = std / std::sqrt(static_cast<double>(episodes_per_env));
  return std::min(std::max(2.0 * se, kMinEpsilon), kMaxEpsilon);
}

}  // namespace

float StdF32(std::span<const double> rates) { return PopulationStd<float>(rates); }

double Epsilon(std::span<const double> rates, int64_t episodes_per_env) {
  CheckEpisodes(episodes_per_env);
  return EpsilonFromStd(static_cast<double>(StdF32(rates)), episodes_per_env);
}

double EpsilonF64(std::span<const double> rates, int64_t episodes_per_env) {
  CheckEpisodes(episodes_per_env);
  return EpsilonFromStd(PopulationStd<double>(rates), episodes_per_env);
}

std::vector<double> Epsilons(const Rates& rates, int64_t episodes_per_env) {
  CheckEpisodes(episodes_per_env);
  const size_t m = CheckRates(rates);
  std::vector<double> epsilons(m);
  std::vector<double> column(rates.size());
  for (size_t j = 0; j < m; ++j) {
    for (size_t i = 0; i < rates.size(); ++i) column[i] = rates[i][j];
    epsilons[j] = Epsilon(column, episodes_per_env);
  }
  return epsilons;
}

}  // namespace kinitro::scoring
