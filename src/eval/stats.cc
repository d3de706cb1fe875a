#include "eval/stats.h"

#include <algorithm>
#include <cmath>

namespace kinitro::eval {

std::pair<double, double> Wilson95(int successes, int n) {
  if (n <= 0) return {0.0, 1.0};
  constexpr double z = 1.959963984540054;
  double p = double(successes) / n;
  double denom = 1 + z * z / n;
  double centre = (p + z * z / (2.0 * n)) / denom;
  double half = z * std::sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
  // the bounds are exactly 0 and 1 at the extremes; rounding would otherwise leave 1 - 1e-16
  double lo = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  double hi = successes == n ? 1.0 : std::min(1.0, centre + half);
  return {lo, hi};
}

double Quantile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  double pos = q * double(v.size() - 1);
  size_t lo = size_t(std::floor(pos)), hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

}  // namespace kinitro::eval
