// Input checks shared by the scoring functions; each throws std::invalid_argument. Internal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "scoring/scoring.h"

namespace kinitro::scoring {

// every row has the same length and every rate is a number in [0, 1]; returns the env count m
size_t CheckRates(const Rates& rates);

// one success rate in [0, 1]; `what` names it in the message
void CheckRate(double rate, const char* what);

// N ≥ 0
void CheckEpisodes(int64_t episodes_per_env);

// T > 0 and finite; the message is the reference's "pareto_temperature must be > 0" (§9)
void CheckTemperature(double temperature);

// `x` with 17 significant digits, for messages
std::string FormatNumber(double x);

// one finite ε ≥ 0 per env
void CheckEpsilons(std::span<const double> epsilons, size_t num_envs);

}  // namespace kinitro::scoring
