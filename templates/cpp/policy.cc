#include "policy.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>

namespace miner {
namespace {

// a point above the table, in the middle of reach-v3's goal region (world frame, metres)
constexpr std::array<double, 3> kTarget = {0.0, 0.85, 0.175};
// action per metre of error: MetaWorld moves the hand up to 1 cm per step for an action of 1,
// so a gain of 10 closes about a tenth of the remaining distance each step
constexpr double kGain = 10.0;
constexpr double kArrivedM = 0.02;  // close the gripper within 2 cm of the target
constexpr double kNoise = 0.05;     // seeded exploration noise, per axis (action units)

}  // namespace

void MyPolicy::Reset(const kinitro::policy::TaskConfig& config) { env_id_ = config.env_id; }

kinitro::policy::ActionVec MyPolicy::Act(const kinitro::policy::Observation& obs) {
  if (obs.proprio.size() < 3) {
    throw std::invalid_argument("observation has " + std::to_string(obs.proprio.size()) +
                                " numbers; expected (x, y, z, gripper)");
  }
  // proportional control toward the target, each axis clamped to the action range
  kinitro::policy::ActionVec action{};
  double dist2 = 0;
  for (int i = 0; i < 3; ++i) {
    double error = kTarget[i] - obs.proprio[i];
    dist2 += error * error;
    action[i] = std::clamp(kGain * error, -1.0, 1.0);
  }
  // gripper: +1 closes, -1 opens
  action[3] = dist2 < kArrivedM * kArrivedM ? 1.0 : -1.0;

  // Spot checks send a seed and expect the same answer for the same (observation, seed), with
  // no /reset first. Randomness must therefore come from a generator made from the request's
  // seed, never from a shared or per-episode one, and per-episode state (step counters, env_id_)
  // must not change the answer. This example adds a little seeded exploration noise to show how.
  if (obs.seed) {
    // mt19937_64 and this mapping to [0, 1) are exact everywhere (std:: distributions are not)
    std::mt19937_64 rng(static_cast<uint64_t>(*obs.seed));
    for (int i = 0; i < 3; ++i) {
      double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      action[i] = std::clamp(action[i] + kNoise * (2 * u - 1), -1.0, 1.0);
    }
  }
  return action;
}

}  // namespace miner
