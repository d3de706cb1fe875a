// ε-dominance and the informational Pareto frontier (spec/scoring.md §4).
#include <stdexcept>
#include <string>
#include <vector>

#include "scoring/scoring.h"
#include "scoring/validate.h"

namespace kinitro::scoring {

namespace {

// §4 evaluated literally: b − ε and b + ε are each one rounded operation, then compared with a
bool DominatesUnchecked(std::span<const double> a, std::span<const double> b, std::span<const double> eps) {
  bool strictly_better = false;
  for (size_t e = 0; e < a.size(); ++e) {
    if (!(a[e] >= b[e] - eps[e])) return false;
    if (a[e] > b[e] + eps[e]) strictly_better = true;
  }
  return strictly_better;
}

}  // namespace

bool Dominates(std::span<const double> a, std::span<const double> b, std::span<const double> epsilons) {
  if (a.size() != b.size()) {
    throw std::invalid_argument("dominance needs two rate vectors of the same length (got " + std::to_string(a.size()) +
                                " and " + std::to_string(b.size()) + ")");
  }
  for (size_t e = 0; e < a.size(); ++e) {
    CheckRate(a[e], "success rate of a");
    CheckRate(b[e], "success rate of b");
  }
  CheckEpsilons(epsilons, a.size());
  return DominatesUnchecked(a, b, epsilons);
}

std::vector<size_t> ParetoFrontier(const Rates& rates, std::span<const double> epsilons) {
  const size_t m = CheckRates(rates);
  if (!rates.empty()) CheckEpsilons(epsilons, m);
  // the reference compares the float32 matrix of §3, promoted back to double
  Rates rounded(rates.size());
  for (size_t i = 0; i < rates.size(); ++i) {
    for (double r : rates[i]) rounded[i].push_back(static_cast<double>(static_cast<float>(r)));
  }
  std::vector<size_t> frontier;
  for (size_t a = 0; a < rounded.size(); ++a) {
    bool dominated = false;
    for (size_t b = 0; b < rounded.size() && !dominated; ++b) {
      dominated = b != a && DominatesUnchecked(rounded[b], rounded[a], epsilons);
    }
    if (!dominated) frontier.push_back(a);
  }
  return frontier;
}

}  // namespace kinitro::scoring
