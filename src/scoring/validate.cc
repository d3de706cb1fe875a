// Input checks with messages that name the offending value and the valid range.
#include "scoring/validate.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace kinitro::scoring {

std::string FormatNumber(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

void CheckRate(double rate, const char* what) {
  // written so that NaN fails too
  if (!(rate >= 0.0 && rate <= 1.0)) {
    throw std::invalid_argument(std::string(what) + " is " + FormatNumber(rate) + " (valid: a success rate in [0, 1])");
  }
}

size_t CheckRates(const Rates& rates) {
  if (rates.empty()) return 0;
  const size_t m = rates.front().size();
  for (size_t i = 0; i < rates.size(); ++i) {
    if (rates[i].size() != m) {
      throw std::invalid_argument("success-rate row of miner " + std::to_string(i) + " has " +
                                  std::to_string(rates[i].size()) + " envs, row 0 has " + std::to_string(m) +
                                  " (every miner needs one rate per env; use 0.0 for a missing env)");
    }
    for (size_t j = 0; j < m; ++j) {
      const std::string what = "success rate of miner " + std::to_string(i) + " on env " + std::to_string(j);
      CheckRate(rates[i][j], what.c_str());
    }
  }
  return m;
}

void CheckEpisodes(int64_t episodes_per_env) {
  if (episodes_per_env < 0) {
    throw std::invalid_argument("episodes_per_env is " + std::to_string(episodes_per_env) + " (valid: >= 0)");
  }
}

void CheckTemperature(double temperature) {
  if (!(temperature > 0.0)) {
    throw std::invalid_argument("pareto_temperature must be > 0 (got " + FormatNumber(temperature) + ")");
  }
  if (!std::isfinite(temperature)) {
    throw std::invalid_argument("pareto_temperature must be finite (got " + FormatNumber(temperature) + ")");
  }
}

void CheckEpsilons(std::span<const double> epsilons, size_t num_envs) {
  if (epsilons.size() != num_envs) {
    throw std::invalid_argument("got " + std::to_string(epsilons.size()) + " epsilons for " +
                                std::to_string(num_envs) + " envs (need one per env)");
  }
  for (size_t j = 0; j < epsilons.size(); ++j) {
    if (!(epsilons[j] >= 0.0 && std::isfinite(epsilons[j]))) {
      throw std::invalid_argument("epsilon of env " + std::to_string(j) + " is " + FormatNumber(epsilons[j]) +
                                  " (valid: a finite number >= 0)");
    }
  }
}

}  // namespace kinitro::scoring
