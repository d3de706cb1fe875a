// Points → weights (spec/scoring.md §6): uniform when every point is 0, else a softmax at T.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "scoring/pairwise_sum.h"
#include "scoring/scoring.h"
#include "scoring/validate.h"

namespace kinitro::scoring {

std::vector<double> Softmax(std::span<const double> points, double temperature, double min_weight) {
  // §2: the temperature is checked before anything else, even with no miners (§9 "T ≤ 0")
  CheckTemperature(temperature);
  if (!(min_weight >= 0.0) || !std::isfinite(min_weight)) {
    throw std::invalid_argument("min_weight must be a finite number >= 0 (got " + FormatNumber(min_weight) + ")");
  }
  for (size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(points[i])) {
      throw std::invalid_argument("points of miner " + std::to_string(i) + " are " + FormatNumber(points[i]) +
                                  " (valid: a finite number)");
    }
  }
  const size_t n = points.size();
  if (n == 0) return {};

  std::vector<double> w(n);
  if (std::all_of(points.begin(), points.end(), [](double p) { return p == 0.0; })) {
    // all tied at 0: every miner, functional or not, gets 1/n
    std::fill(w.begin(), w.end(), 1.0 / static_cast<double>(n));
  } else {
    // shift by the max so the largest exponent is exp(0) = 1; C library exp (§6 "exp exactness")
    const double max = *std::max_element(points.begin(), points.end());
    for (size_t i = 0; i < n; ++i) w[i] = std::exp((points[i] - max) / temperature);
    const double sum = 0.0 + PairwiseSum<double>(w);
    for (double& x : w) x = x / sum;
  }

  // §6.4: floor every weight at min_weight, unless the floors alone would exceed 1
  const double floors = min_weight * static_cast<double>(n);
  if (min_weight > 0.0 && floors < 1.0) {
    const double scale = 1.0 - floors;
    for (double& x : w) x = x * scale + min_weight;
  }
  return w;
}

}  // namespace kinitro::scoring
