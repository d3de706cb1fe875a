// Small statistics for evaluation reports.
#pragma once

#include <utility>
#include <vector>

namespace kinitro::eval {

// Wilson score 95% interval for `successes` out of `n` (n = 0 gives [0, 1]).
std::pair<double, double> Wilson95(int successes, int n);

// The q-quantile (0..1) of `values` by linear interpolation; 0 for an empty vector.
// Reorders `values`.
double Quantile(std::vector<double>& values, double q);

}  // namespace kinitro::eval
