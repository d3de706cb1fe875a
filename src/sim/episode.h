// Runs one seeded episode of an Env under an in-process Controller.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "sim/controllers.h"
#include "sim/env.h"

namespace kinitro::sim {

struct EpisodeOptions {
  // Kinitro's evaluator always runs all 500 steps with success latched; stopping at the first
  // success gives the same success flag faster
  bool stop_on_success = false;
  // called after reset (step 0) and after every step; Nullable
  std::function<void(const Env&)> on_step;
  // non-empty: place objects and goal from this MetaWorld random vector (one of MetaWorld's own
  // tasks) instead of drawing them from the seed, which then only seeds the controller
  std::span<const double> rand_vec;
};

struct EpisodeResult {
  uint64_t seed = 0;
  std::vector<double> rand_vec;  // the random vector that placed objects and goal
  bool success = false;         // latched: any step with success counts
  int steps = 0;                // env steps executed
  int first_success_step = -1;  // 1-based step of the first success, -1 if none
  double total_reward = 0;      // sum of step rewards
  uint64_t digest = 0;          // XXH3-64 of every observation and reward: equal digests = identical trajectory
};

// Resets env with `seed`, then steps it with controller actions until truncation (or the first
// success when options.stop_on_success). Exceptions from the env or controller propagate.
EpisodeResult RunEpisode(Env& env, Controller& controller, uint64_t seed, const EpisodeOptions& options = {});

}  // namespace kinitro::sim
